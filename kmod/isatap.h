/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ISATAP (RFC 5214) devices of the ipt6 module: what isatap.c (device,
 * data path, Potential Router List) shares with isatap-nl.c (netlink).
 */
#ifndef _IPT6_ISATAP_H
#define _IPT6_ISATAP_H

#include <linux/netdevice.h>
#include <linux/rculist.h>
#include <net/gro_cells.h>
#include <uapi/linux/ipt6.h>

#define ISATAP_KIND		"isatap"
/* Routers one device may list; RFC 5214 expects a handful. */
#define ISATAP_PRL_MAX		64
#define ISATAP_DEFAULT_TTL	64

/* Drop counters; in the order of the netlink isatap-stats attributes. */
enum isatap_counter {
	ISATAP_CNT_RX_DROP_SPOOF,
	ISATAP_CNT_RX_DROP_RA,
	ISATAP_CNT_RX_DROP_ERROR,
	ISATAP_CNT_TX_DROP_NEXTHOP,
	ISATAP_CNT_TX_DROP_NOROUTE,
	ISATAP_CNT_TX_DROP_TOOBIG,
	ISATAP_CNT_TX_DROP_ERROR,
	ISATAP_CNT_MAX,
};

struct isatap_prl_entry {
	struct list_head node;		/* in isatap_dev.prl */
	struct rcu_head rcu;
	__be32 addr;
};

struct isatap_dev {
	struct net_device *dev;
	struct hlist_node hash_node;	/* in its namespace's table; RTNL, RCU */
	__be32 local;			/* = dev->dev_addr; written under RTNL */
	u8 ttl;				/* 0: the inner hop limit */
	u32 role;			/* enum ipt6_isatap_role, for show */

	spinlock_t prl_lock;		/* writers of @prl */
	struct list_head prl;		/* isatap_prl_entry; readers use RCU */
	unsigned int prl_count;

	struct gro_cells gro_cells;
	atomic64_t cnt[ISATAP_CNT_MAX];
};

bool isatap_is_isatap_dev(const struct net_device *dev);
int isatap_prl_add(struct isatap_dev *isa, __be32 addr,
		   struct netlink_ext_ack *extack);
int isatap_prl_del(struct isatap_dev *isa, __be32 addr,
		   struct netlink_ext_ack *extack);
bool isatap_addr_usable(__be32 addr);

#endif /* _IPT6_ISATAP_H */
