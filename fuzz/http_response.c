// SPDX-License-Identifier: GPL-2.0
/*
 * A client's view of an answer: the server's status line (tls.c) and a
 * proxy's answer to CONNECT with its authentication challenges (http.c),
 * both from the network.
 */
#include "fuzz.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *head = (const char *)data;
	struct ipt6_proxy_reply r;
	struct ipt6_err err = { 0 };
	char line[128], *s;
	int code = -1;

	/* The server's answer is not NUL-terminated in tls.c. */
	if (!ipt6_http_parse_status(head, size, &code, line, sizeof(line),
				    &err)) {
		FUZZ_ASSERT(code >= 0 && code <= 999);
		FUZZ_TERMINATED(line);
	}
	FUZZ_TERMINATED(err.msg);

	/* A proxy's answer is (proxy_read_head() ends it with a NUL). */
	s = fuzz_str(data, size);
	if (!ipt6_http_parse_proxy_reply(s, size, &r, &err)) {
		FUZZ_ASSERT(r.status == code);
		FUZZ_TERMINATED(r.line);
		FUZZ_TERMINATED(r.schemes);
		if (r.status != 401)
			FUZZ_ASSERT(!r.schemes[0] ||
				    strcasestr(s, "Proxy-Authenticate:"));
	} else {
		FUZZ_ASSERT(r.status == 0);
	}
	free(s);
	return 0;
}
