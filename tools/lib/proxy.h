/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HTTP proxies between an IP-HTTPS client and its server: which proxy to
 * use (an option, or https_proxy / no_proxy as curl reads them), and the
 * CONNECT tunnel through it.  TLS then runs through the tunnel as on a
 * direct connection, on the same TCP socket.
 */
#ifndef IPT6_PROXY_H
#define IPT6_PROXY_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "http.h"

/* curl's default proxy port, for a proxy URL without one. */
#define IPT6_PROXY_DEFAULT_PORT "1080"

struct ipt6_proxy {
	char host[256];
	char port[8];
	char auth[IPT6_PROXY_AUTH_MAX + 1];		/* "user:password" for Basic, "" for none */
	char user[128];		/* the user name alone, for messages */
	char source[32];	/* "--proxy", "https_proxy", ... */
	char name[320];		/* "HOST:PORT" (+ source) for messages */
};

/*
 * Parse [http://][USER[:PASSWORD]@]HOST[:PORT][/] (user and password
 * percent-decoded) from @source.  0, or -1 with IPT6_E_CONFIG.
 */
int ipt6_proxy_parse(const char *text, const char *source,
		     struct ipt6_proxy *p, struct ipt6_err *err);

/* Credentials "USER:PASSWORD" as given (--proxy-user), not decoded. */
int ipt6_proxy_set_user(struct ipt6_proxy *p, const char *userpass,
			struct ipt6_err *err);

/*
 * Whether @host is in @list, a no_proxy value as curl reads it: "*" for
 * every host; otherwise names and addresses separated by commas or
 * spaces, a name matching itself and its subdomains (a leading dot is
 * ignored), an address matching itself or, with "/BITS", its network.
 */
bool ipt6_no_proxy_match(const char *list, const char *host);

/*
 * The proxy for a connection to @host (and @alt, the --connect-to host,
 * or NULL): @opt (from --proxy) if given, else https_proxy, else
 * HTTPS_PROXY, when @use_env.  With @use_env, a host listed in no_proxy
 * (or NO_PROXY) goes direct, with --proxy too, as in curl.  @user
 * (--proxy-user) overrides credentials from the URL.  Returns 1 with @p
 * set, 0 for a direct connection, -1 for a bad proxy URL; @why (may be
 * NULL) says which and why, in words.
 */
int ipt6_proxy_choose(const char *opt, const char *user, bool use_env,
		      const char *host, const char *alt,
		      struct ipt6_proxy *p, char *why, size_t why_size,
		      struct ipt6_err *err);

/*
 * TCP to the proxy, then CONNECT @host:@port, all within @timeout_ms.
 * Returns the connected socket (non-blocking, as ipt6_tcp_connect) or -1:
 * IPT6_E_RESOLVE, IPT6_E_CONNECT_TIMEOUT, IPT6_E_CONNECT_REFUSED or
 * IPT6_E_CONNECT when the proxy cannot be reached (the message names
 * it), IPT6_E_PROXY when it refuses.  @reply (may be NULL) gets its
 * answer.
 */
int ipt6_proxy_open(const struct ipt6_proxy *p, const char *host,
		    const char *port, int timeout_ms,
		    struct ipt6_proxy_reply *reply, struct ipt6_err *err);

#endif /* IPT6_PROXY_H */
