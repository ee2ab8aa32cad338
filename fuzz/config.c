// SPDX-License-Identifier: GPL-2.0
/*
 * A configuration file for 'ipt6ctl up', cut into lines as getline()
 * does, through the parser and the checks.  Relative file names point
 * into a folder that does not exist.
 */
#include "fuzz.h"
#include "fuzz_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf *cf = calloc(1, sizeof(*cf));
	unsigned int k;
	int i;

	if (!cf)
		abort();
	fuzz_conf_parse(cf, "/nonexistent/ipt6-fuzz", (const char *)data,
			size);
	FUZZ_ASSERT(cf->errors >= cf->nmsgs && cf->nmsgs <= MAX_MSGS);
	FUZZ_ASSERT(cf->naddr >= 0 && cf->naddr <= MAX_ADDRS);
	for (i = 0; i < cf->nmsgs; i++) {
		FUZZ_TERMINATED(cf->msgs[i].text);
		FUZZ_ASSERT(cf->msgs[i].line >= 0);
	}
	for (i = 0; i < cf->naddr; i++)
		FUZZ_ASSERT(cf->plen[i] >= 1 && cf->plen[i] <= 128);
	if (!cf->errors) {
		FUZZ_ASSERT(cf->role == CLIENT || cf->role == SERVER);
		FUZZ_ASSERT(cf->role != CLIENT || cf->val[KEY_URL]);
		for (k = 0; k < NKEYS; k++)
			FUZZ_ASSERT(!cf->val[k] ||
				    (conf_keys[k].roles & cf->role));
	}
	conf_free(cf);
	free(cf);
	return 0;
}
