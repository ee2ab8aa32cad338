// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6ctl nat64: IPv4-embedded IPv6 addresses (RFC 6052), both ways.
 *
 * The IPv4 address sits right after the prefix; bits 64-71 (the "u"
 * octet, kept zero for compatibility with RFC 4291 interface identifiers)
 * are skipped, so for /40../56 the IPv4 address wraps around them.  The
 * bits after the IPv4 address (the suffix) are zero when we make an
 * address and ignored when we read one, as section 2.2 says.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "cmds.h"
#include "err.h"

#define U_OCTET	8	/* byte index of bits 64-71 */

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

static const uint8_t wkp[16] = { 0x00, 0x64, 0xff, 0x9b };
#define WKP_LEN	96

/* IPv4 ranges that are not global (RFC 5735 section 3 and successors). */
static const struct {
	uint8_t net[4];
	int len;
	const char *what;
} nonglobal[] = {
	{ { 0, 0, 0, 0 }, 8, "'this network' (RFC 1122)" },
	{ { 10, 0, 0, 0 }, 8, "private (RFC 1918)" },
	{ { 100, 64, 0, 0 }, 10, "shared address space for CGN (RFC 6598)" },
	{ { 127, 0, 0, 0 }, 8, "loopback (RFC 1122)" },
	{ { 169, 254, 0, 0 }, 16, "link-local (RFC 3927)" },
	{ { 172, 16, 0, 0 }, 12, "private (RFC 1918)" },
	{ { 192, 0, 0, 0 }, 24, "IETF protocol assignments (RFC 6890)" },
	{ { 192, 0, 2, 0 }, 24, "documentation, TEST-NET-1 (RFC 5737)" },
	{ { 192, 168, 0, 0 }, 16, "private (RFC 1918)" },
	{ { 198, 18, 0, 0 }, 15, "benchmarking (RFC 2544)" },
	{ { 198, 51, 100, 0 }, 24, "documentation, TEST-NET-2 (RFC 5737)" },
	{ { 203, 0, 113, 0 }, 24, "documentation, TEST-NET-3 (RFC 5737)" },
	{ { 224, 0, 0, 0 }, 4, "multicast (RFC 5771)" },
	{ { 240, 0, 0, 0 }, 4, "reserved, or broadcast (RFC 1112, RFC 919)" },
};

static bool v4_in(const uint8_t a[4], const uint8_t net[4], int len)
{
	uint32_t x = (uint32_t)a[0] << 24 | a[1] << 16 | a[2] << 8 | a[3];
	uint32_t n = (uint32_t)net[0] << 24 | net[1] << 16 | net[2] << 8 |
		     net[3];
	uint32_t mask = len ? ~0u << (32 - len) : 0;

	return (x & mask) == n;
}

/* Refuse a non-global IPv4 address under the Well-Known Prefix. */
static int check_global(const uint8_t pfx[16], int plen, const uint8_t v4[4])
{
	char s[INET_ADDRSTRLEN];
	size_t i;

	if (plen != WKP_LEN || memcmp(pfx, wkp, sizeof(wkp)))
		return 0;
	for (i = 0; i < ARRAY_SIZE(nonglobal); i++) {
		if (!v4_in(v4, nonglobal[i].net, nonglobal[i].len))
			continue;
		inet_ntop(AF_INET, v4, s, sizeof(s));
		fprintf(stderr,
			"ipt6ctl: nat64: %s is not a global IPv4 address: %u.%u.%u.%u/%d is %s; the Well-Known Prefix 64:ff9b::/96 must not carry it (RFC 6052 section 3.1): use a Network-Specific Prefix\n",
			s, nonglobal[i].net[0], nonglobal[i].net[1],
			nonglobal[i].net[2], nonglobal[i].net[3],
			nonglobal[i].len, nonglobal[i].what);
		return -1;
	}
	return 0;
}

/* PREFIX/LEN: 0, 1 (refused: wrong length or bits) or 2 (not a prefix). */
static int parse_prefix(const char *arg, uint8_t pfx[16], int *plen)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	long len;
	int i;

	if (strlen(arg) >= sizeof(buf))
		goto syntax;
	memcpy(buf, arg, strlen(arg) + 1);
	slash = strchr(buf, '/');
	if (!slash) {
		fprintf(stderr, "ipt6ctl: nat64: the prefix needs its length: '%s/96', for example\n",
			arg);
		return 2;
	}
	*slash = '\0';
	if (inet_pton(AF_INET6, buf, pfx) != 1)
		goto syntax;
	len = strtol(slash + 1, &end, 10);
	if (end == slash + 1 || *end)
		goto syntax;
	if (len != 32 && len != 40 && len != 48 && len != 56 && len != 64 &&
	    len != 96) {
		fprintf(stderr, "ipt6ctl: nat64: prefix length /%s is not allowed: RFC 6052 allows only 32, 40, 48, 56, 64 and 96\n",
			slash + 1);
		return 1;
	}
	*plen = (int)len;
	/* All allowed lengths are whole bytes: the rest must be zero. */
	for (i = len / 8; i < 16; i++)
		if (pfx[i]) {
			fprintf(stderr, "ipt6ctl: nat64: %s has bits set beyond its length /%ld\n",
				arg, len);
			return 1;
		}
	if (len == 96 && pfx[U_OCTET]) {
		fprintf(stderr, "ipt6ctl: nat64: %s: bits 64-71 (the u-octet) of a /96 prefix must be zero (RFC 6052 section 2.2)\n",
			arg);
		return 1;
	}
	return 0;
syntax:
	fprintf(stderr, "ipt6ctl: nat64: '%s' is not an IPv6 prefix (PREFIX/LEN)\n",
		arg);
	return 2;
}

/* The bytes of @a that hold the IPv4 address, u-octet skipped. */
static void v4_bytes(int plen, int idx[4])
{
	int pos = plen / 8, i;

	for (i = 0; i < 4; i++) {
		if (pos == U_OCTET)
			pos++;
		idx[i] = pos++;
	}
}

static void print6(const uint8_t a[16], bool mixed)
{
	char s[INET6_ADDRSTRLEN];

	if (mixed) {
		printf("64:ff9b::%u.%u.%u.%u\n", a[12], a[13], a[14], a[15]);
		return;
	}
	inet_ntop(AF_INET6, a, s, sizeof(s));
	printf("%s\n", s);
}

static int embed(const uint8_t pfx[16], int plen, const uint8_t v4[4])
{
	uint8_t a[16];
	int idx[4], i;

	if (check_global(pfx, plen, v4))
		return 1;
	memcpy(a, pfx, sizeof(a));	/* suffix and u-octet already zero */
	v4_bytes(plen, idx);
	for (i = 0; i < 4; i++)
		a[idx[i]] = v4[i];
	print6(a, plen == WKP_LEN && !memcmp(pfx, wkp, sizeof(wkp)));
	return 0;
}

static int extract(const uint8_t pfx[16], int plen, const uint8_t a[16],
		   const char *prefix_arg, const char *addr_arg)
{
	uint8_t v4[4];
	int idx[4], i;

	if (memcmp(a, pfx, plen / 8)) {
		fprintf(stderr, "ipt6ctl: nat64: %s is not under %s\n",
			addr_arg, prefix_arg);
		return 1;
	}
	if (a[U_OCTET]) {
		fprintf(stderr, "ipt6ctl: nat64: %s: bits 64-71 (the u-octet) are 0x%02x, not zero: not an IPv4-embedded address (RFC 6052 section 2.2)\n",
			addr_arg, a[U_OCTET]);
		return 1;
	}
	v4_bytes(plen, idx);
	for (i = 0; i < 4; i++)
		v4[i] = a[idx[i]];
	if (check_global(pfx, plen, v4))
		return 1;
	printf("%u.%u.%u.%u\n", v4[0], v4[1], v4[2], v4[3]);
	return 0;
}

int cmd_nat64(int argc, char **argv)
{
	uint8_t pfx[16], a6[16], v4[4];
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
	ret = parse_prefix(argv[1], pfx, &plen);
	if (ret)
		return ret;
	if (inet_pton(AF_INET, argv[2], v4) == 1)
		return embed(pfx, plen, v4);
	if (inet_pton(AF_INET6, argv[2], a6) == 1)
		return extract(pfx, plen, a6, argv[1], argv[2]);
	fprintf(stderr, "ipt6ctl: nat64: '%s' is neither an IPv4 nor an IPv6 address\n",
		argv[2]);
	return 2;
}
