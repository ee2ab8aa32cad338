// SPDX-License-Identifier: GPL-2.0
/*
 * The server URL a user gives (ipt6_url_parse()), and HOST[:PORT] as a
 * proxy address takes it.  An accepted URL must make a request line the
 * server's parser reads back to the same path.
 */
#include "fuzz.h"
#include "http.h"
#include "url.h"

static void check_url(const struct ipt6_url *u)
{
	unsigned long port;
	char *end;

	FUZZ_TERMINATED(u->host);
	FUZZ_TERMINATED(u->port);
	FUZZ_TERMINATED(u->path);
	FUZZ_ASSERT(u->host[0]);
	port = strtoul(u->port, &end, 10);
	FUZZ_ASSERT(!*end && port >= 1 && port <= 65535);
}

/* Format the client's request for @u and parse it as the server does. */
static void check_request(const struct ipt6_url *u)
{
	static const unsigned char session[IPT6_SESSION_LEN] = { 1, 2, 3 };
	char buf[1024];
	struct ipt6_http_req req;
	struct ipt6_err err = { 0 };
	int len;

	len = ipt6_http_format_request(buf, sizeof(buf), u, session);
	FUZZ_ASSERT(len > 0);
	FUZZ_ASSERT(ipt6_http_head_len(buf, len) == (size_t)len);
	if (ipt6_http_parse_request(buf, len, &req, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		abort();
	}
	FUZZ_ASSERT(!strcmp(req.method, "POST"));
	FUZZ_ASSERT(!strcmp(req.path, u->path));
	FUZZ_ASSERT(req.has_length && req.length == UINT64_MAX);
	FUZZ_ASSERT(req.has_session &&
		    !memcmp(req.session, session, sizeof(session)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipt6_err err = { 0 };
	struct ipt6_url u;
	char *s = fuzz_str(data, size);

	if (!ipt6_url_parse(s, &u, &err)) {
		check_url(&u);
		FUZZ_ASSERT(u.path[0] == '/');
		check_request(&u);
	} else {
		FUZZ_ASSERT(err.code == IPT6_E_URL);
	}
	FUZZ_TERMINATED(err.msg);
	if (!ipt6_hostport_parse("fuzz", s, s, strlen(s), "1080", &u, &err))
		check_url(&u);
	ipt6_host_is_ip(s);
	free(s);
	return 0;
}
