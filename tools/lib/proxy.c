// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP proxy choice and CONNECT.  The environment is read the way curl
 * reads it, so a host set up for curl and browsers works unchanged; a
 * password never appears in a message.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "hex.h"
#include "io.h"
#include "parse.h"
#include "proxy.h"
#include "tls.h"
#include "url.h"

/* Percent-decode @len bytes of @s into @out; -1 on a bad escape or %00. */
static int pct_decode(const char *s, size_t len, char *out, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		int c = (unsigned char)s[i];

		if (c == '%') {
			int hi = i + 2 < len ? ipt6_hexval(s[i + 1]) : -1;
			int lo = hi >= 0 ? ipt6_hexval(s[i + 2]) : -1;

			if (hi < 0 || lo < 0 || !(hi | lo))
				return -1;
			c = hi << 4 | lo;
			i += 2;
		}
		if (n + 1 >= size)
			return -1;
		out[n++] = c;
	}
	out[n] = '\0';
	return 0;
}

/* The proxy URL for messages: the password replaced by "***". */
static void redact(const char *text, char *out, size_t size)
{
	const char *s = strstr(text, "://"), *end, *at, *colon;

	s = s ? s + 3 : text;
	end = s + strcspn(s, "/?#");
	at = memrchr(s, '@', end - s);
	colon = at ? memchr(s, ':', at - s) : NULL;
	if (!colon)
		snprintf(out, size, "%s", text);
	else
		snprintf(out, size, "%.*s:***%s", (int)(colon - text), text,
			 at);
}

static void set_name(struct ipt6_proxy *p)
{
	const char *lb = strchr(p->host, ':') ? "[" : "";

	snprintf(p->name, sizeof(p->name), "%s%s%s:%s%s%s%s", lb, p->host,
		 *lb ? "]" : "", p->port,
		 strcmp(p->source, "--proxy") ? " (from " : "",
		 strcmp(p->source, "--proxy") ? p->source : "",
		 strcmp(p->source, "--proxy") ? ")" : "");
}

/* USER[:PASSWORD] of a proxy URL, percent-decoded, into @p->auth. */
static int parse_userinfo(const char *shown, const char *s, size_t len,
			  struct ipt6_proxy *p, struct ipt6_err *err)
{
	const char *colon = memchr(s, ':', len);
	size_t ulen = colon ? (size_t)(colon - s) : len;
	char pass[256] = "";

	if (pct_decode(s, ulen, p->user, sizeof(p->user)) ||
	    (colon && pct_decode(colon + 1, len - ulen - 1, pass,
				 sizeof(pass))))
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "proxy URL '%s': bad user name or password (a '%%' must start a %%XX escape, at most 127 and 255 bytes)",
				    shown);
	if (strchr(p->user, ':'))
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "proxy URL '%s': a user name cannot contain ':' with Basic authentication",
				    shown);
	snprintf(p->auth, sizeof(p->auth), "%s:%s", p->user, pass);
	return 0;
}

int ipt6_proxy_parse(const char *text, const char *source,
		     struct ipt6_proxy *p, struct ipt6_err *err)
{
	const char *s = text, *sep, *end, *at;
	struct ipt6_url hp;
	char shown[512];

	memset(p, 0, sizeof(*p));
	snprintf(p->source, sizeof(p->source), "%s", source);
	redact(text, shown, sizeof(shown));
	sep = strstr(s, "://");
	if (sep) {
		if (sep - s != 4 || strncasecmp(s, "http", 4))
			return ipt6_err_set(err, IPT6_E_CONFIG,
					    "proxy URL '%s' (%s): scheme '%.*s' not supported; expected http://[USER:PASSWORD@]HOST[:PORT]",
					    shown, source, (int)(sep - s), s);
		s = sep + 3;
	}
	end = s + strcspn(s, "/?#");
	if (*end && strcmp(end, "/"))
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "proxy URL '%s' (%s): expected nothing after HOST:PORT, got '%s'",
				    shown, source, end);
	at = memrchr(s, '@', end - s);
	if (at && parse_userinfo(shown, s, at - s, p, err))
		return -1;
	s = at ? at + 1 : s;
	/* A bad proxy address is a bad setting, not a bad server URL. */
	if (ipt6_hostport_parse("proxy URL", shown, s, end - s,
				IPT6_PROXY_DEFAULT_PORT, &hp, err)) {
		if (err)
			err->code = IPT6_E_CONFIG;
		return -1;
	}
	snprintf(p->host, sizeof(p->host), "%s", hp.host);
	snprintf(p->port, sizeof(p->port), "%s", hp.port);
	set_name(p);
	return 0;
}

int ipt6_proxy_set_user(struct ipt6_proxy *p, const char *userpass,
			struct ipt6_err *err)
{
	const char *colon = strchr(userpass, ':');
	size_t ulen = colon ? (size_t)(colon - userpass) : 0;

	if (!colon)
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "--proxy-user takes USER:PASSWORD");
	if (ulen >= sizeof(p->user) || strlen(userpass) >= sizeof(p->auth))
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "--proxy-user: user name or password too long");
	memcpy(p->user, userpass, ulen);
	p->user[ulen] = '\0';
	snprintf(p->auth, sizeof(p->auth), "%s", userpass);
	return 0;
}

/* @ip in the network @tok ("ADDR" or "ADDR/BITS"), same family only. */
static bool ip_match(const char *tok, const char *ip)
{
	unsigned char a[16], b[16];
	char addr[INET6_ADDRSTRLEN + 2];
	const char *slash = strchr(tok, '/');
	size_t len = slash ? (size_t)(slash - tok) : strlen(tok);
	unsigned int bits, max, i;
	int af;

	if (len && tok[0] == '[' && tok[len - 1] == ']') {
		tok++;
		len -= 2;
	}
	if (len >= sizeof(addr))
		return false;
	memcpy(addr, tok, len);
	addr[len] = '\0';
	af = strchr(addr, ':') ? AF_INET6 : AF_INET;
	max = af == AF_INET6 ? 128 : 32;
	if (inet_pton(af, addr, a) != 1 || inet_pton(af, ip, b) != 1)
		return false;
	bits = max;
	if (slash && ipt6_parse_uint(slash + 1, 0, max, &bits))
		return false;
	for (i = 0; i < bits / 8; i++)
		if (a[i] != b[i])
			return false;
	return !(bits % 8) ||
	       !((a[i] ^ b[i]) & (0xff << (8 - bits % 8) & 0xff));
}

/* @name is @tok or a subdomain of it; both without trailing dots. */
static bool name_match(const char *tok, const char *name)
{
	size_t t = strlen(tok), n = strlen(name);

	if (n == t)
		return !strcasecmp(tok, name);
	return n > t && name[n - t - 1] == '.' &&
	       !strcasecmp(name + n - t, tok);
}

bool ipt6_no_proxy_match(const char *list, const char *host)
{
	char h[256], tok[256];
	const char *s = list;
	size_t len;
	bool ip;

	len = strlen(host);
	if (len && host[0] == '[' && host[len - 1] == ']') {
		host++;
		len -= 2;
	}
	while (len && host[len - 1] == '.')
		len--;
	if (!len || len >= sizeof(h))
		return false;
	memcpy(h, host, len);
	h[len] = '\0';
	ip = ipt6_host_is_ip(h);

	while (*s) {
		const char *t;

		s += strspn(s, ", \t");
		len = strcspn(s, ", \t");
		t = s;
		s += len;
		if (!len || len >= sizeof(tok))
			continue;
		memcpy(tok, t, len);
		tok[len] = '\0';
		if (!strcmp(tok, "*"))
			return true;
		if (ip) {
			if (ip_match(tok, h))
				return true;
			continue;
		}
		t = tok + (tok[0] == '.');
		while (len && tok[len - 1] == '.')
			tok[--len] = '\0';
		if (*t && name_match(t, h))
			return true;
	}
	return false;
}

/* The lower-case variable if set and not empty, else the upper-case one. */
static const char *env_pick(const char *lower, const char *upper,
			    const char **var)
{
	const char *v = getenv(lower);

	*var = lower;
	if (!v || !*v) {
		v = getenv(upper);
		*var = upper;
	}
	return v && *v ? v : NULL;
}

static void say(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (!why || !size)
		return;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
}

int ipt6_proxy_choose(const char *opt, const char *user, bool use_env,
		      const char *host, const char *alt,
		      struct ipt6_proxy *p, char *why, size_t why_size,
		      struct ipt6_err *err)
{
	const char *var = "--proxy", *val = opt, *np_var, *np = NULL;

	memset(p, 0, sizeof(*p));
	if (use_env)
		np = env_pick("no_proxy", "NO_PROXY", &np_var);
	if (np && (ipt6_no_proxy_match(np, host) ||
		   (alt && ipt6_no_proxy_match(np, alt)))) {
		say(why, why_size, "none: %s is listed in %s='%s'",
		    ipt6_no_proxy_match(np, host) ? host : alt, np_var, np);
		return 0;
	}
	if (!val && use_env)
		val = env_pick("https_proxy", "HTTPS_PROXY", &var);
	if (!val) {
		say(why, why_size, "none: %s", use_env ?
		    "no --proxy, and neither https_proxy nor HTTPS_PROXY is set" :
		    "no --proxy (--no-proxy: the environment is ignored)");
		return 0;
	}
	if (ipt6_proxy_parse(val, var, p, err) ||
	    (user && ipt6_proxy_set_user(p, user, err)))
		return -1;
	say(why, why_size, "%s%s%s%s", p->name,
	    p->auth[0] ? ", Basic authentication as user '" : "",
	    p->auth[0] ? p->user : "", p->auth[0] ? "'" : "");
	return 1;
}

int ipt6_proxy_open(const struct ipt6_proxy *p, const char *host,
		    const char *port, int timeout_ms,
		    struct ipt6_proxy_reply *reply, struct ipt6_err *err)
{
	long long deadline, left;
	struct ipt6_err e = { 0 };
	int fd;

	if (timeout_ms <= 0)
		timeout_ms = 10000;
	deadline = ipt6_now_ms() + timeout_ms;
	if (reply)
		memset(reply, 0, sizeof(*reply));
	fd = ipt6_tcp_connect(p->host, p->port, timeout_ms, &e);
	if (fd < 0)
		return ipt6_err_set(err, e.code, "proxy %s: %s", p->name,
				    e.msg);
	left = deadline - ipt6_now_ms();
	if (ipt6_http_proxy_connect(fd, p->name, host, port, p->auth,
				    left > 0 ? (int)left : 1, reply, err)) {
		close(fd);
		return -1;
	}
	return fd;
}
