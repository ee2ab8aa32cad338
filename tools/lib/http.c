// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include <openssl/evp.h>

#include "hex.h"
#include "http.h"
#include "io.h"

/* RFC 7230: the Host header names the port only when it is not 443. */
static void format_host(char *buf, size_t size, const char *host,
			const char *port)
{
	const char *lb = strchr(host, ':') ? "[" : "";
	const char *rb = *lb ? "]" : "";

	if (!strcmp(port, IPT6_DEFAULT_PORT))
		snprintf(buf, size, "%s%s%s", lb, host, rb);
	else
		snprintf(buf, size, "%s%s%s:%s", lb, host, rb, port);
}

/*
 * Content-Length 2^64-1 says "a body without end" in the words Windows
 * uses; a server must not wait for it.
 */
int ipt6_http_format_request(char *buf, size_t size,
			     const struct ipt6_url *url,
			     const unsigned char *session)
{
	char host[300], sess[sizeof(IPT6_SESSION_HEADER) + 2 * IPT6_SESSION_LEN + 8];
	int i, n;

	format_host(host, sizeof(host), url->host, url->port);
	sess[0] = '\0';
	if (session) {
		n = snprintf(sess, sizeof(sess), "%s: ", IPT6_SESSION_HEADER);
		for (i = 0; i < IPT6_SESSION_LEN; i++)
			n += snprintf(sess + n, sizeof(sess) - n, "%02x",
				      session[i]);
		snprintf(sess + n, sizeof(sess) - n, "\r\n");
	}
	n = snprintf(buf, size,
		     "POST %s HTTP/1.1\r\n"
		     "Host: %s\r\n"
		     "Content-Length: 18446744073709551615\r\n"
		     "%s"
		     "\r\n", url->path, host, sess);
	return n < 0 || (size_t)n >= size ? -1 : n;
}

size_t ipt6_http_head_len(const char *buf, size_t len)
{
	size_t i;

	for (i = 3; i < len; i++)
		if (!memcmp(buf + i - 3, "\r\n\r\n", 4))
			return i + 1;
	return 0;
}

/* Copy the first line of @s for a message, unprintable bytes as '?'. */
static void quote_line(char *dst, size_t size, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < size && i < len && s[i] != '\r' && s[i] != '\n';
	     i++)
		dst[i] = (s[i] < ' ' || s[i] >= 0x7f) ? '?' : s[i];
	dst[i] = '\0';
}

int ipt6_http_parse_status(const char *head, size_t len, int *code,
			   char *line, size_t line_size, struct ipt6_err *err)
{
	char first[128];

	quote_line(first, sizeof(first), head, len);
	if (strncmp(first, "HTTP/1.", 7) || (first[7] != '0' &&
	    first[7] != '1') || first[8] != ' ' ||
	    strspn(first + 9, "0123456789") != 3 ||
	    (first[12] != ' ' && first[12] != '\0'))
		return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
				    "HTTP: expected a status line like 'HTTP/1.1 200 OK', got '%s'",
				    first);
	/* Three digits, checked above. */
	*code = (first[9] - '0') * 100 + (first[10] - '0') * 10 +
		first[11] - '0';
	snprintf(line, line_size, "%s", first + 9);
	return 0;
}

/*
 * Value of the first header @name after the line that @from is in, in a
 * NUL-terminated head (@from: the head itself, or a value found before),
 * or NULL.
 */
static const char *find_header(const char *from, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = strstr(from, "\r\n");

	while (p && p[2] != '\r') {
		p += 2;
		if (!strncasecmp(p, name, nlen) && p[nlen] == ':')
			return p + nlen + 1;
		p = strstr(p, "\r\n");
	}
	return NULL;
}

/* @v: the header's value up to its line end; 0, or -1 when malformed. */
static int parse_session(const char *v, unsigned char *session)
{
	v += strspn(v, " \t");
	if (ipt6_hex_decode(v, session, IPT6_SESSION_LEN) != IPT6_SESSION_LEN)
		return -1;
	v += 2 * IPT6_SESSION_LEN;
	v += strspn(v, " \t");
	return strncmp(v, "\r\n", 2) ? -1 : 0;
}

/*
 * A Content-Length value up to its line end: 1 to 20 digits, the number
 * below 2^64, optional blanks around it and nothing else.  0, or -1.
 */
static int parse_length(const char *v, uint64_t *out)
{
	uint64_t n = 0;
	size_t i, digits;

	v += strspn(v, " \t");
	digits = strspn(v, "0123456789");
	if (!digits || digits > 20)
		return -1;
	for (i = 0; i < digits; i++) {
		unsigned int d = v[i] - '0';

		if (n > (UINT64_MAX - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	v += digits;
	v += strspn(v, " \t");
	if (strncmp(v, "\r\n", 2))
		return -1;
	*out = n;
	return 0;
}

/*
 * Every Content-Length header of @head: one length, repeated or not.  A
 * request whose length cannot be trusted cannot be framed (RFC 9112,
 * 6.3): refuse it rather than guess.
 */
static int parse_lengths(const char *head, struct ipt6_http_req *req,
			 struct ipt6_err *err)
{
	const char *v = head;
	uint64_t n;

	while ((v = find_header(v, "Content-Length"))) {
		if (parse_length(v, &n)) {
			char shown[32];

			v += strspn(v, " \t");
			quote_line(shown, sizeof(shown), v, strlen(v));
			return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
					    "HTTP: Content-Length '%s' is not a decimal number below 2^64",
					    shown);
		}
		if (req->has_length && n != req->length)
			return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
					    "HTTP: two different Content-Length headers (%llu and %llu)",
					    (unsigned long long)req->length,
					    (unsigned long long)n);
		req->has_length = true;
		req->length = n;
	}
	if (req->has_length && req->chunked)
		return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
				    "HTTP: both Content-Length and Transfer-Encoding");
	return 0;
}

int ipt6_http_parse_request(const char *head, size_t len,
			    struct ipt6_http_req *req, struct ipt6_err *err)
{
	char first[300], copy[IPT6_HTTP_HEAD_MAX + 1];
	const char *value;
	char *sp1, *sp2;

	memset(req, 0, sizeof(*req));
	quote_line(first, sizeof(first), head, len);
	sp1 = strchr(first, ' ');
	sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	/* Method and path: one word each, neither empty. */
	if (!sp1 || !sp2 || sp1 == first || sp2 == sp1 + 1 ||
	    (size_t)(sp1 - first) >= sizeof(req->method) ||
	    (size_t)(sp2 - sp1 - 1) >= sizeof(req->path) ||
	    (strcmp(sp2 + 1, "HTTP/1.1") && strcmp(sp2 + 1, "HTTP/1.0")))
		return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
				    "HTTP: expected a request line like 'POST /IPHTTPS HTTP/1.1', got '%s'",
				    first);
	memcpy(req->method, first, sp1 - first);
	memcpy(req->path, sp1 + 1, sp2 - sp1 - 1);

	if (len > IPT6_HTTP_HEAD_MAX)
		len = IPT6_HTTP_HEAD_MAX;
	/* Headers behind a NUL would be invisible to the checks below. */
	if (memchr(head, '\0', len))
		return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
				    "HTTP: the request head contains a NUL byte");
	memcpy(copy, head, len);
	copy[len] = '\0';
	req->chunked = find_header(copy, "Transfer-Encoding") != NULL;
	if (parse_lengths(copy, req, err))
		return -1;
	value = find_header(copy, IPT6_SESSION_HEADER);
	if (value) {
		if (parse_session(value, req->session))
			return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
					    "HTTP: the %s header is not %d hex digits",
					    IPT6_SESSION_HEADER,
					    2 * IPT6_SESSION_LEN);
		req->has_session = true;
	}
	return 0;
}

const char *ipt6_http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 431: return "Request Header Fields Too Large";
	case 501: return "Not Implemented";
	default:  return "Error";
	}
}

/* RFC 7231 IMF-fixdate, built by hand so the locale cannot change it. */
static void http_date(char *buf, size_t size)
{
	static const char *const days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d GMT",
		 days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int ipt6_http_format_response(char *buf, size_t size, int status)
{
	char date[40];
	int n;

	http_date(date, sizeof(date));
	if (status == 200)
		n = snprintf(buf, size,
			     "HTTP/1.1 200 OK\r\n"
			     "Date: %s\r\n"
			     "Server: ipt6\r\n"
			     "\r\n", date);
	else
		n = snprintf(buf, size,
			     "HTTP/1.1 %d %s\r\n"
			     "Date: %s\r\n"
			     "Server: ipt6\r\n"
			     "%s"
			     "Content-Length: 0\r\n"
			     "Connection: close\r\n"
			     "\r\n", status, ipt6_http_reason(status), date,
			     status == 405 ? "Allow: POST\r\n" : "");
	return n < 0 || (size_t)n >= size ? -1 : n;
}


static int proxy_send(int fd, const char *via, const char *buf, size_t len,
		      long long deadline, struct ipt6_err *err)
{
	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n > 0) {
			buf += n;
			len -= n;
		} else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			if (ipt6_wait_fd(fd, POLLOUT, deadline))
				return ipt6_err_set(err, IPT6_E_PROXY,
						    "proxy %s: timed out sending CONNECT",
						    via);
		} else {
			return ipt6_err_set(err, IPT6_E_PROXY,
					    "proxy %s: sending CONNECT failed: %s",
					    via, strerror(errno));
		}
	}
	return 0;
}

/* One byte at a time: the TLS handshake follows right behind the head. */
static int proxy_read_head(int fd, const char *via, const char *target,
			   char *buf, size_t size, long long deadline,
			   struct ipt6_err *err)
{
	size_t len = 0;

	while (!ipt6_http_head_len(buf, len)) {
		ssize_t n;

		if (len + 1 >= size)
			return ipt6_err_set(err, IPT6_E_PROXY,
					    "proxy %s: answer to CONNECT longer than %zu bytes",
					    via, size);
		n = recv(fd, buf + len, 1, MSG_DONTWAIT);
		if (n == 1) {
			len++;
		} else if (n == 0) {
			return ipt6_err_set(err, IPT6_E_PROXY,
					    "proxy %s: closed the connection without answering CONNECT %s",
					    via, target);
		} else if (errno == EAGAIN || errno == EINTR) {
			if (ipt6_wait_fd(fd, POLLIN, deadline))
				return ipt6_err_set(err, IPT6_E_PROXY,
						    "proxy %s: no answer to CONNECT %s in time (can the proxy reach the server?)",
						    via, target);
		} else {
			return ipt6_err_set(err, IPT6_E_PROXY,
					    "proxy %s: reading the answer to CONNECT failed: %s",
					    via, strerror(errno));
		}
	}
	buf[len] = '\0';
	return (int)len;
}

static void add_word(char *out, size_t size, const char *w, size_t n)
{
	size_t len = strlen(out);

	if (n < 32 && len < size)
		snprintf(out + len, size - len, "%s%.*s", len ? ", " : "",
			 (int)n, w);
}

/*
 * The schemes of the @name challenges in @head, e.g. "Basic, NTLM".  A
 * header may hold several challenges separated by commas, each "SCHEME
 * [token68 | param=value, ...]": a scheme is the first word after a comma
 * (or the colon) that is not followed by '='.
 */
static void auth_schemes(const char *head, const char *name, char *out,
			 size_t size)
{
	size_t nlen = strlen(name);
	const char *p = head, *v, *end;

	out[0] = '\0';
	while ((p = strstr(p, "\r\n"))) {
		bool expect = true, quoted = false;

		p += 2;
		if (strncasecmp(p, name, nlen) || p[nlen] != ':')
			continue;
		end = strstr(p, "\r\n");
		for (v = p + nlen + 1; end && v < end; v++) {
			size_t n;

			if (quoted) {
				if (*v == '\\' && v + 1 < end)
					v++;
				else if (*v == '"')
					quoted = false;
			} else if (*v == '"') {
				quoted = true;
			} else if (*v == ',') {
				expect = true;
			} else if (*v != ' ' && *v != '\t' && expect) {
				/* n is 0 at a stray '=' or '\r': no word. */
				n = strcspn(v, " \t,=\r");
				if (n && v[n] != '=')
					add_word(out, size, v, n);
				expect = false;
				if (n)
					v += n - 1;
			}
		}
	}
}

int ipt6_http_parse_proxy_reply(const char *head, size_t len,
				struct ipt6_proxy_reply *reply,
				struct ipt6_err *err)
{
	memset(reply, 0, sizeof(*reply));
	if (ipt6_http_parse_status(head, len, &reply->status, reply->line,
				   sizeof(reply->line), err))
		return -1;
	/* tinyproxy answers wrong credentials with 401 and WWW-Authenticate. */
	auth_schemes(head, reply->status == 401 ? "WWW-Authenticate" :
		     "Proxy-Authenticate", reply->schemes,
		     sizeof(reply->schemes));
	return 0;
}

/* What a 407 means, in words, from the schemes the proxy offers. */
static int proxy_auth_fail(const char *via, const char *target,
			   const char *line, const char *schemes,
			   const char *auth, struct ipt6_err *err)
{
	if (!schemes[0])
		return ipt6_err_set(err, IPT6_E_PROXY,
				    "proxy %s wants credentials for CONNECT %s (answered %s) but names no authentication scheme",
				    via, target, line);
	if (!strcasestr(schemes, "basic"))
		return ipt6_err_set(err, IPT6_E_PROXY,
				    "proxy %s demands %s authentication for CONNECT %s (answered %s); ipt6ctl supports only Basic: ask for Basic authentication or for the server to be reachable without it",
				    via, schemes, target, line);
	if (auth)
		return ipt6_err_set(err, IPT6_E_PROXY,
				    "proxy %s refused our credentials (user '%.*s') for CONNECT %s (answered %s; it asks for %s)",
				    via, (int)strcspn(auth, ":"), auth, target,
				    line, schemes);
	return ipt6_err_set(err, IPT6_E_PROXY,
			    "proxy %s wants credentials for CONNECT %s (answered %s; it asks for %s): give them as http://USER:PASSWORD@HOST:PORT or with --proxy-user",
			    via, target, line, schemes);
}

int ipt6_http_proxy_connect(int fd, const char *via, const char *host,
			    const char *port, const char *auth,
			    int timeout_ms, struct ipt6_proxy_reply *reply,
			    struct ipt6_err *err)
{
	long long deadline = ipt6_now_ms() + (timeout_ms ? timeout_ms : 10000);
	char req[1536], head[IPT6_HTTP_HEAD_MAX], hp[300], cred[600] = "";
	struct ipt6_proxy_reply r = { 0 };
	unsigned char b64[4 * ((IPT6_PROXY_AUTH_MAX + 2) / 3) + 1];
	int n, len;
	struct ipt6_err e;

	snprintf(hp, sizeof(hp), strchr(host, ':') ? "[%s]:%s" : "%s:%s",
		 host, port);
	if (reply)
		*reply = r;
	if (auth && *auth) {
		if (strlen(auth) > IPT6_PROXY_AUTH_MAX)
			return ipt6_err_set(err, IPT6_E_CONFIG,
					    "proxy %s: credentials longer than %d bytes",
					    via, IPT6_PROXY_AUTH_MAX);
		EVP_EncodeBlock(b64, (const unsigned char *)auth, strlen(auth));
		snprintf(cred, sizeof(cred),
			 "Proxy-Authorization: Basic %s\r\n", b64);
	}
	n = snprintf(req, sizeof(req),
		     "CONNECT %s HTTP/1.1\r\nHost: %s\r\n"
		     "User-Agent: ipt6ctl\r\n%s\r\n", hp, hp, cred);
	if (n < 0 || (size_t)n >= sizeof(req))
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "proxy %s: CONNECT request too long", via);
	if (proxy_send(fd, via, req, n, deadline, err))
		return -1;
	len = proxy_read_head(fd, via, hp, head, sizeof(head), deadline, err);
	if (len < 0)
		return -1;
	if (ipt6_http_parse_proxy_reply(head, len, &r, &e))
		return ipt6_err_set(err, IPT6_E_PROXY,
				    "proxy %s: not an HTTP proxy? %s", via,
				    e.msg);
	if (reply)
		*reply = r;
	if (r.status == 407 || r.status == 401)
		return proxy_auth_fail(via, hp, r.line, r.schemes,
				       auth && *auth ? auth : NULL, err);
	if (r.status < 200 || r.status > 299)
		return ipt6_err_set(err, IPT6_E_PROXY,
				    "proxy %s refused CONNECT %s: it answered %s",
				    via, hp, r.line);
	return 0;
}
