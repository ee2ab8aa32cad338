// SPDX-License-Identifier: GPL-2.0
/*
 * URL parsing for the IP-HTTPS server address.  Strict on purpose: a typo
 * found here gives a clear "invalid URL" instead of a confusing DNS or
 * certificate error later.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"
#include "url.h"

int ipt6_host_is_ip(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, buf) == 1 ||
	       inet_pton(AF_INET6, host, buf) == 1;
}

/* RFC 1123 host name characters; '_' is tolerated as many DNS zones use it. */
static int host_name_ok(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (!isalnum(c) && c != '-' && c != '.' && c != '_')
			return 0;
	}
	return 1;
}

/*
 * Splits "host", "host:port", "[v6]" or "[v6]:port" into @out (port
 * @defport when none is given).  @what names the thing in messages.
 */
static int parse_authority(const char *what, const char *url, const char *a,
			   size_t len, const char *defport,
			   struct ipt6_url *out, struct ipt6_err *err)
{
	const char *host = a, *colon = NULL;
	size_t hlen;

	if (len && a[0] == '[') {
		const char *end = memchr(a, ']', len);

		if (!end)
			return ipt6_err_set(err, IPT6_E_URL,
					    "%s: '%s' has '[' without ']'",
					    what, url);
		host = a + 1;
		hlen = end - host;
		if (end + 1 < a + len) {
			if (end[1] != ':')
				return ipt6_err_set(err, IPT6_E_URL,
						    "%s: '%s': junk after ']'",
						    what, url);
			colon = end + 1;
		}
	} else {
		colon = memchr(a, ':', len);
		hlen = colon ? (size_t)(colon - a) : len;
	}
	if (!hlen)
		return ipt6_err_set(err, IPT6_E_URL,
				    "%s: '%s' has an empty host name", what, url);
	if (hlen >= sizeof(out->host))
		return ipt6_err_set(err, IPT6_E_URL,
				    "%s: host name in '%s' is too long", what, url);
	memcpy(out->host, host, hlen);
	out->host[hlen] = '\0';

	if (host != a) {
		struct in6_addr in6;

		if (inet_pton(AF_INET6, out->host, &in6) != 1)
			return ipt6_err_set(err, IPT6_E_URL,
					    "%s: '[%s]' is not an IPv6 address",
					    what, out->host);
	} else if (!host_name_ok(host, hlen)) {
		return ipt6_err_set(err, IPT6_E_URL,
				    "%s: '%s' is not a valid host name (expected letters, digits, '-' and '.')",
				    what, out->host);
	}

	snprintf(out->port, sizeof(out->port), "%s", defport);
	if (colon) {
		size_t plen = a + len - colon - 1;
		unsigned int port;
		char buf[8];

		if (plen > 5)	/* five digits at most, as 65535 */
			goto bad_port;
		memcpy(buf, colon + 1, plen);
		buf[plen] = '\0';
		if (ipt6_parse_uint(buf, 1, 65535, &port))
			goto bad_port;
		snprintf(out->port, sizeof(out->port), "%u", port);
	}
	return 0;

bad_port:
	return ipt6_err_set(err, IPT6_E_URL,
			    "%s: '%s' has a bad port (expected 1-65535)", what, url);
}

/* The path goes into the request line verbatim: visible ASCII only. */
static int parse_path(const char *url, const char *p, struct ipt6_url *out,
		      struct ipt6_err *err)
{
	size_t i, len = strlen(p);

	if (!len) {
		strcpy(out->path, IPT6_DEFAULT_PATH);
		return 0;
	}
	if (len >= sizeof(out->path))
		return ipt6_err_set(err, IPT6_E_URL,
				    "URL: path in '%s' is too long", url);
	for (i = 0; i < len; i++) {
		unsigned char c = p[i];

		if (c <= ' ' || c >= 0x7f || c == '#')
			return ipt6_err_set(err, IPT6_E_URL,
					    "URL: path '%s' contains a character not allowed in a URL path (0x%02x)",
					    p, c);
	}
	memcpy(out->path, p, len + 1);
	return 0;
}

int ipt6_url_parse(const char *url, struct ipt6_url *out,
		   struct ipt6_err *err)
{
	static const char scheme[] = "https://";
	const char *a, *p, *sep;

	memset(out, 0, sizeof(*out));
	sep = strstr(url, "://");
	if (!sep)
		return ipt6_err_set(err, IPT6_E_URL,
				    "URL: '%s' does not start with https://",
				    url);
	if (strncasecmp(url, scheme, sizeof(scheme) - 1))
		return ipt6_err_set(err, IPT6_E_URL,
				    "URL: scheme must be https, got '%.*s' in '%s'",
				    (int)(sep - url), url, url);
	a = url + sizeof(scheme) - 1;
	p = a + strcspn(a, "/?#");
	if (*p == '?' || *p == '#')
		return ipt6_err_set(err, IPT6_E_URL,
				    "URL: '%s': expected '/PATH' after the host",
				    url);
	if (memchr(a, '@', p - a))
		return ipt6_err_set(err, IPT6_E_URL,
				    "URL: '%s': user names in the URL are not supported",
				    url);
	if (parse_authority("URL", url, a, p - a, IPT6_DEFAULT_PORT, out,
			    err))
		return -1;
	return parse_path(url, p, out, err);
}

int ipt6_hostport_parse(const char *what, const char *text, const char *hp,
			size_t len, const char *defport, struct ipt6_url *out,
			struct ipt6_err *err)
{
	memset(out, 0, sizeof(*out));
	return parse_authority(what, text, hp, len, defport, out, err);
}
