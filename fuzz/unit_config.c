// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration files of 'ipt6ctl up' (tools/lib/config_parse.c):
 * the files of selftests/tests/41-config.sh, each mistake with its line
 * and message, the values that go through the one parser of each kind
 * (prefixes, numbers, the cert/key pair), and the seeds of the config
 * fuzzer with their known answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_config.h"
#include "unit.h"

/* Config files in a temporary folder with the files they name. */
static char dir[64];

static int conf_text(struct conf *cf, const char *text)
{
	memset(cf, 0, sizeof(*cf));
	return fuzz_conf_parse(cf, dir, text, strlen(text));
}

static void make_files(void)
{
	static const char *const names[] = {
		"ca.pem", "server.pem", "server.key" };
	char path[128];
	size_t i;
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/ipt6-unit.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		f = fopen(path, "w");
		if (!f || fclose(f)) {
			perror(path);
			exit(1);
		}
	}
}

static void remove_files(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		printf("could not remove %s\n", dir);
}

/* @text is refused with @msg (its start) among the errors, on @line. */
static void conf_bad(const char *text, int line, const char *msg)
{
	struct conf cf;
	bool found = false;
	int i;

	conf_text(&cf, text);
	for (i = 0; i < cf.nmsgs; i++)
		if (cf.msgs[i].line == line &&
		    !strncmp(cf.msgs[i].text, msg, strlen(msg)))
			found = true;
	expect(cf.errors && found,
	       "config error '%s' on line %d: got %d error(s), first '%s' on line %d",
	       msg, line, cf.errors, cf.errors ? cf.msgs[0].text : "",
	       cf.errors ? cf.msgs[0].line : 0);
	conf_free(&cf);
}

#define CLIENT_HEAD "[Interface]\nRole = client\nURL = https://vpn.test/\n"
#define SERVER_HEAD "[Interface]\nRole = server\nCert = server.pem\n" \
		    "Key = server.key\n"

/* Values that go through tools/lib/parse.c, as the options do. */
static void test_config_parsers(void)
{
	struct conf cf;

	conf_bad(SERVER_HEAD "Prefix = 2001:db8:1::1/64\n", 5,
		 "Prefix = 2001:db8:1::1/64 has bits set beyond its length /64 (host bits); did you mean 2001:db8:1::/64?");
	conf_bad(SERVER_HEAD "Prefix = fe80::/64\n", 5,
		 "Prefix = fe80::/64: must be a global or unique local prefix");
	conf_bad(SERVER_HEAD "Prefix = 2001:db8:1::\n", 5,
		 "Prefix = 2001:db8:1:: has no /LENGTH");
	conf_bad(SERVER_HEAD "Prefix = 2001:db8:1::/64x\n", 5,
		 "Prefix = '2001:db8:1::/64x' is not an IPv6 prefix");
	conf_bad(CLIENT_HEAD "Cert = server.pem\n", 4,
		 "Cert = FILE and Key = FILE go together (a certificate and its private key): give both or neither");
	conf_bad(CLIENT_HEAD "Key = server.key\n", 4,
		 "Cert = FILE and Key = FILE go together");
	conf_bad("[Interface]\nRole = server\n", 2,
		 "a server needs Cert = FILE and Key = FILE");
	conf_bad(CLIENT_HEAD "Timeout = 5x\n", 4,
		 "Timeout = 5x: must be a number from 1 to 3600");
	conf_bad(CLIENT_HEAD "Timeout = +5\n", 4, "Timeout = +5: must be");
	conf_bad(CLIENT_HEAD "Timeout = 0\n", 4, "Timeout = 0: must be");
	conf_bad(CLIENT_HEAD "Keepalive = -1\n", 4,
		 "Keepalive = -1: must be a number from 0 to 3600");
	conf_bad(CLIENT_HEAD "MTU = 4294968576\n", 4,	/* 2^32 + 1280 */
		 "MTU = 4294968576: must be a number from 1280 to 65535");
	conf_bad(CLIENT_HEAD "MTU = 99999999999999999999\n", 4,
		 "MTU = 99999999999999999999: must be");
	conf_bad(CLIENT_HEAD "Address = 2001:db8::1/129\n", 4,
		 "Address = 2001:db8::1/129: prefix length /129 is not allowed");
	conf_bad(CLIENT_HEAD "Address = 2001:db8::1/64x\n", 4,
		 "Address = 2001:db8::1/64x: not an IPv6 address with an optional /LENGTH");
	conf_bad(CLIENT_HEAD "Colour = blue\n", 4, "unknown key 'Colour' (known: Role, URL, CA, Cert, Key, TLS, Cipher, ConnectTo, Timeout, Listen, Path, RequireClientCert, Prefix, Address, MTU, Keepalive, MaxHandshakes, MaxHandshakesPerSource, DNS, IntranetDomains, DNSLifetime, NAT64Prefix, DNS64Upstream, ApplyDNS)");
	conf_bad(SERVER_HEAD "MaxHandshakes = 0\n", 5,
		 "MaxHandshakes = 0: must be a number from 1 to 65536");
	conf_bad(SERVER_HEAD "MaxHandshakesPerSource = 65537\n", 5,
		 "MaxHandshakesPerSource = 65537: must be a number from 0 to 65536");
	conf_bad(CLIENT_HEAD "MaxHandshakes = 4\n", 4, "MaxHandshakes");

	conf_text(&cf, SERVER_HEAD "MaxHandshakes = 4\n"
		  "MaxHandshakesPerSource = 0\n");
	expect(!cf.errors && cf.val[KEY_MAX_HANDSHAKES] &&
	       !strcmp(cf.val[KEY_MAX_PER_SOURCE], "0"),
	       "handshake limits on a server: %d errors (%s)", cf.errors,
	       cf.msgs[0].text);
	conf_free(&cf);

	conf_text(&cf, SERVER_HEAD "Prefix = 2001:db8:1::/64\nTimeout = 3600\n"
		  "Keepalive = 0\nMTU = 065535\n"
		  "Address = 2001:db8:1::1/64, 2001:db8:1::2,fd00::1/8\n");
	expect(cf.errors == 1 && cf.msgs[0].line == 6 && cf.mtu == 65535 &&
	       cf.naddr == 3 && cf.plen[0] == 64 && cf.plen[1] == 128 &&
	       cf.plen[2] == 8 && cf.addr[0].s6_addr[15] == 1,
	       "good values, Timeout on a server: %d errors (%s)", cf.errors,
	       cf.msgs[0].text);
	conf_free(&cf);
}

#define DA_HEAD SERVER_HEAD "Prefix = 2001:db8:1::/64\n"

/* A DirectAccess-like server: DNS to advertise, NAT64 and DNS64. */
static void test_config_dns(void)
{
	struct conf cf;

	conf_text(&cf, DA_HEAD "NAT64Prefix = 2001:db8:1:64::/96\n"
		  "IntranetDomains = corp.example, lab.example.\n"
		  "DNS64Upstream = 10.1.0.53, 2001:db8:5::53\n"
		  "DNSLifetime = 60\n");
	expect(!cf.errors && cf.nupstreams == 2 &&
	       !strcmp(cf.upstreams[1], "2001:db8:5::53") &&
	       cf.dns.ndomains == 2 && !strcmp(cf.dns.names + 13, "lab.example") &&
	       cf.nat64_prefix.s6_addr[7] == 0x64 && cf.prefix.s6_addr[5] == 1,
	       "a DirectAccess-like server: %d errors (%s)", cf.errors,
	       cf.msgs[0].text);
	conf_free(&cf);

	conf_bad(DA_HEAD "NAT64Prefix = 64:ff9b::/96\n", 6,
		 "NAT64Prefix = 64:ff9b::/96: the Well-Known Prefix must not carry an intranet's private IPv4 addresses");
	conf_bad(DA_HEAD "NAT64Prefix = 2001:db8:64::/64\n", 6,
		 "NAT64Prefix = 2001:db8:64::/64: must be a /96");
	conf_bad(DA_HEAD "NAT64Prefix = 2001:db8:64::/95\n", 6,
		 "NAT64Prefix = 2001:db8:64::/95: prefix length /95 is not allowed");
	conf_bad(DA_HEAD "NAT64Prefix = 2001:db8:1::/96\n", 6,
		 "NAT64Prefix = 2001:db8:1::/96 is inside Prefix = 2001:db8:1::/64");
	conf_bad(DA_HEAD "NAT64Prefix = 2001:db8:64:0:100::/96\n", 6,
		 "NAT64Prefix = 2001:db8:64:0:100::/96: bits 64-71 (the u-octet) of a /96 prefix must be zero");
	conf_bad(DA_HEAD "DNS64Upstream = 10.1.0.53\n", 6,
		 "DNS64Upstream needs NAT64Prefix = PREFIX/96");
	conf_bad(DA_HEAD "DNS64Upstream = 10.1.0.53\n", 6,
		 "DNS64Upstream needs IntranetDomains = DOMAIN");
	conf_bad(DA_HEAD "DNS64Upstream = 10.1.0.300\n", 6,
		 "DNS64Upstream = 10.1.0.300: '10.1.0.300' is not an IPv4 or IPv6 address");
	conf_bad(SERVER_HEAD "DNS64Upstream = 10.1.0.53\n", 5,
		 "DNS64Upstream needs Prefix = PREFIX/64 (the DNS64 resolver listens on PREFIX::1)");
	conf_bad(SERVER_HEAD "DNS = 2001:db8:1::53\n", 5,
		 "DNS needs Prefix = PREFIX/64 (it goes out in the prefix's router advertisements)");
	conf_bad(DA_HEAD "DNS = 2001:db8:1::53, ff02::1\n", 6,
		 "DNS = ff02::1 cannot be a DNS server for clients");
	conf_bad(DA_HEAD "IntranetDomains = corp..example\n", 6,
		 "IntranetDomains = 'corp..example' has an empty label");
	conf_bad(DA_HEAD "DNSLifetime = 3\n", 6,
		 "DNSLifetime = 3: must be a number from 4 to 86400");
	conf_bad(CLIENT_HEAD "IntranetDomains = corp.example\n", 4,
		 "IntranetDomains is for servers, and this is a client");
	conf_bad(SERVER_HEAD "ApplyDNS = no\n", 5,
		 "ApplyDNS is for clients, and this is a server");
	conf_bad(CLIENT_HEAD "ApplyDNS = maybe\n", 4,
		 "ApplyDNS = maybe: must be yes or no");
	conf_text(&cf, CLIENT_HEAD "ApplyDNS = no\n");
	expect(!cf.errors && !cf.yes[KEY_APPLY_DNS],
	       "ApplyDNS = no on a client: %d errors", cf.errors);
	conf_free(&cf);
}

/* The seeds of the config fuzzer: what each is known to give. */
static void test_config_seeds(void)
{
	static const struct {
		const char *seed;
		int role, errors, naddr;
		int lines[10];		/* of the messages, in order */
	} cases[] = {
		{ "bad-key", CLIENT, 1, 0, { 3 } },
		{ "bad-many", 0, 9, 0, { 6, 9, 5, 10, 2, 7, 4, 8, 3 } },
		{ "bad-order", 0, 3, 0, { 1, 5, 0 } },
		/* Only its CA, relative to a folder without it, is missing. */
		{ "client", CLIENT, 1, 2, { 5 } },
		{ "client-crlf", CLIENT, 2, 2, { 4, 4 } },
		{ "server", SERVER, 2, 0, { 5, 6 } },
		{ "server-bool", SERVER, 0, 0, { 0 } },
	};
	struct conf cf;
	size_t i, n;
	char *text;
	int j, same;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		text = unit_corpus("config", cases[i].seed, &n);
		if (!text)
			continue;
		memset(&cf, 0, sizeof(cf));
		fuzz_conf_parse(&cf, dir, text, n);
		same = cf.nmsgs == cases[i].errors;
		for (j = 0; same && j < cf.nmsgs; j++)
			same = cf.msgs[j].line == cases[i].lines[j];
		expect(cf.role == cases[i].role &&
		       cf.errors == cases[i].errors && same &&
		       cf.naddr == cases[i].naddr,
		       "config seed %s: role %d, %d errors (first '%s' on line %d), %d addresses",
		       cases[i].seed, cf.role, cf.errors,
		       cf.nmsgs ? cf.msgs[0].text : "",
		       cf.nmsgs ? cf.msgs[0].line : 0, cf.naddr);
		if (!strcmp(cases[i].seed, "server-bool"))
			expect(cf.yes[KEY_REQUIRE_CERT] && cf.mtu == 65535,
			       "server-bool: RequireClientCert = on, MTU");
		if (!strcmp(cases[i].seed, "client"))
			expect(cf.mtu == 1400 && cf.plen[1] == 64 &&
			       strstr(cf.msgs[0].text, "/../pki/ca.pem: cannot read it"),
			       "client: MTU %u, CA: %s", cf.mtu, cf.msgs[0].text);
		conf_free(&cf);
		free(text);
	}
}

void test_config(void)
{
	struct conf cf;

	make_files();
	conf_text(&cf, "# The IP-HTTPS server.\n[Interface]\nRole = server\n"
		  "Listen = 192.0.2.1:443\nCert = server.pem\nKey = server.key\n"
		  "URL = https://vpn.test/IPHTTPS\nPath = /IPHTTPS\n"
		  "Prefix = 2001:db8:1::/64\n");
	expect(!cf.errors && cf.role == SERVER && cf.val[KEY_PREFIX],
	       "server file: %d errors (%s)", cf.errors, cf.msgs[0].text);
	conf_free(&cf);
	conf_text(&cf, "; The client.\r\n[interface]\r\nrole = client\r\n"
		  "URL = https://vpn.test/IPHTTPS\r\nCA = ca.pem\r\n"
		  "ConnectTo = 192.0.2.1\nTimeout = 5\nKeepalive = 7\n"
		  "TLS = 1.3\nCipher = chacha20-poly1305\nMTU = 1400\n"
		  "Address = 2001:db8:1::2/64, 2001:db8:1::22/64");
	expect(!cf.errors && cf.role == CLIENT && cf.mtu == 1400 &&
	       cf.naddr == 2 && cf.plen[1] == 64,
	       "client file (CRLF, no final newline): %d errors (%s)",
	       cf.errors, cf.msgs[0].text);
	conf_free(&cf);

	conf_bad("[Interface]\nRole = client\nColour = blue\nURL = https://vpn.test/\n",
		 3, "unknown key 'Colour'");
	conf_bad("[Interface]\nRole = client\n", 2, "a client needs URL");
	conf_bad("[Interface]\nURL = https://vpn.test/\n", 0,
		 "Role = client or Role = server is missing");
	conf_bad("[Interface]\nRole = client\nURL = https://vpn.test/\nTLS = 1.4\n",
		 4, "TLS = 1.4: must be 1.2 or 1.3");
	conf_bad("[Interface]\nRole = server\nCert = nosuch.pem\nKey = server.key\n",
		 3, "Cert = ");
	conf_bad("[Interface]\nRole = client\nURL = https://vpn.test/\nURL = https://o.test/\n",
		 4, "URL given twice (first on line 3)");
	conf_bad("[Interface]\nRole = client\nURL = https://vpn.test/\nAddress = 192.0.2.9/24\n",
		 4, "Address = 192.0.2.9/24: not an IPv6 address");
	conf_bad("Role = client\n[Interface]\nURL = https://vpn.test/\n", 1,
		 "Role = ... comes before the [Interface] line");
	conf_bad("[Interface]\nRole = client\nURL = https://vpn.test/\n\n[Peer]\n",
		 5, "unknown section [Peer]");
	conf_bad("[Interface]\nRole = client\nURL https://vpn.test/\n", 3,
		 "expected 'Key = Value'");
	conf_bad("[Interface]\nRole = client\nKeepalive = 4000\nURL = https://vpn.test/\n",
		 3, "Keepalive = 4000: must be a number from 0 to 3600");
	conf_bad("# nothing\n", 0, "no [Interface] section");
	conf_text(&cf, "[Interface]\nTimeout = soon\nRole = router\nMTU = 9x\n");
	expect(cf.errors == 3, "three mistakes at once: %d", cf.errors);
	conf_free(&cf);
	test_config_parsers();
	test_config_dns();
	test_config_seeds();
	remove_files();
}

