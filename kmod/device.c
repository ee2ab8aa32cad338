// SPDX-License-Identifier: GPL-2.0
/*
 * The iphttps network device: IPv6 only, no link-layer header, MTU 1280 by
 * default.  Carrier follows the peer on a client; a server is up as long as
 * it is administratively up.
 */
#include <linux/if_arp.h>
#include <linux/etherdevice.h>
#include <net/rtnetlink.h>

#include "ipt6.h"
#include "compat.h"

/* Every IP-HTTPS device, for finding peers by owner across namespaces. */
static LIST_HEAD(ipt6_devs);
static DEFINE_MUTEX(ipt6_devs_lock);

bool ipt6_is_ipt6_dev(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &ipt6_link_ops;
}

void ipt6_count(struct ipt6_dev *ipt6, struct ipt6_peer *peer,
		enum ipt6_counter c)
{
	atomic64_inc(&ipt6->counters.cnt[c]);
	if (peer)
		atomic64_inc(&peer->counters.cnt[c]);
}

void ipt6_prefix_get(struct ipt6_dev *ipt6, struct ipt6_prefix *pfx)
{
	spin_lock_bh(&ipt6->status_lock);
	*pfx = ipt6->prefix;
	spin_unlock_bh(&ipt6->status_lock);
}

void ipt6_release_owner(struct net *net, u32 portid)
{
	struct ipt6_dev *ipt6;

	mutex_lock(&ipt6_devs_lock);
	list_for_each_entry(ipt6, &ipt6_devs, devs_node)
		if (net_eq(dev_net(ipt6->dev), net))
			ipt6_peers_release_owner(ipt6, portid);
	mutex_unlock(&ipt6_devs_lock);
}

static int ipt6_dev_init(struct net_device *dev)
{
	struct ipt6_dev *ipt6 = netdev_priv(dev);
	int err;

	err = gro_cells_init(&ipt6->gro_cells, dev);
	if (err)
		return err;
	err = ipt6_addrtab_init(ipt6);
	if (err) {
		gro_cells_destroy(&ipt6->gro_cells);
		return err;
	}
	ipt6_nd_init(ipt6);
	mutex_lock(&ipt6_devs_lock);
	list_add(&ipt6->devs_node, &ipt6_devs);
	mutex_unlock(&ipt6_devs_lock);
	return 0;
}

static void ipt6_dev_uninit(struct net_device *dev)
{
	struct ipt6_dev *ipt6 = netdev_priv(dev);

	mutex_lock(&ipt6_devs_lock);
	list_del(&ipt6->devs_node);
	mutex_unlock(&ipt6_devs_lock);
	ipt6_nd_stop(ipt6);
	ipt6_peers_flush(ipt6);
	ipt6_dns_set(ipt6, NULL);
	ipt6_addrtab_free(ipt6);
	gro_cells_destroy(&ipt6->gro_cells);
}

static int ipt6_dev_open(struct net_device *dev)
{
	struct ipt6_dev *ipt6 = netdev_priv(dev);

	/*
	 * A client has carrier only while its server connection is up.
	 * Under the lock (it nests inside RTNL): a peer unlinked between
	 * the test and the carrier change would leave carrier on.
	 */
	mutex_lock(&ipt6->lock);
	if (ipt6->role == IPT6_ROLE_SERVER ||
	    rcu_access_pointer(ipt6->client_peer))
		netif_carrier_on(dev);
	else
		netif_carrier_off(dev);
	mutex_unlock(&ipt6->lock);
	netif_start_queue(dev);
	return 0;
}

static int ipt6_dev_stop(struct net_device *dev)
{
	netif_stop_queue(dev);
	return 0;
}

static void ipt6_get_stats64(struct net_device *dev,
			     struct rtnl_link_stats64 *stats)
{
	struct ipt6_dev *ipt6 = netdev_priv(dev);
	const atomic64_t *cnt = ipt6->counters.cnt;

	dev_get_tstats64(dev, stats);
	stats->rx_frame_errors = atomic64_read(&cnt[IPT6_CNT_RX_DROP_FRAMING]);
	stats->rx_dropped = atomic64_read(&cnt[IPT6_CNT_RX_DROP_NOMEM]) +
			    atomic64_read(&cnt[IPT6_CNT_RX_DROP_TLS]) +
			    atomic64_read(&cnt[IPT6_CNT_RX_DROP_SPOOF]);
	stats->rx_errors = stats->rx_frame_errors;
	stats->tx_dropped = atomic64_read(&cnt[IPT6_CNT_TX_DROP_NOPEER]) +
			    atomic64_read(&cnt[IPT6_CNT_TX_DROP_QUEUE]) +
			    atomic64_read(&cnt[IPT6_CNT_TX_DROP_ERROR]);
	stats->tx_carrier_errors = atomic64_read(&cnt[IPT6_CNT_TX_DROP_NOPEER]);
}

static const struct net_device_ops ipt6_netdev_ops = {
	.ndo_init		= ipt6_dev_init,
	.ndo_uninit		= ipt6_dev_uninit,
	.ndo_open		= ipt6_dev_open,
	.ndo_stop		= ipt6_dev_stop,
	.ndo_start_xmit		= ipt6_xmit,
	.ndo_get_stats64	= ipt6_get_stats64,
};

#define IPT6_NETDEV_FEATURES	(NETIF_F_HW_CSUM | NETIF_F_RXCSUM | NETIF_F_SG | \
				 NETIF_F_GSO | NETIF_F_GSO_SOFTWARE | \
				 NETIF_F_HIGHDMA)

static const struct device_type ipt6_type = {
	.name = IPT6_KIND,
};

static void ipt6_setup(struct net_device *dev)
{
	struct ipt6_dev *ipt6 = netdev_priv(dev);

	dev->netdev_ops = &ipt6_netdev_ops;
	dev->needs_free_netdev = true;
	SET_NETDEV_DEVTYPE(dev, &ipt6_type);

	/*
	 * Raw IPv6 on a multi-access link with no link-layer addresses.
	 * IFF_MULTICAST lets the kernel's addrconf send Router Solicitations
	 * and run SLAAC.  No IFF_NOARP: addrconf then runs duplicate address
	 * detection, which the server answers for the link; neighbours still
	 * need no resolution, as the device has no header_ops.
	 */
	dev->type = ARPHRD_NONE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->flags = IFF_POINTOPOINT | IFF_MULTICAST;
	/*
	 * Take GSO super-packets and unfinished checksums, as WireGuard
	 * does: segmenting and summing here is cheaper than in the stack,
	 * and the segments go out in shared TLS records anyway.
	 */
	dev->features |= IPT6_NETDEV_FEATURES;
	dev->hw_features |= IPT6_NETDEV_FEATURES;
	dev->hw_enc_features |= IPT6_NETDEV_FEATURES;

	/* A qdisc holds packets while a client's connection pushes back. */
	dev->tx_queue_len = 1000;
	dev->mtu = IPT6_MIN_MTU;
	dev->min_mtu = IPT6_MIN_MTU;
	dev->max_mtu = IPT6_MAX_MTU;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;

	memset(ipt6, 0, sizeof(*ipt6));
	ipt6->dev = dev;
	ipt6->role = IPT6_ROLE_CLIENT;
	mutex_init(&ipt6->lock);
	INIT_LIST_HEAD(&ipt6->peers);
	xa_init_flags(&ipt6->peer_ids, XA_FLAGS_ALLOC1);
	spin_lock_init(&ipt6->status_lock);
}

static int ipt6_newlink(IPT6_NEWLINK_ARGS)
{
	struct ipt6_dev *ipt6 = netdev_priv(dev);
	int err;

	err = register_netdevice(dev);
	if (err)
		return err;

	/*
	 * addrconf gives an ARPHRD_NONE device random interface identifiers
	 * (as Windows clients use) by itself: nothing to set here.
	 */
	netif_carrier_off(dev);
	netdev_dbg(dev, "created (role %s)\n",
		   ipt6_role(ipt6) == IPT6_ROLE_SERVER ? "server" : "client");
	return 0;
}

struct rtnl_link_ops ipt6_link_ops __read_mostly = {
	.kind		= IPT6_KIND,
	.priv_size	= sizeof(struct ipt6_dev),
	.setup		= ipt6_setup,
	.newlink	= ipt6_newlink,
};
