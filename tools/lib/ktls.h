/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Moving a TLS connection from OpenSSL into the kernel: derive the keys of
 * the current (application) epoch and count the records each direction has
 * used so far, then set TLS_TX and TLS_RX on the socket.
 */
#ifndef IPT6_KTLS_H
#define IPT6_KTLS_H

#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/ssl.h>

#include "err.h"

/*
 * What a handshake in progress has shown: kept per SSL (ex_data) and fed
 * by OpenSSL's message and key-log callbacks.  tls.c reads the alert and
 * certificate-request fields for its error messages.
 */
struct ipt6_ktls_track {
	/* Records under the current keys: [0] read, [1] written. */
	uint64_t seq[2];
	/* TLS 1.3 application traffic secrets: [0] client, [1] server. */
	unsigned char secret[2][EVP_MAX_MD_SIZE];
	size_t secret_len[2];
	int key_update;		/* a KeyUpdate was seen: keys moved on */
	int alert_rcvd;		/* last alert received (description), -1 */
	int alert_sent;		/* last alert we sent, -1: none */
	int cert_requested;	/* the server sent CertificateRequest */
};

/*
 * A key-log line, "LABEL <client random hex> <secret hex>" as OpenSSL
 * hands it to the callback (and SSLKEYLOGFILE holds it): the TLS 1.3
 * application traffic secrets into @t, other lines ignored.
 */
void ipt6_ktls_keylog_line(struct ipt6_ktls_track *t, const char *line);

/* Once per SSL_CTX: the key-log callback that collects TLS 1.3 secrets. */
void ipt6_ktls_ctx_init(SSL_CTX *ctx);

/* Before the handshake: start tracking @ssl into @t (lives as long). */
int ipt6_ktls_track_attach(SSL *ssl, struct ipt6_ktls_track *t,
			   struct ipt6_err *err);

/*
 * After the handshake and the HTTP exchange, with no application byte left
 * inside OpenSSL: enable the "tls" ULP on @fd and install both directions.
 * The SSL object must then be freed without any further I/O.
 */
int ipt6_ktls_install(SSL *ssl, int fd, struct ipt6_err *err);

/* Wipe the secrets in @t. */
void ipt6_ktls_track_clear(struct ipt6_ktls_track *t);

#endif /* IPT6_KTLS_H */
