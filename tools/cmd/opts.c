// SPDX-License-Identifier: GPL-2.0
/*
 * What several commands share: the TLS and connection options of client,
 * server and diagnose, --keepalive, numbers and prefixes with the one
 * message each, and the stop flag of the long-running commands.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "ra_dns.h"
#include "parse.h"

volatile sig_atomic_t ipt6_stop;

static void on_signal(int sig)
{
	(void)sig;
	ipt6_stop = 1;
}

void ipt6_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	/* No SA_RESTART: blocking calls return EINTR and see the flag. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int ipt6_tls_opt(int c, const char *arg, struct ipt6_tls_opts *o)
{
	switch (c) {
	case 'C':
		o->ca_file = arg;
		return 1;
	case 'c':
		o->cert_file = arg;
		return 1;
	case 'k':
		o->key_file = arg;
		return 1;
	case 't':
		if (!strcmp(arg, "1.2") || !strcmp(arg, "12"))
			o->tls_version = 12;
		else if (!strcmp(arg, "1.3") || !strcmp(arg, "13"))
			o->tls_version = 13;
		else
			goto bad;
		return 1;
	case 'x':
		if (strcmp(arg, "aes128-gcm") && strcmp(arg, "aes256-gcm") &&
		    strcmp(arg, "chacha20-poly1305"))
			goto bad;
		o->cipher = arg;
		return 1;
	}
	return 0;
bad:
	fprintf(stderr, "ipt6ctl: bad value '%s' for --%s (see --help)\n", arg,
		c == 't' ? "tls" : "cipher");
	return -1;
}

/*
 * --connect-to HOST[:PORT]: a name, an IPv4 address, or an IPv6 address,
 * bare or, with a port, in brackets ([2001:db8::1]:443).
 */
static void ipt6_connect_to(const char *arg, struct ipt6_conn_opts *o)
{
	char *host = o->host_buf, *end, *colon;

	snprintf(o->host_buf, sizeof(o->host_buf), "%s", arg);
	end = strchr(host, ']');
	colon = strchr(host, ':');
	o->connect_port = NULL;
	if (host[0] == '[' && end) {
		*end = '\0';
		if (end[1] == ':')
			o->connect_port = end + 2;
		host++;
	} else if (colon && !strchr(colon + 1, ':')) {
		*colon = '\0';
		o->connect_port = colon + 1;
	}
	o->connect_host = host;
}

int ipt6_conn_opt(int c, const char *arg, struct ipt6_conn_opts *o)
{
	int r = ipt6_tls_opt(c, arg, &o->tls);

	if (r)
		return r;
	switch (c) {
	case 'H':
		ipt6_connect_to(arg, o);
		return 1;
	case 'T':
		if (ipt6_secs_opt("--timeout", arg, 1, IPT6_SECS_MS_MAX, NULL,
				  &o->tls.timeout_ms))
			return -1;
		return 1;
	case 'P':
		o->proxy = arg;
		return 1;
	case 'U':
		o->proxy_user = arg;
		return 1;
	case 'N':
		o->no_env_proxy = true;
		return 1;
	}
	return 0;
}

int ipt6_keepalive_opt(const char *arg, unsigned int *secs)
{
	return ipt6_uint_opt("--keepalive", "seconds", arg, 0, 3600, "0: off",
			     secs);
}

/* The one way a number is refused: what the option takes, and what came. */
static int range_error(const char *opt, const char *what, const char *arg,
		       unsigned long long min, unsigned long long max,
		       const char *note)
{
	fprintf(stderr, "ipt6ctl: %s takes %s from %llu to %llu%s%s%s, not '%s'\n",
		opt, what, min, max, note ? " (" : "", note ? note : "",
		note ? ")" : "", arg);
	return -1;
}

int ipt6_uint_opt(const char *opt, const char *what, const char *arg,
		  unsigned int min, unsigned int max, const char *note,
		  unsigned int *out)
{
	if (ipt6_parse_uint(arg, min, max, out))
		return range_error(opt, what, arg, min, max, note);
	return 0;
}

int ipt6_secs_opt(const char *opt, const char *arg, unsigned int min,
		  unsigned int max, const char *note, int *ms)
{
	if (max > IPT6_SECS_MS_MAX)
		max = IPT6_SECS_MS_MAX;
	if (ipt6_parse_secs_ms(arg, min, max, ms))
		return range_error(opt, "seconds", arg, min, max, note);
	return 0;
}

int ipt6_prefix_opt(const char *opt, const char *arg, unsigned int flags,
		    struct in6_addr *prefix, int *len)
{
	struct ipt6_err err = { 0 };
	int plen;

	if (ipt6_parse_prefix(arg, prefix, len ? len : &plen, flags, &err)) {
		fprintf(stderr, "ipt6ctl: %s %s\n", opt, err.msg);
		return -1;
	}
	return 0;
}

int ipt6_dns_opt(int c, const char *arg, struct ipt6_dns_conf *dns)
{
	struct ipt6_err err = { 0 };
	unsigned int secs;

	switch (c) {
	case IPT6_OPT_DNS:
		if (ipt6_dns_add_servers(dns, arg, &err))
			goto bad;
		return 1;
	case IPT6_OPT_SEARCH:
		if (ipt6_dns_add_domains(dns, arg, &err))
			goto bad;
		return 1;
	case IPT6_OPT_DNS_LIFETIME:
		/* The kernel's range: the spec's dns lifetime checks. */
		if (ipt6_uint_opt("--dns-lifetime", "seconds", arg, 4, 86400,
				  NULL, &secs))
			return -1;
		dns->lifetime = secs;
		return 1;
	}
	return 0;
bad:
	fprintf(stderr, "ipt6ctl: --%s: %s\n",
		c == IPT6_OPT_DNS ? "dns" : "search", err.msg);
	return -1;
}

int ipt6_cert_key_opts(const struct ipt6_tls_opts *o, bool server)
{
	struct ipt6_err err = { 0 };

	if (ipt6_check_cert_key(o->cert_file, o->key_file, server, false,
				&err)) {
		fprintf(stderr, "ipt6ctl: %s\n", err.msg);
		return -1;
	}
	return 0;
}
