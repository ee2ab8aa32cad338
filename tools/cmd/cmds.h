/* SPDX-License-Identifier: GPL-2.0 */
/* The ipt6ctl subcommands. */
#ifndef IPT6CTL_CMDS_H
#define IPT6CTL_CMDS_H

#include <signal.h>
#include <stdbool.h>

#include "tls.h"

int cmd_show(int argc, char **argv);
int cmd_client(int argc, char **argv);
int cmd_server(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_detach(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_nat64(int argc, char **argv);
int cmd_up(int argc, char **argv);
int cmd_down(int argc, char **argv);
int cmd_isatap(int argc, char **argv);
int cmd_isatap_prl(int argc, char **argv);
int cmd_isatap_set(int argc, char **argv);
int cmd_diagnose(int argc, char **argv);

/*
 * TLS options common to client and server: 1 if @c was one of them, 0 if
 * not, -1 (after saying why) for a bad value.
 */
#define IPT6_TLS_OPTS_SHORT	"C:c:k:t:x:"
#define IPT6_TLS_LONG_OPTS						\
	{ "ca", required_argument, NULL, 'C' },				\
	{ "cert", required_argument, NULL, 'c' },			\
	{ "key", required_argument, NULL, 'k' },			\
	{ "tls", required_argument, NULL, 't' },			\
	{ "cipher", required_argument, NULL, 'x' }
int ipt6_tls_opt(int c, const char *arg, struct ipt6_tls_opts *o);

/*
 * How a client reaches its server, for 'client' and 'diagnose' alike: the
 * TLS options, --connect-to, --timeout and the proxy options.  Same
 * return values as ipt6_tls_opt().
 */
struct ipt6_conn_opts {
	struct ipt6_tls_opts tls;
	const char *connect_host;	/* --connect-to: where TCP goes */
	const char *connect_port;
	const char *proxy;		/* --proxy */
	const char *proxy_user;		/* --proxy-user */
	bool no_env_proxy;		/* --no-proxy */
	char host_buf[256];
};

#define IPT6_CONN_OPTS_SHORT	IPT6_TLS_OPTS_SHORT "H:T:P:U:N"
#define IPT6_CONN_LONG_OPTS						\
	IPT6_TLS_LONG_OPTS,						\
	{ "connect-to", required_argument, NULL, 'H' },			\
	{ "timeout", required_argument, NULL, 'T' },			\
	{ "proxy", required_argument, NULL, 'P' },			\
	{ "proxy-user", required_argument, NULL, 'U' },			\
	{ "no-proxy", no_argument, NULL, 'N' }
int ipt6_conn_opt(int c, const char *arg, struct ipt6_conn_opts *o);

/*
 * What a server's router advertisements say about DNS (RFC 8106):
 * --dns ADDR[,ADDR...], --search DOMAIN[,DOMAIN...] (both may repeat)
 * and --dns-lifetime SECONDS; long options only.  Same return values
 * as ipt6_tls_opt().
 */
struct ipt6_dns_conf;
enum { IPT6_OPT_DNS = 0x200, IPT6_OPT_SEARCH, IPT6_OPT_DNS_LIFETIME };
#define IPT6_DNS_LONG_OPTS						\
	{ "dns", required_argument, NULL, IPT6_OPT_DNS },		\
	{ "search", required_argument, NULL, IPT6_OPT_SEARCH },	\
	{ "dns-lifetime", required_argument, NULL, IPT6_OPT_DNS_LIFETIME }
int ipt6_dns_opt(int c, const char *arg, struct ipt6_dns_conf *dns);

/* --keepalive SECS: 0 (off) to 3600; -1 after saying what is wrong. */
int ipt6_keepalive_opt(const char *arg, unsigned int *secs);

/*
 * Option @opt's number @arg, @what ("seconds") from @min to @max: 0, or
 * -1 after the one message for all numbers, "ipt6ctl: --refresh takes
 * seconds from 0 to 86400 (@note), not '5x'".
 */
int ipt6_uint_opt(const char *opt, const char *what, const char *arg,
		  unsigned int min, unsigned int max, const char *note,
		  unsigned int *out);
/* The same for seconds, as milliseconds (max: IPT6_SECS_MS_MAX at most). */
int ipt6_secs_opt(const char *opt, const char *arg, unsigned int min,
		  unsigned int max, const char *note, int *ms);

struct in6_addr;
/*
 * Option @opt's prefix, as ipt6_parse_prefix() takes it with @flags (and
 * @len NULL when the flags allow one length only); -1 after saying why.
 */
int ipt6_prefix_opt(const char *opt, const char *arg, unsigned int flags,
		    struct in6_addr *prefix, int *len);

/* --cert and --key: a server needs both, others both or neither. */
int ipt6_cert_key_opts(const struct ipt6_tls_opts *o, bool server);

/* Stop flag set by SIGINT/SIGTERM for the long-running commands. */
extern volatile sig_atomic_t ipt6_stop;
void ipt6_catch_signals(void);

#endif
