// SPDX-License-Identifier: GPL-2.0
/*
 * IP-HTTPS session set-up over OpenSSL, client and server.  Everything runs
 * on a non-blocking socket against one deadline, so a silent peer costs at
 * most timeout_ms; every failure names the step, what was expected and
 * what came, with a stable code (err.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "http.h"
#include "io.h"
#include "ktls.h"
#include "parse.h"
#include "tls.h"

#define DEFAULT_TIMEOUT_MS 10000

/* One handshake in progress. */
struct conn {
	SSL *ssl;
	int fd;
	bool server;
	bool have_cert;		/* we present a certificate */
	long long deadline;
	int timeout_ms;
	const char *peer;	/* host name or address, for messages */
	bool timed_out;
	int ssl_error;		/* SSL_get_error() of the failed call */
	int sys_errno;
	struct ipt6_ktls_track track;
	/* The first certificate check that failed, from the verify callback. */
	struct ipt6_tls_info *info;	/* client: filled as steps pass */
	int verr;
	int vdepth;
	char vsubject[256];
	char vissuer[256];
	char vnames[256];	/* SANs (or CN) of the peer's leaf */
	char vdate[64];		/* notAfter / notBefore, for validity errors */
};

struct ipt6_tls_server {
	SSL_CTX *ctx;
	char path[256];
	char *ca_file;		/* for messages about client certificates */
	int timeout_ms;
};

/* Suites kTLS can take; TLS 1.2 lists both key types (RSA, ECDSA). */
static const struct cipher_choice {
	const char *name;
	const char *tls12;
	const char *tls13;
} ciphers[] = {
	{ "aes128-gcm",
	  "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256",
	  "TLS_AES_128_GCM_SHA256" },
	{ "aes256-gcm",
	  "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384",
	  "TLS_AES_256_GCM_SHA384" },
	{ "chacha20-poly1305",
	  "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305",
	  "TLS_CHACHA20_POLY1305_SHA256" },
};


static int timeout_of(const struct ipt6_tls_opts *o)
{
	return o->timeout_ms > 0 ? o->timeout_ms : DEFAULT_TIMEOUT_MS;
}

static int conn_idx = -1;
static pthread_once_t conn_once = PTHREAD_ONCE_INIT;

static void conn_idx_init(void)
{
	conn_idx = SSL_get_ex_new_index(0, "ipt6 conn", NULL, NULL, NULL);
}


static int set_nonblock(int fd, bool on)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -1;
	fl = on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK;
	return fcntl(fd, F_SETFL, fl);
}

/* The reason of the last OpenSSL error, e.g. "wrong version number". */
static const char *ssl_reason(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	return r ? r : "unknown error";
}

static void name_str(const X509_NAME *name, char *buf, size_t size)
{
	BIO *b = BIO_new(BIO_s_mem());
	int n = 0;

	buf[0] = '\0';
	if (!b)
		return;
	if (X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253) >= 0)
		n = BIO_read(b, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	BIO_free(b);
}

static void time_str(const ASN1_TIME *t, char *buf, size_t size)
{
	BIO *b = BIO_new(BIO_s_mem());
	int n = 0;

	buf[0] = '\0';
	if (!b)
		return;
	if (ASN1_TIME_print(b, t))
		n = BIO_read(b, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	BIO_free(b);
}

/* Add @s to a @sep separated list in @buf. */
static void append(char *buf, size_t size, const char *sep, const char *s)
{
	size_t len = strlen(buf);

	if (len < size)
		snprintf(buf + len, size - len, "%s%s", len ? sep : "", s);
}

/* "DNS:a.example, IP:192.0.2.1", or "CN=a.example" without SANs. */
static void cert_names(X509 *cert, char *buf, size_t size)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(cert, NID_subject_alt_name,
					       NULL, NULL);
	int i;

	buf[0] = '\0';
	for (i = 0; i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		char ip[160];

		if (g->type == GEN_DNS) {
			snprintf(ip, sizeof(ip), "DNS:%.*s",
				 ASN1_STRING_length(g->d.dNSName),
				 ASN1_STRING_get0_data(g->d.dNSName));
			append(buf, size, ", ", ip);
		} else if (g->type == GEN_IPADD) {
			int len = ASN1_STRING_length(g->d.iPAddress);
			const void *p = ASN1_STRING_get0_data(g->d.iPAddress);

			strcpy(ip, "IP:");
			if (inet_ntop(len == 16 ? AF_INET6 : AF_INET, p, ip + 3,
				      sizeof(ip) - 3))
				append(buf, size, ", ", ip);
		}
	}
	GENERAL_NAMES_free(gens);
	if (!buf[0]) {
		char subj[200];

		name_str(X509_get_subject_name(cert), subj, sizeof(subj));
		snprintf(buf, size, "no subject alternative names; subject %s",
			 subj);
	}
}

/* Keep the first failure with the certificate it was about. */
static int verify_cb(int ok, X509_STORE_CTX *xs)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(xs,
			SSL_get_ex_data_X509_STORE_CTX_idx());
	struct conn *c = ssl ? SSL_get_ex_data(ssl, conn_idx) : NULL;
	X509 *cur = X509_STORE_CTX_get_current_cert(xs);
	X509 *leaf = X509_STORE_CTX_get0_cert(xs);
	int e = X509_STORE_CTX_get_error(xs);

	if (ok || !c || c->verr)
		return ok;
	c->verr = e;
	c->vdepth = X509_STORE_CTX_get_error_depth(xs);
	if (cur) {
		name_str(X509_get_subject_name(cur), c->vsubject,
			 sizeof(c->vsubject));
		name_str(X509_get_issuer_name(cur), c->vissuer,
			 sizeof(c->vissuer));
		time_str(e == X509_V_ERR_CERT_NOT_YET_VALID ?
			 X509_get0_notBefore(cur) : X509_get0_notAfter(cur),
			 c->vdate, sizeof(c->vdate));
	}
	if (leaf)
		cert_names(leaf, c->vnames, sizeof(c->vnames));
	return ok;
}

static int verify_fail(struct conn *c, const char *ca_file,
		       struct ipt6_err *err)
{
	const char *who = c->server ? "client" : "server";
	const char *what = c->vdepth ? "CA certificate" : "certificate";
	enum ipt6_errcode code;

	switch (c->verr) {
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		return ipt6_err_set(err, IPT6_E_CERT_NAME,
				    "TLS: server certificate does not match host name '%s' (certificate names: %s)",
				    c->peer, c->vnames);
	case X509_V_ERR_CERT_HAS_EXPIRED:
	case X509_V_ERR_CERT_NOT_YET_VALID:
		code = c->server ? IPT6_E_CLIENT_CERT : IPT6_E_CERT_EXPIRED;
		return ipt6_err_set(err, code,
				    "TLS: %s %s '%s' %s %s (check the certificate, or this machine's clock)",
				    who, what, c->vsubject,
				    c->verr == X509_V_ERR_CERT_HAS_EXPIRED ?
				    "expired on" : "is not valid before",
				    c->vdate);
	}
	code = c->server ? IPT6_E_CLIENT_CERT : IPT6_E_CERT_UNTRUSTED;
	return ipt6_err_set(err, code,
			    "TLS: %s %s '%s' (issuer '%s') is not trusted: %s (trusted CAs from %s)",
			    who, what, c->vsubject, c->vissuer,
			    X509_verify_cert_error_string(c->verr),
			    ca_file ? ca_file : "the system store");
}

/* OpenSSL 3.0 has no words for the alerts TLS 1.3 added. */
static const char *alert_name(int a)
{
	switch (a) {
	case TLS13_AD_MISSING_EXTENSION:
		return "missing extension";
	case TLS13_AD_CERTIFICATE_REQUIRED:
		return "certificate required";
	case TLS1_AD_UNKNOWN_PSK_IDENTITY:
		return "unknown PSK identity";
	case TLS1_AD_NO_APPLICATION_PROTOCOL:
		return "no ALPN protocol";
	default:
		return SSL_alert_desc_string_long(a);
	}
}

static bool is_cert_alert(int a)
{
	switch (a) {
	case SSL_AD_BAD_CERTIFICATE:
	case SSL_AD_UNSUPPORTED_CERTIFICATE:
	case SSL_AD_CERTIFICATE_REVOKED:
	case SSL_AD_CERTIFICATE_EXPIRED:
	case SSL_AD_CERTIFICATE_UNKNOWN:
	case SSL_AD_UNKNOWN_CA:
	case SSL_AD_ACCESS_DENIED:
	case SSL_AD_DECRYPT_ERROR:
		return true;
	}
	return false;
}

/* A client certificate problem told by the server with an alert. */
static int client_cert_alert(struct conn *c, struct ipt6_err *err)
{
	int a = c->track.alert_rcvd;
	const char *al = alert_name(a);

	if (c->server || a < 0 || !c->track.cert_requested)
		return 0;
	if (!c->have_cert && (a == SSL_AD_CERTIFICATE_REQUIRED ||
			      a == SSL_AD_HANDSHAKE_FAILURE ||
			      is_cert_alert(a)))
		return ipt6_err_set(err, IPT6_E_CLIENT_CERT,
				    "TLS: server %s requires a client certificate and none is configured (it sent alert '%s')",
				    c->peer, al);
	if (c->have_cert && (is_cert_alert(a) ||
			     a == SSL_AD_CERTIFICATE_REQUIRED))
		return ipt6_err_set(err, IPT6_E_CLIENT_CERT,
				    "TLS: server %s rejected our client certificate (it sent alert '%s')",
				    c->peer, al);
	return 0;
}

/* The likely cause behind an alert from the peer. */
static const char *alert_hint(const struct conn *c, int a)
{
	if (a == SSL_AD_HANDSHAKE_FAILURE || a == SSL_AD_PROTOCOL_VERSION)
		return " (no TLS version or cipher suite in common?)";
	if (is_cert_alert(a) && c->server)
		return " (it does not accept our certificate?)";
	return "";
}

/* The peer went away or said something OpenSSL could not take. */
static int peer_fail(struct conn *c, enum ipt6_errcode code, const char *step,
		     struct ipt6_err *err)
{
	const char *who = c->server ? "client" : "server";
	unsigned long e = ERR_peek_last_error();
	int a = c->track.alert_rcvd;

	if (a >= 0)
		return ipt6_err_set(err, code, "%s: %s %s sent alert '%s'%s",
				    step, who, c->peer, alert_name(a),
				    alert_hint(c, a));
	if (c->ssl_error == SSL_ERROR_ZERO_RETURN ||
	    (c->ssl_error == SSL_ERROR_SYSCALL && !c->sys_errno) ||
	    ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
		return ipt6_err_set(err, code == IPT6_E_TLS_HANDSHAKE ?
				    code : IPT6_E_CLOSED,
				    "%s: %s %s closed the connection", step,
				    who, c->peer);
	if (c->ssl_error == SSL_ERROR_SYSCALL)
		return ipt6_err_set(err, code == IPT6_E_TLS_HANDSHAKE ?
				    code : IPT6_E_CLOSED, "%s: %s: %s", step,
				    c->peer, strerror(c->sys_errno));
	return ipt6_err_set(err, code, "%s: %s %s: %s%s", step,
			    who, c->peer, ssl_reason(),
			    ERR_GET_REASON(e) == SSL_R_WRONG_VERSION_NUMBER ?
			    " (not a TLS endpoint, or wrong port?)" :
			    ERR_GET_REASON(e) == SSL_R_NO_SHARED_CIPHER ?
			    " (no cipher suite in common)" : "");
}

/* @ca_file: where trusted CAs came from, NULL: the system store. */
static int handshake_fail(struct conn *c, const char *ca_file,
			  struct ipt6_err *err)
{
	unsigned long e = ERR_peek_last_error();

	if (c->timed_out)
		return ipt6_err_set(err, IPT6_E_TLS_HANDSHAKE,
				    "TLS: handshake with %s not done within %d ms",
				    c->peer, c->timeout_ms);
	if (c->verr)
		return verify_fail(c, ca_file, err);
	if (client_cert_alert(c, err))
		return -1;
	if (c->server && ERR_GET_REASON(e) ==
	    SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE)
		return ipt6_err_set(err, IPT6_E_CLIENT_CERT,
				    "TLS: client %s sent no certificate and one is required",
				    c->peer);
	return peer_fail(c, IPT6_E_TLS_HANDSHAKE, "TLS handshake", err);
}

/* After a failed SSL call: 0 to retry once @fd is ready, -1 to give up. */
static int ssl_wait(struct conn *c, int ret)
{
	int saved = errno;
	int e = SSL_get_error(c->ssl, ret);
	short ev;

	c->sys_errno = saved;
	if (e == SSL_ERROR_WANT_READ) {
		ev = POLLIN;
	} else if (e == SSL_ERROR_WANT_WRITE) {
		ev = POLLOUT;
	} else {
		c->ssl_error = e;
		return -1;
	}
	if (ipt6_wait_fd(c->fd, ev, c->deadline)) {
		c->timed_out = true;
		return -1;
	}
	return 0;
}

static int ssl_write_all(struct conn *c, const char *buf, int len)
{
	int r;

	while ((r = SSL_write(c->ssl, buf, len)) <= 0)
		if (ssl_wait(c, r))
			return -1;
	return 0;
}

/*
 * Read up to the end of an HTTP head.  Returns the bytes read (*head_len:
 * the head's part of them), 0 on a bad or too long head, -1 on an I/O
 * failure.  OpenSSL hands out at most one record per SSL_read (read-ahead
 * is off), so nothing of a following record is taken from the socket.
 */
static int read_head(struct conn *c, char *buf, size_t size,
		     size_t *head_len)
{
	size_t len = 0;
	int r;

	while (!(*head_len = ipt6_http_head_len(buf, len))) {
		if (len >= size)
			return 0;
		r = SSL_read(c->ssl, buf + len, size - len);
		if (r > 0)
			len += r;
		else if (ssl_wait(c, r))
			return -1;
	}
	return len;
}

static int ctx_versions(SSL_CTX *ctx, const struct ipt6_tls_opts *o,
			struct ipt6_err *err)
{
	int min = TLS1_2_VERSION, max = TLS1_3_VERSION;

	if (o->tls_version == 12)
		max = TLS1_2_VERSION;
	else if (o->tls_version == 13)
		min = TLS1_3_VERSION;
	else if (o->tls_version)
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "TLS: version must be 12 or 13, not %d",
				    o->tls_version);
	if (!SSL_CTX_set_min_proto_version(ctx, min) ||
	    !SSL_CTX_set_max_proto_version(ctx, max))
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "TLS: cannot set protocol versions: %s",
				    ssl_reason());
	return 0;
}

/* Offer only what kTLS can take: a suite it cannot would fail later. */
static int ctx_ciphers(SSL_CTX *ctx, const struct ipt6_tls_opts *o,
		       struct ipt6_err *err)
{
	char l12[512] = "", l13[256] = "";
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(ciphers); i++) {
		if (o->cipher && strcasecmp(o->cipher, ciphers[i].name))
			continue;
		n++;
		append(l12, sizeof(l12), ":", ciphers[i].tls12);
		append(l13, sizeof(l13), ":", ciphers[i].tls13);
	}
	if (!n)
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "TLS: unknown cipher '%s' (expected aes128-gcm, aes256-gcm or chacha20-poly1305)",
				    o->cipher);
	if (!SSL_CTX_set_cipher_list(ctx, l12) ||
	    !SSL_CTX_set_ciphersuites(ctx, l13))
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "TLS: OpenSSL refused cipher list '%s' / '%s': %s",
				    l12, l13, ssl_reason());
	return 0;
}

static int ctx_cert(SSL_CTX *ctx, const struct ipt6_tls_opts *o,
		    enum ipt6_errcode code, struct ipt6_err *err)
{
	if (ipt6_check_cert_key(o->cert_file, o->key_file, false, false,
				err)) {
		if (err)
			err->code = code;
		return -1;
	}
	if (!o->cert_file)
		return 0;
	if (SSL_CTX_use_certificate_chain_file(ctx, o->cert_file) != 1)
		return ipt6_err_set(err, code,
				    "TLS: cannot load certificate from '%s': %s",
				    o->cert_file, ssl_reason());
	if (SSL_CTX_use_PrivateKey_file(ctx, o->key_file,
					SSL_FILETYPE_PEM) != 1)
		return ipt6_err_set(err, code,
				    "TLS: cannot load private key from '%s': %s",
				    o->key_file, ssl_reason());
	if (SSL_CTX_check_private_key(ctx) != 1)
		return ipt6_err_set(err, code,
				    "TLS: private key '%s' does not belong to certificate '%s'",
				    o->key_file, o->cert_file);
	return 0;
}

/*
 * Common settings.  No renegotiation and no tickets or session cache:
 * each would bring handshake records onto the socket after the kernel
 * took it.
 */
static SSL_CTX *ctx_new(const struct ipt6_tls_opts *o, bool server,
			struct ipt6_err *err)
{
	SSL_CTX *ctx;

	pthread_once(&conn_once, conn_idx_init);
	ERR_clear_error();
	ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
	if (!ctx || conn_idx < 0) {
		ipt6_err_set(err, IPT6_E_SYSTEM,
			     "TLS: cannot create an OpenSSL context: %s",
			     ssl_reason());
		SSL_CTX_free(ctx);
		return NULL;
	}
	if (ctx_versions(ctx, o, err) || ctx_ciphers(ctx, o, err) ||
	    ctx_cert(ctx, o, server ? IPT6_E_CONFIG : IPT6_E_CLIENT_CERT,
		     err)) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
	SSL_CTX_set_num_tickets(ctx, 0);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_read_ahead(ctx, 0);
	ipt6_ktls_ctx_init(ctx);
	return ctx;
}

static SSL_CTX *client_ctx(const struct ipt6_tls_opts *o,
			   struct ipt6_err *err)
{
	SSL_CTX *ctx = ctx_new(o, false, err);
	int ok;

	if (!ctx)
		return NULL;
	if (o->ca_file)
		ok = SSL_CTX_load_verify_locations(ctx, o->ca_file, NULL);
	else
		ok = SSL_CTX_set_default_verify_paths(ctx);
	if (ok != 1) {
		ipt6_err_set(err, IPT6_E_CONFIG,
			     "TLS: cannot load trusted CAs from %s: %s",
			     o->ca_file ? o->ca_file : "the system store",
			     ssl_reason());
		SSL_CTX_free(ctx);
		return NULL;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_cb);
	return ctx;
}

static int conn_init(struct conn *c, SSL_CTX *ctx, int fd, bool server,
		     const char *peer, long long deadline, int timeout_ms,
		     struct ipt6_err *err)
{
	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->server = server;
	c->peer = peer;
	c->deadline = deadline;
	c->timeout_ms = timeout_ms;
	c->have_cert = SSL_CTX_get0_certificate(ctx) != NULL;
	c->ssl = SSL_new(ctx);
	if (!c->ssl)
		return ipt6_err_set(err, IPT6_E_SYSTEM,
				    "TLS: cannot create a connection: %s",
				    ssl_reason());
	if (!SSL_set_ex_data(c->ssl, conn_idx, c) ||
	    ipt6_ktls_track_attach(c->ssl, &c->track, err))
		return ipt6_err_set(err, IPT6_E_SYSTEM,
				    "TLS: cannot attach connection state");
	if (!SSL_set_fd(c->ssl, fd) || set_nonblock(fd, true))
		return ipt6_err_set(err, IPT6_E_SYSTEM,
				    "TLS: cannot use socket %d: %s", fd,
				    strerror(errno));
	return 0;
}

/*
 * No close_notify: the session goes on in the kernel.  The socket goes
 * back to blocking mode whatever happened, as the caller gave it.
 */
static void conn_free(struct conn *c)
{
	if (c->ssl)
		set_nonblock(c->fd, false);
	ipt6_ktls_track_clear(&c->track);
	SSL_free(c->ssl);
	c->ssl = NULL;
}

/* Version and suite, once the peer's hello settled them. */
static void info_hello(struct conn *c, struct ipt6_tls_info *info)
{
	if (!info || !SSL_get_current_cipher(c->ssl))
		return;
	snprintf(info->version, sizeof(info->version), "%s",
		 SSL_get_version(c->ssl));
	snprintf(info->cipher, sizeof(info->cipher), "%s",
		 SSL_get_cipher_name(c->ssl));
}

static void info_fill(struct conn *c, struct ipt6_tls_info *info)
{
	X509 *peer = SSL_get0_peer_certificate(c->ssl);

	if (!info)
		return;
	info_hello(c, info);
	info->peer[0] = info->issuer[0] = '\0';
	info->not_after[0] = info->names[0] = '\0';
	if (!peer)
		return;
	name_str(X509_get_subject_name(peer), info->peer, sizeof(info->peer));
	name_str(X509_get_issuer_name(peer), info->issuer,
		 sizeof(info->issuer));
	time_str(X509_get0_notAfter(peer), info->not_after,
		 sizeof(info->not_after));
	cert_names(peer, info->names, sizeof(info->names));
}

/* Hand over: kernel keys, then the blocking mode the kernel side expects. */
static int conn_to_kernel(struct conn *c, struct ipt6_tls_info *info,
			  struct ipt6_err *err)
{
	if (ipt6_ktls_install(c->ssl, c->fd, err))
		return -1;
	if (set_nonblock(c->fd, false))
		return ipt6_err_set(err, IPT6_E_SYSTEM,
				    "kTLS: cannot make the socket blocking: %s",
				    strerror(errno));
	info_fill(c, info);
	return 0;
}

static int client_handshake(struct conn *c, const struct ipt6_url *url,
			    const struct ipt6_tls_opts *o,
			    struct ipt6_err *err)
{
	X509_VERIFY_PARAM *vp = SSL_get0_param(c->ssl);
	int r;

	if (ipt6_host_is_ip(url->host)) {
		r = X509_VERIFY_PARAM_set1_ip_asc(vp, url->host);
	} else {
		X509_VERIFY_PARAM_set_hostflags(vp,
				X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
		r = X509_VERIFY_PARAM_set1_host(vp, url->host, 0) &&
		    SSL_set_tlsext_host_name(c->ssl, url->host);
	}
	if (r != 1)
		return ipt6_err_set(err, IPT6_E_URL,
				    "TLS: cannot check certificates against host '%s': %s",
				    url->host, ssl_reason());
	while ((r = SSL_connect(c->ssl)) <= 0) {
		if (ssl_wait(c, r)) {
			info_hello(c, c->info);
			return handshake_fail(c, o->ca_file, err);
		}
	}
	info_fill(c, c->info);
	return 0;
}

/* The server said something else than a head with a status line. */
static int response_fail(struct conn *c, const struct ipt6_url *url,
			 int r, struct ipt6_err *err)
{
	if (r == 0)
		return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
				    "HTTP: answer to POST %s is not an HTTP head of at most %d bytes",
				    url->path, IPT6_HTTP_HEAD_MAX);
	if (c->timed_out)
		return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
				    "HTTP: no answer to POST %s from %s within %d ms",
				    url->path, c->peer, c->timeout_ms);
	if (client_cert_alert(c, err))
		return -1;
	/*
	 * TLS 1.3: the server judges our (empty) certificate after our side
	 * of the handshake is done, and its alert often dies in the reset
	 * that our POST, unread, causes when it closes.
	 */
	if (c->track.alert_rcvd < 0 && c->track.cert_requested &&
	    !c->have_cert && SSL_version(c->ssl) == TLS1_3_VERSION &&
	    (c->ssl_error == SSL_ERROR_SYSCALL ||
	     c->ssl_error == SSL_ERROR_ZERO_RETURN))
		return ipt6_err_set(err, IPT6_E_CLIENT_CERT,
				    "TLS: server %s asked for a client certificate, none is configured, and it closed the connection without answering: it requires one",
				    c->peer);
	return peer_fail(c, IPT6_E_HTTP_PROTOCOL, "HTTP", err);
}

static int client_exchange(struct conn *c, const struct ipt6_url *url,
			   const unsigned char *session, struct ipt6_err *err)
{
	char buf[IPT6_HTTP_HEAD_MAX], line[128];
	size_t head_len;
	int len, code;

	len = ipt6_http_format_request(buf, sizeof(buf), url, session);
	if (len < 0)
		return ipt6_err_set(err, IPT6_E_URL,
				    "HTTP: request for %s too long", url->path);
	if (ssl_write_all(c, buf, len))
		return response_fail(c, url, -1, err);
	len = read_head(c, buf, sizeof(buf), &head_len);
	if (len <= 0)
		return response_fail(c, url, len, err);
	if (ipt6_http_parse_status(buf, len, &code, line, sizeof(line), err))
		return -1;
	if (c->info) {
		c->info->http_status = code;
		snprintf(c->info->http_line, sizeof(c->info->http_line), "%s",
			 line);
	}
	if (code != 200)
		return ipt6_err_set(err, IPT6_E_HTTP_STATUS,
				    "HTTP: server answered %s to POST %s",
				    line, url->path);
	if ((size_t)len > head_len)
		return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
				    "HTTP: server sent %zu body bytes in the record of its 200 head; they would be lost at the switch to kernel TLS",
				    len - head_len);
	return 0;
}

static int client_start(int fd, const struct ipt6_url *url,
			const struct ipt6_tls_opts *o, long long deadline,
			struct ipt6_tls_info *info, struct ipt6_err *err)
{
	SSL_CTX *ctx = client_ctx(o, err);
	struct conn c = { .ssl = NULL };
	int ret = -1;

	if (info)
		memset(info, 0, sizeof(*info));
	if (!ctx)
		return -1;
	if (!conn_init(&c, ctx, fd, false, url->host, deadline,
		       timeout_of(o), err)) {
		c.info = info;
		if (!client_handshake(&c, url, o, err) &&
		    !client_exchange(&c, url, o->session, err) &&
		    !conn_to_kernel(&c, info, err))
			ret = 0;
	}
	if (info) {
		info->cert_requested = c.track.cert_requested;
		info->timed_out = c.timed_out;
	}
	conn_free(&c);
	SSL_CTX_free(ctx);
	ERR_clear_error();
	return ret;
}

int ipt6_tls_client_start(int fd, const struct ipt6_url *url,
			  const struct ipt6_tls_opts *o,
			  struct ipt6_tls_info *info, struct ipt6_err *err)
{
	return client_start(fd, url, o, ipt6_now_ms() + timeout_of(o), info, err);
}

/* One connect attempt until @until; 0 or an errno (ETIMEDOUT: no answer). */
static int try_connect(const struct addrinfo *ai, long long until, int *fdp)
{
	int fd, e = 0;
	socklen_t len = sizeof(e);

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC |
		    SOCK_NONBLOCK, ai->ai_protocol);
	if (fd < 0)
		return errno;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen)) {
		e = errno;
		if (e == EINPROGRESS) {
			if (ipt6_wait_fd(fd, POLLOUT, until))
				e = ETIMEDOUT;
			else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len))
				e = errno;
		}
	}
	if (e) {
		close(fd);
		return e;
	}
	*fdp = fd;
	return 0;
}

static int connect_fail(const char *host, const char *port,
			const struct addrinfo *ai, int e, long long ms,
			struct ipt6_err *err)
{
	char addr[64] = "?";

	getnameinfo(ai->ai_addr, ai->ai_addrlen, addr, sizeof(addr), NULL, 0,
		    NI_NUMERICHOST);
	if (e == ETIMEDOUT)
		return ipt6_err_set(err, IPT6_E_CONNECT_TIMEOUT,
				    "TCP: no answer from %s port %s (%s) within %lld ms (host down, or a firewall drops the connection)",
				    host, port, addr, ms);
	if (e == ECONNREFUSED)
		return ipt6_err_set(err, IPT6_E_CONNECT_REFUSED,
				    "TCP: %s port %s (%s) refused the connection (nothing listening on that port?)",
				    host, port, addr);
	return ipt6_err_set(err, IPT6_E_CONNECT,
			    "TCP: connecting to %s port %s (%s) failed: %s",
			    host, port, addr, strerror(e));
}

static int resolve(const char *host, const char *port, struct addrinfo **res,
		   struct ipt6_err *err)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	int rc = getaddrinfo(host, port, &hints, res);

	if (rc)
		return ipt6_err_set(err, IPT6_E_RESOLVE,
				    "DNS: cannot resolve '%s': %s", host,
				    rc == EAI_SYSTEM ? strerror(errno) :
				    gai_strerror(rc));
	return 0;
}

int ipt6_resolve(const char *host, const char *port, char *addrs,
		 size_t size, struct ipt6_err *err)
{
	struct addrinfo *res, *ai;
	char a[INET6_ADDRSTRLEN];

	if (resolve(host, port, &res, err))
		return -1;
	addrs[0] = '\0';
	for (ai = res; ai; ai = ai->ai_next)
		if (!getnameinfo(ai->ai_addr, ai->ai_addrlen, a, sizeof(a),
				 NULL, 0, NI_NUMERICHOST))
			append(addrs, size, ", ", a);
	freeaddrinfo(res);
	return 0;
}

/*
 * Each address gets an equal share of the time left, so a dead first
 * address (often IPv6) does not eat the whole budget.
 */
static int tcp_connect(const char *host, const char *port, long long deadline,
		       struct ipt6_err *err)
{
	struct addrinfo *res, *ai;
	int n = 0, i = 0, fd = -1, e = 0;
	long long start = ipt6_now_ms();

	if (resolve(host, port, &res, err))
		return -1;
	for (ai = res; ai; ai = ai->ai_next)
		n++;
	for (ai = res; ai; ai = ai->ai_next, i++) {
		long long t = ipt6_now_ms();

		e = try_connect(ai, t + (deadline - t) / (n - i), &fd);
		if (!e || !ai->ai_next)
			break;
	}
	if (e)
		connect_fail(host, port, ai, e, ipt6_now_ms() - start, err);
	freeaddrinfo(res);
	return e ? -1 : fd;
}

int ipt6_tcp_connect(const char *host, const char *port, int timeout_ms,
		     struct ipt6_err *err)
{
	if (timeout_ms <= 0)
		timeout_ms = DEFAULT_TIMEOUT_MS;
	return tcp_connect(host, port, ipt6_now_ms() + timeout_ms, err);
}

int ipt6_tls_client_open(const struct ipt6_url *url,
			 const struct ipt6_tls_opts *o, struct ipt6_err *err)
{
	long long deadline = ipt6_now_ms() + timeout_of(o);
	int fd = tcp_connect(url->host, url->port, deadline, err);

	if (fd < 0)
		return -1;
	if (client_start(fd, url, o, deadline, NULL, err)) {
		close(fd);
		return -1;
	}
	return fd;
}

struct ipt6_tls_server *ipt6_tls_server_new(const struct ipt6_tls_opts *o,
					    const char *path,
					    struct ipt6_err *err)
{
	struct ipt6_tls_server *s;
	int mode = SSL_VERIFY_PEER;

	if (ipt6_check_cert_key(o->cert_file, o->key_file, true, false, err))
		return NULL;
	if (path && (path[0] != '/' || strlen(path) >= sizeof(s->path)))
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "HTTP: path '%s' must start with '/' and be shorter than %zu bytes",
				    path, sizeof(s->path)), NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return ipt6_err_set(err, IPT6_E_SYSTEM, "out of memory"), NULL;
	snprintf(s->path, sizeof(s->path), "%s",
		 path ? path : IPT6_DEFAULT_PATH);
	s->timeout_ms = timeout_of(o);
	s->ctx = ctx_new(o, true, err);
	if (!s->ctx)
		goto fail;
	SSL_CTX_set_options(s->ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
	if (o->ca_file) {
		STACK_OF(X509_NAME) *names;

		names = SSL_load_client_CA_file(o->ca_file);

		if (!names || SSL_CTX_load_verify_locations(s->ctx, o->ca_file,
							    NULL) != 1) {
			sk_X509_NAME_pop_free(names, X509_NAME_free);
			ipt6_err_set(err, IPT6_E_CONFIG,
				     "TLS: cannot load client CAs from '%s': %s",
				     o->ca_file, ssl_reason());
			goto fail;
		}
		SSL_CTX_set_client_CA_list(s->ctx, names);
		s->ca_file = strdup(o->ca_file);
		if (o->require_client_cert)
			mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
		SSL_CTX_set_verify(s->ctx, mode, verify_cb);
	} else if (o->require_client_cert) {
		ipt6_err_set(err, IPT6_E_CONFIG,
			     "TLS: requiring client certificates needs a CA file to check them");
		goto fail;
	}
	return s;
fail:
	ipt6_tls_server_free(s);
	return NULL;
}

void ipt6_tls_server_free(struct ipt6_tls_server *s)
{
	if (!s)
		return;
	SSL_CTX_free(s->ctx);
	free(s->ca_file);
	free(s);
}

/* Which status a request gets: wrong path first, as a web server does. */
static int request_status(const struct ipt6_tls_server *s,
			  const struct ipt6_http_req *req)
{
	if (strcmp(req->path, s->path))
		return 404;
	if (strcmp(req->method, "POST"))
		return 405;
	if (req->chunked)
		return 501;
	return 200;
}

/* Answer an error status and say goodbye. */
static void server_answer(struct conn *c, int status)
{
	char buf[512];
	int len = ipt6_http_format_response(buf, sizeof(buf), status);

	if (len > 0 && !ssl_write_all(c, buf, len))
		SSL_shutdown(c->ssl);
}

/* Answer an error status and report what was asked. */
static int server_refuse(struct ipt6_tls_server *s, struct conn *c,
			 const struct ipt6_http_req *req, int status,
			 struct ipt6_err *err)
{
	server_answer(c, status);
	if (!req)
		return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
				    "HTTP: client %s sent a malformed or oversized request head; answered %d %s",
				    c->peer, status, ipt6_http_reason(status));
	return ipt6_err_set(err, IPT6_E_HTTP_STATUS,
			    "HTTP: client %s sent %s %s%s (expected POST %s); answered %d %s",
			    c->peer, req->method, req->path,
			    req->chunked ? " with Transfer-Encoding" : "",
			    s->path, status, ipt6_http_reason(status));
}

static int server_exchange(struct ipt6_tls_server *s, struct conn *c,
			   struct ipt6_http_req *req, struct ipt6_err *err)
{
	char buf[IPT6_HTTP_HEAD_MAX];
	size_t head_len;
	int len, status;

	len = read_head(c, buf, sizeof(buf), &head_len);
	if (len == 0)
		return server_refuse(s, c, NULL, 431, err);
	if (len < 0 && c->timed_out)
		return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
				    "HTTP: client %s sent no complete request head within %d ms",
				    c->peer, c->timeout_ms);
	if (len < 0)
		return peer_fail(c, IPT6_E_HTTP_PROTOCOL, "HTTP", err);
	if (ipt6_http_parse_request(buf, head_len, req, err)) {
		server_answer(c, 400);
		return -1;
	}
	status = request_status(s, req);
	if (status != 200)
		return server_refuse(s, c, req, status, err);
	if ((size_t)len > head_len)
		return ipt6_err_set(err, IPT6_E_HTTP_PROTOCOL,
				    "HTTP: client %s sent %zu body bytes before our 200; they would be lost at the switch to kernel TLS",
				    c->peer, len - head_len);
	len = ipt6_http_format_response(buf, sizeof(buf), 200);
	if (ssl_write_all(c, buf, len))
		return peer_fail(c, IPT6_E_HTTP_PROTOCOL, "HTTP", err);
	return 0;
}

static void peer_name(int fd, char *buf, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[64], port[8];

	snprintf(buf, size, "(unknown address)");
	if (getpeername(fd, (struct sockaddr *)&ss, &len) ||
	    getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), port,
			sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV))
		return;
	snprintf(buf, size, strchr(host, ':') ? "[%s]:%s" : "%s:%s", host,
		 port);
}

int ipt6_tls_server_accept_by(struct ipt6_tls_server *s, int fd,
			      long long deadline, struct ipt6_tls_info *info,
			      struct ipt6_err *err)
{
	struct ipt6_http_req req = { 0 };
	char peer[80];
	struct conn c;
	int r, ret = -1;

	ERR_clear_error();
	peer_name(fd, peer, sizeof(peer));
	if (conn_init(&c, s->ctx, fd, true, peer, deadline, s->timeout_ms,
		      err))
		goto out;
	while ((r = SSL_accept(c.ssl)) <= 0) {
		if (ssl_wait(&c, r)) {
			handshake_fail(&c, s->ca_file, err);
			goto out;
		}
	}
	if (!server_exchange(s, &c, &req, err) && !conn_to_kernel(&c, info, err))
		ret = 0;
	if (!ret && info && req.has_session) {
		memcpy(info->session, req.session, sizeof(info->session));
		info->has_session = true;
	}
out:
	if (info)
		info->timed_out = c.timed_out;
	conn_free(&c);
	ERR_clear_error();
	return ret;
}

int ipt6_tls_server_accept(struct ipt6_tls_server *s, int fd,
			   struct ipt6_tls_info *info, struct ipt6_err *err)
{
	return ipt6_tls_server_accept_by(s, fd, ipt6_now_ms() + s->timeout_ms,
					 info, err);
}

int ipt6_tls_server_handshake(struct ipt6_tls_server *s, int fd,
			      struct ipt6_err *err)
{
	return ipt6_tls_server_accept(s, fd, NULL, err);
}
