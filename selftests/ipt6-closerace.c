// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6-closerace: IP-HTTPS clients that give up at every point of the
 * session set-up, to hammer the server's attach and detach paths from
 * the network.  Each connection picks a mode at random: where to stop
 * (after TCP, after the ClientHello, after the TLS handshake, after the
 * POST, after the 200, after the Router Advertisement that proves the
 * kernel took the socket), what to send there (nothing, half an IPv6
 * packet, a whole one, one and a half, garbage), and how to end (FIN,
 * RST by SO_LINGER 0, close_notify then FIN), some after a random delay
 * of 0-50 ms, which races the server's hand-off to the kernel.
 *
 * TLS stays in OpenSSL here (no kTLS on this side): the server's kernel
 * sends ordinary TLS records, and a test client need not be fast at that.
 * With --cork, data and FIN leave in one segment (TCP_CORK, then close):
 * the server's kernel sees both in one wake-up.
 *
 *   ipt6-closerace --url URL --connect ADDR[:PORT] --ca FILE [-n N]
 *       [--parallel P] [--seconds S] [--seed SEED] [--modes M,M...]
 *       [--sessions K] [--prefix P/64] [--timeout MS] [--cork]
 *       [--together] [--log FILE]
 *   ipt6-closerace --list-modes
 *
 * The seed (--seed, else $IPT6_SEED, else random) is printed; connection
 * I draws everything from SEED and I, so a mode sequence repeats.
 * Exits 0 when every connection reached the point its mode stops at,
 * 1 otherwise, 2 on bad usage.
 */
#include <errno.h>
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
#include <netinet/in.h>
#include <netinet/ip6.h>
#include <netinet/tcp.h>
#include <sys/random.h>
#include <sys/socket.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "err.h"
#include "http.h"
#include "io.h"
#include "parse.h"
#include "tls.h"
#include "url.h"

#define MAX_SHOWN	10	/* failures printed one by one */
#define ECHO_LEN	(40 + 8 + 16)
#define IN_MAX		(40 + 65535)

/* Where a connection stops. */
enum stage { AT_TCP, AT_HELLO, AT_TLS, AT_POST, AT_OK, AT_RA };
/* What it sends there. */
enum data { D_NONE, D_HALF, D_FULL, D_FULL_HALF, D_GARBAGE };
/* How it ends. */
enum end { E_FIN, E_RST, E_NOTIFY };

struct mode {
	const char *name;
	enum stage at;
	enum data data;
	enum end end;
	bool delay;		/* 0-50 ms pause before data and end */
};

static const struct mode modes[] = {
	{ "tcp-fin",		AT_TCP,   D_NONE,      E_FIN,    false },
	{ "tcp-rst",		AT_TCP,   D_NONE,      E_RST,    false },
	{ "hello-fin",		AT_HELLO, D_NONE,      E_FIN,    false },
	{ "hello-rst",		AT_HELLO, D_NONE,      E_RST,    false },
	{ "tls-fin",		AT_TLS,   D_NONE,      E_FIN,    false },
	{ "tls-rst",		AT_TLS,   D_NONE,      E_RST,    false },
	{ "post-fin",		AT_POST,  D_NONE,      E_FIN,    false },
	{ "post-rst",		AT_POST,  D_NONE,      E_RST,    false },
	{ "post-half-fin",	AT_POST,  D_HALF,      E_FIN,    false },
	{ "post-full-fin",	AT_POST,  D_FULL,      E_FIN,    false },
	{ "ok-fin",		AT_OK,    D_NONE,      E_FIN,    false },
	{ "ok-rst",		AT_OK,    D_NONE,      E_RST,    false },
	{ "ok-notify",		AT_OK,    D_NONE,      E_NOTIFY, false },
	{ "ok-delay-fin",	AT_OK,    D_NONE,      E_FIN,    true },
	{ "ok-delay-rst",	AT_OK,    D_NONE,      E_RST,    true },
	{ "ok-half-fin",	AT_OK,    D_HALF,      E_FIN,    false },
	{ "ok-half-rst",	AT_OK,    D_HALF,      E_RST,    false },
	{ "ok-delay-half-fin",	AT_OK,    D_HALF,      E_FIN,    true },
	{ "ok-full-fin",	AT_OK,    D_FULL,      E_FIN,    false },
	{ "ok-fullhalf-fin",	AT_OK,    D_FULL_HALF, E_FIN,    false },
	{ "ok-garbage-fin",	AT_OK,    D_GARBAGE,   E_FIN,    false },
	{ "ra-fin",		AT_RA,    D_NONE,      E_FIN,    false },
	{ "ra-rst",		AT_RA,    D_NONE,      E_RST,    false },
	{ "ra-notify",		AT_RA,    D_NONE,      E_NOTIFY, false },
	{ "ra-half-fin",	AT_RA,    D_HALF,      E_FIN,    false },
	{ "ra-half-rst",	AT_RA,    D_HALF,      E_RST,    false },
	{ "ra-full-fin",	AT_RA,    D_FULL,      E_FIN,    false },
	{ "ra-fullhalf-fin",	AT_RA,    D_FULL_HALF, E_FIN,    false },
};
#define NMODES (sizeof(modes) / sizeof(modes[0]))

struct mode_stats {
	unsigned long runs;
	unsigned long failed;
};

static struct {
	struct ipt6_url url;
	char host[256];
	const char *port;
	const char *ca_file;
	int n;
	int parallel;
	int seconds;
	int timeout_ms;
	int sessions;
	bool cork;
	bool together;
	uint64_t seed;
	struct in6_addr prefix;
	bool use_mode[NMODES];
	int nused;
	int used[NMODES];
	FILE *log;
} cfg = { .n = 1000, .parallel = 8, .timeout_ms = 10000 };

static SSL_CTX *ctx;
static int next_conn;			/* taken atomically */
static long long stop_at;		/* no new connection after this */
static pthread_barrier_t barrier;	/* --together */
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mode_stats stats[NMODES];
static unsigned long total_runs, total_failed, shown;

/* One connection. */
struct conn {
	int idx;
	const struct mode *m;
	int mi;
	uint64_t rng;
	int fd;
	SSL *ssl;
	long long deadline;
	unsigned char session[IPT6_SESSION_LEN];
	bool has_session;
	struct in6_addr ll, addr, router;
	unsigned char *in;
	size_t in_len;
	char why[256];
	bool failed;
};

/* Per thread: its pool of session ids (--sessions). */
struct worker {
	unsigned char (*pool)[IPT6_SESSION_LEN];
	unsigned char *in;
	int only;		/* --together: this connection alone */
};

static void usage(void)
{
	fprintf(stderr,
		"usage: ipt6-closerace --url URL --connect ADDR[:PORT] --ca FILE [-n N]\n"
		"           [--parallel P] [--seconds S] [--seed SEED] [--modes M,M...]\n"
		"           [--sessions K] [--prefix P/64] [--timeout MS] [--cork]\n"
		"           [--together] [--log FILE]\n"
		"       ipt6-closerace --list-modes\n"
		"\n"
		"  -n N            connections in all (default 1000)\n"
		"  --parallel P    connections in flight at once (default 8)\n"
		"  --seconds S     start no new connection after S seconds\n"
		"  --seed SEED     random seed (default $IPT6_SEED, else random)\n"
		"  --modes LIST    only these modes (default: all; see --list-modes)\n"
		"  --sessions K    half the connections send an IPT6-Session id, one\n"
		"                  of K per thread, so that they replace each other\n"
		"  --prefix P/64   the server's prefix, for packet sources (default\n"
		"                  2001:db8:1::/64)\n"
		"  --timeout MS    limit of each step (default 10000)\n"
		"  --cork          send the last data and the FIN in one segment\n"
		"                  (default: at random per connection)\n"
		"  --together      run all N at once (P = N), each up to its stopping\n"
		"                  point, then end them all at the same moment\n"
		"  --log FILE      one line per connection: index, local port, mode,\n"
		"                  ok or the failure\n");
	exit(2);
}

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int rnd(struct conn *c, unsigned int n)
{
	return splitmix(&c->rng) % n;
}

static void fail(struct conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct conn *c, const char *fmt, ...)
{
	va_list ap;

	if (c->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	c->failed = true;
}

static const char *ssl_reason(void)
{
	unsigned long e = ERR_get_error();

	ERR_clear_error();
	return e ? ERR_reason_error_string(e) : "no OpenSSL error";
}

/* --- packets ------------------------------------------------------------ */

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

/* An ICMPv6 packet with @body into @out; returns its length. */
static size_t icmp6_packet(unsigned char *out, const struct in6_addr *src,
			   const struct in6_addr *dst, int hops,
			   const void *body, size_t len)
{
	struct ip6_hdr ip = { 0 };
	struct icmp6_hdr *h = (struct icmp6_hdr *)(out + sizeof(ip));

	ip.ip6_flow = htonl(6 << 28);
	ip.ip6_plen = htons(len);
	ip.ip6_nxt = IPPROTO_ICMPV6;
	ip.ip6_hlim = hops;
	ip.ip6_src = *src;
	ip.ip6_dst = *dst;
	memcpy(out, &ip, sizeof(ip));
	memcpy(out + sizeof(ip), body, len);
	h->icmp6_cksum = 0;
	h->icmp6_cksum = icmp6_csum(src, dst, out + sizeof(ip), len);
	return sizeof(ip) + len;
}

/* An echo request from our address in the prefix to PREFIX::1. */
static size_t echo_packet(struct conn *c, unsigned char *out)
{
	unsigned char body[8 + 16];
	struct icmp6_hdr *h = (struct icmp6_hdr *)body;
	size_t i;

	memset(body, 0, sizeof(body));
	h->icmp6_type = ICMP6_ECHO_REQUEST;
	h->icmp6_id = htons(c->idx & 0xffff);
	h->icmp6_seq = htons(rnd(c, 65536));
	for (i = 8; i < sizeof(body); i++)
		body[i] = rnd(c, 256);
	return icmp6_packet(out, &c->addr, &c->router, 64, body, sizeof(body));
}

/* The bytes mode @c->m sends at its stopping point, into @out. */
static size_t mode_data(struct conn *c, unsigned char *out)
{
	size_t n;

	switch (c->m->data) {
	case D_NONE:
		return 0;
	case D_HALF:
		/* 1..63 bytes: a part of the header or of the payload. */
		echo_packet(c, out);
		return 1 + rnd(c, ECHO_LEN - 1);
	case D_FULL:
		return echo_packet(c, out);
	case D_FULL_HALF:
		n = echo_packet(c, out);
		echo_packet(c, out + n);
		return n + 1 + rnd(c, ECHO_LEN - 1);
	case D_GARBAGE:
		/* An IPv4 version nibble where an IPv6 header must start. */
		for (n = 0; n < 24; n++)
			out[n] = rnd(c, 256);
		out[0] = 0x45;
		return n;
	}
	return 0;
}

/* --- TLS steps ------------------------------------------------------------ */

/* After a failed SSL call: 0 to retry once the socket is ready. */
static int ssl_wait(struct conn *c, int ret, const char *step)
{
	int e = SSL_get_error(c->ssl, ret);
	short ev;

	if (e == SSL_ERROR_WANT_READ) {
		ev = POLLIN;
	} else if (e == SSL_ERROR_WANT_WRITE) {
		ev = POLLOUT;
	} else {
		if (e == SSL_ERROR_SYSCALL)
			fail(c, "%s: %s", step,
			     errno ? strerror(errno) : "connection closed");
		else if (e == SSL_ERROR_ZERO_RETURN)
			fail(c, "%s: server sent close_notify", step);
		else
			fail(c, "%s: %s", step, ssl_reason());
		return -1;
	}
	if (ipt6_wait_fd(c->fd, ev, c->deadline)) {
		fail(c, "%s: no progress within %d ms", step, cfg.timeout_ms);
		return -1;
	}
	return 0;
}

static int ssl_write_all(struct conn *c, const void *buf, int len,
			 const char *step)
{
	int r;

	while ((r = SSL_write(c->ssl, buf, len)) <= 0)
		if (ssl_wait(c, r, step))
			return -1;
	return 0;
}

static int tls_new(struct conn *c)
{
	int v = rnd(c, 2) ? TLS1_3_VERSION : TLS1_2_VERSION;

	c->ssl = SSL_new(ctx);
	if (!c->ssl || !SSL_set_fd(c->ssl, c->fd) ||
	    !SSL_set_min_proto_version(c->ssl, v) ||
	    !SSL_set_max_proto_version(c->ssl, v) ||
	    !SSL_set1_host(c->ssl, cfg.url.host) ||
	    !SSL_set_tlsext_host_name(c->ssl, cfg.url.host)) {
		fail(c, "TLS: cannot set up a connection: %s", ssl_reason());
		return -1;
	}
	return 0;
}

static int tls_handshake(struct conn *c)
{
	int r;

	while ((r = SSL_connect(c->ssl)) <= 0)
		if (ssl_wait(c, r, "TLS handshake"))
			return -1;
	return 0;
}

/* Only the ClientHello: one step of a non-blocking handshake. */
static void tls_hello(struct conn *c)
{
	int r = SSL_connect(c->ssl);

	if (r <= 0 && SSL_get_error(c->ssl, r) != SSL_ERROR_WANT_READ &&
	    SSL_get_error(c->ssl, r) != SSL_ERROR_WANT_WRITE)
		fail(c, "ClientHello: %s", ssl_reason());
	ERR_clear_error();
}

static int send_post(struct conn *c)
{
	char buf[1024];
	int len;

	len = ipt6_http_format_request(buf, sizeof(buf), &cfg.url,
				       c->has_session ? c->session : NULL);
	if (len < 0) {
		fail(c, "POST: request too long");
		return -1;
	}
	return ssl_write_all(c, buf, len, "POST");
}

/* The answer's head; it must be a 200 and come alone in its record. */
static int read_200(struct conn *c)
{
	char buf[IPT6_HTTP_HEAD_MAX];
	size_t len = 0, head;
	int r;

	while (!(head = ipt6_http_head_len(buf, len))) {
		if (len >= sizeof(buf)) {
			fail(c, "answer to POST: head too long");
			return -1;
		}
		r = SSL_read(c->ssl, buf + len, sizeof(buf) - len);
		if (r > 0)
			len += r;
		else if (ssl_wait(c, r, "answer to POST"))
			return -1;
	}
	if (strncmp(buf, "HTTP/1.1 200 ", 13)) {
		fail(c, "answer to POST: '%.*s'", (int)strcspn(buf, "\r\n"),
		     buf);
		return -1;
	}
	if (len != head) {
		fail(c, "answer to POST: %zu bytes after the head", len - head);
		return -1;
	}
	return 0;
}

/* A Router Solicitation, and wait for the Advertisement: attached. */
static int solicit(struct conn *c)
{
	static const struct in6_addr all_routers = {
		.s6_addr = { 0xff, 0x02, [15] = 2 } };
	struct nd_router_solicit rs = { .nd_rs_type = ND_ROUTER_SOLICIT };
	unsigned char pkt[64];
	size_t len, off, plen;
	int r;

	len = icmp6_packet(pkt, &c->ll, &all_routers, 255, &rs, sizeof(rs));
	if (ssl_write_all(c, pkt, len, "router solicitation"))
		return -1;
	for (;;) {
		r = SSL_read(c->ssl, c->in + c->in_len, IN_MAX - c->in_len);
		if (r <= 0) {
			if (ssl_wait(c, r, "waiting for the router advertisement"))
				return -1;
			continue;
		}
		c->in_len += r;
		for (off = 0; c->in_len - off >= 40; off += plen) {
			const unsigned char *p = c->in + off;

			plen = 40 + ((p[4] << 8) | p[5]);
			if (p[0] >> 4 != 6) {
				fail(c, "stream out of step: version nibble %u",
				     p[0] >> 4);
				return -1;
			}
			if (c->in_len - off < plen)
				break;
			if (p[6] == IPPROTO_ICMPV6 && plen > 40 &&
			    p[40] == ND_ROUTER_ADVERT)
				return 0;
		}
		memmove(c->in, c->in + off, c->in_len - off);
		c->in_len -= off;
	}
}

/* --- one connection ---------------------------------------------------- */

static void conn_init(struct conn *c, struct worker *w, int idx)
{
	uint64_t s = cfg.seed ^ ((uint64_t)idx * 0xd1342543de82ef95ULL);
	size_t i;

	memset(c, 0, sizeof(*c));
	c->idx = idx;
	c->fd = -1;
	c->in = w->in;
	c->rng = splitmix(&s);
	c->mi = cfg.used[rnd(c, cfg.nused)];
	c->m = &modes[c->mi];
	if (cfg.sessions && rnd(c, 2)) {
		memcpy(c->session, w->pool[rnd(c, cfg.sessions)],
		       IPT6_SESSION_LEN);
		c->has_session = true;
	}
	c->ll = (struct in6_addr){ .s6_addr = { 0xfe, 0x80 } };
	c->addr = cfg.prefix;
	c->router = cfg.prefix;
	c->router.s6_addr[15] = 1;
	for (i = 8; i < 16; i++) {
		c->ll.s6_addr[i] = rnd(c, 256);
		c->addr.s6_addr[i] = rnd(c, 256);
	}
	c->ll.s6_addr[8] &= ~0x02;
	c->addr.s6_addr[8] &= ~0x02;
}

/* Up to the mode's stopping point; 0, or -1 after fail(). */
static int reach(struct conn *c)
{
	const struct mode *m = c->m;
	struct ipt6_err err = { 0 };

	c->deadline = ipt6_now_ms() + cfg.timeout_ms;
	c->fd = ipt6_tcp_connect(cfg.host, cfg.port, cfg.timeout_ms, &err);
	if (c->fd < 0) {
		fail(c, "TCP: %s", err.msg);
		return -1;
	}
	if (m->at == AT_TCP)
		return 0;
	if (tls_new(c))
		return -1;
	if (m->at == AT_HELLO) {
		tls_hello(c);
		return c->failed ? -1 : 0;
	}
	if (tls_handshake(c) || m->at == AT_TLS)
		return c->failed ? -1 : 0;
	if (send_post(c) || m->at == AT_POST)
		return c->failed ? -1 : 0;
	if (read_200(c) || m->at == AT_OK)
		return c->failed ? -1 : 0;
	return solicit(c);
}

/* The last data: a failure here is the server's right, not ours. */
static void write_quiet(struct conn *c, const void *buf, int len)
{
	int r;

	while ((r = SSL_write(c->ssl, buf, len)) <= 0) {
		int e = SSL_get_error(c->ssl, r);

		if ((e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) ||
		    ipt6_wait_fd(c->fd, e == SSL_ERROR_WANT_READ ? POLLIN :
				 POLLOUT, c->deadline))
			return;
	}
}

static void set_int(int fd, int level, int opt, int v)
{
	setsockopt(fd, level, opt, &v, sizeof(v));
}

/* The mode's last data and its end: FIN, RST or close_notify and FIN. */
static void finish(struct conn *c)
{
	unsigned char data[2 * ECHO_LEN];
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	size_t len;

	if (c->fd < 0)
		return;
	if (!c->failed && c->m->delay)
		usleep(rnd(c, 50001));
	len = c->failed ? 0 : mode_data(c, data);
	if (len && c->m->end == E_FIN && (cfg.cork || rnd(c, 2)))
		set_int(c->fd, IPPROTO_TCP, TCP_CORK, 1);
	/*
	 * The server may have closed first (garbage, a session replaced):
	 * what it says then does not matter, only that we end as planned.
	 */
	if (len)
		write_quiet(c, data, len);
	if (c->m->end == E_RST)
		setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	else if (c->m->end == E_NOTIFY && c->ssl)
		SSL_shutdown(c->ssl);
	close(c->fd);
	SSL_free(c->ssl);
	ERR_clear_error();
	c->ssl = NULL;
	c->fd = -1;
}

static void account(struct conn *c, int port)
{
	pthread_mutex_lock(&stats_lock);
	stats[c->mi].runs++;
	total_runs++;
	if (c->failed) {
		stats[c->mi].failed++;
		total_failed++;
		if (shown++ < MAX_SHOWN)
			printf("connection %d (%s): FAIL: %s\n", c->idx,
			       c->m->name, c->why);
	}
	if (cfg.log)
		fprintf(cfg.log, "%d %d %s %s\n", c->idx, port, c->m->name,
			c->failed ? c->why : "ok");
	pthread_mutex_unlock(&stats_lock);
}

static int local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (fd < 0 || getsockname(fd, (struct sockaddr *)&ss, &sl))
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

static void *worker_thread(void *arg)
{
	struct worker *w = arg;
	struct conn c;
	int i, port;

	if (cfg.together) {
		/* One each: the barrier counts every thread exactly once. */
		conn_init(&c, w, w->only);
		reach(&c);
		port = local_port(c.fd);
		pthread_barrier_wait(&barrier);
		finish(&c);
		account(&c, port);
		return NULL;
	}
	for (;;) {
		if (ipt6_now_ms() >= stop_at)
			break;
		i = __atomic_fetch_add(&next_conn, 1, __ATOMIC_RELAXED);
		if (i >= cfg.n)
			break;
		conn_init(&c, w, i);
		reach(&c);
		port = local_port(c.fd);
		finish(&c);
		account(&c, port);
	}
	return NULL;
}

/* --- main ---------------------------------------------------------------- */

static void report(double secs)
{
	size_t i;

	printf("%-20s %7s %7s\n", "mode", "runs", "failed");
	for (i = 0; i < NMODES; i++)
		if (cfg.use_mode[i])
			printf("%-20s %7lu %7lu\n", modes[i].name,
			       stats[i].runs, stats[i].failed);
	if (shown > MAX_SHOWN)
		printf("(%lu more failures not shown)\n", shown - MAX_SHOWN);
	printf("%lu connections in %.1f s (%.1f/s, %d at a time), %lu failed\n",
	       total_runs, secs, secs > 0 ? total_runs / secs : 0.0,
	       cfg.parallel, total_failed);
}

static int int_arg(const char *s, int min)
{
	unsigned int v;

	if (ipt6_parse_uint(s, min, 10000000, &v))
		usage();
	return v;
}

static void parse_modes(const char *list)
{
	char buf[1024], *tok, *save;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", list);
	memset(cfg.use_mode, 0, sizeof(cfg.use_mode));
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < NMODES; i++)
			if (!strcmp(tok, modes[i].name))
				break;
		if (i == NMODES) {
			fprintf(stderr, "ipt6-closerace: unknown mode '%s' (see --list-modes)\n",
				tok);
			exit(2);
		}
		cfg.use_mode[i] = true;
	}
}

static int split_connect(const char *s)
{
	const char *colon = strrchr(s, ':');
	size_t hl = colon ? (size_t)(colon - s) : strlen(s);

	if (!hl || hl >= sizeof(cfg.host) || (colon && strchr(s, ':') != colon))
		return -1;
	memcpy(cfg.host, s, hl);
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
		fprintf(stderr, "ipt6-closerace: --prefix %s\n",
			err.msg[0] ? err.msg : "takes an IPv6 /64");
		return -1;
	}
	return 0;
}

static void pick_seed(const char *arg)
{
	const char *s = arg ? arg : getenv("IPT6_SEED");
	char *end;

	if (s && *s) {
		cfg.seed = strtoull(s, &end, 0);
		if (*end) {
			fprintf(stderr, "ipt6-closerace: bad seed '%s'\n", s);
			exit(2);
		}
	} else if (getrandom(&cfg.seed, sizeof(cfg.seed), 0) !=
		   sizeof(cfg.seed)) {
		perror("ipt6-closerace: getrandom");
		exit(1);
	}
}

static void parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "connect", required_argument, NULL, 'c' },
		{ "ca", required_argument, NULL, 'a' },
		{ "parallel", required_argument, NULL, 'p' },
		{ "seconds", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "modes", required_argument, NULL, 'm' },
		{ "sessions", required_argument, NULL, 'k' },
		{ "prefix", required_argument, NULL, 'P' },
		{ "timeout", required_argument, NULL, 't' },
		{ "cork", no_argument, NULL, 'C' },
		{ "together", no_argument, NULL, 'T' },
		{ "log", required_argument, NULL, 'l' },
		{ "list-modes", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *url = NULL, *connect = NULL, *seed = NULL;
	struct ipt6_err err;
	size_t i;
	int c;

	for (i = 0; i < NMODES; i++)
		cfg.use_mode[i] = true;
	inet_pton(AF_INET6, "2001:db8:1::", &cfg.prefix);
	while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'u': url = optarg; break;
		case 'c': connect = optarg; break;
		case 'a': cfg.ca_file = optarg; break;
		case 'n': cfg.n = int_arg(optarg, 1); break;
		case 'p': cfg.parallel = int_arg(optarg, 1); break;
		case 's': cfg.seconds = int_arg(optarg, 1); break;
		case 'S': seed = optarg; break;
		case 'm': parse_modes(optarg); break;
		case 'k': cfg.sessions = int_arg(optarg, 0); break;
		case 't': cfg.timeout_ms = int_arg(optarg, 1); break;
		case 'C': cfg.cork = true; break;
		case 'T': cfg.together = true; break;
		case 'l':
			cfg.log = fopen(optarg, "w");
			if (!cfg.log) {
				perror(optarg);
				exit(2);
			}
			setvbuf(cfg.log, NULL, _IOLBF, 0);
			break;
		case 'P':
			if (parse_prefix(optarg))
				exit(2);
			break;
		case 'L':
			for (i = 0; i < NMODES; i++)
				printf("%s\n", modes[i].name);
			exit(0);
		default:
			usage();
		}
	}
	if (optind != argc || !url || !cfg.ca_file)
		usage();
	if (ipt6_url_parse(url, &cfg.url, &err)) {
		fprintf(stderr, "ipt6-closerace: %s\n", err.msg);
		exit(2);
	}
	snprintf(cfg.host, sizeof(cfg.host), "%s", cfg.url.host);
	cfg.port = cfg.url.port;
	if (connect && split_connect(connect)) {
		fprintf(stderr, "ipt6-closerace: --connect takes IPV4[:PORT]\n");
		exit(2);
	}
	for (i = 0; i < NMODES; i++)
		if (cfg.use_mode[i])
			cfg.used[cfg.nused++] = i;
	if (cfg.together)
		cfg.parallel = cfg.n;
	pick_seed(seed);
}

static void ctx_init(void)
{
	ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx || SSL_CTX_load_verify_locations(ctx, cfg.ca_file, NULL) != 1) {
		fprintf(stderr, "ipt6-closerace: TLS: cannot load CA '%s': %s\n",
			cfg.ca_file, ssl_reason());
		exit(1);
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_read_ahead(ctx, 0);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		fprintf(stderr, "ipt6-closerace: out of memory\n");
		exit(1);
	}
	return p;
}

static void start_workers(pthread_t *th, struct worker *w)
{
	int i;

	for (i = 0; i < cfg.parallel; i++) {
		w[i].in = xcalloc(1, IN_MAX);
		w[i].only = i;
		w[i].pool = xcalloc(cfg.sessions + 1, IPT6_SESSION_LEN);
		if (cfg.sessions &&
		    getrandom(w[i].pool, cfg.sessions * IPT6_SESSION_LEN, 0) !=
		    (ssize_t)(cfg.sessions * IPT6_SESSION_LEN)) {
			perror("ipt6-closerace: getrandom");
			exit(1);
		}
		if (pthread_create(&th[i], NULL, worker_thread, &w[i])) {
			fprintf(stderr, "ipt6-closerace: cannot start thread %d\n",
				i);
			exit(1);
		}
	}
}

int main(int argc, char **argv)
{
	pthread_t *th;
	struct worker *w;
	long long t0;
	int i;

	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	parse_args(argc, argv);
	printf("ipt6-closerace: seed %llu (IPT6_SEED=%llu repeats the modes), %d connections, %d at a time%s\n",
	       (unsigned long long)cfg.seed, (unsigned long long)cfg.seed,
	       cfg.n, cfg.parallel, cfg.together ? ", ended together" : "");
	ctx_init();
	if (cfg.together &&
	    pthread_barrier_init(&barrier, NULL, cfg.parallel)) {
		fprintf(stderr, "ipt6-closerace: cannot make a barrier\n");
		return 1;
	}
	th = xcalloc(cfg.parallel, sizeof(*th));
	w = xcalloc(cfg.parallel, sizeof(*w));
	t0 = ipt6_now_ms();
	/* --together must not stop early: the barrier waits for all. */
	stop_at = cfg.seconds && !cfg.together ?
		  t0 + cfg.seconds * 1000LL : INT64_MAX;
	start_workers(th, w);
	for (i = 0; i < cfg.parallel; i++) {
		pthread_join(th[i], NULL);
		free(w[i].in);
		free(w[i].pool);
	}
	report((ipt6_now_ms() - t0) / 1e3);
	free(th);
	free(w);
	SSL_CTX_free(ctx);
	if (cfg.log)
		fclose(cfg.log);
	return total_failed ? 1 : 0;
}
