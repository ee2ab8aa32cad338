// SPDX-License-Identifier: GPL-2.0
/*
 * ISATAP devices over generic netlink: configuration, counters and the
 * Potential Router List; the one-shot commands isatap-prl and isatap-set;
 * the ISATAP part of `ipt6ctl show`.
 */
#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>

#include "cmds.h"
#include "err.h"
#include "isatap.h"
#include "nl.h"

static const char *const isatap_role_names[] = { "host", "router" };

const char *isatap_role_name(uint32_t role)
{
	return role < ARRAY_SIZE(isatap_role_names) ?
	       isatap_role_names[role] : "unknown";
}

/*
 * The kernel's rule (addrconf's __ipv6_isatap_ifid): the "u" bit is set
 * (::200:5efe:a.b.c.d) unless the IPv4 address is private, shared or
 * special; RFC 5214 section 6.1.
 */
static bool v4_is_global(uint32_t a)
{
	return !((a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
		 (a >> 16) == 0xa9fe || (a >> 20) == 0xac1 ||
		 (a >> 8) == 0xc00002 || (a >> 8) == 0xc05863 ||
		 (a >> 16) == 0xc0a8 || (a >> 17) == (0xc612 >> 1) ||
		 (a >> 28) == 0xe || a == 0xffffffff);
}

void isatap_link_local(struct in_addr v4, struct in6_addr *ll)
{
	memset(ll, 0, sizeof(*ll));
	ll->s6_addr[0] = 0xfe;
	ll->s6_addr[1] = 0x80;
	ll->s6_addr[8] = v4_is_global(ntohl(v4.s_addr)) ? 0x02 : 0x00;
	ll->s6_addr[10] = 0x5e;
	ll->s6_addr[11] = 0xfe;
	memcpy(&ll->s6_addr[12], &v4, 4);
}

bool isatap_embedded_v4(const struct in6_addr *a, struct in_addr *v4)
{
	if ((a->s6_addr[8] | 0x02) != 0x02 || a->s6_addr[9] ||
	    a->s6_addr[10] != 0x5e || a->s6_addr[11] != 0xfe)
		return false;
	memcpy(v4, &a->s6_addr[12], 4);
	return true;
}

static void parse_stats(struct nlattr *nest, struct isatap_stats *s)
{
	struct nlattr *tb[IPT6_A_ISATAP_STATS_MAX + 1];
	int i;

	memset(s, 0, sizeof(*s));
	if (!nest ||
	    ipt6_nl_parse_nested(tb, IPT6_A_ISATAP_STATS_MAX, nest) < 0)
		return;
	for (i = IPT6_A_ISATAP_STATS_RX_PACKETS; i <= IPT6_A_ISATAP_STATS_MAX;
	     i++)
		if (tb[i])
			s->v[i] = nla_get_u64(tb[i]);
}

static void parse_info(struct nlattr **tb, struct isatap_info *d)
{
	memset(d, 0, sizeof(*d));
	if (tb[IPT6_A_ISATAP_IFINDEX])
		d->ifindex = nla_get_u32(tb[IPT6_A_ISATAP_IFINDEX]);
	if (tb[IPT6_A_ISATAP_IFNAME])
		snprintf(d->ifname, sizeof(d->ifname), "%s",
			 nla_get_string(tb[IPT6_A_ISATAP_IFNAME]));
	if (tb[IPT6_A_ISATAP_LOCAL] && nla_len(tb[IPT6_A_ISATAP_LOCAL]) == 4)
		memcpy(&d->local, nla_data(tb[IPT6_A_ISATAP_LOCAL]), 4);
	if (tb[IPT6_A_ISATAP_ROLE])
		d->role = nla_get_u32(tb[IPT6_A_ISATAP_ROLE]);
	if (tb[IPT6_A_ISATAP_TTL])
		d->ttl = nla_get_u8(tb[IPT6_A_ISATAP_TTL]);
	if (tb[IPT6_A_ISATAP_PRL_COUNT])
		d->prl_count = nla_get_u32(tb[IPT6_A_ISATAP_PRL_COUNT]);
	parse_stats(tb[IPT6_A_ISATAP_STATS], &d->stats);
}

static int on_info(struct nlattr **tb, void *arg)
{
	parse_info(tb, arg);
	return 0;
}

static int nomem(struct nl_msg *msg)
{
	nlmsg_free(msg);
	fprintf(stderr, "ipt6ctl: out of memory\n");
	return -ENOMEM;
}

/* Send a request naming the device; print the kernel's reason on error. */
static int request(struct ipt6_nl *nl, const char *ifname, struct nl_msg *msg,
		   ipt6_nl_reply_fn fn, void *arg, bool quiet)
{
	int err = ipt6_nl_request_set(nl, msg, IPT6_A_ISATAP_MAX, fn, arg);

	if (err && !quiet)
		ipt6_nl_perror(nl, ifname, err);
	return err;
}

static int get(struct ipt6_nl *nl, const char *ifname, int ifindex,
	       struct isatap_info *info, bool quiet)
{
	struct nl_msg *msg = ipt6_nl_msg(nl, IPT6_CMD_ISATAP_GET, 0);

	if (!msg || nla_put_u32(msg, IPT6_A_ISATAP_IFINDEX, ifindex))
		return nomem(msg);
	return request(nl, ifname, msg, on_info, info, quiet);
}

int isatap_get(struct ipt6_nl *nl, const char *ifname, int ifindex,
	       struct isatap_info *info)
{
	return get(nl, ifname, ifindex, info, false);
}

int isatap_set(struct ipt6_nl *nl, const char *ifname, int ifindex, int role,
	       int ttl)
{
	struct nl_msg *msg = ipt6_nl_msg(nl, IPT6_CMD_ISATAP_SET, 0);

	if (!msg || nla_put_u32(msg, IPT6_A_ISATAP_IFINDEX, ifindex) ||
	    (role >= 0 && nla_put_u32(msg, IPT6_A_ISATAP_ROLE, role)) ||
	    (ttl >= 0 && nla_put_u8(msg, IPT6_A_ISATAP_TTL, ttl)))
		return nomem(msg);
	return request(nl, ifname, msg, NULL, NULL, false);
}

static int prl_op(struct ipt6_nl *nl, const char *ifname, int ifindex,
		  int cmd, struct in_addr addr)
{
	struct nl_msg *msg = ipt6_nl_msg(nl, cmd, 0);
	char what[64 + INET_ADDRSTRLEN];
	int err;

	if (!msg || nla_put_u32(msg, IPT6_A_ISATAP_IFINDEX, ifindex) ||
	    nla_put(msg, IPT6_A_ISATAP_ROUTER, 4, &addr))
		return nomem(msg);
	err = request(nl, ifname, msg, NULL, NULL, true);
	if (err) {
		snprintf(what, sizeof(what), "%s: router %s", ifname,
			 inet_ntoa(addr));
		ipt6_nl_perror(nl, what, err);
	}
	return err;
}

int isatap_prl_add(struct ipt6_nl *nl, const char *ifname, int ifindex,
		   struct in_addr addr)
{
	return prl_op(nl, ifname, ifindex, IPT6_CMD_ISATAP_PRL_ADD, addr);
}

int isatap_prl_del(struct ipt6_nl *nl, const char *ifname, int ifindex,
		   struct in_addr addr)
{
	return prl_op(nl, ifname, ifindex, IPT6_CMD_ISATAP_PRL_DEL, addr);
}

struct prl_collect {
	struct in_addr *addrs;
	int n;
};

static int on_router(struct nlattr **tb, void *arg)
{
	struct prl_collect *c = arg;

	if (!tb[IPT6_A_ISATAP_ROUTER] ||
	    nla_len(tb[IPT6_A_ISATAP_ROUTER]) != 4 || c->n >= ISATAP_PRL_MAX)
		return 0;
	memcpy(&c->addrs[c->n++], nla_data(tb[IPT6_A_ISATAP_ROUTER]), 4);
	return 0;
}

int isatap_prl_list(struct ipt6_nl *nl, const char *ifname, int ifindex,
		    struct in_addr *addrs)
{
	struct nl_msg *msg = ipt6_nl_msg(nl, IPT6_CMD_ISATAP_PRL_GET,
					 NLM_F_DUMP);
	struct prl_collect c = { .addrs = addrs };
	int err;

	if (!msg || nla_put_u32(msg, IPT6_A_ISATAP_IFINDEX, ifindex))
		return nomem(msg);
	err = request(nl, ifname, msg, on_router, &c, false);
	return err ? err : c.n;
}

/* show */

static const struct {
	int attr;
	const char *key;
	const char *label;
} isatap_drops[] = {
	{ IPT6_A_ISATAP_STATS_RX_DROP_SPOOF, "rx_drop_spoof",
	  "failed the source check" },
	{ IPT6_A_ISATAP_STATS_RX_DROP_RA, "rx_drop_ra",
	  "RA not from a listed router" },
	{ IPT6_A_ISATAP_STATS_RX_DROP_ERROR, "rx_drop_error", "rx errors" },
	{ IPT6_A_ISATAP_STATS_TX_DROP_NEXTHOP, "tx_drop_nexthop",
	  "next hop not ISATAP" },
	{ IPT6_A_ISATAP_STATS_TX_DROP_NOROUTE, "tx_drop_noroute",
	  "no IPv4 route" },
	{ IPT6_A_ISATAP_STATS_TX_DROP_TOOBIG, "tx_drop_toobig",
	  "too big for the path" },
	{ IPT6_A_ISATAP_STATS_TX_DROP_ERROR, "tx_drop_error", "tx errors" },
};

bool isatap_is_dev(struct ipt6_nl *nl, const char *ifname)
{
	struct isatap_info info;
	int ifindex = if_nametoindex(ifname);

	return ifindex > 0 && get(nl, ifname, ifindex, &info, true) == 0;
}

static void print_routers(const struct in_addr *r, int n, bool json)
{
	int i;

	for (i = 0; i < n; i++) {
		if (json)
			printf("%s\"%s\"", i ? "," : "", inet_ntoa(r[i]));
		else
			printf("%s%s", i ? ", " : " ", inet_ntoa(r[i]));
	}
	if (!json && !n)
		printf(" none");
}

static void print_human(const struct isatap_info *d,
			const struct in_addr *routers, int n)
{
	const uint64_t *v = d->stats.v;
	char ll[INET6_ADDRSTRLEN];
	struct in6_addr a;
	bool any = false;
	size_t i;

	isatap_link_local(d->local, &a);
	inet_ntop(AF_INET6, &a, ll, sizeof(ll));
	printf("Interface %s (isatap)\n", d->ifname);
	printf("  Role            : %s\n", isatap_role_name(d->role));
	printf("  Local IPv4      : %s (link-local %s)\n", inet_ntoa(d->local),
	       ll);
	if (d->ttl)
		printf("  Outer TTL       : %u\n", d->ttl);
	else
		printf("  Outer TTL       : inherit\n");
	printf("  Routers (PRL)   :");
	print_routers(routers, n, false);
	printf("\n  Traffic         : received %" PRIu64
	       " packets, sent %" PRIu64 " packets\n",
	       v[IPT6_A_ISATAP_STATS_RX_PACKETS],
	       v[IPT6_A_ISATAP_STATS_TX_PACKETS]);
	printf("  Drops           :");
	for (i = 0; i < ARRAY_SIZE(isatap_drops); i++) {
		if (!v[isatap_drops[i].attr])
			continue;
		printf("%s %" PRIu64 " %s", any ? "," : "",
		       v[isatap_drops[i].attr], isatap_drops[i].label);
		any = true;
	}
	printf("%s\n", any ? "" : " none");
}

static void print_json(const struct isatap_info *d,
		       const struct in_addr *routers, int n)
{
	const uint64_t *v = d->stats.v;
	size_t i;

	printf("{\"ifindex\":%u,\"ifname\":\"%s\",", d->ifindex, d->ifname);
	printf("\"kind\":\"isatap\",\"role\":\"%s\",",
	       isatap_role_name(d->role));
	printf("\"local\":\"%s\",\"ttl\":%u,\"routers\":[",
	       inet_ntoa(d->local), d->ttl);
	print_routers(routers, n, true);
	printf("],\"stats\":{\"rx_packets\":%" PRIu64 ",\"rx_bytes\":%" PRIu64
	       ",\"tx_packets\":%" PRIu64 ",\"tx_bytes\":%" PRIu64,
	       v[IPT6_A_ISATAP_STATS_RX_PACKETS],
	       v[IPT6_A_ISATAP_STATS_RX_BYTES],
	       v[IPT6_A_ISATAP_STATS_TX_PACKETS],
	       v[IPT6_A_ISATAP_STATS_TX_BYTES]);
	for (i = 0; i < ARRAY_SIZE(isatap_drops); i++)
		printf(",\"%s\":%" PRIu64, isatap_drops[i].key,
		       v[isatap_drops[i].attr]);
	printf("}}");
}

struct dev_list {
	struct isatap_info *v;
	int n;
};

static int on_dev(struct nlattr **tb, void *arg)
{
	struct dev_list *l = arg;
	struct isatap_info *v;

	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	parse_info(tb, &v[l->n++]);
	return 0;
}

/* Print @ifname, or every ISATAP device; JSON: an array.  Count or -err. */
int isatap_show(struct ipt6_nl *nl, const char *ifname, bool json)
{
	struct in_addr routers[ISATAP_PRL_MAX];
	struct dev_list l = { 0 };
	struct nl_msg *msg;
	int i, n, err;

	msg = ipt6_nl_msg(nl, IPT6_CMD_ISATAP_GET, ifname ? 0 : NLM_F_DUMP);
	if (!msg || (ifname && nla_put_u32(msg, IPT6_A_ISATAP_IFINDEX,
					   if_nametoindex(ifname))))
		return nomem(msg);
	err = request(nl, ifname ? ifname : "reading ISATAP devices", msg,
		      on_dev, &l, false);
	if (json)
		printf("[");
	for (i = 0; !err && i < l.n; i++) {
		n = isatap_prl_list(nl, l.v[i].ifname, l.v[i].ifindex, routers);
		if (n < 0) {
			err = n;
			break;
		}
		if (json) {
			print_json(&l.v[i], routers, n);
			printf("%s", i + 1 < l.n ? "," : "");
		} else {
			print_human(&l.v[i], routers, n);
		}
	}
	if (json)
		printf("]");
	n = l.n;
	free(l.v);
	return err ? err : n;
}

/* One-shot commands */

/*
 * Every IPv4 address of @spec: a dotted quad, or a DNS name's A records.
 * Returns how many (at most @max) or -1 after saying why.
 */
int isatap_resolve(const char *spec, struct in_addr *out, int max,
		   bool quiet)
{
	struct addrinfo hints = { .ai_family = AF_INET,
				  .ai_socktype = SOCK_DGRAM };
	struct addrinfo *res, *ai;
	int n = 0, i, err;

	if (inet_pton(AF_INET, spec, out) == 1)
		return 1;
	err = getaddrinfo(spec, NULL, &hints, &res);
	if (err) {
		if (!quiet)
			fprintf(stderr, "ipt6ctl: cannot resolve router '%s': %s\n",
				spec, gai_strerror(err));
		return -1;
	}
	for (ai = res; ai && n < max; ai = ai->ai_next) {
		struct in_addr a = ((struct sockaddr_in *)ai->ai_addr)->sin_addr;

		for (i = 0; i < n && out[i].s_addr != a.s_addr; i++)
			;
		if (i == n)
			out[n++] = a;
	}
	freeaddrinfo(res);
	return n;
}

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
"                    copy each packet's IPv6 hop limit (default 64)\n";

static int parse_set_arg(const char *key, const char *val, int *role,
			 int *ttl)
{
	char *end;
	long v;

	if (!strcmp(key, "role")) {
		for (v = 0; v < (long)ARRAY_SIZE(isatap_role_names); v++)
			if (!strcmp(val, isatap_role_names[v])) {
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
		v = strtol(val, &end, 10);
		if (*val && !*end && v >= 1 && v <= 255) {
			*ttl = v;
			return 0;
		}
		fprintf(stderr, "ipt6ctl: ttl must be 1 to 255 or inherit, not '%s'\n",
			val);
		return -1;
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
