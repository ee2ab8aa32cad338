// SPDX-License-Identifier: GPL-2.0
/*
 * The server URL, and HTTP heads both ways (the request a server reads,
 * the status line and proxy answers a client reads), with known answers
 * for the seeds in corpus/url, corpus/http_request and
 * corpus/http_response.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "unit.h"
#include "url.h"

struct url_case {
	const char *url;	/* or, with @seed, the seed's name */
	bool seed;
	const char *host, *port, *path;	/* NULL host: refused */
	const char *msg;	/* part of the message when refused */
};

static const struct url_case url_cases[] = {
	{ "https://vpn.test/IPHTTPS", false, "vpn.test", "443", "/IPHTTPS", NULL },
	{ "https://vpn.test", false, "vpn.test", "443", "/IPHTTPS", NULL },
	{ "https://vpn.test/", false, "vpn.test", "443", "/", NULL },
	{ "https://vpn.test:8443/x/y", false, "vpn.test", "8443", "/x/y", NULL },
	{ "https://vpn.test:00443/", false, "vpn.test", "443", "/", NULL },
	{ "https://vpn.test:1/", false, "vpn.test", "1", "/", NULL },
	{ "https://[2001:db8::1]/", false, "2001:db8::1", "443", "/", NULL },
	{ "https://vpn.test/%41", false, "vpn.test", "443", "/%41", NULL },
	{ "https://vpn.test:65536/", false, NULL, NULL, NULL, "has a bad port" },
	{ "https://vpn.test:000443/", false, NULL, NULL, NULL, "has a bad port" },
	{ "https://vpn.test:/", false, NULL, NULL, NULL, "has a bad port" },
	{ "https://vpn.test:+443/", false, NULL, NULL, NULL, "has a bad port" },
	{ "https://vpn.test:-1/", false, NULL, NULL, NULL, "has a bad port" },
	{ "https://vpn.test:44x/", false, NULL, NULL, NULL, "has a bad port" },
	{ "https://vpn.test/a b", false, NULL, NULL, NULL,
	  "contains a character not allowed in a URL path (0x20)" },
	{ "https://vpn.test#x", false, NULL, NULL, NULL, "expected '/PATH'" },
	{ "https://[192.0.2.1]/", false, NULL, NULL, NULL,
	  "'[192.0.2.1]' is not an IPv6 address" },
	{ "https://[fe80::1%eth0]/", false, NULL, NULL, NULL,
	  "is not an IPv6 address" },
	{ "https://", false, NULL, NULL, NULL, "has an empty host name" },
	{ "", false, NULL, NULL, NULL, "does not start with https://" },
	/* The seeds of the url fuzzer. */
	{ "plain", true, "vpn.test", "443", "/IPHTTPS", NULL },
	{ "no-path", true, "vpn.test", "443", "/IPHTTPS", NULL },
	{ "v4", true, "192.0.2.1", "443", "/IPHTTPS", NULL },
	{ "v6-port", true, "2001:db8::1", "8443", "/IPHTTPS", NULL },
	{ "upper-port", true, "Da.Example.COM", "443", "/IPHTTPS/x", NULL },
	{ "query", true, "vpn.test", "443", "/?x=1", NULL },
	{ "underscore", true, "a_b.example", "65535", "/", NULL },
	{ "http", true, NULL, NULL, NULL, "scheme must be https" },
	{ "port-zero", true, NULL, NULL, NULL, "has a bad port (expected 1-65535)" },
	{ "userinfo", true, NULL, NULL, NULL,
	  "user names in the URL are not supported" },
	{ "v6-open", true, NULL, NULL, NULL, "has '[' without ']'" },
};

static void url_case(const struct url_case *c)
{
	struct ipt6_err err = { 0 };
	struct ipt6_url u;
	char *text = (char *)c->url;
	size_t len;
	int rc;

	if (c->seed) {
		text = unit_corpus("url", c->url, &len);
		if (!text)
			return;
	}
	memset(&u, 0, sizeof(u));
	rc = ipt6_url_parse(text, &u, &err);
	if (c->host)
		expect(!rc && !strcmp(u.host, c->host) &&
		       !strcmp(u.port, c->port) && !strcmp(u.path, c->path),
		       "URL '%s': rc %d, %s %s %s (%s)", text, rc, u.host,
		       u.port, u.path, err.msg);
	else
		expect(rc && err.code == IPT6_E_URL && strstr(err.msg, c->msg),
		       "URL '%s' refused: rc %d, '%s', wanted '%s'", text, rc,
		       err.msg, c->msg);
	if (c->seed)
		free(text);
}

void test_url(void)
{
	struct ipt6_err err = { 0 };
	struct ipt6_url u;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(url_cases); i++)
		url_case(&url_cases[i]);
	/* A proxy's HOST[:PORT] as the URL's authority, with a default. */
	expect(!ipt6_hostport_parse("--proxy", "p", "proxy.test", 10, "1080",
				    &u, &err) &&
	       !strcmp(u.host, "proxy.test") && !strcmp(u.port, "1080"),
	       "host alone: %s:%s", u.host, u.port);
	expect(!ipt6_hostport_parse("--proxy", "p", "[2001:db8::8]:3128", 18,
				    "1080", &u, &err) &&
	       !strcmp(u.host, "2001:db8::8") && !strcmp(u.port, "3128"),
	       "[v6]:port: %s:%s", u.host, u.port);
	expect(ipt6_hostport_parse("--proxy", "p:0", "p:0", 3, "1080", &u,
				   &err) && strstr(err.msg, "--proxy"),
	       "port 0 refused, naming the setting: %s", err.msg);
	expect(ipt6_host_is_ip("192.0.2.1") && ipt6_host_is_ip("2001:db8::1") &&
	       !ipt6_host_is_ip("vpn.test") && !ipt6_host_is_ip("[::1]"),
	       "IP literals told from names");
}

/* The seeds of the request fuzzer, parsed as the server parses them. */
static void test_request_seeds(void)
{
	static const struct {
		const char *seed;
		const char *method, *path;	/* NULL method: refused */
		bool chunked, has_length, session;
		const char *msg;
	} cases[] = {
		{ "windows-post", "POST", "/IPHTTPS", false, true, false, NULL },
		{ "windows-post-full", "POST", "/IPHTTPS", false, true, false, NULL },
		{ "post-then-packet", "POST", "/IPHTTPS", false, true, false, NULL },
		{ "ipt6-post-session", "POST", "/IPHTTPS", false, true, true, NULL },
		{ "chunked", "POST", "/IPHTTPS", true, false, false, NULL },
		{ "curl-get", "GET", "/IPHTTPS", false, false, false, NULL },
		{ "http10-root", "POST", "/", false, false, false, NULL },
		{ "cl-2pow64", NULL, NULL, false, false, false,
		  "Content-Length '18446744073709551616' is not a decimal number below 2^64" },
		{ "cl-minus-one", NULL, NULL, false, false, false,
		  "Content-Length '-1'" },
		{ "cl-hex", NULL, NULL, false, false, false,
		  "Content-Length '0x10'" },
		{ "cl-two", NULL, NULL, false, false, false,
		  "two different Content-Length headers (4 and 5)" },
		{ "cl-and-te", NULL, NULL, false, false, false,
		  "both Content-Length and Transfer-Encoding" },
		{ "nul-in-head", NULL, NULL, false, false, false,
		  "contains a NUL byte" },
		{ "session-short", NULL, NULL, false, false, false,
		  "IPT6-Session header is not 32 hex digits" },
		{ "empty-path", NULL, NULL, false, false, false,
		  "expected a request line like 'POST /IPHTTPS HTTP/1.1'" },
		{ "crash-empty-method", NULL, NULL, false, false, false,
		  "expected a request line" },
	};
	struct ipt6_http_req req;
	size_t i, n, len;
	char *head;
	int rc;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ipt6_err err = { 0 };

		head = unit_corpus("http_request", cases[i].seed, &n);
		if (!head)
			continue;
		len = ipt6_http_head_len(head, n);
		memset(&req, 0, sizeof(req));
		rc = ipt6_http_parse_request(head, len ? len : n, &req, &err);
		if (cases[i].method)
			expect(!rc && !strcmp(req.method, cases[i].method) &&
			       !strcmp(req.path, cases[i].path) &&
			       !!req.chunked == cases[i].chunked &&
			       req.has_length == cases[i].has_length &&
			       (!req.has_length || req.length == UINT64_MAX) &&
			       req.has_session == cases[i].session,
			       "request seed %s: rc %d, %s %s (%s)",
			       cases[i].seed, rc, req.method, req.path,
			       err.msg);
		else
			expect(rc && err.code == IPT6_E_HTTP_PROTOCOL &&
			       strstr(err.msg, cases[i].msg),
			       "request seed %s refused: '%s', wanted '%s'",
			       cases[i].seed, err.msg, cases[i].msg);
		free(head);
	}
	/* The packets after the head are not part of it. */
	head = unit_corpus("http_request", "post-then-packet", &n);
	if (head) {
		len = ipt6_http_head_len(head, n);
		expect(len && len < n && !memcmp(head + len - 4, "\r\n\r\n", 4),
		       "head of post-then-packet: %zu of %zu bytes", len, n);
		expect(!ipt6_http_head_len(head, len - 1),
		       "a head without its last byte is incomplete");
		free(head);
	}
}

/* The seeds of the response fuzzer, as a client and a proxy user read. */
static void test_response_seeds(void)
{
	static const struct {
		const char *seed;
		int status;		/* 0: refused */
		const char *line, *schemes;
	} cases[] = {
		{ "ipt6-200", 200, "200 OK", "" },
		{ "ipt6-404", 404, "404 Not Found", "" },
		{ "ipt6-405", 405, "405 Method Not Allowed", "" },
		{ "balancer-501", 501, "501 Not Implemented", "" },
		{ "connect-200", 200, "200 Connection established", "" },
		{ "connect-200-bare", 200, "200", "" },
		{ "squid-407", 407, "407 Proxy Authentication Required",
		  "Basic, NTLM, Negotiate" },
		{ "tinyproxy-401", 401, "401 Unauthorized", "Basic" },
		/* A scheme named inside a quoted parameter is no scheme. */
		{ "quoted-407", 407, "407 Auth", "Digest, Basic" },
		{ "crash-empty-scheme-word", 407, "407 Auth", "Digest" },
		{ "ssh-banner", 0, NULL, NULL },
	};
	struct ipt6_proxy_reply r;
	char line[128], *head;
	size_t i, n;
	int code, rc;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ipt6_err err = { 0 };

		head = unit_corpus("http_response", cases[i].seed, &n);
		if (!head)
			continue;
		code = -1;
		rc = ipt6_http_parse_status(head, n, &code, line,
					    sizeof(line), &err);
		if (cases[i].status)
			expect(!rc && code == cases[i].status &&
			       !strcmp(line, cases[i].line),
			       "status of seed %s: rc %d, %d '%s'",
			       cases[i].seed, rc, code, rc ? "" : line);
		else
			expect(rc && err.code == IPT6_E_HTTP_PROTOCOL &&
			       strstr(err.msg, "expected a status line like 'HTTP/1.1 200 OK'"),
			       "seed %s refused: %s", cases[i].seed, err.msg);
		rc = ipt6_http_parse_proxy_reply(head, n, &r, &err);
		if (cases[i].status)
			expect(!rc && r.status == cases[i].status &&
			       !strcmp(r.line, cases[i].line) &&
			       !strcmp(r.schemes, cases[i].schemes),
			       "proxy answer %s: rc %d, %d '%s' '%s'",
			       cases[i].seed, rc, r.status, r.line, r.schemes);
		else
			expect(rc && r.status == 0, "proxy answer %s refused",
			       cases[i].seed);
		free(head);
	}
}

/* Status lines: exactly HTTP/1.0 or 1.1, a space, three digits. */
static void test_status_lines(void)
{
	static const struct {
		const char *head;
		int code;	/* -1: refused */
	} cases[] = {
		{ "HTTP/1.1 200 OK\r\n\r\n", 200 },
		{ "HTTP/1.0 999 X\r\n\r\n", 999 },
		{ "HTTP/1.1 000\r\n\r\n", 0 },
		{ "HTTP/1.1 2000 OK\r\n\r\n", -1 },
		{ "HTTP/1.1 20 OK\r\n\r\n", -1 },
		{ "HTTP/1.1 2x0 OK\r\n\r\n", -1 },
		{ "HTTP/1.1 -20 OK\r\n\r\n", -1 },
		{ "HTTP/1.1  200 OK\r\n\r\n", -1 },
		{ "HTTP/1.2 200 OK\r\n\r\n", -1 },
		{ "HTTP/2 200\r\n\r\n", -1 },
		{ "http/1.1 200 OK\r\n\r\n", -1 },
		{ "", -1 },
	};
	struct ipt6_err err = { 0 };
	char line[128];
	size_t i;
	int code, rc;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		code = -1;
		rc = ipt6_http_parse_status(cases[i].head,
					    strlen(cases[i].head), &code, line,
					    sizeof(line), &err);
		expect(cases[i].code < 0 ? rc != 0 :
		       !rc && code == cases[i].code,
		       "status line %zu: rc %d, code %d", i, rc, code);
	}
}

/* What the server answers, read back as a client reads it. */
static void test_responses(void)
{
	static const int statuses[] = { 200, 400, 404, 405, 431, 501 };
	struct ipt6_err err = { 0 };
	char buf[512], line[128];
	size_t i;
	int len, code;

	for (i = 0; i < ARRAY_SIZE(statuses); i++) {
		len = ipt6_http_format_response(buf, sizeof(buf), statuses[i]);
		code = -1;
		expect(len > 0 && ipt6_http_head_len(buf, len) == (size_t)len &&
		       !ipt6_http_parse_status(buf, len, &code, line,
					       sizeof(line), &err) &&
		       code == statuses[i] &&
		       !strncmp(line + 4, ipt6_http_reason(statuses[i]),
				strlen(ipt6_http_reason(statuses[i]))),
		       "response %d reads back: %d '%s' (%s)", statuses[i],
		       code, line, err.msg);
		/* 200 is followed by the packets: no length, no body. */
		expect(statuses[i] != 200 ||
		       (!strstr(buf, "Content-Length") && strstr(buf, "Server:")),
		       "200 has no Content-Length: %s", buf);
	}
	expect(ipt6_http_format_response(buf, 16, 200) < 0,
	       "a response that does not fit is refused");
}

void test_heads(void)
{
	test_request_seeds();
	test_response_seeds();
	test_status_lines();
	test_responses();
}
