// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6ctl server: accept IP-HTTPS clients and hand each to the kernel.
 * Every connection gets a thread for its TLS handshake and HTTP exchange,
 * so a slow or hostile client holds up no one else.  The peers are bound
 * to this process: when it exits, the kernel detaches them.
 *
 * Who gets a handshake (a slowloris attacker opens hundreds of
 * connections and sends nothing, or half a ClientHello, to hold every
 * slot; an honest client from another address must still get in within
 * seconds):
 *
 *  - The main thread accepts whenever it can (non-blocking listener,
 *    poll).  It never waits for a slot before accept(): a queue in the
 *    kernel's backlog is blind, and a client that cannot be seen cannot
 *    be judged.
 *  - A source (an IPv4 address, an IPv6 /64: one subscriber's worth of
 *    addresses) may hold at most --max-handshakes-per-source connections
 *    that are not yet peers.  One more is closed at once, unread.  So an
 *    attacker with one address holds 8 of 64 slots, whatever it opens.
 *  - Each handshake has first_byte_ms for its first byte and
 *    tls.timeout_ms for all of TLS and HTTP, from when it got its slot: a
 *    silent connection frees its slot in 3 s, a stalled one in 10 s (by
 *    default: --first-byte-timeout, --handshake-timeout).
 *  - When all --max-handshakes slots are taken, a newcomer whose source
 *    holds fewer slots than the largest holder (by two or more) takes the
 *    slot of that holder's oldest handshake, which is cut off (honest
 *    handshakes take well under a second, so the oldest is the likeliest
 *    to be stalling).  Slots thus go to sources fairly: attackers with a
 *    few addresses cannot keep a new address out.  Otherwise the
 *    newcomer waits (first come, first served) for a slot, its deadlines
 *    not yet running: when a whole fleet reconnects at once, no one
 *    misses a deadline for waiting behind the others (and behind
 *    MAX_WAITING waiting connections, the kernel's backlog holds the
 *    rest).  Only an attacker with more addresses than there are slots
 *    can delay newcomers, by up to the deadlines; --max-handshakes
 *    raises that bar.
 *
 * What is refused or cut is counted, logged once a second while the
 * counts change, and published on the device for 'ipt6ctl show'.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "cmds.h"
#include "io.h"
#include "nd.h"
#include "nl.h"
#include "parse.h"
#include "ra_dns.h"
#include "rtnl.h"

#define MAX_HANDSHAKES_DEFAULT	64
#define PER_SOURCE_DEFAULT	8
#define KEEPALIVE_DEFAULT	60
#define FIRST_BYTE_MS		3000
#define HANDSHAKE_MS		10000	/* TLS + HTTP, from the slot */
#define MAX_WAITING		256	/* accepted, waiting for a slot */
#define ACCEPT_BURST		64	/* accepts per round of the loop */
#define REPORT_MS		1000	/* counters: log and publish */
#define SOURCE_BUCKETS		256
/* Threads end at their deadline at the latest; the rest is slack. */
#define STOP_WAIT_EXTRA_MS	5000	/* past the handshake deadline */

/* Connections that are not peers yet, by source. */
struct source {
	struct source *next;		/* in its hash bucket */
	unsigned char key[16];		/* IPv4-mapped address, or /64 */
	unsigned int held;		/* handshaking or waiting */
	unsigned int busy;		/* of those, holding a slot */
};

struct conn {
	struct server *srv;
	struct conn *prev, *next;	/* on srv->running or srv->waiting */
	struct source *src;
	int fd;
	bool evicted;			/* its slot went to another source */
	long long since;		/* got its slot, ipt6_now_ms() */
	char name[INET6_ADDRSTRLEN + 8];
};

struct conn_list {
	struct conn *head, *tail;	/* oldest first */
	unsigned int n;
};

struct server {
	const char *ifname;
	int ifindex;
	const char *listen;
	const char *path;
	const char *url;
	const char *prefix_text;
	struct in6_addr prefix;
	uint32_t prefix_flags;
	struct ipt6_dns_conf dns;	/* advertised with the prefix */
	struct ipt6_tls_opts tls;
	struct ipt6_tls_server *tls_server;
	struct ipt6_nl nl;
	pthread_mutex_t nl_lock;	/* libnl sockets are not thread-safe */
	int lfd;
	unsigned int max_handshakes;
	unsigned int max_per_source;	/* 0: no limit */
	int first_byte_ms;		/* deadline, from the slot */
	unsigned int keepalive;		/* seconds; 0: off */

	/* Connection threads and their sources, under @lock. */
	pthread_mutex_t lock;
	pthread_cond_t done;		/* a connection thread ended */
	struct conn_list running;	/* each has a thread */
	struct conn_list waiting;	/* accepted, no slot (no thread) yet */
	unsigned int slots;		/* running and not evicted */
	struct source *sources[SOURCE_BUCKETS];
	struct ipt6_server_stats stats;
	bool stopping;
	int wake_fd;			/* eventfd: a thread ended */
	int link_fd;			/* rtnetlink: devices deleted */

	/* The main thread's: what it last logged and published. */
	struct ipt6_server_stats reported;
	long long reported_at;
	bool kernel_stats;		/* the module takes server-stats */
};

enum outcome {
	O_PEER,			/* attached */
	O_TIMEOUT_FIRST_BYTE,
	O_TIMEOUT_HANDSHAKE,
	O_FAILED,
};

static const char server_usage[] =
"Usage: ipt6ctl server DEV --cert FILE --key FILE [OPTIONS]\n"
"\n"
"Serve IP-HTTPS clients on DEV (an iphttps device): accept TCP\n"
"connections, run TLS with the server certificate, accept only\n"
"'POST PATH' (404 for another path, 405 for another method), answer 200\n"
"and hand each connection to the kernel as a peer of DEV.  Runs until\n"
"SIGINT/SIGTERM (exit status 0), or until DEV is deleted or the ipt6\n"
"module unloaded (exit status 1, saying so); its peers are detached when\n"
"it exits.\n"
"\n"
"Options:\n"
"  --cert FILE --key FILE  server certificate (chain) and private key\n"
"  --listen ADDR[:PORT]    where to listen (default [::]:443; an IPv6\n"
"                          address goes in brackets)\n"
"  --path PATH             the request path to accept (default /IPHTTPS)\n"
"  --ca FILE               CA for client certificates\n"
"  --require-client-cert   refuse clients without a certificate from --ca\n"
"  --tls 1.2|1.3           accept exactly this TLS version\n"
"  --cipher NAME           aes128-gcm, aes256-gcm or chacha20-poly1305\n"
"  --url URL               the URL clients use, shown by 'ipt6ctl show'\n"
"  --prefix PREFIX/64      make DEV the router of this /64: the kernel\n"
"                          answers clients' router solicitations with it,\n"
"                          the server takes PREFIX::1/64 on DEV, and IPv6\n"
"                          forwarding is turned on.  Clients then configure\n"
"                          themselves (SLAAC, random interface ids)\n"
"  --no-onlink             advertise the prefix without the on-link flag:\n"
"                          clients send everything to the server\n"
"  --no-autoconf           advertise it without the autonomous flag: no\n"
"                          SLAAC addresses in it\n"
"  --dns ADDR[,ADDR...]    advertise these DNS servers with the prefix\n"
"                          (RFC 8106 RDNSS; at most 8, IPv6); may repeat\n"
"  --search DOMAIN[,DOMAIN...]\n"
"                          advertise these search domains (DNSSL): ipt6\n"
"                          clients send only names under them to the\n"
"                          --dns servers (split DNS); may repeat\n"
"  --dns-lifetime SECONDS  how long clients may use both after each\n"
"                          advertisement (4 to 86400, default 1800);\n"
"                          advertisements come every third of it, at\n"
"                          most every 600 s\n"
"  --max-handshakes N      TLS handshakes run at once (default 64, 1 to\n"
"                          65536); more clients wait for a slot\n"
"  --max-handshakes-per-source N\n"
"                          connections one source may have in the\n"
"                          handshake or waiting for it (default 8; 0: no\n"
"                          limit).  A source is an IPv4 address or an IPv6\n"
"                          /64; one more connection is closed at once.\n"
"                          Clients behind one NAT share it; those turned\n"
"                          away retry (the client backs off and returns)\n"
"  --keepalive SECONDS     probe a client's silent connection after\n"
"                          SECONDS (default 60) and detach it when the\n"
"                          client has not answered for twice that (it\n"
"                          vanished: laptop closed, network cut); 0: never\n"
"  --first-byte-timeout SECONDS, --handshake-timeout SECONDS\n"
"                          the deadlines below (default 3 and 10; 1 to\n"
"                          3600), for slow links or overloaded hosts\n"
"  -h, --help              this text\n"
"\n"
"Deadlines: from when it gets a slot, a connection has 3 s to send its\n"
"first byte and 10 s for all of TLS and HTTP.  When every slot is busy, a\n"
"client whose source holds fewer slots than the source holding the most\n"
"(by two or more) takes the slot of that source's oldest handshake; else\n"
"it waits for a free slot.  The server logs what it refused or cut off,\n"
"once a second while the counts change ('iph0: 392 connections refused\n"
"(over per-source limit)'), and 'ipt6ctl show' shows the counts.\n"
"\n"
"With --prefix a client may send only from addresses it owns (its\n"
"link-local ones and ones in the prefix it claimed first); others are\n"
"dropped and counted.  A client probing (DAD) for an address another\n"
"client owns gets an answer on the owner's behalf.\n"
"\n"
"A client that reconnects while its old connection is still attached\n"
"(say, after a network cut, perhaps from another address) is known by the\n"
"session id ipt6 clients send (header IPT6-Session): its new connection\n"
"replaces the old one at once and takes over its addresses.\n"
"\n"
"TLS session tickets are never sent: the kernel owns the socket after the\n"
"handshake.\n";

static void list_add_tail(struct conn_list *l, struct conn *c)
{
	c->next = NULL;
	c->prev = l->tail;
	if (l->tail)
		l->tail->next = c;
	else
		l->head = c;
	l->tail = c;
	l->n++;
}

static void list_del(struct conn_list *l, struct conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		l->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		l->tail = c->prev;
	c->prev = c->next = NULL;
	l->n--;
}

/* IPv4: the whole address; IPv6: the /64, a subscriber's usual share. */
static void source_key(const struct sockaddr_storage *ss, unsigned char *key)
{
	const struct sockaddr_in6 *sin6 = (const void *)ss;
	const struct sockaddr_in *sin = (const void *)ss;

	memset(key, 0, 16);
	if (ss->ss_family == AF_INET) {
		key[10] = key[11] = 0xff;
		memcpy(key + 12, &sin->sin_addr, 4);
	} else if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
		memcpy(key, &sin6->sin6_addr, 16);
	} else {
		memcpy(key, &sin6->sin6_addr, 8);
	}
}

static unsigned int source_hash(const unsigned char *key)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	int i;

	for (i = 0; i < 16; i++)
		h = (h ^ key[i]) * 16777619u;
	return h % SOURCE_BUCKETS;
}

/* With srv->lock held.  NULL when out of memory. */
static struct source *source_get(struct server *srv, const unsigned char *key)
{
	struct source **b = &srv->sources[source_hash(key)], *s;

	for (s = *b; s; s = s->next)
		if (!memcmp(s->key, key, 16))
			return s;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	memcpy(s->key, key, 16);
	s->next = *b;
	*b = s;
	return s;
}

/* With srv->lock held: forget @s once it holds nothing. */
static void source_put(struct server *srv, struct source *s)
{
	struct source **p = &srv->sources[source_hash(s->key)];

	if (s->held)
		return;
	while (*p != s)
		p = &(*p)->next;
	*p = s->next;
	free(s);
}

/* Was @c cut off (evicted, or the server stops)?  Then it failed quietly. */
static bool conn_cut(struct conn *c)
{
	bool cut;

	pthread_mutex_lock(&c->srv->lock);
	cut = c->evicted || c->srv->stopping;
	pthread_mutex_unlock(&c->srv->lock);
	return cut;
}

/* The handshake proper, on a connection with a slot. */
static enum outcome handshake(struct conn *c)
{
	struct server *srv = c->srv;
	struct ipt6_tls_info info = { 0 };
	struct ipt6_err err = { 0 };
	uint32_t peer_id;
	int ret;

	/* Also wakes for EOF or an error: the handshake then fails fast. */
	if (ipt6_wait_fd(c->fd, POLLIN, c->since + c->srv->first_byte_ms))
		return O_TIMEOUT_FIRST_BYTE;
	if (ipt6_tls_server_accept_by(srv->tls_server, c->fd,
				      c->since + srv->tls.timeout_ms, &info,
				      &err)) {
		if (!conn_cut(c))
			fprintf(stderr, "ipt6ctl: %s: client %s: %s: %s\n",
				srv->ifname, c->name,
				ipt6_errcode_name(err.code), err.msg);
		return info.timed_out ? O_TIMEOUT_HANDSHAKE : O_FAILED;
	}
	if (srv->keepalive && ipt6_tcp_keepalive(c->fd, srv->keepalive)) {
		fprintf(stderr, "ipt6ctl: %s: client %s: cannot set TCP keepalive: %s\n",
			srv->ifname, c->name, strerror(errno));
		return O_FAILED;
	}
	pthread_mutex_lock(&srv->nl_lock);
	ret = ipt6_nl_attach(&srv->nl, srv->ifname, srv->ifindex, c->fd,
			     true, info.has_session ? info.session : NULL,
			     &peer_id);
	pthread_mutex_unlock(&srv->nl_lock);
	if (ret)
		return O_FAILED;
	printf("%s: client %s attached as peer %u (%s, %s)\n",
	       srv->ifname, c->name, peer_id, info.version, info.cipher);
	return O_PEER;
}

static void count_outcome(struct server *srv, const struct conn *c,
			  enum outcome o)
{
	struct ipt6_server_stats *st = &srv->stats;

	if (c->evicted || srv->stopping)
		return;		/* counted as refused-busy, or not at all */
	if (o == O_TIMEOUT_FIRST_BYTE)
		st->timeout_first_byte++;
	else if (o == O_TIMEOUT_HANDSHAKE)
		st->timeout_handshake++;
	else if (o == O_FAILED)
		st->handshakes_failed++;
}

/*
 * A connection thread ends: under the lock it gives back its slot, leaves
 * the list and closes its socket, so the main thread never shuts down a
 * closed (perhaps reused) descriptor, and once the list is empty no
 * thread touches the server any more.
 */
static void conn_done(struct conn *c, enum outcome o)
{
	struct server *srv = c->srv;
	uint64_t one = 1;

	pthread_mutex_lock(&srv->lock);
	count_outcome(srv, c, o);
	if (!c->evicted) {
		c->src->busy--;
		srv->slots--;
	}
	c->src->held--;
	source_put(srv, c->src);
	list_del(&srv->running, c);
	close(c->fd);
	/* Cannot fail: the counter is read long before it could fill. */
	if (write(srv->wake_fd, &one, sizeof(one)) < 0)
		one = 0;
	pthread_cond_broadcast(&srv->done);
	pthread_mutex_unlock(&srv->lock);
	free(c);
}

static void *conn_thread(void *arg)
{
	struct conn *c = arg;

	conn_done(c, handshake(c));
	return NULL;
}
static int listen_on(struct server *srv)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICHOST };
	char host[256] = "::", port[16] = "443";
	const char *spec = srv->listen, *colon;
	struct addrinfo *ai;
	int fd, one = 1, ret;

	if (spec && spec[0] == '[') {
		colon = strchr(spec, ']');
		if (!colon)
			goto bad;
		snprintf(host, sizeof(host), "%.*s", (int)(colon - spec - 1),
			 spec + 1);
		if (colon[1] == ':')
			snprintf(port, sizeof(port), "%s", colon + 2);
		else if (colon[1])
			goto bad;
	} else if (spec) {
		colon = strrchr(spec, ':');
		if (colon && strchr(spec, ':') != colon)
			goto bad;	/* bare IPv6 address: needs brackets */
		snprintf(host, sizeof(host), "%.*s",
			 colon ? (int)(colon - spec) : (int)strlen(spec), spec);
		if (colon)
			snprintf(port, sizeof(port), "%s", colon + 1);
	}
	ret = getaddrinfo(host, port, &hints, &ai);
	if (ret) {
		fprintf(stderr, "ipt6ctl: --listen %s: %s\n", spec,
			gai_strerror(ret));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 512)) {
		fprintf(stderr, "ipt6ctl: cannot listen on [%s]:%s: %s\n", host,
			port, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	srv->lfd = fd;
	return 0;
bad:
	fprintf(stderr, "ipt6ctl: --listen takes ADDR[:PORT] or [IPV6][:PORT], not '%s'\n",
		spec);
	return -1;
}

static void peer_name(const struct sockaddr_storage *ss, char *buf,
		      size_t len)
{
	char addr[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ss;

		inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof(addr));
		snprintf(buf, len, "%s:%u", addr, ntohs(sin->sin_port));
	} else {
		const struct sockaddr_in6 *sin6 = (const void *)ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, addr, sizeof(addr));
		snprintf(buf, len, "[%s]:%u", addr, ntohs(sin6->sin6_port));
	}
}

/*
 * With srv->lock held: give a slot to @c and start its thread.  The
 * thread runs with SIGINT and SIGTERM blocked, so that they reach the
 * main thread and interrupt its poll().
 */
static void conn_start(struct server *srv, struct conn *c)
{
	pthread_attr_t attr;
	sigset_t block, old;
	pthread_t tid;
	int err;

	c->since = ipt6_now_ms();
	c->src->busy++;
	srv->slots++;
	list_add_tail(&srv->running, c);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	err = pthread_create(&tid, &attr, conn_thread, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (!err)
		return;
	fprintf(stderr, "ipt6ctl: %s: no thread for client %s: %s\n",
		srv->ifname, c->name, strerror(err));
	srv->stats.handshakes_failed++;
	list_del(&srv->running, c);
	c->src->busy--;
	c->src->held--;
	srv->slots--;
	source_put(srv, c->src);
	close(c->fd);
	free(c);
}

/*
 * With srv->lock held, every slot taken: if the source holding the most
 * slots holds at least two more than @src, cut off its oldest handshake
 * and free its slot for @src (see the top of this file).
 */
static bool evict_for(struct server *srv, const struct source *src)
{
	struct source *big = NULL, *s;
	struct conn *c;
	int i;

	for (i = 0; i < SOURCE_BUCKETS; i++)
		for (s = srv->sources[i]; s; s = s->next)
			if (!big || s->busy > big->busy)
				big = s;
	if (!big || big->busy < src->busy + 2)
		return false;
	for (c = srv->running.head; c; c = c->next)
		if (c->src == big && !c->evicted)
			break;
	if (!c)
		return false;
	/* Its thread wakes, fails and cleans up; the slot is free now. */
	c->evicted = true;
	shutdown(c->fd, SHUT_RDWR);
	big->busy--;
	srv->slots--;
	srv->stats.refused_busy++;
	return true;
}

/* With srv->lock held: slots that freed go to waiting connections. */
static void start_waiting(struct server *srv)
{
	struct conn *c;

	while (srv->waiting.head &&
	       srv->slots < srv->max_handshakes) {
		c = srv->waiting.head;
		list_del(&srv->waiting, c);
		conn_start(srv, c);
	}
}

/* A new connection: refuse it, start it, or let it wait for a slot. */
static void admit(struct server *srv, int fd,
		  const struct sockaddr_storage *ss)
{
	unsigned char key[16];
	struct source *src;
	struct conn *c;

	source_key(ss, key);
	pthread_mutex_lock(&srv->lock);
	src = source_get(srv, key);
	c = src ? calloc(1, sizeof(*c)) : NULL;
	if (!c) {
		srv->stats.handshakes_failed++;
		goto refuse;
	}
	if (srv->max_per_source &&
	    src->held >= srv->max_per_source) {
		srv->stats.refused_source_limit++;
		goto refuse;
	}
	c->srv = srv;
	c->fd = fd;
	c->src = src;
	src->held++;
	peer_name(ss, c->name, sizeof(c->name));
	if (srv->slots < srv->max_handshakes ||
	    evict_for(srv, src))
		conn_start(srv, c);
	else
		list_add_tail(&srv->waiting, c);
	pthread_mutex_unlock(&srv->lock);
	return;
refuse:
	if (src)
		source_put(srv, src);
	pthread_mutex_unlock(&srv->lock);
	free(c);
	close(fd);
}

/* Accept what the backlog holds, up to a burst.  -1: cannot (EMFILE). */
static int accept_some(struct server *srv)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int i, fd;

	for (i = 0; i < ACCEPT_BURST; i++) {
		sl = sizeof(ss);
		fd = accept4(srv->lfd, (struct sockaddr *)&ss, &sl,
			     SOCK_CLOEXEC);
		if (fd >= 0) {
			admit(srv, fd, &ss);
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		if (errno == EINTR || errno == ECONNABORTED ||
		    errno == EPROTO || errno == EPERM)
			continue;
		fprintf(stderr, "ipt6ctl: %s: accept: %s\n", srv->ifname,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* One counter's log line, e.g. "iph0: 392 connections refused (...)". */
static void report_one(const struct server *srv, uint64_t now, uint64_t was,
		       const char *what)
{
	if (now != was)
		printf("%s: %" PRIu64 " %s\n", srv->ifname, now, what);
}

/* Log and publish the counters, at most once a second, when they changed. */
static void report_stats(struct server *srv, bool force)
{
	struct ipt6_server_stats st, *was = &srv->reported;
	long long now = ipt6_now_ms();
	int err;

	pthread_mutex_lock(&srv->lock);
	st = srv->stats;
	pthread_mutex_unlock(&srv->lock);
	if (!force && (!memcmp(&st, was, sizeof(st)) ||
		       now - srv->reported_at < REPORT_MS))
		return;
	report_one(srv, st.refused_source_limit, was->refused_source_limit,
		   "connections refused (over per-source limit)");
	report_one(srv, st.refused_busy, was->refused_busy,
		   "connections refused (handshake slots busy)");
	report_one(srv, st.timeout_first_byte, was->timeout_first_byte,
		   "connections timed out (before their first byte)");
	report_one(srv, st.timeout_handshake, was->timeout_handshake,
		   "connections timed out (in the handshake)");
	report_one(srv, st.handshakes_failed, was->handshakes_failed,
		   "handshakes failed (other errors)");
	*was = st;
	srv->reported_at = now;
	if (!srv->kernel_stats)
		return;
	pthread_mutex_lock(&srv->nl_lock);
	err = ipt6_nl_set_server_stats(&srv->nl, srv->ifindex, &st);
	pthread_mutex_unlock(&srv->nl_lock);
	if (!err)
		return;
	srv->kernel_stats = false;
	fprintf(stderr, "ipt6ctl: %s: the ipt6 module does not take the server's counters (%s%s%s); they are only in this log\n",
		srv->ifname, strerror(-err), srv->nl.extack[0] ? ": " : "",
		srv->nl.extack);
}

/*
 * Until a signal (0) or until the device is deleted, or the module
 * unloaded with it (1): clients could no longer be attached, so the
 * server stops at once rather than at its next client.
 */
static int accept_loop(struct server *srv)
{
	struct pollfd pfd[3];
	uint64_t v;
	bool full;
	int n, pause = 0;

	while (!ipt6_stop) {
		pthread_mutex_lock(&srv->lock);
		start_waiting(srv);
		full = srv->waiting.n >= MAX_WAITING;
		pthread_mutex_unlock(&srv->lock);
		pfd[0] = (struct pollfd){ .fd = srv->wake_fd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = srv->lfd,
					  .events = full || pause ? 0 : POLLIN };
		pfd[2] = (struct pollfd){ .fd = srv->link_fd, .events = POLLIN };
		n = poll(pfd, 3, pause ? pause : REPORT_MS);
		pause = 0;
		if (n < 0 && errno != EINTR) {
			fprintf(stderr, "ipt6ctl: poll: %s\n", strerror(errno));
			return 0;
		}
		if (n > 0 && pfd[2].revents &&
		    ipt6_rtnl_link_gone(srv->link_fd, srv->ifindex)) {
			fprintf(stderr, "ipt6ctl: %s: the device was deleted (or the ipt6 module unloaded): stopping\n",
				srv->ifname);
			return 1;
		}
		/* Non-blocking: if another round read it first, fine. */
		if (n > 0 && (pfd[0].revents & POLLIN) &&
		    read(srv->wake_fd, &v, sizeof(v)) < 0)
			v = 0;
		/* Out of descriptors: let threads end before trying again. */
		if (n > 0 && (pfd[1].revents & POLLIN) && accept_some(srv))
			pause = 100;
		report_stats(srv, false);
	}
	return 0;
}

/*
 * SIGTERM: no new connections; waiting ones are closed, running
 * handshakes cut off (shutdown wakes their poll and SSL reads), and their
 * threads waited for, so that nothing they use is freed under them.  The
 * wait is bounded by the deadlines.  false: some threads did not end.
 */
static bool stop_conns(struct server *srv)
{
	int wait_s = (srv->tls.timeout_ms + STOP_WAIT_EXTRA_MS) / 1000;
	struct timespec until;
	struct conn *c;
	bool ok;

	close(srv->lfd);
	srv->lfd = -1;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += wait_s;
	pthread_mutex_lock(&srv->lock);
	srv->stopping = true;
	while ((c = srv->waiting.head)) {
		list_del(&srv->waiting, c);
		c->src->held--;
		source_put(srv, c->src);
		close(c->fd);
		free(c);
	}
	for (c = srv->running.head; c; c = c->next)
		shutdown(c->fd, SHUT_RDWR);
	while (srv->running.n &&
	       pthread_cond_timedwait(&srv->done, &srv->lock, &until) == 0)
		;
	ok = !srv->running.n;
	if (!ok)
		fprintf(stderr, "ipt6ctl: %s: %u connection threads did not end within %d s\n",
			srv->ifname, srv->running.n, wait_s);
	pthread_mutex_unlock(&srv->lock);
	return ok;
}

static int parse_server_args(struct server *srv, int argc, char **argv)
{
	static const struct option opts[] = {
		IPT6_TLS_LONG_OPTS,
		{ "listen", required_argument, NULL, 'l' },
		{ "path", required_argument, NULL, 'p' },
		{ "url", required_argument, NULL, 'u' },
		{ "require-client-cert", no_argument, NULL, 'R' },
		{ "prefix", required_argument, NULL, 'P' },
		{ "no-onlink", no_argument, NULL, 'O' },
		{ "no-autoconf", no_argument, NULL, 'A' },
		{ "max-handshakes", required_argument, NULL, 'M' },
		{ "max-handshakes-per-source", required_argument, NULL, 'S' },
		{ "keepalive", required_argument, NULL, 'K' },
		{ "first-byte-timeout", required_argument, NULL, 'F' },
		{ "handshake-timeout", required_argument, NULL, 'G' },
		IPT6_DNS_LONG_OPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, r;

	while ((c = getopt_long(argc, argv, IPT6_TLS_OPTS_SHORT "l:p:u:RP:OAM:S:K:F:G:h",
				opts, NULL)) != -1) {
		r = ipt6_tls_opt(c, optarg, &srv->tls);
		if (!r)
			r = ipt6_dns_opt(c, optarg, &srv->dns);
		if (r > 0)
			continue;
		if (r < 0)
			return 2;
		switch (c) {
		case 'l':
			srv->listen = optarg;
			break;
		case 'p':
			srv->path = optarg;
			break;
		case 'u':
			srv->url = optarg;
			break;
		case 'R':
			srv->tls.require_client_cert = true;
			break;
		case 'P':
			srv->prefix_text = optarg;
			if (ipt6_prefix_opt("--prefix", optarg,
					    IPT6_PREFIX_64 | IPT6_PREFIX_BARE |
					    IPT6_PREFIX_ROUTABLE,
					    &srv->prefix, NULL))
				return 2;
			break;
		case 'O':
			srv->prefix_flags &= ~IPT6_PREFIX_FLAGS_ONLINK;
			break;
		case 'A':
			srv->prefix_flags &= ~IPT6_PREFIX_FLAGS_AUTONOMOUS;
			break;
		case 'M':
			if (ipt6_uint_opt("--max-handshakes", "a number",
					  optarg, 1, 65536, NULL,
					  &srv->max_handshakes))
				return 2;
			break;
		case 'S':
			if (ipt6_uint_opt("--max-handshakes-per-source",
					  "a number", optarg, 0, 65536,
					  "0: no limit", &srv->max_per_source))
				return 2;
			break;
		case 'K':
			if (ipt6_keepalive_opt(optarg, &srv->keepalive))
				return 2;
			break;
		case 'F':
			if (ipt6_secs_opt("--first-byte-timeout", optarg, 1,
					  3600, NULL, &srv->first_byte_ms))
				return 2;
			break;
		case 'G':
			if (ipt6_secs_opt("--handshake-timeout", optarg, 1,
					  3600, NULL, &srv->tls.timeout_ms))
				return 2;
			break;
		case 'h':
			fputs(server_usage, stdout);
			return -1;
		default:
			fputs(server_usage, stderr);
			return 2;
		}
	}
	if (argc - optind != 1) {
		fputs(server_usage, stderr);
		return 2;
	}
	if (ipt6_cert_key_opts(&srv->tls, true))
		return 2;
	if (srv->first_byte_ms > srv->tls.timeout_ms) {
		fprintf(stderr, "ipt6ctl: --first-byte-timeout (%d s) is longer than --handshake-timeout (%d s)\n",
			srv->first_byte_ms / 1000, srv->tls.timeout_ms / 1000);
		return 2;
	}
	if (srv->tls.require_client_cert && !srv->tls.ca_file) {
		fprintf(stderr, "ipt6ctl: --require-client-cert needs --ca\n");
		return 2;
	}
	if (srv->prefix_flags != (IPT6_PREFIX_FLAGS_ONLINK |
				  IPT6_PREFIX_FLAGS_AUTONOMOUS) &&
	    !srv->prefix_text) {
		fprintf(stderr, "ipt6ctl: --no-onlink and --no-autoconf need --prefix\n");
		return 2;
	}
	if ((srv->dns.nservers || srv->dns.ndomains || srv->dns.lifetime) &&
	    !srv->prefix_text) {
		fprintf(stderr, "ipt6ctl: --dns, --search and --dns-lifetime need --prefix (they go out in its router advertisements)\n");
		return 2;
	}
	srv->ifname = argv[optind];
	return 0;
}

/* Room for every connection the limits allow, plus the kernel's backlog. */
static void raise_nofile(const struct server *srv)
{
	rlim_t want = (rlim_t)srv->max_handshakes + MAX_WAITING +
		      ACCEPT_BURST + 512;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
	setrlimit(RLIMIT_NOFILE, &rl);
}

/* Locks, the wake-up eventfd; the counters start at 0 on the device. */
static int server_init(struct server *srv)
{
	pthread_mutex_init(&srv->nl_lock, NULL);
	pthread_mutex_init(&srv->lock, NULL);
	pthread_cond_init(&srv->done, NULL);
	srv->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (srv->wake_fd < 0) {
		fprintf(stderr, "ipt6ctl: eventfd: %s\n", strerror(errno));
		return -1;
	}
	raise_nofile(srv);
	return 0;
}

int cmd_server(int argc, char **argv)
{
	struct server srv = {
		.lfd = -1,
		.wake_fd = -1,
		.link_fd = -1,
		.max_handshakes = MAX_HANDSHAKES_DEFAULT,
		.max_per_source = PER_SOURCE_DEFAULT,
		.keepalive = KEEPALIVE_DEFAULT,
		.prefix_flags = IPT6_PREFIX_FLAGS_ONLINK |
				IPT6_PREFIX_FLAGS_AUTONOMOUS,
		.tls.timeout_ms = HANDSHAKE_MS,
		.first_byte_ms = FIRST_BYTE_MS,
		.kernel_stats = true,
	};
	struct ipt6_err err = { 0 };
	int ret, gone;

	ret = parse_server_args(&srv, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	/* Before the look-up, so that no deletion goes unseen. */
	srv.link_fd = ipt6_rtnl_watch_links();
	if (srv.link_fd < 0)
		return 1;
	srv.ifindex = ipt6_nl_ifindex(srv.ifname);
	ret = 1;
	if (srv.ifindex < 0 || ipt6_nl_open(&srv.nl))
		goto out_link;
	if (server_init(&srv))
		goto out;
	srv.tls_server = ipt6_tls_server_new(&srv.tls, srv.path, &err);
	if (!srv.tls_server) {
		fprintf(stderr, "ipt6ctl: %s: %s\n", ipt6_errcode_name(err.code),
			err.msg);
		goto out;
	}
	if (ipt6_nl_dev_set(&srv.nl, srv.ifname, srv.ifindex,
			    IPT6_ROLE_SERVER, IPT6_STATUS_ACTIVE, IPT6_E_OK, "",
			    srv.url ? srv.url : ""))
		goto out;
	/* The DNS nest always: it replaces what an earlier server left. */
	if (srv.prefix_text &&
	    (ipt6_nl_set_prefix(&srv.nl, srv.ifname, srv.ifindex, &srv.prefix,
				srv.prefix_flags) ||
	     ipt6_nl_set_dns(&srv.nl, srv.ifname, srv.ifindex, &srv.dns) ||
	     ipt6_router_setup(srv.ifname, srv.ifindex, &srv.prefix)))
		goto out;
	if (listen_on(&srv))
		goto out;
	ipt6_catch_signals();
	setvbuf(stdout, NULL, _IOLBF, 0);
	report_stats(&srv, true);	/* zeros, for 'ipt6ctl show' */
	printf("%s: serving IP-HTTPS on %s\n", srv.ifname,
	       srv.listen ? srv.listen : "[::]:443");
	gone = accept_loop(&srv);
	if (!stop_conns(&srv))
		return 1;	/* threads may still use it all: free nothing */
	ret = gone;
	if (gone)
		goto out;
	report_stats(&srv, false);
	ipt6_nl_dev_set(&srv.nl, srv.ifname, srv.ifindex, -1, IPT6_STATUS_IDLE,
			-1, NULL, NULL);
out:
	if (srv.lfd >= 0)
		close(srv.lfd);
	if (srv.wake_fd >= 0)
		close(srv.wake_fd);
	if (srv.tls_server)
		ipt6_tls_server_free(srv.tls_server);
	ipt6_nl_close(&srv.nl);
out_link:
	close(srv.link_fd);
	return ret;
}
