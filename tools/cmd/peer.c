// SPDX-License-Identifier: GPL-2.0
/* The small commands: set, attach, detach, monitor. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include "cmds.h"
#include "err.h"
#include "nl.h"

/* Parse "--help" alone; returns 0 to go on, else the exit status. */
static int help_only(int argc, char **argv, const char *usage, int nargs)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return -1;
		}
	if (argc - 1 < nargs) {
		fputs(usage, stderr);
		return 2;
	}
	return 0;
}

static const char set_usage[] =
"Usage: ipt6ctl set DEV role client|server\n"
"\n"
"Choose the device's role.  A client has one peer (its server) and\n"
"carrier only while connected; a server has many peers and routes to\n"
"them by destination address.  The role changes only while no peer is\n"
"attached.  'ipt6ctl client' and 'ipt6ctl server' set it themselves.\n";

int cmd_set(int argc, char **argv)
{
	struct ipt6_nl nl;
	int ifindex, role, ret;

	ret = help_only(argc, argv, set_usage, 3);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (strcmp(argv[2], "role") || argc != 4) {
		fputs(set_usage, stderr);
		return 2;
	}
	if (!strcmp(argv[3], "client")) {
		role = IPT6_ROLE_CLIENT;
	} else if (!strcmp(argv[3], "server")) {
		role = IPT6_ROLE_SERVER;
	} else {
		fprintf(stderr, "ipt6ctl: role must be client or server, not '%s'\n",
			argv[3]);
		return 2;
	}
	ifindex = ipt6_nl_ifindex(argv[1]);
	if (ifindex < 0 || ipt6_nl_open(&nl))
		return 1;
	ret = ipt6_nl_dev_set(&nl, argv[1], ifindex, role, -1, -1, NULL, NULL);
	ipt6_nl_close(&nl);
	return ret ? 1 : 0;
}

static const char attach_usage[] =
"Usage: ipt6ctl attach DEV FD [--bind-owner]\n"
"\n"
"Hand the open socket FD (inherited from the caller) to DEV as a new peer\n"
"and print its peer id.  The socket must be an established TCP connection\n"
"in DEV's network namespace with kernel TLS set up for sending and\n"
"receiving; anything else is refused with the reason.  With --bind-owner\n"
"the peer is detached as soon as this command exits (for tests).\n";

int cmd_attach(int argc, char **argv)
{
	unsigned int fd;
	bool bind = false;
	struct ipt6_nl nl;
	uint32_t id;
	int ifindex, ret;

	ret = help_only(argc, argv, attach_usage, 2);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (argc == 4 && !strcmp(argv[3], "--bind-owner"))
		bind = true;
	else if (argc != 3) {
		fputs(attach_usage, stderr);
		return 2;
	}
	if (ipt6_uint_opt("FD", "a file descriptor number", argv[2], 0,
			  65535, NULL, &fd))
		return 2;
	ifindex = ipt6_nl_ifindex(argv[1]);
	if (ifindex < 0 || ipt6_nl_open(&nl))
		return 1;
	ret = ipt6_nl_attach(&nl, argv[1], ifindex, (int)fd, bind, NULL,
			     &id);
	if (!ret)
		printf("peer %u\n", id);
	ipt6_nl_close(&nl);
	return ret ? 1 : 0;
}

static const char detach_usage[] =
"Usage: ipt6ctl detach DEV PEER\n"
"\n"
"Detach peer number PEER (see 'ipt6ctl show') from DEV and close its\n"
"connection.  Returns once the peer is gone.\n";

int cmd_detach(int argc, char **argv)
{
	unsigned int id;
	struct ipt6_nl nl;
	int ifindex, ret;

	ret = help_only(argc, argv, detach_usage, 2);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (argc != 3) {
		fputs(detach_usage, stderr);
		return 2;
	}
	if (ipt6_uint_opt("PEER", "a peer id", argv[2], 1, UINT32_MAX, NULL,
			  &id))
		return 2;
	ifindex = ipt6_nl_ifindex(argv[1]);
	if (ifindex < 0 || ipt6_nl_open(&nl))
		return 1;
	ret = ipt6_nl_detach(&nl, argv[1], ifindex, id);
	ipt6_nl_close(&nl);
	return ret ? 1 : 0;
}

static const char monitor_usage[] =
"Usage: ipt6ctl monitor [--count N] [--timeout SECONDS]\n"
"\n"
"Print one line per peer that goes away, with the reason:\n"
"  DEV peer ID gone: REASON-KEY (reason in words)\n"
"REASON-KEY is admin, closed, error, tls-alert, tls-rekey, protocol,\n"
"device-gone, owner-gone, timeout (the other end stopped answering) or\n"
"replaced (a new connection of the same client took over).\n"
"Stops after N events, or after SECONDS without one (exit 1), or on a\n"
"signal.  Needs CAP_NET_ADMIN.\n";

static const char *const reason_keys[] = {
	"admin", "closed", "error", "tls-alert", "tls-rekey", "protocol",
	"device-gone", "owner-gone", "timeout", "replaced",
};

int cmd_monitor(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int count = 0, timeout = 0, seen = 0;
	struct ipt6_nl_event ev;
	char ifname[IF_NAMESIZE];
	struct ipt6_nl nl;
	int c, ret;

	while ((c = getopt_long(argc, argv, "n:T:h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(monitor_usage, stdout);
			return 0;
		}
		if (c != 'n' && c != 'T') {
			fputs(monitor_usage, stderr);
			return 2;
		}
		if (c == 'n' ? ipt6_uint_opt("--count", "a number", optarg, 0,
					     1000000, "0: no end", &count) :
			       ipt6_uint_opt("--timeout", "seconds", optarg, 0,
					     1000000, "0: none", &timeout))
			return 2;
	}
	if (ipt6_nl_open(&nl))
		return 1;
	if (ipt6_nl_subscribe(&nl)) {
		ipt6_nl_close(&nl);
		return 1;
	}
	ipt6_catch_signals();
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = 0;
	while (!ipt6_stop && (!count || seen < count)) {
		ret = ipt6_nl_next_event(&nl, &ev, timeout ? (int)timeout * 1000 : -1);
		if (ret < 0 && ret != -EINTR)
			break;
		if (ret == 0 && timeout)
			break;
		if (ret <= 0)
			continue;
		if (!if_indextoname(ev.ifindex, ifname))
			snprintf(ifname, sizeof(ifname), "if%u", ev.ifindex);
		printf("%s peer %u gone: %s (%s)\n", ifname, ev.peer_id,
		       ev.reason < ARRAY_SIZE(reason_keys) ?
		       reason_keys[ev.reason] : "unknown",
		       ipt6_del_reason_name(ev.reason));
		seen++;
	}
	ipt6_nl_close(&nl);
	return count && seen < count ? 1 : 0;
}
