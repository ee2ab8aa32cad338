// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the state of state.h: dev-get and peer-get dumps for IP-HTTPS
 * devices, isatap-get and isatap-prl-get for ISATAP ones.  Attribute
 * parsing lives here only; the renderings see plain values.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "nl.h"
#include "state.h"

/*
 * Room for element @n of @v, which holds @n of @size bytes: grown to
 * twice at each power of two, so the capacity needs no field of its own
 * and a dump of thousands of peers does not copy them thousands of times.
 */
static void *grow(void *v, unsigned int n, size_t size)
{
	if (n & (n - 1))
		return v;
	return realloc(v, (n ? 2 * (size_t)n : 1) * size);
}

static void get_str(char *dst, size_t len, struct nlattr *a)
{
	snprintf(dst, len, "%s", a ? nla_get_string(a) : "");
}

static uint32_t get_u32(struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

/*
 * The u64 counters of @nest into @v by attribute type, up to @max.  The
 * length check skips the zero-length padding that aligns them.
 */
static void parse_counters(struct nlattr *nest, uint64_t *v, int max)
{
	struct nlattr *a;
	int rem;

	if (!nest)
		return;
	nla_for_each_nested(a, nest, rem)
		if (nla_type(a) <= max && nla_len(a) == sizeof(uint64_t))
			v[nla_type(a)] = nla_get_u64(a);
}

static void parse_prefix(struct nlattr **tb, struct ipt6_dev_state *d)
{
	char a[INET6_ADDRSTRLEN];

	if (!tb[IPT6_A_DEV_PREFIX] || !tb[IPT6_A_DEV_PREFIX_LEN] ||
	    nla_len(tb[IPT6_A_DEV_PREFIX]) != 16)
		return;
	inet_ntop(AF_INET6, nla_data(tb[IPT6_A_DEV_PREFIX]), a, sizeof(a));
	snprintf(d->prefix, sizeof(d->prefix), "%s/%u", a,
		 nla_get_u8(tb[IPT6_A_DEV_PREFIX_LEN]));
	d->prefix_flags = get_u32(tb[IPT6_A_DEV_PREFIX_FLAGS]);
}

/* The dns nest: repeated servers and domains, so walk it. */
static void parse_dns(struct nlattr *nest, struct ipt6_dev_state *d)
{
	struct nlattr *a;
	size_t len;
	int rem;

	if (!nest)
		return;
	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case IPT6_A_DNS_SERVER:
			if (nla_len(a) != 16 ||
			    d->ndns_servers == IPT6_DNS_MAX_SERVERS)
				break;
			inet_ntop(AF_INET6, nla_data(a),
				  d->dns_servers[d->ndns_servers++],
				  INET6_ADDRSTRLEN);
			break;
		case IPT6_A_DNS_DOMAIN:
			len = strnlen(nla_data(a), nla_len(a));
			if (d->dns_domains_len + len + 1 >
			    sizeof(d->dns_domains))
				break;
			memcpy(d->dns_domains + d->dns_domains_len,
			       nla_data(a), len);
			d->dns_domains[d->dns_domains_len + len] = '\0';
			d->dns_domains_len += len + 1;
			break;
		case IPT6_A_DNS_LIFETIME:
			d->dns_lifetime = nla_get_u32(a);
			break;
		}
	}
}

static void parse_dev(struct nlattr **tb, struct ipt6_dev_state *d)
{
	memset(d, 0, sizeof(*d));
	d->ifindex = get_u32(tb[IPT6_A_DEV_IFINDEX]);
	get_str(d->ifname, sizeof(d->ifname), tb[IPT6_A_DEV_IFNAME]);
	get_str(d->kind, sizeof(d->kind), tb[IPT6_A_DEV_KIND]);
	d->role = get_u32(tb[IPT6_A_DEV_ROLE]);
	d->status = get_u32(tb[IPT6_A_DEV_STATUS]);
	d->last_error = get_u32(tb[IPT6_A_DEV_LAST_ERROR]);
	get_str(d->last_error_msg, sizeof(d->last_error_msg),
		tb[IPT6_A_DEV_LAST_ERROR_MSG]);
	get_str(d->url, sizeof(d->url), tb[IPT6_A_DEV_URL]);
	parse_prefix(tb, d);
	parse_dns(tb[IPT6_A_DEV_DNS], d);
	d->npeers = get_u32(tb[IPT6_A_DEV_NPEERS]);
	parse_counters(tb[IPT6_A_DEV_STATS], d->stats.v, IPT6_A_STATS_MAX);
	d->has_server_stats = !!tb[IPT6_A_DEV_SERVER_STATS];
	parse_counters(tb[IPT6_A_DEV_SERVER_STATS], d->server_stats,
		       IPT6_A_SERVER_STATS_MAX);
}

static int on_dev(struct nlattr **tb, void *arg)
{
	struct ipt6_state *st = arg;
	struct ipt6_dev_state *v;

	v = grow(st->devs, st->ndevs, sizeof(*v));
	if (!v)
		return -ENOMEM;
	st->devs = v;
	parse_dev(tb, &v[st->ndevs++]);
	return 0;
}

static void format_remote(struct nlattr **tb, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN] = "?";
	uint16_t port = tb[IPT6_A_PEER_REMOTE_PORT] ?
			ntohs(nla_get_u16(tb[IPT6_A_PEER_REMOTE_PORT])) : 0;

	if (tb[IPT6_A_PEER_REMOTE_IPV4]) {
		inet_ntop(AF_INET, nla_data(tb[IPT6_A_PEER_REMOTE_IPV4]), addr,
			  sizeof(addr));
		snprintf(buf, len, "%s:%u", addr, port);
	} else if (tb[IPT6_A_PEER_REMOTE_IPV6]) {
		inet_ntop(AF_INET6, nla_data(tb[IPT6_A_PEER_REMOTE_IPV6]),
			  addr, sizeof(addr));
		snprintf(buf, len, "[%s]:%u", addr, port);
	} else {
		snprintf(buf, len, "?");
	}
}

/* The peer's addresses: repeated attributes, so walk the nest. */
static void parse_peer_addrs(struct nlattr *nest, struct ipt6_peer_state *p)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != IPT6_A_PEER_ADDRESS || nla_len(a) != 16 ||
		    p->naddrs >= IPT6_PEER_ADDRS_MAX)
			continue;
		inet_ntop(AF_INET6, nla_data(a), p->addrs[p->naddrs++],
			  INET6_ADDRSTRLEN);
	}
}

static void parse_peer(struct nlattr *nest, struct nlattr **ptb,
		       struct ipt6_peer_state *p)
{
	memset(p, 0, sizeof(*p));
	p->id = get_u32(ptb[IPT6_A_PEER_ID]);
	p->connected_seconds = ptb[IPT6_A_PEER_CONNECTED_TIME] ?
		nla_get_u64(ptb[IPT6_A_PEER_CONNECTED_TIME]) : 0;
	format_remote(ptb, p->remote, sizeof(p->remote));
	parse_counters(ptb[IPT6_A_PEER_STATS], p->stats.v, IPT6_A_STATS_MAX);
	parse_peer_addrs(nest, p);
}

static int on_peer(struct nlattr **tb, void *arg)
{
	struct ipt6_dev_state *d = arg;
	struct nlattr *ptb[IPT6_A_PEER_MAX + 1];
	struct ipt6_peer_state *v;

	if (!tb[IPT6_A_DEV_PEER] || d->nlisted >= IPT6_STATE_PEERS_MAX ||
	    ipt6_nl_parse_nested(ptb, IPT6_A_PEER_MAX, tb[IPT6_A_DEV_PEER]) < 0)
		return 0;
	v = grow(d->peers, d->nlisted, sizeof(*v));
	if (!v)
		return -ENOMEM;
	d->peers = v;
	parse_peer(tb[IPT6_A_DEV_PEER], ptb, &v[d->nlisted++]);
	return 0;
}

/*
 * Send @cmd (a dump if @dump) about @ifindex (0: about every device),
 * replies to @fn; errors are said as about @what.
 */
static int request(struct ipt6_nl *nl, int cmd, bool dump, int ifindex,
		   const char *what, ipt6_nl_reply_fn fn, void *arg)
{
	struct nl_msg *msg = ipt6_nl_msg(nl, cmd, dump ? NLM_F_DUMP : 0);
	int err;

	if (!msg || (ifindex && nla_put_u32(msg, IPT6_A_DEV_IFINDEX, ifindex))) {
		nlmsg_free(msg);
		fprintf(stderr, "ipt6ctl: out of memory\n");
		return -ENOMEM;
	}
	err = ipt6_nl_request(nl, msg, fn, arg);
	if (err)
		ipt6_nl_perror(nl, what, err);
	return err;
}

static int read_devs(struct ipt6_nl *nl, const char *ifname,
		     struct ipt6_state *st)
{
	unsigned int i;
	int ifindex = 0, err;

	if (ifname) {
		ifindex = ipt6_nl_ifindex(ifname);
		if (ifindex < 0)
			return ifindex;
	}
	err = request(nl, IPT6_CMD_DEV_GET, !ifname, ifindex,
		      ifname ? ifname : "reading devices", on_dev, st);
	/* A peer dump names its device: one for each. */
	for (i = 0; !err && i < st->ndevs; i++)
		err = request(nl, IPT6_CMD_PEER_GET, true, st->devs[i].ifindex,
			      st->devs[i].ifname, on_peer, &st->devs[i]);
	return err;
}

/* The ISATAP devices (isatap_nl.c reads them), each with its PRL. */
static int read_isatap(struct ipt6_nl *nl, const char *ifname,
		       struct ipt6_state *st)
{
	struct isatap_info *devs;
	int i, n, ndevs, err = 0;

	ndevs = isatap_list(nl, ifname, &devs);
	if (ndevs <= 0)
		return ndevs;
	st->isatap = calloc(ndevs, sizeof(*st->isatap));
	if (!st->isatap) {
		free(devs);
		fprintf(stderr, "ipt6ctl: out of memory\n");
		return -ENOMEM;
	}
	for (i = 0; i < ndevs; i++) {
		struct ipt6_isatap_state *s = &st->isatap[st->nisatap++];

		s->info = devs[i];
		n = isatap_prl_list(nl, s->info.ifname, s->info.ifindex,
				    s->routers);
		if (n < 0) {
			err = n;
			break;
		}
		s->nrouters = n;
	}
	free(devs);
	return err;
}

int ipt6_state_read(struct ipt6_nl *nl, const char *ifname,
		    struct ipt6_state *st)
{
	int err;

	memset(st, 0, sizeof(*st));
	/* A named device is of one kind; ask ISATAP first, quietly. */
	if (!ifname || !isatap_is_dev(nl, ifname)) {
		err = read_devs(nl, ifname, st);
		if (err || ifname)
			return err;
	}
	return read_isatap(nl, ifname, st);
}

void ipt6_state_free(struct ipt6_state *st)
{
	unsigned int i;

	for (i = 0; i < st->ndevs; i++)
		free(st->devs[i].peers);
	free(st->devs);
	free(st->isatap);
	memset(st, 0, sizeof(*st));
}
