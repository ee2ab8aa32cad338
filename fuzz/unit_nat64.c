// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4-embedded IPv6 addresses (tools/lib/nat64.c): RFC 6052 section
 * 2.4's table both ways for all six prefix lengths, every IPv4 bit
 * through every layout, the suffix, the u-octet, the Well-Known Prefix.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "nat64.h"
#include "parse.h"
#include "unit.h"

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1) {
		expect(false, "bad test address %s", s);
		memset(&a, 0, sizeof(a));
	}
	return a;
}

static struct in_addr a4(const char *s)
{
	struct in_addr a = { 0 };

	expect(inet_pton(AF_INET, s, &a) == 1, "bad test address %s", s);
	return a;
}

/*
 * @prefix embeds @v4 as @v6 (the RFC's text, printed in the canonical form
 * @text), and gives it back.
 */
static void both_ways(const char *prefix, const char *v4, const char *v6,
		      const char *text)
{
	struct in6_addr pfx, out, want = a6(v6);
	struct ipt6_err err = { 0 };
	struct in_addr in = a4(v4), back;
	char buf[INET6_ADDRSTRLEN];
	int len;

	if (ipt6_nat64_prefix(prefix, &pfx, &len, &err)) {
		expect(false, "nat64 prefix %s: %s", prefix, err.msg);
		return;
	}
	expect(!ipt6_nat64_embed(&pfx, len, &in, &out, &err) &&
	       !memcmp(&out, &want, sizeof(out)),
	       "embed %s in %s: %s", v4, prefix, err.msg);
	ipt6_nat64_format(&pfx, len, &out, buf, sizeof(buf));
	expect(!strcmp(buf, text), "%s under %s prints as %s, not %s", v4,
	       prefix, buf, text);
	memset(&back, 0, sizeof(back));
	expect(!ipt6_nat64_extract(&pfx, len, &want, &back, &err) &&
	       back.s_addr == in.s_addr, "extract %s from %s: %s", v4, v6,
	       err.msg);
}

static void test_rfc6052_table(void)
{
	/* RFC 6052 section 2.4, then the Well-Known Prefix. */
	static const char *const table[][4] = {
		{ "2001:db8::/32", "192.0.2.33", "2001:db8:c000:221::",
		  "2001:db8:c000:221::" },
		{ "2001:db8:100::/40", "192.0.2.33", "2001:db8:1c0:2:21::",
		  "2001:db8:1c0:2:21::" },
		{ "2001:db8:122::/48", "192.0.2.33",
		  "2001:db8:122:c000:2:2100::", "2001:db8:122:c000:2:2100::" },
		{ "2001:db8:122:300::/56", "192.0.2.33",
		  "2001:db8:122:3c0:0:221::", "2001:db8:122:3c0:0:221::" },
		/* RFC 5952: "::" never stands for a single zero group. */
		{ "2001:db8:122:344::/64", "192.0.2.33",
		  "2001:db8:122:344:c0:2:2100::",
		  "2001:db8:122:344:c0:2:2100:0" },
		{ "2001:db8:122:344::/96", "192.0.2.33",
		  "2001:db8:122:344::192.0.2.33", "2001:db8:122:344::c000:221" },
		{ "64:ff9b::/96", "8.8.8.8", "64:ff9b::808:808",
		  "64:ff9b::8.8.8.8" },
		{ "64:ff9b::/96", "192.88.99.1", "64:ff9b::192.88.99.1",
		  "64:ff9b::192.88.99.1" },
		{ "fd03:b402:e10c:7777::/96", "172.16.1.225",
		  "fd03:b402:e10c:7777::ac10:1e1",
		  "fd03:b402:e10c:7777::ac10:1e1" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(table); i++)
		both_ways(table[i][0], table[i][1], table[i][2], table[i][3]);
}

/* Each bit of the IPv4 address lands in its place, none lost. */
static void test_every_bit(void)
{
	static const char *const prefixes[] = {
		"2001:db8::/32", "2001:db8::/40", "2001:db8::/48",
		"2001:db8:1:200::/56", "2001:db8:1:2::/64",
		"2001:db8:1:2::/96",
	};
	struct ipt6_err err = { 0 };
	struct in6_addr pfx, out;
	struct in_addr in, back;
	size_t i;
	int len, bit, ok;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++) {
		if (ipt6_nat64_prefix(prefixes[i], &pfx, &len, &err)) {
			expect(false, "%s: %s", prefixes[i], err.msg);
			continue;
		}
		ok = 1;
		for (bit = 0; bit < 32; bit++) {
			in.s_addr = htonl(1u << bit);
			back.s_addr = 0;
			if (ipt6_nat64_embed(&pfx, len, &in, &out, &err) ||
			    out.s6_addr[8] ||
			    memcmp(&out, &pfx, len / 8) ||
			    ipt6_nat64_extract(&pfx, len, &out, &back, &err) ||
			    back.s_addr != in.s_addr)
				ok = 0;
		}
		expect(ok, "every IPv4 bit through %s and back", prefixes[i]);
	}
}

static void test_refusals(void)
{
	static const struct {
		const char *prefix, *addr;
		const char *msg;	/* the start of the message */
	} cases[] = {
		{ "2001:db8::/40", "2001:db8:c0:2:2100::",
		  "2001:db8:c0:2:2100::: bits 64-71 (the u-octet) are 0x21, not zero" },
		{ "2001:db8::/32", "2001:db8:c000:221:100::",
		  "2001:db8:c000:221:100::: bits 64-71 (the u-octet) are 0x01" },
		{ "2001:db8::/32", "2001:db9:c000:221::",
		  "2001:db9:c000:221:: is not under 2001:db8::/32" },
		{ "64:ff9b::/96", "64:ff9c::808:808",
		  "64:ff9c::808:808 is not under 64:ff9b::/96" },
		{ "64:ff9b::/96", "64:ff9b::a01:203",
		  "10.1.2.3 is not a global IPv4 address: 10.0.0.0/8 is private (RFC 1918); the Well-Known Prefix 64:ff9b::/96 must not carry it" },
		{ "64:ff9b::/96", "64:ff9b::c000:221",
		  "192.0.2.33 is not a global IPv4 address: 192.0.2.0/24 is documentation" },
	};
	struct ipt6_err err = { 0 };
	struct in6_addr pfx, a;
	struct in_addr v4;
	size_t i;
	int len;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		a = a6(cases[i].addr);
		if (ipt6_nat64_prefix(cases[i].prefix, &pfx, &len, &err)) {
			expect(false, "%s: %s", cases[i].prefix, err.msg);
			continue;
		}
		expect(ipt6_nat64_extract(&pfx, len, &a, &v4, &err) &&
		       !strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)),
		       "extract %s under %s: '%s', wanted '%s'", cases[i].addr,
		       cases[i].prefix, err.msg, cases[i].msg);
	}
	expect(ipt6_nat64_prefix("2001:db8:0:0:100::/96", &pfx, &len, &err) ==
	       IPT6_PARSE_REFUSED && strstr(err.msg, "bits 64-71 (the u-octet) of a /96 prefix must be zero"),
	       "a /96 prefix with its u-octet set: %s", err.msg);
	expect(ipt6_nat64_prefix("2001:db8:0:0:100::/64", &pfx, &len, &err) ==
	       IPT6_PARSE_REFUSED && strstr(err.msg, "(host bits)"),
	       "a /64 prefix with the u-octet set has host bits: %s", err.msg);
	expect(ipt6_nat64_prefix("2001:db8::/33", &pfx, &len, &err) ==
	       IPT6_PARSE_REFUSED, "/33 is no RFC 6052 length");
	expect(ipt6_nat64_prefix("2001:db8::", &pfx, &len, &err) ==
	       IPT6_PARSE_SYNTAX, "a prefix needs its length");
}

/* The Well-Known Prefix: each non-global range refused, its edges not. */
static void test_wkp(void)
{
	static const char *const refused[] = {
		"0.1.2.3", "10.255.255.255", "100.64.0.1", "100.127.255.255",
		"127.0.0.1", "169.254.1.1", "172.16.0.0", "172.31.255.255",
		"192.0.0.8", "192.0.2.33", "192.168.1.1", "198.18.0.0",
		"198.19.255.255", "198.51.100.7", "203.0.113.9",
		"224.0.0.251", "239.255.255.255", "240.0.0.1",
		"255.255.255.255",
	};
	static const char *const global[] = {
		"1.0.0.0", "9.255.255.255", "11.0.0.0", "100.63.255.255",
		"100.128.0.0", "126.255.255.255", "128.0.0.0",
		"169.253.255.255", "172.15.255.255", "172.32.0.0",
		"192.0.1.255", "192.0.3.0", "192.88.99.1", "192.167.255.255",
		"198.17.255.255", "198.20.0.0", "223.255.255.255",
	};
	struct in6_addr pfx, out, nsp;
	struct ipt6_err err = { 0 };
	struct in_addr v4, back;
	size_t i;
	int len, nlen;

	if (ipt6_nat64_prefix("64:ff9b::/96", &pfx, &len, &err) ||
	    ipt6_nat64_prefix("2001:db8:64::/96", &nsp, &nlen, &err)) {
		expect(false, "the prefixes: %s", err.msg);
		return;
	}
	expect(ipt6_nat64_is_wkp(&pfx, len) && !ipt6_nat64_is_wkp(&nsp, nlen),
	       "64:ff9b::/96 is the Well-Known Prefix, 2001:db8:64::/96 not");
	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		v4 = a4(refused[i]);
		expect(ipt6_nat64_embed(&pfx, len, &v4, &out, &err) &&
		       strstr(err.msg, "must not carry it"),
		       "%s refused under the Well-Known Prefix: %s",
		       refused[i], err.msg);
		/* Fine under a Network-Specific Prefix, both ways. */
		expect(!ipt6_nat64_embed(&nsp, nlen, &v4, &out, &err) &&
		       !ipt6_nat64_extract(&nsp, nlen, &out, &back, &err) &&
		       back.s_addr == v4.s_addr,
		       "%s under a Network-Specific Prefix", refused[i]);
		/* Read back under the Well-Known Prefix: refused too. */
		memcpy(&out, &pfx, 12);
		memcpy(&out.s6_addr[12], &v4, 4);
		expect(ipt6_nat64_extract(&pfx, len, &out, &back, &err),
		       "64:ff9b::%s refused", refused[i]);
	}
	for (i = 0; i < ARRAY_SIZE(global); i++) {
		v4 = a4(global[i]);
		expect(!ipt6_nat64_embed(&pfx, len, &v4, &out, &err),
		       "%s is global: %s", global[i], err.msg);
	}
}

/* The suffix (bits after the IPv4 address) is ignored when reading. */
static void test_suffix(void)
{
	struct in6_addr pfx, a = a6("2001:db8:c000:221:0:ff:1:2");
	struct ipt6_err err = { 0 };
	struct in_addr v4;
	int len;

	expect(!ipt6_nat64_prefix("2001:db8::/32", &pfx, &len, &err) &&
	       !ipt6_nat64_extract(&pfx, len, &a, &v4, &err) &&
	       v4.s_addr == a4("192.0.2.33").s_addr,
	       "suffix ignored: %s", err.msg);
}

void test_nat64(void)
{
	test_rfc6052_table();
	test_every_bit();
	test_refusals();
	test_wkp();
	test_suffix();
}
