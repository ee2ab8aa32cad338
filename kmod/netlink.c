// SPDX-License-Identifier: GPL-2.0
/*
 * The ipt6 generic netlink family and the requests of its IP-HTTPS
 * devices.  Policies and the ops table are generated from uapi/ipt6.yaml
 * (netlink-gen.c); what the ISATAP requests (isatap-nl.c) share with
 * these is in netlink-common.c.  Requests name a device by ifindex;
 * pre_doit looks it up once.
 */
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "ipt6.h"
#include "netlink-gen.h"

/* Netlink stats attribute of each counter, in enum ipt6_counter order. */
static const int ipt6_counter_attr[IPT6_CNT_MAX] = {
	[IPT6_CNT_RX_DROP_FRAMING] = IPT6_A_STATS_RX_DROP_FRAMING,
	[IPT6_CNT_RX_DROP_NOMEM] = IPT6_A_STATS_RX_DROP_NOMEM,
	[IPT6_CNT_RX_DROP_TLS] = IPT6_A_STATS_RX_DROP_TLS,
	[IPT6_CNT_RX_DROP_SPOOF] = IPT6_A_STATS_RX_DROP_SPOOF,
	[IPT6_CNT_TX_DROP_NOPEER] = IPT6_A_STATS_TX_DROP_NOPEER,
	[IPT6_CNT_TX_DROP_QUEUE] = IPT6_A_STATS_TX_DROP_QUEUE,
	[IPT6_CNT_TX_DROP_ERROR] = IPT6_A_STATS_TX_DROP_ERROR,
	[IPT6_CNT_PEERS_DETACHED] = IPT6_A_STATS_PEERS_DETACHED,
	[IPT6_CNT_RX_DROP_FILTERED] = IPT6_A_STATS_RX_DROP_FILTERED,
	[IPT6_CNT_TX_DROP_FILTERED] = IPT6_A_STATS_TX_DROP_FILTERED,
	[IPT6_CNT_RX_ROUTER_SOLICITS] = IPT6_A_STATS_RX_ROUTER_SOLICITS,
	[IPT6_CNT_RX_DAD_DEFENDED] = IPT6_A_STATS_RX_DAD_DEFENDED,
	[IPT6_CNT_RX_DROP_OVERSIZE] = IPT6_A_STATS_RX_DROP_OVERSIZE,
};

static const struct ipt6_nl_stats_attrs ipt6_nl_stats_attrs = {
	.rx_packets = IPT6_A_STATS_RX_PACKETS,
	.rx_bytes = IPT6_A_STATS_RX_BYTES,
	.tx_packets = IPT6_A_STATS_TX_PACKETS,
	.tx_bytes = IPT6_A_STATS_TX_BYTES,
	.pad = IPT6_A_STATS_PAD,
	.counter = ipt6_counter_attr,
	.ncounters = ARRAY_SIZE(ipt6_counter_attr),
};

static int ipt6_nl_fill_dev(struct sk_buff *skb, struct net_device *dev,
			    u32 portid, u32 seq, int flags);

static const struct ipt6_nl_kind ipt6_nl_kind = {
	.name = "ipt6",
	.is_kind = ipt6_is_ipt6_dev,
	.ifindex_attr = IPT6_A_DEV_IFINDEX,
	.fill = ipt6_nl_fill_dev,
};

int ipt6_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		     struct genl_info *info)
{
	return ipt6_nl_pre_doit_dev(info, &ipt6_nl_kind);
}

static int ipt6_nl_put_remote(struct sk_buff *skb,
			      const struct sockaddr_storage *ss)
{
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;
	const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;

	switch (ss->ss_family) {
	case AF_INET:
		if (nla_put_in_addr(skb, IPT6_A_PEER_REMOTE_IPV4,
				    sin->sin_addr.s_addr) ||
		    nla_put_be16(skb, IPT6_A_PEER_REMOTE_PORT, sin->sin_port))
			return -EMSGSIZE;
		break;
	case AF_INET6:
		if (nla_put_in6_addr(skb, IPT6_A_PEER_REMOTE_IPV6,
				     &sin6->sin6_addr) ||
		    nla_put_be16(skb, IPT6_A_PEER_REMOTE_PORT,
				 sin6->sin6_port))
			return -EMSGSIZE;
		break;
	}
	return 0;
}

static int ipt6_nl_put_addr(void *skb, const struct in6_addr *addr)
{
	return nla_put_in6_addr(skb, IPT6_A_PEER_ADDRESS, addr);
}

static int ipt6_nl_put_peer(struct sk_buff *skb, struct ipt6_peer *peer,
			    int reason)
{
	struct rtnl_link_stats64 t = {};
	struct nlattr *nest;

	ipt6_peer_traffic(&peer->rx_stats, &t.rx_packets, &t.rx_bytes);
	ipt6_peer_traffic(&peer->tx_stats, &t.tx_packets, &t.tx_bytes);

	nest = nla_nest_start(skb, IPT6_A_DEV_PEER);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, IPT6_A_PEER_ID, peer->id) ||
	    ipt6_nl_put_remote(skb, &peer->remote) ||
	    nla_put_u64_64bit(skb, IPT6_A_PEER_CONNECTED_TIME,
			      ktime_get_boottime_seconds() - peer->attached_at,
			      IPT6_A_PEER_PAD) ||
	    ipt6_nl_put_stats(skb, IPT6_A_PEER_STATS, &ipt6_nl_stats_attrs, &t,
			      peer->counters.cnt) ||
	    ipt6_addr_for_each(peer, ipt6_nl_put_addr, skb) ||
	    (reason >= 0 && nla_put_u32(skb, IPT6_A_PEER_DEL_REASON, reason))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ipt6_nl_put_dev_id(struct sk_buff *skb, struct net_device *dev)
{
	if (nla_put_u32(skb, IPT6_A_DEV_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, IPT6_A_DEV_IFNAME, dev->name))
		return -EMSGSIZE;
	return 0;
}

/* Under status_lock. */
static int ipt6_nl_put_server_stats(struct sk_buff *skb, struct ipt6_dev *ipt6)
{
	struct nlattr *nest;
	int type;

	if (!ipt6->has_server_stats)
		return 0;
	nest = nla_nest_start(skb, IPT6_A_DEV_SERVER_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (type = IPT6_A_SERVER_STATS_PAD + 1;
	     type <= IPT6_A_SERVER_STATS_MAX; type++)
		if (nla_put_u64_64bit(skb, type, ipt6->server_stats[type],
				      IPT6_A_SERVER_STATS_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	nla_nest_end(skb, nest);
	return 0;
}

static int ipt6_nl_put_status(struct sk_buff *skb, struct ipt6_dev *ipt6)
{
	int err = 0;

	spin_lock_bh(&ipt6->status_lock);
	if (nla_put_u32(skb, IPT6_A_DEV_STATUS, ipt6->status) ||
	    nla_put_u32(skb, IPT6_A_DEV_LAST_ERROR, ipt6->last_error) ||
	    nla_put_string(skb, IPT6_A_DEV_LAST_ERROR_MSG,
			   ipt6->last_error_msg) ||
	    nla_put_string(skb, IPT6_A_DEV_URL, ipt6->url) ||
	    ipt6_nl_put_server_stats(skb, ipt6))
		err = -EMSGSIZE;
	spin_unlock_bh(&ipt6->status_lock);
	return err;
}

static int ipt6_nl_put_prefix(struct sk_buff *skb, struct ipt6_dev *ipt6)
{
	struct ipt6_prefix pfx;

	ipt6_prefix_get(ipt6, &pfx);
	if (!pfx.len)
		return 0;
	if (nla_put_in6_addr(skb, IPT6_A_DEV_PREFIX, &pfx.addr) ||
	    nla_put_u8(skb, IPT6_A_DEV_PREFIX_LEN, pfx.len) ||
	    nla_put_u32(skb, IPT6_A_DEV_PREFIX_FLAGS, pfx.flags))
		return -EMSGSIZE;
	return 0;
}

static int ipt6_nl_fill_dev(struct sk_buff *skb, struct net_device *dev,
			    u32 portid, u32 seq, int flags)
{
	struct ipt6_dev *ipt6 = netdev_priv(dev);
	struct rtnl_link_stats64 tstats = {};
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &ipt6_nl_family, flags,
			  IPT6_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	dev_fetch_sw_netstats(&tstats, ipt6->dev->tstats);
	if (ipt6_nl_put_dev_id(skb, ipt6->dev) ||
	    nla_put_string(skb, IPT6_A_DEV_KIND, IPT6_KIND) ||
	    nla_put_u32(skb, IPT6_A_DEV_ROLE, ipt6_role(ipt6)) ||
	    nla_put_u32(skb, IPT6_A_DEV_NPEERS, READ_ONCE(ipt6->npeers)) ||
	    ipt6_nl_put_status(skb, ipt6) ||
	    ipt6_nl_put_prefix(skb, ipt6) ||
	    ipt6_dns_put(skb, ipt6) ||
	    ipt6_nl_put_stats(skb, IPT6_A_DEV_STATS, &ipt6_nl_stats_attrs,
			      &tstats, ipt6->counters.cnt)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int ipt6_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ipt6_nl_reply_dev(info, &ipt6_nl_kind);
}

int ipt6_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ipt6_nl_dump_devs(skb, cb, &ipt6_nl_kind);
}

/* Under ipt6->lock: refuse a role change while peers are attached. */
static int ipt6_nl_check_role(struct ipt6_dev *ipt6, u32 role,
			      struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&ipt6->lock);
	if (role != ipt6->role && ipt6->npeers) {
		NL_SET_ERR_MSG(extack, "cannot change the role while peers are attached");
		return -EBUSY;
	}
	return 0;
}

static void ipt6_nl_apply_role(struct ipt6_dev *ipt6, u32 role)
{
	lockdep_assert_held(&ipt6->lock);
	if (role == ipt6->role)
		return;
	WRITE_ONCE(ipt6->role, role);
	/* A server is reachable whenever it is up; a client needs a peer. */
	if (role == IPT6_ROLE_SERVER && netif_running(ipt6->dev))
		netif_carrier_on(ipt6->dev);
	else
		netif_carrier_off(ipt6->dev);
}

/* The prefix a server advertises; the unspecified address removes it. */
static int ipt6_nl_parse_prefix(struct nlattr **attrs, struct ipt6_prefix *pfx,
				struct netlink_ext_ack *extack)
{
	struct nlattr *attr = attrs[IPT6_A_DEV_PREFIX];
	int type;

	pfx->len = 64;
	pfx->flags = IPT6_PREFIX_FLAGS_ONLINK | IPT6_PREFIX_FLAGS_AUTONOMOUS;
	if (attrs[IPT6_A_DEV_PREFIX_LEN])
		pfx->len = nla_get_u8(attrs[IPT6_A_DEV_PREFIX_LEN]);
	if (attrs[IPT6_A_DEV_PREFIX_FLAGS])
		pfx->flags = nla_get_u32(attrs[IPT6_A_DEV_PREFIX_FLAGS]);

	type = ipv6_addr_type(nla_data(attr));
	if (type == IPV6_ADDR_ANY) {
		pfx->len = 0;
	} else if (!(type & IPV6_ADDR_UNICAST) ||
		   type & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_LOOPBACK |
			   IPV6_ADDR_MAPPED)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "prefix must be global (or unique local) unicast");
		return -EINVAL;
	}
	ipv6_addr_prefix(&pfx->addr, nla_data(attr), pfx->len);
	return 0;
}

/* Under status_lock: what the supervisor says it turned away. */
static void ipt6_nl_apply_server_stats(struct ipt6_dev *ipt6,
				       struct nlattr *nest)
{
	struct nlattr *attr;
	int rem, type;

	nla_for_each_nested(attr, nest, rem) {
		type = nla_type(attr);
		/* The policy has checked types and lengths. */
		if (type > IPT6_A_SERVER_STATS_PAD &&
		    type <= IPT6_A_SERVER_STATS_MAX)
			ipt6->server_stats[type] = nla_get_u64(attr);
	}
	ipt6->has_server_stats = true;
}

/*
 * dev-set checks everything first and then applies it all, so that a
 * refused request changes nothing.
 */
int ipt6_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipt6_dev *ipt6 = netdev_priv(info->user_ptr[0]);
	struct nlattr **attrs = info->attrs;
	struct ipt6_prefix pfx = {};
	struct ipt6_dns *dns = NULL;
	u32 role;
	int err;

	if (attrs[IPT6_A_DEV_PREFIX]) {
		err = ipt6_nl_parse_prefix(attrs, &pfx, info->extack);
		if (err)
			return err;
	} else if (attrs[IPT6_A_DEV_PREFIX_LEN] || attrs[IPT6_A_DEV_PREFIX_FLAGS]) {
		NL_SET_ERR_MSG(info->extack, "prefix length and flags need a prefix");
		return -EINVAL;
	}
	if (attrs[IPT6_A_DEV_DNS]) {
		err = ipt6_dns_parse(attrs[IPT6_A_DEV_DNS], &dns, info->extack);
		if (err)
			return err;
	}

	mutex_lock(&ipt6->lock);
	role = attrs[IPT6_A_DEV_ROLE] ? nla_get_u32(attrs[IPT6_A_DEV_ROLE]) :
					ipt6->role;
	err = ipt6_nl_check_role(ipt6, role, info->extack);
	if (err) {
		mutex_unlock(&ipt6->lock);
		kfree(dns);
		return err;
	}
	ipt6_nl_apply_role(ipt6, role);
	if (attrs[IPT6_A_DEV_DNS])
		ipt6_dns_set(ipt6, dns);

	spin_lock_bh(&ipt6->status_lock);
	if (attrs[IPT6_A_DEV_PREFIX])
		ipt6->prefix = pfx;
	if (attrs[IPT6_A_DEV_STATUS])
		ipt6->status = nla_get_u32(attrs[IPT6_A_DEV_STATUS]);
	if (attrs[IPT6_A_DEV_LAST_ERROR])
		ipt6->last_error = nla_get_u32(attrs[IPT6_A_DEV_LAST_ERROR]);
	if (attrs[IPT6_A_DEV_LAST_ERROR_MSG])
		nla_strscpy(ipt6->last_error_msg,
			    attrs[IPT6_A_DEV_LAST_ERROR_MSG],
			    sizeof(ipt6->last_error_msg));
	if (attrs[IPT6_A_DEV_URL])
		nla_strscpy(ipt6->url, attrs[IPT6_A_DEV_URL],
			    sizeof(ipt6->url));
	if (attrs[IPT6_A_DEV_SERVER_STATS])
		ipt6_nl_apply_server_stats(ipt6, attrs[IPT6_A_DEV_SERVER_STATS]);
	spin_unlock_bh(&ipt6->status_lock);
	mutex_unlock(&ipt6->lock);

	if (attrs[IPT6_A_DEV_PREFIX] || attrs[IPT6_A_DEV_DNS])
		ipt6_nd_advertise_now(ipt6);
	return 0;
}

/* A request's peer nest, parsed with @policy, whose last entry is @maxtype. */
static int ipt6_nl_parse_peer(struct genl_info *info, struct nlattr **tb,
			      int maxtype, const struct nla_policy *policy)
{
	if (GENL_REQ_ATTR_CHECK(info, IPT6_A_DEV_PEER))
		return -EINVAL;
	return nla_parse_nested(tb, maxtype, info->attrs[IPT6_A_DEV_PEER],
				policy, info->extack);
}

/*
 * peer-new takes the peer attributes of peer-new-input in the spec; the
 * others are the kernel's to report.  Its reply carries the whole peer
 * nest and a command has one attribute set, so its generated policy
 * takes them all: the refusal is here.
 */
static int ipt6_nl_peer_new_input(struct nlattr **tb,
				  struct netlink_ext_ack *extack)
{
	int type;

	for (type = 1; type <= IPT6_A_PEER_MAX; type++) {
		if (!tb[type] || type == IPT6_A_PEER_SOCKFD ||
		    type == IPT6_A_PEER_BIND_OWNER ||
		    type == IPT6_A_PEER_SESSION)
			continue;
		NL_SET_ERR_MSG_ATTR(extack, tb[type],
				    "not a peer attribute peer-new takes (sockfd, bind-owner, session)");
		return -EINVAL;
	}
	return 0;
}

int ipt6_nl_peer_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipt6_dev *ipt6 = netdev_priv(info->user_ptr[0]);
	struct nlattr *tb[IPT6_A_PEER_MAX + 1];
	const u8 *session = NULL;
	struct ipt6_peer *peer;
	struct socket *sock;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = ipt6_nl_parse_peer(info, tb, IPT6_A_PEER_MAX,
				 ipt6_peer_nl_policy);
	if (!err)
		err = ipt6_nl_peer_new_input(tb, info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[IPT6_A_DEV_PEER], tb,
			      IPT6_A_PEER_SOCKFD))
		return -EINVAL;
	if (tb[IPT6_A_PEER_SESSION])
		session = nla_data(tb[IPT6_A_PEER_SESSION]);

	msg = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	sock = ipt6_sock_lookup(ipt6, nla_get_s32(tb[IPT6_A_PEER_SOCKFD]),
				info->extack);
	if (IS_ERR(sock)) {
		err = PTR_ERR(sock);
		goto err_msg;
	}
	peer = ipt6_peer_new(ipt6, sock,
			     tb[IPT6_A_PEER_BIND_OWNER] ? info->snd_portid : 0,
			     session, info->extack);
	if (IS_ERR(peer)) {
		sockfd_put(sock);
		err = PTR_ERR(peer);
		goto err_msg;
	}

	/* Our reference keeps the peer while a closing client detaches it. */
	hdr = genlmsg_iput(msg, info);
	if (!hdr || ipt6_nl_put_dev_id(msg, ipt6->dev) ||
	    ipt6_nl_put_peer(msg, peer, -1)) {
		/* The peer is attached; only the reply is lost. */
		ipt6_peer_put(peer);
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	ipt6_peer_put(peer);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
	return err;
}

int ipt6_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipt6_dev *ipt6 = netdev_priv(info->user_ptr[0]);
	struct nlattr *tb[ARRAY_SIZE(ipt6_peer_del_input_nl_policy)];
	struct ipt6_peer *peer;
	int err;

	/* The policy takes the peer's id alone. */
	err = ipt6_nl_parse_peer(info, tb, ARRAY_SIZE(tb) - 1,
				 ipt6_peer_del_input_nl_policy);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[IPT6_A_DEV_PEER], tb,
			      IPT6_A_PEER_ID))
		return -EINVAL;

	peer = ipt6_peer_get_by_id(ipt6, nla_get_u32(tb[IPT6_A_PEER_ID]));
	if (!peer) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[IPT6_A_PEER_ID],
				    "no peer with this id");
		return -ENOENT;
	}
	ipt6_peer_del(peer, IPT6_DEL_REASON_ADMIN);
	/* Return once it is gone, so that a new peer may follow at once. */
	flush_work(&peer->del_work);
	ipt6_peer_put(peer);
	return 0;
}

int ipt6_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	netdevice_tracker tracker;
	struct ipt6_peer *peer;
	struct net_device *dev;
	struct ipt6_dev *ipt6;
	int skip = cb->args[0], i = 0;
	int err = 0;
	void *hdr;

	dev = ipt6_nl_dev_get(sock_net(cb->skb->sk), info->attrs,
			      &ipt6_nl_kind, &tracker, cb->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ipt6 = netdev_priv(dev);

	mutex_lock(&ipt6->lock);
	list_for_each_entry(peer, &ipt6->peers, node) {
		if (i++ < skip)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &ipt6_nl_family,
				  NLM_F_MULTI, IPT6_CMD_PEER_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		if (ipt6_nl_put_dev_id(skb, dev) ||
		    ipt6_nl_put_peer(skb, peer, -1)) {
			genlmsg_cancel(skb, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = i;
	}
	mutex_unlock(&ipt6->lock);
	netdev_put(dev, &tracker);
	return ipt6_nl_dump_ret(skb, err);
}

void ipt6_nl_notify_peer_del(struct ipt6_peer *peer,
			     enum ipt6_del_reason reason)
{
	struct net_device *dev = peer->ipt6->dev;
	struct sk_buff *msg;
	void *hdr;

	msg = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &ipt6_nl_family, 0,
			  IPT6_CMD_PEER_DEL_NTF);
	if (!hdr || ipt6_nl_put_dev_id(msg, dev) ||
	    ipt6_nl_put_peer(msg, peer, reason)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&ipt6_nl_family, dev_net(dev), msg, 0,
				IPT6_NLGRP_PEERS, GFP_KERNEL);
}

static int ipt6_nl_release(struct notifier_block *nb, unsigned long state,
			   void *data)
{
	struct netlink_notify *notify = data;

	if (state == NETLINK_URELEASE && notify->protocol == NETLINK_GENERIC &&
	    notify->portid)
		ipt6_release_owner(notify->net, notify->portid);
	return NOTIFY_DONE;
}

static struct notifier_block ipt6_nl_notifier = {
	.notifier_call = ipt6_nl_release,
};

int ipt6_nl_register(void)
{
	int err;

	err = genl_register_family(&ipt6_nl_family);
	if (err)
		return err;
	err = netlink_register_notifier(&ipt6_nl_notifier);
	if (err)
		genl_unregister_family(&ipt6_nl_family);
	return err;
}

void ipt6_nl_unregister(void)
{
	netlink_unregister_notifier(&ipt6_nl_notifier);
	genl_unregister_family(&ipt6_nl_family);
}
