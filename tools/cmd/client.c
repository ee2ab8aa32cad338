// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6ctl client: set the session up, hand it to the kernel, and keep it
 * up.  The status and last error go into the kernel, where `ipt6ctl show`
 * reads them from any shell.  Reconnects follow the IP-HTTPS back-off
 * (first retry 30 s after the first failure, then each wait as long as
 * the time since it, capped at 15 minutes), but until that first retry
 * is due they try every one to two seconds: a restarted server has its
 * clients back at once (the schedule: tools/lib/backoff.c).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>

#include "backoff.h"
#include "claim.h"
#include "client_dns.h"
#include "cmds.h"
#include "io.h"
#include "nd.h"
#include "nl.h"
#include "proxy.h"

#define KEEPALIVE_DEFAULT 30
/* uapi/ipt6.yaml: last-error-msg max-len */
#define IPT6_LAST_ERROR_MAX	255

struct client {
	const char *ifname;
	int ifindex;
	const char *url_text;
	struct ipt6_url url;
	struct ipt6_conn_opts conn;
	bool use_proxy;
	struct ipt6_proxy proxy;
	bool once;
	unsigned int keepalive;		/* seconds; 0: off */
	/* Sent with every connection: the server knows us when we return. */
	unsigned char session[IPT6_SESSION_LEN];
	struct ipt6_nl nl;		/* requests, owns the peer */
	struct ipt6_nl events;		/* peer-gone notifications */
	time_t first_failure;		/* 0 while things work */
	bool no_dns;			/* --no-dns */
	struct client_dns dns;		/* the server's DNS, split (resolved) */
};

static const char client_usage[] =
"Usage: ipt6ctl client DEV URL [OPTIONS]\n"
"\n"
"Connect DEV (an iphttps device, made with 'ip link add DEV type iphttps')\n"
"to the IP-HTTPS server at URL, https://NAME[:PORT][/PATH] (port 443 and\n"
"path /IPHTTPS by default), and keep the tunnel up until stopped.\n"
"\n"
"Each attempt: TCP connect, TLS with full certificate verification (chain,\n"
"validity, NAME against the certificate's names), 'POST PATH' answered by\n"
"200, then kernel TLS both ways and hand-off to the kernel.  After a\n"
"failure or a lost connection it tries again after 1 to 2 s, and so on\n"
"for 30 s; then as IP-HTTPS clients do: each wait as long as it has been\n"
"failing, at most 15 minutes.  'ipt6ctl show' tells the status and the\n"
"last error meanwhile.\n"
"\n"
"Options:\n"
"  --ca FILE            trust only the CA certificates in FILE (default:\n"
"                       the system's trusted CA store)\n"
"  --cert FILE --key FILE\n"
"                       client certificate and key, for servers that ask\n"
"  --tls 1.2|1.3        use exactly this TLS version (default: either)\n"
"  --cipher NAME        aes128-gcm, aes256-gcm or chacha20-poly1305\n"
"  --connect-to HOST[:PORT]\n"
"                       open TCP to HOST instead of NAME (certificate,\n"
"                       SNI and Host: header still use NAME); an IPv6\n"
"                       address with a port in brackets: [ADDR]:PORT\n"
"  --proxy http://[USER:PASSWORD@]HOST[:PORT]\n"
"                       reach the server through this HTTP proxy (CONNECT;\n"
"                       port 1080 when none is given, as in curl; USER and\n"
"                       PASSWORD percent-decoded, sent with Basic\n"
"                       authentication).  Default: https_proxy, else\n"
"                       HTTPS_PROXY, from the environment\n"
"  --proxy-user USER:PASSWORD\n"
"                       Basic proxy credentials (instead of the URL's)\n"
"  --no-proxy           ignore the environment's proxy settings\n"
"  --timeout SECONDS    for connect, handshake and HTTP (default 10)\n"
"  --keepalive SECONDS  probe a silent connection after SECONDS (default\n"
"                       30), and count it lost when the server has not\n"
"                       answered for twice that; 0: never (then a network\n"
"                       cut goes unnoticed while the tunnel is idle)\n"
"  --once               no reconnect: exit 1 when the attempt fails or the\n"
"                       connection ends\n"
"  --no-dns             leave DNS alone: do not apply the DNS servers and\n"
"                       domains the server advertises (below)\n"
"  -h, --help           this text\n"
"\n"
"Reconnects: each connection carries a random session id, the same for\n"
"every connection of this process (header IPT6-Session, inside TLS).  An\n"
"ipt6 server that still holds the old connection, after a network cut or\n"
"from an address we no longer have, replaces it at once and keeps our\n"
"addresses routed to us.  After each reconnect the client also asks for\n"
"a router advertisement and announces its addresses.  When DEV itself\n"
"is deleted (or the ipt6 module unloaded), there is nothing to reconnect:\n"
"the client says so and exits 1.\n"
"\n"
"Proxies: with a proxy, TCP goes to the proxy, which is asked with\n"
"'CONNECT NAME:PORT' (or the --connect-to HOST:PORT) for a tunnel; TLS\n"
"and everything after run through it unchanged.  no_proxy (or NO_PROXY)\n"
"is honoured as curl does, for --proxy too: '*' for every host, or a\n"
"list of names (each matching itself and its subdomains) and addresses\n"
"(ADDR or ADDR/BITS), separated by commas; a URL NAME or --connect-to\n"
"HOST listed there is reached directly.  Only Basic proxy authentication\n"
"is supported: a proxy that demands NTLM or Negotiate is reported as such.\n"
"\n"
"DNS: when the server's router advertisements carry DNS servers and\n"
"search domains (RFC 8106 RDNSS and DNSSL), they are given to\n"
"systemd-resolved for DEV alone, as split DNS: names under the domains\n"
"(routing domains ~DOMAIN) go to those servers through the tunnel, every\n"
"other name to the DNS of the other links, as before.  With servers but\n"
"no domains, the tunnel's DNS is for every name.  Each lasts for the\n"
"lifetime the server gives, renewed by each advertisement; on a lost\n"
"connection and on exit the link's DNS settings are taken back.  Without\n"
"systemd-resolved the client says so once and changes nothing\n"
"(/etc/resolv.conf is never touched).\n"
"\n"
"One client per device: a second one for the same DEV exits at once.\n"
"\n"
"Exit status: 0 when stopped by SIGINT/SIGTERM, 1 on failure (--once),\n"
"2 on bad usage.\n";

static void set_status(struct client *cl, int status, int code,
		       const char *msg)
{
	char buf[IPT6_LAST_ERROR_MAX + 1];

	/* The kernel refuses a longer message: cut it, and say so. */
	if (msg && strlen(msg) > IPT6_LAST_ERROR_MAX) {
		snprintf(buf, sizeof(buf), "%.*s...", IPT6_LAST_ERROR_MAX - 3,
			 msg);
		msg = buf;
	}
	ipt6_nl_dev_set(&cl->nl, cl->ifname, cl->ifindex, -1, status, code,
			msg, NULL);
}

/* Sleep @ms unless a signal comes. */
static void nap(unsigned int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (ms % 1000) * 1000000L,
	};

	while (!ipt6_stop && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Milliseconds to wait before the next attempt. */
static unsigned int next_wait(struct client *cl)
{
	time_t now = time(NULL);

	if (!cl->first_failure)
		cl->first_failure = now;
	/* A clock set back: as if the failures had just begun. */
	return ipt6_backoff_ms(now > cl->first_failure ?
			       (uint64_t)(now - cl->first_failure) : 0,
			       ipt6_random_u32, NULL);
}

static int open_session(struct client *cl, struct ipt6_tls_info *info,
			struct ipt6_err *err)
{
	const struct ipt6_conn_opts *o = &cl->conn;
	const char *host = o->connect_host ? o->connect_host : cl->url.host;
	const char *port = o->connect_port ? o->connect_port : cl->url.port;
	int fd;

	if (cl->use_proxy)
		fd = ipt6_proxy_open(&cl->proxy, host, port, cl->conn.tls.timeout_ms,
				     NULL, err);
	else
		fd = ipt6_tcp_connect(host, port, cl->conn.tls.timeout_ms, err);
	if (fd < 0)
		return -1;
	if (ipt6_tls_client_start(fd, &cl->url, &cl->conn.tls, info, err))
		goto fail;
	if (cl->keepalive && ipt6_tcp_keepalive(fd, cl->keepalive)) {
		ipt6_err_set(err, IPT6_E_SYSTEM, "cannot set TCP keepalive: %s",
			     strerror(errno));
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/*
 * Wait until our peer goes away (returns its reason) or a signal (-1).
 * Meanwhile, repeat the unsolicited Neighbor Advertisements (RFC 4861
 * section 7.2.6 allows up to MAX_NEIGHBOR_ADVERTISEMENT = 3, a second
 * apart): the first goes out as the carrier comes up, and a restarted
 * server that missed it would not reach our kept addresses until we
 * send something ourselves.
 */
static int wait_peer_gone(struct client *cl, uint32_t peer_id)
{
	int announcements = 2;	/* after the one sent at the hand-off */
	long long next_announce = ipt6_now_ms() + 1000;
	struct pollfd pfd[2];
	struct ipt6_nl_event ev;
	int ret, wait, dns_wait;

	pfd[0] = (struct pollfd){ .fd = nl_socket_get_fd(cl->events.sk),
				  .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = client_dns_fd(&cl->dns),
				  .events = POLLIN };
	while (!ipt6_stop) {
		wait = announcements ? (int)(next_announce - ipt6_now_ms()) : -1;
		if (announcements && wait < 0)
			wait = 0;
		dns_wait = client_dns_timeout_ms(&cl->dns);
		if (dns_wait >= 0 && (wait < 0 || dns_wait < wait))
			wait = dns_wait;
		ret = poll(pfd, 2, wait);
		if (ret < 0 && errno != EINTR) {
			fprintf(stderr, "ipt6ctl: %s: poll: %s\n", cl->ifname,
				strerror(errno));
			return -1;
		}
		if (ret > 0 && pfd[1].revents)
			client_dns_input(&cl->dns);
		client_dns_tick(&cl->dns);
		if (announcements && ipt6_now_ms() >= next_announce) {
			announcements--;
			next_announce += 1000;
			ipt6_announce_addrs(cl->ifindex);
		}
		if (ret <= 0 || !pfd[0].revents)
			continue;
		ret = ipt6_nl_next_event(&cl->events, &ev, 0);
		if (ret == 1 && ev.ifindex == (uint32_t)cl->ifindex &&
		    ev.peer_id == peer_id)
			return (int)ev.reason;
		if (ret < 0 && ret != -EINTR) {
			fprintf(stderr, "ipt6ctl: %s: lost the kernel's events\n",
				cl->ifname);
			return -1;
		}
	}
	return -1;
}

/*
 * One attempt and, if it works, the whole session.  0: go on (or we were
 * stopped); -1: it failed, try again; 1: give up, the device is gone.
 */
static int run_once(struct client *cl)
{
	struct ipt6_tls_info info = { 0 };
	struct ipt6_err err = { 0 };
	char msg[600];
	uint32_t peer_id;
	int fd, reason;

	set_status(cl, IPT6_STATUS_CONNECTING, -1, NULL);
	fd = open_session(cl, &info, &err);
	if (fd < 0) {
		fprintf(stderr, "ipt6ctl: %s: %s: %s\n", cl->ifname,
			ipt6_errcode_name(err.code), err.msg);
		set_status(cl, cl->once ? IPT6_STATUS_FAILED :
			   IPT6_STATUS_WAITING, err.code, err.msg);
		return -1;
	}
	if (ipt6_nl_attach(&cl->nl, cl->ifname, cl->ifindex, fd, true,
			   NULL, &peer_id)) {
		close(fd);
		set_status(cl, IPT6_STATUS_FAILED, IPT6_E_SYSTEM,
			   "the kernel refused the connection (see ipt6ctl's error output)");
		return -1;
	}
	close(fd);	/* the kernel holds the socket now */
	cl->first_failure = 0;
	set_status(cl, IPT6_STATUS_ACTIVE, IPT6_E_OK, "");
	/*
	 * On a reconnect the link was configured before, so the kernel does
	 * not solicit: ask the (maybe restarted) server for its RA here, and
	 * tell it the addresses we kept, so that traffic for them (an admin
	 * managing this host) reaches us before we send anything.  On the
	 * first connect both may find no usable address yet; the kernel
	 * solicits and runs DAD, which the server learns from, by itself.
	 */
	ipt6_send_rs(cl->ifindex);
	ipt6_announce_addrs(cl->ifindex);
	printf("%s: connected to %s%s%s (%s, %s), peer %u\n", cl->ifname,
	       cl->url_text, cl->use_proxy ? " via proxy " : "",
	       cl->use_proxy ? cl->proxy.name : "", info.version, info.cipher,
	       peer_id);

	reason = wait_peer_gone(cl, peer_id);
	/* The advertised DNS is the session's: a new one advertises anew. */
	client_dns_forget(&cl->dns);
	if (reason < 0)
		return 0;	/* stopped */
	if (reason == IPT6_DEL_REASON_DEVICE_GONE) {
		/* Nothing to reconnect: the device (or the module) is gone. */
		fprintf(stderr, "ipt6ctl: %s: the device was deleted (or the ipt6 module unloaded): stopping\n",
			cl->ifname);
		return 1;
	}
	if (reason == IPT6_DEL_REASON_TIMEOUT && cl->keepalive)
		snprintf(msg, sizeof(msg),
			 "connection to %s ended: the server did not answer for %u s (network cut, or the server is gone)",
			 cl->url.host, 2 * cl->keepalive);
	else if (reason == IPT6_DEL_REASON_TIMEOUT)
		/* No keepalive: TCP gave up retransmitting (minutes). */
		snprintf(msg, sizeof(msg),
			 "connection to %s ended: the server stopped acknowledging our data (network cut, or the server is gone)",
			 cl->url.host);
	else
		snprintf(msg, sizeof(msg), "connection to %s ended: %s",
			 cl->url.host, ipt6_del_reason_name(reason));
	fprintf(stderr, "ipt6ctl: %s: %s\n", cl->ifname, msg);
	set_status(cl, cl->once ? IPT6_STATUS_FAILED : IPT6_STATUS_WAITING,
		   IPT6_E_CLOSED, msg);
	return -1;
}

/* The proxy, decided once from the options and the environment. */
static int choose_proxy(struct client *cl)
{
	struct ipt6_err err = { 0 };
	char why[512];
	int r;

	r = ipt6_proxy_choose(cl->conn.proxy, cl->conn.proxy_user,
			      !cl->conn.no_env_proxy, cl->url.host,
			      cl->conn.connect_host, &cl->proxy, why,
			      sizeof(why), &err);
	if (r < 0) {
		fprintf(stderr, "ipt6ctl: %s\n", err.msg);
		return 2;
	}
	cl->use_proxy = r;
	/* Say it whenever a proxy setting is involved: it explains errors. */
	if (r || strstr(why, "listed in"))
		fprintf(stderr, "ipt6ctl: %s: proxy: %s\n", cl->ifname, why);
	return 0;
}

static int parse_client_args(struct client *cl, int argc, char **argv)
{
	static const struct option opts[] = {
		IPT6_CONN_LONG_OPTS,
		{ "once", no_argument, NULL, '1' },
		{ "keepalive", required_argument, NULL, 'K' },
		{ "no-dns", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ipt6_err err = { 0 };
	int c, r;

	while ((c = getopt_long(argc, argv, IPT6_CONN_OPTS_SHORT "1K:Dh",
				opts, NULL)) != -1) {
		r = ipt6_conn_opt(c, optarg, &cl->conn);
		if (r > 0)
			continue;
		if (r < 0)
			return 2;
		switch (c) {
		case '1':
			cl->once = true;
			break;
		case 'K':
			if (ipt6_keepalive_opt(optarg, &cl->keepalive))
				return 2;
			break;
		case 'D':
			cl->no_dns = true;
			break;
		case 'h':
			fputs(client_usage, stdout);
			return -1;
		default:
			fputs(client_usage, stderr);
			return 2;
		}
	}
	if (argc - optind != 2) {
		fputs(client_usage, stderr);
		return 2;
	}
	if (ipt6_cert_key_opts(&cl->conn.tls, false))
		return 2;
	cl->ifname = argv[optind];
	cl->url_text = argv[optind + 1];
	if (ipt6_url_parse(cl->url_text, &cl->url, &err)) {
		fprintf(stderr, "ipt6ctl: %s\n", err.msg);
		return 2;
	}
	return choose_proxy(cl);
}

int cmd_client(int argc, char **argv)
{
	struct client cl = { .keepalive = KEEPALIVE_DEFAULT };
	struct ipt6_err err = { 0 };
	int ret, rc, claim;

	ret = parse_client_args(&cl, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (getrandom(cl.session, sizeof(cl.session), 0) !=
	    sizeof(cl.session)) {
		fprintf(stderr, "ipt6ctl: no random bytes for the session id: %s\n",
			strerror(errno));
		return 1;
	}
	cl.conn.tls.session = cl.session;
	cl.ifindex = ipt6_nl_ifindex(cl.ifname);
	if (cl.ifindex < 0)
		return 1;
	/* Before touching the device: its status belongs to its client. */
	claim = ipt6_claim_dev(cl.ifindex, cl.ifname, &err);
	if (claim < 0) {
		fprintf(stderr, "ipt6ctl: %s\n", err.msg);
		return 1;
	}
	if (ipt6_nl_open(&cl.nl)) {
		close(claim);
		return 1;
	}
	if (ipt6_nl_open(&cl.events) || ipt6_nl_subscribe(&cl.events) ||
	    client_dns_open(&cl.dns, cl.ifname, cl.ifindex, !cl.no_dns)) {
		ipt6_nl_close(&cl.events);
		ipt6_nl_close(&cl.nl);
		close(claim);
		return 1;
	}
	ipt6_catch_signals();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (ipt6_nl_dev_set(&cl.nl, cl.ifname, cl.ifindex, IPT6_ROLE_CLIENT,
			    IPT6_STATUS_CONNECTING, IPT6_E_OK, "",
			    cl.url_text)) {
		ret = 1;
		goto out;
	}

	ret = 0;
	while (!ipt6_stop) {
		rc = run_once(&cl);
		if (rc == 0)
			continue;
		if (rc > 0 || cl.once) {
			ret = 1;
			break;
		}
		nap(next_wait(&cl));
	}
	if (ipt6_stop)
		set_status(&cl, IPT6_STATUS_IDLE, -1, NULL);
out:
	client_dns_close(&cl.dns);
	/* Closing cl.nl detaches the peer it owns. */
	ipt6_nl_close(&cl.events);
	ipt6_nl_close(&cl.nl);
	close(claim);
	return ret;
}
