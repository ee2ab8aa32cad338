// SPDX-License-Identifier: GPL-2.0
/* Deadline-bound waiting on sockets, shared by the session steps. */
#include <errno.h>
#include <poll.h>
#include <time.h>

#include "io.h"

long long ipt6_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int ipt6_wait_fd(int fd, short events, long long deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	long long left;
	int n;

	do {
		left = deadline - ipt6_now_ms();
		if (left <= 0)
			return -1;
		n = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
	} while (n == 0 || (n < 0 && errno == EINTR));
	return n < 0 ? -1 : 0;
}
