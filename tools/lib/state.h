/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel says about its ipt6 devices, read over netlink into
 * plain structs: IP-HTTPS devices with their peers and the server
 * process's counters, ISATAP devices with their router lists.  Nothing
 * here prints but errors: `ipt6ctl show` renders the same state for
 * people and as JSON, so the two cannot disagree on the facts.
 */
#ifndef IPT6_STATE_H
#define IPT6_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/ipt6.h>

#include "isatap.h"

/* nl.h needs libnl's headers, which the renderings' tests do without. */
struct ipt6_nl;

/* Counters by attribute type (IPT6_A_STATS_*); those not sent are 0. */
struct ipt6_stats {
	uint64_t v[IPT6_A_STATS_MAX + 1];
};

/* The most addresses the kernel lets one client own. */
#define IPT6_PEER_ADDRS_MAX	16
/* The most peers read of one device: bounds memory, far above real use. */
#define IPT6_STATE_PEERS_MAX	4096

struct ipt6_peer_state {
	uint32_t id;
	char remote[64];	/* "192.0.2.1:443", "[2001:db8::1]:443" or "?" */
	uint64_t connected_seconds;
	struct ipt6_stats stats;
	char addrs[IPT6_PEER_ADDRS_MAX][INET6_ADDRSTRLEN];
	unsigned int naddrs;
};

struct ipt6_dev_state {
	uint32_t ifindex;
	char ifname[32];
	char kind[32];
	uint32_t role;		/* IPT6_ROLE_* */
	uint32_t status;	/* IPT6_STATUS_* */
	uint32_t last_error;	/* enum ipt6_errcode; 0: none */
	char last_error_msg[256];
	char url[256];
	char prefix[INET6_ADDRSTRLEN + 4];	/* "2001:db8::/64"; "" if none */
	uint32_t prefix_flags;	/* IPT6_PREFIX_FLAGS_* */
	/* Server role: the DNS its advertisements carry (lifetime 0: none). */
	char dns_servers[IPT6_DNS_MAX_SERVERS][INET6_ADDRSTRLEN];
	unsigned int ndns_servers;
	char dns_domains[IPT6_DNS_MAX_NAMES_LEN];	/* each NUL-terminated */
	unsigned int dns_domains_len;
	uint32_t dns_lifetime;
	uint32_t npeers;	/* attached, as the kernel counts them */
	struct ipt6_stats stats;
	bool has_server_stats;	/* a server process published them */
	uint64_t server_stats[IPT6_A_SERVER_STATS_MAX + 1];	/* by type */
	struct ipt6_peer_state *peers;	/* the peers the dump listed */
	unsigned int nlisted;
};

struct ipt6_isatap_state {
	struct isatap_info info;
	struct in_addr routers[ISATAP_PRL_MAX];	/* the PRL, kernel order */
	unsigned int nrouters;
};

struct ipt6_state {
	struct ipt6_dev_state *devs;		/* IP-HTTPS, kernel order */
	unsigned int ndevs;
	struct ipt6_isatap_state *isatap;
	unsigned int nisatap;
};

/*
 * Every ipt6 device of this network namespace, or only @ifname (of
 * either kind), into @st.  0, or -errno after saying why on stderr; @st
 * may then hold part of the answer.  Free it with ipt6_state_free() in
 * both cases.
 */
int ipt6_state_read(struct ipt6_nl *nl, const char *ifname,
		    struct ipt6_state *st);
void ipt6_state_free(struct ipt6_state *st);

#endif /* IPT6_STATE_H */
