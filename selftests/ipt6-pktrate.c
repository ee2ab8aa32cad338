// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6-pktrate: UDP packet rate, for benchmarks.
 *
 *   ipt6-pktrate send DST PORT SECONDS SIZE
 *	Send SIZE-byte packets (the whole IP packet: SIZE 64 over IPv6 is
 *	16 bytes of UDP payload) to DST:PORT as fast as sendmmsg() goes,
 *	for SECONDS.  Prints what it sent and what the stack refused.
 *   ipt6-pktrate recv PORT SECONDS
 *	Count the packets arriving on UDP port PORT (IPv6 and IPv4) for
 *	SECONDS from the first one; prints packets/s.  Exits 1 if none came
 *	within SECONDS + 10 s.
 *
 * Sending is not paced: whatever a device cannot take is refused
 * (ENOBUFS) or dropped on the way, so the receiver's count is the rate
 * the path delivers.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define BATCH		64
#define RCVBUF		(4 << 20)
#define FIRST_WAIT_S	10

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: ipt6-pktrate send DST PORT SECONDS SIZE\n"
		"       ipt6-pktrate recv PORT SECONDS\n"
		"SIZE is the whole IP packet (IPv6: 48 and up, IPv4: 28 and up).\n");
	exit(2);
}

static long num_arg(const char *s, long min, long max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || end == s || v < min || v > max)
		usage();
	return v;
}

static int do_send(const char *dst, const char *port, long secs, long size)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM,
				  .ai_flags = AI_NUMERICHOST |
					      AI_NUMERICSERV }, *ai;
	unsigned long long sent = 0, nobufs = 0, other = 0;
	struct mmsghdr msgs[BATCH];
	static char payload[65536];
	struct iovec iov;
	double t0, t;
	long hdr;
	int fd, i, n, last_err = 0;

	if (getaddrinfo(dst, port, &hints, &ai)) {
		fprintf(stderr, "ipt6-pktrate: bad address %s port %s\n", dst,
			port);
		return 2;
	}
	hdr = ai->ai_family == AF_INET6 ? 40 + 8 : 20 + 8;
	if (size < hdr || size - hdr > (long)sizeof(payload)) {
		fprintf(stderr, "ipt6-pktrate: SIZE %ld: must be %ld to %zu for this address family\n",
			size, hdr, hdr + sizeof(payload));
		return 2;
	}
	fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen)) {
		perror("ipt6-pktrate: socket/connect");
		return 1;
	}
	freeaddrinfo(ai);
	iov.iov_base = payload;
	iov.iov_len = size - hdr;
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	t0 = now_s();
	do {
		n = sendmmsg(fd, msgs, BATCH, 0);
		if (n > 0) {
			sent += n;
		} else if (errno == ENOBUFS || errno == EAGAIN) {
			nobufs++;
		} else if (errno != EINTR) {
			/* e.g. ECONNREFUSED from an ICMP error: go on */
			other++;
			last_err = errno;
		}
		t = now_s();
	} while (t - t0 < secs);
	printf("sent %llu packets of %ld bytes in %.2f s: %.0f pps (%llu refused for lack of buffers, %llu other errors%s%s)\n",
	       sent, size, t - t0, sent / (t - t0), nobufs, other,
	       other ? ", last: " : "", other ? strerror(last_err) : "");
	close(fd);
	return 0;
}

static int recv_socket(const char *port)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	int fd, zero = 0, one = 1, buf = RCVBUF;

	sin6.sin6_port = htons(num_arg(port, 1, 65535));
	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sin6, sizeof(sin6))) {
		perror("ipt6-pktrate: socket/bind");
		exit(1);
	}
	/* As root past rmem_max; else as much as allowed. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	return fd;
}

/* The socket's drop counter from a message's SO_RXQ_OVFL, else @old. */
static uint32_t socket_drops(struct msghdr *mh, uint32_t old)
{
	struct cmsghdr *cm;
	uint32_t v;

	for (cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SO_RXQ_OVFL) {
			memcpy(&v, CMSG_DATA(cm), sizeof(v));
			return v;
		}
	}
	return old;
}

static int do_recv(const char *port, long secs)
{
	static char bufs[BATCH][2048];
	static char cbufs[BATCH][CMSG_SPACE(sizeof(uint32_t))];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct pollfd pfd = { .events = POLLIN };
	unsigned long long got = 0, bytes = 0;
	uint32_t drops = 0, drops0 = 0;
	double t0 = 0, end, t;
	int i, n;

	pfd.fd = recv_socket(port);
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_control = cbufs[i];
		msgs[i].msg_hdr.msg_controllen = sizeof(cbufs[i]);
	}
	printf("receiving on UDP port %s\n", port);
	fflush(stdout);
	end = now_s() + secs + FIRST_WAIT_S;
	while ((t = now_s()) < end) {
		if (poll(&pfd, 1, (end - t) * 1000 + 1) <= 0)
			continue;
		n = recvmmsg(pfd.fd, msgs, BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			continue;
		if (!got) {
			/* The window starts with the first packet. */
			t0 = now_s();
			end = t0 + secs;
			drops0 = socket_drops(&msgs[0].msg_hdr, 0);
		}
		got += n;
		for (i = 0; i < n; i++)
			bytes += msgs[i].msg_len;
		drops = socket_drops(&msgs[n - 1].msg_hdr, drops);
		for (i = 0; i < n; i++)
			msgs[i].msg_hdr.msg_controllen = sizeof(cbufs[i]);
	}
	if (!got) {
		printf("no packets within %ld s\n", secs + FIRST_WAIT_S);
		return 1;
	}
	t = now_s() - t0;
	printf("received %llu packets (%llu payload bytes) in %.2f s, %u dropped for a full receive buffer: %.0f pps\n",
	       got, bytes, t, drops - drops0, got / t);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "send"))
		return do_send(argv[2], argv[3], num_arg(argv[4], 1, 3600),
			       num_arg(argv[5], 1, 65535));
	if (argc == 4 && !strcmp(argv[1], "recv"))
		return do_recv(argv[2], num_arg(argv[3], 1, 3600));
	usage();
	return 2;
}
