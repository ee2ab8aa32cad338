// SPDX-License-Identifier: GPL-2.0
/*
 * A server's view of a client's request head (tls.c: read_head() and
 * ipt6_http_parse_request()), bytes straight from the network.
 */
#include "fuzz.h"
#include "http.h"

/* What an accepted request must look like. */
static void check_request(const char *head, size_t len,
			  const struct ipt6_http_req *req)
{
	FUZZ_TERMINATED(req->method);
	FUZZ_TERMINATED(req->path);
	FUZZ_ASSERT(req->method[0] && !strchr(req->method, ' '));
	FUZZ_ASSERT(req->path[0] && !strchr(req->path, ' '));
	FUZZ_ASSERT(!memchr(head, '\0', len));
	FUZZ_ASSERT(!(req->has_length && req->chunked));
	FUZZ_ASSERT(req->has_length || !req->length);
	if (req->has_length || req->has_session) {
		char *s = fuzz_str((const uint8_t *)head, len);

		FUZZ_ASSERT(!req->has_length ||
			    strcasestr(s, "\r\nContent-Length:"));
		FUZZ_ASSERT(!req->has_session ||
			    strcasestr(s, "\r\n" IPT6_SESSION_HEADER ":"));
		free(s);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *head = (const char *)data;
	struct ipt6_http_req req;
	struct ipt6_err err = { 0 };
	size_t len;

	/* As the server does: the head up to its blank line, or all of it. */
	len = ipt6_http_head_len(head, size);
	FUZZ_ASSERT(len <= size);
	if (!len)
		len = size;
	if (!ipt6_http_parse_request(head, len, &req, &err))
		check_request(head, len, &req);
	else
		FUZZ_ASSERT(err.code == IPT6_E_HTTP_PROTOCOL && err.msg[0]);
	FUZZ_TERMINATED(err.msg);
	return 0;
}
