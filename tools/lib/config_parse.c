// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration file of 'ipt6ctl up': one [Interface] section of
 * Key = Value lines, checked whole, every mistake kept with its line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "config_parse.h"
#include "err.h"
#include "nat64.h"
#include "parse.h"
#include "url.h"

/*
 * The keys, each with the 'ipt6ctl client' and 'ipt6ctl server' option it
 * becomes ("" for the client's URL argument, NULL: not passed on).
 */
const struct key_def conf_keys[NKEYS] = {
	[KEY_ROLE] = { "Role", BOTH, K_ROLE, NULL, NULL },
	[KEY_URL] = { "URL", BOTH, K_URL, "", "--url" },
	[KEY_CA] = { "CA", BOTH, K_FILE, "--ca", "--ca" },
	[KEY_CERT] = { "Cert", BOTH, K_FILE, "--cert", "--cert" },
	[KEY_KEY] = { "Key", BOTH, K_FILE, "--key", "--key" },
	[KEY_TLS] = { "TLS", BOTH, K_TLS, "--tls", "--tls" },
	[KEY_CIPHER] = { "Cipher", BOTH, K_CIPHER, "--cipher", "--cipher" },
	[KEY_CONNECT_TO] = { "ConnectTo", CLIENT, K_HOSTPORT, "--connect-to",
			     NULL },
	[KEY_TIMEOUT] = { "Timeout", CLIENT, K_SECONDS, "--timeout", NULL },
	[KEY_LISTEN] = { "Listen", SERVER, K_HOSTPORT, NULL, "--listen" },
	[KEY_PATH] = { "Path", SERVER, K_PATH, NULL, "--path" },
	[KEY_REQUIRE_CERT] = { "RequireClientCert", SERVER, K_BOOL, NULL,
			       "--require-client-cert" },
	[KEY_PREFIX] = { "Prefix", SERVER, K_PREFIX64, NULL, "--prefix" },
	[KEY_ADDRESS] = { "Address", BOTH, K_ADDRESS, NULL, NULL },
	[KEY_MTU] = { "MTU", BOTH, K_MTU, NULL, NULL },
	[KEY_KEEPALIVE] = { "Keepalive", BOTH, K_SECONDS_OR_OFF, "--keepalive",
			    "--keepalive" },
	[KEY_MAX_HANDSHAKES] = { "MaxHandshakes", SERVER, K_COUNT, NULL,
				 "--max-handshakes" },
	[KEY_MAX_PER_SOURCE] = { "MaxHandshakesPerSource", SERVER,
				 K_COUNT_OR_OFF, NULL,
				 "--max-handshakes-per-source" },
	[KEY_DNS] = { "DNS", SERVER, K_DNS_SERVERS, NULL, "--dns" },
	[KEY_DOMAINS] = { "IntranetDomains", SERVER, K_DOMAINS, NULL,
			  "--search" },
	[KEY_DNS_LIFETIME] = { "DNSLifetime", SERVER, K_DNS_LIFETIME, NULL,
			       "--dns-lifetime" },
	/* 'up' itself starts the translator and the resolver (up_nat64.c). */
	[KEY_NAT64_PREFIX] = { "NAT64Prefix", SERVER, K_NAT64_PREFIX, NULL,
			       NULL },
	[KEY_DNS64_UPSTREAM] = { "DNS64Upstream", SERVER, K_UPSTREAMS, NULL,
				 NULL },
	[KEY_APPLY_DNS] = { "ApplyDNS", CLIENT, K_BOOL_NO, "--no-dns", NULL },
};

/* Errors are kept and printed in line order once the file is checked. */
void conf_err(struct conf *cf, int line, const char *fmt, ...)
{
	struct conf_msg *m;
	va_list ap;

	cf->errors++;
	if (cf->nmsgs == MAX_MSGS)
		return;
	m = &cf->msgs[cf->nmsgs++];
	m->line = line;
	m->seq = cf->nmsgs;
	va_start(ap, fmt);
	vsnprintf(m->text, sizeof(m->text), fmt, ap);
	va_end(ap);
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && strchr(" \t\r\n", end[-1]))
		end--;
	*end = '\0';
	return s;
}

static bool has_space(const char *s)
{
	return strpbrk(s, " \t") != NULL;
}

static int check_address(struct conf *cf, int line, char *v)
{
	struct ipt6_err err = { 0 };
	char *tok, *save = NULL;

	for (tok = strtok_r(v, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		tok = trim(tok);
		if (cf->naddr == MAX_ADDRS) {
			conf_err(cf, line, "more than %d addresses", MAX_ADDRS);
			return -1;
		}
		if (ipt6_parse_prefix(tok, &cf->addr[cf->naddr],
				      &cf->plen[cf->naddr],
				      IPT6_PREFIX_ADDRESS | IPT6_PREFIX_BARE,
				      &err)) {
			conf_err(cf, line, "Address = %s", err.msg);
			return -1;
		}
		cf->naddr++;
	}
	return 0;
}

/* The server's --prefix: the same parser, the same policy. */
static int check_prefix64(struct conf *cf, int line, const char *v)
{
	struct ipt6_err err = { 0 };
	int plen;

	if (ipt6_parse_prefix(v, &cf->prefix, &plen,
			      IPT6_PREFIX_64 | IPT6_PREFIX_ROUTABLE, &err)) {
		conf_err(cf, line, "Prefix = %s", err.msg);
		return -1;
	}
	return 0;
}

/*
 * A /96 of the server's own space: RFC 6052's rules, routable, and not
 * the Well-Known Prefix, which must not carry the private addresses of
 * an intranet (RFC 6052 3.1).
 */
static int check_nat64_prefix(struct conf *cf, int line, const char *v)
{
	struct ipt6_err err = { 0 };
	int plen;

	if (ipt6_nat64_prefix(v, &cf->nat64_prefix, &plen, &err)) {
		conf_err(cf, line, "NAT64Prefix = %s", err.msg);
		return -1;
	}
	if (plen != 96) {
		conf_err(cf, line, "NAT64Prefix = %s: must be a /96 (Jool and the DNS64 resolver take the IPv4 address as its last 32 bits)",
			 v);
		return -1;
	}
	if (ipt6_nat64_is_wkp(&cf->nat64_prefix, plen)) {
		conf_err(cf, line, "NAT64Prefix = %s: the Well-Known Prefix must not carry an intranet's private IPv4 addresses (RFC 6052 3.1): use a /96 of your own IPv6 space",
			 v);
		return -1;
	}
	if (ipt6_parse_prefix(v, &cf->nat64_prefix, &plen,
			      IPT6_PREFIX_RFC6052 | IPT6_PREFIX_ROUTABLE,
			      &err)) {
		conf_err(cf, line, "NAT64Prefix = %s", err.msg);
		return -1;
	}
	return 0;
}

static int check_dns_list(struct conf *cf, unsigned int k)
{
	struct ipt6_err err = { 0 };
	int r;

	if (conf_keys[k].type == K_DNS_SERVERS)
		r = ipt6_dns_add_servers(&cf->dns, cf->val[k], &err);
	else
		r = ipt6_dns_add_domains(&cf->dns, cf->val[k], &err);
	if (r)
		conf_err(cf, cf->line[k], "%s = %s", conf_keys[k].name,
			 err.msg);
	return r;
}

/* DNS64Upstream: addresses of either family, separated by commas. */
static int check_upstreams(struct conf *cf, int line, const char *v)
{
	char buf[512], *tok, *save = NULL;
	unsigned char a[sizeof(struct in6_addr)];

	snprintf(buf, sizeof(buf), "%s", v);
	for (tok = strtok_r(buf, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		if (inet_pton(AF_INET, tok, a) != 1 &&
		    inet_pton(AF_INET6, tok, a) != 1) {
			conf_err(cf, line, "DNS64Upstream = %s: '%s' is not an IPv4 or IPv6 address",
				 v, tok);
			return -1;
		}
		if (cf->nupstreams == MAX_UPSTREAMS) {
			conf_err(cf, line, "DNS64Upstream = %s: more than %d servers",
				 v, MAX_UPSTREAMS);
			return -1;
		}
		snprintf(cf->upstreams[cf->nupstreams++],
			 sizeof(cf->upstreams[0]), "%s", tok);
	}
	return 0;
}

static int check_number(struct conf *cf, int line, const char *key,
			const char *v, unsigned int min, unsigned int max,
			unsigned int *out)
{
	unsigned int n;

	if (ipt6_parse_uint(v, min, max, &n)) {
		conf_err(cf, line, "%s = %s: must be a number from %u to %u",
			 key, v, min, max);
		return -1;
	}
	if (out)
		*out = n;
	return 0;
}

/* Relative file names are relative to the configuration file's folder. */
static int check_file(struct conf *cf, unsigned int k)
{
	const char *v = cf->val[k];
	char path[PATH_MAX];
	int n;

	if (v[0] != '/') {
		n = snprintf(path, sizeof(path), "%s/%s", cf->dir, v);
		if (n < 0 || (size_t)n >= sizeof(path)) {
			conf_err(cf, cf->line[k], "%s = %s: path too long",
				 conf_keys[k].name, v);
			return -1;
		}
		free(cf->val[k]);
		cf->val[k] = strdup(path);
		if (!cf->val[k]) {
			conf_err(cf, cf->line[k], "out of memory");
			return -1;
		}
	}
	if (access(cf->val[k], R_OK)) {
		conf_err(cf, cf->line[k], "%s = %s: cannot read it: %s",
			 conf_keys[k].name, cf->val[k], strerror(errno));
		return -1;
	}
	return 0;
}

static int check_bool(struct conf *cf, unsigned int k)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(cf->val[k], yes[i])) {
			cf->yes[k] = true;
			return 0;
		}
		if (!strcasecmp(cf->val[k], no[i]))
			return 0;
	}
	conf_err(cf, cf->line[k], "%s = %s: must be yes or no",
		 conf_keys[k].name, cf->val[k]);
	return -1;
}

/* One value, by its type; the message names the key and the value. */
static void check_value(struct conf *cf, unsigned int k)
{
	const char *v = cf->val[k], *n = conf_keys[k].name;
	struct ipt6_url url;
	struct ipt6_err err = { 0 };
	int line = cf->line[k];

	switch (conf_keys[k].type) {
	case K_ROLE:
	case K_ADDRESS:
		break;		/* done while reading */
	case K_STRING:
		break;
	case K_FILE:
		check_file(cf, k);
		break;
	case K_BOOL:
	case K_BOOL_NO:
		check_bool(cf, k);
		break;
	case K_URL:
		if (ipt6_url_parse(v, &url, &err))
			conf_err(cf, line, "%s", err.msg);
		break;
	case K_TLS:
		if (strcmp(v, "1.2") && strcmp(v, "1.3"))
			conf_err(cf, line, "%s = %s: must be 1.2 or 1.3", n, v);
		break;
	case K_CIPHER:
		if (strcmp(v, "aes128-gcm") && strcmp(v, "aes256-gcm") &&
		    strcmp(v, "chacha20-poly1305"))
			conf_err(cf, line, "%s = %s: must be aes128-gcm, aes256-gcm or chacha20-poly1305",
				 n, v);
		break;
	case K_HOSTPORT:
		if (has_space(v) || (v[0] == '[' && !strchr(v, ']')))
			conf_err(cf, line, "%s = %s: must be HOST[:PORT], an IPv6 address in brackets",
				 n, v);
		break;
	case K_PATH:
		if (v[0] != '/' || has_space(v))
			conf_err(cf, line, "%s = %s: must start with '/' and have no spaces",
				 n, v);
		break;
	case K_SECONDS:
		check_number(cf, line, n, v, 1, 3600, NULL);
		break;
	case K_SECONDS_OR_OFF:
		check_number(cf, line, n, v, 0, 3600, NULL);
		break;
	case K_PREFIX64:
		check_prefix64(cf, line, v);
		break;
	case K_MTU:
		check_number(cf, line, n, v, 1280, 65535, &cf->mtu);
		break;
	case K_COUNT:
		check_number(cf, line, n, v, 1, 65536, NULL);
		break;
	case K_COUNT_OR_OFF:
		check_number(cf, line, n, v, 0, 65536, NULL);
		break;
	case K_DNS_SERVERS:
	case K_DOMAINS:
		check_dns_list(cf, k);
		break;
	case K_DNS_LIFETIME:
		check_number(cf, line, n, v, 4, 86400, NULL);
		break;
	case K_NAT64_PREFIX:
		check_nat64_prefix(cf, line, v);
		break;
	case K_UPSTREAMS:
		check_upstreams(cf, line, v);
		break;
	}
}

static int find_key(const char *name)
{
	unsigned int k;

	for (k = 0; k < NKEYS; k++)
		if (!strcasecmp(name, conf_keys[k].name))
			return (int)k;
	return -1;
}

/* "Role, URL, ...", from the table: no key left out of the message. */
static const char *known_keys(void)
{
	static char list[512];
	size_t len = 0;
	unsigned int k;

	if (list[0])
		return list;
	for (k = 0; k < NKEYS; k++)
		len += snprintf(list + len, sizeof(list) - len, "%s%s",
				k ? ", " : "", conf_keys[k].name);
	return list;
}

static void read_pair(struct conf *cf, int line, char *s)
{
	char *eq = strchr(s, '='), *key, *v;
	int k;

	if (!eq) {
		conf_err(cf, line, "expected 'Key = Value' or '[Interface]', not '%s'",
			 s);
		return;
	}
	*eq = '\0';
	key = trim(s);
	v = trim(eq + 1);
	k = find_key(key);
	if (k < 0) {
		conf_err(cf, line, "unknown key '%s' (known: %s)", key,
			 known_keys());
		return;
	}
	if (!cf->section_line) {
		conf_err(cf, line, "%s = ... comes before the [Interface] line",
			 conf_keys[k].name);
		return;
	}
	if (!*v) {
		conf_err(cf, line, "%s has no value", conf_keys[k].name);
		return;
	}
	if (conf_keys[k].type == K_ADDRESS) {
		check_address(cf, line, v);
		if (!cf->line[k])
			cf->line[k] = line;
		return;
	}
	if (cf->val[k]) {
		conf_err(cf, line, "%s given twice (first on line %d)",
			 conf_keys[k].name, cf->line[k]);
		return;
	}
	cf->val[k] = strdup(v);
	cf->line[k] = line;
	if (!cf->val[k])
		conf_err(cf, line, "out of memory");
}

void conf_line(struct conf *cf, int line, char *s)
{
	s = trim(s);
	if (!*s || *s == '#' || *s == ';')
		return;
	if (*s != '[') {
		read_pair(cf, line, s);
		return;
	}
	if (strcasecmp(s, "[Interface]"))
		conf_err(cf, line, "unknown section %s (the file has one [Interface] section)",
			 s);
	else if (cf->section_line)
		conf_err(cf, line, "a second [Interface] section (the first is on line %d)",
			 cf->section_line);
	else
		cf->section_line = line;
}

/* Is @a in @pfx/64? */
static bool in_prefix64(const struct in6_addr *a, const struct in6_addr *pfx)
{
	return !memcmp(a, pfx, 8);
}

/*
 * What the DNS and NAT64 keys of a server need of each other: all go out
 * with (or listen on) the prefix; the DNS64 resolver synthesises from
 * the NAT64 prefix for the intranet domains.
 */
static void check_dns_needs(struct conf *cf)
{
	static const unsigned int need_prefix[] = {
		KEY_DNS, KEY_DOMAINS, KEY_DNS_LIFETIME, KEY_DNS64_UPSTREAM };
	unsigned int i, k;

	for (i = 0; i < ARRAY_SIZE(need_prefix); i++) {
		k = need_prefix[i];
		if (cf->val[k] && !cf->val[KEY_PREFIX])
			conf_err(cf, cf->line[k], "%s needs Prefix = PREFIX/64 (%s)",
				 conf_keys[k].name, k == KEY_DNS64_UPSTREAM ?
				 "the DNS64 resolver listens on PREFIX::1" :
				 "it goes out in the prefix's router advertisements");
	}
	if (cf->val[KEY_NAT64_PREFIX] && cf->val[KEY_PREFIX] &&
	    in_prefix64(&cf->nat64_prefix, &cf->prefix))
		conf_err(cf, cf->line[KEY_NAT64_PREFIX],
			 "NAT64Prefix = %s is inside Prefix = %s: clients would take its addresses for neighbours on the link",
			 cf->val[KEY_NAT64_PREFIX], cf->val[KEY_PREFIX]);
	if (!cf->val[KEY_DNS64_UPSTREAM])
		return;
	if (!cf->val[KEY_NAT64_PREFIX])
		conf_err(cf, cf->line[KEY_DNS64_UPSTREAM],
			 "DNS64Upstream needs NAT64Prefix = PREFIX/96 (the addresses the resolver makes up)");
	if (!cf->val[KEY_DOMAINS])
		conf_err(cf, cf->line[KEY_DNS64_UPSTREAM],
			 "DNS64Upstream needs IntranetDomains = DOMAIN, ... (the names the resolver asks it about)");
}

/* What depends on Role: keys that do not apply, keys that must be there. */
static void check_role(struct conf *cf)
{
	const char *r = cf->val[KEY_ROLE];
	struct ipt6_err err = { 0 };
	unsigned int k;

	if (!r) {
		conf_err(cf, 0, "Role = client or Role = server is missing");
		return;
	}
	if (!strcasecmp(r, "client")) {
		cf->role = CLIENT;
	} else if (!strcasecmp(r, "server")) {
		cf->role = SERVER;
	} else {
		conf_err(cf, cf->line[KEY_ROLE], "Role = %s: must be client or server",
			 r);
		return;
	}
	for (k = 0; k < NKEYS; k++)
		if (cf->line[k] && !(conf_keys[k].roles & cf->role))
			conf_err(cf, cf->line[k], "%s is for %s, and this is a %s",
				 conf_keys[k].name,
				 conf_keys[k].roles == CLIENT ? "clients" : "servers",
				 r);
	if (cf->role == CLIENT && !cf->val[KEY_URL])
		conf_err(cf, cf->line[KEY_ROLE], "a client needs URL = https://NAME[:PORT][/PATH]");
	if (ipt6_check_cert_key(cf->val[KEY_CERT], cf->val[KEY_KEY],
				cf->role == SERVER, true, &err)) {
		/* A server's file lacks one; a client's has one too many. */
		k = cf->role == SERVER ? KEY_ROLE :
		    cf->val[KEY_CERT] ? KEY_CERT : KEY_KEY;
		conf_err(cf, cf->line[k], "%s", err.msg);
	}
	if (cf->yes[KEY_REQUIRE_CERT] && !cf->val[KEY_CA])
		conf_err(cf, cf->line[KEY_REQUIRE_CERT],
			 "RequireClientCert needs CA = FILE");
	if (cf->role == SERVER)
		check_dns_needs(cf);
}

int conf_check(struct conf *cf)
{
	unsigned int k;

	if (!cf->section_line) {
		conf_err(cf, 0, "no [Interface] section");
		return -1;
	}
	for (k = 0; k < NKEYS; k++)
		if (cf->val[k])
			check_value(cf, k);
	check_role(cf);
	return 0;
}

void conf_free(struct conf *cf)
{
	unsigned int k;

	for (k = 0; k < NKEYS; k++)
		free(cf->val[k]);
}
