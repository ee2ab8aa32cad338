/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API drift, in one place.  The module is built and tested on
 * Debian's 6.12; newer kernels changed the rtnl newlink callback.  Both
 * argument lists name the new device @dev.
 */
#ifndef _IPT6_COMPAT_H
#define _IPT6_COMPAT_H

#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
#define IPT6_NEWLINK_ARGS	struct net_device *dev,			\
				struct rtnl_newlink_params *params,	\
				struct netlink_ext_ack *extack
#else
#define IPT6_NEWLINK_ARGS	struct net *src_net, struct net_device *dev, \
				struct nlattr *tb[], struct nlattr *data[], \
				struct netlink_ext_ack *extack
#endif

#endif /* _IPT6_COMPAT_H */
