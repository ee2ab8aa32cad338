// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink requests for ISATAP devices: configuration, counters and
 * the Potential Router List (instead of sit's SIOCADDPRL ioctls).  Policies
 * and the ops table are generated from uapi/ipt6.yaml (netlink-gen.c); what
 * these share with the IP-HTTPS requests is in netlink-common.c.
 */
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "ipt6.h"
#include "isatap.h"
#include "netlink-gen.h"

/* Netlink attribute of each counter, in enum isatap_counter order. */
static const int isatap_counter_attr[ISATAP_CNT_MAX] = {
	[ISATAP_CNT_RX_DROP_SPOOF] = IPT6_A_ISATAP_STATS_RX_DROP_SPOOF,
	[ISATAP_CNT_RX_DROP_RA] = IPT6_A_ISATAP_STATS_RX_DROP_RA,
	[ISATAP_CNT_RX_DROP_ERROR] = IPT6_A_ISATAP_STATS_RX_DROP_ERROR,
	[ISATAP_CNT_TX_DROP_NEXTHOP] = IPT6_A_ISATAP_STATS_TX_DROP_NEXTHOP,
	[ISATAP_CNT_TX_DROP_NOROUTE] = IPT6_A_ISATAP_STATS_TX_DROP_NOROUTE,
	[ISATAP_CNT_TX_DROP_TOOBIG] = IPT6_A_ISATAP_STATS_TX_DROP_TOOBIG,
	[ISATAP_CNT_TX_DROP_ERROR] = IPT6_A_ISATAP_STATS_TX_DROP_ERROR,
};

static const struct ipt6_nl_stats_attrs isatap_nl_stats_attrs = {
	.rx_packets = IPT6_A_ISATAP_STATS_RX_PACKETS,
	.rx_bytes = IPT6_A_ISATAP_STATS_RX_BYTES,
	.tx_packets = IPT6_A_ISATAP_STATS_TX_PACKETS,
	.tx_bytes = IPT6_A_ISATAP_STATS_TX_BYTES,
	.pad = IPT6_A_ISATAP_STATS_PAD,
	.counter = isatap_counter_attr,
	.ncounters = ARRAY_SIZE(isatap_counter_attr),
};

static int isatap_nl_fill(struct sk_buff *skb, struct net_device *dev,
			  u32 portid, u32 seq, int flags);

static const struct ipt6_nl_kind isatap_nl_kind = {
	.name = "ISATAP",
	.is_kind = isatap_is_isatap_dev,
	.ifindex_attr = IPT6_A_ISATAP_IFINDEX,
	.fill = isatap_nl_fill,
};

int isatap_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		       struct genl_info *info)
{
	return ipt6_nl_pre_doit_dev(info, &isatap_nl_kind);
}

static int isatap_nl_fill(struct sk_buff *skb, struct net_device *dev,
			  u32 portid, u32 seq, int flags)
{
	struct isatap_dev *isa = netdev_priv(dev);
	struct rtnl_link_stats64 tstats = {};
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &ipt6_nl_family, flags,
			  IPT6_CMD_ISATAP_GET);
	if (!hdr)
		return -EMSGSIZE;
	dev_fetch_sw_netstats(&tstats, dev->tstats);
	if (nla_put_u32(skb, IPT6_A_ISATAP_IFINDEX, isa->dev->ifindex) ||
	    nla_put_string(skb, IPT6_A_ISATAP_IFNAME, isa->dev->name) ||
	    nla_put_in_addr(skb, IPT6_A_ISATAP_LOCAL, READ_ONCE(isa->local)) ||
	    nla_put_u32(skb, IPT6_A_ISATAP_ROLE, READ_ONCE(isa->role)) ||
	    nla_put_u8(skb, IPT6_A_ISATAP_TTL, READ_ONCE(isa->ttl)) ||
	    nla_put_u32(skb, IPT6_A_ISATAP_PRL_COUNT,
			READ_ONCE(isa->prl_count)) ||
	    ipt6_nl_put_stats(skb, IPT6_A_ISATAP_STATS, &isatap_nl_stats_attrs,
			      &tstats, isa->cnt)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int ipt6_nl_isatap_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ipt6_nl_reply_dev(info, &isatap_nl_kind);
}

int ipt6_nl_isatap_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ipt6_nl_dump_devs(skb, cb, &isatap_nl_kind);
}

int ipt6_nl_isatap_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct isatap_dev *isa = netdev_priv(info->user_ptr[0]);

	/* The policy bounds both; the role only labels the device. */
	if (info->attrs[IPT6_A_ISATAP_ROLE])
		WRITE_ONCE(isa->role,
			   nla_get_u32(info->attrs[IPT6_A_ISATAP_ROLE]));
	if (info->attrs[IPT6_A_ISATAP_TTL])
		WRITE_ONCE(isa->ttl, nla_get_u8(info->attrs[IPT6_A_ISATAP_TTL]));
	return 0;
}

/* The router attribute, which must be a unicast IPv4 address. */
static int isatap_nl_router(struct genl_info *info, __be32 *addr)
{
	struct nlattr *attr = info->attrs[IPT6_A_ISATAP_ROUTER];

	if (GENL_REQ_ATTR_CHECK(info, IPT6_A_ISATAP_ROUTER))
		return -EINVAL;
	*addr = nla_get_in_addr(attr);
	if (!isatap_addr_usable(*addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "a router must have a unicast IPv4 address");
		return -EINVAL;
	}
	return 0;
}

int ipt6_nl_isatap_prl_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	__be32 addr;
	int err;

	err = isatap_nl_router(info, &addr);
	if (err)
		return err;
	return isatap_prl_add(netdev_priv(info->user_ptr[0]), addr,
			      info->extack);
}

int ipt6_nl_isatap_prl_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	__be32 addr;
	int err;

	err = isatap_nl_router(info, &addr);
	if (err)
		return err;
	return isatap_prl_del(netdev_priv(info->user_ptr[0]), addr,
			      info->extack);
}

static int isatap_nl_put_router(struct sk_buff *skb, struct netlink_callback *cb,
				struct net_device *dev, __be32 addr)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &ipt6_nl_family, NLM_F_MULTI, IPT6_CMD_ISATAP_PRL_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, IPT6_A_ISATAP_IFINDEX, dev->ifindex) ||
	    nla_put_in_addr(skb, IPT6_A_ISATAP_ROUTER, addr)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int ipt6_nl_isatap_prl_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	netdevice_tracker tracker;
	struct isatap_prl_entry *p;
	struct isatap_dev *isa;
	struct net_device *dev;
	long skip = cb->args[0], i = 0;
	int err = 0;

	dev = ipt6_nl_dev_get(sock_net(cb->skb->sk), info->attrs,
			      &isatap_nl_kind, &tracker, cb->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	isa = netdev_priv(dev);

	/* Entries added or removed between two parts may be missed. */
	rcu_read_lock();
	list_for_each_entry_rcu(p, &isa->prl, node) {
		if (i++ < skip)
			continue;
		err = isatap_nl_put_router(skb, cb, dev, p->addr);
		if (err)
			break;
		cb->args[0] = i;
	}
	rcu_read_unlock();
	netdev_put(dev, &tracker);
	return ipt6_nl_dump_ret(skb, err);
}
