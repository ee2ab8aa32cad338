// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6-tlspeer: both ends of an IP-HTTPS session set-up (tools/lib/tls.c) with
 * a plain byte stream on top, for tests and benchmarks.  After the set-up
 * it only uses read() and write(): the kernel does all TLS from there, so
 * data arriving intact proves the kTLS keys and record numbers are right.
 *
 *   ipt6-tlspeer server --listen ADDR:PORT --cert F --key F [--path P]
 *       [--ca F [--require-client-cert]] [--tls 12|13] [--cipher C]
 *       [--timeout MS] [--once] [--mode echo|sink|source BYTES|hold]
 *   ipt6-tlspeer client URL [--ca F] [--cert F --key F] [--tls 12|13]
 *       [--cipher C] [--connect ADDR[:PORT]] [--timeout MS]
 *       [--mode send-stdin|sink|source BYTES]
 *   ipt6-tlspeer pattern BYTES    (what "source" sends, to stdout)
 *
 * Server mode "hold" keeps each session open and idle until the process
 * ends, with no thread left waiting on it (as ipt6ctl server leaves its
 * sessions to the kernel): a baseline for per-connection memory.
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <linux/tls.h>

#include "err.h"
#include "parse.h"
#include "tls.h"
#include "url.h"

#ifndef SOL_TLS
#define SOL_TLS 282
#endif

#define BUF_SIZE (64 * 1024)

enum mode { MODE_ECHO, MODE_SINK, MODE_SOURCE, MODE_SEND_STDIN, MODE_HOLD };

struct cfg {
	struct ipt6_tls_opts tls;
	const char *listen;
	const char *path;
	const char *connect;
	const char *url;
	enum mode mode;
	uint64_t bytes;
	bool once;
};

static struct cfg cfg;
static struct ipt6_tls_server *server;

static void die_err(const struct ipt6_err *err)
{
	fprintf(stderr, "ipt6-tlspeer: %s: %s\n", ipt6_errcode_name(err->code),
		err->msg);
	exit(1);
}

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "ipt6-tlspeer: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(1);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: ipt6-tlspeer server --listen ADDR:PORT --cert F --key F [--path P]\n"
		"           [--ca F [--require-client-cert]] [--tls 12|13] [--cipher C]\n"
		"           [--timeout MS] [--once] [--mode echo|sink|source BYTES|hold]\n"
		"       ipt6-tlspeer client URL [--ca F] [--cert F --key F] [--tls 12|13]\n"
		"           [--cipher C] [--connect ADDR[:PORT]] [--timeout MS]\n"
		"           [--mode send-stdin|sink|source BYTES]\n"
		"       ipt6-tlspeer pattern BYTES\n");
	exit(2);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Deterministic bytes for "source", reproducible with "pattern". */
static void pattern_fill(unsigned char *buf, size_t len,
			 unsigned long long off)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned long long x = off + i;

		x = (x ^ (x >> 7)) * 0x9e3779b97f4a7c15ULL;
		buf[i] = x >> 56;
	}
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* What the kernel holds, read back: proves both directions are offloaded. */
static void print_ktls(const char *who, int fd)
{
	static const char *const opt[2] = { "TX", "RX" };
	int i;

	for (i = 0; i < 2; i++) {
		struct tls_crypto_info ci;	/* this size: no key out */
		socklen_t len = sizeof(ci);
		const char *c;

		if (getsockopt(fd, SOL_TLS, i ? TLS_RX : TLS_TX, &ci, &len)) {
			fprintf(stderr,
				"ipt6-tlspeer: %s: kTLS %s not set: %s\n",
				who, opt[i], strerror(errno));
			continue;
		}
		c = ci.cipher_type == TLS_CIPHER_AES_GCM_128 ? "aes128-gcm" :
		    ci.cipher_type == TLS_CIPHER_AES_GCM_256 ? "aes256-gcm" :
		    ci.cipher_type == TLS_CIPHER_CHACHA20_POLY1305 ?
		    "chacha20-poly1305" : "other";
		fprintf(stderr, "ipt6-tlspeer: %s: kTLS %s TLS 1.%d %s\n", who,
			opt[i], ci.version == TLS_1_3_VERSION ? 3 : 2, c);
	}
}

static int do_source(int fd, unsigned long long total)
{
	static unsigned char buf[BUF_SIZE];
	unsigned long long off = 0;

	while (off < total) {
		size_t n = total - off < BUF_SIZE ? total - off : BUF_SIZE;

		pattern_fill(buf, n, off);
		if (write_all(fd, buf, n))
			return -1;
		off += n;
	}
	return 0;
}

/* Read to EOF; to @out_fd when >= 0.  Returns bytes, or -1. */
static long long drain(int fd, int out_fd, const char *who)
{
	char *buf = malloc(BUF_SIZE);
	long long total = 0;
	ssize_t n;

	while (buf && (n = read(fd, buf, BUF_SIZE)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "ipt6-tlspeer: %s: read: %s\n", who,
				strerror(errno));
			total = -1;
			break;
		}
		if (out_fd >= 0 && write_all(out_fd, buf, n)) {
			total = -1;
			break;
		}
		total += n;
	}
	free(buf);
	return total;
}

static int do_sink(int fd, const char *who)
{
	double t0 = now_s(), dt;
	long long n = drain(fd, -1, who);

	if (n < 0)
		return -1;
	dt = now_s() - t0;
	printf("%lld bytes in %.3f s, %.1f MB/s\n", n, dt,
	       dt > 0 ? n / dt / 1e6 : 0.0);
	fflush(stdout);
	return 0;
}

/* Source then wait for the peer's EOF, so close() sends no RST. */
static int do_source_mode(int fd, const char *who)
{
	if (do_source(fd, cfg.bytes)) {
		fprintf(stderr, "ipt6-tlspeer: %s: write: %s\n", who,
			strerror(errno));
		return -1;
	}
	shutdown(fd, SHUT_WR);
	return drain(fd, -1, who) < 0 ? -1 : 0;
}

static int do_echo(int fd)
{
	char *buf = malloc(BUF_SIZE);
	ssize_t n;
	int ret = 0;

	while (buf && (n = read(fd, buf, BUF_SIZE)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write_all(fd, buf, n)) {
			fprintf(stderr, "ipt6-tlspeer: server: echo: %s\n",
				strerror(errno));
			ret = -1;
			break;
		}
	}
	shutdown(fd, SHUT_WR);
	free(buf);
	return ret;
}

static int serve_one(int fd)
{
	struct ipt6_tls_info info;
	struct ipt6_err err;
	int ret;

	if (ipt6_tls_server_accept(server, fd, &info, &err)) {
		fprintf(stderr, "ipt6-tlspeer: %s: %s\n",
			ipt6_errcode_name(err.code), err.msg);
		close(fd);
		return -1;
	}
	fprintf(stderr, "ipt6-tlspeer: server: %s %s client '%s'\n",
		info.version, info.cipher, info.peer);
	print_ktls("server", fd);
	if (cfg.mode == MODE_HOLD)
		return 0;	/* @fd stays open until the process exits */
	if (cfg.mode == MODE_SINK)
		ret = do_sink(fd, "server");
	else if (cfg.mode == MODE_SOURCE)
		ret = do_source_mode(fd, "server");
	else
		ret = do_echo(fd);
	close(fd);
	return ret;
}

static void *serve_thread(void *arg)
{
	serve_one((int)(long)arg);
	return NULL;
}

/* "ADDR:PORT" or "[V6]:PORT"; @port may be NULL to allow no port. */
static int split_addr(const char *s, char *host, size_t size, char **port)
{
	const char *end = s[0] == '[' ? strchr(s, ']') : strrchr(s, ':');
	const char *h = s[0] == '[' ? s + 1 : s;
	size_t hl;

	*port = NULL;
	if (s[0] == '[' && !end)
		return -1;
	if (!end)
		end = s + strlen(s);
	hl = end - h;
	if (hl >= size)
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (s[0] == '[')
		end++;
	if (*end == ':')
		*port = (char *)end + 1;
	else if (*end)
		return -1;
	return 0;
}

static int listen_on(const char *addr)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE }, *res;
	char host[256], name[64], port_s[8];
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd, one = 1;
	char *port;

	if (split_addr(addr, host, sizeof(host), &port) || !port)
		die("bad --listen '%s' (expected ADDR:PORT)", addr);
	if (getaddrinfo(host, port, &hints, &res))
		die("cannot resolve --listen '%s'", addr);
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, res->ai_addr, res->ai_addrlen) || listen(fd, 64))
		die("cannot listen on '%s'", addr);
	freeaddrinfo(res);
	getsockname(fd, (struct sockaddr *)&ss, &len);
	getnameinfo((struct sockaddr *)&ss, len, name, sizeof(name), port_s,
		    sizeof(port_s), NI_NUMERICHOST | NI_NUMERICSERV);
	fprintf(stderr, "ipt6-tlspeer: listening on %s port %s\n", name,
		port_s);
	return fd;
}

static int run_server(void)
{
	struct ipt6_err err;
	int lfd;

	server = ipt6_tls_server_new(&cfg.tls, cfg.path, &err);
	if (!server)
		die_err(&err);
	lfd = listen_on(cfg.listen);
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		pthread_t th;

		if (fd < 0) {
			if (errno == EINTR)
				continue;
			die("accept: %s", strerror(errno));
		}
		if (cfg.once)
			return serve_one(fd) ? 1 : 0;
		if (pthread_create(&th, NULL, serve_thread, (void *)(long)fd))
			close(fd);
		else
			pthread_detach(th);
	}
}

static void *stdin_to_fd(void *arg)
{
	int fd = (int)(long)arg;
	long long n = drain(0, fd, "client: stdin");

	if (n < 0)
		fprintf(stderr, "ipt6-tlspeer: client: sending failed\n");
	shutdown(fd, SHUT_WR);
	return NULL;
}

static int client_send_stdin(int fd)
{
	pthread_t th;
	long long n;

	if (pthread_create(&th, NULL, stdin_to_fd, (void *)(long)fd))
		die("cannot start a thread%s", "");
	n = drain(fd, 1, "client");
	pthread_join(th, NULL);
	return n < 0 ? -1 : 0;
}

static int client_connect(const struct ipt6_url *url)
{
	struct ipt6_tls_info info = { .version = "" };
	struct ipt6_err err;
	char host[256], *port;
	int fd;

	if (!cfg.connect) {
		fd = ipt6_tls_client_open(url, &cfg.tls, &err);
		if (fd < 0)
			die_err(&err);
		return fd;
	}
	if (split_addr(cfg.connect, host, sizeof(host), &port))
		die("bad --connect '%s' (expected ADDR[:PORT])", cfg.connect);
	fd = ipt6_tcp_connect(host, port ? port : url->port,
			      cfg.tls.timeout_ms, &err);
	if (fd < 0)
		die_err(&err);
	if (ipt6_tls_client_start(fd, url, &cfg.tls, &info, &err))
		die_err(&err);
	fprintf(stderr, "ipt6-tlspeer: client: %s %s server '%s'\n",
		info.version, info.cipher, info.peer);
	return fd;
}

static int run_client(void)
{
	struct ipt6_url url;
	struct ipt6_err err;
	int fd, ret;

	if (ipt6_url_parse(cfg.url, &url, &err))
		die_err(&err);
	fd = client_connect(&url);
	print_ktls("client", fd);
	if (cfg.mode == MODE_SINK)
		ret = do_sink(fd, "client");
	else if (cfg.mode == MODE_SOURCE)
		ret = do_source_mode(fd, "client");
	else
		ret = client_send_stdin(fd);
	close(fd);
	return ret ? 1 : 0;
}

static int run_pattern(const char *arg)
{
	unsigned long long total = strtoull(arg, NULL, 0);

	return do_source(1, total) ? 1 : 0;
}

static enum mode parse_mode(const char *m, int argc, char **argv)
{
	if (!strcmp(m, "echo"))
		return MODE_ECHO;
	if (!strcmp(m, "sink"))
		return MODE_SINK;
	if (!strcmp(m, "send-stdin"))
		return MODE_SEND_STDIN;
	if (!strcmp(m, "hold"))
		return MODE_HOLD;
	if (!strcmp(m, "source")) {
		if (optind >= argc)
			die("--mode source needs a byte count%s", "");
		if (ipt6_parse_u64(argv[optind], 0, UINT64_MAX, &cfg.bytes))
			die("--mode source: '%s' is not a byte count",
			    argv[optind]);
		optind++;
		return MODE_SOURCE;
	}
	die("unknown --mode '%s'", m);
	return MODE_ECHO;
}

static void parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "cert", required_argument, NULL, 'c' },
		{ "key", required_argument, NULL, 'k' },
		{ "ca", required_argument, NULL, 'a' },
		{ "path", required_argument, NULL, 'p' },
		{ "tls", required_argument, NULL, 'v' },
		{ "cipher", required_argument, NULL, 'C' },
		{ "connect", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "mode", required_argument, NULL, 'm' },
		{ "once", no_argument, NULL, 'o' },
		{ "require-client-cert", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned int ms;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			cfg.listen = optarg;
			break;
		case 'c':
			cfg.tls.cert_file = optarg;
			break;
		case 'k':
			cfg.tls.key_file = optarg;
			break;
		case 'a':
			cfg.tls.ca_file = optarg;
			break;
		case 'p':
			cfg.path = optarg;
			break;
		case 'v':
			if (strcmp(optarg, "12") && strcmp(optarg, "13"))
				die("--tls must be 12 or 13, not '%s'", optarg);
			cfg.tls.tls_version = optarg[1] - '0' + 10;
			break;
		case 'C':
			cfg.tls.cipher = optarg;
			break;
		case 'n':
			cfg.connect = optarg;
			break;
		case 't':
			if (ipt6_parse_uint(optarg, 1, INT32_MAX, &ms))
				die("--timeout takes milliseconds, not '%s'",
				    optarg);
			cfg.tls.timeout_ms = ms;
			break;
		case 'm':
			cfg.mode = parse_mode(optarg, argc, argv);
			break;
		case 'o':
			cfg.once = true;
			break;
		case 'r':
			cfg.tls.require_client_cert = true;
			break;
		default:
			usage();
		}
	}
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	signal(SIGPIPE, SIG_IGN);
	if (!strcmp(cmd, "pattern") && argc == 3)
		return run_pattern(argv[2]);
	if (!strcmp(cmd, "server")) {
		cfg.mode = MODE_ECHO;
		parse_args(argc - 1, argv + 1);
		if (!cfg.listen)
			usage();
		return run_server();
	}
	if (!strcmp(cmd, "client") && argc > 2) {
		cfg.mode = MODE_SEND_STDIN;
		cfg.url = argv[2];
		parse_args(argc - 2, argv + 2);
		if (optind != argc - 2 || cfg.mode == MODE_HOLD)
			usage();
		return run_client();
	}
	usage();
	return 2;
}
