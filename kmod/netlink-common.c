// SPDX-License-Identifier: GPL-2.0
/*
 * What the IP-HTTPS (netlink.c) and ISATAP (isatap-nl.c) requests of the
 * ipt6 family share: finding the device a request names, the stats nest,
 * and the answers to get and dump requests of a kind of device.
 */
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "ipt6.h"
#include "netlink-gen.h"

/*
 * The device of @kind that @attrs names by ifindex in @net, held with
 * @tracker; else an error, with the reason in @extack.
 */
struct net_device *ipt6_nl_dev_get(struct net *net, struct nlattr **attrs,
				   const struct ipt6_nl_kind *kind,
				   netdevice_tracker *tracker,
				   struct netlink_ext_ack *extack)
{
	struct nlattr *attr = attrs[kind->ifindex_attr];
	struct net_device *dev;

	if (NL_REQ_ATTR_CHECK(extack, NULL, attrs, kind->ifindex_attr))
		return ERR_PTR(-EINVAL);
	dev = netdev_get_by_index(net, nla_get_u32(attr), tracker, GFP_KERNEL);
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such device");
		return ERR_PTR(-ENODEV);
	}
	if (!kind->is_kind(dev)) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr, "device is not an %s device",
					kind->name);
		netdev_put(dev, tracker);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

/* The tracker of the reference pre_doit takes lives in user_ptr[1]. */
static_assert(sizeof(netdevice_tracker) <=
	      sizeof_field(struct genl_info, user_ptr[1]));

static netdevice_tracker *ipt6_nl_tracker(struct genl_info *info)
{
	return (netdevice_tracker *)&info->user_ptr[1];
}

/*
 * pre_doit of the commands that name a device of @kind: user_ptr[0] is
 * the device until ipt6_nl_post_doit() drops it.
 */
int ipt6_nl_pre_doit_dev(struct genl_info *info,
			 const struct ipt6_nl_kind *kind)
{
	struct net_device *dev;

	dev = ipt6_nl_dev_get(genl_info_net(info), info->attrs, kind,
			      ipt6_nl_tracker(info), info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	info->user_ptr[0] = dev;
	return 0;
}

void ipt6_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		       struct genl_info *info)
{
	struct net_device *dev = info->user_ptr[0];

	if (dev)
		netdev_put(dev, ipt6_nl_tracker(info));
}

/*
 * A stats nest @attr: the traffic in @t, then each counter of @cnt under
 * its attribute, as @a numbers them.
 */
int ipt6_nl_put_stats(struct sk_buff *skb, int attr,
		      const struct ipt6_nl_stats_attrs *a,
		      const struct rtnl_link_stats64 *t, const atomic64_t *cnt)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, attr);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, a->rx_packets, t->rx_packets, a->pad) ||
	    nla_put_u64_64bit(skb, a->rx_bytes, t->rx_bytes, a->pad) ||
	    nla_put_u64_64bit(skb, a->tx_packets, t->tx_packets, a->pad) ||
	    nla_put_u64_64bit(skb, a->tx_bytes, t->tx_bytes, a->pad))
		goto err;
	for (i = 0; i < a->ncounters; i++)
		if (nla_put_u64_64bit(skb, a->counter[i],
				      atomic64_read(&cnt[i]), a->pad))
			goto err;
	nla_nest_end(skb, nest);
	return 0;
err:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* Answer a get request for the device pre_doit found. */
int ipt6_nl_reply_dev(struct genl_info *info, const struct ipt6_nl_kind *kind)
{
	struct sk_buff *msg;
	int err;

	msg = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = kind->fill(msg, info->user_ptr[0], info->snd_portid,
			 info->snd_seq, 0);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * What a part of a dump returns: 0 once every item is in, the length
 * when @skb filled up (the next part goes on), else the error.
 */
int ipt6_nl_dump_ret(struct sk_buff *skb, int err)
{
	return err == -EMSGSIZE && skb->len ? skb->len : err;
}

/*
 * Dump every device of @kind of the caller's namespace.  The dump has no
 * filter: it takes no attributes, and refuses any rather than ignore it
 * (it has no policy, so genetlink does not parse them).
 */
int ipt6_nl_dump_devs(struct sk_buff *skb, struct netlink_callback *cb,
		      const struct ipt6_nl_kind *kind)
{
	struct net *net = sock_net(skb->sk);
	unsigned long ifindex = cb->args[0];
	struct net_device *dev;
	int err = 0;

	if (nlmsg_attrlen(cb->nlh, GENL_HDRLEN)) {
		NL_SET_ERR_MSG_ATTR(cb->extack,
				    nlmsg_attrdata(cb->nlh, GENL_HDRLEN),
				    "a dump of all devices takes no attributes");
		return -EINVAL;
	}

	rcu_read_lock();
	for_each_netdev_dump(net, dev, ifindex) {
		if (!kind->is_kind(dev))
			continue;
		err = kind->fill(skb, dev, NETLINK_CB(cb->skb).portid,
				 cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
	}
	rcu_read_unlock();
	cb->args[0] = ifindex;
	return ipt6_nl_dump_ret(skb, err);
}
