/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API drift, in one place, so the driver has no #ifdefs of its
 * own.  The module is built and tested on Debian's 6.12 and on the
 * newest kernel Debian ships (7.x).  Distributions backport networking
 * changes into older kernels (RHEL's 6.12 carries many from later
 * releases), so each change is keyed on what Kbuild finds in the
 * headers of the kernel being built for (IPT6_HAVE_*, see Kbuild), not
 * on the version number.
 */
#ifndef _IPT6_COMPAT_H
#define _IPT6_COMPAT_H

#include <linux/netdevice.h>
#include <net/ip_tunnels.h>

/*
 * 6.15 passes rtnl_link_ops::newlink its arguments in struct
 * rtnl_newlink_params.  Both argument lists name the new device @dev
 * and the extended ack @extack.
 */
#ifdef IPT6_HAVE_NEWLINK_PARAMS
#define IPT6_NEWLINK_ARGS	struct net_device *dev,			\
				struct rtnl_newlink_params *params,	\
				struct netlink_ext_ack *extack
#else
#define IPT6_NEWLINK_ARGS	struct net *src_net, struct net_device *dev, \
				struct nlattr *tb[], struct nlattr *data[], \
				struct netlink_ext_ack *extack
#endif

/* Later kernels call net_device::netns_local netns_immutable. */
static inline void ipt6_set_netns_local(struct net_device *dev)
{
#ifdef IPT6_HAVE_NETNS_IMMUTABLE
	dev->netns_immutable = true;
#else
	dev->netns_local = true;
#endif
}

/*
 * Later kernels (7.x) take, as the last argument of iptunnel_xmit(),
 * IPCB flags for the packet to start IP output with; none are wanted.
 */
static inline void ipt6_iptunnel_xmit(struct rtable *rt, struct sk_buff *skb,
				      __be32 src, __be32 dst, u8 proto,
				      u8 tos, u8 ttl, __be16 df)
{
#ifdef IPT6_HAVE_XMIT_IPCB
	iptunnel_xmit(NULL, rt, skb, src, dst, proto, tos, ttl, df, false, 0);
#else
	iptunnel_xmit(NULL, rt, skb, src, dst, proto, tos, ttl, df, false);
#endif
}

#endif /* _IPT6_COMPAT_H */
