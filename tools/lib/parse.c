// SPDX-License-Identifier: GPL-2.0
/*
 * One parser for each kind of thing the user types (see parse.h), so that
 * an option and the configuration key that becomes it cannot disagree.
 * strtoul() is not used: it skips blanks, takes a sign (and turns "-1"
 * into a huge number) and needs errno to tell an overflow.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "parse.h"

int ipt6_parse_u64(const char *text, uint64_t min, uint64_t max,
		   uint64_t *out)
{
	uint64_t v = 0;
	const char *p;

	if (!*text)
		return -1;
	for (p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int ipt6_parse_uint(const char *text, unsigned int min, unsigned int max,
		    unsigned int *out)
{
	uint64_t v;

	if (ipt6_parse_u64(text, min, max, &v))
		return -1;
	*out = (unsigned int)v;
	return 0;
}

int ipt6_parse_secs_ms(const char *text, unsigned int min, unsigned int max,
		       int *ms)
{
	unsigned int s;

	if (max > IPT6_SECS_MS_MAX)
		max = IPT6_SECS_MS_MAX;
	if (ipt6_parse_uint(text, min, max, &s))
		return -1;
	*ms = (int)s * 1000;
	return 0;
}

static bool len_allowed(unsigned int flags, uint64_t len)
{
	if (flags & IPT6_PREFIX_64)
		return len == 64;
	if (flags & IPT6_PREFIX_RFC6052)
		return len == 32 || len == 40 || len == 48 || len == 56 ||
		       len == 64 || len == 96;
	return len >= 1 && len <= 128;
}

/* A prefix of the right length, for the examples in the messages. */
static const char *example(unsigned int flags)
{
	if (flags & IPT6_PREFIX_RFC6052)
		return "64:ff9b::/96";
	if (flags & IPT6_PREFIX_64)
		return "2001:db8:1::/64";
	return "2001:db8::/32";
}

static int refuse_len(const char *text, unsigned int flags, uint64_t len,
		      struct ipt6_err *err)
{
	if (flags & IPT6_PREFIX_64)
		ipt6_err_set(err, IPT6_E_CONFIG,
			     "%s: needs an IPv6 /64 (hosts form their addresses from a 64-bit prefix), like %s",
			     text, example(flags));
	else if (flags & IPT6_PREFIX_RFC6052)
		ipt6_err_set(err, IPT6_E_CONFIG,
			     "%s: prefix length /%llu is not allowed: RFC 6052 allows only 32, 40, 48, 56, 64 and 96",
			     text, (unsigned long long)len);
	else
		ipt6_err_set(err, IPT6_E_CONFIG,
			     "%s: prefix length /%llu is not allowed: it must be 1 to 128",
			     text, (unsigned long long)len);
	return IPT6_PARSE_REFUSED;
}

/* @a with the bits after the first @len zeroed. */
static void mask(struct in6_addr *a, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < 16; i++, len = len > 8 ? len - 8 : 0)
		if (len < 8)
			a->s6_addr[i] &= (uint8_t)(0xff00 >> len);
}

/* Routed to and from somewhere: not multicast, link-local, ::1, ::, ... */
static bool routable(const struct in6_addr *p)
{
	return !IN6_IS_ADDR_MULTICAST(p) && !IN6_IS_ADDR_LINKLOCAL(p) &&
	       !IN6_IS_ADDR_UNSPECIFIED(p) && !IN6_IS_ADDR_LOOPBACK(p) &&
	       !IN6_IS_ADDR_V4MAPPED(p);
}

int ipt6_parse_prefix(const char *text, struct in6_addr *addr, int *len,
		      unsigned int flags, struct ipt6_err *err)
{
	char buf[INET6_ADDRSTRLEN + 24], net[INET6_ADDRSTRLEN];
	struct in6_addr a, p;
	uint64_t n = 0;
	char *slash;

	if (strlen(text) >= sizeof(buf))
		goto syntax;
	memcpy(buf, text, strlen(text) + 1);
	slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
		if (ipt6_parse_u64(slash + 1, 0, UINT32_MAX, &n))
			goto syntax;
	} else if (flags & IPT6_PREFIX_BARE) {
		n = flags & IPT6_PREFIX_64 ? 64 : 128;
	}
	if (inet_pton(AF_INET6, buf, &a) != 1)
		goto syntax;
	if (!slash && !(flags & IPT6_PREFIX_BARE))
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "%s has no /LENGTH (the prefix needs its length, like %s/%s)",
				    text, text,
				    strchr(example(flags), '/') + 1),
		       IPT6_PARSE_SYNTAX;
	if (!len_allowed(flags, n))
		return refuse_len(text, flags, n, err);
	p = a;
	mask(&p, (unsigned int)n);
	/* An address is judged as itself, a prefix without its host bits. */
	if ((flags & IPT6_PREFIX_ROUTABLE) &&
	    !routable(flags & IPT6_PREFIX_ADDRESS ? &a : &p))
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "%s: must be a global or unique local prefix (not multicast, link-local, loopback or ::)",
				    text),
		       IPT6_PARSE_REFUSED;
	if (!(flags & IPT6_PREFIX_ADDRESS) && memcmp(&a, &p, sizeof(a))) {
		inet_ntop(AF_INET6, &p, net, sizeof(net));
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "%s has bits set beyond its length /%u (host bits); did you mean %s/%u?",
				    text, (unsigned int)n, net,
				    (unsigned int)n),
		       IPT6_PARSE_REFUSED;
	}
	*addr = a;
	*len = (int)n;
	return 0;
syntax:
	if (flags & IPT6_PREFIX_ADDRESS)
		ipt6_err_set(err, IPT6_E_CONFIG,
			     "%s: not an IPv6 address with an optional /LENGTH",
			     text);
	else
		ipt6_err_set(err, IPT6_E_CONFIG,
			     "'%s' is not an IPv6 prefix (PREFIX/LENGTH, like %s)",
			     text, example(flags));
	return IPT6_PARSE_SYNTAX;
}

int ipt6_check_cert_key(const char *cert, const char *key, bool server,
			bool config, struct ipt6_err *err)
{
	const char *c = config ? "Cert = FILE" : "--cert FILE";
	const char *k = config ? "Key = FILE" : "--key FILE";

	if (cert && key)
		return 0;
	if (server)
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "a server needs %s and %s (its certificate and private key)",
				    c, k);
	if (cert || key)
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "%s and %s go together (a certificate and its private key): give both or neither",
				    c, k);
	return 0;
}
