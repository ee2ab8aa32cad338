// SPDX-License-Identifier: GPL-2.0
/*
 * ISATAP (RFC 5214): IPv6 in IPv4 (protocol 41) over an IPv4 network
 * treated as one non-broadcast multi-access link.
 *
 *	ip link add isa0 address 192.0.2.1 type isatap
 *
 * The device's link-layer address is its local IPv4 address, and the
 * device is ARPHRD_SIT with IFF_ISATAP as sit's ISATAP mode is: addrconf
 * then gives it the link-local fe80::5efe:a.b.c.d (fe80::200:5efe:... for a
 * global IPv4 address), ISATAP interface identifiers for SLAAC, and sends
 * no multicast Router Solicitation (which this link could not carry).
 * The unicast solicitations to the routers come from ipt6ctl.
 *
 * Receive is a tunnel4 handler for IPv6-in-IPv4, next to sit's:
 * sit's handler has priority 1, IPsec's xfrm4_tunnel 3; this one takes 2.
 * sit thus keeps its own tunnels (a 6in4 tunnel to a fixed remote may share
 * the local address of an ISATAP device here), and a packet that is for no
 * ISATAP device here goes on to the next handler.
 */
#include <linux/hash.h>
#include <linux/if_arp.h>
#include <linux/icmpv6.h>
#include <linux/module.h>
#include <net/gso.h>
#include <net/addrconf.h>
#include <net/icmp.h>
#include <net/inet_ecn.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ndisc.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>
#include <net/xfrm.h>

#include "ipt6.h"
#include "isatap.h"
#include "compat.h"

/* After sit (1), before IPsec's IPv6-in-IPv4 tunnel mode (3). */
#define ISATAP_TUNNEL4_PRIORITY	2

static struct rtnl_link_ops isatap_link_ops;

/*
 * Each namespace's ISATAP devices by local address, as sit keeps its
 * tunnels: receive looks one up per protocol-41 packet, a packet an
 * attacker chooses.  Written under RTNL, read under RCU.
 */
#define ISATAP_HASH_BITS	4

struct isatap_net {
	struct hlist_head by_local[1 << ISATAP_HASH_BITS];
};

static unsigned int isatap_net_id __read_mostly;

static struct hlist_head *isatap_bucket(struct net *net, __be32 local)
{
	struct isatap_net *in = net_generic(net, isatap_net_id);

	return &in->by_local[hash_32((__force u32)local, ISATAP_HASH_BITS)];
}

bool isatap_is_isatap_dev(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &isatap_link_ops;
}

static void isatap_count(struct isatap_dev *isa, enum isatap_counter c)
{
	atomic64_inc(&isa->cnt[c]);
}

/* An address a tunnel end point or a router may have. */
bool isatap_addr_usable(__be32 addr)
{
	return !ipv4_is_zeronet(addr) && !ipv4_is_multicast(addr) &&
	       !ipv4_is_lbcast(addr) && !ipv4_is_loopback(addr);
}

/* The running device of @net whose local address is @local.  RCU. */
static struct isatap_dev *isatap_lookup(struct net *net, __be32 local)
{
	struct isatap_dev *isa;

	hlist_for_each_entry_rcu(isa, isatap_bucket(net, local), hash_node)
		if (READ_ONCE(isa->local) == local &&
		    (READ_ONCE(isa->dev->flags) & IFF_UP))
			return isa;
	return NULL;
}

/* Another device of @net with @local, up or not.  RTNL. */
static bool isatap_local_taken(struct net *net, __be32 local,
			       const struct isatap_dev *self)
{
	struct isatap_dev *isa;

	ASSERT_RTNL();
	hlist_for_each_entry(isa, isatap_bucket(net, local), hash_node)
		if (isa != self && isa->local == local)
			return true;
	return false;
}

/* Potential Router List */

static struct isatap_prl_entry *isatap_prl_find(struct isatap_dev *isa,
						__be32 addr)
{
	struct isatap_prl_entry *p;

	list_for_each_entry_rcu(p, &isa->prl, node,
				lockdep_is_held(&isa->prl_lock))
		if (p->addr == addr)
			return p;
	return NULL;
}

int isatap_prl_add(struct isatap_dev *isa, __be32 addr,
		   struct netlink_ext_ack *extack)
{
	struct isatap_prl_entry *p;
	int err = 0;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->addr = addr;

	spin_lock_bh(&isa->prl_lock);
	if (isatap_prl_find(isa, addr)) {
		NL_SET_ERR_MSG(extack, "router already in the Potential Router List");
		err = -EEXIST;
	} else if (isa->prl_count >= ISATAP_PRL_MAX) {
		NL_SET_ERR_MSG_FMT(extack,
				   "the Potential Router List is full (%u routers)",
				   ISATAP_PRL_MAX);
		err = -ENOSPC;
	} else {
		list_add_tail_rcu(&p->node, &isa->prl);
		WRITE_ONCE(isa->prl_count, isa->prl_count + 1);
		p = NULL;
	}
	spin_unlock_bh(&isa->prl_lock);
	kfree(p);
	return err;
}

int isatap_prl_del(struct isatap_dev *isa, __be32 addr,
		   struct netlink_ext_ack *extack)
{
	struct isatap_prl_entry *p;

	spin_lock_bh(&isa->prl_lock);
	p = isatap_prl_find(isa, addr);
	if (p) {
		list_del_rcu(&p->node);
		WRITE_ONCE(isa->prl_count, isa->prl_count - 1);
	}
	spin_unlock_bh(&isa->prl_lock);
	if (!p) {
		NL_SET_ERR_MSG(extack, "router not in the Potential Router List");
		return -ENOENT;
	}
	kfree_rcu(p, rcu);
	return 0;
}

static void isatap_prl_flush(struct isatap_dev *isa)
{
	struct isatap_prl_entry *p, *n;

	spin_lock_bh(&isa->prl_lock);
	list_for_each_entry_safe(p, n, &isa->prl, node) {
		list_del_rcu(&p->node);
		kfree_rcu(p, rcu);
	}
	WRITE_ONCE(isa->prl_count, 0);
	spin_unlock_bh(&isa->prl_lock);
}

/* Receive */

static void isatap_set_nodetype(struct sk_buff *skb, u8 type)
{
#if IS_ENABLED(CONFIG_IPV6_NDISC_NODETYPE)
	/* ndisc refuses RAs and redirects from hosts by this mark. */
	skb->ndisc_nodetype = type;
#endif
}

/*
 * RFC 5214 section 7.3, as sit's isatap_chksrc: accept a packet whose outer
 * source is a listed router, or whose inner source is an ISATAP address
 * that embeds exactly the outer source and lies in a prefix of this link
 * (link-local, or a prefix the device has an address in).
 */
static bool isatap_src_ok(struct isatap_dev *isa, struct sk_buff *skb,
			  __be32 saddr, bool *from_router)
{
	const struct in6_addr *src = &ipv6_hdr(skb)->saddr;

	*from_router = isatap_prl_find(isa, saddr);
	if (*from_router) {
		isatap_set_nodetype(skb, NDISC_NODETYPE_DEFAULT);
		return true;
	}
	if (ipv6_addr_is_isatap(src) && src->s6_addr32[3] == saddr &&
	    ipv6_chk_prefix(src, isa->dev)) {
		isatap_set_nodetype(skb, NDISC_NODETYPE_HOST);
		return true;
	}
	return false;
}

/*
 * A router advertisement, found past any extension headers.  ndisc would
 * drop one marked as from a host too; checking here makes it visible in a
 * counter.
 */
static bool isatap_is_ra(struct sk_buff *skb)
{
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	__be16 frag_off;
	u8 _type, *type;
	int off;

	off = ipv6_skip_exthdr(skb, sizeof(struct ipv6hdr), &nexthdr,
			       &frag_off);
	if (off < 0 || nexthdr != IPPROTO_ICMPV6 || frag_off)
		return false;
	type = skb_header_pointer(skb, off, sizeof(_type), &_type);
	return type && *type == NDISC_ROUTER_ADVERTISEMENT;
}

static int isatap_rcv(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct isatap_dev *isa;
	bool from_router;
	int err;

	isa = isatap_lookup(dev_net(skb->dev), iph->daddr);
	if (!isa)
		return 1;	/* for someone else, or nobody */

	if (!xfrm4_policy_check(NULL, XFRM_POLICY_IN, skb))
		goto drop_error;

	/* The outer header stays reachable as the mac header until ECN. */
	skb->mac_header = skb->network_header;
	skb_reset_network_header(skb);
	IPCB(skb)->flags = 0;

	if (!isatap_src_ok(isa, skb, iph->saddr, &from_router)) {
		net_dbg_ratelimited("%s: spoofed source %pI6c from %pI4\n",
				    isa->dev->name, &ipv6_hdr(skb)->saddr,
				    &iph->saddr);
		isatap_count(isa, ISATAP_CNT_RX_DROP_SPOOF);
		goto drop;
	}
	if (!from_router && isatap_is_ra(skb)) {
		isatap_count(isa, ISATAP_CNT_RX_DROP_RA);
		goto drop;
	}

	if (iptunnel_pull_header(skb, 0, htons(ETH_P_IPV6), false))
		goto drop_error;
	/* Unsharing in iptunnel_pull_header may have moved the header. */
	iph = (const struct iphdr *)skb_mac_header(skb);
	skb_reset_mac_header(skb);

	err = IP_ECN_decapsulate(iph, skb);
	if (unlikely(err > 1))
		goto drop_error;

	skb->dev = isa->dev;
	dev_sw_netstats_rx_add(isa->dev, skb->len);
	gro_cells_receive(&isa->gro_cells, skb);
	return 0;

drop_error:
	isatap_count(isa, ISATAP_CNT_RX_DROP_ERROR);
drop:
	kfree_skb(skb);
	return 0;
}

/* An ICMP error about a packet one of our devices sent. */
static int isatap_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const int type = icmp_hdr(skb)->type;
	const int code = icmp_hdr(skb)->code;
	struct net *net = dev_net(skb->dev);
	unsigned int data_len = 0;

	if (!isatap_lookup(net, iph->saddr))
		return -ENOENT;

	switch (type) {
	case ICMP_DEST_UNREACH:
		if (code == ICMP_FRAG_NEEDED) {
			/* The next packet to this router or host is then
			 * refused with a packet-too-big carrying the new MTU.
			 */
			ipv4_update_pmtu(skb, net, info, 0, IPPROTO_IPV6);
			return 0;
		}
		if (code == ICMP_SR_FAILED)
			return 0;
		break;
	case ICMP_TIME_EXCEEDED:
		if (code != ICMP_EXC_TTL)
			return 0;
		data_len = icmp_hdr(skb)->un.reserved[1] * 4; /* RFC 4884 */
		break;
	case ICMP_REDIRECT:
		ipv4_redirect(skb, net, 0, IPPROTO_IPV6);
		return 0;
	default:
		return 0;
	}
	/* Tell the IPv6 sender, in ICMPv6. */
	ip6_err_gen_icmpv6_unreach(skb, iph->ihl * 4, type, data_len);
	return 0;
}

static struct xfrm_tunnel isatap_handler __read_mostly = {
	.handler	= isatap_rcv,
	.err_handler	= isatap_err,
	.priority	= ISATAP_TUNNEL4_PRIORITY,
};

/* Transmit */

/*
 * The IPv4 address to send to: the one embedded in the next hop, which is
 * the destination on the link or the router the route names.  0 if the
 * next hop is not an ISATAP address (multicast included: an NBMA link
 * has none).
 */
static __be32 isatap_next_hop(struct sk_buff *skb)
{
	const struct in6_addr *nh;
	struct dst_entry *dst = skb_dst(skb);

	if (!dst || dst->ops->family != AF_INET6)
		return 0;
	nh = rt6_nexthop(dst_rt6_info(dst), &ipv6_hdr(skb)->daddr);
	if (!(ipv6_addr_type(nh) & IPV6_ADDR_UNICAST) ||
	    !ipv6_addr_is_isatap(nh))
		return 0;
	return nh->s6_addr32[3];
}

static struct rtable *isatap_route(struct isatap_dev *isa,
				  struct sk_buff *skb, struct flowi4 *fl4,
				  __be32 daddr)
{
	struct net *net = dev_net(isa->dev);
	struct rtable *rt;

	/*
	 * No dst cache: on a multipoint link every packet may go to another
	 * node (a single cache, as sit keeps, would hand out the route of
	 * whichever node came first); ip_tunnel does the same lookup for
	 * tunnels without a fixed remote.
	 */
	flowi4_init_output(fl4, 0, skb->mark, 0, RT_SCOPE_UNIVERSE,
			   IPPROTO_IPV6, 0, daddr, READ_ONCE(isa->local), 0, 0,
			   sock_net_uid(net, NULL));
	rt = ip_route_output_key(net, fl4);
	if (IS_ERR(rt))
		return rt;
	if (rt->rt_type != RTN_UNICAST && rt->rt_type != RTN_LOCAL) {
		ip_rt_put(rt);
		return ERR_PTR(-ENETUNREACH);
	}
	return rt;
}

/*
 * Path MTU: the IPv4 path's, less the IPv4 header.  Below the IPv6
 * minimum the packet goes out at 1280 without DF and IPv4 fragments it,
 * as RFC 4213 section 3.2 allows.  Returns false (after telling the sender
 * with a packet-too-big) if the packet does not fit.
 */
static bool isatap_fits(struct sk_buff *skb, struct rtable *rt, __be16 *df)
{
	int mtu = dst4_mtu(&rt->dst) - sizeof(struct iphdr);

	*df = htons(IP_DF);
	if (mtu < IPV6_MIN_MTU) {
		mtu = IPV6_MIN_MTU;
		*df = 0;
	}
	if (skb_is_gso(skb) ? skb_gso_validate_network_len(skb, mtu) :
			      skb->len <= mtu)
		return true;
	icmpv6_ndo_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
	return false;
}

static netdev_tx_t isatap_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct isatap_dev *isa = netdev_priv(dev);
	const struct ipv6hdr *ip6h;
	enum isatap_counter why;
	struct flowi4 fl4;
	struct rtable *rt;
	__be32 daddr;
	__be16 df;
	u8 tos, ttl;

	why = ISATAP_CNT_TX_DROP_ERROR;
	if (skb->protocol != htons(ETH_P_IPV6) ||
	    !pskb_network_may_pull(skb, sizeof(struct ipv6hdr)))
		goto drop;

	why = ISATAP_CNT_TX_DROP_NEXTHOP;
	daddr = isatap_next_hop(skb);
	if (!daddr)
		goto drop;

	rt = isatap_route(isa, skb, &fl4, daddr);
	if (IS_ERR(rt)) {
		why = ISATAP_CNT_TX_DROP_NOROUTE;
		dst_link_failure(skb);
		goto drop;
	}
	why = ISATAP_CNT_TX_DROP_ERROR;
	if (rt->dst.dev == dev)		/* routed into itself */
		goto drop_rt;

	why = ISATAP_CNT_TX_DROP_TOOBIG;
	if (!isatap_fits(skb, rt, &df))
		goto drop_rt;

	why = ISATAP_CNT_TX_DROP_ERROR;
	if (iptunnel_handle_offloads(skb, SKB_GSO_IPXIP4) ||
	    skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			 sizeof(struct iphdr)))
		goto drop_rt;

	ip6h = ipv6_hdr(skb);
	ttl = READ_ONCE(isa->ttl) ?: ip6h->hop_limit;
	/* DSCP is not copied (RFC 4213 3.5); ECN is, per RFC 6040. */
	tos = INET_ECN_encapsulate(0, ipv6_get_dsfield(ip6h));
	skb_set_inner_ipproto(skb, IPPROTO_IPV6);
	ipt6_iptunnel_xmit(rt, skb, fl4.saddr, fl4.daddr, IPPROTO_IPV6, tos,
			   ttl, df);
	return NETDEV_TX_OK;

drop_rt:
	ip_rt_put(rt);
drop:
	isatap_count(isa, why);
	DEV_STATS_INC(dev, tx_errors);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

/* Device */

static int isatap_dev_init(struct net_device *dev)
{
	struct isatap_dev *isa = netdev_priv(dev);
	int err;

	err = gro_cells_init(&isa->gro_cells, dev);
	if (err)
		return err;
	netdev_lockdep_set_classes(dev);
	hlist_add_head_rcu(&isa->hash_node,
			   isatap_bucket(dev_net(dev), isa->local));
	return 0;
}

static void isatap_dev_uninit(struct net_device *dev)
{
	struct isatap_dev *isa = netdev_priv(dev);

	/* Unregistering waits for an RCU grace period after this. */
	hlist_del_rcu(&isa->hash_node);
	isatap_prl_flush(isa);
	gro_cells_destroy(&isa->gro_cells);
}

/* `ip link set DEV address A.B.C.D`, while the device is down. */
static int isatap_set_address(struct net_device *dev, void *p)
{
	struct isatap_dev *isa = netdev_priv(dev);
	struct sockaddr *sa = p;
	__be32 local;

	if (netif_running(dev))
		return -EBUSY;
	memcpy(&local, sa->sa_data, sizeof(local));
	if (!isatap_addr_usable(local))
		return -EADDRNOTAVAIL;
	if (isatap_local_taken(dev_net(dev), local, isa))
		return -EADDRINUSE;
	/* As sit does: no reader may follow the entry into its new chain. */
	hlist_del_rcu(&isa->hash_node);
	synchronize_net();
	WRITE_ONCE(isa->local, local);
	dev_addr_set(dev, (const u8 *)&local);
	hlist_add_head_rcu(&isa->hash_node,
			   isatap_bucket(dev_net(dev), local));
	return 0;
}

static void isatap_get_stats64(struct net_device *dev,
			       struct rtnl_link_stats64 *stats)
{
	struct isatap_dev *isa = netdev_priv(dev);
	const atomic64_t *cnt = isa->cnt;

	dev_get_tstats64(dev, stats);
	stats->rx_dropped = atomic64_read(&cnt[ISATAP_CNT_RX_DROP_SPOOF]) +
			    atomic64_read(&cnt[ISATAP_CNT_RX_DROP_RA]) +
			    atomic64_read(&cnt[ISATAP_CNT_RX_DROP_ERROR]);
	stats->tx_dropped = atomic64_read(&cnt[ISATAP_CNT_TX_DROP_NEXTHOP]) +
			    atomic64_read(&cnt[ISATAP_CNT_TX_DROP_NOROUTE]) +
			    atomic64_read(&cnt[ISATAP_CNT_TX_DROP_TOOBIG]) +
			    atomic64_read(&cnt[ISATAP_CNT_TX_DROP_ERROR]);
	stats->tx_carrier_errors =
		atomic64_read(&cnt[ISATAP_CNT_TX_DROP_NOROUTE]);
}

static const struct net_device_ops isatap_netdev_ops = {
	.ndo_init		= isatap_dev_init,
	.ndo_uninit		= isatap_dev_uninit,
	.ndo_start_xmit		= isatap_xmit,
	.ndo_set_mac_address	= isatap_set_address,
	.ndo_get_stats64	= isatap_get_stats64,
};

#define ISATAP_FEATURES	(NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA | \
			 NETIF_F_GSO_SOFTWARE | NETIF_F_HW_CSUM)

static const struct device_type isatap_type = {
	.name = ISATAP_KIND,
};

static void isatap_setup(struct net_device *dev)
{
	struct isatap_dev *isa = netdev_priv(dev);
	int t_hlen = sizeof(struct iphdr);

	dev->netdev_ops = &isatap_netdev_ops;
	dev->header_ops = &ip_tunnel_header_ops;
	dev->needs_free_netdev = true;
	SET_NETDEV_DEVTYPE(dev, &isatap_type);

	/* What addrconf treats as ISATAP: see the top of this file. */
	dev->type = ARPHRD_SIT;
	dev->priv_flags |= IFF_ISATAP;
	dev->flags = IFF_NOARP;
	dev->addr_len = 4;
	dev->mtu = ETH_DATA_LEN - t_hlen;
	dev->min_mtu = IPV6_MIN_MTU;
	dev->max_mtu = IP6_MAX_MTU - t_hlen;
	dev->needed_headroom = ip_tunnel_limit_headroom(t_hlen + LL_MAX_HEADER);
	/* The next hop is read from the route at transmit. */
	netif_keep_dst(dev);
	dev->lltx = true;
	/* The local address belongs to this namespace's IPv4 set-up. */
	ipt6_set_netns_local(dev);
	dev->features |= ISATAP_FEATURES;
	dev->hw_features |= ISATAP_FEATURES;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;

	memset(isa, 0, sizeof(*isa));
	isa->dev = dev;
	isa->ttl = ISATAP_DEFAULT_TTL;
	isa->role = IPT6_ISATAP_ROLE_HOST;
	spin_lock_init(&isa->prl_lock);
	INIT_LIST_HEAD(&isa->prl);
}

static int isatap_validate(struct nlattr *tb[], struct nlattr *data[],
			   struct netlink_ext_ack *extack)
{
	if (!tb[IFLA_ADDRESS]) {
		NL_SET_ERR_MSG(extack,
			       "an ISATAP device needs its local IPv4 address: ip link add NAME address A.B.C.D type isatap");
		return -EINVAL;
	}
	if (nla_len(tb[IFLA_ADDRESS]) != sizeof(__be32)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
				    "the address of an ISATAP device is an IPv4 address");
		return -EINVAL;
	}
	if (!isatap_addr_usable(nla_get_in_addr(tb[IFLA_ADDRESS]))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
				    "not a unicast IPv4 address");
		return -EADDRNOTAVAIL;
	}
	return 0;
}

static int isatap_newlink(IPT6_NEWLINK_ARGS)
{
	struct isatap_dev *isa = netdev_priv(dev);

	/* The core copied IFLA_ADDRESS, checked by isatap_validate(). */
	memcpy(&isa->local, dev->dev_addr, sizeof(isa->local));
	if (isatap_local_taken(dev_net(dev), isa->local, NULL)) {
		NL_SET_ERR_MSG(extack,
			       "another ISATAP device in this namespace has this address");
		return -EADDRINUSE;
	}
	return register_netdevice(dev);
}

static struct rtnl_link_ops isatap_link_ops __read_mostly = {
	.kind		= ISATAP_KIND,
	.priv_size	= sizeof(struct isatap_dev),
	.setup		= isatap_setup,
	.validate	= isatap_validate,
	.newlink	= isatap_newlink,
};

/* Zeroed memory is an empty table: nothing to set up per namespace. */
static struct pernet_operations isatap_net_ops = {
	.id	= &isatap_net_id,
	.size	= sizeof(struct isatap_net),
};

int ipt6_isatap_init(void)
{
	int err;

	err = register_pernet_device(&isatap_net_ops);
	if (err)
		return err;
	err = rtnl_link_register(&isatap_link_ops);
	if (err)
		goto err_pernet;
	err = xfrm4_tunnel_register(&isatap_handler, AF_INET6);
	if (err) {
		pr_err("ipt6: cannot register the IPv6-in-IPv4 handler at priority %d: %d\n",
		       ISATAP_TUNNEL4_PRIORITY, err);
		goto err_link;
	}
	return 0;
err_link:
	rtnl_link_unregister(&isatap_link_ops);
err_pernet:
	unregister_pernet_device(&isatap_net_ops);
	return err;
}

void ipt6_isatap_exit(void)
{
	/* Waits for receivers in flight; then the devices, then the tables. */
	xfrm4_tunnel_deregister(&isatap_handler, AF_INET6);
	rtnl_link_unregister(&isatap_link_ops);
	unregister_pernet_device(&isatap_net_ops);
}

MODULE_ALIAS_RTNL_LINK(ISATAP_KIND);
