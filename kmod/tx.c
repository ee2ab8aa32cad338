// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit: ndo_start_xmit finds the peer and queues the packet on it
 * (GSO super-packets cut into MTU-sized ones first); a worker writes the
 * queued packets into the kTLS socket with sock_sendmsg, which encrypts
 * them.  (The *_locked send helpers bypass kTLS and would put plaintext
 * on the wire.)  One sendmsg carries a batch of packets straight from
 * their pages, about a full TLS record; MSG_MORE keeps the record open
 * while more are queued, so packets share records.
 */
#include <linux/net.h>
#include <linux/ipv6.h>
#include <linux/uio.h>
#include <net/gso.h>
#include <net/sock.h>
#include <net/tls.h>

#include "ipt6.h"

/* Batches one run of the worker sends before it lets other work run. */
#define IPT6_TX_BUDGET		64

static struct ipt6_peer *ipt6_tx_peer(struct ipt6_dev *ipt6,
				      struct sk_buff *skb)
{
	if (ipt6_role(ipt6) == IPT6_ROLE_CLIENT)
		return rcu_dereference(ipt6->client_peer);
	return ipt6_addr_lookup(ipt6, &ipv6_hdr(skb)->daddr);
}

/* Queue @skb (one packet) on @peer; under rcu_read_lock(). */
static void ipt6_tx_queue(struct ipt6_dev *ipt6, struct ipt6_peer *peer,
			  struct sk_buff *skb)
{
	/*
	 * A client's one connection pushes back through the qdisc.  A
	 * server must not let one slow client stall all the others: it
	 * drops that client's excess instead.
	 */
	if (skb_queue_len(&peer->txq) >= IPT6_TXQ_LEN) {
		ipt6_count(ipt6, peer, IPT6_CNT_TX_DROP_QUEUE);
		kfree_skb(skb);
		return;
	}
	skb_queue_tail(&peer->txq, skb);
	if (ipt6_role(ipt6) == IPT6_ROLE_CLIENT &&
	    skb_queue_len(&peer->txq) >= IPT6_TXQ_LEN)
		netif_stop_queue(ipt6->dev);
}

netdev_tx_t ipt6_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct ipt6_dev *ipt6 = netdev_priv(dev);
	struct sk_buff *segs, *next;
	struct ipt6_peer *peer;

	if (skb->protocol != htons(ETH_P_IPV6) ||
	    !pskb_may_pull(skb, sizeof(struct ipv6hdr))) {
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	if (ipt6_role(ipt6) == IPT6_ROLE_SERVER &&
	    ipt6_nd_server_tx_filter(ipt6, skb))
		return NETDEV_TX_OK;

	rcu_read_lock();
	peer = ipt6_tx_peer(ipt6, skb);
	if (unlikely(!peer || atomic_read(&peer->del_reason) != -1)) {
		ipt6_count(ipt6, NULL, IPT6_CNT_TX_DROP_NOPEER);
		kfree_skb(skb);
		goto out;
	}

	if (skb_is_gso(skb)) {
		segs = skb_gso_segment(skb, 0);
		if (IS_ERR_OR_NULL(segs)) {
			dev_core_stats_tx_dropped_inc(dev);
			kfree_skb(skb);
			goto out;
		}
		consume_skb(skb);
		skb = segs;
	}
	skb_list_walk_safe(skb, skb, next) {
		skb_mark_not_on_list(skb);
		skb_dst_drop(skb);
		ipt6_tx_queue(ipt6, peer, skb);
	}
	queue_work(ipt6_wq, &peer->tx_work);
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

/*
 * Send @skb, made or received here (an RA, a packet from one client to
 * another), to @peer; under rcu_read_lock().
 */
void ipt6_tx_send(struct ipt6_dev *ipt6, struct ipt6_peer *peer,
		  struct sk_buff *skb)
{
	if (atomic_read(&peer->del_reason) != -1) {
		ipt6_count(ipt6, NULL, IPT6_CNT_TX_DROP_NOPEER);
		kfree_skb(skb);
		return;
	}
	skb_dst_drop(skb);
	ipt6_tx_queue(ipt6, peer, skb);
	queue_work(ipt6_wq, &peer->tx_work);
}

/*
 * Count what one send completed.  The device's counters are per CPU and
 * this runs in a worker, preemptible: keep it on one CPU, with BH off as
 * the other updaters (receive, ndo_start_xmit) are.
 */
static void ipt6_tx_count(struct ipt6_peer *peer, unsigned int packets,
			  unsigned int bytes)
{
	u64_stats_update_begin(&peer->tx_stats.syncp);
	u64_stats_add(&peer->tx_stats.packets, packets);
	u64_stats_add(&peer->tx_stats.bytes, bytes);
	u64_stats_update_end(&peer->tx_stats.syncp);
	local_bh_disable();
	dev_sw_netstats_tx_add(peer->ipt6->dev, packets, bytes);
	local_bh_enable();
}

/* Finish the packet for the wire: its checksum, one flat list of pages. */
static int ipt6_tx_prepare(struct sk_buff *skb)
{
	if (skb_has_frag_list(skb) && __skb_linearize(skb))
		return -ENOMEM;
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return -EINVAL;
	return 0;
}

/* Pieces of @skb from @off on, into @bv; returns how many, 0 if no room. */
static int ipt6_tx_bvecs(struct sk_buff *skb, unsigned int off,
			 struct bio_vec *bv, int room)
{
	unsigned int head = skb_headlen(skb);
	int i, n = 0;

	if (skb_shinfo(skb)->nr_frags + 1 > room)
		return 0;
	if (off < head) {
		bvec_set_virt(&bv[n++], skb->data + off, head - off);
		off = 0;
	} else {
		off -= head;
	}
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		unsigned int len = skb_frag_size(frag);

		if (off >= len) {
			off -= len;
			continue;
		}
		bvec_set_page(&bv[n++], skb_frag_page(frag), len - off,
			      skb_frag_off(frag) + off);
		off = 0;
	}
	return n;
}

/* Move packets from the queue into the batch, up to a record's worth. */
static void ipt6_tx_fill(struct ipt6_peer *peer)
{
	struct ipt6_dev *ipt6 = peer->ipt6;
	unsigned int bytes = 0;
	struct sk_buff *skb;

	skb_queue_walk(&peer->tx_batch, skb)
		bytes += skb->len;
	while (bytes < TLS_MAX_PAYLOAD_SIZE &&
	       skb_queue_len(&peer->tx_batch) < IPT6_TX_BVECS / 2 &&
	       (skb = skb_dequeue(&peer->txq))) {
		if (ipt6_tx_prepare(skb)) {
			ipt6_count(ipt6, peer, IPT6_CNT_TX_DROP_ERROR);
			kfree_skb(skb);
			continue;
		}
		__skb_queue_tail(&peer->tx_batch, skb);
		bytes += skb->len;
	}
	if (netif_queue_stopped(ipt6->dev) &&
	    skb_queue_len(&peer->txq) < IPT6_TXQ_WAKE)
		netif_wake_queue(ipt6->dev);
}

/* Send the batch; returns bytes sent or a negative error. */
static int ipt6_tx_send_batch(struct ipt6_peer *peer)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	unsigned int off = peer->tx_off;
	struct sk_buff *skb;
	size_t len = 0;
	int n = 0, got, i;

	skb_queue_walk(&peer->tx_batch, skb) {
		got = ipt6_tx_bvecs(skb, off, peer->tx_bvec + n,
				    IPT6_TX_BVECS - n);
		if (!got)
			break;
		n += got;
		off = 0;
	}
	/* More is on its way: keep the TLS record open for it. */
	if (skb != (struct sk_buff *)&peer->tx_batch ||
	    !skb_queue_empty(&peer->txq))
		msg.msg_flags |= MSG_MORE;
	for (i = 0; i < n; i++)
		len += peer->tx_bvec[i].bv_len;
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, peer->tx_bvec, n, len);
	return sock_sendmsg(peer->sock, &msg);
}

/* @sent bytes went out: retire the packets they completed. */
static void ipt6_tx_retire(struct ipt6_peer *peer, unsigned int sent)
{
	unsigned int left, packets = 0, bytes = 0;
	struct sk_buff *skb;

	while (sent && (skb = skb_peek(&peer->tx_batch))) {
		left = skb->len - peer->tx_off;
		if (sent < left) {
			peer->tx_off += sent;
			break;
		}
		sent -= left;
		peer->tx_off = 0;
		__skb_unlink(skb, &peer->tx_batch);
		packets++;
		bytes += skb->len;
		consume_skb(skb);
	}
	if (packets)
		ipt6_tx_count(peer, packets, bytes);
}

void ipt6_tx_work(struct work_struct *work)
{
	struct ipt6_peer *peer = container_of(work, struct ipt6_peer, tx_work);
	int budget = IPT6_TX_BUDGET;
	int ret;

	if (atomic_read(&peer->del_reason) != -1)
		return;		/* teardown drops what is queued */
	while (budget--) {
		ipt6_tx_fill(peer);
		if (skb_queue_empty(&peer->tx_batch))
			return;
		ret = ipt6_tx_send_batch(peer);
		if (ret == -EAGAIN)
			return;		/* write_space queues us again */
		if (ret < 0) {
			ipt6_peer_del(peer, ipt6_err_reason(ret));
			return;
		}
		ipt6_tx_retire(peer, ret);
	}
	queue_work(ipt6_wq, &peer->tx_work);
}

/* Drop what a detached peer still had to send; it is counted as lost. */
void ipt6_tx_purge(struct ipt6_peer *peer)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&peer->tx_batch)) ||
	       (skb = skb_dequeue(&peer->txq))) {
		ipt6_count(peer->ipt6, peer, IPT6_CNT_TX_DROP_ERROR);
		kfree_skb(skb);
	}
	peer->tx_off = 0;
	netif_wake_queue(peer->ipt6->dev);
}
