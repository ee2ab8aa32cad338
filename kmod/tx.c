// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit: ndo_start_xmit finds the peer and queues the packet on it; a
 * worker writes queued packets into the kTLS socket with sock_sendmsg,
 * which encrypts them.  (The *_locked send helpers bypass kTLS and would
 * put plaintext on the wire.)  Packets sent while more are queued go with
 * MSG_MORE, so that kTLS fills shared records instead of one per packet.
 */
#include <linux/net.h>
#include <linux/ipv6.h>
#include <net/sock.h>

#include "ipt6.h"

/* Packets one run of the worker sends before it lets other work run. */
#define IPT6_TX_BUDGET		256

static struct ipt6_peer *ipt6_tx_peer(struct ipt6_dev *ipt6,
				      struct sk_buff *skb)
{
	if (ipt6->role == IPT6_ROLE_CLIENT)
		return rcu_dereference(ipt6->client_peer);
	return ipt6_addr_lookup(ipt6, &ipv6_hdr(skb)->daddr);
}

netdev_tx_t ipt6_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct ipt6_dev *ipt6 = netdev_priv(dev);
	struct ipt6_peer *peer;

	if (skb->protocol != htons(ETH_P_IPV6) ||
	    !pskb_may_pull(skb, sizeof(struct ipv6hdr)) ||
	    skb_linearize(skb)) {
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}

	rcu_read_lock();
	peer = ipt6_tx_peer(ipt6, skb);
	if (unlikely(!peer || atomic_read(&peer->del_reason) != -1)) {
		ipt6_count(ipt6, NULL, IPT6_CNT_TX_DROP_NOPEER);
		kfree_skb(skb);
		goto out;
	}

	/*
	 * A client's one connection pushes back through the qdisc.  A
	 * server must not let one slow client stall all the others: it
	 * drops that client's excess instead.
	 */
	if (skb_queue_len(&peer->txq) >= IPT6_TXQ_LEN) {
		ipt6_count(ipt6, peer, IPT6_CNT_TX_DROP_QUEUE);
		kfree_skb(skb);
	} else {
		skb_queue_tail(&peer->txq, skb);
		if (ipt6->role == IPT6_ROLE_CLIENT &&
		    skb_queue_len(&peer->txq) >= IPT6_TXQ_LEN)
			netif_stop_queue(dev);
	}
	queue_work(ipt6_wq, &peer->tx_work);
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

static void ipt6_tx_done(struct ipt6_peer *peer, struct sk_buff *skb)
{
	struct net_device *dev = peer->ipt6->dev;

	u64_stats_update_begin(&peer->tx_stats.syncp);
	u64_stats_inc(&peer->tx_stats.packets);
	u64_stats_add(&peer->tx_stats.bytes, skb->len);
	u64_stats_update_end(&peer->tx_stats.syncp);
	dev_sw_netstats_tx_add(dev, 1, skb->len);
	consume_skb(skb);
}

/* Send what is left of peer->tx_skb.  Returns 0 when all of it went. */
static int ipt6_tx_one(struct ipt6_peer *peer, bool more)
{
	struct sk_buff *skb = peer->tx_skb;
	struct msghdr msg = {
		.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL | (more ? MSG_MORE : 0),
	};
	struct kvec iov;
	int ret;

	while (peer->tx_off < skb->len) {
		iov.iov_base = skb->data + peer->tx_off;
		iov.iov_len = skb->len - peer->tx_off;
		ret = kernel_sendmsg(peer->sock, &msg, &iov, 1, iov.iov_len);
		if (ret < 0)
			return ret;
		peer->tx_off += ret;
	}
	return 0;
}

void ipt6_tx_work(struct work_struct *work)
{
	struct ipt6_peer *peer = container_of(work, struct ipt6_peer, tx_work);
	struct net_device *dev = peer->ipt6->dev;
	int budget = IPT6_TX_BUDGET;
	int ret;

	if (atomic_read(&peer->del_reason) != -1)
		return;		/* teardown drops what is queued */
	while (budget--) {
		if (!peer->tx_skb) {
			peer->tx_skb = skb_dequeue(&peer->txq);
			peer->tx_off = 0;
			if (!peer->tx_skb)
				return;
			if (netif_queue_stopped(dev) &&
			    skb_queue_len(&peer->txq) < IPT6_TXQ_WAKE)
				netif_wake_queue(dev);
		}
		/* Only this worker dequeues: a queued packet follows. */
		ret = ipt6_tx_one(peer, !skb_queue_empty(&peer->txq));
		if (ret == -EAGAIN)
			return;		/* write_space queues us again */
		if (ret < 0) {
			ipt6_peer_del(peer, IPT6_DEL_REASON_ERROR);
			return;
		}
		ipt6_tx_done(peer, peer->tx_skb);
		peer->tx_skb = NULL;
	}
	queue_work(ipt6_wq, &peer->tx_work);
}

/* Drop what a detached peer still had to send; it is counted as lost. */
void ipt6_tx_purge(struct ipt6_peer *peer)
{
	struct sk_buff *skb;

	if (peer->tx_skb) {
		ipt6_count(peer->ipt6, peer, IPT6_CNT_TX_DROP_ERROR);
		kfree_skb(peer->tx_skb);
		peer->tx_skb = NULL;
	}
	while ((skb = skb_dequeue(&peer->txq))) {
		ipt6_count(peer->ipt6, peer, IPT6_CNT_TX_DROP_ERROR);
		kfree_skb(skb);
	}
	netif_wake_queue(peer->ipt6->dev);
}
