// SPDX-License-Identifier: GPL-2.0
/*
 * What the user types, through tools/lib/parse.c and nat64.c: the first
 * byte's low 5 bits are ipt6_parse_prefix()'s flags (seeds use letters:
 * '@' any length, 'M' the server's --prefix, 'T' an Address = ...), the
 * rest the text, read as a prefix and as a number.  An accepted prefix
 * must obey its flags and print back to itself; a number must be what
 * its digits say; an RFC 6052 prefix must map an IPv4 address there and
 * back.
 */
#include <arpa/inet.h>

#include "fuzz.h"
#include "nat64.h"
#include "parse.h"

#define FLAGS	0x1f

static bool len_ok(unsigned int flags, int len)
{
	if (flags & IPT6_PREFIX_64)
		return len == 64;
	if (flags & IPT6_PREFIX_RFC6052)
		return len == 32 || len == 40 || len == 48 || len == 56 ||
		       len == 64 || len == 96;
	return len >= 1 && len <= 128;
}

static bool host_bits(const struct in6_addr *a, int len)
{
	int i;

	for (i = len; i < 128; i++)
		if (a->s6_addr[i / 8] & (0x80 >> (i % 8)))
			return true;
	return false;
}

/* Embedding any IPv4 address and reading it back gives it again. */
static void check_nat64(const char *text, uint32_t seed)
{
	struct ipt6_err err = { 0 };
	struct in6_addr pfx, a;
	struct in_addr v4 = { .s_addr = seed }, back;
	int len;

	if (ipt6_nat64_prefix(text, &pfx, &len, &err))
		return;
	if (ipt6_nat64_embed(&pfx, len, &v4, &a, &err)) {
		FUZZ_ASSERT(ipt6_nat64_is_wkp(&pfx, len));
		return;
	}
	FUZZ_ASSERT(!a.s6_addr[8]);
	FUZZ_ASSERT(!ipt6_nat64_extract(&pfx, len, &a, &back, &err));
	FUZZ_ASSERT(back.s_addr == v4.s_addr);
}

static void check_prefix(const char *text, unsigned int flags)
{
	struct ipt6_err err = { 0 }, err2 = { 0 };
	char back[INET6_ADDRSTRLEN + 8];
	struct in6_addr a, a2;
	int len = -1, len2, rc;

	rc = ipt6_parse_prefix(text, &a, &len, flags, &err);
	FUZZ_TERMINATED(err.msg);
	if (rc) {
		FUZZ_ASSERT(rc == IPT6_PARSE_SYNTAX ||
			    rc == IPT6_PARSE_REFUSED);
		FUZZ_ASSERT(err.code == IPT6_E_CONFIG && err.msg[0]);
		FUZZ_ASSERT(len == -1);
		/* The message names the text first, maybe quoted. */
		FUZZ_ASSERT(!strncmp(err.msg, text, strnlen(text, 64)) ||
			    (err.msg[0] == '\'' &&
			     !strncmp(err.msg + 1, text, strnlen(text, 64))));
		return;
	}
	FUZZ_ASSERT(len_ok(flags, len));
	FUZZ_ASSERT((flags & IPT6_PREFIX_ADDRESS) || !host_bits(&a, len));
	FUZZ_ASSERT(!(flags & IPT6_PREFIX_ROUTABLE) ||
		    (!IN6_IS_ADDR_MULTICAST(&a) && !IN6_IS_ADDR_LINKLOCAL(&a)));
	inet_ntop(AF_INET6, &a, back, INET6_ADDRSTRLEN);
	snprintf(back + strlen(back), 8, "/%d", len);
	FUZZ_ASSERT(!ipt6_parse_prefix(back, &a2, &len2, flags, &err2));
	FUZZ_ASSERT(!memcmp(&a, &a2, sizeof(a)) && len == len2);
}

static void check_number(const char *text)
{
	unsigned long long want = 0;
	bool digits = *text, fits = true;
	const char *p;
	uint64_t v;
	int ms;

	for (p = text; *p; p++) {
		if (*p < '0' || *p > '9') {
			digits = false;
			break;
		}
		if (want > (UINT64_MAX - (*p - '0')) / 10)
			fits = false;
		want = want * 10 + (*p - '0');
	}
	if (ipt6_parse_u64(text, 0, UINT64_MAX, &v)) {
		FUZZ_ASSERT(!digits || !fits);
		return;
	}
	FUZZ_ASSERT(digits && fits && v == want);
	if (!ipt6_parse_secs_ms(text, 0, IPT6_SECS_MS_MAX, &ms))
		FUZZ_ASSERT(v <= IPT6_SECS_MS_MAX && ms == (int)v * 1000);
	else
		FUZZ_ASSERT(v > IPT6_SECS_MS_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t seed = 2166136261u;	/* FNV-1a of the input */
	unsigned int flags;
	char *text;
	size_t i;

	if (!size)
		return 0;
	flags = data[0] & FLAGS;
	for (i = 0; i < size; i++)
		seed = (seed ^ data[i]) * 16777619u;
	text = fuzz_str(data + 1, size - 1);
	check_prefix(text, flags);
	check_number(text);
	check_nat64(text, seed);
	free(text);
	return 0;
}
