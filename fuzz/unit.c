// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the userspace library with known answers: what
 * Content-Length the server accepts, a proxy's challenges, proxy URLs
 * and no_proxy, key-log lines here; the rest in unit_*.c (see unit.h).
 * No VM, no network; make -C fuzz test runs it from fuzz/.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "hex.h"
#include "http.h"
#include "ktls.h"
#include "proxy.h"
#include "unit.h"
#include "url.h"

static int failures, tests;

void expect(bool ok, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (ok)
		return;
	failures++;
	printf("FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

char *unit_corpus(const char *target, const char *name, size_t *len)
{
	char path[256];
	struct stat st;
	char *buf;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "corpus/%s/%s", target, name);
	f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &st)) {
		expect(false, "seed %s: cannot read it", path);
		if (f)
			fclose(f);
		return NULL;
	}
	buf = malloc(st.st_size + 1);
	if (!buf) {
		perror("malloc");
		exit(1);
	}
	n = fread(buf, 1, st.st_size, f);
	fclose(f);
	expect(n == (size_t)st.st_size, "seed %s: short read", path);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* A request from Windows with @headers in the middle; the parser's rc. */
static int parse_with(const char *headers, struct ipt6_http_req *req,
		      struct ipt6_err *err)
{
	char head[1024];
	int n;

	n = snprintf(head, sizeof(head),
		     "POST /IPHTTPS HTTP/1.1\r\nHost: vpn.test\r\n%s\r\n",
		     headers);
	return ipt6_http_parse_request(head, n, req, err);
}

static void test_content_length(void)
{
	static const struct {
		const char *headers;
		bool ok;
		uint64_t length;
	} cases[] = {
		{ "Content-Length: 18446744073709551615\r\n", true, UINT64_MAX },
		{ "Content-Length: 0\r\n", true, 0 },
		{ "content-length:42\r\n", true, 42 },
		{ "Content-Length: \t7 \r\n", true, 7 },
		{ "Content-Length: 00000000000000000009\r\n", true, 9 },
		{ "Content-Length: 5\r\nContent-Length: 5\r\n", true, 5 },
		{ "", true, 0 },
		{ "Content-Length: -1\r\n", false, 0 },
		{ "Content-Length: +1\r\n", false, 0 },
		{ "Content-Length: 18446744073709551616\r\n", false, 0 },
		{ "Content-Length: 99999999999999999999\r\n", false, 0 },
		{ "Content-Length: 000000000000000000001\r\n", false, 0 },
		{ "Content-Length: 0x10\r\n", false, 0 },
		{ "Content-Length: \r\n", false, 0 },
		{ "Content-Length:\r\n", false, 0 },
		{ "Content-Length: 1 2\r\n", false, 0 },
		{ "Content-Length: 1,1\r\n", false, 0 },
		{ "Content-Length: 4\r\nContent-Length: 5\r\n", false, 0 },
		{ "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", false, 0 },
		{ "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", false, 0 },
	};
	static const char nul[] =
		"POST /IPHTTPS HTTP/1.1\r\nContent-Length: 1\0\r\n"
		"Content-Length: -1\r\n\r\n";
	static const char nomethod[] = " /IPHTTPS HTTP/1.1\r\n\r\n";
	struct ipt6_http_req req;
	struct ipt6_err err;
	size_t i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		rc = parse_with(cases[i].headers, &req, &err);
		expect(!rc == cases[i].ok, "Content-Length case %zu (%s): rc %d",
		       i, cases[i].headers, rc);
		if (!rc && cases[i].ok)
			expect(req.length == cases[i].length &&
			       req.has_length == !!cases[i].headers[0],
			       "case %zu: length %llu", i,
			       (unsigned long long)req.length);
	}
	rc = parse_with("Content-Length: -1\r\n", &req, &err);
	expect(rc && strstr(err.msg, "Content-Length '-1'"),
	       "-1 is named in the message: %s", err.msg);
	/* Transfer-Encoding alone is the server's 501, not a parse error. */
	rc = parse_with("Transfer-Encoding: chunked\r\n", &req, &err);
	expect(!rc && req.chunked, "Transfer-Encoding alone parses");
	/* Nothing can hide behind a NUL. */
	rc = ipt6_http_parse_request(nul, sizeof(nul) - 1, &req, &err);
	expect(rc, "a NUL in the head is refused");
	expect(parse_with("", &req, &err) == 0, "no Content-Length is fine");
	rc = ipt6_http_parse_request(nomethod, strlen(nomethod), &req, &err);
	expect(rc, "an empty method is refused");
}

/* The head the client sends, read back by the server. */
static void test_request_roundtrip(void)
{
	static const char shortid[] =
		"POST /x HTTP/1.1\r\nIPT6-Session: 12\r\n\r\n";
	unsigned char session[IPT6_SESSION_LEN];
	struct ipt6_http_req req;
	struct ipt6_err err;
	struct ipt6_url url;
	char buf[1024];
	int len, i;

	for (i = 0; i < IPT6_SESSION_LEN; i++)
		session[i] = 0xf0 + i;
	expect(!ipt6_url_parse("https://[2001:db8::1]:8443/x", &url, &err),
	       "IPv6 URL parses");
	len = ipt6_http_format_request(buf, sizeof(buf), &url, session);
	expect(len > 0 && strstr(buf, "Host: [2001:db8::1]:8443\r\n") &&
	       strstr(buf, "Content-Length: 18446744073709551615\r\n"),
	       "request head: %s", buf);
	expect(!ipt6_http_parse_request(buf, len, &req, &err) &&
	       !strcmp(req.path, "/x") && req.has_session &&
	       !memcmp(req.session, session, sizeof(session)) &&
	       req.length == UINT64_MAX, "request parsed back: %s", err.msg);
	expect(ipt6_http_parse_request(shortid, sizeof(shortid) - 1, &req, &err),
	       "short session id refused");
}

static void test_proxy_reply(void)
{
	static const char h407[] =
		"HTTP/1.1 407 Proxy Authentication Required\r\n"
		"Proxy-Authenticate: Basic realm=\"a, b\", NTLM\r\n"
		"Proxy-Authenticate: Negotiate\r\n"
		"Content-Length: 0\r\n\r\n";
	static const char h401[] =
		"HTTP/1.0 401 Unauthorized\r\n"
		"WWW-Authenticate: Basic realm=\"tinyproxy\"\r\n\r\n";
	struct ipt6_proxy_reply r;
	struct ipt6_err err;

	expect(!ipt6_http_parse_proxy_reply(h407, strlen(h407), &r, &err) &&
	       r.status == 407 && !strcmp(r.schemes, "Basic, NTLM, Negotiate") &&
	       !strcmp(r.line, "407 Proxy Authentication Required"),
	       "407: '%s' '%s'", r.line, r.schemes);
	expect(!ipt6_http_parse_proxy_reply(h401, strlen(h401), &r, &err) &&
	       r.status == 401 && !strcmp(r.schemes, "Basic"),
	       "401: '%s'", r.schemes);
	expect(ipt6_http_parse_proxy_reply("SSH-2.0-OpenSSH\r\n\r\n", 19, &r,
					   &err) && r.status == 0,
	       "not HTTP refused");
}

static void test_proxy_url(void)
{
	struct ipt6_proxy p;
	struct ipt6_err err;

	expect(!ipt6_proxy_parse("http://alice:p%40ss%3A@[2001:db8::8]:3128/",
				 "--proxy", &p, &err) &&
	       !strcmp(p.host, "2001:db8::8") && !strcmp(p.port, "3128") &&
	       !strcmp(p.auth, "alice:p@ss:") && !strcmp(p.user, "alice"),
	       "proxy URL with credentials: %s %s", p.host, p.auth);
	expect(!ipt6_proxy_parse("proxy.test", "https_proxy", &p, &err) &&
	       !strcmp(p.port, IPT6_PROXY_DEFAULT_PORT) && !p.auth[0],
	       "bare proxy name");
	expect(ipt6_proxy_parse("http://a:b%zz@proxy.test", "--proxy", &p,
				&err) && !strstr(err.msg, "b%zz"),
	       "bad escape refused, password hidden: %s", err.msg);
	expect(ipt6_proxy_parse("http://a:b%00@proxy.test", "--proxy", &p,
				&err), "%%00 refused");
	expect(ipt6_proxy_parse("socks5://proxy.test", "--proxy", &p, &err),
	       "socks5 refused");
	expect(ipt6_proxy_parse("http://a:b@proxy.test:99999", "--proxy", &p,
				&err) && err.code == IPT6_E_CONFIG &&
	       !strstr(err.msg, ":b@"),
	       "bad port: a configuration error, password hidden: %s",
	       err.msg);
	expect(ipt6_no_proxy_match(".test, 10.0.0.0/8", "vpn.test") &&
	       ipt6_no_proxy_match(".test, 10.0.0.0/8", "10.1.2.3") &&
	       !ipt6_no_proxy_match(".test, 10.0.0.0/8", "11.1.2.3") &&
	       !ipt6_no_proxy_match("test", "vpntest") &&
	       ipt6_no_proxy_match("*", "anything") &&
	       ipt6_no_proxy_match("2001:db8::/32", "[2001:db8::1]"),
	       "no_proxy matching");
}

static void test_keylog(void)
{
	static const char line[] =
		"SERVER_TRAFFIC_SECRET_0 "
		"8c1b4e1f0e0a4b6c9d2e3f405162738495a6b7c8d9eaf0b1c2d3e4f5a6b7c8d9 "
		"00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF";
	struct ipt6_ktls_track t;

	memset(&t, 0, sizeof(t));
	ipt6_ktls_keylog_line(&t, line);
	expect(t.secret_len[1] == 32 && t.secret[1][1] == 0x11 &&
	       t.secret[1][31] == 0xff && !t.secret_len[0],
	       "server secret: %zu bytes", t.secret_len[1]);
	ipt6_ktls_keylog_line(&t, "CLIENT_HANDSHAKE_TRAFFIC_SECRET 00 11");
	ipt6_ktls_keylog_line(&t, "CLIENT_TRAFFIC_SECRET_0 00");
	expect(!t.secret_len[0], "other labels and lines without a secret ignored");
	ipt6_ktls_keylog_line(&t, "CLIENT_TRAFFIC_SECRET_0 00 abc");
	expect(t.secret_len[0] == 1 && t.secret[0][0] == 0xab,
	       "odd digit left over");
}

int main(void)
{
	test_numbers();
	test_prefixes();
	test_cert_key();
	test_nat64();
	test_backoff();
	test_url();
	test_heads();
	test_content_length();
	test_request_roundtrip();
	test_proxy_reply();
	test_proxy_url();
	test_keylog();
	test_config();
	test_json();
	test_ra_dns();
	printf("unit: %d of %d checks passed\n", tests - failures, tests);
	return failures ? 1 : 0;
}
