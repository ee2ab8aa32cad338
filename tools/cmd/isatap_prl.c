// SPDX-License-Identifier: GPL-2.0
/* The one-shot ISATAP commands: isatap-prl and isatap-set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>

#include "cmds.h"
#include "err.h"
#include "isatap.h"
#include "nl.h"

static const char prl_usage[] =
"Usage: ipt6ctl isatap-prl DEV [show]\n"
"       ipt6ctl isatap-prl DEV add|del ROUTER...\n"
"\n"
"Show or edit the Potential Router List of the ISATAP device DEV: the\n"
"routers whose packets DEV accepts whatever their inner source, and whose\n"
"router advertisements it lets through (RFC 5214 sections 7.3 and 8.3).\n"
"ROUTER is an IPv4 address or a DNS name; a name adds (or removes) every\n"
"IPv4 address it has now.  A running 'ipt6ctl isatap DEV' supervisor owns\n"
"the list and puts it back to its --router set when it next resolves.\n"
"\n"
"Exit status: 0 when every change was made, 1 if one failed (each is\n"
"reported, with the kernel's reason), 2 for bad usage.\n";

static int prl_edit(struct ipt6_nl *nl, const char *ifname, int ifindex,
		    bool add, char **specs, int nspecs)
{
	struct in_addr a[ISATAP_PRL_MAX];
	int i, j, n, ret = 0;

	for (i = 0; i < nspecs; i++) {
		n = isatap_resolve(specs[i], a, ISATAP_PRL_MAX, false);
		if (n < 0) {
			ret = 1;
			continue;
		}
		for (j = 0; j < n; j++) {
			if ((add ? isatap_prl_add : isatap_prl_del)(nl, ifname,
								    ifindex,
								    a[j]))
				ret = 1;
		}
	}
	return ret;
}

int cmd_isatap_prl(int argc, char **argv)
{
	struct in_addr routers[ISATAP_PRL_MAX];
	const char *ifname, *op;
	struct ipt6_nl nl;
	int i, ifindex, n, ret = 0;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(prl_usage, stdout);
			return 0;
		}
	if (argc < 2) {
		fputs(prl_usage, stderr);
		return 2;
	}
	ifname = argv[1];
	op = argc > 2 ? argv[2] : "show";
	if (!strcmp(op, "show") ? argc > 3 :
	    (strcmp(op, "add") && strcmp(op, "del")) || argc < 4) {
		fputs(prl_usage, stderr);
		return 2;
	}
	ifindex = ipt6_nl_ifindex(ifname);
	if (ifindex < 0 || ipt6_nl_open(&nl))
		return 1;
	if (!strcmp(op, "show")) {
		n = isatap_prl_list(&nl, ifname, ifindex, routers);
		for (i = 0; i < n; i++)
			printf("%s\n", inet_ntoa(routers[i]));
		ret = n < 0;
	} else {
		ret = prl_edit(&nl, ifname, ifindex, !strcmp(op, "add"),
			       argv + 3, argc - 3);
	}
	ipt6_nl_close(&nl);
	return ret;
}

static const char set_usage[] =
"Usage: ipt6ctl isatap-set DEV [role host|router] [ttl N|inherit]\n"
"\n"
"Change the ISATAP device DEV:\n"
"  role host|router  the role 'ipt6ctl show' reports ('ipt6ctl isatap'\n"
"                    sets it from its --role)\n"
"  ttl N|inherit     TTL of the outer IPv4 header, 1 to 255, or inherit to\n"
"                    copy each packet's IPv6 hop limit (default 64)\n"
"\n"
"Exit status: 0 when changed, 1 if the kernel refused (with its reason),\n"
"2 for bad usage.\n";

static int parse_set_arg(const char *key, const char *val, int *role,
			 int *ttl)
{
	unsigned int hops;
	int v;

	if (!strcmp(key, "role")) {
		v = isatap_role_parse(val);
		if (v >= 0) {
			*role = v;
			return 0;
		}
		fprintf(stderr, "ipt6ctl: role must be host or router, not '%s'\n",
			val);
		return -1;
	}
	if (!strcmp(key, "ttl")) {
		if (!strcmp(val, "inherit")) {
			*ttl = 0;
			return 0;
		}
		if (ipt6_uint_opt("ttl", "hops", val, 1, 255, "or inherit",
				  &hops))
			return -1;
		*ttl = (int)hops;
		return 0;
	}
	fprintf(stderr, "ipt6ctl: unknown setting '%s'\n", key);
	return -1;
}

int cmd_isatap_set(int argc, char **argv)
{
	int i, ifindex, role = -1, ttl = -1, ret;
	struct ipt6_nl nl;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(set_usage, stdout);
			return 0;
		}
	if (argc < 4 || argc % 2) {
		fputs(set_usage, stderr);
		return 2;
	}
	for (i = 2; i < argc; i += 2)
		if (parse_set_arg(argv[i], argv[i + 1], &role, &ttl))
			return 2;
	ifindex = ipt6_nl_ifindex(argv[1]);
	if (ifindex < 0 || ipt6_nl_open(&nl))
		return 1;
	ret = isatap_set(&nl, argv[1], ifindex, role, ttl);
	ipt6_nl_close(&nl);
	return ret ? 1 : 0;
}
