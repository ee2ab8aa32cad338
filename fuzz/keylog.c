// SPDX-License-Identifier: GPL-2.0
/*
 * TLS key-log lines as OpenSSL hands them to ipt6's callback (the
 * SSLKEYLOGFILE format): only the two TLS 1.3 application traffic
 * secrets are taken, never more bytes than a secret holds.
 */
#include "fuzz.h"
#include "ktls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipt6_ktls_track t;
	char *s = fuzz_str(data, size);
	int side;

	memset(&t, 0, sizeof(t));
	ipt6_ktls_keylog_line(&t, s);
	for (side = 0; side < 2; side++)
		FUZZ_ASSERT(t.secret_len[side] <= sizeof(t.secret[side]));
	FUZZ_ASSERT(!t.secret_len[0] ||
		    !strncmp(s, "CLIENT_TRAFFIC_SECRET_0 ", 24));
	FUZZ_ASSERT(!t.secret_len[1] ||
		    !strncmp(s, "SERVER_TRAFFIC_SECRET_0 ", 24));
	free(s);
	return 0;
}
