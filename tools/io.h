/* SPDX-License-Identifier: GPL-2.0 */
/* Deadline-bound waiting on sockets, shared by the session steps. */
#ifndef IPT6_IO_H
#define IPT6_IO_H

/* Milliseconds on the monotonic clock. */
long long ipt6_now_ms(void);

/* Wait for @events on @fd until @deadline; 0 ready, -1 timed out or error. */
int ipt6_wait_fd(int fd, short events, long long deadline);

#endif /* IPT6_IO_H */
