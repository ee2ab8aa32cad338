/* SPDX-License-Identifier: GPL-2.0 */
/* Deadline-bound waiting on sockets, shared by the session steps. */
#ifndef IPT6_IO_H
#define IPT6_IO_H

/* Milliseconds on the monotonic clock. */
long long ipt6_now_ms(void);

/* Wait for @events on @fd until @deadline; 0 ready, -1 timed out or error. */
int ipt6_wait_fd(int fd, short events, long long deadline);

/*
 * Make TCP socket @fd notice a silent other end: keepalive probes after
 * @idle_s seconds without traffic, every @idle_s / 3, and a connection
 * whose probes or data stay unanswered for 2 * @idle_s fails with
 * ETIMEDOUT (TCP_USER_TIMEOUT).  0, or -1 with errno set.
 */
int ipt6_tcp_keepalive(int fd, unsigned int idle_s);

#endif /* IPT6_IO_H */
