/* SPDX-License-Identifier: GPL-2.0 */
/* ISATAP devices: netlink requests shared by the ISATAP commands and show. */
#ifndef IPT6CTL_ISATAP_H
#define IPT6CTL_ISATAP_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/ipt6.h>

/* nl.h is not include-guarded throughout: declare, do not include. */
struct ipt6_nl;

#define ISATAP_PRL_MAX	64	/* as the kernel's list */

struct isatap_stats {
	uint64_t v[IPT6_A_ISATAP_STATS_MAX + 1];	/* by attribute type */
};

struct isatap_info {
	uint32_t ifindex;
	char ifname[32];
	struct in_addr local;
	uint32_t role;
	uint8_t ttl;
	uint32_t prl_count;
	struct isatap_stats stats;
};

/* Read one device (@ifindex > 0) or fail with the kernel's reason. */
int isatap_get(struct ipt6_nl *nl, const char *ifname, int ifindex,
	       struct isatap_info *info);
/* 0 on success; errors are printed. ttl < 0 and role < 0: unchanged. */
int isatap_set(struct ipt6_nl *nl, const char *ifname, int ifindex, int role,
	       int ttl);
int isatap_prl_add(struct ipt6_nl *nl, const char *ifname, int ifindex,
		   struct in_addr addr);
int isatap_prl_del(struct ipt6_nl *nl, const char *ifname, int ifindex,
		   struct in_addr addr);
/* The routers of the list into @addrs (room for ISATAP_PRL_MAX); count. */
int isatap_prl_list(struct ipt6_nl *nl, const char *ifname, int ifindex,
		    struct in_addr *addrs);

/* The ISATAP link-local address of a node with IPv4 address @v4. */
void isatap_link_local(struct in_addr v4, struct in6_addr *ll);
/* The IPv4 address an ISATAP IPv6 address embeds; false if none. */
bool isatap_embedded_v4(const struct in6_addr *a, struct in_addr *v4);
const char *isatap_role_name(uint32_t role);
/* The role named @name (host, router), or -1. */
int isatap_role_parse(const char *name);
/* The IPv4 addresses of an address or DNS name (at most @max); -1: none. */
int isatap_resolve(const char *spec, struct in_addr *out, int max,
		   bool quiet);

/* For `ipt6ctl show` (state.c): is @ifname an ISATAP device. */
bool isatap_is_dev(struct ipt6_nl *nl, const char *ifname);
/*
 * Every ISATAP device, or only @ifname, into *@devs (malloc'd: the caller
 * frees it).  Returns how many, or -errno after saying why.
 */
int isatap_list(struct ipt6_nl *nl, const char *ifname,
		struct isatap_info **devs);

#endif
