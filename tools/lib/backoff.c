// SPDX-License-Identifier: GPL-2.0
/* The client's reconnect schedule (see backoff.h). */
#include <sys/random.h>

#include "backoff.h"
#include "io.h"

unsigned int ipt6_backoff_ms(uint64_t since, ipt6_random_fn rnd, void *arg)
{
	if (since < IPT6_BACKOFF_FAST_FOR)
		return 1000 + rnd(arg) % 1000;
	return (since > IPT6_BACKOFF_MAX ? IPT6_BACKOFF_MAX :
		(unsigned int)since) * 1000;
}

uint32_t ipt6_random_u32(void *arg)
{
	uint32_t r;

	(void)arg;
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = (uint32_t)ipt6_now_ms();	/* no entropy yet: any spread */
	return r;
}
