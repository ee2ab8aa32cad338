// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6ctl show: what `netsh interface httpstunnel show interfaces` and
 * `wg show` print, from the kernel's own state.  One walk collects the
 * facts; the human and the JSON views only render them.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "err.h"
#include "nl.h"
#include "cmds.h"
#include "isatap.h"

#define MAX_PEERS	4096

static const char *const role_names[] = { "client", "server" };
static const char *const status_names[] = {
	"idle", "connecting", "active", "waiting to reconnect", "failed",
};

/* Stats attributes with their JSON key and human label, in output order. */
static const struct {
	int attr;
	const char *key;
	const char *label;
} stat_names[] = {
	{ IPT6_A_STATS_RX_PACKETS, "rx_packets", NULL },
	{ IPT6_A_STATS_RX_BYTES, "rx_bytes", NULL },
	{ IPT6_A_STATS_TX_PACKETS, "tx_packets", NULL },
	{ IPT6_A_STATS_TX_BYTES, "tx_bytes", NULL },
	{ IPT6_A_STATS_RX_DROP_FRAMING, "rx_drop_framing", "bad framing" },
	{ IPT6_A_STATS_RX_DROP_NOMEM, "rx_drop_nomem", "rx out of memory" },
	{ IPT6_A_STATS_RX_DROP_TLS, "rx_drop_tls", "TLS control records" },
	{ IPT6_A_STATS_RX_DROP_SPOOF, "rx_drop_spoof", "spoofed source" },
	{ IPT6_A_STATS_TX_DROP_NOPEER, "tx_drop_nopeer", "no peer" },
	{ IPT6_A_STATS_TX_DROP_QUEUE, "tx_drop_queue", "queue full" },
	{ IPT6_A_STATS_TX_DROP_ERROR, "tx_drop_error", "lost with connection" },
	{ IPT6_A_STATS_PEERS_DETACHED, "peers_detached", NULL },
	{ IPT6_A_STATS_RX_DROP_FILTERED, "rx_drop_filtered",
	  "filtered from clients (multicast, link-local)" },
	{ IPT6_A_STATS_TX_DROP_FILTERED, "tx_drop_filtered",
	  "multicast not sent to clients" },
	{ IPT6_A_STATS_RX_ROUTER_SOLICITS, "rx_router_solicits", NULL },
	{ IPT6_A_STATS_RX_DAD_DEFENDED, "rx_dad_defended", NULL },
	{ IPT6_A_STATS_RX_DROP_OVERSIZE, "rx_drop_oversize",
	  "larger than our MTU" },
};
/* Indexes into stat_names of counters printed on their own lines. */
enum { S_RX_PACKETS, S_RX_BYTES, S_TX_PACKETS, S_TX_BYTES,
       S_RX_RS = 14, S_RX_DAD };
#define NSTATS ARRAY_SIZE(stat_names)

struct stats {
	uint64_t v[NSTATS];
};

/* The most addresses the kernel lets one client own. */
#define MAX_PEER_ADDRS	16

struct peer_info {
	uint32_t id;
	char remote[64];
	uint64_t age;
	struct stats stats;
	char addrs[MAX_PEER_ADDRS][INET6_ADDRSTRLEN];
	unsigned int naddrs;
};

/* The server process's counters (server-stats), in output order. */
static const struct {
	int attr;
	const char *key;
} server_stat_names[] = {
	{ IPT6_A_SERVER_STATS_HANDSHAKES_FAILED, "handshakes_failed" },
	{ IPT6_A_SERVER_STATS_REFUSED_SOURCE_LIMIT, "refused_source_limit" },
	{ IPT6_A_SERVER_STATS_REFUSED_BUSY, "refused_busy" },
	{ IPT6_A_SERVER_STATS_TIMEOUT_FIRST_BYTE, "timeout_first_byte" },
	{ IPT6_A_SERVER_STATS_TIMEOUT_HANDSHAKE, "timeout_handshake" },
};
#define NSERVER_STATS ARRAY_SIZE(server_stat_names)

struct dev_info {
	uint32_t ifindex;
	char ifname[32];
	char kind[32];
	uint32_t role, status, last_error, npeers;
	char last_error_msg[256];
	char url[256];
	char prefix[INET6_ADDRSTRLEN + 4];	/* "" when none is set */
	uint32_t prefix_flags;
	struct stats stats;
	bool has_server_stats;		/* the server process published them */
	uint64_t server_stats[NSERVER_STATS];
	struct peer_info *peers;
	unsigned int n;
};

struct dev_list {
	struct dev_info *v;
	unsigned int n;
};

static const char *name_of(const char *const *names, size_t count,
			   uint32_t i)
{
	return i < count ? names[i] : "unknown";
}
#define NAME_OF(names, i) name_of(names, ARRAY_SIZE(names), i)

static void get_str(char *dst, size_t len, struct nlattr *a)
{
	snprintf(dst, len, "%s", a ? nla_get_string(a) : "");
}

static uint32_t get_u32(struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

static void parse_stats(struct nlattr *nest, struct stats *s)
{
	struct nlattr *tb[IPT6_A_STATS_MAX + 1];
	size_t i;

	memset(s, 0, sizeof(*s));
	if (!nest || ipt6_nl_parse_nested(tb, IPT6_A_STATS_MAX, nest) < 0)
		return;
	for (i = 0; i < NSTATS; i++)
		if (tb[stat_names[i].attr])
			s->v[i] = nla_get_u64(tb[stat_names[i].attr]);
}

static void parse_server_stats(struct nlattr *nest, struct dev_info *d)
{
	struct nlattr *tb[IPT6_A_SERVER_STATS_MAX + 1];
	size_t i;

	if (!nest || ipt6_nl_parse_nested(tb, IPT6_A_SERVER_STATS_MAX,
					  nest) < 0)
		return;
	d->has_server_stats = true;
	for (i = 0; i < NSERVER_STATS; i++)
		if (tb[server_stat_names[i].attr])
			d->server_stats[i] =
				nla_get_u64(tb[server_stat_names[i].attr]);
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

static int on_dev(struct nlattr **tb, void *arg)
{
	struct dev_list *list = arg;
	struct dev_info *d, *v;

	v = realloc(list->v, (list->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	list->v = v;
	d = &v[list->n++];
	memset(d, 0, sizeof(*d));
	d->ifindex = get_u32(tb[IPT6_A_DEV_IFINDEX]);
	get_str(d->ifname, sizeof(d->ifname), tb[IPT6_A_DEV_IFNAME]);
	get_str(d->kind, sizeof(d->kind), tb[IPT6_A_DEV_KIND]);
	d->role = get_u32(tb[IPT6_A_DEV_ROLE]);
	d->status = get_u32(tb[IPT6_A_DEV_STATUS]);
	d->last_error = get_u32(tb[IPT6_A_DEV_LAST_ERROR]);
	d->npeers = get_u32(tb[IPT6_A_DEV_NPEERS]);
	get_str(d->last_error_msg, sizeof(d->last_error_msg),
		tb[IPT6_A_DEV_LAST_ERROR_MSG]);
	get_str(d->url, sizeof(d->url), tb[IPT6_A_DEV_URL]);
	if (tb[IPT6_A_DEV_PREFIX] && tb[IPT6_A_DEV_PREFIX_LEN]) {
		char a[INET6_ADDRSTRLEN];

		inet_ntop(AF_INET6, nla_data(tb[IPT6_A_DEV_PREFIX]), a,
			  sizeof(a));
		snprintf(d->prefix, sizeof(d->prefix), "%s/%u", a,
			 nla_get_u8(tb[IPT6_A_DEV_PREFIX_LEN]));
		d->prefix_flags = get_u32(tb[IPT6_A_DEV_PREFIX_FLAGS]);
	}
	parse_stats(tb[IPT6_A_DEV_STATS], &d->stats);
	parse_server_stats(tb[IPT6_A_DEV_SERVER_STATS], d);
	return 0;
}

/* The peer's addresses: repeated attributes, so walk the nest. */
static void parse_peer_addrs(struct nlattr *nest, struct peer_info *p)
{
	struct nlattr *a;
	int rem;

	p->naddrs = 0;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != IPT6_A_PEER_ADDRESS || nla_len(a) != 16 ||
		    p->naddrs >= MAX_PEER_ADDRS)
			continue;
		inet_ntop(AF_INET6, nla_data(a), p->addrs[p->naddrs++],
			  INET6_ADDRSTRLEN);
	}
}

static int on_peer(struct nlattr **tb, void *arg)
{
	struct dev_info *d = arg;
	struct nlattr *ptb[IPT6_A_PEER_MAX + 1];
	struct peer_info *p, *v;

	if (!tb[IPT6_A_DEV_PEER] || d->n >= MAX_PEERS ||
	    ipt6_nl_parse_nested(ptb, IPT6_A_PEER_MAX, tb[IPT6_A_DEV_PEER]) < 0)
		return 0;
	v = realloc(d->peers, (d->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	d->peers = v;
	p = &v[d->n++];
	p->id = get_u32(ptb[IPT6_A_PEER_ID]);
	p->age = ptb[IPT6_A_PEER_CONNECTED_TIME] ?
		 nla_get_u64(ptb[IPT6_A_PEER_CONNECTED_TIME]) : 0;
	format_remote(ptb, p->remote, sizeof(p->remote));
	parse_stats(ptb[IPT6_A_PEER_STATS], &p->stats);
	parse_peer_addrs(tb[IPT6_A_DEV_PEER], p);
	return 0;
}

static int collect(struct ipt6_nl *nl, const char *ifname,
		   struct dev_list *list)
{
	struct nl_msg *msg;
	unsigned int i;
	int ifindex = 0, err;

	if (ifname) {
		ifindex = ipt6_nl_ifindex(ifname);
		if (ifindex < 0)
			return ifindex;
	}
	msg = ipt6_nl_msg(nl, IPT6_CMD_DEV_GET, ifname ? 0 : NLM_F_DUMP);
	if (!msg || (ifname && nla_put_u32(msg, IPT6_A_DEV_IFINDEX, ifindex)))
		return -ENOMEM;
	err = ipt6_nl_request(nl, msg, on_dev, list);
	if (err) {
		ipt6_nl_perror(nl, ifname ? ifname : "reading devices", err);
		return err;
	}
	for (i = 0; i < list->n; i++) {
		msg = ipt6_nl_msg(nl, IPT6_CMD_PEER_GET, NLM_F_DUMP);
		if (!msg || nla_put_u32(msg, IPT6_A_DEV_IFINDEX,
					list->v[i].ifindex))
			return -ENOMEM;
		err = ipt6_nl_request(nl, msg, on_peer, &list->v[i]);
		if (err) {
			ipt6_nl_perror(nl, list->v[i].ifname, err);
			return err;
		}
	}
	return 0;
}

static void human_bytes(uint64_t b, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)b;
	int u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, u ? "%.2f %s" : "%.0f %s", v, unit[u]);
}

static void human_age(uint64_t s, char *buf, size_t len)
{
	if (s < 60)
		snprintf(buf, len, "%" PRIu64 "s", s);
	else if (s < 3600)
		snprintf(buf, len, "%" PRIu64 "m %" PRIu64 "s", s / 60, s % 60);
	else
		snprintf(buf, len, "%" PRIu64 "h %" PRIu64 "m", s / 3600,
			 s / 60 % 60);
}

static void print_traffic(const char *indent, const struct stats *s)
{
	char rx[32], tx[32];
	bool any = false;
	size_t i;

	human_bytes(s->v[S_RX_BYTES], rx, sizeof(rx));
	human_bytes(s->v[S_TX_BYTES], tx, sizeof(tx));
	printf("%sTraffic         : received %" PRIu64 " packets (%s), sent %"
	       PRIu64 " packets (%s)\n", indent, s->v[S_RX_PACKETS], rx,
	       s->v[S_TX_PACKETS], tx);
	printf("%sDrops           :", indent);
	for (i = 0; i < NSTATS; i++) {
		if (!stat_names[i].label || !s->v[i])
			continue;
		printf("%s %" PRIu64 " %s", any ? "," : "", s->v[i],
		       stat_names[i].label);
		any = true;
	}
	printf("%s\n", any ? "" : " none");
}

static void print_peer(const struct peer_info *p)
{
	char age[32];
	unsigned int i;

	human_age(p->age, age, sizeof(age));
	printf("  peer %u: %s, connected %s\n", p->id, p->remote, age);
	if (p->naddrs) {
		printf("    Addresses       :");
		for (i = 0; i < p->naddrs; i++)
			printf("%s %s", i ? "," : "", p->addrs[i]);
		printf("\n");
	}
	print_traffic("    ", &p->stats);
}

/* A server's prefix and what its neighbour discovery did. */
static void print_server(const struct dev_info *d)
{
	if (d->prefix[0])
		printf("  Prefix          : %s (%s, %s)\n", d->prefix,
		       d->prefix_flags & IPT6_PREFIX_FLAGS_ONLINK ?
		       "on-link" : "not on-link",
		       d->prefix_flags & IPT6_PREFIX_FLAGS_AUTONOMOUS ?
		       "autoconfiguration" : "no autoconfiguration");
	else
		printf("  Prefix          : none (no router advertisements)\n");
	printf("  Neighbor disc.  : %" PRIu64 " router solicitations answered, %"
	       PRIu64 " duplicate addresses defended\n",
	       d->stats.v[S_RX_RS], d->stats.v[S_RX_DAD]);
	/* Indexes: server_stat_names' order. */
	if (d->has_server_stats)
		printf("  Handshakes      : %" PRIu64 " failed, refused: %" PRIu64
		       " over per-source limit, %" PRIu64 " busy; timed out: %"
		       PRIu64 " before first byte, %" PRIu64 " in handshake\n",
		       d->server_stats[0], d->server_stats[1],
		       d->server_stats[2], d->server_stats[3],
		       d->server_stats[4]);
}

/* "name (0x103, ipt6 code 10): message", Windows' code where it has one. */
static void print_last_error(const struct dev_info *d)
{
	const char *win = ipt6_errcode_windows(d->last_error);

	printf("  Last error      : %s (%s%sipt6 code %u): %s\n",
	       ipt6_errcode_name(d->last_error), win, *win ? ", " : "",
	       d->last_error, d->last_error_msg);
}

static void print_human(const struct dev_info *d)
{
	unsigned int i;

	printf("Interface %s (%s)\n", d->ifname, d->kind);
	printf("  Role            : %s\n", NAME_OF(role_names, d->role));
	printf("  URL             : %s\n", d->url[0] ? d->url : "(none)");
	printf("  Interface status: %s\n", NAME_OF(status_names, d->status));
	if (d->last_error)
		print_last_error(d);
	else
		printf("  Last error      : none\n");
	if (d->role == IPT6_ROLE_SERVER)
		print_server(d);
	print_traffic("  ", &d->stats);
	printf("  Peers           : %u\n", d->npeers);
	for (i = 0; i < d->n; i++)
		print_peer(&d->peers[i]);
}

static void json_str(const char *key, const char *s, const char *sep)
{
	printf("\"%s\":\"", key);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	printf("\"%s", sep);
}

static void json_stats(const struct stats *s)
{
	size_t i;

	printf("\"stats\":{");
	for (i = 0; i < NSTATS; i++)
		printf("\"%s\":%" PRIu64 "%s", stat_names[i].key, s->v[i],
		       i + 1 < NSTATS ? "," : "");
	printf("}");
}

static void print_json(const struct dev_info *d, bool last)
{
	unsigned int i, j;

	printf("{\"ifindex\":%u,", d->ifindex);
	json_str("ifname", d->ifname, ",");
	json_str("kind", d->kind, ",");
	json_str("role", NAME_OF(role_names, d->role), ",");
	json_str("url", d->url, ",");
	json_str("status", NAME_OF(status_names, d->status), ",");
	json_str("prefix", d->prefix, ",");
	printf("\"prefix_onlink\":%s,\"prefix_autonomous\":%s,",
	       d->prefix_flags & IPT6_PREFIX_FLAGS_ONLINK ? "true" : "false",
	       d->prefix_flags & IPT6_PREFIX_FLAGS_AUTONOMOUS ? "true" : "false");
	printf("\"last_error\":{\"code\":%u,", d->last_error);
	json_str("name", d->last_error ? ipt6_errcode_name(d->last_error) : "",
		 ",");
	json_str("message", d->last_error_msg, ",");
	json_str("windows_code", ipt6_errcode_windows(d->last_error), "},");
	json_stats(&d->stats);
	if (d->has_server_stats) {
		printf(",\"server_stats\":{");
		for (i = 0; i < NSERVER_STATS; i++)
			printf("\"%s\":%" PRIu64 "%s", server_stat_names[i].key,
			       d->server_stats[i],
			       i + 1 < NSERVER_STATS ? "," : "");
		printf("}");
	}
	printf(",\"peers\":[");
	for (i = 0; i < d->n; i++) {
		printf("{\"id\":%u,", d->peers[i].id);
		json_str("remote", d->peers[i].remote, ",");
		printf("\"connected_seconds\":%" PRIu64 ",", d->peers[i].age);
		printf("\"addresses\":[");
		for (j = 0; j < d->peers[i].naddrs; j++)
			printf("\"%s\"%s", d->peers[i].addrs[j],
			       j + 1 < d->peers[i].naddrs ? "," : "");
		printf("],");
		json_stats(&d->peers[i].stats);
		printf("}%s", i + 1 < d->n ? "," : "");
	}
	printf("]}%s", last ? "" : ",");
}

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

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dev_list list = { 0 };
	struct ipt6_nl nl;
	bool json = false, only_isatap;
	const char *ifname;
	unsigned int i;
	int c, err, nisatap;

	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			show_usage(stdout);
			return 0;
		default:
			show_usage(stderr);
			return 2;
		}
	}
	if (argc - optind > 1) {
		show_usage(stderr);
		return 2;
	}
	ifname = optind < argc ? argv[optind] : NULL;

	if (ipt6_nl_open(&nl))
		return 1;
	/* ISATAP devices are listed after the IP-HTTPS ones (isatap_nl.c). */
	only_isatap = ifname && isatap_is_dev(&nl, ifname);
	err = only_isatap ? 0 : collect(&nl, ifname, &list);
	if (!err) {
		if (json)
			printf("{\"devices\":[");
		for (i = 0; i < list.n; i++) {
			if (json)
				print_json(&list.v[i], i + 1 == list.n);
			else
				print_human(&list.v[i]);
		}
		if (json)
			printf("],\"isatap\":");
		nisatap = !ifname || only_isatap ?
			  isatap_show(&nl, ifname, json) : 0;
		if (json && ifname && !only_isatap)
			printf("[]");
		if (nisatap < 0)
			err = nisatap;
		else if (json)
			printf("}\n");
		else if (!list.n && !nisatap)
			printf("no ipt6 devices\n");
	}
	ipt6_nl_close(&nl);
	for (i = 0; i < list.n; i++)
		free(list.v[i].peers);
	free(list.v);
	return err ? 1 : 0;
}
