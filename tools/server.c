// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6ctl server: accept IP-HTTPS clients and hand each to the kernel.
 * Every connection gets a thread for its TLS handshake and HTTP exchange,
 * so a slow or hostile client holds up no one else.  At most
 * --max-handshakes of them run at once: when a whole fleet reconnects
 * together, the rest wait in the listen backlog rather than all sharing
 * the CPU and all missing their deadline.  The peers are bound to this
 * process: when it exits, the kernel detaches them.
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "cmds.h"
#include "io.h"
#include "nd.h"
#include "nl.h"

struct server {
	const char *ifname;
	int ifindex;
	const char *listen;
	const char *path;
	const char *url;
	const char *prefix_text;
	struct in6_addr prefix;
	uint32_t prefix_flags;
	struct ipt6_tls_opts tls;
	struct ipt6_tls_server *tls_server;
	struct ipt6_nl nl;
	pthread_mutex_t nl_lock;	/* libnl sockets are not thread-safe */
	int lfd;
	int max_handshakes;
	sem_t handshake_slots;
	unsigned int keepalive;		/* seconds; 0: off */
};

#define MAX_HANDSHAKES_DEFAULT	64
#define KEEPALIVE_DEFAULT	60

struct conn {
	struct server *srv;
	int fd;
	char name[INET6_ADDRSTRLEN + 8];
};

static const char server_usage[] =
"Usage: ipt6ctl server DEV --cert FILE --key FILE [OPTIONS]\n"
"\n"
"Serve IP-HTTPS clients on DEV (an iphttps device): accept TCP\n"
"connections, run TLS with the server certificate, accept only\n"
"'POST PATH' (404 for another path, 405 for another method), answer 200\n"
"and hand each connection to the kernel as a peer of DEV.  Runs until\n"
"SIGINT/SIGTERM; its peers are detached when it exits.\n"
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
"  --max-handshakes N      TLS handshakes run at once (default 64); more\n"
"                          clients wait to be accepted.  Each has 10 s\n"
"                          from its accept\n"
"  --keepalive SECONDS     probe a client's silent connection after\n"
"                          SECONDS (default 60) and detach it when the\n"
"                          client has not answered for twice that (it\n"
"                          vanished: laptop closed, network cut); 0: never\n"
"  -h, --help              this text\n"
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

static void *conn_thread(void *arg)
{
	struct conn *c = arg;
	struct server *srv = c->srv;
	struct ipt6_tls_info info = { 0 };
	struct ipt6_err err = { 0 };
	uint32_t peer_id;
	int ret;

	if (ipt6_tls_server_accept(srv->tls_server, c->fd, &info, &err)) {
		fprintf(stderr, "ipt6ctl: %s: client %s: %s: %s\n",
			srv->ifname, c->name, ipt6_errcode_name(err.code),
			err.msg);
		goto out;
	}
	if (srv->keepalive && ipt6_tcp_keepalive(c->fd, srv->keepalive)) {
		fprintf(stderr, "ipt6ctl: %s: client %s: cannot set TCP keepalive: %s\n",
			srv->ifname, c->name, strerror(errno));
		goto out;
	}
	pthread_mutex_lock(&srv->nl_lock);
	ret = ipt6_nl_attach(&srv->nl, srv->ifname, srv->ifindex, c->fd,
			     true, info.has_session ? info.session : NULL,
			     &peer_id);
	pthread_mutex_unlock(&srv->nl_lock);
	if (!ret)
		printf("%s: client %s attached as peer %u (%s, %s)\n",
		       srv->ifname, c->name, peer_id, info.version,
		       info.cipher);
out:
	sem_post(&srv->handshake_slots);
	close(c->fd);
	free(c);
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
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
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

static void accept_loop(struct server *srv)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	pthread_attr_t attr;
	pthread_t tid;
	struct conn *c;
	int fd;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	while (!ipt6_stop) {
		if (sem_wait(&srv->handshake_slots))
			continue;	/* EINTR: look at the stop flag */
		sl = sizeof(ss);
		fd = accept4(srv->lfd, (struct sockaddr *)&ss, &sl, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EINTR && errno != ECONNABORTED)
				fprintf(stderr, "ipt6ctl: accept: %s\n",
					strerror(errno));
			sem_post(&srv->handshake_slots);
			continue;
		}
		c = calloc(1, sizeof(*c));
		if (!c) {
			sem_post(&srv->handshake_slots);
			close(fd);
			continue;
		}
		c->srv = srv;
		c->fd = fd;
		peer_name(&ss, c->name, sizeof(c->name));
		if (pthread_create(&tid, &attr, conn_thread, c)) {
			fprintf(stderr, "ipt6ctl: %s: no thread for client %s\n",
				srv->ifname, c->name);
			sem_post(&srv->handshake_slots);
			close(fd);
			free(c);
		}
	}
	pthread_attr_destroy(&attr);
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
		{ "keepalive", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, r;

	while ((c = getopt_long(argc, argv, IPT6_TLS_OPTS_SHORT "l:p:u:RP:OAM:K:h",
				opts, NULL)) != -1) {
		r = ipt6_tls_opt(c, optarg, &srv->tls);
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
			if (ipt6_parse_prefix(optarg, &srv->prefix))
				return 2;
			break;
		case 'O':
			srv->prefix_flags &= ~IPT6_PREFIX_FLAGS_ONLINK;
			break;
		case 'A':
			srv->prefix_flags &= ~IPT6_PREFIX_FLAGS_AUTONOMOUS;
			break;
		case 'M':
			srv->max_handshakes = atoi(optarg);
			if (srv->max_handshakes < 1 ||
			    srv->max_handshakes > 65536) {
				fprintf(stderr, "ipt6ctl: --max-handshakes takes 1 to 65536\n");
				return 2;
			}
			break;
		case 'K':
			if (ipt6_keepalive_opt(optarg, &srv->keepalive))
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
	if (argc - optind != 1 || !srv->tls.cert_file || !srv->tls.key_file) {
		fprintf(stderr, "ipt6ctl: server needs DEV, --cert and --key\n\n%s",
			server_usage);
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
	srv->ifname = argv[optind];
	return 0;
}

int cmd_server(int argc, char **argv)
{
	struct server srv = {
		.lfd = -1,
		.max_handshakes = MAX_HANDSHAKES_DEFAULT,
		.keepalive = KEEPALIVE_DEFAULT,
		.prefix_flags = IPT6_PREFIX_FLAGS_ONLINK |
				IPT6_PREFIX_FLAGS_AUTONOMOUS,
	};
	struct ipt6_err err = { 0 };
	int ret;

	ret = parse_server_args(&srv, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	srv.ifindex = ipt6_nl_ifindex(srv.ifname);
	if (srv.ifindex < 0 || ipt6_nl_open(&srv.nl))
		return 1;
	pthread_mutex_init(&srv.nl_lock, NULL);
	sem_init(&srv.handshake_slots, 0, srv.max_handshakes);
	ret = 1;
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
	if (srv.prefix_text &&
	    (ipt6_nl_set_prefix(&srv.nl, srv.ifname, srv.ifindex, &srv.prefix,
				srv.prefix_flags) ||
	     ipt6_router_setup(srv.ifname, srv.ifindex, &srv.prefix)))
		goto out;
	if (listen_on(&srv))
		goto out;
	ipt6_catch_signals();
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("%s: serving IP-HTTPS on %s\n", srv.ifname,
	       srv.listen ? srv.listen : "[::]:443");
	accept_loop(&srv);
	pthread_mutex_lock(&srv.nl_lock);
	ipt6_nl_dev_set(&srv.nl, srv.ifname, srv.ifindex, -1, IPT6_STATUS_IDLE,
			-1, NULL, NULL);
	pthread_mutex_unlock(&srv.nl_lock);
	ret = 0;
out:
	if (srv.lfd >= 0)
		close(srv.lfd);
	if (srv.tls_server)
		ipt6_tls_server_free(srv.tls_server);
	ipt6_nl_close(&srv.nl);
	return ret;
}
