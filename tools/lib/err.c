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
	[IPT6_E_INTERFACE]	 = "interface not usable",
};

/*
 * The codes Windows shows for the same failure in "netsh interface
 * httpstunnel show interfaces" (Last Error Code): Winsock, SSPI and
 * certificate-chain errors, so an admin can match both sides.
 */
static const char *const errcode_windows[] = {
	[IPT6_E_URL]		 = "0x4BE",	/* invalid URL */
	[IPT6_E_RESOLVE]	 = "0x2AF9",	/* WSAHOST_NOT_FOUND */
	[IPT6_E_CONNECT_TIMEOUT] = "0x274C",	/* WSAETIMEDOUT */
	[IPT6_E_CONNECT_REFUSED] = "0x274D",	/* WSAECONNREFUSED */
	[IPT6_E_TLS_HANDSHAKE]	 = "0x80090326", /* SEC_E_ILLEGAL_MESSAGE */
	[IPT6_E_CERT_UNTRUSTED]	 = "0x800B0109", /* CERT_E_UNTRUSTEDROOT */
	[IPT6_E_CERT_EXPIRED]	 = "0x800B0101", /* CERT_E_EXPIRED */
	[IPT6_E_CERT_NAME]	 = "0x103",	/* no usable certificate */
	[IPT6_E_CLIENT_CERT]	 = "0x90320",	/* SEC_I_INCOMPLETE_CREDENTIALS */
	[IPT6_E_INTERFACE]	 = "0x643",	/* interface creation failure */
};

const char *ipt6_errcode_name(enum ipt6_errcode code)
{
	if ((unsigned int)code >= ARRAY_SIZE(errcode_names))
		return "unknown error";
	return errcode_names[code];
}

const char *ipt6_errcode_windows(enum ipt6_errcode code)
{
	if ((unsigned int)code >= ARRAY_SIZE(errcode_windows) ||
	    !errcode_windows[code])
		return "";
	return errcode_windows[code];
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
