// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6ctl: control of ipt6 IP-HTTPS and ISATAP tunnels.  The kernel runs
 * the data path; this tool sets sessions up (TCP, TLS, HTTP), hands them
 * to the kernel, keeps them up and shows their state.
 *
 * One table names every command, its synopsis and its one-line help; the
 * top-level usage is printed from it.
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "err.h"

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;	/* synopsis after the name */
	const char *help;	/* what it does, one line or two */
} commands[] = {
	{ "show", cmd_show, "[DEV] [--json]",
	  "devices, status, last error, peers, counters" },
	{ "client", cmd_client, "DEV URL [OPTIONS]",
	  "connect to an IP-HTTPS server and keep the\n"
	  "tunnel up (reconnecting after failures)" },
	{ "server", cmd_server, "DEV [OPTIONS]",
	  "accept IP-HTTPS clients on DEV" },
	{ "set", cmd_set, "DEV role client|server",
	  "choose a device's role (no peers attached)" },
	{ "attach", cmd_attach, "DEV FD [--bind-owner]",
	  "hand an open kernel-TLS socket to DEV" },
	{ "detach", cmd_detach, "DEV PEER",
	  "detach a peer and close its connection" },
	{ "monitor", cmd_monitor, "[--count N] [--timeout S]",
	  "print peer-gone events with their reason" },
	{ "nat64", cmd_nat64, "PREFIX/LEN IPV4|IPV6",
	  "IPv4-embedded IPv6 addresses (RFC 6052)" },
	{ "up", cmd_up, "NAME|FILE [--config-dir DIR] [--role R]",
	  "create NAME from /etc/ipt6/NAME.conf and run\n"
	  "its client or server in the foreground" },
	{ "down", cmd_down, "NAME",
	  "stop what 'up NAME' runs, delete the device" },
	{ "isatap", cmd_isatap,
	  "DEV [--router R]... [--role host|router] [--prefix P/64]",
	  "run an ISATAP device: router list from\n"
	  "addresses or names, solicitations, or (router)\n"
	  "advertisements of a prefix" },
	{ "isatap-prl", cmd_isatap_prl, "DEV [show | add|del ROUTER...]",
	  "an ISATAP device's Potential Router List" },
	{ "isatap-set", cmd_isatap_set, "DEV [role host|router] [ttl N|inherit]",
	  "change an ISATAP device" },
	{ "diagnose", cmd_diagnose, "URL [OPTIONS]",
	  "check step by step what a client of URL needs\n"
	  "and name the first failing cause and its fix" },
};

#define HELP_COLUMN	28

/* @text's lines, the first after @col columns used, the rest indented. */
static void print_help_lines(FILE *f, const char *text, int col)
{
	const char *nl;

	if (col > HELP_COLUMN - 2) {
		fputc('\n', f);
		col = 0;
	}
	for (;;) {
		fprintf(f, "%*s", HELP_COLUMN - col, "");
		nl = strchr(text, '\n');
		if (!nl) {
			fprintf(f, "%s\n", text);
			return;
		}
		fprintf(f, "%.*s\n", (int)(nl - text), text);
		text = nl + 1;
		col = 0;
	}
}

static void usage(FILE *f)
{
	size_t i;
	int col;

	fputs("Usage: ipt6ctl COMMAND [ARGS] [--help]\n\n"
	      "IPv6 tunnels whose data path runs in the kernel (ipt6.ko):\n"
	      "IP-HTTPS, IPv6 packets inside one long HTTPS request on a\n"
	      "kernel TLS socket, and ISATAP (RFC 5214), IPv6 over an IPv4\n"
	      "intranet.\n\nCommands:\n", f);
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		col = fprintf(f, "  %s %s", commands[i].name, commands[i].args);
		print_help_lines(f, commands[i].help, col);
	}
	fputs("\nCreate a device first with:  ip link add iph0 type iphttps\n"
	      "                        or:  ip link add isa0 address A.B.C.D type isatap\n"
	      "Each command takes --help.  Exit status: 0 success, 1 failure, 2 usage.\n",
	      f);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "ipt6ctl: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
