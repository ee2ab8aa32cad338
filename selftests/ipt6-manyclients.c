// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6-manyclients: N IP-HTTPS clients against one server, all connected
 * at once.  Each does the session set-up of tools/lib/tls.c (TCP, TLS with
 * verification, POST, 200, kTLS), then speaks raw IPv6 over the stream:
 *
 *   1. a Router Solicitation from a link-local address of its own, and
 *      the Router Advertisement that must come back to it (hop limit 255,
 *      a /64 Prefix Information option with the L and A flags, an MTU
 *      option, a router lifetime);
 *   2. an ICMPv6 echo request from PREFIX + a random interface ID to
 *      PREFIX::1, and the matching echo reply.
 *
 * The set-up runs on a few threads (tools/lib/tls.c blocks per connection);
 * the exchange runs on all connections at once from one poll() loop, so
 * the server sees every RS in one burst.  Neighbour Solicitations for our
 * addresses are answered as a host would.
 *
 *   ipt6-manyclients --url URL [--connect ADDR[:PORT]] [--ca FILE] [-n N]
 *       [--parallel P] [--timeout MS] [--prefix PREFIX/64] [--hold SECONDS]
 *       [--no-exchange]
 *
 * Exits 0 when every client passed, 1 when any failed, 2 on bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/icmp6.h>
#include <netinet/ip6.h>
#include <sys/random.h>
#include <sys/resource.h>

#include "err.h"
#include "io.h"
#include "parse.h"
#include "tls.h"
#include "url.h"

#define IN_MAX		(40 + 65535)	/* the largest IPv6 packet */
#define OUT_MAX		1024
#define MAX_SHOWN	20		/* failures printed one by one */
#define ECHO_MAGIC	"ipt6-mc!"

enum state { ST_SETUP, ST_WAIT_RA, ST_WAIT_REPLY, ST_DONE, ST_FAILED };

struct client {
	int idx;
	int fd;
	enum state st;
	struct in6_addr ll;		/* our link-local: the RS source */
	struct in6_addr addr;		/* our address in the prefix */
	struct in6_addr router;		/* PREFIX::1 */
	struct in6_addr ra_src;		/* who advertised */
	uint16_t echo_id;
	unsigned char echo_data[16];
	unsigned char *in;
	size_t in_len;
	unsigned char out[OUT_MAX];
	size_t out_len;
	char why[320];
};

static struct {
	struct ipt6_url url;
	struct ipt6_tls_opts tls;
	char host[256];
	const char *port;
	int n;
	int parallel;
	int timeout_ms;
	int hold_s;
	bool no_exchange;
	bool want_prefix;
	struct in6_addr prefix;
} cfg = { .n = 10, .parallel = 16, .timeout_ms = 30000 };

static struct client *clients;
static int next_client;		/* set-up work queue, taken atomically */
static volatile sig_atomic_t stop;

static void usage(void)
{
	fprintf(stderr,
		"usage: ipt6-manyclients --url URL [--connect ADDR[:PORT]] [--ca FILE]\n"
		"           [-n N] [--parallel P] [--timeout MS] [--prefix PREFIX/64]\n"
		"           [--hold SECONDS] [--no-exchange]\n"
		"\n"
		"  --url URL         the server's URL (host name checked against its\n"
		"                    certificate, path used in the POST)\n"
		"  --connect A[:P]   connect here instead of resolving the URL's host\n"
		"  --ca FILE         trusted CA for the server certificate\n"
		"  -n N              clients, all connected at once (default 10)\n"
		"  --parallel P      session set-ups in flight at once (default 16)\n"
		"  --timeout MS      limit for each set-up and for the whole exchange\n"
		"                    (default 30000)\n"
		"  --prefix P/64     the prefix the RA must advertise (default: any)\n"
		"  --hold SECONDS    keep the connections open, idle, this long after\n"
		"                    the exchange (SIGINT/SIGTERM end it early)\n"
		"  --no-exchange     only the session set-ups: no RS, no echo\n");
	exit(2);
}

static void fail(struct client *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct client *c, const char *fmt, ...)
{
	va_list ap;

	if (c->st == ST_FAILED)
		return;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	c->st = ST_FAILED;
}

static const char *a6(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

/* A random interface ID with the universal/local bit clear (RFC 7136). */
static void random_iid(struct in6_addr *a)
{
	if (getrandom(&a->s6_addr[8], 8, 0) != 8)
		abort();	/* cannot happen for 8 bytes from the pool */
	a->s6_addr[8] &= ~0x02;
}

/* --- ICMPv6 packets --------------------------------------------------- */

static uint16_t icmp6_csum(const struct in6_addr *src,
			   const struct in6_addr *dst,
			   const unsigned char *icmp, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < 16; i += 2) {
		sum += (src->s6_addr[i] << 8) | src->s6_addr[i + 1];
		sum += (dst->s6_addr[i] << 8) | dst->s6_addr[i + 1];
	}
	sum += (uint32_t)len >> 16;
	sum += len & 0xffff;
	sum += IPPROTO_ICMPV6;
	for (i = 0; i + 1 < len; i += 2)
		sum += (icmp[i] << 8) | icmp[i + 1];
	if (len & 1)
		sum += icmp[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

/* Append an ICMPv6 packet with @body (type first) to @c's output. */
static void queue_icmp6(struct client *c, const struct in6_addr *src,
			const struct in6_addr *dst, int hops,
			const void *body, size_t len)
{
	struct ip6_hdr ip = { 0 };
	struct icmp6_hdr *h;
	unsigned char *p = c->out + c->out_len;

	if (c->out_len + sizeof(ip) + len > sizeof(c->out)) {
		fail(c, "output buffer full (server not reading?)");
		return;
	}
	ip.ip6_flow = htonl(6 << 28);
	ip.ip6_plen = htons(len);
	ip.ip6_nxt = IPPROTO_ICMPV6;
	ip.ip6_hlim = hops;
	ip.ip6_src = *src;
	ip.ip6_dst = *dst;
	memcpy(p, &ip, sizeof(ip));
	memcpy(p + sizeof(ip), body, len);
	h = (struct icmp6_hdr *)(p + sizeof(ip));
	h->icmp6_cksum = 0;
	h->icmp6_cksum = icmp6_csum(src, dst, p + sizeof(ip), len);
	c->out_len += sizeof(ip) + len;
}

static void send_rs(struct client *c)
{
	static const struct in6_addr all_routers = {
		.s6_addr = { 0xff, 0x02, [15] = 2 } };
	struct nd_router_solicit rs = { .nd_rs_type = ND_ROUTER_SOLICIT };

	c->ll = (struct in6_addr){ .s6_addr = { 0xfe, 0x80 } };
	random_iid(&c->ll);
	queue_icmp6(c, &c->ll, &all_routers, 255, &rs, sizeof(rs));
	c->st = ST_WAIT_RA;
}

static void send_echo(struct client *c)
{
	unsigned char body[sizeof(struct icmp6_hdr) + sizeof(c->echo_data)];
	struct icmp6_hdr *h = (struct icmp6_hdr *)body;
	uint32_t idx = htonl(c->idx);

	memset(h, 0, sizeof(*h));
	h->icmp6_type = ICMP6_ECHO_REQUEST;
	if (getrandom(&c->echo_id, sizeof(c->echo_id), 0) != 2)
		abort();
	h->icmp6_id = c->echo_id;
	h->icmp6_seq = htons(c->idx & 0xffff);
	/* Magic, our index, random: a reply shows whose request it was. */
	memcpy(c->echo_data, ECHO_MAGIC, 8);
	memcpy(c->echo_data + 8, &idx, 4);
	if (getrandom(c->echo_data + 12, 4, 0) != 4)
		abort();
	memcpy(body + sizeof(*h), c->echo_data, sizeof(c->echo_data));
	queue_icmp6(c, &c->addr, &c->router, 64, body, sizeof(body));
	c->st = ST_WAIT_REPLY;
}

/* A Neighbour Solicitation for one of our addresses gets an NA. */
static void answer_ns(struct client *c, const struct ip6_hdr *ip,
		      const unsigned char *icmp, size_t len)
{
	const struct nd_neighbor_solicit *ns = (const void *)icmp;
	struct nd_neighbor_advert na = { .nd_na_type = ND_NEIGHBOR_ADVERT };

	if (len < sizeof(*ns) || ip->ip6_hlim != 255 ||
	    IN6_IS_ADDR_UNSPECIFIED(&ip->ip6_src))
		return;
	if (!IN6_ARE_ADDR_EQUAL(&ns->nd_ns_target, &c->ll) &&
	    !(c->st == ST_WAIT_REPLY &&
	      IN6_ARE_ADDR_EQUAL(&ns->nd_ns_target, &c->addr)))
		return;
	na.nd_na_flags_reserved = ND_NA_FLAG_SOLICITED | ND_NA_FLAG_OVERRIDE;
	na.nd_na_target = ns->nd_ns_target;
	queue_icmp6(c, &ns->nd_ns_target, &ip->ip6_src, 255, &na, sizeof(na));
}

/* --- Router Advertisement --------------------------------------------- */

struct ra_seen {
	const struct nd_opt_prefix_info *pio;	/* the first /64 with A */
	const struct nd_opt_prefix_info *any_pio;
	uint32_t mtu;
	bool have_mtu;
};

/* Walk the options; 0, or -1 after fail() on a malformed one. */
static int ra_options(struct client *c, const unsigned char *p, size_t len,
		      struct ra_seen *s)
{
	while (len) {
		size_t olen = len >= 2 ? p[1] * 8 : 0;

		if (!olen || olen > len) {
			fail(c, "RA option type %u has bad length %zu (%zu bytes left)",
			     p[0], olen, len);
			return -1;
		}
		if (p[0] == ND_OPT_PREFIX_INFORMATION) {
			const struct nd_opt_prefix_info *pi = (const void *)p;

			if (olen != sizeof(*pi)) {
				fail(c, "RA prefix option of %zu bytes, expected 32",
				     olen);
				return -1;
			}
			if (!s->any_pio)
				s->any_pio = pi;
			if (!s->pio && pi->nd_opt_pi_prefix_len == 64 &&
			    (pi->nd_opt_pi_flags_reserved &
			     ND_OPT_PI_FLAG_AUTO))
				s->pio = pi;
		} else if (p[0] == ND_OPT_MTU) {
			const struct nd_opt_mtu *m = (const void *)p;

			if (olen != sizeof(*m)) {
				fail(c, "RA MTU option of %zu bytes, expected 8",
				     olen);
				return -1;
			}
			s->mtu = ntohl(m->nd_opt_mtu_mtu);
			s->have_mtu = true;
		}
		p += olen;
		len -= olen;
	}
	return 0;
}

static int check_pio(struct client *c, const struct ra_seen *s)
{
	const struct nd_opt_prefix_info *pi = s->pio;
	char b[INET6_ADDRSTRLEN], w[INET6_ADDRSTRLEN];

	if (!s->any_pio) {
		fail(c, "RA has no Prefix Information option");
		return -1;
	}
	if (!pi) {
		pi = s->any_pio;
		fail(c, "RA prefix %s/%u flags 0x%02x: no /64 with the A (autonomous) flag",
		     a6(&pi->nd_opt_pi_prefix, b), pi->nd_opt_pi_prefix_len,
		     pi->nd_opt_pi_flags_reserved);
		return -1;
	}
	if (!(pi->nd_opt_pi_flags_reserved & ND_OPT_PI_FLAG_ONLINK)) {
		fail(c, "RA prefix %s/64 lacks the L (on-link) flag",
		     a6(&pi->nd_opt_pi_prefix, b));
		return -1;
	}
	if (!ntohl(pi->nd_opt_pi_valid_time) ||
	    ntohl(pi->nd_opt_pi_preferred_time) >
	    ntohl(pi->nd_opt_pi_valid_time)) {
		fail(c, "RA prefix %s/64 lifetimes valid %u preferred %u: unusable",
		     a6(&pi->nd_opt_pi_prefix, b),
		     ntohl(pi->nd_opt_pi_valid_time),
		     ntohl(pi->nd_opt_pi_preferred_time));
		return -1;
	}
	if (cfg.want_prefix &&
	    memcmp(&pi->nd_opt_pi_prefix, &cfg.prefix, 8)) {
		fail(c, "RA prefix %s/64, expected %s/64",
		     a6(&pi->nd_opt_pi_prefix, b), a6(&cfg.prefix, w));
		return -1;
	}
	if (!s->have_mtu) {
		fail(c, "RA has no MTU option");
		return -1;
	}
	if (s->mtu < 1280) {
		fail(c, "RA MTU option says %u, below IPv6's minimum 1280",
		     s->mtu);
		return -1;
	}
	return 0;
}

static void handle_ra(struct client *c, const struct ip6_hdr *ip,
		      const unsigned char *icmp, size_t len)
{
	const struct nd_router_advert *ra = (const void *)icmp;
	char b[INET6_ADDRSTRLEN], w[INET6_ADDRSTRLEN];
	struct ra_seen s = { 0 };

	if (IN6_IS_ADDR_MULTICAST(&ip->ip6_dst))
		return;		/* unsolicited, not the answer to our RS */
	if (!IN6_ARE_ADDR_EQUAL(&ip->ip6_dst, &c->ll))
		return fail(c, "RA sent to %s, not to our RS source %s",
			    a6(&ip->ip6_dst, b), a6(&c->ll, w));
	if (ip->ip6_hlim != 255)
		return fail(c, "RA with hop limit %u, expected 255",
			    ip->ip6_hlim);
	if (!IN6_IS_ADDR_LINKLOCAL(&ip->ip6_src))
		return fail(c, "RA from %s, not from a link-local address",
			    a6(&ip->ip6_src, b));
	if (len < sizeof(*ra) || ra->nd_ra_code)
		return fail(c, "RA of %zu bytes, code %u: malformed", len,
			    icmp[1]);
	if (!ntohs(ra->nd_ra_router_lifetime))
		return fail(c, "RA with router lifetime 0: not a default router");
	if (ra_options(c, icmp + sizeof(*ra), len - sizeof(*ra), &s) ||
	    check_pio(c, &s))
		return;
	c->ra_src = ip->ip6_src;
	memcpy(&c->addr, &s.pio->nd_opt_pi_prefix, 8);
	random_iid(&c->addr);
	memcpy(&c->router, &s.pio->nd_opt_pi_prefix, 8);
	memset(&c->router.s6_addr[8], 0, 8);
	c->router.s6_addr[15] = 1;
	send_echo(c);
}

static void handle_reply(struct client *c, const struct ip6_hdr *ip,
			 const unsigned char *icmp, size_t len)
{
	const struct icmp6_hdr *h = (const void *)icmp;
	char b[INET6_ADDRSTRLEN], w[INET6_ADDRSTRLEN];
	uint32_t idx;

	if (len != sizeof(*h) + sizeof(c->echo_data) ||
	    memcmp(icmp + sizeof(*h), ECHO_MAGIC, 8))
		return fail(c, "echo reply of %zu bytes from %s is not an answer to ours",
			    len, a6(&ip->ip6_src, b));
	memcpy(&idx, icmp + sizeof(*h) + 8, 4);
	if (ntohl(idx) != (uint32_t)c->idx)
		return fail(c, "echo reply meant for client %u arrived on client %d's connection",
			    ntohl(idx), c->idx);
	if (h->icmp6_id != c->echo_id ||
	    h->icmp6_seq != htons(c->idx & 0xffff) ||
	    memcmp(icmp + sizeof(*h), c->echo_data, sizeof(c->echo_data)))
		return fail(c, "echo reply id/sequence/data do not match the request");
	if (!IN6_ARE_ADDR_EQUAL(&ip->ip6_src, &c->router))
		return fail(c, "echo reply from %s, expected %s",
			    a6(&ip->ip6_src, b), a6(&c->router, w));
	if (!IN6_ARE_ADDR_EQUAL(&ip->ip6_dst, &c->addr))
		return fail(c, "echo reply to %s, expected our %s",
			    a6(&ip->ip6_dst, b), a6(&c->addr, w));
	c->st = ST_DONE;
}

static void handle_packet(struct client *c, const unsigned char *pkt,
			  size_t len)
{
	const struct ip6_hdr *ip = (const void *)pkt;
	const unsigned char *icmp = pkt + sizeof(*ip);
	size_t ilen = len - sizeof(*ip);
	char b[INET6_ADDRSTRLEN];

	if (ip->ip6_nxt != IPPROTO_ICMPV6 || ilen < sizeof(struct icmp6_hdr))
		return;		/* not for this program */
	/* Summed with its checksum field, a good packet comes to zero. */
	if (icmp6_csum(&ip->ip6_src, &ip->ip6_dst, icmp, ilen))
		return fail(c, "ICMPv6 type %u from %s with a bad checksum",
			    icmp[0], a6(&ip->ip6_src, b));
	switch (icmp[0]) {
	case ND_ROUTER_ADVERT:
		if (c->st == ST_WAIT_RA)
			handle_ra(c, ip, icmp, ilen);
		break;
	case ICMP6_ECHO_REPLY:
		if (c->st == ST_WAIT_REPLY)
			handle_reply(c, ip, icmp, ilen);
		break;
	case ND_NEIGHBOR_SOLICIT:
		answer_ns(c, ip, icmp, ilen);
		break;
	}
}

/* --- the stream --------------------------------------------------------- */

/* Split what arrived into packets: 40 + payload length each. */
static void parse_input(struct client *c)
{
	size_t off = 0, len;

	while (c->st != ST_FAILED && c->in_len - off >= 40) {
		const unsigned char *p = c->in + off;

		if (p[0] >> 4 != 6)
			return fail(c, "stream out of step: version nibble %u where an IPv6 header should start",
				    p[0] >> 4);
		len = 40 + ((p[4] << 8) | p[5]);
		if (c->in_len - off < len)
			break;
		handle_packet(c, p, len);
		off += len;
	}
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
}

static void do_read(struct client *c)
{
	ssize_t n = read(c->fd, c->in + c->in_len, IN_MAX - c->in_len);

	if (n > 0) {
		c->in_len += n;
		parse_input(c);
	} else if (n == 0) {
		fail(c, "server closed the connection");
	} else if (errno == EIO) {
		fail(c, "read: EIO (a TLS alert or a non-data TLS record from the server)");
	} else if (errno != EAGAIN && errno != EINTR) {
		fail(c, "read: %s", strerror(errno));
	}
}

static void do_write(struct client *c)
{
	ssize_t n;

	if (!c->out_len)
		return;
	n = write(c->fd, c->out, c->out_len);
	if (n > 0) {
		memmove(c->out, c->out + n, c->out_len - n);
		c->out_len -= n;
	} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
		fail(c, "write: %s", strerror(errno));
	}
}

static bool waiting(const struct client *c)
{
	return c->st == ST_WAIT_RA || c->st == ST_WAIT_REPLY;
}

static void timed_out(struct client *c)
{
	char b[INET6_ADDRSTRLEN], w[INET6_ADDRSTRLEN];

	if (c->st == ST_WAIT_RA)
		fail(c, "no Router Advertisement within %d ms (RS sent from %s)",
		     cfg.timeout_ms, a6(&c->ll, b));
	else
		fail(c, "no echo reply from %s within %d ms (request from %s, RA from %s)",
		     a6(&c->router, b), cfg.timeout_ms, a6(&c->addr, w),
		     a6(&c->ra_src, b));
}

/* All clients at once: RS, RA, echo, reply, one poll() loop. */
static void exchange(void)
{
	struct pollfd *pfd = calloc(cfg.n, sizeof(*pfd));
	long long deadline = ipt6_now_ms() + cfg.timeout_ms;
	struct client **act = calloc(cfg.n, sizeof(*act));
	long long left;
	int i, k, r;

	if (!pfd || !act) {
		fprintf(stderr, "ipt6-manyclients: out of memory\n");
		exit(1);
	}
	for (i = 0; i < cfg.n; i++)
		if (clients[i].st == ST_SETUP)
			send_rs(&clients[i]);
	for (;;) {
		for (i = 0, k = 0; i < cfg.n; i++) {
			struct client *c = &clients[i];

			do_write(c);
			if (!waiting(c))
				continue;
			act[k] = c;
			pfd[k].fd = c->fd;
			pfd[k].events = POLLIN | (c->out_len ? POLLOUT : 0);
			k++;
		}
		left = deadline - ipt6_now_ms();
		if (!k || left <= 0)
			break;
		r = poll(pfd, k, left);
		if (r < 0 && errno != EINTR) {
			perror("ipt6-manyclients: poll");
			exit(1);
		}
		for (i = 0; i < k && r > 0; i++)
			if (pfd[i].revents & (POLLIN | POLLERR | POLLHUP))
				do_read(act[i]);
	}
	for (i = 0; i < cfg.n; i++)
		if (waiting(&clients[i]))
			timed_out(&clients[i]);
	free(pfd);
	free(act);
}

/* --- session set-up ------------------------------------------------------ */

static void setup_one(struct client *c)
{
	struct ipt6_err err = { 0 };
	int fd;

	fd = ipt6_tcp_connect(cfg.host, cfg.port, cfg.timeout_ms, &err);
	if (fd < 0)
		return fail(c, "set-up: %s: %s", ipt6_errcode_name(err.code),
			    err.msg);
	if (ipt6_tls_client_start(fd, &cfg.url, &cfg.tls, NULL, &err)) {
		close(fd);
		return fail(c, "set-up: %s: %s", ipt6_errcode_name(err.code),
			    err.msg);
	}
	/* The library hands back a blocking socket; poll() wants it not. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)) {
		close(fd);
		return fail(c, "set-up: fcntl: %s", strerror(errno));
	}
	c->fd = fd;
}

static void *setup_thread(void *arg)
{
	int i;

	(void)arg;
	while ((i = __atomic_fetch_add(&next_client, 1, __ATOMIC_RELAXED)) <
	       cfg.n)
		setup_one(&clients[i]);
	return NULL;
}

static void setup_all(void)
{
	int i, nt = cfg.parallel < cfg.n ? cfg.parallel : cfg.n;
	pthread_t *th = calloc(nt, sizeof(*th));

	if (!th) {
		fprintf(stderr, "ipt6-manyclients: out of memory\n");
		exit(1);
	}
	for (i = 0; i < nt; i++)
		if (pthread_create(&th[i], NULL, setup_thread, NULL)) {
			fprintf(stderr, "ipt6-manyclients: cannot start thread %d\n",
				i);
			exit(1);
		}
	for (i = 0; i < nt; i++)
		pthread_join(th[i], NULL);
	free(th);
}

/* --- main ---------------------------------------------------------------- */

static void raise_nofile(void)
{
	rlim_t want = cfg.n + 64;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = want;
	if (rl.rlim_max < want)
		rl.rlim_max = want;	/* root may raise the ceiling */
	if (setrlimit(RLIMIT_NOFILE, &rl)) {
		fprintf(stderr, "ipt6-manyclients: cannot allow %llu open files: %s\n",
			(unsigned long long)want, strerror(errno));
		exit(1);
	}
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Sleep @secs or until SIGINT/SIGTERM, the connections left as they are. */
static void hold(int secs)
{
	struct sigaction sa = { .sa_handler = on_signal };
	long long end = ipt6_now_ms() + secs * 1000LL;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop && ipt6_now_ms() < end)
		poll(NULL, 0, 200);
}

static int report(double setup_s, double xchg_s)
{
	int i, ok = 0, shown = 0, up = 0;

	for (i = 0; i < cfg.n; i++) {
		struct client *c = &clients[i];

		if (c->fd >= 0)
			up++;
		if (c->st == ST_DONE ||
		    (cfg.no_exchange && c->st == ST_SETUP)) {
			ok++;
			continue;
		}
		if (shown++ < MAX_SHOWN)
			printf("client %d: FAIL: %s\n", i, c->why);
	}
	if (shown > MAX_SHOWN)
		printf("(%d more failures not shown)\n", shown - MAX_SHOWN);
	printf("set-up: %d/%d sessions in %.1f s (%d at a time)\n", up, cfg.n,
	       setup_s, cfg.parallel);
	if (cfg.no_exchange)
		printf("%d/%d clients connected\n", ok, cfg.n);
	else
		printf("%d/%d clients got an RA and an echo reply (exchange %.1f s)\n",
		       ok, cfg.n, xchg_s);
	fflush(stdout);
	return ok == cfg.n ? 0 : 1;
}

static int split_connect(const char *s)
{
	const char *h = s, *end, *colon;
	size_t hl;

	if (s[0] == '[') {
		h = s + 1;
		end = strchr(s, ']');
		if (!end || (end[1] && end[1] != ':'))
			return -1;
		colon = end[1] ? end + 1 : NULL;
	} else {
		colon = strrchr(s, ':');
		if (colon && strchr(s, ':') != colon)
			return -1;	/* bare IPv6: needs brackets */
		end = colon ? colon : s + strlen(s);
	}
	hl = end - h;
	if (!hl || hl >= sizeof(cfg.host))
		return -1;
	memcpy(cfg.host, h, hl);
	cfg.host[hl] = '\0';
	if (colon)
		cfg.port = colon + 1;
	return 0;
}

/* PREFIX/64, checked as ipt6ctl checks a server's prefix. */
static int parse_prefix(const char *s)
{
	struct ipt6_err err = { 0 };
	int len;

	if (ipt6_parse_prefix(s, &cfg.prefix, &len, IPT6_PREFIX_64, &err) ||
	    len != 64) {
		fprintf(stderr, "ipt6-manyclients: --prefix %s\n",
			err.msg[0] ? err.msg : "takes an IPv6 /64");
		return -1;
	}
	return 0;
}

static int int_arg(const char *s, int min)
{
	unsigned int v;

	if (ipt6_parse_uint(s, min, 1000000, &v))
		usage();
	return v;
}

static void parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "connect", required_argument, NULL, 'c' },
		{ "ca", required_argument, NULL, 'a' },
		{ "parallel", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' },
		{ "prefix", required_argument, NULL, 'P' },
		{ "hold", required_argument, NULL, 'H' },
		{ "no-exchange", no_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *url = NULL, *connect = NULL;
	struct ipt6_err err;
	int c;

	while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			url = optarg;
			break;
		case 'c':
			connect = optarg;
			break;
		case 'a':
			cfg.tls.ca_file = optarg;
			break;
		case 'n':
			cfg.n = int_arg(optarg, 1);
			break;
		case 'p':
			cfg.parallel = int_arg(optarg, 1);
			break;
		case 't':
			cfg.timeout_ms = int_arg(optarg, 1);
			break;
		case 'H':
			cfg.hold_s = int_arg(optarg, 0);
			break;
		case 'X':
			cfg.no_exchange = true;
			break;
		case 'P':
			if (parse_prefix(optarg))
				exit(2);
			cfg.want_prefix = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || !url)
		usage();
	if (ipt6_url_parse(url, &cfg.url, &err)) {
		fprintf(stderr, "ipt6-manyclients: %s\n", err.msg);
		exit(2);
	}
	snprintf(cfg.host, sizeof(cfg.host), "%s", cfg.url.host);
	cfg.port = cfg.url.port;
	if (connect && split_connect(connect)) {
		fprintf(stderr, "ipt6-manyclients: --connect takes ADDR[:PORT] or [IPV6][:PORT], not '%s'\n",
			connect);
		exit(2);
	}
	cfg.tls.timeout_ms = cfg.timeout_ms;
}

int main(int argc, char **argv)
{
	long long t0, t1, t2;
	int i, ret;

	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	parse_args(argc, argv);
	raise_nofile();
	clients = calloc(cfg.n, sizeof(*clients));
	if (!clients) {
		fprintf(stderr, "ipt6-manyclients: out of memory\n");
		return 1;
	}
	for (i = 0; i < cfg.n; i++) {
		clients[i].idx = i;
		clients[i].fd = -1;
		clients[i].in = malloc(IN_MAX);
		if (!clients[i].in) {
			fprintf(stderr, "ipt6-manyclients: out of memory\n");
			return 1;
		}
	}
	t0 = ipt6_now_ms();
	setup_all();
	t1 = ipt6_now_ms();
	if (!cfg.no_exchange)
		exchange();
	t2 = ipt6_now_ms();
	ret = report((t1 - t0) / 1e3, (t2 - t1) / 1e3);
	if (cfg.hold_s) {
		printf("holding the connections for %d s\n", cfg.hold_s);
		hold(cfg.hold_s);
	}
	for (i = 0; i < cfg.n; i++) {
		if (clients[i].fd >= 0)
			close(clients[i].fd);
		free(clients[i].in);
	}
	free(clients);
	return ret;
}
