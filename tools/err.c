// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>

#include "err.h"


static const char *const errcode_names[] = {
	[IPT6_E_OK]		 = "success",
	[IPT6_E_URL]		 = "invalid URL",
	[IPT6_E_RESOLVE]	 = "host not found",
	[IPT6_E_CONNECT_TIMEOUT] = "connection timed out",
	[IPT6_E_CONNECT_REFUSED] = "connection refused",
	[IPT6_E_CONNECT]	 = "connection failed",
	[IPT6_E_PROXY]		 = "proxy error",
	[IPT6_E_TLS_HANDSHAKE]	 = "TLS handshake failed",
	[IPT6_E_CERT_UNTRUSTED]	 = "untrusted certificate",
	[IPT6_E_CERT_EXPIRED]	 = "certificate expired",
	[IPT6_E_CERT_NAME]	 = "certificate name mismatch",
	[IPT6_E_CLIENT_CERT]	 = "client certificate problem",
	[IPT6_E_HTTP_STATUS]	 = "HTTP error status",
	[IPT6_E_HTTP_PROTOCOL]	 = "HTTP protocol error",
	[IPT6_E_KTLS]		 = "kernel TLS error",
	[IPT6_E_CLOSED]		 = "connection closed",
	[IPT6_E_SYSTEM]		 = "system error",
	[IPT6_E_CONFIG]		 = "invalid configuration",
};

const char *ipt6_errcode_name(enum ipt6_errcode code)
{
	if ((unsigned int)code >= ARRAY_SIZE(errcode_names))
		return "unknown error";
	return errcode_names[code];
}

int ipt6_err_set(struct ipt6_err *err, enum ipt6_errcode code,
		 const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}
