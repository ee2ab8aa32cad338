// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel TLS key installation, done here for both directions and both TLS
 * versions rather than with SSL_OP_ENABLE_KTLS: OpenSSL 3.0 only offloads
 * TX for TLS 1.3, and one code path for every case is easier to trust.
 *
 * The kernel needs, per direction: key, IV (salt + IV for GCM) and the
 * sequence number of the next record.  Keys come from the TLS 1.3 traffic
 * secrets (key log) or the TLS 1.2 key block (master secret + PRF); record
 * numbers are counted from OpenSSL's message callback, since OpenSSL 3.0
 * has no public getter for them.  A wrong count shows up as EBADMSG on the
 * first kernel read, so every version and cipher is tested end to end.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <linux/tls.h>

#include <openssl/core_names.h>
#include <openssl/kdf.h>

#include "hex.h"
#include "ktls.h"

#ifndef SOL_TLS
#define SOL_TLS 282
#endif

#define DIR_READ	0
#define DIR_WRITE	1
#define SIDE_CLIENT	0
#define SIDE_SERVER	1

static int track_idx = -1;
static pthread_once_t track_once = PTHREAD_ONCE_INIT;

static void track_idx_init(void)
{
	track_idx = SSL_get_ex_new_index(0, "ipt6 ktls", NULL, NULL, NULL);
}

static struct ipt6_ktls_track *track_get(const SSL *ssl)
{
	return track_idx < 0 ? NULL : SSL_get_ex_data(ssl, track_idx);
}

/*
 * Records are counted from their headers.  A ChangeCipherSpec record
 * (TLS 1.2) means the next record is number 0 under new keys; in TLS 1.3
 * the application keys start right after the Finished message in each
 * direction, and Finished always ends its record.  The TLS 1.3
 * compatibility CCS resets the count too, which is harmless: Finished
 * comes later.
 */
static void on_header(struct ipt6_ktls_track *t, int dir,
		      const unsigned char *buf, size_t len)
{
	if (len >= 1 && buf[0] == SSL3_RT_CHANGE_CIPHER_SPEC)
		t->seq[dir] = 0;
	else
		t->seq[dir]++;
}

static void on_handshake(struct ipt6_ktls_track *t, const SSL *ssl, int dir,
			 const unsigned char *buf, size_t len)
{
	if (!len)
		return;
	if (buf[0] == SSL3_MT_FINISHED && SSL_version(ssl) == TLS1_3_VERSION)
		t->seq[dir] = 0;
	else if (buf[0] == SSL3_MT_KEY_UPDATE)
		t->key_update = 1;
	else if (buf[0] == SSL3_MT_CERTIFICATE_REQUEST && dir == DIR_READ)
		t->cert_requested = 1;
}

static void msg_cb(int write_p, int version, int content_type,
		   const void *buf, size_t len, SSL *ssl, void *arg)
{
	struct ipt6_ktls_track *t = arg;
	int dir = write_p ? DIR_WRITE : DIR_READ;

	(void)version;
	if (!t)
		return;
	switch (content_type) {
	case SSL3_RT_HEADER:
		on_header(t, dir, buf, len);
		break;
	case SSL3_RT_HANDSHAKE:
		on_handshake(t, ssl, dir, buf, len);
		break;
	case SSL3_RT_ALERT:
		if (len >= 2) {
			if (write_p)
				t->alert_sent = ((const unsigned char *)buf)[1];
			else
				t->alert_rcvd = ((const unsigned char *)buf)[1];
		}
		break;
	}
}

void ipt6_ktls_keylog_line(struct ipt6_ktls_track *t, const char *line)
{
	static const char *const labels[2] = {
		[SIDE_CLIENT] = "CLIENT_TRAFFIC_SECRET_0 ",
		[SIDE_SERVER] = "SERVER_TRAFFIC_SECRET_0 ",
	};
	const char *hex;
	int side;

	for (side = 0; side < 2; side++)
		if (!strncmp(line, labels[side], strlen(labels[side])))
			break;
	if (side == 2)
		return;
	hex = strchr(line + strlen(labels[side]), ' ');
	if (!hex)
		return;
	t->secret_len[side] = ipt6_hex_decode(hex + 1, t->secret[side],
					       sizeof(t->secret[side]));
}

static void keylog_cb(const SSL *ssl, const char *line)
{
	struct ipt6_ktls_track *t = track_get(ssl);

	if (t)
		ipt6_ktls_keylog_line(t, line);
}

void ipt6_ktls_ctx_init(SSL_CTX *ctx)
{
	SSL_CTX_set_keylog_callback(ctx, keylog_cb);
}

int ipt6_ktls_track_attach(SSL *ssl, struct ipt6_ktls_track *t,
			   struct ipt6_err *err)
{
	memset(t, 0, sizeof(*t));
	t->alert_rcvd = -1;
	t->alert_sent = -1;
	pthread_once(&track_once, track_idx_init);
	if (track_idx < 0 || !SSL_set_ex_data(ssl, track_idx, t))
		return ipt6_err_set(err, IPT6_E_SYSTEM,
				    "TLS: cannot attach per-connection state to OpenSSL");
	SSL_set_msg_callback(ssl, msg_cb);
	SSL_set_msg_callback_arg(ssl, t);
	return 0;
}

void ipt6_ktls_track_clear(struct ipt6_ktls_track *t)
{
	OPENSSL_cleanse(t->secret, sizeof(t->secret));
	t->secret_len[0] = t->secret_len[1] = 0;
}

/* Key material of one direction, in the kernel's terms. */
struct dir_keys {
	unsigned char key[32];
	unsigned char iv[12];	/* GCM: 4-byte salt then 8 bytes; ChaCha: 12 */
	uint64_t seq;
};

/* The suite as kTLS sees it. */
struct suite {
	int cipher_type;	/* TLS_CIPHER_* */
	size_t key_len;
	size_t iv_len;		/* TLS 1.2 key-block IV (implicit part) */
	const EVP_MD *md;	/* HKDF / PRF hash */
	int version;		/* TLS_1_2_VERSION or TLS_1_3_VERSION */
};

static int suite_of(SSL *ssl, struct suite *su, struct ipt6_err *err)
{
	const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
	int v = SSL_version(ssl);

	if (!c)
		return ipt6_err_set(err, IPT6_E_KTLS,
				    "kTLS: no cipher negotiated");
	if (v != TLS1_2_VERSION && v != TLS1_3_VERSION)
		return ipt6_err_set(err, IPT6_E_KTLS,
				    "kTLS: %s cannot be offloaded (need TLS 1.2 or 1.3)",
				    SSL_get_version(ssl));
	su->version = v == TLS1_3_VERSION ? TLS_1_3_VERSION : TLS_1_2_VERSION;
	su->md = SSL_CIPHER_get_handshake_digest(c);
	switch (SSL_CIPHER_get_cipher_nid(c)) {
	case NID_aes_128_gcm:
		su->cipher_type = TLS_CIPHER_AES_GCM_128;
		su->key_len = 16;
		su->iv_len = 4;
		break;
	case NID_aes_256_gcm:
		su->cipher_type = TLS_CIPHER_AES_GCM_256;
		su->key_len = 32;
		su->iv_len = 4;
		break;
	case NID_chacha20_poly1305:
		su->cipher_type = TLS_CIPHER_CHACHA20_POLY1305;
		su->key_len = 32;
		su->iv_len = 12;
		break;
	default:
		return ipt6_err_set(err, IPT6_E_KTLS,
				    "kTLS: cipher suite %s cannot be offloaded (need AES-GCM or ChaCha20-Poly1305)",
				    SSL_CIPHER_get_name(c));
	}
	if (!su->md)
		return ipt6_err_set(err, IPT6_E_KTLS,
				    "kTLS: no hash known for cipher suite %s",
				    SSL_CIPHER_get_name(c));
	return 0;
}

/* RFC 8446 7.1 HKDF-Expand-Label(secret, label, "", len). */
static int hkdf_expand_label(const EVP_MD *md, const unsigned char *secret,
			     size_t secret_len, const char *label,
			     unsigned char *out, size_t len)
{
	unsigned char info[2 + 1 + 255 + 1];
	size_t llen = strlen("tls13 ") + strlen(label), ilen = 0;
	int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
	OSSL_PARAM params[5];
	EVP_KDF_CTX *kctx;
	EVP_KDF *kdf;
	int ret = -1;

	info[ilen++] = len >> 8;
	info[ilen++] = len & 0xff;
	info[ilen++] = llen;
	ilen += sprintf((char *)info + ilen, "tls13 %s", label);
	info[ilen++] = 0;		/* empty context */

	kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	kctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	params[0] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
	params[1] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
			(char *)EVP_MD_get0_name(md), 0);
	params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
			(void *)secret, secret_len);
	params[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
			info, ilen);
	params[4] = OSSL_PARAM_construct_end();
	if (kctx && EVP_KDF_derive(kctx, out, len, params) > 0)
		ret = 0;
	EVP_KDF_CTX_free(kctx);
	EVP_KDF_free(kdf);
	return ret;
}

static int tls13_keys(const struct suite *su, const struct ipt6_ktls_track *t,
		      int side, struct dir_keys *k, struct ipt6_err *err)
{
	size_t hlen = EVP_MD_get_size(su->md);

	if (t->secret_len[side] != hlen)
		return ipt6_err_set(err, IPT6_E_KTLS,
				    "kTLS: TLS 1.3 %s traffic secret not captured (got %zu bytes, expected %zu)",
				    side == SIDE_CLIENT ? "client" : "server",
				    t->secret_len[side], hlen);
	if (hkdf_expand_label(su->md, t->secret[side], hlen, "key", k->key,
			      su->key_len) ||
	    hkdf_expand_label(su->md, t->secret[side], hlen, "iv", k->iv, 12))
		return ipt6_err_set(err, IPT6_E_KTLS,
				    "kTLS: HKDF-Expand-Label with %s failed",
				    EVP_MD_get0_name(su->md));
	return 0;
}

/* RFC 5246 6.3: PRF(master, "key expansion", server_random + client_random). */
static int tls12_key_block(SSL *ssl, const struct suite *su,
			   unsigned char *out, size_t len)
{
	unsigned char master[SSL_MAX_MASTER_KEY_LENGTH], seed[13 + 64];
	size_t mlen;
	OSSL_PARAM params[4];
	EVP_KDF_CTX *kctx;
	EVP_KDF *kdf;
	int ret = -1;

	mlen = SSL_SESSION_get_master_key(SSL_get_session(ssl), master,
					  sizeof(master));
	memcpy(seed, "key expansion", 13);
	SSL_get_server_random(ssl, seed + 13, 32);
	SSL_get_client_random(ssl, seed + 13 + 32, 32);

	kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
	kctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
			(char *)EVP_MD_get0_name(su->md), 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET,
			master, mlen);
	params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED,
			seed, sizeof(seed));
	params[3] = OSSL_PARAM_construct_end();
	if (mlen && kctx && EVP_KDF_derive(kctx, out, len, params) > 0)
		ret = 0;
	EVP_KDF_CTX_free(kctx);
	EVP_KDF_free(kdf);
	OPENSSL_cleanse(master, sizeof(master));
	return ret;
}

/*
 * Key block: client key, server key, client IV, server IV (AEAD suites
 * have no MAC keys).  For GCM the block gives only the 4-byte implicit
 * salt; the 8 explicit nonce bytes just have to be unique per key, and
 * the record number is, as the kernel increments them together.
 */
static int tls12_keys(SSL *ssl, const struct suite *su, int side,
		      struct dir_keys *k, struct ipt6_err *err)
{
	unsigned char kb[2 * 32 + 2 * 12];
	size_t kl = su->key_len, il = su->iv_len;

	if (tls12_key_block(ssl, su, kb, 2 * kl + 2 * il)) {
		OPENSSL_cleanse(kb, sizeof(kb));
		return ipt6_err_set(err, IPT6_E_KTLS,
				    "kTLS: TLS 1.2 key expansion with %s failed",
				    EVP_MD_get0_name(su->md));
	}
	memcpy(k->key, kb + side * kl, kl);
	memcpy(k->iv, kb + 2 * kl + side * il, il);
	if (il == 4) {
		int i;

		for (i = 0; i < 8; i++)
			k->iv[4 + i] = k->seq >> (56 - 8 * i);
	}
	OPENSSL_cleanse(kb, sizeof(kb));
	return 0;
}

static void put_be64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = v >> (56 - 8 * i);
}

union crypto_info {
	struct tls_crypto_info info;
	struct tls12_crypto_info_aes_gcm_128 gcm128;
	struct tls12_crypto_info_aes_gcm_256 gcm256;
	struct tls12_crypto_info_chacha20_poly1305 chacha;
};

/* Fill the kernel's structure; returns its size. */
static socklen_t crypto_info_fill(union crypto_info *ci, const struct suite *su,
				  const struct dir_keys *k)
{
	memset(ci, 0, sizeof(*ci));
	ci->info.version = su->version;
	ci->info.cipher_type = su->cipher_type;
	switch (su->cipher_type) {
	case TLS_CIPHER_AES_GCM_128:
		memcpy(ci->gcm128.key, k->key, 16);
		memcpy(ci->gcm128.salt, k->iv, 4);
		memcpy(ci->gcm128.iv, k->iv + 4, 8);
		put_be64(ci->gcm128.rec_seq, k->seq);
		return sizeof(ci->gcm128);
	case TLS_CIPHER_AES_GCM_256:
		memcpy(ci->gcm256.key, k->key, 32);
		memcpy(ci->gcm256.salt, k->iv, 4);
		memcpy(ci->gcm256.iv, k->iv + 4, 8);
		put_be64(ci->gcm256.rec_seq, k->seq);
		return sizeof(ci->gcm256);
	default:
		memcpy(ci->chacha.key, k->key, 32);
		memcpy(ci->chacha.iv, k->iv, 12);
		put_be64(ci->chacha.rec_seq, k->seq);
		return sizeof(ci->chacha);
	}
}

static const char *suite_words(const struct suite *su)
{
	bool v13 = su->version == TLS_1_3_VERSION;

	switch (su->cipher_type) {
	case TLS_CIPHER_AES_GCM_128:
		return v13 ? "TLS 1.3, AES-128-GCM" : "TLS 1.2, AES-128-GCM";
	case TLS_CIPHER_AES_GCM_256:
		return v13 ? "TLS 1.3, AES-256-GCM" : "TLS 1.2, AES-256-GCM";
	default:
		return v13 ? "TLS 1.3, ChaCha20-Poly1305" :
			     "TLS 1.2, ChaCha20-Poly1305";
	}
}

static int install_dir(int fd, int optname, const struct suite *su,
		       const struct dir_keys *k, struct ipt6_err *err)
{
	union crypto_info ci;
	socklen_t len = crypto_info_fill(&ci, su, k);
	int ret = setsockopt(fd, SOL_TLS, optname, &ci, len);
	int e = errno;

	OPENSSL_cleanse(&ci, sizeof(ci));
	if (ret)
		return ipt6_err_set(err, IPT6_E_KTLS,
				    "kTLS: setting %s keys (%s) failed: %s%s",
				    optname == TLS_TX ? "TLS_TX" : "TLS_RX",
				    suite_words(su), strerror(e),
				    e == ENOPROTOOPT || e == EINVAL ?
				    " (kernel lacks this cipher or version in kTLS?)" : "");
	return 0;
}

/* Nothing may stay behind in OpenSSL: the kernel would never see it. */
static int check_drained(SSL *ssl, const struct ipt6_ktls_track *t,
			 struct ipt6_err *err)
{
	if (SSL_pending(ssl) > 0 || SSL_has_pending(ssl))
		return ipt6_err_set(err, IPT6_E_KTLS,
				    "kTLS: %d bytes already read by OpenSSL would be lost at the switch to kernel TLS (peer sent data inside the HTTP head's record)",
				    SSL_pending(ssl));
	if (t->key_update)
		return ipt6_err_set(err, IPT6_E_KTLS,
				    "kTLS: peer sent a TLS KeyUpdate before the switch to kernel TLS; keys cannot be tracked");
	if (BIO_wpending(SSL_get_wbio(ssl)) > 0)
		return ipt6_err_set(err, IPT6_E_KTLS,
				    "kTLS: OpenSSL still holds unsent bytes");
	return 0;
}

static int derive(SSL *ssl, const struct suite *su,
		  const struct ipt6_ktls_track *t, int side,
		  struct dir_keys *k, struct ipt6_err *err)
{
	if (su->version == TLS_1_3_VERSION)
		return tls13_keys(su, t, side, k, err);
	return tls12_keys(ssl, su, side, k, err);
}

int ipt6_ktls_install(SSL *ssl, int fd, struct ipt6_err *err)
{
	struct ipt6_ktls_track *t = track_get(ssl);
	int me = SSL_is_server(ssl) ? SIDE_SERVER : SIDE_CLIENT;
	struct dir_keys tx = { 0 }, rx = { 0 };
	struct suite su;
	int ret = -1;

	if (!t)
		return ipt6_err_set(err, IPT6_E_KTLS,
				    "kTLS: connection was not tracked from its start");
	if (check_drained(ssl, t, err) || suite_of(ssl, &su, err))
		return -1;
	tx.seq = t->seq[DIR_WRITE];
	rx.seq = t->seq[DIR_READ];
	if (derive(ssl, &su, t, me, &tx, err) ||
	    derive(ssl, &su, t, !me, &rx, err))
		goto out;
	if (setsockopt(fd, SOL_TCP, TCP_ULP, "tls", sizeof("tls"))) {
		int e = errno;

		ipt6_err_set(err, IPT6_E_KTLS,
			     "kTLS: cannot enable the TLS ULP on the socket: %s%s",
			     strerror(e), e == ENOENT ?
			     " (is the 'tls' kernel module available? try 'modprobe tls')" : "");
		goto out;
	}
	if (!install_dir(fd, TLS_TX, &su, &tx, err) &&
	    !install_dir(fd, TLS_RX, &su, &rx, err))
		ret = 0;
out:
	OPENSSL_cleanse(&tx, sizeof(tx));
	OPENSSL_cleanse(&rx, sizeof(rx));
	return ret;
}
