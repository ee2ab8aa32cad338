// SPDX-License-Identifier: GPL-2.0
/*
 * Hex decoding as key logs, session ids and proxy credentials use it,
 * against a plain reference; and the session header, which the client
 * formats and the server parses, round trip.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "hex.h"
#include "http.h"

static int ref_hexval(int c)
{
	static const char lower[] = "0123456789abcdef";
	static const char upper[] = "0123456789ABCDEF";
	const char *p;

	if (c <= 0 || c > 127)
		return -1;
	p = strchr(lower, c);
	if (p)
		return (int)(p - lower);
	p = strchr(upper, c);
	return p ? (int)(p - upper) : -1;
}

static void check_decode(const char *s, size_t size)
{
	unsigned char out[64], ref[64];
	size_t n, i;

	n = ipt6_hex_decode(s, out, size);
	FUZZ_ASSERT(n <= size);
	for (i = 0; i < size; i++) {
		int hi = ref_hexval(s[2 * i]);
		int lo = hi < 0 ? -1 : ref_hexval(s[2 * i + 1]);

		if (lo < 0)
			break;
		ref[i] = hi << 4 | lo;
	}
	FUZZ_ASSERT(n == i && !memcmp(out, ref, n));
}

/* The session id in the client's request comes back from the parser. */
static void check_session(const unsigned char *session)
{
	static const struct ipt6_url url = {
		.host = "vpn.test", .port = "443", .path = "/IPHTTPS" };
	struct ipt6_http_req req;
	struct ipt6_err err = { 0 };
	char buf[512];
	int len;

	len = ipt6_http_format_request(buf, sizeof(buf), &url, session);
	FUZZ_ASSERT(len > 0);
	FUZZ_ASSERT(!ipt6_http_parse_request(buf, len, &req, &err));
	FUZZ_ASSERT(req.has_session &&
		    !memcmp(req.session, session, IPT6_SESSION_LEN));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool checked;
	char *s = fuzz_str(data, size);
	int c;

	for (c = -1; !checked && c < 256; c++)
		FUZZ_ASSERT(ipt6_hexval(c) == ref_hexval(c));
	checked = true;
	check_decode(s, size < 64 ? size : 64);
	check_decode(s, IPT6_SESSION_LEN);
	if (size >= IPT6_SESSION_LEN)
		check_session(data);
	free(s);
	return 0;
}
