// SPDX-License-Identifier: GPL-2.0
/*
 * DNS in router advertisements (tools/lib/ra_dns.c): the search domains
 * and servers a server may advertise, by the kernel's rules
 * (kmod/dns.c), and the RDNSS and DNSSL options a client reads, byte by
 * byte as RFC 8106 lays them out and as the kernel builds them.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include "ra_dns.h"
#include "unit.h"

static void domain_ok(const char *name)
{
	struct ipt6_err err = { 0 };

	expect(!ipt6_dns_domain_check(name, strlen(name), &err),
	       "domain '%s' accepted: %s", name, err.msg);
}

static void domain_bad(const char *name, const char *msg)
{
	struct ipt6_err err = { 0 };

	expect(ipt6_dns_domain_check(name, strlen(name), &err) &&
	       strstr(err.msg, msg),
	       "domain '%s' refused with '%s': '%s'", name, msg, err.msg);
}

static void test_domains(void)
{
	char long_label[70], long_name[300];

	domain_ok("corp.example");
	domain_ok("corp.example.");
	domain_ok("a");
	domain_ok("_ldap._tcp.corp-1.example");
	domain_ok("xn--bcher-kva.example");
	domain_bad("", "an empty search domain");
	domain_bad(".", "an empty search domain");
	domain_bad("corp..example", "has an empty label");
	domain_bad(".corp", "has an empty label");
	domain_bad("-corp.example", "has a label starting with '-'");
	domain_bad("corp-.example", "has a label ending in '-'");
	domain_bad("corp example", "is not a domain name");
	domain_bad("corp/example", "is not a domain name");
	domain_bad("b\xc3\xbc" "cher.example", "is not a domain name");
	memset(long_label, 'a', 64);
	long_label[64] = '\0';
	domain_bad(long_label, "has a label longer than 63 characters");
	long_label[63] = '\0';
	domain_ok(long_label);
	/* 4 labels of 63 and 3 dots: 255 characters, 2 over. */
	snprintf(long_name, sizeof(long_name), "%s.%s.%s.%s", long_label,
		 long_label, long_label, long_label);
	domain_bad(long_name, "is longer than 253 characters");
	long_name[253] = '\0';
	domain_ok(long_name);
}

static void test_encode(void)
{
	static const uint8_t want[] = {
		4, 'c', 'o', 'r', 'p', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0 };
	uint8_t out[32];
	size_t n;

	n = ipt6_dns_name_encode("corp.example", 12, out);
	expect(n == sizeof(want) && !memcmp(out, want, n),
	       "corp.example encodes as RFC 1035 labels (%zu bytes)", n);
	n = ipt6_dns_name_encode("a", 1, out);
	expect(n == 3 && out[0] == 1 && out[1] == 'a' && !out[2],
	       "a encodes in 3 bytes");
}

static void test_conf_lists(void)
{
	struct ipt6_dns_conf c = { 0 };
	struct ipt6_err err = { 0 };
	char list[2048], name[64];
	int i;

	expect(!ipt6_dns_add_servers(&c, "2001:db8::53, 2001:db8::54,fd00::1",
				     &err) && c.nservers == 3 &&
	       c.servers[1].s6_addr[15] == 0x54,
	       "three servers, blanks and commas: %s", err.msg);
	expect(ipt6_dns_add_servers(&c, "2001:db8::53", &err) &&
	       strstr(err.msg, "DNS server 2001:db8::53 given twice"),
	       "a server twice: %s", err.msg);
	expect(ipt6_dns_add_servers(&c, "192.0.2.53", &err) &&
	       strstr(err.msg, "'192.0.2.53' is not an IPv6 address"),
	       "an IPv4 server: %s", err.msg);
	expect(ipt6_dns_add_servers(&c, "ff02::1", &err) &&
	       strstr(err.msg, "cannot be a DNS server"),
	       "a multicast server: %s", err.msg);
	expect(ipt6_dns_add_servers(&c, "::", &err) && ipt6_dns_add_servers(&c, "::1", &err) &&
	       ipt6_dns_add_servers(&c, "::ffff:192.0.2.1", &err),
	       "::, ::1 and IPv4-mapped refused");
	expect(!ipt6_dns_add_servers(&c, "2001:db8::1 2001:db8::2 2001:db8::3 2001:db8::4 2001:db8::5",
				     &err) && c.nservers == 8,
	       "eight servers: %u", c.nservers);
	expect(ipt6_dns_add_servers(&c, "2001:db8::6", &err) &&
	       strstr(err.msg, "more than 8 DNS servers"),
	       "a ninth server: %s", err.msg);

	expect(!ipt6_dns_add_domains(&c, "corp.example., lab.example", &err) &&
	       c.ndomains == 2 && c.wire_len == 14 + 13 &&
	       !strcmp(c.names, "corp.example") &&
	       !strcmp(c.names + 13, "lab.example"),
	       "two domains, the final dot dropped: %s", err.msg);
	expect(ipt6_dns_add_domains(&c, "CORP.example", &err) &&
	       strstr(err.msg, "given twice"), "a domain twice, other case: %s",
	       err.msg);
	/* 512 bytes encoded: 27 so far, then names of 60 (62 bytes each). */
	for (i = 0, list[0] = '\0'; i < 7; i++) {
		snprintf(name, sizeof(name), "%0*d.example,", 52, i);
		strcat(list, name);
	}
	expect(!ipt6_dns_add_domains(&c, list, &err) && c.wire_len == 27 + 7 * 62,
	       "seven long domains: %u bytes, %s", c.wire_len, err.msg);
	/* And one of 49 characters: 51 bytes, 512 in all. */
	memset(name, 'x', 49);
	name[49] = '\0';
	expect(!ipt6_dns_add_domains(&c, name, &err) && c.wire_len == 512,
	       "512 bytes exactly: %u, %s", c.wire_len, err.msg);
	expect(ipt6_dns_add_domains(&c, "a", &err) &&
	       strstr(err.msg, "too long for a router advertisement: more than 512 bytes"),
	       "one byte more: %s", err.msg);
}

/* An RA's options as the kernel builds them (kmod/dns.c), and an MTU. */
static const uint8_t ra_opts[] = {
	5, 1, 0, 0, 0, 0, 0x05, 0xdc,			/* MTU 1500 */
	25, 5, 0, 0, 0, 0, 0x07, 0x08,			/* RDNSS, 1800 s */
	0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	31, 4, 0, 0, 0xff, 0xff, 0xff, 0xff,		/* DNSSL, infinite */
	4, 'c', 'o', 'r', 'p', 4, 't', 'e', 's', 't', 0,
	3, 'l', 'a', 'b', 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static void test_parse(void)
{
	struct ipt6_ra_dns ra = { 0 };
	struct ipt6_err err = { 0 };
	uint8_t bad[64];
	char a[INET6_ADDRSTRLEN];
	int n;

	n = ipt6_ra_dns_parse(ra_opts, sizeof(ra_opts), &ra, &err);
	inet_ntop(AF_INET6, &ra.servers[1].addr, a, sizeof(a));
	expect(n == 3 && ra.nservers == 2 && !strcmp(a, "2001:db8:1::2") &&
	       ra.servers[0].lifetime == 1800 && ra.ndomains == 2 &&
	       !strcmp(ra.domains[0].name, "corp.test") &&
	       !strcmp(ra.domains[1].name, "lab") &&
	       ra.domains[1].lifetime == IPT6_DNS_LIFETIME_INFINITE &&
	       !ra.malformed,
	       "the kernel's options: %d options, %u servers (%s), %u domains, %u malformed",
	       n, ra.nservers, a, ra.ndomains, ra.malformed);

	/* RDNSS of length 4: not 1 + 2 per address. */
	memset(&ra, 0, sizeof(ra));
	memcpy(bad, ra_opts + 8, 32);
	bad[1] = 4;
	n = ipt6_ra_dns_parse(bad, 32, &ra, &err);
	expect(n == 1 && !ra.nservers && ra.malformed == 1,
	       "RDNSS of an even length left out: %d, %u", n, ra.malformed);

	/* DNSSL with a compression pointer (0xc0) for a label length. */
	memset(&ra, 0, sizeof(ra));
	memcpy(bad, ra_opts + 48, 32);
	bad[8 + 5] = 0xc0;
	n = ipt6_ra_dns_parse(bad, 32, &ra, &err);
	expect(n == 1 && !ra.ndomains && ra.malformed == 1,
	       "DNSSL with a pointer left out: %u domains", ra.ndomains);

	/* DNSSL with bytes after the padding started. */
	memset(&ra, 0, sizeof(ra));
	memcpy(bad, ra_opts + 48, 32);
	bad[31] = 'x';
	ipt6_ra_dns_parse(bad, 32, &ra, &err);
	expect(ra.malformed == 1 && !ra.ndomains,
	       "DNSSL with garbage in its padding left out whole (%u, %u)",
	       ra.malformed, ra.ndomains);

	/* DNSSL whose last name has no root label before the end. */
	memset(&ra, 0, sizeof(ra));
	memcpy(bad, ra_opts + 48, 16);
	bad[1] = 2;
	bad[8] = 7;
	memcpy(bad + 9, "example", 7);
	ipt6_ra_dns_parse(bad, 16, &ra, &err);
	expect(ra.malformed == 1 && !ra.ndomains,
	       "DNSSL name running off the option left out");

	/* A name with a character a resolver would not take. */
	memset(&ra, 0, sizeof(ra));
	memcpy(bad, ra_opts + 48, 32);
	bad[8 + 2] = ' ';
	ipt6_ra_dns_parse(bad, 32, &ra, &err);
	expect(ra.malformed == 1, "DNSSL name with a blank left out");

	/* A dot inside a label: "co.p" as one label would read as two. */
	memset(&ra, 0, sizeof(ra));
	memcpy(bad, ra_opts + 48, 32);
	bad[8 + 3] = '.';
	ipt6_ra_dns_parse(bad, 32, &ra, &err);
	expect(ra.malformed == 1 && !ra.ndomains,
	       "DNSSL label holding a dot left out (the fuzzer's find)");

	/* Lengths that cut the walk short. */
	memset(&ra, 0, sizeof(ra));
	memcpy(bad, ra_opts, 8);
	bad[1] = 0;
	expect(ipt6_ra_dns_parse(bad, 8, &ra, &err) == -1 &&
	       strstr(err.msg, "length 0"), "option of length 0: %s", err.msg);
	bad[1] = 2;
	expect(ipt6_ra_dns_parse(bad, 8, &ra, &err) == -1 &&
	       strstr(err.msg, "runs past the end"), "option past the end: %s",
	       err.msg);
	expect(ipt6_ra_dns_parse(bad, 1, &ra, &err) == -1,
	       "one byte: cut short");
}

static void test_round_trip(void)
{
	static const char *const names[] = { "corp.example", "a.b.c",
					     "_msdcs.corp.example" };
	struct ipt6_ra_dns ra = { 0 };
	uint8_t opt[256] = { 31 };
	size_t off = 8, i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		off += ipt6_dns_name_encode(names[i], strlen(names[i]),
					    opt + off);
	off = (off + 7) / 8 * 8;
	opt[1] = off / 8;
	opt[7] = 60;
	ipt6_ra_dns_parse(opt, off, &ra, NULL);
	expect(ra.ndomains == 3 && !ra.malformed &&
	       !strcmp(ra.domains[2].name, names[2]) &&
	       ra.domains[0].lifetime == 60,
	       "encoded names read back: %u", ra.ndomains);
}

static void test_nduseropt(void)
{
	struct {
		struct nduseroptmsg m;
		uint8_t opts[sizeof(ra_opts)];
	} msg = { 0 };
	struct ipt6_ra_dns ra = { 0 };
	struct ipt6_err err = { 0 };

	msg.m.nduseropt_family = AF_INET6;
	msg.m.nduseropt_opts_len = sizeof(ra_opts);
	msg.m.nduseropt_ifindex = 7;
	msg.m.nduseropt_icmp_type = 134;
	memcpy(msg.opts, ra_opts, sizeof(ra_opts));
	expect(ipt6_nduseropt_parse(&msg, sizeof(msg), 7, &ra, &err) == 1 &&
	       ra.nservers == 2 && ra.ndomains == 2,
	       "RTM_NEWNDUSEROPT of an RA on our device: %s", err.msg);
	memset(&ra, 0, sizeof(ra));
	expect(!ipt6_nduseropt_parse(&msg, sizeof(msg), 8, &ra, &err) &&
	       !ra.nservers, "another device's: ignored");
	msg.m.nduseropt_icmp_type = 137;
	expect(!ipt6_nduseropt_parse(&msg, sizeof(msg), 7, &ra, &err),
	       "not from an RA: ignored");
	msg.m.nduseropt_icmp_type = 134;
	expect(ipt6_nduseropt_parse(&msg, sizeof(msg) - 1, 7, &ra, &err) == -1,
	       "options longer than the message: refused");
}

void test_ra_dns(void)
{
	test_domains();
	test_encode();
	test_conf_lists();
	test_parse();
	test_round_trip();
	test_nduseropt();
}
