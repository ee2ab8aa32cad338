// SPDX-License-Identifier: GPL-2.0
/*
 * Receive: the peer's TLS byte stream carries raw IPv6 packets back to
 * back.  A worker reads decrypted records with read_sock() (on kTLS:
 * tls_sw_read_sock), cuts packets at 40 + payload length, and hands them
 * to GRO.  strparser is not used: on top of kTLS it is not safe in 6.12.
 */
#include <linux/net.h>
#include <linux/ipv6.h>
#include <linux/tls.h>
#include <net/sock.h>
#include <net/tls.h>
#include <net/ipv6.h>

#include "ipt6.h"

/* Bytes one run of the worker reads before it lets other work run. */
#define IPT6_RX_BUDGET		(256 * 1024)

#define TLS_RECORD_ALERT	21
#define TLS_RECORD_HANDSHAKE	22
#define TLS_HS_NEW_SESSION_TICKET	4
#define TLS_HS_KEY_UPDATE	24

struct ipt6_rx_ctx {
	struct ipt6_peer *peer;
	struct sk_buff_head done;	/* complete packets, for GRO */
	size_t consumed;
	bool out_of_sync;
};

void ipt6_rx_reset(struct ipt6_rx_state *rx)
{
	kfree_skb(rx->skb);
	rx->skb = NULL;
	rx->hdr_len = 0;
	rx->need = 0;
}

/*
 * A whole header is in rx->hdr: check it and start the packet.  Only a
 * version other than 6 means the stream is out of sync: the 16-bit
 * payload length bounds every packet at 40 + 65535 bytes (jumbograms
 * cannot be framed this way).  A packet larger than our MTU is the other
 * end's larger MTU, not lost framing: its bytes are read past and the
 * packet is dropped and counted, as one without memory is.
 */
static int ipt6_rx_start_packet(struct ipt6_peer *peer)
{
	struct ipt6_rx_state *rx = &peer->rx;
	const struct ipv6hdr *ip6h = (const struct ipv6hdr *)rx->hdr;
	struct net_device *dev = peer->ipt6->dev;
	unsigned int total = sizeof(*ip6h) + ntohs(ip6h->payload_len);

	rx->hdr_len = 0;
	if (ip6h->version != 6)
		return -EPROTO;

	rx->need = total - sizeof(*ip6h);
	if (total > READ_ONCE(dev->mtu)) {
		ipt6_count(peer->ipt6, peer, IPT6_CNT_RX_DROP_OVERSIZE);
		return 0;
	}
	rx->skb = netdev_alloc_skb(dev, total);
	if (rx->skb)
		skb_put_data(rx->skb, rx->hdr, sizeof(*ip6h));
	else
		ipt6_count(peer->ipt6, peer, IPT6_CNT_RX_DROP_NOMEM);
	return 0;
}

static void ipt6_rx_finish_packet(struct ipt6_rx_ctx *ctx)
{
	struct ipt6_peer *peer = ctx->peer;
	struct sk_buff *skb = peer->rx.skb;

	peer->rx.skb = NULL;
	if (!skb)
		return;
	skb_reset_network_header(skb);
	/* No link-layer header; ND code still reads "the MAC header". */
	skb_reset_mac_header(skb);
	skb->protocol = htons(ETH_P_IPV6);
	__skb_queue_tail(&ctx->done, skb);
}

static int ipt6_rx_actor(read_descriptor_t *desc, struct sk_buff *skb,
			 unsigned int offset, size_t len)
{
	struct ipt6_rx_ctx *ctx = desc->arg.data;
	struct ipt6_rx_state *rx = &ctx->peer->rx;
	size_t used = 0;
	unsigned int n;

	while (used < len) {
		if (!rx->need && !rx->skb) {
			n = min_t(size_t, len - used,
				  sizeof(rx->hdr) - rx->hdr_len);
			skb_copy_bits(skb, offset + used, rx->hdr + rx->hdr_len,
				      n);
			rx->hdr_len += n;
			used += n;
			if (rx->hdr_len < sizeof(rx->hdr))
				break;
			if (ipt6_rx_start_packet(ctx->peer)) {
				ctx->out_of_sync = true;
				desc->count = 0;
				return used;
			}
		} else {
			n = min_t(size_t, len - used, rx->need);
			if (rx->skb)
				skb_copy_bits(skb, offset + used,
					      skb_put(rx->skb, n), n);
			rx->need -= n;
			used += n;
		}
		if (!rx->need)
			ipt6_rx_finish_packet(ctx);
	}
	ctx->consumed += used;
	if (ctx->consumed >= IPT6_RX_BUDGET)
		desc->count = 0;
	return used;
}

/*
 * The self-test's way into the cutter: what read_sock() does with one skb.
 * Complete packets go to @done; returns the bytes used, and whether the
 * stream lost its framing in @out_of_sync.
 */
size_t __init ipt6_rx_feed(struct ipt6_peer *peer, struct sk_buff *skb,
			   unsigned int offset, size_t len,
			   struct sk_buff_head *done, bool *out_of_sync)
{
	struct ipt6_rx_ctx ctx = { .peer = peer };
	read_descriptor_t desc = { .arg.data = &ctx, .count = 1 };
	size_t used;

	__skb_queue_head_init(&ctx.done);
	used = ipt6_rx_actor(&desc, skb, offset, len);
	skb_queue_splice_tail(&ctx.done, done);
	*out_of_sync = ctx.out_of_sync;
	return used;
}

/* Hand complete packets to the stack (on a server, after its checks). */
static void ipt6_rx_deliver(struct ipt6_rx_ctx *ctx)
{
	struct ipt6_peer *peer = ctx->peer;
	struct ipt6_dev *ipt6 = peer->ipt6;
	struct sk_buff *skb;
	unsigned int len;

	local_bh_disable();
	while ((skb = __skb_dequeue(&ctx->done))) {
		len = skb->len;
		skb->dev = ipt6->dev;
		skb->pkt_type = PACKET_HOST;
		/* The TLS record's authentication tag covered every byte. */
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		skb->csum_level = ~0;

		u64_stats_update_begin(&peer->rx_stats.syncp);
		u64_stats_inc(&peer->rx_stats.packets);
		u64_stats_add(&peer->rx_stats.bytes, len);
		u64_stats_update_end(&peer->rx_stats.syncp);
		dev_sw_netstats_rx_add(ipt6->dev, len);

		/* A server checks the source and speaks ND for the link. */
		if (ipt6_role(ipt6) == IPT6_ROLE_SERVER &&
		    ipt6_nd_server_rx(peer, skb))
			continue;
		gro_cells_receive(&ipt6->gro_cells, skb);
	}
	local_bh_enable();
}

/*
 * read_sock() stops at a non-data record.  Read it with recvmsg, which
 * tells its type, and decide: session tickets are dropped, an alert or a
 * key update (which 6.12's kTLS cannot follow) ends the session.
 * Returns 0 to go on reading, or a reason to end the session.
 */
static int ipt6_rx_control(struct ipt6_peer *peer)
{
	char cbuf[CMSG_SPACE(sizeof(u8))] __aligned(sizeof(long));
	struct cmsghdr *cmsg = (struct cmsghdr *)cbuf;
	struct msghdr msg = {
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct kvec iov;
	u8 *buf, type = 0;
	int ret;

	buf = kmalloc(TLS_MAX_PAYLOAD_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	iov.iov_base = buf;
	iov.iov_len = TLS_MAX_PAYLOAD_SIZE;
	ret = kernel_recvmsg(peer->sock, &msg, &iov, 1, iov.iov_len,
			     MSG_DONTWAIT);
	/* put_cmsg() moved msg_control on: read the cmsg from the buffer. */
	if (ret > 0 && msg.msg_controllen < sizeof(cbuf) &&
	    cmsg->cmsg_level == SOL_TLS &&
	    cmsg->cmsg_type == TLS_GET_RECORD_TYPE)
		type = *(u8 *)CMSG_DATA(cmsg);

	if (ret < 0)
		ret = ret == -EAGAIN ? 0 : ipt6_err_reason(ret);
	else if (type == TLS_RECORD_ALERT)
		/* close_notify (warning, 0) is an orderly close. */
		ret = ret >= 2 && buf[1] == 0 ? IPT6_DEL_REASON_CLOSED :
						IPT6_DEL_REASON_TLS_ALERT;
	else if (type == TLS_RECORD_HANDSHAKE && buf[0] == TLS_HS_KEY_UPDATE)
		ret = IPT6_DEL_REASON_TLS_REKEY;
	else if (type == TLS_RECORD_HANDSHAKE &&
		 buf[0] == TLS_HS_NEW_SESSION_TICKET) {
		ipt6_count(peer->ipt6, peer, IPT6_CNT_RX_DROP_TLS);
		ret = 0;
	} else {
		net_info_ratelimited("%s: peer %u: unexpected TLS record (type %u), ending session\n",
				     peer->ipt6->dev->name, peer->id, type);
		ret = IPT6_DEL_REASON_PROTOCOL;
	}
	kfree(buf);
	return ret;
}

void ipt6_rx_work(struct work_struct *work)
{
	struct ipt6_peer *peer = container_of(work, struct ipt6_peer, rx_work);
	struct socket *sock = peer->sock;
	struct sock *sk = sock->sk;
	struct ipt6_rx_ctx ctx = { .peer = peer };
	read_descriptor_t desc = { .arg.data = &ctx, .count = 1 };
	int reason = -1;
	int ret;

	/* A dying peer's stream is no longer read (it may be out of sync). */
	if (atomic_read(&peer->del_reason) != -1)
		return;
	__skb_queue_head_init(&ctx.done);
	lock_sock(sk);
	ret = sock->ops->read_sock(sk, &desc, ipt6_rx_actor);
	release_sock(sk);
	ipt6_rx_deliver(&ctx);

	if (ctx.out_of_sync) {
		ipt6_count(peer->ipt6, peer, IPT6_CNT_RX_DROP_FRAMING);
		reason = IPT6_DEL_REASON_PROTOCOL;
	} else if (ret > 0) {
		/*
		 * New data queues us by itself; a spent budget must.  So must
		 * an end of stream or an error that came with the data: its
		 * wake-up was spent on the run that read the data, and
		 * read_sock() returns what it read, not the end behind it.
		 */
		if (ctx.consumed >= IPT6_RX_BUDGET ||
		    READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN ||
		    READ_ONCE(sk->sk_err))
			queue_work(ipt6_wq, &peer->rx_work);
	} else if (ret == -EINVAL) {
		ret = ipt6_rx_control(peer);
		if (ret > 0)
			reason = ret;
		else if (ret == 0)
			queue_work(ipt6_wq, &peer->rx_work);
		else
			reason = IPT6_DEL_REASON_ERROR;
	} else if (ret == 0) {
		reason = IPT6_DEL_REASON_CLOSED;
	} else if (ret != -EAGAIN) {
		reason = ipt6_err_reason(ret);
	}

	if (reason >= 0) {
		if (reason == IPT6_DEL_REASON_PROTOCOL)
			net_info_ratelimited("%s: peer %u: stream lost IPv6 framing, ending session\n",
					     peer->ipt6->dev->name, peer->id);
		ipt6_peer_del(peer, reason);
	}
}
