/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IPT6_URL_H
#define IPT6_URL_H

#include "err.h"

#define IPT6_DEFAULT_PORT "443"
#define IPT6_DEFAULT_PATH "/IPHTTPS"

/*
 * A parsed https://NAME[:PORT][/PATH] URL.  @host has no brackets, even
 * for an IPv6 literal: it is what getaddrinfo() and certificate checks take.
 */
struct ipt6_url {
	char host[256];
	char port[8];
	char path[256];
};

/* Returns 0, or -1 with @err set to IPT6_E_URL. */
int ipt6_url_parse(const char *url, struct ipt6_url *out,
		   struct ipt6_err *err);

/* True when @host is an IPv4 or IPv6 literal (no SNI, IP SAN check). */
int ipt6_host_is_ip(const char *host);

/*
 * The "host[:port]" or "[v6][:port]" in @hp (@len bytes) into @out's host
 * and port (@defport when absent), checked as in a URL; messages start
 * with @what and quote @text.  For proxy addresses.
 */
int ipt6_hostport_parse(const char *what, const char *text, const char *hp,
			size_t len, const char *defport, struct ipt6_url *out,
			struct ipt6_err *err);

#endif /* IPT6_URL_H */
