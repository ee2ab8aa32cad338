// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6ctl diagnose: the troubleshooting checklist of IP-HTTPS, walked in
 * order, one line per step, stopping at the first failure with its cause
 * and fix in plain words and the code Windows shows for it.  Every network
 * step runs the same library code as `ipt6ctl client` (proxy choice, TCP,
 * CONNECT, TLS, POST, kernel TLS), so the two cannot disagree.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>

#include "claim.h"
#include "cmds.h"
#include "http.h"
#include "io.h"
#include "nl.h"
#include "proxy.h"

struct diag {
	const char *url_text;
	struct ipt6_url url;
	bool url_ok;
	struct ipt6_err url_err;
	struct ipt6_conn_opts conn;
	const char *dev;
	struct ipt6_proxy proxy;
	bool use_proxy;
	int checks;			/* steps passed */
};

static const char diagnose_usage[] =
"Usage: ipt6ctl diagnose URL [OPTIONS]\n"
"\n"
"Check, step by step, what an IP-HTTPS client of URL needs, the way\n"
"'ipt6ctl client' would connect (same options, same code), and stop at\n"
"the first step that fails, naming its cause, the fix, and the error code\n"
"Windows shows for it ('netsh interface httpstunnel show interfaces').\n"
"\n"
"Steps, in order:\n"
"  IPv6              enabled in this kernel and by sysctl\n"
"                    (net.ipv6.conf.all/default.disable_ipv6)\n"
"  interface         with --dev: DEV exists, is an iphttps device, is up\n"
"                    with IPv6, and no other client supervises it or left a\n"
"                    session on it (stale or duplicate interface)\n"
"  URL               https://NAME[:PORT][/PATH] is well formed\n"
"  proxy             --proxy, else https_proxy / HTTPS_PROXY, unless\n"
"                    no_proxy lists the server (as 'ipt6ctl client' decides)\n"
"  name resolution   NAME (or the --connect-to HOST, or the proxy's name)\n"
"  TCP               connect: refused and timed out are told apart\n"
"  proxy CONNECT     the proxy opens a tunnel to the server (status shown;\n"
"                    407: which credentials it wants)\n"
"  TLS handshake     a TLS version and cipher suite in common\n"
"  certificate       trusted chain, validity dates, NAME among its names\n"
"  client cert.      whether the server demands one and takes ours\n"
"  HTTP              'POST PATH' answered 200 (404: wrong path; 400, 501\n"
"                    or no answer: a layer-7 device in the way)\n"
"  kernel TLS        the session can be handed to the kernel\n"
"\n"
"Options:\n"
"  --ca FILE            trust only the CA certificates in FILE (default:\n"
"                       the system's trusted CA store)\n"
"  --cert FILE --key FILE\n"
"                       client certificate and key\n"
"  --tls 1.2|1.3        use exactly this TLS version\n"
"  --cipher NAME        aes128-gcm, aes256-gcm or chacha20-poly1305\n"
"  --connect-to HOST[:PORT]\n"
"                       open TCP to HOST instead of NAME (certificate, SNI\n"
"                       and Host: header still use NAME)\n"
"  --proxy http://[USER:PASSWORD@]HOST[:PORT]\n"
"  --proxy-user USER:PASSWORD\n"
"  --no-proxy           as for 'ipt6ctl client'\n"
"  --timeout SECONDS    for each of: connect, proxy answer, TLS and HTTP\n"
"                       (default 10)\n"
"  --dev DEV            also check the iphttps device the client would use\n"
"  -h, --help           this text\n"
"\n"
"The check ends with a real session: the server sees one client connect\n"
"and leave.  --dev needs CAP_NET_ADMIN and the ipt6 module.\n"
"\n"
"Exit status: 0 when every step passes, 1 at the first failing step,\n"
"2 on bad usage.\n";

static void pass(struct diag *d, const char *step, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void pass(struct diag *d, const char *step, const char *fmt, ...)
{
	va_list ap;

	printf("[ ok ] %s: ", step);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	d->checks++;
}

/*
 * The verdict of the failing step: what was seen (@detail), why in
 * words, the codes, and what to do.  Returns 1, the exit status.
 */
static int verdict(const char *step, enum ipt6_errcode code,
		   const char *detail, const char *cause, const char *fix)
{
	static const char *const prefixes[] = {
		"DNS: ", "TCP: ", "TLS: ", "TLS handshake: ", "HTTP: ",
		"URL: " };
	const char *win = ipt6_errcode_windows(code);
	size_t i;

	/* The step's name says it already. */
	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(detail, prefixes[i], strlen(prefixes[i])))
			detail += strlen(prefixes[i]);
	printf("[FAIL] %s: %s\n", step, detail);
	printf("       cause: %s\n", cause);
	if (*win)
		printf("       code:  %s on Windows (ipt6 code %d, %s)\n", win,
		       code, ipt6_errcode_name(code));
	else
		printf("       code:  ipt6 code %d, %s (Windows has no specific code)\n",
		       code, ipt6_errcode_name(code));
	printf("       fix:   %s\n", fix);
	return 1;
}

/* A verdict whose cause and fix need formatting. */
static int verdictf(const char *step, enum ipt6_errcode code,
		    const char *detail, const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int verdictf(const char *step, enum ipt6_errcode code,
		    const char *detail, const char *fix, const char *fmt, ...)
{
	char cause[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cause, sizeof(cause), fmt, ap);
	va_end(ap);
	return verdict(step, code, detail, cause, fix);
}

/* -1: missing or unreadable, else the number in the file (C syntax). */
static int read_int(const char *path)
{
	char buf[32];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return (int)strtol(buf, NULL, 0);
}

static int step_ipv6(struct diag *d)
{
	static const char fix[] =
		"sysctl -w net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0, and remove the setting from /etc/sysctl.conf and /etc/sysctl.d/";
	int all, def;

	if (access("/proc/net/if_inet6", F_OK))
		return verdict("IPv6", IPT6_E_INTERFACE,
			       "this kernel runs without IPv6 (no /proc/net/if_inet6)",
			       "IPv6 is disabled on this host (booted with ipv6.disable=1, or built without IPv6); the tunnel carries IPv6",
			       "remove ipv6.disable=1 from the kernel command line and reboot");
	all = read_int("/proc/sys/net/ipv6/conf/all/disable_ipv6");
	def = read_int("/proc/sys/net/ipv6/conf/default/disable_ipv6");
	if (all == 1)
		return verdict("IPv6", IPT6_E_INTERFACE,
			       "net.ipv6.conf.all.disable_ipv6 = 1",
			       "IPv6 is disabled by sysctl on this host (in this network namespace): no interface, the tunnel's included, gets IPv6 addresses",
			       fix);
	if (def == 1)
		return verdict("IPv6", IPT6_E_INTERFACE,
			       "net.ipv6.conf.default.disable_ipv6 = 1",
			       "new interfaces start with IPv6 disabled, so an iphttps device created now has no IPv6",
			       fix);
	pass(d, "IPv6", "enabled (net.ipv6.conf.all and default.disable_ipv6 = 0)");
	return 0;
}

/* What the kernel says about the device. */
struct dev_state {
	char kind[32];
	uint32_t role, status, npeers;
	bool got;
};

static int on_dev(struct nlattr **tb, void *arg)
{
	struct dev_state *s = arg;

	if (tb[IPT6_A_DEV_KIND])
		snprintf(s->kind, sizeof(s->kind), "%s",
			 nla_get_string(tb[IPT6_A_DEV_KIND]));
	s->role = tb[IPT6_A_DEV_ROLE] ? nla_get_u32(tb[IPT6_A_DEV_ROLE]) : 0;
	s->status = tb[IPT6_A_DEV_STATUS] ?
		    nla_get_u32(tb[IPT6_A_DEV_STATUS]) : 0;
	s->npeers = tb[IPT6_A_DEV_NPEERS] ?
		    nla_get_u32(tb[IPT6_A_DEV_NPEERS]) : 0;
	s->got = true;
	return 0;
}

/* 0 with @s filled, else the verdict's exit status. */
static int dev_query(const char *dev, int ifindex, struct dev_state *s)
{
	char detail[400];
	struct ipt6_nl nl;
	struct nl_msg *msg;
	int err;

	if (ipt6_nl_open(&nl))
		return verdict("interface", IPT6_E_INTERFACE,
			       "cannot talk to the ipt6 kernel module (see the message above)",
			       "the ipt6 module is not loaded, or this process lacks CAP_NET_ADMIN",
			       "load it with 'modprobe ipt6' and run as root");
	msg = ipt6_nl_msg(&nl, IPT6_CMD_DEV_GET, 0);
	if (!msg || nla_put_u32(msg, IPT6_A_DEV_IFINDEX, ifindex)) {
		nlmsg_free(msg);
		ipt6_nl_close(&nl);
		return verdict("interface", IPT6_E_SYSTEM, "out of memory",
			       "out of memory", "try again");
	}
	err = ipt6_nl_request(&nl, msg, on_dev, s);
	snprintf(detail, sizeof(detail), "%s is not an ipt6 device (kernel: %s)",
		 dev, nl.extack[0] ? nl.extack : strerror(-err));
	ipt6_nl_close(&nl);
	if (err == -EPERM)
		return verdict("interface", IPT6_E_INTERFACE,
			       "permission denied reading the device",
			       "reading ipt6 devices needs CAP_NET_ADMIN",
			       "run as root");
	if (err || !s->got || strcmp(s->kind, "iphttps"))
		return verdict("interface", IPT6_E_INTERFACE, detail,
			       "the client needs an iphttps device",
			       "create one with 'ip link add NAME type iphttps' and give its name");
	return 0;
}

static const char *status_word(uint32_t st)
{
	static const char *const w[] = { "idle", "connecting", "active",
					 "waiting to reconnect", "failed" };

	return st < ARRAY_SIZE(w) ? w[st] : "unknown";
}

/* Another client on it, or a session nobody supervises. */
static int dev_owner(struct diag *d, int ifindex, const struct dev_state *s,
		     char *note, size_t size)
{
	char detail[300];
	pid_t pid;

	note[0] = '\0';
	if (ipt6_claim_holder(ifindex, &pid) == 1) {
		snprintf(detail, sizeof(detail),
			 "%s is supervised by a running ipt6ctl client (process %d), status '%s'",
			 d->dev, (int)pid, status_word(s->status));
		return verdict("interface", IPT6_E_INTERFACE, detail,
			       "duplicate interface: another client already runs this device; a second one would be refused",
			       "stop that client first (or use it: 'ipt6ctl show' tells its state), or create another device");
	}
	if (s->role == IPT6_ROLE_SERVER && s->npeers) {
		snprintf(detail, sizeof(detail), "%s serves %u clients", d->dev,
			 s->npeers);
		return verdict("interface", IPT6_E_INTERFACE, detail,
			       "the device is in use as an IP-HTTPS server",
			       "give the client its own iphttps device");
	}
	if (s->npeers) {
		snprintf(detail, sizeof(detail),
			 "%s still carries a session (status '%s') that no running client supervises",
			 d->dev, status_word(s->status));
		return verdict("interface", IPT6_E_INTERFACE, detail,
			       "stale interface: a session left attached (by 'ipt6ctl attach', or a supervisor that did not bind it) blocks a new client",
			       "detach it ('ipt6ctl show' gives its peer id; 'ipt6ctl detach DEV PEER'), or delete and re-create the device");
	}
	if (s->status == IPT6_STATUS_ACTIVE ||
	    s->status == IPT6_STATUS_CONNECTING ||
	    s->status == IPT6_STATUS_WAITING)
		snprintf(note, size,
			 "; its status '%s' is stale (left by a client that is gone) and the next client overwrites it",
			 status_word(s->status));
	return 0;
}

static int step_dev(struct diag *d)
{
	struct dev_state s = { .got = false };
	char path[128], detail[300], note[200];
	int ifindex, flags, r;

	ifindex = if_nametoindex(d->dev);
	if (!ifindex) {
		snprintf(detail, sizeof(detail), "no network device named '%s'",
			 d->dev);
		return verdict("interface", IPT6_E_INTERFACE, detail,
			       "the tunnel interface does not exist",
			       "create it with 'ip link add DEV type iphttps' and 'ip link set DEV up'");
	}
	r = dev_query(d->dev, ifindex, &s);
	if (r)
		return r;
	r = dev_owner(d, ifindex, &s, note, sizeof(note));
	if (r)
		return r;
	snprintf(path, sizeof(path), "/sys/class/net/%s/flags", d->dev);
	flags = read_int(path);
	if (flags >= 0 && !(flags & IFF_UP)) {
		snprintf(detail, sizeof(detail), "%s is down", d->dev);
		return verdict("interface", IPT6_E_INTERFACE, detail,
			       "a device that is down carries no packets",
			       "ip link set DEV up");
	}
	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6",
		 d->dev);
	if (read_int(path) == 1) {
		snprintf(detail, sizeof(detail),
			 "net.ipv6.conf.%s.disable_ipv6 = 1", d->dev);
		return verdict("interface", IPT6_E_INTERFACE, detail,
			       "IPv6 is disabled on the tunnel device",
			       "sysctl -w net.ipv6.conf.DEV.disable_ipv6=0 (and check net.ipv6.conf.default)");
	}
	pass(d, "interface", "%s is an iphttps device, up, with IPv6, not used by another client%s",
	     d->dev, note);
	return 0;
}

static int step_url(struct diag *d)
{
	if (!d->url_ok)
		return verdict("URL", IPT6_E_URL, d->url_err.msg,
			       "the URL is malformed",
			       "give https://NAME[:PORT][/PATH], NAME as on the server's certificate (DirectAccess: https://NAME:443/IPHTTPS)");
	pass(d, "URL", "host %s, port %s, path %s", d->url.host, d->url.port,
	     d->url.path);
	return 0;
}

static int step_proxy(struct diag *d)
{
	struct ipt6_err err = { 0 };
	char why[512];
	int r;

	r = ipt6_proxy_choose(d->conn.proxy, d->conn.proxy_user,
			      !d->conn.no_env_proxy, d->url.host,
			      d->conn.connect_host, &d->proxy, why,
			      sizeof(why), &err);
	if (r < 0)
		return verdict("proxy", err.code, err.msg,
			       "the proxy setting cannot be used",
			       "set it to http://[USER:PASSWORD@]HOST[:PORT] (percent-encode special characters), or unset it");
	d->use_proxy = r;
	pass(d, "proxy", "%s", why);
	return 0;
}

/* Where TCP goes: the proxy, the --connect-to host, or the URL's. */
static void tcp_target(const struct diag *d, const char **host,
		       const char **port)
{
	if (d->use_proxy) {
		*host = d->proxy.host;
		*port = d->proxy.port;
	} else {
		*host = d->conn.connect_host ? d->conn.connect_host : d->url.host;
		*port = d->conn.connect_port ? d->conn.connect_port : d->url.port;
	}
}

/* The proxy is asked for a tunnel to a name, not an address. */
static bool proxy_resolves(const struct diag *d)
{
	return d->use_proxy && !ipt6_host_is_ip(d->conn.connect_host ?
						d->conn.connect_host : d->url.host);
}

static int step_resolve(struct diag *d)
{
	struct ipt6_err err = { 0 };
	const char *host, *port;
	char addrs[512], fix[512];

	tcp_target(d, &host, &port);
	if (ipt6_host_is_ip(host)) {
		pass(d, "name resolution", "not needed: %s is an address%s%s",
		     host, proxy_resolves(d) ? "; the proxy resolves " : "",
		     proxy_resolves(d) ? d->url.host : "");
		return 0;
	}
	if (ipt6_resolve(host, port, addrs, sizeof(addrs), &err)) {
		snprintf(fix, sizeof(fix),
			 "check the spelling of '%s', this host's DNS servers (/etc/resolv.conf) and that the name is published where this client looks it up (public DNS outside the company network)%s",
			 host, d->use_proxy ? "; or fix the proxy setting" : "");
		return verdictf("name resolution", IPT6_E_RESOLVE, err.msg, fix,
				"the %s '%s' has no address this host can find",
				d->use_proxy ? "proxy's name" : "server name",
				host);
	}
	pass(d, "name resolution", "%s -> %s%s%s", host, addrs,
	     proxy_resolves(d) ? " (the proxy; it resolves " : "",
	     proxy_resolves(d) ? "the server's name itself)" : "");
	return 0;
}

static int tcp_fail(struct diag *d, const char *step, const char *host,
		    const char *port, const struct ipt6_err *err)
{
	const char *what = d->use_proxy ? "the proxy" : "the server";
	char fix[512];

	switch (err->code) {
	case IPT6_E_CONNECT_TIMEOUT:
		snprintf(fix, sizeof(fix),
			 "check the route to %s and every firewall and NAT rule on the way for TCP port %s (on the server side: the port forwarding to the IP-HTTPS server)%s",
			 host, port, d->use_proxy ? "; or the proxy setting" : "");
		return verdictf(step, err->code, err->msg, fix,
				"nothing answered: %s is down or unreachable, or a firewall drops TCP to port %s",
				what, port);
	case IPT6_E_CONNECT_REFUSED:
		snprintf(fix, sizeof(fix),
			 "start %s, or correct the port (%s) in the %s; check that a NAT rule forwards to the right port",
			 d->use_proxy ? "the proxy" : "the IP-HTTPS server",
			 port, d->use_proxy ? "proxy setting" : "URL");
		return verdictf(step, err->code, err->msg, fix,
				"%s answered but nothing listens on port %s (or a firewall rejects the connection)",
				host, port);
	default:
		return verdictf(step, err->code, err->msg,
				"check this host's addresses and routes ('ip route get ADDRESS')",
				"this host cannot send to %s", host);
	}
}

/* 0 with *fd connected to the proxy or the server, else the verdict. */
static int step_tcp(struct diag *d, int *fd)
{
	const char *step = d->use_proxy ? "TCP to the proxy" : "TCP";
	struct ipt6_err err = { 0 };
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	const char *host, *port;
	char addr[INET6_ADDRSTRLEN] = "?";
	long long t0 = ipt6_now_ms();

	tcp_target(d, &host, &port);
	*fd = ipt6_tcp_connect(host, port, d->conn.tls.timeout_ms, &err);
	if (*fd < 0)
		return tcp_fail(d, step, host, port, &err);
	if (!getpeername(*fd, (struct sockaddr *)&ss, &len))
		getnameinfo((struct sockaddr *)&ss, len, addr, sizeof(addr),
			    NULL, 0, NI_NUMERICHOST);
	pass(d, step, "connected to %s port %s%s%s%s in %lld ms", host, port,
	     strcmp(host, addr) ? " (" : "", strcmp(host, addr) ? addr : "",
	     strcmp(host, addr) ? ")" : "", ipt6_now_ms() - t0);
	return 0;
}

/* The proxy said no: which of its answers means what. */
static int connect_fail(struct diag *d, const char *target,
			const struct ipt6_proxy_reply *r,
			const struct ipt6_err *err)
{
	bool auth = r->status == 407 || r->status == 401;
	char fix[600];

	if (auth && r->schemes[0] &&
	    !strcasestr(r->schemes, "basic"))
		return verdictf("proxy CONNECT", err->code, err->msg,
				"ask the proxy's administrator to allow Basic authentication, or an exception for the server, or reach the server without this proxy (no_proxy)",
				"the proxy demands %s authentication, which ipt6ctl does not support (Basic only)",
				r->schemes);
	if (auth && d->proxy.auth[0])
		return verdictf("proxy CONNECT", err->code, err->msg,
				"check the user name and password (percent-encode special characters in the URL, or use --proxy-user)",
				"the proxy refused the credentials of user '%s'",
				d->proxy.user);
	if (auth)
		return verdict("proxy CONNECT", err->code, err->msg,
			       "the proxy wants credentials and none were given",
			       "give them in the proxy URL, http://USER:PASSWORD@HOST:PORT, or with --proxy-user USER:PASSWORD");
	if (r->status >= 500)
		return verdictf("proxy CONNECT", err->code, err->msg,
				"check that the server's name resolves and its port is reachable from the proxy's network",
				"the proxy could not reach %s", target);
	if (r->status) {
		snprintf(fix, sizeof(fix),
			 "ask the proxy's administrator to allow CONNECT to %s (squid: SSL_ports and http_access; tinyproxy: ConnectPort), or reach the server without this proxy (no_proxy)",
			 target);
		return verdictf("proxy CONNECT", err->code, err->msg, fix,
				"the proxy does not allow a tunnel to %s (many allow CONNECT only to some ports or hosts)",
				target);
	}
	return verdict("proxy CONNECT", err->code, err->msg,
		       "the proxy did not answer CONNECT with HTTP: it cannot reach the server in time, or it is not an HTTP proxy",
		       "check the proxy address and port, and that the proxy can reach the server");
}

static int step_connect(struct diag *d, int fd)
{
	const char *host = d->conn.connect_host ? d->conn.connect_host : d->url.host;
	const char *port = d->conn.connect_port ? d->conn.connect_port : d->url.port;
	struct ipt6_proxy_reply r;
	struct ipt6_err err = { 0 };
	char target[300];

	snprintf(target, sizeof(target), strchr(host, ':') ? "[%s]:%s" :
		 "%s:%s", host, port);
	if (ipt6_http_proxy_connect(fd, d->proxy.name, host, port,
				    d->proxy.auth, d->conn.tls.timeout_ms, &r, &err))
		return connect_fail(d, target, &r, &err);
	pass(d, "proxy CONNECT", "tunnel to %s: %s%s%s", target, r.line,
	     d->proxy.auth[0] ? ", as user " : "",
	     d->proxy.auth[0] ? d->proxy.user : "");
	return 0;
}

static int handshake_verdict(const struct ipt6_tls_info *info,
			     const struct ipt6_err *err)
{
	if (info->timed_out)
		return verdict("TLS handshake", err->code, err->msg,
			       "the far end accepted TCP but did not complete a TLS handshake in time: not a TLS server, or a device holding the connection",
			       "check that the URL's port leads to the IP-HTTPS server (not to a plain HTTP service or an inspecting firewall)");
	return verdict("TLS handshake", err->code, err->msg,
		       "no TLS version or cipher suite in common, or no TLS server at that port: ipt6 offers TLS 1.2 (ECDHE with AES-GCM or ChaCha20-Poly1305) and TLS 1.3, what kernel TLS can carry; servers or load balancers offering only other suites (e.g. NULL encryption) fail here",
		       "enable TLS 1.2 ECDHE AES-GCM suites or TLS 1.3 on the server or on the load balancer in front of it; check --tls/--cipher");
}

static int cert_verdict(const struct diag *d, const struct ipt6_err *err)
{
	char fix[512];

	switch (err->code) {
	case IPT6_E_CERT_NAME:
		snprintf(fix, sizeof(fix),
			 "use the name the certificate carries in the URL, or have the certificate reissued with DNS:%s among its subject alternative names",
			 d->url.host);
		return verdictf("certificate", err->code, err->msg, fix,
				"the URL's host name %s is not among the server certificate's names",
				d->url.host);
	case IPT6_E_CERT_EXPIRED:
		return verdict("certificate", err->code, err->msg,
			       "the server certificate is outside its validity dates",
			       "renew the server certificate; if its dates look right, fix this machine's clock");
	default:
		return verdict("certificate", err->code, err->msg,
			       "the server certificate does not chain to a CA this client trusts (or the server does not send its intermediate CA)",
			       d->conn.tls.ca_file ?
			       "give the CA that issued the server certificate with --ca, and have the server send its full chain" :
			       "install the issuing root CA in the system store (or give it with --ca), and have the server send its full chain");
	}
}

static int http_verdict(const struct diag *d, const struct ipt6_tls_info *i,
			const struct ipt6_err *err)
{
	static const char l7[] =
		"typical of a layer-7 load balancer or reverse proxy in front of the server that buffers the request body (Content-Length 2^64-1 never ends) or mishandles 100-continue";
	static const char l7fix[] =
		"configure the load balancer for layer-4 (TCP) pass-through to the IP-HTTPS server, with source persistence";
	char cause[400];

	if (i->http_status == 404) {
		snprintf(cause, sizeof(cause),
			 "wrong path: the server has no IP-HTTPS endpoint at %s",
			 d->url.path);
		return verdict("HTTP", err->code, err->msg, cause,
			       "use the path the server serves (DirectAccess: /IPHTTPS)");
	}
	if (i->http_status == 405)
		return verdict("HTTP", err->code, err->msg,
			       "the path exists but does not take POST: a web server or proxy answers instead of the IP-HTTPS server",
			       "point the URL (or the balancer) at the IP-HTTPS server");
	if (i->http_status == 400 || i->http_status == 501 ||
	    (!i->http_status && i->timed_out))
		return verdict("HTTP", err->code, err->msg, l7, l7fix);
	if (i->http_status >= 500)
		return verdict("HTTP", err->code, err->msg,
			       "the server or a device in front of it failed (a balancer or proxy whose back end is down answers like this)",
			       "check the IP-HTTPS server behind the balancer or reverse proxy, and prefer layer-4 pass-through");
	if (i->http_status)
		return verdict("HTTP", err->code, err->msg,
			       "the server refused the IP-HTTPS request",
			       "check the URL's path and the server's access rules; a layer-7 device in front of the server is a frequent cause");
	return verdict("HTTP", err->code, err->msg,
		       "no HTTP answer to the POST: the server closed the connection or answered something else, also typical of a layer-7 device that cannot stream the request",
		       l7fix);
}

/* The certificate and client certificate lines of a passed handshake. */
static void pass_cert(struct diag *d, const struct ipt6_tls_info *i)
{
	if (i->peer[0])
		pass(d, "certificate", "%s (%s), issued by %s, valid until %s: trusted, matches %s",
		     i->peer, i->names, i->issuer, i->not_after, d->url.host);
	else
		pass(d, "certificate", "trusted, matches %s", d->url.host);
}

static void pass_client_cert(struct diag *d, const struct ipt6_tls_info *i)
{
	if (!i->cert_requested)
		pass(d, "client certificate", "not asked for");
	else if (d->conn.tls.cert_file)
		pass(d, "client certificate", "asked for; ours (%s) accepted",
		     d->conn.tls.cert_file);
	else
		pass(d, "client certificate", "asked for but optional: accepted without one");
}

/* Everything from the TLS handshake on, on connected socket @fd. */
static int step_tls(struct diag *d, int fd)
{
	struct ipt6_tls_info i;
	struct ipt6_err err = { 0 };
	enum ipt6_errcode c;

	if (!ipt6_tls_client_start(fd, &d->url, &d->conn.tls, &i, &err)) {
		pass(d, "TLS handshake", "%s, %s", i.version, i.cipher);
		pass_cert(d, &i);
		pass_client_cert(d, &i);
		pass(d, "HTTP", "POST %s answered %s", d->url.path,
		     i.http_line);
		pass(d, "kernel TLS", "the session went to the kernel (%s)",
		     i.cipher);
		return 0;
	}
	c = err.code;
	if (c == IPT6_E_TLS_HANDSHAKE)
		return handshake_verdict(&i, &err);
	if (c == IPT6_E_CONFIG || c == IPT6_E_SYSTEM || c == IPT6_E_URL ||
	    !i.version[0])
		return verdict("TLS set-up", c, err.msg,
			       "the TLS settings of this client cannot be used",
			       "check the --ca, --cert and --key files");
	pass(d, "TLS handshake", "%s, %s", i.version, i.cipher);
	if (c == IPT6_E_CERT_NAME || c == IPT6_E_CERT_EXPIRED ||
	    c == IPT6_E_CERT_UNTRUSTED)
		return cert_verdict(d, &err);
	pass_cert(d, &i);
	if (c == IPT6_E_CLIENT_CERT)
		return verdict("client certificate", c, err.msg,
			       d->conn.tls.cert_file ?
			       "the server demands a client certificate and refused ours (not from a CA it trusts, expired, or without client authentication usage)" :
			       "the server demands a client certificate (certificate authentication mode) and none is configured",
			       "give --cert and --key with a certificate from a CA the server trusts");
	pass_client_cert(d, &i);
	if (c != IPT6_E_KTLS)
		return http_verdict(d, &i, &err);
	pass(d, "HTTP", "POST %s answered %s", d->url.path, i.http_line);
	return verdict("kernel TLS", c, err.msg,
		       "the kernel cannot take the TLS session over",
		       "load the kernel's TLS module: modprobe tls");
}

static int run(struct diag *d)
{
	int fd = -1, r;

	printf("Diagnosing IP-HTTPS to %s\n", d->url_text);
	r = step_ipv6(d);
	if (!r && d->dev)
		r = step_dev(d);
	if (!r)
		r = step_url(d);
	if (!r)
		r = step_proxy(d);
	if (!r)
		r = step_resolve(d);
	if (!r)
		r = step_tcp(d, &fd);
	if (!r && d->use_proxy)
		r = step_connect(d, fd);
	if (!r)
		r = step_tls(d, fd);
	if (fd >= 0)
		close(fd);
	if (!r)
		printf("All %d checks passed: 'ipt6ctl client' can connect to %s with these options.\n",
		       d->checks, d->url_text);
	return r;
}

static int parse_args(struct diag *d, int argc, char **argv)
{
	static const struct option opts[] = {
		IPT6_CONN_LONG_OPTS,
		{ "dev", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, r;

	while ((c = getopt_long(argc, argv, IPT6_CONN_OPTS_SHORT "d:h",
				opts, NULL)) != -1) {
		r = ipt6_conn_opt(c, optarg, &d->conn);
		if (r > 0)
			continue;
		if (r < 0)
			return 2;
		switch (c) {
		case 'd':
			d->dev = optarg;
			break;
		case 'h':
			fputs(diagnose_usage, stdout);
			return -1;
		default:
			fputs(diagnose_usage, stderr);
			return 2;
		}
	}
	if (argc - optind != 1) {
		fputs(diagnose_usage, stderr);
		return 2;
	}
	if (ipt6_cert_key_opts(&d->conn.tls, false))
		return 2;
	if (!d->conn.tls.timeout_ms)
		d->conn.tls.timeout_ms = 10000;
	d->url_text = argv[optind];
	/* A bad URL is a finding, reported in its step. */
	d->url_ok = !ipt6_url_parse(d->url_text, &d->url, &d->url_err);
	return 0;
}

int cmd_diagnose(int argc, char **argv)
{
	struct diag d = { .url_ok = false };
	int r;

	r = parse_args(&d, argc, argv);
	if (r)
		return r < 0 ? 0 : r;
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	return run(&d);
}
