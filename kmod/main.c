// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6: IP-HTTPS and ISATAP tunnels for Linux.
 *
 * IP-HTTPS: userspace does the TCP connect, proxy traversal, TLS handshake
 * and HTTP exchange, switches the socket to kernel TLS and hands it over;
 * from then on every packet is framed, encrypted and delivered in the
 * kernel.  ISATAP (isatap.c): IPv6 in IPv4 (protocol 41) to the routers of
 * a list userspace keeps.
 */
#include <linux/module.h>
#include <net/rtnetlink.h>
#include <net/genetlink.h>

#include "ipt6.h"

struct workqueue_struct *ipt6_wq;

static bool selftest;
module_param(selftest, bool, 0444);
MODULE_PARM_DESC(selftest, "Run the self-tests at load; refuse to load if one fails");
static uint selftest_seed;
module_param(selftest_seed, uint, 0444);
MODULE_PARM_DESC(selftest_seed, "Seed of the self-tests (0: a random one, printed)");

static int __init ipt6_init(void)
{
	int err;

	if (selftest) {
		err = ipt6_selftest(selftest_seed);
		if (err)
			return err;
	}

	/* Unbound: receive and send work for many peers spreads over CPUs. */
	ipt6_wq = alloc_workqueue("ipt6", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!ipt6_wq)
		return -ENOMEM;

	err = rtnl_link_register(&ipt6_link_ops);
	if (err)
		goto err_wq;

	err = ipt6_isatap_init();
	if (err)
		goto err_link;

	err = ipt6_nl_register();
	if (err)
		goto err_isatap;

	pr_info("ipt6: IP-HTTPS and ISATAP tunnel driver loaded\n");
	return 0;

err_isatap:
	ipt6_isatap_exit();
err_link:
	rtnl_link_unregister(&ipt6_link_ops);
err_wq:
	destroy_workqueue(ipt6_wq);
	return err;
}

static void __exit ipt6_exit(void)
{
	ipt6_isatap_exit();
	/*
	 * Deletes every device, which detaches and frees every peer.  The
	 * family goes after it, so that each detach is still multicast
	 * (reason device-gone) and the supervisors can say what happened.
	 */
	rtnl_link_unregister(&ipt6_link_ops);
	ipt6_nl_unregister();
	rcu_barrier();
	destroy_workqueue(ipt6_wq);
}

module_init(ipt6_init);
module_exit(ipt6_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IP-HTTPS tunnels over kernel TLS, and ISATAP tunnels");
MODULE_ALIAS_RTNL_LINK(IPT6_KIND);
MODULE_ALIAS_GENL_FAMILY(IPT6_FAMILY_NAME);
MODULE_SOFTDEP("pre: tls");
