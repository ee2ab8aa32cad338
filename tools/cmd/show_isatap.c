// SPDX-License-Identifier: GPL-2.0
/* The ISATAP part of `ipt6ctl show`: one device's role, list and counters. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <arpa/inet.h>

#include "cmds.h"
#include "isatap.h"
#include "nl.h"

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

/* Print @ifname, or every ISATAP device; JSON: an array.  Count or -err. */
int isatap_show(struct ipt6_nl *nl, const char *ifname, bool json)
{
	struct in_addr routers[ISATAP_PRL_MAX];
	struct isatap_info *devs;
	int i, n, ndevs, err = 0;

	ndevs = isatap_list(nl, ifname, &devs);
	if (ndevs < 0)
		return ndevs;
	if (json)
		printf("[");
	for (i = 0; !err && i < ndevs; i++) {
		n = isatap_prl_list(nl, devs[i].ifname, devs[i].ifindex, routers);
		if (n < 0) {
			err = n;
			break;
		}
		if (json) {
			print_json(&devs[i], routers, n);
			printf("%s", i + 1 < ndevs ? "," : "");
		} else {
			print_human(&devs[i], routers, n);
		}
	}
	if (json)
		printf("]");
	n = ndevs;
	free(devs);
	return err ? err : n;
}
