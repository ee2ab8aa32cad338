// SPDX-License-Identifier: GPL-2.0
/*
 * ISATAP devices over generic netlink: configuration, counters and the
 * Potential Router List, and the resolution of router names.  The
 * addressing rules without netlink are in isatap.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>

#include "err.h"
#include "isatap.h"
#include "nl.h"

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

int isatap_list(struct ipt6_nl *nl, const char *ifname,
		struct isatap_info **devs)
{
	struct dev_list l = { 0 };
	struct nl_msg *msg;
	int err;

	*devs = NULL;
	msg = ipt6_nl_msg(nl, IPT6_CMD_ISATAP_GET, ifname ? 0 : NLM_F_DUMP);
	if (!msg || (ifname && nla_put_u32(msg, IPT6_A_ISATAP_IFINDEX,
					   if_nametoindex(ifname))))
		return nomem(msg);
	err = request(nl, ifname ? ifname : "reading ISATAP devices", msg,
		      on_dev, &l, false);
	if (err) {
		free(l.v);
		return err;
	}
	*devs = l.v;
	return l.n;
}

bool isatap_is_dev(struct ipt6_nl *nl, const char *ifname)
{
	struct isatap_info info;
	int ifindex = if_nametoindex(ifname);

	return ifindex > 0 && get(nl, ifname, ifindex, &info, true) == 0;
}


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
