/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The client's reconnect schedule: the IP-HTTPS back-off (first retry 30 s
 * after the first failure, then each wait as long as the time since it,
 * capped at 15 minutes), but until that first retry is due a try every
 * one to two seconds, so that a restarted server has its clients back at
 * once.
 */
#ifndef IPT6_BACKOFF_H
#define IPT6_BACKOFF_H

#include <stdint.h>

#define IPT6_BACKOFF_FAST_FOR	30	/* s: the spec's first retry */
#define IPT6_BACKOFF_MAX	900	/* s */

/* 32 random bits, from @arg's source. */
typedef uint32_t (*ipt6_random_fn)(void *arg);

/*
 * Milliseconds to wait before the next attempt, @since seconds after the
 * first of the failures in a row: 1000 to 1999 at random (@rnd) while
 * @since < IPT6_BACKOFF_FAST_FOR, so that a fleet that lost its server at
 * the same moment does not come back in step; then @since seconds, at
 * most IPT6_BACKOFF_MAX.
 */
unsigned int ipt6_backoff_ms(uint64_t since, ipt6_random_fn rnd, void *arg);

/*
 * Fresh bits from getrandom(2) each time (@arg unused).  Not random():
 * its state would have to be seeded from something, and the waits are
 * visible on the wire, so no secret (the session id) may feed it.
 */
uint32_t ipt6_random_u32(void *arg);

#endif /* IPT6_BACKOFF_H */
