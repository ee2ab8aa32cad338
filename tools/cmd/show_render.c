// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering the state of `ipt6ctl show`, like `wg show` and `wg show
 * dump`: text for people, JSON for programs.  The names of the counters,
 * with their JSON key and their words for people, are in one table per
 * kind of counter here, for both.  No netlink: fuzz/unit_json.c renders
 * hand-built states and checks the text.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "err.h"
#include "isatap.h"
#include "json.h"
#include "show.h"

/*
 * A counter: its attribute type (its index in the state), JSON key, and
 * the words for a drop; a NULL label: not a drop, or said on a line of
 * its own.  In output order.
 */
struct counter_name {
	int attr;
	const char *key;
	const char *label;
};

static const struct counter_name dev_counters[] = {
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

/* The server process's counters: people get them in one sentence. */
static const struct counter_name server_counters[] = {
	{ IPT6_A_SERVER_STATS_HANDSHAKES_FAILED, "handshakes_failed", NULL },
	{ IPT6_A_SERVER_STATS_REFUSED_SOURCE_LIMIT, "refused_source_limit",
	  NULL },
	{ IPT6_A_SERVER_STATS_REFUSED_BUSY, "refused_busy", NULL },
	{ IPT6_A_SERVER_STATS_TIMEOUT_FIRST_BYTE, "timeout_first_byte", NULL },
	{ IPT6_A_SERVER_STATS_TIMEOUT_HANDSHAKE, "timeout_handshake", NULL },
};

static const struct counter_name isatap_counters[] = {
	{ IPT6_A_ISATAP_STATS_RX_PACKETS, "rx_packets", NULL },
	{ IPT6_A_ISATAP_STATS_RX_BYTES, "rx_bytes", NULL },
	{ IPT6_A_ISATAP_STATS_TX_PACKETS, "tx_packets", NULL },
	{ IPT6_A_ISATAP_STATS_TX_BYTES, "tx_bytes", NULL },
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

static const char *const role_names[] = { "client", "server" };
static const char *const status_names[] = {
	"idle", "connecting", "active", "waiting to reconnect", "failed",
};

static const char *name_of(const char *const *names, size_t count,
			   uint32_t i)
{
	return i < count ? names[i] : "unknown";
}
#define NAME_OF(names, i) name_of(names, ARRAY_SIZE(names), i)

/* ---- for people ---- */

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

/* The drops that happened, in words, or "none". */
static void human_drops(FILE *f, const char *indent,
			const struct counter_name *names, size_t n,
			const uint64_t *v)
{
	bool any = false;
	size_t i;

	fprintf(f, "%sDrops           :", indent);
	for (i = 0; i < n; i++) {
		if (!names[i].label || !v[names[i].attr])
			continue;
		fprintf(f, "%s %" PRIu64 " %s", any ? "," : "",
			v[names[i].attr], names[i].label);
		any = true;
	}
	fprintf(f, "%s\n", any ? "" : " none");
}

static void human_traffic(FILE *f, const char *indent,
			  const struct ipt6_stats *s)
{
	char rx[32], tx[32];

	human_bytes(s->v[IPT6_A_STATS_RX_BYTES], rx, sizeof(rx));
	human_bytes(s->v[IPT6_A_STATS_TX_BYTES], tx, sizeof(tx));
	fprintf(f, "%sTraffic         : received %" PRIu64 " packets (%s), sent %"
		PRIu64 " packets (%s)\n", indent,
		s->v[IPT6_A_STATS_RX_PACKETS], rx,
		s->v[IPT6_A_STATS_TX_PACKETS], tx);
	human_drops(f, indent, dev_counters, ARRAY_SIZE(dev_counters), s->v);
}

static void human_peer(FILE *f, const struct ipt6_peer_state *p)
{
	char age[32];
	unsigned int i;

	human_age(p->connected_seconds, age, sizeof(age));
	fprintf(f, "  peer %u: %s, connected %s\n", p->id, p->remote, age);
	if (p->naddrs) {
		fprintf(f, "    Addresses       :");
		for (i = 0; i < p->naddrs; i++)
			fprintf(f, "%s %s", i ? "," : "", p->addrs[i]);
		fprintf(f, "\n");
	}
	human_traffic(f, "    ", &p->stats);
}

/* What the server process refused or lost before attaching a peer. */
static void human_handshakes(FILE *f, const uint64_t *v)
{
	fprintf(f, "  Handshakes      : %" PRIu64 " failed, refused: %" PRIu64
		" over per-source limit, %" PRIu64 " busy; timed out: %"
		PRIu64 " before first byte, %" PRIu64 " in handshake\n",
		v[IPT6_A_SERVER_STATS_HANDSHAKES_FAILED],
		v[IPT6_A_SERVER_STATS_REFUSED_SOURCE_LIMIT],
		v[IPT6_A_SERVER_STATS_REFUSED_BUSY],
		v[IPT6_A_SERVER_STATS_TIMEOUT_FIRST_BYTE],
		v[IPT6_A_SERVER_STATS_TIMEOUT_HANDSHAKE]);
}

/* What a server's advertisements say about DNS, when they say anything. */
static void human_dns(FILE *f, const struct ipt6_dev_state *d)
{
	const char *name;
	unsigned int i;

	if (!d->dns_lifetime)
		return;
	fprintf(f, "  DNS servers     : ");
	for (i = 0; i < d->ndns_servers; i++)
		fprintf(f, "%s%s", i ? ", " : "", d->dns_servers[i]);
	fprintf(f, "%s (advertised, lifetime %" PRIu32 " s)\n",
		d->ndns_servers ? "" : "none", d->dns_lifetime);
	if (!d->dns_domains_len)
		return;
	fprintf(f, "  Search domains  : ");
	for (name = d->dns_domains; name < d->dns_domains + d->dns_domains_len;
	     name += strlen(name) + 1)
		fprintf(f, "%s%s", name == d->dns_domains ? "" : ", ", name);
	fprintf(f, "\n");
}

/* A server's prefix and what its neighbour discovery did. */
static void human_server(FILE *f, const struct ipt6_dev_state *d)
{
	if (d->prefix[0])
		fprintf(f, "  Prefix          : %s (%s, %s)\n", d->prefix,
			d->prefix_flags & IPT6_PREFIX_FLAGS_ONLINK ?
			"on-link" : "not on-link",
			d->prefix_flags & IPT6_PREFIX_FLAGS_AUTONOMOUS ?
			"autoconfiguration" : "no autoconfiguration");
	else
		fprintf(f, "  Prefix          : none (no router advertisements)\n");
	human_dns(f, d);
	fprintf(f, "  Neighbor disc.  : %" PRIu64
		" router solicitations answered, %" PRIu64
		" duplicate addresses defended\n",
		d->stats.v[IPT6_A_STATS_RX_ROUTER_SOLICITS],
		d->stats.v[IPT6_A_STATS_RX_DAD_DEFENDED]);
	if (d->has_server_stats)
		human_handshakes(f, d->server_stats);
}

/* "name (0x103, ipt6 code 10): message", Windows' code where it has one. */
static void human_last_error(FILE *f, const struct ipt6_dev_state *d)
{
	const char *win = ipt6_errcode_windows(d->last_error);

	if (!d->last_error) {
		fprintf(f, "  Last error      : none\n");
		return;
	}
	fprintf(f, "  Last error      : %s (%s%sipt6 code %u): %s\n",
		ipt6_errcode_name(d->last_error), win, *win ? ", " : "",
		d->last_error, d->last_error_msg);
}

static void human_dev(FILE *f, const struct ipt6_dev_state *d)
{
	unsigned int i;

	fprintf(f, "Interface %s (%s)\n", d->ifname, d->kind);
	fprintf(f, "  Role            : %s\n", NAME_OF(role_names, d->role));
	fprintf(f, "  URL             : %s\n", d->url[0] ? d->url : "(none)");
	fprintf(f, "  Interface status: %s\n",
		NAME_OF(status_names, d->status));
	human_last_error(f, d);
	if (d->role == IPT6_ROLE_SERVER)
		human_server(f, d);
	human_traffic(f, "  ", &d->stats);
	fprintf(f, "  Peers           : %u\n", d->npeers);
	for (i = 0; i < d->nlisted; i++)
		human_peer(f, &d->peers[i]);
}

static void human_isatap(FILE *f, const struct ipt6_isatap_state *s)
{
	const struct isatap_info *d = &s->info;
	char ll[INET6_ADDRSTRLEN];
	struct in6_addr a;
	unsigned int i;

	isatap_link_local(d->local, &a);
	inet_ntop(AF_INET6, &a, ll, sizeof(ll));
	fprintf(f, "Interface %s (isatap)\n", d->ifname);
	fprintf(f, "  Role            : %s\n", isatap_role_name(d->role));
	fprintf(f, "  Local IPv4      : %s (link-local %s)\n",
		inet_ntoa(d->local), ll);
	if (d->ttl)
		fprintf(f, "  Outer TTL       : %u\n", d->ttl);
	else
		fprintf(f, "  Outer TTL       : inherit\n");
	fprintf(f, "  Routers (PRL)   :");
	for (i = 0; i < s->nrouters; i++)
		fprintf(f, "%s%s", i ? ", " : " ", inet_ntoa(s->routers[i]));
	fprintf(f, "%s\n", s->nrouters ? "" : " none");
	fprintf(f, "  Traffic         : received %" PRIu64
		" packets, sent %" PRIu64 " packets\n",
		d->stats.v[IPT6_A_ISATAP_STATS_RX_PACKETS],
		d->stats.v[IPT6_A_ISATAP_STATS_TX_PACKETS]);
	human_drops(f, "  ", isatap_counters, ARRAY_SIZE(isatap_counters),
		    d->stats.v);
}

void show_human(FILE *f, const struct ipt6_state *st)
{
	unsigned int i;

	for (i = 0; i < st->ndevs; i++)
		human_dev(f, &st->devs[i]);
	for (i = 0; i < st->nisatap; i++)
		human_isatap(f, &st->isatap[i]);
	if (!st->ndevs && !st->nisatap)
		fprintf(f, "no ipt6 devices\n");
}

/* ---- for programs: every counter, under stable keys ---- */

static void json_counters(struct json *j, const char *key,
			  const struct counter_name *names, size_t n,
			  const uint64_t *v)
{
	size_t i;

	json_key(j, key);
	json_object(j);
	for (i = 0; i < n; i++)
		json_kv_u64(j, names[i].key, v[names[i].attr]);
	json_object_end(j);
}

static void json_last_error(struct json *j, const struct ipt6_dev_state *d)
{
	json_key(j, "last_error");
	json_object(j);
	json_kv_u64(j, "code", d->last_error);
	json_kv_string(j, "name",
		       d->last_error ? ipt6_errcode_name(d->last_error) : "");
	json_kv_string(j, "message", d->last_error_msg);
	json_kv_string(j, "windows_code",
		       ipt6_errcode_windows(d->last_error));
	json_object_end(j);
}

static void json_peer(struct json *j, const struct ipt6_peer_state *p)
{
	unsigned int i;

	json_object(j);
	json_kv_u64(j, "id", p->id);
	json_kv_string(j, "remote", p->remote);
	json_kv_u64(j, "connected_seconds", p->connected_seconds);
	json_key(j, "addresses");
	json_array(j);
	for (i = 0; i < p->naddrs; i++)
		json_string(j, p->addrs[i]);
	json_array_end(j);
	json_counters(j, "stats", dev_counters, ARRAY_SIZE(dev_counters),
		      p->stats.v);
	json_object_end(j);
}

/* "dns": {...}, only for a server that advertises DNS. */
static void json_dns(struct json *j, const struct ipt6_dev_state *d)
{
	const char *name;
	unsigned int i;

	if (!d->dns_lifetime)
		return;
	json_key(j, "dns");
	json_object(j);
	json_key(j, "servers");
	json_array(j);
	for (i = 0; i < d->ndns_servers; i++)
		json_string(j, d->dns_servers[i]);
	json_array_end(j);
	json_key(j, "domains");
	json_array(j);
	for (name = d->dns_domains; name < d->dns_domains + d->dns_domains_len;
	     name += strlen(name) + 1)
		json_string(j, name);
	json_array_end(j);
	json_kv_u64(j, "lifetime", d->dns_lifetime);
	json_object_end(j);
}

static void json_dev(struct json *j, const struct ipt6_dev_state *d)
{
	unsigned int i;

	json_object(j);
	json_kv_u64(j, "ifindex", d->ifindex);
	json_kv_string(j, "ifname", d->ifname);
	json_kv_string(j, "kind", d->kind);
	json_kv_string(j, "role", NAME_OF(role_names, d->role));
	json_kv_string(j, "url", d->url);
	json_kv_string(j, "status", NAME_OF(status_names, d->status));
	json_kv_string(j, "prefix", d->prefix);
	json_kv_bool(j, "prefix_onlink",
		     d->prefix_flags & IPT6_PREFIX_FLAGS_ONLINK);
	json_kv_bool(j, "prefix_autonomous",
		     d->prefix_flags & IPT6_PREFIX_FLAGS_AUTONOMOUS);
	json_dns(j, d);
	json_last_error(j, d);
	json_counters(j, "stats", dev_counters, ARRAY_SIZE(dev_counters),
		      d->stats.v);
	if (d->has_server_stats)
		json_counters(j, "server_stats", server_counters,
			      ARRAY_SIZE(server_counters), d->server_stats);
	json_key(j, "peers");
	json_array(j);
	for (i = 0; i < d->nlisted; i++)
		json_peer(j, &d->peers[i]);
	json_array_end(j);
	json_object_end(j);
}

static void json_isatap(struct json *j, const struct ipt6_isatap_state *s)
{
	const struct isatap_info *d = &s->info;
	unsigned int i;

	json_object(j);
	json_kv_u64(j, "ifindex", d->ifindex);
	json_kv_string(j, "ifname", d->ifname);
	json_kv_string(j, "kind", "isatap");
	json_kv_string(j, "role", isatap_role_name(d->role));
	json_kv_string(j, "local", inet_ntoa(d->local));
	json_kv_u64(j, "ttl", d->ttl);
	json_key(j, "routers");
	json_array(j);
	for (i = 0; i < s->nrouters; i++)
		json_string(j, inet_ntoa(s->routers[i]));
	json_array_end(j);
	json_counters(j, "stats", isatap_counters, ARRAY_SIZE(isatap_counters),
		      d->stats.v);
	json_object_end(j);
}

void show_json(FILE *f, const struct ipt6_state *st)
{
	struct json j;
	unsigned int i;

	json_init(&j, f);
	json_object(&j);
	json_key(&j, "devices");
	json_array(&j);
	for (i = 0; i < st->ndevs; i++)
		json_dev(&j, &st->devs[i]);
	json_array_end(&j);
	json_key(&j, "isatap");
	json_array(&j);
	for (i = 0; i < st->nisatap; i++)
		json_isatap(&j, &st->isatap[i]);
	json_array_end(&j);
	json_object_end(&j);
	json_end(&j);
}
