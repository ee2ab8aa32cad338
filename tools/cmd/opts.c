// SPDX-License-Identifier: GPL-2.0
/*
 * What several commands share: the TLS and connection options of client,
 * server and diagnose, --keepalive, and the stop flag of the long-running
 * commands.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"

volatile sig_atomic_t ipt6_stop;

static void on_signal(int sig)
{
	(void)sig;
	ipt6_stop = 1;
}

void ipt6_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	/* No SA_RESTART: blocking calls return EINTR and see the flag. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int ipt6_tls_opt(int c, const char *arg, struct ipt6_tls_opts *o)
{
	switch (c) {
	case 'C':
		o->ca_file = arg;
		return 1;
	case 'c':
		o->cert_file = arg;
		return 1;
	case 'k':
		o->key_file = arg;
		return 1;
	case 't':
		if (!strcmp(arg, "1.2") || !strcmp(arg, "12"))
			o->tls_version = 12;
		else if (!strcmp(arg, "1.3") || !strcmp(arg, "13"))
			o->tls_version = 13;
		else
			goto bad;
		return 1;
	case 'x':
		if (strcmp(arg, "aes128-gcm") && strcmp(arg, "aes256-gcm") &&
		    strcmp(arg, "chacha20-poly1305"))
			goto bad;
		o->cipher = arg;
		return 1;
	}
	return 0;
bad:
	fprintf(stderr, "ipt6ctl: bad value '%s' for --%s (see --help)\n", arg,
		c == 't' ? "tls" : "cipher");
	return -1;
}

/*
 * --connect-to HOST[:PORT]: a name, an IPv4 address, or an IPv6 address,
 * bare or, with a port, in brackets ([2001:db8::1]:443).
 */
static void ipt6_connect_to(const char *arg, struct ipt6_conn_opts *o)
{
	char *host = o->host_buf, *end, *colon;

	snprintf(o->host_buf, sizeof(o->host_buf), "%s", arg);
	end = strchr(host, ']');
	colon = strchr(host, ':');
	o->connect_port = NULL;
	if (host[0] == '[' && end) {
		*end = '\0';
		if (end[1] == ':')
			o->connect_port = end + 2;
		host++;
	} else if (colon && !strchr(colon + 1, ':')) {
		*colon = '\0';
		o->connect_port = colon + 1;
	}
	o->connect_host = host;
}

int ipt6_conn_opt(int c, const char *arg, struct ipt6_conn_opts *o)
{
	int r = ipt6_tls_opt(c, arg, &o->tls);

	if (r)
		return r;
	switch (c) {
	case 'H':
		ipt6_connect_to(arg, o);
		return 1;
	case 'T':
		o->tls.timeout_ms = atoi(arg) * 1000;
		if (o->tls.timeout_ms <= 0) {
			fprintf(stderr, "ipt6ctl: --timeout takes seconds > 0\n");
			return -1;
		}
		return 1;
	case 'P':
		o->proxy = arg;
		return 1;
	case 'U':
		o->proxy_user = arg;
		return 1;
	case 'N':
		o->no_env_proxy = true;
		return 1;
	}
	return 0;
}

int ipt6_keepalive_opt(const char *arg, unsigned int *secs)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < 0 || v > 3600) {
		fprintf(stderr, "ipt6ctl: --keepalive takes seconds from 0 (off) to 3600, not '%s'\n",
			arg);
		return -1;
	}
	*secs = v;
	return 0;
}
