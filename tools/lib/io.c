// SPDX-License-Identifier: GPL-2.0
/* Deadline-bound waiting on sockets, shared by the session steps. */
#include <errno.h>
#include <poll.h>
#include <time.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

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

int ipt6_tcp_keepalive(int fd, unsigned int idle_s)
{
	int on = 1, idle = idle_s, cnt = 3;
	int intvl = idle_s / 3 ? idle_s / 3 : 1;
	unsigned int user_ms = 2 * idle_s * 1000;

	if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) ||
	    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle)) ||
	    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(intvl)) ||
	    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(cnt)) ||
	    setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_ms,
		       sizeof(user_ms)))
		return -1;
	return 0;
}
