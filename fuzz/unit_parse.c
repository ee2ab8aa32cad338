// SPDX-License-Identifier: GPL-2.0
/*
 * The parsers of tools/lib/parse.c: numbers (ranges, overflow, garbage),
 * IPv6 prefixes (host bits, lengths, scope, garbage) and the cert/key
 * pair, with the messages the commands print.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "parse.h"
#include "unit.h"

static void test_u64(void)
{
	static const struct {
		const char *text;
		uint64_t min, max;
		bool ok;
		uint64_t v;
	} cases[] = {
		{ "0", 0, 10, true, 0 },
		{ "10", 0, 10, true, 10 },
		{ "007", 0, 10, true, 7 },
		{ "000000000000000000000000000001", 0, 1, true, 1 },
		{ "18446744073709551615", 0, UINT64_MAX, true, UINT64_MAX },
		{ "11", 0, 10, false, 0 },
		{ "0", 1, 10, false, 0 },
		{ "18446744073709551616", 0, UINT64_MAX, false, 0 },
		{ "99999999999999999999", 0, UINT64_MAX, false, 0 },
		{ "184467440737095516150", 0, UINT64_MAX, false, 0 },
		{ "", 0, 10, false, 0 },
		{ "-1", 0, UINT64_MAX, false, 0 },
		{ "-0", 0, 10, false, 0 },
		{ "+1", 0, 10, false, 0 },
		{ " 1", 0, 10, false, 0 },
		{ "1 ", 0, 10, false, 0 },
		{ "1\n", 0, 10, false, 0 },
		{ "0x10", 0, 100, false, 0 },
		{ "5x", 0, 10, false, 0 },
		{ "1e3", 0, 10000, false, 0 },
		{ "1.5", 0, 10, false, 0 },
		{ "١", 0, 10, false, 0 },	/* an Arabic-Indic one */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t v = 12345;
		int rc = ipt6_parse_u64(cases[i].text, cases[i].min,
					cases[i].max, &v);

		expect(!rc == cases[i].ok &&
		       v == (cases[i].ok ? cases[i].v : 12345),
		       "u64 '%s' in %llu..%llu: rc %d, %llu", cases[i].text,
		       (unsigned long long)cases[i].min,
		       (unsigned long long)cases[i].max, rc,
		       (unsigned long long)v);
	}
}

static void test_uint(void)
{
	unsigned int v = 7;

	expect(!ipt6_parse_uint("4294967295", 0, UINT32_MAX, &v) &&
	       v == UINT32_MAX, "uint: 2^32-1 (%u)", v);
	v = 7;
	expect(ipt6_parse_uint("4294967296", 0, UINT32_MAX, &v) && v == 7,
	       "uint: 2^32 refused, not wrapped to 0 (%u)", v);
	expect(ipt6_parse_uint("18446744073709551617", 0, UINT32_MAX, &v) &&
	       v == 7, "uint: 2^64+1 refused, not wrapped to 1 (%u)", v);
	expect(!ipt6_parse_uint("65536", 1, 65536, &v) && v == 65536,
	       "uint: the top of a range (%u)", v);
	expect(ipt6_parse_uint("65537", 1, 65536, &v) && v == 65536,
	       "uint: one over the top");
}

static void test_secs(void)
{
	int ms = -1;

	expect(!ipt6_parse_secs_ms("5", 1, IPT6_SECS_MS_MAX, &ms) &&
	       ms == 5000, "5 s: %d ms", ms);
	expect(!ipt6_parse_secs_ms("2147483", 1, IPT6_SECS_MS_MAX, &ms) &&
	       ms == 2147483000, "the most seconds: %d ms", ms);
	ms = -1;
	expect(ipt6_parse_secs_ms("2147484", 1, IPT6_SECS_MS_MAX, &ms) &&
	       ms == -1, "one more would overflow an int: refused");
	/* atoi("4294968") * 1000 wraps to 704: once a timeout of 0.7 s. */
	expect(ipt6_parse_secs_ms("4294968", 1, UINT32_MAX, &ms) && ms == -1,
	       "a larger @max is cut to IPT6_SECS_MS_MAX");
	expect(ipt6_parse_secs_ms("5x", 1, 3600, &ms) && ms == -1,
	       "'5x' refused (atoi took it as 5)");
	expect(ipt6_parse_secs_ms("0", 1, 3600, &ms) && ms == -1,
	       "0 below a minimum of 1");
	expect(!ipt6_parse_secs_ms("0", 0, 3600, &ms) && ms == 0,
	       "0 when allowed");
	expect(ipt6_parse_secs_ms("-5", 0, 3600, &ms), "-5 refused");
}

void test_numbers(void)
{
	test_u64();
	test_uint();
	test_secs();
}

enum { OK, SYNTAX, REFUSED };

static const struct {
	const char *text;
	unsigned int flags;
	int want;		/* OK, SYNTAX or REFUSED */
	const char *addr;	/* OK: what comes out */
	int len;
	const char *msg;	/* else: the whole message, or its start */
} prefix_cases[] = {
#define P64	(IPT6_PREFIX_64 | IPT6_PREFIX_ROUTABLE)
#define NAT	IPT6_PREFIX_RFC6052
#define ADDR	(IPT6_PREFIX_ADDRESS | IPT6_PREFIX_BARE)
	{ "2001:db8:1::/64", P64, OK, "2001:db8:1::", 64, NULL },
	{ "2001:DB8:1:0::/64", P64, OK, "2001:db8:1::", 64, NULL },
	{ "2001:db8:1::/064", P64, OK, "2001:db8:1::", 64, NULL },
	{ "fd00:1:2:3::/64", P64, OK, "fd00:1:2:3::", 64, NULL },
	{ "2001:db8:1::", P64 | IPT6_PREFIX_BARE, OK, "2001:db8:1::", 64,
	  NULL },
	{ "2001:db8:1::", P64, SYNTAX, NULL, 0,
	  "2001:db8:1:: has no /LENGTH (the prefix needs its length, like 2001:db8:1::/64)" },
	/* Host bits: refused, with what was probably meant. */
	{ "2001:db8::1/64", P64, REFUSED, NULL, 0,
	  "2001:db8::1/64 has bits set beyond its length /64 (host bits); did you mean 2001:db8::/64?" },
	{ "2001:db8:1:2:3::/64", IPT6_PREFIX_64, REFUSED, NULL, 0,
	  "2001:db8:1:2:3::/64 has bits set beyond its length /64 (host bits); did you mean 2001:db8:1:2::/64?" },
	{ "2001:db8:1::1", P64 | IPT6_PREFIX_BARE, REFUSED, NULL, 0,
	  "2001:db8:1::1 has bits set beyond its length /64 (host bits); did you mean 2001:db8:1::/64?" },
	{ "::1/64", IPT6_PREFIX_64, REFUSED, NULL, 0,
	  "::1/64 has bits set beyond its length /64 (host bits); did you mean ::/64?" },
	/* Bit by bit where a length is not a multiple of 8. */
	{ "2001:db8:8000::/33", 0, OK, "2001:db8:8000::", 33, NULL },
	{ "2001:db8:4000::/33", 0, REFUSED, NULL, 0,
	  "2001:db8:4000::/33 has bits set beyond its length /33 (host bits); did you mean 2001:db8::/33?" },
	{ "2001:db8:fe00::/39", 0, OK, "2001:db8:fe00::", 39, NULL },
	{ "2001:db8:ff00::/39", 0, REFUSED, NULL, 0,
	  "2001:db8:ff00::/39 has bits set beyond its length /39 (host bits); did you mean 2001:db8:fe00::/39?" },
	{ "::1/128", 0, OK, "::1", 128, NULL },
	{ "8000::/1", 0, OK, "8000::", 1, NULL },
	{ "c000::/1", 0, REFUSED, NULL, 0, "c000::/1 has bits set" },
	/* Scope, judged on the prefix without its host bits. */
	{ "::1/64", P64, REFUSED, NULL, 0,
	  "::1/64: must be a global or unique local prefix (not multicast, link-local, loopback or ::)" },
	{ "::/64", P64, REFUSED, NULL, 0, "::/64: must be a global" },
	{ "fe80::/64", P64, REFUSED, NULL, 0, "fe80::/64: must be a global" },
	{ "febf:ffff::/64", P64, REFUSED, NULL, 0, "febf:ffff::/64: must be" },
	{ "ff02::/64", P64, REFUSED, NULL, 0, "ff02::/64: must be a global" },
	{ "::ffff:0:0/96", IPT6_PREFIX_ROUTABLE, REFUSED, NULL, 0,
	  "::ffff:0:0/96: must be a global" },
	{ "fe80::/64", IPT6_PREFIX_64, OK, "fe80::", 64, NULL },
	/* Lengths, each caller its own. */
	{ "2001:db8:1::/48", P64, REFUSED, NULL, 0,
	  "2001:db8:1::/48: needs an IPv6 /64 (hosts form their addresses from a 64-bit prefix), like 2001:db8:1::/64" },
	{ "2001:db8::/128", P64, REFUSED, NULL, 0,
	  "2001:db8::/128: needs an IPv6 /64" },
	{ "2001:db8::/0", 0, REFUSED, NULL, 0,
	  "2001:db8::/0: prefix length /0 is not allowed: it must be 1 to 128" },
	{ "2001:db8::/129", 0, REFUSED, NULL, 0,
	  "2001:db8::/129: prefix length /129 is not allowed" },
	{ "2001:db8::/4294967295", 0, REFUSED, NULL, 0,
	  "2001:db8::/4294967295: prefix length /4294967295 is not allowed" },
	{ "2001:db8::/32", NAT, OK, "2001:db8::", 32, NULL },
	{ "2001:db8:100::/40", NAT, OK, "2001:db8:100::", 40, NULL },
	{ "2001:db8:122::/48", NAT, OK, "2001:db8:122::", 48, NULL },
	{ "2001:db8:122:300::/56", NAT, OK, "2001:db8:122:300::", 56, NULL },
	{ "2001:db8:122:344::/64", NAT, OK, "2001:db8:122:344::", 64, NULL },
	{ "64:ff9b::/96", NAT, OK, "64:ff9b::", 96, NULL },
	{ "2001:db8::/16", NAT, REFUSED, NULL, 0,
	  "2001:db8::/16: prefix length /16 is not allowed: RFC 6052 allows only 32, 40, 48, 56, 64 and 96" },
	{ "2001:db8::/33", NAT, REFUSED, NULL, 0,
	  "2001:db8::/33: prefix length /33 is not allowed" },
	{ "2001:db8::/128", NAT, REFUSED, NULL, 0,
	  "2001:db8::/128: prefix length /128 is not allowed" },
	{ "64:ff9b::", NAT, SYNTAX, NULL, 0,
	  "64:ff9b:: has no /LENGTH (the prefix needs its length, like 64:ff9b::/96)" },
	/* Addresses with their prefix (Address =): host bits wanted. */
	{ "2001:db8:1::2/64", ADDR, OK, "2001:db8:1::2", 64, NULL },
	{ "2001:db8:1::2", ADDR, OK, "2001:db8:1::2", 128, NULL },
	{ "fe80::1/64", ADDR, OK, "fe80::1", 64, NULL },
	/* An address is judged by its own scope, not its prefix's. */
	{ "fe80::1/6", ADDR | IPT6_PREFIX_ROUTABLE, REFUSED, NULL, 0,
	  "fe80::1/6: must be a global or unique local prefix" },
	{ "2001:db8::1/1", ADDR | IPT6_PREFIX_ROUTABLE, OK, "2001:db8::1", 1,
	  NULL },
	{ "2001:db8:1::2/0", ADDR, REFUSED, NULL, 0, "2001:db8:1::2/0: prefix length /0" },
	{ "192.0.2.9/24", ADDR, SYNTAX, NULL, 0,
	  "192.0.2.9/24: not an IPv6 address with an optional /LENGTH" },
	/* Garbage. */
	{ "2001:db8::/x", NAT, SYNTAX, NULL, 0,
	  "'2001:db8::/x' is not an IPv6 prefix (PREFIX/LENGTH, like 64:ff9b::/96)" },
	{ "192.0.2.0/32", NAT, SYNTAX, NULL, 0,
	  "'192.0.2.0/32' is not an IPv6 prefix" },
	{ "2001:db8::/", P64, SYNTAX, NULL, 0,
	  "'2001:db8::/' is not an IPv6 prefix (PREFIX/LENGTH, like 2001:db8:1::/64)" },
	{ "2001:db8::/-64", P64, SYNTAX, NULL, 0, "'2001:db8::/-64' is not" },
	{ "2001:db8::/+64", P64, SYNTAX, NULL, 0, "'2001:db8::/+64' is not" },
	{ "2001:db8::/ 64", P64, SYNTAX, NULL, 0, "'2001:db8::/ 64' is not" },
	{ "2001:db8::/64 ", P64, SYNTAX, NULL, 0, "'2001:db8::/64 ' is not" },
	{ " 2001:db8::/64", P64, SYNTAX, NULL, 0, "' 2001:db8::/64' is not" },
	{ "2001:db8::/64/64", P64, SYNTAX, NULL, 0, "'2001:db8::/64/64' is" },
	{ "2001:db8::/0x40", P64, SYNTAX, NULL, 0, "'2001:db8::/0x40' is" },
	{ "2001:db8::/18446744073709551680", P64, SYNTAX, NULL, 0,
	  "'2001:db8::/18446744073709551680' is not" },	/* 2^64 + 64 */
	{ "2001:db8:::/64", P64, SYNTAX, NULL, 0, "'2001:db8:::/64' is not" },
	{ "2001:db8::g/64", P64, SYNTAX, NULL, 0, "'2001:db8::g/64' is not" },
	{ "/64", P64, SYNTAX, NULL, 0, "'/64' is not an IPv6 prefix" },
	{ "", P64, SYNTAX, NULL, 0, "'' is not an IPv6 prefix" },
	{ "", P64 | IPT6_PREFIX_BARE, SYNTAX, NULL, 0, "'' is not" },
#undef P64
#undef NAT
#undef ADDR
};

static void test_prefix_case(size_t i)
{
	static const int rcs[] = {
		[OK] = 0, [SYNTAX] = IPT6_PARSE_SYNTAX,
		[REFUSED] = IPT6_PARSE_REFUSED,
	};
	struct in6_addr a, want, before;
	struct ipt6_err err = { 0 };
	char text[INET6_ADDRSTRLEN];
	int len = -7, rc;

	memset(&a, 0xa5, sizeof(a));
	before = a;
	rc = ipt6_parse_prefix(prefix_cases[i].text, &a, &len,
			       prefix_cases[i].flags, &err);
	expect(rc == rcs[prefix_cases[i].want],
	       "prefix '%s' (flags %#x): rc %d, wanted %d (%s)",
	       prefix_cases[i].text, prefix_cases[i].flags, rc,
	       rcs[prefix_cases[i].want], err.msg);
	if (prefix_cases[i].want != OK) {
		expect(!strncmp(err.msg, prefix_cases[i].msg,
				strlen(prefix_cases[i].msg)),
		       "prefix '%s': message '%s', wanted '%s'",
		       prefix_cases[i].text, err.msg, prefix_cases[i].msg);
		expect(err.code == IPT6_E_CONFIG && len == -7 &&
		       !memcmp(&a, &before, sizeof(a)),
		       "prefix '%s': refused, and nothing written",
		       prefix_cases[i].text);
		return;
	}
	if (inet_pton(AF_INET6, prefix_cases[i].addr, &want) != 1) {
		expect(false, "bad test address %s", prefix_cases[i].addr);
		return;
	}
	inet_ntop(AF_INET6, &a, text, sizeof(text));
	expect(!memcmp(&a, &want, sizeof(a)) && len == prefix_cases[i].len,
	       "prefix '%s': %s/%d, wanted %s/%d", prefix_cases[i].text,
	       text, len, prefix_cases[i].addr, prefix_cases[i].len);
}

void test_prefixes(void)
{
	char longtext[600];
	struct in6_addr a;
	size_t i;
	int len;

	for (i = 0; i < ARRAY_SIZE(prefix_cases); i++)
		test_prefix_case(i);
	/* Longer than any prefix: refused whole, the message still ends. */
	memset(longtext, '1', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	expect(ipt6_parse_prefix(longtext, &a, &len, 0, NULL) ==
	       IPT6_PARSE_SYNTAX, "a long string, no error buffer");
	memcpy(longtext, "2001:db8::/", 11);
	expect(ipt6_parse_prefix(longtext, &a, &len, 0, NULL) ==
	       IPT6_PARSE_SYNTAX, "a long length");
}

void test_cert_key(void)
{
	static const struct {
		bool cert, key, server, config;
		const char *msg;	/* NULL: accepted */
	} cases[] = {
		{ true, true, true, false, NULL },
		{ true, true, false, true, NULL },
		{ false, false, false, false, NULL },
		{ false, false, false, true, NULL },
		{ false, false, true, false,
		  "a server needs --cert FILE and --key FILE (its certificate and private key)" },
		{ true, false, true, false,
		  "a server needs --cert FILE and --key FILE" },
		{ false, true, true, true,
		  "a server needs Cert = FILE and Key = FILE (its certificate and private key)" },
		{ true, false, false, false,
		  "--cert FILE and --key FILE go together (a certificate and its private key): give both or neither" },
		{ false, true, false, false,
		  "--cert FILE and --key FILE go together" },
		{ true, false, false, true,
		  "Cert = FILE and Key = FILE go together (a certificate and its private key): give both or neither" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ipt6_err err = { 0 };
		int rc = ipt6_check_cert_key(cases[i].cert ? "c.pem" : NULL,
					     cases[i].key ? "k.pem" : NULL,
					     cases[i].server, cases[i].config,
					     &err);

		if (!cases[i].msg)
			expect(!rc, "cert/key case %zu accepted: %s", i,
			       err.msg);
		else
			expect(rc && err.code == IPT6_E_CONFIG &&
			       !strncmp(err.msg, cases[i].msg,
					strlen(cases[i].msg)),
			       "cert/key case %zu: '%s', wanted '%s'", i,
			       err.msg, cases[i].msg);
	}
}
