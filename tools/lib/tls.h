/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IP-HTTPS session set-up: TCP, TLS (OpenSSL) with full verification, the
 * POST / 200 exchange, then kernel TLS.  What comes out is a blocking TCP
 * socket with TLS_TX and TLS_RX installed, ready to hand to the kernel.
 *
 * Writes happen with OpenSSL's socket BIO: a program using this must ignore
 * SIGPIPE, or a peer closing mid-handshake kills it.
 */
#ifndef IPT6_TLS_H
#define IPT6_TLS_H

#include <stdbool.h>

#include "err.h"
#include "http.h"
#include "url.h"

struct ipt6_tls_opts {
	/* Client: trusted CAs, NULL = system store; server: client CAs. */
	const char *ca_file;
	/* Our certificate (client cert on a client) and its key. */
	const char *cert_file;
	const char *key_file;
	int tls_version;	/* 0 = 1.2 or 1.3, else 12 or 13: pin exactly */
	/* NULL, "aes128-gcm", "aes256-gcm" or "chacha20-poly1305" */
	const char *cipher;
	int timeout_ms;		/* connect + handshake + HTTP; 0 = 10000 */
	bool require_client_cert; /* server with ca_file: fail without one */
	/* Client: the session id to send (IPT6_SESSION_LEN bytes) or NULL. */
	const unsigned char *session;
};

/*
 * What was negotiated, for logs and status output.  A client fills it in
 * as the steps pass, so after a failure it tells how far the attempt came
 * (ipt6ctl diagnose): version and cipher once the server's hello came,
 * the certificate fields once it was verified, the status once the
 * answer to the POST came.
 */
struct ipt6_tls_info {
	char version[16];	/* "TLSv1.3" */
	char cipher[64];	/* OpenSSL suite name */
	char peer[256];		/* verified peer certificate subject, or "" */
	char issuer[256];	/* its issuer */
	char not_after[64];	/* end of its validity */
	char names[256];	/* its SANs ("DNS:a.example, IP:192.0.2.1") */
	bool cert_requested;	/* the server asked for a client certificate */
	int http_status;	/* status of the answer to the POST, 0: none */
	char http_line[128];	/* "200 OK" */
	bool timed_out;		/* the attempt failed waiting for the peer */
	/* Server: the client's session id, if it sent one. */
	bool has_session;
	unsigned char session[IPT6_SESSION_LEN];
};

/*
 * Client, all steps: resolve @url's host, connect, TLS, POST, kTLS.
 * Returns the socket or -1 with @err set.
 */
int ipt6_tls_client_open(const struct ipt6_url *url,
			 const struct ipt6_tls_opts *o, struct ipt6_err *err);

/*
 * TCP connect to @host:@port with a timeout, each resolved address in
 * turn.  Returns a non-blocking socket or -1 (IPT6_E_RESOLVE,
 * IPT6_E_CONNECT_TIMEOUT, IPT6_E_CONNECT_REFUSED, IPT6_E_CONNECT).
 */
int ipt6_tcp_connect(const char *host, const char *port, int timeout_ms,
		     struct ipt6_err *err);

/*
 * Resolve @host as ipt6_tcp_connect() does: the numeric addresses,
 * ", " separated, in @addrs.  0, or -1 with IPT6_E_RESOLVE.
 */
int ipt6_resolve(const char *host, const char *port, char *addrs,
		 size_t size, struct ipt6_err *err);

/*
 * Client steps after TCP (or after a proxy CONNECT) on connected socket
 * @fd: TLS with SNI and verification against @url's host, POST, 200, kTLS.
 * @info may be NULL.  On failure the caller still owns and closes @fd.
 */
int ipt6_tls_client_start(int fd, const struct ipt6_url *url,
			  const struct ipt6_tls_opts *o,
			  struct ipt6_tls_info *info, struct ipt6_err *err);

/* Server: one per listening configuration, shared by all connections. */
struct ipt6_tls_server;

/* @path: the request path to accept, e.g. "/IPHTTPS" (NULL: that). */
struct ipt6_tls_server *ipt6_tls_server_new(const struct ipt6_tls_opts *o,
					    const char *path,
					    struct ipt6_err *err);

/*
 * On accepted socket @fd: TLS handshake, read and check the request head,
 * answer (200, or 404 / 405 / 400 / 501 and fail with IPT6_E_HTTP_STATUS),
 * install kTLS both ways.  Returns 0 with @fd blocking and ready for the
 * kernel; on failure the caller closes @fd.  Safe to call from several
 * threads at once on one server.
 */
int ipt6_tls_server_handshake(struct ipt6_tls_server *s, int fd,
			      struct ipt6_err *err);

/* Same, also reporting what was negotiated (@info may be NULL). */
int ipt6_tls_server_accept(struct ipt6_tls_server *s, int fd,
			   struct ipt6_tls_info *info, struct ipt6_err *err);

/*
 * Same, against @deadline (ipt6_now_ms() clock) rather than the server's
 * timeout from now.  When it fails waiting for the client (the deadline
 * passed), @info->timed_out is set.
 */
int ipt6_tls_server_accept_by(struct ipt6_tls_server *s, int fd,
			      long long deadline, struct ipt6_tls_info *info,
			      struct ipt6_err *err);

void ipt6_tls_server_free(struct ipt6_tls_server *s);

#endif /* IPT6_TLS_H */
