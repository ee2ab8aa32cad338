// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include <openssl/evp.h>

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
			     const struct ipt6_url *url)
{
	char host[300];
	int n;

	format_host(host, sizeof(host), url->host, url->port);
	n = snprintf(buf, size,
		     "POST %s HTTP/1.1\r\n"
		     "Host: %s\r\n"
		     "Content-Length: 18446744073709551615\r\n"
		     "\r\n", url->path, host);
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
	*code = atoi(first + 9);
	snprintf(line, line_size, "%s", first + 9);
	return 0;
}

/* Value of header @name in @head (a NUL-terminated head), or NULL. */
static const char *find_header(const char *head, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = strstr(head, "\r\n");

	while (p && p[2] != '\r') {
		p += 2;
		if (!strncasecmp(p, name, nlen) && p[nlen] == ':')
			return p + nlen + 1;
		p = strstr(p, "\r\n");
	}
	return NULL;
}

int ipt6_http_parse_request(const char *head, size_t len,
			    struct ipt6_http_req *req, struct ipt6_err *err)
{
	char first[300], copy[IPT6_HTTP_HEAD_MAX + 1];
	char *sp1, *sp2;

	memset(req, 0, sizeof(*req));
	quote_line(first, sizeof(first), head, len);
	sp1 = strchr(first, ' ');
	sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp1 || !sp2 || (size_t)(sp1 - first) >= sizeof(req->method) ||
	    (size_t)(sp2 - sp1 - 1) >= sizeof(req->path) ||
	    (strcmp(sp2 + 1, "HTTP/1.1") && strcmp(sp2 + 1, "HTTP/1.0")))
		return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
				    "HTTP: expected a request line like 'POST /IPHTTPS HTTP/1.1', got '%s'",
				    first);
	memcpy(req->method, first, sp1 - first);
	memcpy(req->path, sp1 + 1, sp2 - sp1 - 1);

	if (len > IPT6_HTTP_HEAD_MAX)
		len = IPT6_HTTP_HEAD_MAX;
	memcpy(copy, head, len);
	copy[len] = '\0';
	req->chunked = find_header(copy, "Transfer-Encoding") != NULL;
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


static int proxy_send(int fd, const char *buf, size_t len,
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
						    "proxy: timed out sending CONNECT");
		} else {
			return ipt6_err_set(err, IPT6_E_PROXY,
					    "proxy: sending CONNECT failed: %s",
					    strerror(errno));
		}
	}
	return 0;
}

/* One byte at a time: the TLS handshake follows right behind the head. */
static int proxy_read_head(int fd, char *buf, size_t size, long long deadline,
			   struct ipt6_err *err)
{
	size_t len = 0;

	while (!ipt6_http_head_len(buf, len)) {
		ssize_t n;

		if (len + 1 >= size)
			return ipt6_err_set(err, IPT6_E_PROXY,
					    "proxy: response head longer than %zu bytes",
					    size);
		n = recv(fd, buf + len, 1, MSG_DONTWAIT);
		if (n == 1) {
			len++;
		} else if (n == 0) {
			return ipt6_err_set(err, IPT6_E_PROXY,
					    "proxy: closed the connection before answering CONNECT");
		} else if (errno == EAGAIN || errno == EINTR) {
			if (ipt6_wait_fd(fd, POLLIN, deadline))
				return ipt6_err_set(err, IPT6_E_PROXY,
						    "proxy: timed out waiting for the answer to CONNECT");
		} else {
			return ipt6_err_set(err, IPT6_E_PROXY,
					    "proxy: reading the answer to CONNECT failed: %s",
					    strerror(errno));
		}
	}
	buf[len] = '\0';
	return (int)len;
}

int ipt6_http_proxy_connect(int fd, const char *host, const char *port,
			    const char *auth, int timeout_ms,
			    struct ipt6_err *err)
{
	long long deadline = ipt6_now_ms() + (timeout_ms ? timeout_ms : 10000);
	char req[1024], head[IPT6_HTTP_HEAD_MAX], line[128], hp[300];
	unsigned char b64[400];
	int n = 0, len, code;
	struct ipt6_err e;

	snprintf(hp, sizeof(hp), strchr(host, ':') ? "[%s]:%s" : "%s:%s",
		 host, port);
	if (auth) {
		if (strlen(auth) > 280)
			return ipt6_err_set(err, IPT6_E_CONFIG,
					    "proxy: credentials too long");
		EVP_EncodeBlock(b64, (const unsigned char *)auth, strlen(auth));
		n = snprintf(req, sizeof(req),
			     "CONNECT %s HTTP/1.1\r\nHost: %s\r\n"
			     "Proxy-Authorization: Basic %s\r\n\r\n",
			     hp, hp, b64);
	} else {
		n = snprintf(req, sizeof(req),
			     "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", hp, hp);
	}
	if (proxy_send(fd, req, n, deadline, err))
		return -1;
	len = proxy_read_head(fd, head, sizeof(head), deadline, err);
	if (len < 0)
		return -1;
	if (ipt6_http_parse_status(head, len, &code, line, sizeof(line), &e))
		return ipt6_err_set(err, IPT6_E_PROXY, "proxy: %s", e.msg);
	if (code < 200 || code > 299)
		return ipt6_err_set(err, IPT6_E_PROXY,
				    "proxy: answered %s to CONNECT %s%s", line,
				    hp, code == 407 ? (auth ?
				    " (credentials refused)" :
				    " (it wants credentials)") : "");
	return 0;
}
