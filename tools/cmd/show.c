// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6ctl show: what `netsh interface httpstunnel show interfaces` and
 * `wg show` print, from the kernel's own state.  One read fills the
 * description of state.h; show_render.c renders it for people or as
 * JSON, so both say the same and nothing is printed of a read that
 * failed half-way.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "nl.h"
#include "show.h"

static void show_usage(FILE *f)
{
	fprintf(f,
		"Usage: ipt6ctl show [DEV] [--json]\n"
		"\n"
		"Show ipt6 devices: role, URL, interface status, last error in words,\n"
		"traffic and drop counters, and each peer with its address, age and\n"
		"counters.  Without DEV, every ipt6 device in this network namespace.\n"
		"\n"
		"  -j, --json   one JSON object {\"devices\": [...], \"isatap\": [...]} with\n"
		"               stable keys (IP-HTTPS devices, then ISATAP devices)\n"
		"  -h, --help   this text\n"
		"\n"
		"Needs CAP_NET_ADMIN and the ipt6 module.\n");
}

/* The options; 0 to go on, else the exit code (after help or usage). */
static int parse_args(int argc, char **argv, bool *json, const char **ifname)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			show_usage(stdout);
			return -1;
		default:
			show_usage(stderr);
			return 2;
		}
	}
	if (argc - optind > 1) {
		show_usage(stderr);
		return 2;
	}
	*ifname = optind < argc ? argv[optind] : NULL;
	return 0;
}

int cmd_show(int argc, char **argv)
{
	struct ipt6_state st;
	struct ipt6_nl nl;
	const char *ifname;
	bool json = false;
	int err;

	err = parse_args(argc, argv, &json, &ifname);
	if (err)
		return err < 0 ? 0 : err;
	if (ipt6_nl_open(&nl))
		return 1;
	err = ipt6_state_read(&nl, ifname, &st);
	ipt6_nl_close(&nl);
	if (!err) {
		if (json)
			show_json(stdout, &st);
		else
			show_human(stdout, &st);
	}
	ipt6_state_free(&st);
	if (!err && (fflush(stdout) || ferror(stdout))) {
		fprintf(stderr, "ipt6ctl: show: writing the output: %s\n",
			strerror(errno));
		err = -EIO;
	}
	return err ? 1 : 0;
}
