// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6ctl nat64: IPv4-embedded IPv6 addresses (RFC 6052), both ways; the
 * mapping itself is in the library (nat64.c).
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "cmds.h"
#include "nat64.h"
#include "parse.h"

static const char nat64_usage[] =
"Usage: ipt6ctl nat64 PREFIX/LEN IPV4\n"
"       ipt6ctl nat64 PREFIX/LEN IPV6\n"
"\n"
"IPv4-embedded IPv6 addresses as NAT64 and DNS64 use them (RFC 6052).\n"
"With an IPv4 address, print the IPv6 address that embeds it under\n"
"PREFIX; with an IPv6 address, print the IPv4 address it embeds.\n"
"\n"
"LEN is 32, 40, 48, 56, 64 or 96.  The IPv4 address follows the prefix,\n"
"skipping bits 64-71 (the u-octet), which must be zero; the remaining\n"
"bits (the suffix) are written as zero and ignored when reading.  The\n"
"Well-Known Prefix 64:ff9b::/96 carries only global IPv4 addresses\n"
"(RFC 6052 section 3.1): private, loopback, link-local, documentation,\n"
"multicast and other special-purpose addresses are refused with it.\n"
"Addresses under 64:ff9b::/96 print in mixed notation (64:ff9b::a.b.c.d,\n"
"RFC 5952 section 5); all others in the canonical hexadecimal form.\n"
"\n"
"Refused, with the reason: a length not in the list; prefix bits set\n"
"beyond LEN; a non-zero u-octet in a /96 prefix or in an IPv6 address;\n"
"an IPv6 address not under PREFIX/LEN; a non-global IPv4 address with\n"
"the Well-Known Prefix.\n"
"\n"
"Examples:\n"
"  ipt6ctl nat64 2001:db8:100::/40 192.0.2.33   ->  2001:db8:1c0:2:21::\n"
"  ipt6ctl nat64 64:ff9b::/96 64:ff9b::8.8.8.8  ->  8.8.8.8\n"
"\n"
"Exit status: 0 success, 1 input refused, 2 usage (an argument that is\n"
"not an address or a prefix).\n";

int cmd_nat64(int argc, char **argv)
{
	struct in6_addr pfx, a6, out;
	char text[INET6_ADDRSTRLEN];
	struct ipt6_err err = { 0 };
	struct in_addr v4;
	int plen, ret;

	if (argc == 2 && (!strcmp(argv[1], "-h") ||
			  !strcmp(argv[1], "--help"))) {
		fputs(nat64_usage, stdout);
		return 0;
	}
	if (argc != 3) {
		fputs(nat64_usage, stderr);
		return 2;
	}
	ret = ipt6_nat64_prefix(argv[1], &pfx, &plen, &err);
	if (ret)
		goto refused;
	if (inet_pton(AF_INET, argv[2], &v4) == 1) {
		if (ipt6_nat64_embed(&pfx, plen, &v4, &out, &err))
			goto refused;
		ipt6_nat64_format(&pfx, plen, &out, text, sizeof(text));
		printf("%s\n", text);
		return 0;
	}
	if (inet_pton(AF_INET6, argv[2], &a6) == 1) {
		if (ipt6_nat64_extract(&pfx, plen, &a6, &v4, &err))
			goto refused;
		printf("%s\n", inet_ntop(AF_INET, &v4, text, sizeof(text)));
		return 0;
	}
	fprintf(stderr, "ipt6ctl: nat64: '%s' is neither an IPv4 nor an IPv6 address\n",
		argv[2]);
	return 2;
refused:
	fprintf(stderr, "ipt6ctl: nat64: %s\n", err.msg);
	/* A prefix that is no prefix at all is bad usage; the rest, refused. */
	return ret == IPT6_PARSE_SYNTAX ? 2 : 1;
}
