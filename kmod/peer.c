// SPDX-License-Identifier: GPL-2.0
/*
 * Peers: one TLS connection each.  A peer lives on its device's list from
 * attach until teardown; readers on the data path find it under RCU and
 * references keep it alive in netlink replies.  Teardown always runs from
 * a work item, so that softirq callbacks and the workers themselves can
 * ask for it.
 */
#include <crypto/utils.h>
#include <linux/net.h>
#include <linux/file.h>
#include <linux/timekeeping.h>

#include "ipt6.h"

static void ipt6_peer_free_rcu(struct rcu_head *head)
{
	struct ipt6_peer *peer = container_of(head, struct ipt6_peer, rcu);

	kfree(peer);
}

void ipt6_peer_put(struct ipt6_peer *peer)
{
	if (refcount_dec_and_test(&peer->refcnt)) {
		netdev_put(peer->ipt6->dev, &peer->dev_tracker);
		call_rcu(&peer->rcu, ipt6_peer_free_rcu);
	}
}

void ipt6_peer_traffic(const struct ipt6_traffic *t, u64 *packets,
		       u64 *bytes)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&t->syncp);
		*packets = u64_stats_read(&t->packets);
		*bytes = u64_stats_read(&t->bytes);
	} while (u64_stats_fetch_retry(&t->syncp, start));
}

/* Drop the device's link to a detached peer; under ipt6->lock. */
static void ipt6_peer_unlink(struct ipt6_peer *peer)
{
	struct ipt6_dev *ipt6 = peer->ipt6;

	lockdep_assert_held(&ipt6->lock);
	list_del(&peer->node);
	xa_erase(&ipt6->peer_ids, peer->id);
	WRITE_ONCE(ipt6->npeers, ipt6->npeers - 1);
	if (rcu_access_pointer(ipt6->client_peer) == peer) {
		RCU_INIT_POINTER(ipt6->client_peer, NULL);
		netif_carrier_off(ipt6->dev);
	}
	ipt6_addr_forget_peer(peer);
}

/*
 * Teardown.  Who may still hold a dying peer, and why each one ends:
 *
 * - Whoever walks ipt6->peers or looks up ipt6->peer_ids does it under
 *   ipt6->lock: netlink (peer-del by id, the peer-get dump), the RA
 *   work, the release of a closed socket's peers, a session's take-over
 *   and device deletion.  ipt6_peer_unlink() takes the peer off both
 *   under that lock, so none finds it afterwards.
 * - Transmit finds the peer under rcu_read_lock() through
 *   ipt6->client_peer (a client's ndo_start_xmit) or the address table
 *   (a server's ndo_start_xmit, and a client's packet to another client,
 *   forwarded from the sender's receive worker).  ipt6_peer_unlink()
 *   clears both; synchronize_rcu() below waits for every reader that
 *   found the peer before that.
 * - The socket callbacks run under sk_callback_lock (read) and find the
 *   peer in sk_user_data.  ipt6_sock_detach() takes it for writing and
 *   clears sk_user_data: no callback runs for the peer after it returns.
 * - rx_work and tx_work are queued by the socket callbacks, by transmit
 *   (the RA work's sends included), by themselves, and once by
 *   ipt6_peer_new() under ipt6->lock, before this work can run
 *   ipt6_peer_unlink().  With their queuers gone, cancel_work_sync()
 *   leaves no run queued or running, re-queueing included.  Packets the
 *   receive worker handed to GRO do not point to the peer; those still
 *   queued for sending are dropped here.
 * - Netlink: peer-new's caller and peer-del hold references (refcount),
 *   which may outlast the device's deletion: the peer holds its device
 *   (dev_tracker) until the last one goes, so peer->ipt6 stays valid.
 *   The peer-del notification is sent from this work.
 *
 * The reference the peer was attached with goes at the end of this
 * work; the last one frees the peer after an RCU grace period.
 */
static void ipt6_peer_del_work(struct work_struct *work)
{
	struct ipt6_peer *peer = container_of(work, struct ipt6_peer,
					      del_work);
	struct ipt6_dev *ipt6 = peer->ipt6;
	enum ipt6_del_reason reason = atomic_read(&peer->del_reason);

	mutex_lock(&ipt6->lock);
	ipt6_peer_unlink(peer);
	mutex_unlock(&ipt6->lock);

	/* No new callbacks after this, and no transmitter still sees us. */
	ipt6_sock_detach(peer);
	synchronize_rcu();
	cancel_work_sync(&peer->rx_work);
	cancel_work_sync(&peer->tx_work);

	ipt6_tx_purge(peer);
	ipt6_rx_reset(&peer->rx);
	ipt6_count(ipt6, NULL, IPT6_CNT_PEERS_DETACHED);
	ipt6_nl_notify_peer_del(peer, reason);
	netdev_dbg(ipt6->dev, "peer %u detached (reason %d)\n", peer->id,
		   reason);

	/* Our own decisions close the connection at once. */
	if (reason == IPT6_DEL_REASON_ADMIN ||
	    reason == IPT6_DEL_REASON_DEVICE_GONE ||
	    reason == IPT6_DEL_REASON_OWNER_GONE ||
	    reason == IPT6_DEL_REASON_REPLACED)
		kernel_sock_shutdown(peer->sock, SHUT_RDWR);
	fput(peer->sock->file);
	peer->sock = NULL;

	/*
	 * Carrier went off in ipt6_peer_unlink(), under the lock: looking at
	 * npeers here, unlocked, could turn it off under a new peer.
	 */
	ipt6_peer_put(peer);
}

/*
 * Ask for the peer's teardown.  Safe from any context; only the first
 * reason counts, and only its caller queues the work.
 */
void ipt6_peer_del(struct ipt6_peer *peer, enum ipt6_del_reason reason)
{
	if (atomic_cmpxchg(&peer->del_reason, -1, reason) != -1)
		return;
	queue_work(ipt6_wq, &peer->del_work);
}

/* Why a peer whose socket failed with @err goes: did the other end fall silent? */
enum ipt6_del_reason ipt6_err_reason(int err)
{
	return err == -ETIMEDOUT ? IPT6_DEL_REASON_TIMEOUT :
				   IPT6_DEL_REASON_ERROR;
}

/*
 * A client that reconnects (after a network cut, from a new address)
 * comes back with its session id while the server may still hold its
 * old, silent connection.  The new peer replaces the old one and takes
 * its addresses, so traffic for the client flows at once, instead of
 * being refused as spoofed until the old connection times out.
 */
static void ipt6_peer_take_over(struct ipt6_peer *peer)
{
	struct ipt6_dev *ipt6 = peer->ipt6;
	struct ipt6_peer *old;

	lockdep_assert_held(&ipt6->lock);
	list_for_each_entry(old, &ipt6->peers, node) {
		/* A secret: compared in constant time. */
		if (old == peer || !old->has_session ||
		    crypto_memneq(old->session, peer->session,
				  IPT6_SESSION_LEN))
			continue;
		/* Dying first: it learns no address after the move. */
		ipt6_peer_del(old, IPT6_DEL_REASON_REPLACED);
		ipt6_addr_move(old, peer);
	}
}

static int ipt6_peer_link(struct ipt6_peer *peer,
			  struct netlink_ext_ack *extack)
{
	struct ipt6_dev *ipt6 = peer->ipt6;
	int err;

	lockdep_assert_held(&ipt6->lock);
	if (ipt6->dead) {
		NL_SET_ERR_MSG(extack, "device is being deleted");
		return -ENODEV;
	}
	if (peer->has_session && ipt6->role != IPT6_ROLE_SERVER) {
		NL_SET_ERR_MSG(extack, "only a server's peers have session ids");
		return -EINVAL;
	}
	if (ipt6->role == IPT6_ROLE_CLIENT && ipt6->npeers) {
		NL_SET_ERR_MSG(extack,
			       "a client device has one peer: detach it first");
		return -EBUSY;
	}
	err = xa_alloc_cyclic(&ipt6->peer_ids, &peer->id, peer,
			      XA_LIMIT(1, U32_MAX), &ipt6->next_id,
			      GFP_KERNEL);
	if (err < 0) {
		NL_SET_ERR_MSG(extack, "no free peer id");
		return err;
	}
	list_add_tail(&peer->node, &ipt6->peers);
	WRITE_ONCE(ipt6->npeers, ipt6->npeers + 1);
	return 0;
}

/*
 * Attach @sock as a new peer.  On success the peer is returned with a
 * reference for the caller (drop it with ipt6_peer_put()): the receive
 * worker runs at once, and a client that closes right away may have its
 * peer detached before the caller is done with it.
 */
struct ipt6_peer *ipt6_peer_new(struct ipt6_dev *ipt6, struct socket *sock,
				u32 owner_portid, const u8 *session,
				struct netlink_ext_ack *extack)
{
	struct ipt6_peer *peer;
	int err;

	peer = kzalloc(sizeof(*peer), GFP_KERNEL);
	if (!peer)
		return ERR_PTR(-ENOMEM);

	peer->ipt6 = ipt6;
	peer->sock = sock;
	peer->owner_portid = owner_portid;
	if (session) {
		memcpy(peer->session, session, IPT6_SESSION_LEN);
		peer->has_session = true;
	}
	refcount_set(&peer->refcnt, 1);
	atomic_set(&peer->del_reason, -1);
	peer->attached_at = ktime_get_boottime_seconds();
	INIT_WORK(&peer->rx_work, ipt6_rx_work);
	INIT_WORK(&peer->tx_work, ipt6_tx_work);
	INIT_WORK(&peer->del_work, ipt6_peer_del_work);
	skb_queue_head_init(&peer->txq);
	__skb_queue_head_init(&peer->tx_batch);
	INIT_LIST_HEAD(&peer->addrs);
	u64_stats_init(&peer->rx_stats.syncp);
	u64_stats_init(&peer->tx_stats.syncp);
	kernel_getpeername(sock, (struct sockaddr *)&peer->remote);
	netdev_hold(ipt6->dev, &peer->dev_tracker, GFP_KERNEL);

	mutex_lock(&ipt6->lock);
	err = ipt6_peer_link(peer, extack);
	if (err)
		goto err_unlock;

	err = ipt6_sock_attach(peer);
	if (err) {
		NL_SET_ERR_MSG(extack, "socket is already in use by another owner");
		/*
		 * Nothing else has seen the peer: it was reachable only by
		 * id, under the lock we hold.  Still, free it the one way.
		 */
		ipt6_peer_unlink(peer);
		mutex_unlock(&ipt6->lock);
		peer->sock = NULL;	/* the caller keeps its reference */
		ipt6_peer_put(peer);
		return ERR_PTR(err);
	}
	/*
	 * Only now, with the socket ours, may the peer replace an old one
	 * of its session: a failed attach must not have killed it.
	 */
	if (peer->has_session)
		ipt6_peer_take_over(peer);
	if (ipt6->role == IPT6_ROLE_CLIENT) {
		rcu_assign_pointer(ipt6->client_peer, peer);
		if (netif_running(ipt6->dev))
			netif_carrier_on(ipt6->dev);
	}
	refcount_inc(&peer->refcnt);	/* the caller's */
	/*
	 * Data may have arrived before our callbacks were in place.  Queued
	 * under the lock, before a teardown can unlink the peer, so that the
	 * teardown's cancel_work_sync() is sure to see this run too.
	 */
	queue_work(ipt6_wq, &peer->rx_work);
	mutex_unlock(&ipt6->lock);
	return peer;

err_unlock:
	mutex_unlock(&ipt6->lock);
	netdev_put(ipt6->dev, &peer->dev_tracker);
	kfree(peer);
	return ERR_PTR(err);
}

struct ipt6_peer *ipt6_peer_get_by_id(struct ipt6_dev *ipt6, u32 id)
{
	struct ipt6_peer *peer;

	mutex_lock(&ipt6->lock);
	peer = xa_load(&ipt6->peer_ids, id);
	if (peer)
		refcount_inc(&peer->refcnt);
	mutex_unlock(&ipt6->lock);
	return peer;
}

/* Detach every peer and wait until all are gone (device teardown). */
void ipt6_peers_flush(struct ipt6_dev *ipt6)
{
	struct ipt6_peer *peer;

	mutex_lock(&ipt6->lock);
	ipt6->dead = true;
	list_for_each_entry(peer, &ipt6->peers, node)
		ipt6_peer_del(peer, IPT6_DEL_REASON_DEVICE_GONE);
	mutex_unlock(&ipt6->lock);
	flush_workqueue(ipt6_wq);
}

/* The netlink socket @portid closed: detach the peers it owned. */
void ipt6_peers_release_owner(struct ipt6_dev *ipt6, u32 portid)
{
	struct ipt6_peer *peer;

	mutex_lock(&ipt6->lock);
	list_for_each_entry(peer, &ipt6->peers, node)
		if (peer->owner_portid == portid)
			ipt6_peer_del(peer, IPT6_DEL_REASON_OWNER_GONE);
	mutex_unlock(&ipt6->lock);
}
