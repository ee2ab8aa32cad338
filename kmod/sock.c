// SPDX-License-Identifier: GPL-2.0
/*
 * The peer's socket: checking what userspace hands us, and taking over
 * its callbacks.  kTLS owns sk_prot, so only the socket callbacks are
 * swapped, under sk_callback_lock, as nvme-tcp does on kTLS sockets:
 * sk_data_ready is replaced (read_sock drives the TLS record parser
 * itself), sk_write_space and sk_state_change are chained.
 */
#include <linux/net.h>
#include <linux/file.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/tls.h>
#include <net/inet_connection_sock.h>

#include "ipt6.h"

static bool ipt6_sock_has_ktls(struct sock *sk)
{
	const struct inet_connection_sock *icsk = inet_csk(sk);
	const struct tls_context *ctx;

	if (!icsk->icsk_ulp_ops || strcmp(icsk->icsk_ulp_ops->name, "tls"))
		return false;
	ctx = tls_get_ctx(sk);
	return ctx && ctx->tx_conf != TLS_BASE && ctx->rx_conf != TLS_BASE;
}

static int ipt6_sock_check(struct ipt6_dev *ipt6, struct socket *sock,
			   struct netlink_ext_ack *extack)
{
	struct sock *sk = sock->sk;
	int err = 0;

	if (!sk || sk->sk_type != SOCK_STREAM ||
	    sk->sk_protocol != IPPROTO_TCP ||
	    (sk->sk_family != AF_INET && sk->sk_family != AF_INET6)) {
		NL_SET_ERR_MSG(extack, "socket is not a TCP socket");
		return -EPROTOTYPE;
	}
	if (!net_eq(sock_net(sk), dev_net(ipt6->dev))) {
		NL_SET_ERR_MSG(extack,
			       "socket is in another network namespace than the device");
		return -EXDEV;
	}

	lock_sock(sk);
	if (sk->sk_state != TCP_ESTABLISHED) {
		NL_SET_ERR_MSG(extack, "TCP socket is not connected (not established)");
		err = -ENOTCONN;
	} else if (!ipt6_sock_has_ktls(sk)) {
		NL_SET_ERR_MSG(extack,
			       "socket has no kernel TLS in both directions (TLS_TX and TLS_RX)");
		err = -EPROTO;
	}
	release_sock(sk);
	return err;
}

/* Find the socket behind @fd and check it; holds a file reference. */
struct socket *ipt6_sock_lookup(struct ipt6_dev *ipt6, int fd,
				struct netlink_ext_ack *extack)
{
	struct socket *sock;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock) {
		NL_SET_ERR_MSG(extack, "file descriptor is not an open socket");
		return ERR_PTR(err);
	}
	err = ipt6_sock_check(ipt6, sock, extack);
	if (err) {
		sockfd_put(sock);
		return ERR_PTR(err);
	}
	return sock;
}

static void ipt6_sk_data_ready(struct sock *sk)
{
	struct ipt6_peer *peer;

	read_lock_bh(&sk->sk_callback_lock);
	peer = sk->sk_user_data;
	if (peer)
		queue_work(ipt6_wq, &peer->rx_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void ipt6_sk_write_space(struct sock *sk)
{
	struct ipt6_peer *peer;

	read_lock_bh(&sk->sk_callback_lock);
	peer = sk->sk_user_data;
	if (peer) {
		if (sk_stream_is_writeable(sk))
			queue_work(ipt6_wq, &peer->tx_work);
		/* kTLS retries its pending partial records from here. */
		peer->saved_write_space(sk);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void ipt6_sk_state_change(struct sock *sk)
{
	struct ipt6_peer *peer;

	read_lock_bh(&sk->sk_callback_lock);
	peer = sk->sk_user_data;
	if (peer) {
		/* The receive worker finds out what happened and says why. */
		queue_work(ipt6_wq, &peer->rx_work);
		peer->saved_state_change(sk);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

int ipt6_sock_attach(struct ipt6_peer *peer)
{
	struct sock *sk = peer->sock->sk;
	int err = 0;

	write_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data) {
		err = -EBUSY;
		goto out;
	}
	peer->saved_data_ready = sk->sk_data_ready;
	peer->saved_write_space = sk->sk_write_space;
	peer->saved_state_change = sk->sk_state_change;
	sk->sk_user_data = peer;
	sk->sk_data_ready = ipt6_sk_data_ready;
	sk->sk_write_space = ipt6_sk_write_space;
	sk->sk_state_change = ipt6_sk_state_change;
	/* Our workers allocate for this socket, not the task that made it. */
	sk->sk_use_task_frag = false;
out:
	write_unlock_bh(&sk->sk_callback_lock);
	return err;
}

void ipt6_sock_detach(struct ipt6_peer *peer)
{
	struct sock *sk = peer->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_data_ready = peer->saved_data_ready;
	sk->sk_write_space = peer->saved_write_space;
	sk->sk_state_change = peer->saved_state_change;
	sk->sk_user_data = NULL;
	write_unlock_bh(&sk->sk_callback_lock);
}
