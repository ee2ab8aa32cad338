// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the parsers the fuzz targets exercise, with known answers:
 * what Content-Length the server accepts, a proxy's challenges, proxy
 * URLs and no_proxy, key-log lines, and the configuration files of
 * selftests/tests/41-config.sh.  No VM, no network; make -C fuzz test.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "fuzz_config.h"
#include "hex.h"
#include "http.h"
#include "ktls.h"
#include "proxy.h"
#include "url.h"

static int failures, tests;

static void __attribute__((format(printf, 2, 3)))
expect(bool ok, const char *fmt, ...)
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

static void test_config(void)
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
	remove_files();
}

int main(void)
{
	test_content_length();
	test_request_roundtrip();
	test_proxy_reply();
	test_proxy_url();
	test_keylog();
	test_config();
	printf("unit: %d of %d checks passed\n", tests - failures, tests);
	return failures ? 1 : 0;
}
