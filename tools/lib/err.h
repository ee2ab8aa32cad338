/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Errors of the userspace side: a stable code a program can act on (and
 * the kernel can store as "last error") plus words for a human that name
 * the step, what was expected and what came.
 */
#ifndef IPT6_ERR_H
#define IPT6_ERR_H

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Stable numbers: keep this order, add new codes at the end only. */
enum ipt6_errcode {
	IPT6_E_OK = 0,
	IPT6_E_URL,
	IPT6_E_RESOLVE,
	IPT6_E_CONNECT_TIMEOUT,
	IPT6_E_CONNECT_REFUSED,
	IPT6_E_CONNECT,
	IPT6_E_PROXY,
	IPT6_E_TLS_HANDSHAKE,
	IPT6_E_CERT_UNTRUSTED,
	IPT6_E_CERT_EXPIRED,
	IPT6_E_CERT_NAME,
	IPT6_E_CLIENT_CERT,
	IPT6_E_HTTP_STATUS,
	IPT6_E_HTTP_PROTOCOL,
	IPT6_E_KTLS,
	IPT6_E_CLOSED,
	IPT6_E_SYSTEM,
	IPT6_E_CONFIG,		/* bad option or unreadable local file */
	IPT6_E_INTERFACE,	/* device missing, busy, or without IPv6 */
};

struct ipt6_err {
	enum ipt6_errcode code;
	char msg[512];
};

/* Short words for a code, e.g. "certificate name mismatch". */
const char *ipt6_errcode_name(enum ipt6_errcode code);

/*
 * The code Windows shows for the same failure in `netsh interface
 * httpstunnel show interfaces` ("Last Error Code"), e.g. "0x103", or ""
 * where Windows has no equivalent.
 */
const char *ipt6_errcode_windows(enum ipt6_errcode code);

/* Fill @err (which may be NULL); returns -1 so callers can "return ...". */
int ipt6_err_set(struct ipt6_err *err, enum ipt6_errcode code,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* IPT6_ERR_H */
