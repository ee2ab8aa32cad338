// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6ctl: control of ipt6 IP-HTTPS tunnels.  The kernel runs the data
 * path; this tool sets sessions up (TCP, TLS, HTTP), hands them to the
 * kernel, keeps them up and shows their state.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "nl.h"

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

static const char *const main_usage =
"Usage: ipt6ctl COMMAND [ARGS] [--help]\n"
"\n"
"IP-HTTPS tunnels whose data path runs in the kernel (ipt6.ko): IPv6\n"
"packets inside one long HTTPS request, on a kernel TLS socket.\n"
"\n"
"Commands:\n"
"  show [DEV] [--json]       devices, status, last error, peers, counters\n"
"  client DEV URL [OPTIONS]  connect to an IP-HTTPS server and keep the\n"
"                            tunnel up (reconnecting after failures)\n"
"  server DEV [OPTIONS]      accept IP-HTTPS clients on DEV\n"
"  set DEV role client|server\n"
"                            choose a device's role (no peers attached)\n"
"  attach DEV FD [--bind-owner]\n"
"                            hand an open kernel-TLS socket to DEV\n"
"  detach DEV PEER           detach a peer and close its connection\n"
"  monitor [--count N] [--timeout S]\n"
"                            print peer-gone events with their reason\n"
"  nat64 PREFIX/LEN IPV4|IPV6\n"
"                            IPv4-embedded IPv6 addresses (RFC 6052)\n"
"  up NAME [--config-dir DIR]\n"
"                            create NAME from /etc/ipt6/NAME.conf and run\n"
"                            its client or server in the foreground\n"
"  down NAME                 stop what 'up NAME' runs, delete the device\n"
"  isatap DEV [--router R]... [--role host|router] [--prefix P/64]\n"
"                            run an ISATAP device: router list from\n"
"                            addresses or names, solicitations, or (router)\n"
"                            advertisements of a prefix\n"
"  isatap-prl DEV [show | add|del ROUTER...]\n"
"                            an ISATAP device's Potential Router List\n"
"  isatap-set DEV [role host|router] [ttl N|inherit]\n"
"                            change an ISATAP device\n"
"  diagnose URL [OPTIONS]    check step by step what a client of URL needs\n"
"                            and name the first failing cause and its fix\n"
"\n"
"Create a device first with:  ip link add iph0 type iphttps\n"
"                        or:  ip link add isa0 address A.B.C.D type isatap\n"
"Each command takes --help.  Exit status: 0 success, 1 failure, 2 usage.\n";

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "show", cmd_show },
	{ "client", cmd_client },
	{ "server", cmd_server },
	{ "set", cmd_set },
	{ "attach", cmd_attach },
	{ "detach", cmd_detach },
	{ "monitor", cmd_monitor },
	{ "nat64", cmd_nat64 },
	{ "up", cmd_up },
	{ "down", cmd_down },
	{ "isatap", cmd_isatap },
	{ "isatap-prl", cmd_isatap_prl },
	{ "isatap-set", cmd_isatap_set },
	{ "diagnose", cmd_diagnose },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		fputs(main_usage, stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		fputs(main_usage, stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "ipt6ctl: unknown command '%s'\n\n%s", argv[1],
		main_usage);
	return 2;
}
