// SPDX-License-Identifier: GPL-2.0
/*
 * The client's reconnect schedule (tools/lib/backoff.c), with random bits
 * the test chooses: 1 to 2 s for 30 s, then as long as it has been
 * failing, at most 15 minutes.
 */
#include <stdint.h>

#include "backoff.h"
#include "unit.h"

struct fake_random {
	uint32_t next;
	unsigned int calls;
};

static uint32_t fake(void *arg)
{
	struct fake_random *f = arg;

	f->calls++;
	return f->next;
}

void test_backoff(void)
{
	static const struct {
		uint64_t since;
		uint32_t r;
		unsigned int ms;
	} cases[] = {
		{ 0, 0, 1000 },
		{ 0, 999, 1999 },
		{ 0, 1000, 1000 },
		{ 0, UINT32_MAX, 1295 },
		{ 29, 500, 1500 },
		{ 30, 500, 30000 },	/* the spec's first retry */
		{ 31, 0, 31000 },
		{ 600, 0, 600000 },
		{ 899, 0, 899000 },
		{ 900, 0, 900000 },
		{ 901, 0, 900000 },	/* at most 15 minutes */
		{ 86400, 0, 900000 },
		{ UINT64_MAX, 0, 900000 },
	};
	struct fake_random f = { 0 };
	unsigned int ms, tries;
	uint64_t t;
	uint32_t r[8];
	size_t i;
	int same = 0;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		f.next = cases[i].r;
		f.calls = 0;
		ms = ipt6_backoff_ms(cases[i].since, fake, &f);
		expect(ms == cases[i].ms &&
		       f.calls == (cases[i].since < IPT6_BACKOFF_FAST_FOR),
		       "back-off %llu s after the first failure (random %u): %u ms, wanted %u; %u random draws",
		       (unsigned long long)cases[i].since, cases[i].r, ms,
		       cases[i].ms, f.calls);
	}
	/*
	 * A whole outage, the attempts taking no time, the client reading
	 * the clock in seconds: 16 tries in the first 30 s with the longest
	 * waits, 30 with the shortest; then each wait doubles the time since
	 * the first failure, until the cap.
	 */
	f.next = 999;
	for (t = 0, tries = 0; t / 1000 < IPT6_BACKOFF_FAST_FOR; tries++)
		t += ipt6_backoff_ms(t / 1000, fake, &f);
	expect(tries == 16 && t == 16 * 1999, "longest fast waits: %u tries in %llu ms",
	       tries, (unsigned long long)t);
	f.next = 0;
	for (t = 0, tries = 0; t / 1000 < IPT6_BACKOFF_FAST_FOR; tries++)
		t += ipt6_backoff_ms(t / 1000, fake, &f);
	expect(tries == 30 && t == 30000, "shortest fast waits: %u tries in %llu ms",
	       tries, (unsigned long long)t);
	for (i = 0; i < 4; i++)
		t += ipt6_backoff_ms(t / 1000, fake, &f);
	expect(t == 480000, "waits of 30, 60, 120 and 240 s: at %llu ms",
	       (unsigned long long)t);
	t += ipt6_backoff_ms(t / 1000, fake, &f);
	t += ipt6_backoff_ms(t / 1000, fake, &f);
	expect(t == (480 + 480 + 900) * 1000,
	       "then 480 s, then the cap of 900 s: at %llu ms",
	       (unsigned long long)t);

	/* The real source: fresh bits each time (2^-224 to fail by luck). */
	for (i = 0; i < ARRAY_SIZE(r); i++)
		r[i] = ipt6_random_u32(NULL);
	for (i = 1; i < ARRAY_SIZE(r); i++)
		same += r[i] == r[0];
	expect(same < 7, "getrandom() gives different bits");
}
