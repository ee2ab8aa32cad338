// SPDX-License-Identifier: GPL-2.0
/*
 * DNS in router advertisements (RFC 8106), both ends: what a server may
 * advertise (the kernel's rules, kmod/dns.c, checked before sending) and
 * what a client reads from the RDNSS and DNSSL options it receives.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <netinet/icmp6.h>
#include <sys/socket.h>

#include "ra_dns.h"

#define DNS_LABEL_MAX	63
#define OPT_HDR_LEN	8	/* type, length, reserved, lifetime */

static bool ldh_or_underscore(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

int ipt6_dns_domain_check(const char *name, size_t len, struct ipt6_err *err)
{
	size_t i, label = 0;

	if (len && name[len - 1] == '.')
		len--;
	if (!len)
		return ipt6_err_set(err, IPT6_E_CONFIG, "an empty search domain");
	if (len > IPT6_DNS_NAME_MAX)
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "'%.40s...' is longer than %d characters",
				    name, IPT6_DNS_NAME_MAX);
	for (i = 0; i <= len; i++) {
		if (i == len || name[i] == '.') {
			if (!label)
				return ipt6_err_set(err, IPT6_E_CONFIG,
						    "'%.*s' has an empty label (two dots, or a dot first)",
						    (int)len, name);
			if (name[i - 1] == '-')
				return ipt6_err_set(err, IPT6_E_CONFIG,
						    "'%.*s' has a label ending in '-'",
						    (int)len, name);
			label = 0;
			continue;
		}
		if (!ldh_or_underscore(name[i]))
			return ipt6_err_set(err, IPT6_E_CONFIG,
					    "'%.*s' is not a domain name (letters, digits, '-', '_' and dots only)",
					    (int)len, name);
		if (!label && name[i] == '-')
			return ipt6_err_set(err, IPT6_E_CONFIG,
					    "'%.*s' has a label starting with '-'",
					    (int)len, name);
		if (++label > DNS_LABEL_MAX)
			return ipt6_err_set(err, IPT6_E_CONFIG,
					    "'%.*s' has a label longer than %d characters",
					    (int)len, name, DNS_LABEL_MAX);
	}
	return 0;
}

size_t ipt6_dns_name_encode(const char *name, size_t len, uint8_t *out)
{
	const char *label = name, *end = name + len, *dot;
	uint8_t *p = out;
	size_t n;

	while (label < end) {
		dot = memchr(label, '.', end - label);
		n = dot ? (size_t)(dot - label) : (size_t)(end - label);
		*p++ = n;
		memcpy(p, label, n);
		p += n;
		label += n + 1;
	}
	*p++ = 0;	/* the root */
	return p - out;
}

/* The next item of a list "a, b,c": its start and length; NULL at the end. */
static const char *next_item(const char **list, size_t *len)
{
	const char *s = *list, *start;

	while (*s == ',' || *s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	start = s;
	while (*s && *s != ',' && *s != ' ' && *s != '\t')
		s++;
	*len = s - start;
	*list = s;
	return start;
}

static int add_server(struct ipt6_dns_conf *c, const char *item, size_t len,
		      struct ipt6_err *err)
{
	char text[INET6_ADDRSTRLEN + 1];
	struct in6_addr a;
	unsigned int i;

	if (len < sizeof(text)) {
		memcpy(text, item, len);
		text[len] = '\0';
	}
	if (len >= sizeof(text) || inet_pton(AF_INET6, text, &a) != 1)
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "'%.*s' is not an IPv6 address",
				    (int)(len > 64 ? 64 : len), item);
	if (IN6_IS_ADDR_UNSPECIFIED(&a) || IN6_IS_ADDR_LOOPBACK(&a) ||
	    IN6_IS_ADDR_MULTICAST(&a) || IN6_IS_ADDR_V4MAPPED(&a))
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "%s cannot be a DNS server for clients (not ::, ::1, multicast or IPv4-mapped)",
				    text);
	for (i = 0; i < c->nservers; i++)
		if (!memcmp(&c->servers[i], &a, sizeof(a)))
			return ipt6_err_set(err, IPT6_E_CONFIG,
					    "DNS server %s given twice", text);
	if (c->nservers == IPT6_DNS_MAX_SERVERS)
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "more than %d DNS servers",
				    IPT6_DNS_MAX_SERVERS);
	c->servers[c->nservers++] = a;
	return 0;
}

int ipt6_dns_add_servers(struct ipt6_dns_conf *c, const char *list,
			 struct ipt6_err *err)
{
	const char *item;
	size_t len;

	while ((item = next_item(&list, &len)))
		if (add_server(c, item, len, err))
			return -1;
	return 0;
}

static bool has_name(const struct ipt6_dns_conf *c, const char *name,
		     size_t len)
{
	const char *p;

	for (p = c->names; p < c->names + c->names_len; p += strlen(p) + 1)
		if (strlen(p) == len && !strncasecmp(p, name, len))
			return true;
	return false;
}

static int add_domain(struct ipt6_dns_conf *c, const char *item, size_t len,
		      struct ipt6_err *err)
{
	if (ipt6_dns_domain_check(item, len, err))
		return -1;
	if (item[len - 1] == '.')
		len--;
	if (has_name(c, item, len))
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "search domain %.*s given twice", (int)len,
				    item);
	/* The kernel's limit is on the encoding: N characters take N + 2. */
	if (c->wire_len + len + 2 > IPT6_DNS_MAX_NAMES_LEN)
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "search domains too long for a router advertisement: more than %d bytes encoded (a name of N characters takes N + 2)",
				    IPT6_DNS_MAX_NAMES_LEN);
	memcpy(c->names + c->names_len, item, len);
	c->names[c->names_len + len] = '\0';
	c->names_len += len + 1;
	c->wire_len += len + 2;
	c->ndomains++;
	return 0;
}

int ipt6_dns_add_domains(struct ipt6_dns_conf *c, const char *list,
			 struct ipt6_err *err)
{
	const char *item;
	size_t len;

	while ((item = next_item(&list, &len)))
		if (add_domain(c, item, len, err))
			return -1;
	return 0;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* RFC 8106 5.1: at least one address, so a length of 3, 5, 7 ... */
static int parse_rdnss(const uint8_t *o, size_t len, struct ipt6_ra_dns *out)
{
	uint32_t lifetime = get_be32(o + 4);
	size_t off;

	if (len < OPT_HDR_LEN + 16 || (len - OPT_HDR_LEN) % 16) {
		out->malformed++;
		return 0;
	}
	for (off = OPT_HDR_LEN; off < len; off += 16) {
		if (out->nservers == IPT6_RA_DNS_SERVERS_MAX) {
			out->dropped++;
			continue;
		}
		memcpy(&out->servers[out->nservers].addr, o + off, 16);
		out->servers[out->nservers++].lifetime = lifetime;
	}
	return 0;
}

/*
 * One name of a DNSSL option at @p (@left bytes to the option's end)
 * into @name: its wire length, 0 at the padding, -1 if malformed (no
 * compression: a label byte above 63 is one).
 */
static int read_name(const uint8_t *p, size_t left, char *name)
{
	size_t off = 0, out = 0;

	if (!left || !p[0])
		return 0;
	while (off < left && p[off]) {
		/* A dot inside a label would read as two labels. */
		if (p[off] > DNS_LABEL_MAX || off + 1 + p[off] > left ||
		    out + !!out + p[off] > IPT6_DNS_NAME_MAX ||
		    memchr(p + off + 1, '.', p[off]))
			return -1;
		if (out)
			name[out++] = '.';
		memcpy(name + out, p + off + 1, p[off]);
		out += p[off];
		off += 1 + p[off];
	}
	if (off == left)
		return -1;	/* no root label before the end */
	name[out] = '\0';
	if (strlen(name) != out ||
	    ipt6_dns_domain_check(name, out, NULL))
		return -1;
	return (int)off + 1;
}

/*
 * RFC 8106 5.2: names in the DNS encoding, then zeros to the end.  The
 * names count only once the whole option is found well formed.
 */
static int parse_dnssl(const uint8_t *o, size_t len, struct ipt6_ra_dns *out)
{
	uint32_t lifetime = get_be32(o + 4);
	char name[IPT6_DNS_NAME_MAX + 1];
	unsigned int first = out->ndomains, dropped = 0;
	size_t off = OPT_HDR_LEN;
	int n;

	if (len < 2 * 8)
		goto malformed;
	while (off < len) {
		n = read_name(o + off, len - off, name);
		if (n < 0)
			goto malformed;
		if (!n)
			break;
		off += n;
		if (out->ndomains == IPT6_RA_DNS_DOMAINS_MAX) {
			dropped++;
			continue;
		}
		/* read_name() made it at most IPT6_DNS_NAME_MAX long. */
		memcpy(out->domains[out->ndomains].name, name,
		       strlen(name) + 1);
		out->domains[out->ndomains++].lifetime = lifetime;
	}
	for (; off < len; off++)
		if (o[off])
			goto malformed;
	out->dropped += dropped;
	return 0;
malformed:
	out->ndomains = first;
	out->malformed++;
	return 0;
}

int ipt6_ra_dns_parse(const uint8_t *opts, size_t len, struct ipt6_ra_dns *out,
		      struct ipt6_err *err)
{
	size_t off = 0, olen;
	int n = 0;

	while (off < len) {
		if (len - off < 2)
			return ipt6_err_set(err, IPT6_E_SYSTEM,
					    "an ND option cut short at byte %zu",
					    off);
		olen = (size_t)opts[off + 1] * 8;
		if (!olen)
			return ipt6_err_set(err, IPT6_E_SYSTEM,
					    "an ND option of length 0 at byte %zu",
					    off);
		if (olen > len - off)
			return ipt6_err_set(err, IPT6_E_SYSTEM,
					    "an ND option of %zu bytes at byte %zu runs past the end (%zu)",
					    olen, off, len);
		if (opts[off] == IPT6_ND_OPT_RDNSS)
			parse_rdnss(opts + off, olen, out);
		else if (opts[off] == IPT6_ND_OPT_DNSSL)
			parse_dnssl(opts + off, olen, out);
		off += olen;
		n++;
	}
	return n;
}

int ipt6_nduseropt_parse(const void *payload, size_t len, int ifindex,
			 struct ipt6_ra_dns *out, struct ipt6_err *err)
{
	const struct nduseroptmsg *m = payload;

	if (len < sizeof(*m) || len - sizeof(*m) < m->nduseropt_opts_len)
		return ipt6_err_set(err, IPT6_E_SYSTEM,
				    "a route netlink ND user option message cut short");
	if (m->nduseropt_family != AF_INET6 ||
	    m->nduseropt_ifindex != ifindex ||
	    m->nduseropt_icmp_type != ND_ROUTER_ADVERT ||
	    m->nduseropt_icmp_code)
		return 0;
	if (ipt6_ra_dns_parse((const uint8_t *)(m + 1), m->nduseropt_opts_len,
			      out, err) < 0)
		return -1;
	return 1;
}
