// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6ctl isatap: the supervisor of an ISATAP device (RFC 5214).
 *
 * The kernel runs the data path and the RFC 5214 source check; addrconf
 * gives the device its link-local address and, from router advertisements,
 * its routes and SLAAC addresses.  What is left is done here:
 *  - the Potential Router List, from addresses or DNS names, resolved
 *    again periodically and written to the kernel over netlink;
 *  - host role: unicast Router Solicitations to each router's ISATAP
 *    link-local address (the kernel sends none on ISATAP: it could only
 *    multicast them), again at 80% of the shortest lifetime an RA gave;
 *  - router role: an RA with the configured prefix in answer to each RS,
 *    unicast to the soliciting host (an NBMA link has no multicast).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "cmds.h"
#include "err.h"
#include "isatap.h"
#include "nl.h"
#include "parse.h"
#include "rtnl.h"

#define RS_FIRST_INTERVAL	4	/* s, RFC 4861 RTR_SOLICITATION_INTERVAL */
#define RS_MAX_INTERVAL		60	/* s, back-off cap without an answer */
#define RESOLVE_RETRY		30	/* s, after a name did not resolve */
#define RA_RATE			50	/* answers a second, sustained ... */
#define RA_BURST		100	/* ... after this many at once */
#define MAX_SPECS		16

struct router {
	struct in_addr addr;
	int64_t next_rs;		/* ms, monotonic; host role */
	unsigned int interval;		/* s, next retransmission back-off */
	bool answered;
};

struct spec {
	const char *name;
	struct in_addr addrs[ISATAP_PRL_MAX];
	int n;				/* from the last successful lookup */
};

struct isatap_sup {
	const char *ifname;
	int ifindex;
	int linkfd;			/* route netlink: the device's removal */
	int role;			/* IPT6_ISATAP_ROLE_* */
	int ttl;			/* -1: leave as is */
	unsigned int refresh;		/* s between name lookups */
	struct spec specs[MAX_SPECS];
	int nspecs;
	struct router routers[ISATAP_PRL_MAX];
	int nrouters;
	int64_t next_resolve;

	/* router role */
	struct in6_addr prefix;
	bool have_prefix;
	unsigned int router_lifetime, valid_lifetime, preferred_lifetime;
	bool have_preferred;
	int ra_tokens;			/* answers it may send now */
	int64_t ra_refill_at;		/* ms, when tokens were last added */
	unsigned long ra_unanswered;	/* since the last report */
	int64_t ra_report_at;		/* ms, next report of those */

	struct isatap_info info;
	struct ipt6_nl nl;
	int fd;				/* raw ICMPv6 on the device */
};

static const char isatap_usage[] =
"Usage: ipt6ctl isatap DEV [--router ROUTER]... [OPTIONS]\n"
"\n"
"Run the ISATAP device DEV (RFC 5214) until SIGINT or SIGTERM.  Create the\n"
"device first, with this node's intranet IPv4 address as its address:\n"
"    ip link add isa0 address 192.0.2.10 type isatap\n"
"The kernel then carries IPv6 in IPv4 (protocol 41) to the IPv4 address\n"
"each next hop embeds, and accepts a packet only from a router of the\n"
"Potential Router List (PRL) or from a host whose on-link ISATAP source\n"
"address embeds the IPv4 source (others are dropped and counted).\n"
"This command:\n"
"  - brings DEV up and fills its PRL from the --router arguments, and\n"
"    resolves the names among them again every --refresh seconds;\n"
"  - as a host (the default), sends a unicast Router Solicitation to each\n"
"    router's ISATAP link-local address fe80::5efe:a.b.c.d (or\n"
"    fe80::200:5efe:a.b.c.d for a global IPv4 address), again every 4 s\n"
"    doubling to 60 s until it answers, then at 80% of the shortest\n"
"    lifetime (router or prefix) its advertisement gave.  The kernel takes\n"
"    only advertisements from listed routers with hop limit 255, and\n"
"    configures the default route and a global address (SLAAC) from them;\n"
"  - as a router, gives DEV the address PREFIX::5efe:a.b.c.d/64 and\n"
"    answers each solicitation with a unicast advertisement of --prefix\n"
"    (at most 100 at once and 50 a second: a flood is counted and logged).\n"
"    Forwarding between DEV and the other interfaces is Linux's own:\n"
"    enable it with sysctl -w net.ipv6.conf.all.forwarding=1.\n"
"The PRL stays in the kernel when this command exits.\n"
"\n"
"Options:\n"
"  -r, --router ROUTER   an ISATAP router: an IPv4 address or a DNS name\n"
"                        (every A record counts).  Repeat for more.  Use a\n"
"                        site-specific name (isatap-rtr.corp.example), not\n"
"                        a bare 'isatap' that the DNS search list completes:\n"
"                        on a foreign network anyone can answer that name.\n"
"                        A host needs at least one.\n"
"      --role host|router  (default host)\n"
"  -p, --prefix P/64     router role: the prefix to advertise (required)\n"
"      --refresh SECS    resolve router names again every SECS seconds\n"
"                        (default 600; 30 while a name fails)\n"
"      --lifetime SECS   router role: router lifetime in the RAs\n"
"                        (default 1800; 0: not a default router)\n"
"      --valid SECS --preferred SECS\n"
"                        router role: prefix lifetimes (default 86400 and\n"
"                        14400)\n"
"      --ttl N|inherit   outer IPv4 TTL (default: as the device has it, 64)\n"
"  -h, --help            this text\n"
"\n"
"Events (solicitations, advertisements, list changes) go to stdout, one\n"
"line each.  Exit status: 0 after a signal, 1 on a failure to start or\n"
"when DEV is deleted (or the ipt6 module unloaded), 2 for bad usage.\n";

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *v6str(const struct in6_addr *a)
{
	static char buf[INET6_ADDRSTRLEN];

	return inet_ntop(AF_INET6, a, buf, sizeof(buf));
}

/* Potential Router List */

static bool in_set(const struct in_addr *set, int n, struct in_addr a)
{
	int i;

	for (i = 0; i < n; i++)
		if (set[i].s_addr == a.s_addr)
			return true;
	return false;
}

/* Look every name up again; a name that fails keeps its last addresses. */
static bool resolve_all(struct isatap_sup *s, struct in_addr *want, int *nwant)
{
	struct in_addr a[ISATAP_PRL_MAX];
	bool all_ok = true;
	int i, j, n;

	*nwant = 0;
	for (i = 0; i < s->nspecs; i++) {
		struct spec *sp = &s->specs[i];

		n = isatap_resolve(sp->name, a, ISATAP_PRL_MAX, false);
		if (n > 0) {
			memcpy(sp->addrs, a, n * sizeof(a[0]));
			sp->n = n;
		} else {
			all_ok = false;
			if (sp->n)
				printf("%s: keeping the last addresses of %s\n",
				       s->ifname, sp->name);
		}
		for (j = 0; j < sp->n && *nwant < ISATAP_PRL_MAX; j++)
			if (!in_set(want, *nwant, sp->addrs[j]))
				want[(*nwant)++] = sp->addrs[j];
	}
	return all_ok;
}

/* Make the kernel's list @want; keep the state of routers that stay. */
static void sync_prl(struct isatap_sup *s, const struct in_addr *want,
		     int nwant)
{
	struct in_addr have[ISATAP_PRL_MAX];
	struct router old[ISATAP_PRL_MAX];
	int i, j, nhave, nold = s->nrouters;

	nhave = isatap_prl_list(&s->nl, s->ifname, s->ifindex, have);
	for (i = 0; i < nhave; i++)
		if (!in_set(want, nwant, have[i]) &&
		    !isatap_prl_del(&s->nl, s->ifname, s->ifindex, have[i]))
			printf("%s: router %s left the list\n", s->ifname,
			       inet_ntoa(have[i]));
	for (i = 0; i < nwant; i++)
		if ((nhave < 0 || !in_set(have, nhave, want[i])) &&
		    !isatap_prl_add(&s->nl, s->ifname, s->ifindex, want[i]))
			printf("%s: router %s joined the list\n", s->ifname,
			       inet_ntoa(want[i]));

	memcpy(old, s->routers, sizeof(old));
	for (i = 0; i < nwant; i++) {
		struct router *r = &s->routers[i];

		for (j = 0; j < nold && old[j].addr.s_addr != want[i].s_addr;
		     j++)
			;
		if (j < nold) {
			*r = old[j];
			continue;
		}
		memset(r, 0, sizeof(*r));
		r->addr = want[i];
		r->next_rs = now_ms();
		r->interval = RS_FIRST_INTERVAL;
	}
	s->nrouters = nwant;
}

static void refresh_prl(struct isatap_sup *s)
{
	struct in_addr want[ISATAP_PRL_MAX];
	unsigned int next = s->refresh;
	int n;

	if (!resolve_all(s, want, &n) && RESOLVE_RETRY < next)
		next = RESOLVE_RETRY;
	sync_prl(s, want, n);
	s->next_resolve = now_ms() + (int64_t)next * 1000;
	fflush(stdout);
}

/* Host role: solicit, and learn lifetimes from the answers */

static void send_rs(struct isatap_sup *s, struct router *r)
{
	struct nd_router_solicit rs = { .nd_rs_type = ND_ROUTER_SOLICIT };
	struct sockaddr_in6 dst = { .sin6_family = AF_INET6,
				    .sin6_scope_id = s->ifindex };

	isatap_link_local(r->addr, &dst.sin6_addr);
	if (sendto(s->fd, &rs, sizeof(rs), 0, (struct sockaddr *)&dst,
		   sizeof(dst)) < 0)
		printf("%s: cannot solicit router %s (%s): %s\n", s->ifname,
		       inet_ntoa(r->addr), v6str(&dst.sin6_addr),
		       strerror(errno));
	else
		printf("%s: router solicitation to %s (%s)\n", s->ifname,
		       inet_ntoa(r->addr), v6str(&dst.sin6_addr));
	/* Until it answers: 4 s, doubling to a minute. */
	r->next_rs = now_ms() + (int64_t)r->interval * 1000;
	r->interval = r->interval * 2 > RS_MAX_INTERVAL ?
		      RS_MAX_INTERVAL : r->interval * 2;
}

/* The shortest non-zero finite lifetime of an RA (router, prefixes). */
static uint32_t ra_shortest_lifetime(const uint8_t *p, size_t len)
{
	const struct nd_router_advert *ra = (const void *)p;
	uint32_t min = ntohs(ra->nd_ra_router_lifetime), v;
	size_t off = sizeof(*ra), olen;

	while (off + 2 <= len) {
		olen = p[off + 1] * 8;
		if (!olen || off + olen > len)
			break;
		if (p[off] == ND_OPT_PREFIX_INFORMATION &&
		    olen >= sizeof(struct nd_opt_prefix_info)) {
			const struct nd_opt_prefix_info *pi =
				(const void *)(p + off);

			v = ntohl(pi->nd_opt_pi_valid_time);
			if (v && v != 0xffffffff && (!min || v < min))
				min = v;
		}
		off += olen;
	}
	return min;
}

static struct router *find_router(struct isatap_sup *s, struct in_addr a)
{
	int i;

	for (i = 0; i < s->nrouters; i++)
		if (s->routers[i].addr.s_addr == a.s_addr)
			return &s->routers[i];
	return NULL;
}

static void on_ra(struct isatap_sup *s, const struct sockaddr_in6 *from,
		  const uint8_t *p, size_t len)
{
	struct router *r = NULL;
	struct in_addr v4;
	uint32_t life;
	int64_t wait;

	if (IN6_IS_ADDR_LINKLOCAL(&from->sin6_addr) &&
	    isatap_embedded_v4(&from->sin6_addr, &v4))
		r = find_router(s, v4);
	if (!r) {
		/* The kernel drops these; one could come from a PRL change. */
		printf("%s: ignored an RA from %s: not a listed router\n",
		       s->ifname, v6str(&from->sin6_addr));
		return;
	}
	life = ra_shortest_lifetime(p, len);
	wait = life ? (int64_t)life * 800 : (int64_t)s->refresh * 1000;
	if (wait < 1000)
		wait = 1000;
	r->answered = true;
	r->interval = RS_FIRST_INTERVAL;
	r->next_rs = now_ms() + wait;
	printf("%s: router advertisement from %s (%s): shortest lifetime %u s, next solicitation in %lld s\n",
	       s->ifname, inet_ntoa(v4), v6str(&from->sin6_addr), life,
	       (long long)(wait / 1000));
}

/* Router role: answer a solicitation */

/*
 * RFC 4861 6.2.6 lets a router limit its answers.  A flood of solicitations
 * (a whole site booting, or someone on the intranet sending them) gets
 * RA_BURST answers at once and RA_RATE a second after that; what is not
 * answered is counted and reported once a second.
 */
static bool ra_allowed(struct isatap_sup *s)
{
	int64_t now = now_ms();
	int64_t add = (now - s->ra_refill_at) * RA_RATE / 1000;

	if (add > 0) {
		s->ra_tokens = add >= RA_BURST - s->ra_tokens ?
			       RA_BURST : s->ra_tokens + (int)add;
		s->ra_refill_at = now;
	}
	if (s->ra_tokens > 0) {
		s->ra_tokens--;
		return true;
	}
	s->ra_unanswered++;
	return false;
}

/* Say how many went unanswered, at most once a second. */
static void ra_report(struct isatap_sup *s)
{
	int64_t now = now_ms();

	if (!s->ra_unanswered || now < s->ra_report_at)
		return;
	printf("%s: router solicitations left unanswered: %lu (limit: %d at once, %d a second)\n",
	       s->ifname, s->ra_unanswered, RA_BURST, RA_RATE);
	s->ra_unanswered = 0;
	s->ra_report_at = now + 1000;
}

static void on_rs(struct isatap_sup *s, const struct sockaddr_in6 *from)
{
	struct {
		struct nd_router_advert ra;
		struct nd_opt_prefix_info pi;
	} m;
	char pfx[INET6_ADDRSTRLEN];

	_Static_assert(sizeof(m) == 48, "RA and prefix option without padding");

	if (IN6_IS_ADDR_UNSPECIFIED(&from->sin6_addr)) {
		printf("%s: ignored an RS from ::, which cannot be answered by unicast\n",
		       s->ifname);
		return;
	}
	if (!ra_allowed(s))
		return;
	memset(&m, 0, sizeof(m));
	m.ra.nd_ra_type = ND_ROUTER_ADVERT;
	m.ra.nd_ra_curhoplimit = 64;
	m.ra.nd_ra_router_lifetime = htons(s->router_lifetime);
	m.pi.nd_opt_pi_type = ND_OPT_PREFIX_INFORMATION;
	m.pi.nd_opt_pi_len = 4;
	m.pi.nd_opt_pi_prefix_len = 64;
	m.pi.nd_opt_pi_flags_reserved = ND_OPT_PI_FLAG_ONLINK |
					ND_OPT_PI_FLAG_AUTO;
	m.pi.nd_opt_pi_valid_time = htonl(s->valid_lifetime);
	m.pi.nd_opt_pi_preferred_time = htonl(s->preferred_lifetime);
	m.pi.nd_opt_pi_prefix = s->prefix;
	inet_ntop(AF_INET6, &s->prefix, pfx, sizeof(pfx));
	if (sendto(s->fd, &m, sizeof(m), 0, (const struct sockaddr *)from,
		   sizeof(*from)) < 0)
		printf("%s: cannot answer %s: %s\n", s->ifname,
		       v6str(&from->sin6_addr), strerror(errno));
	else
		printf("%s: router advertisement of %s/64 to %s\n", s->ifname,
		       pfx, v6str(&from->sin6_addr));
}

/* One ICMPv6 message from the device: an RA (host) or an RS (router). */
static void on_icmp(struct isatap_sup *s)
{
	uint8_t buf[1500], cbuf[CMSG_SPACE(sizeof(int))];
	struct sockaddr_in6 from;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	int hops = -1;
	ssize_t len;

	len = recvmsg(s->fd, &mh, MSG_DONTWAIT);
	if (len < (ssize_t)sizeof(struct icmp6_hdr))
		return;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_HOPLIMIT)
			memcpy(&hops, CMSG_DATA(c), sizeof(hops));
	if (hops != 255) {
		/* RFC 4861: from off the link; the kernel drops it too. */
		printf("%s: ignored a message from %s with hop limit %d\n",
		       s->ifname, v6str(&from.sin6_addr), hops);
		return;
	}
	if (buf[0] == ND_ROUTER_ADVERT && s->role == IPT6_ISATAP_ROLE_HOST &&
	    len >= (ssize_t)sizeof(struct nd_router_advert))
		on_ra(s, &from, buf, len);
	else if (buf[0] == ND_ROUTER_SOLICIT &&
		 s->role == IPT6_ISATAP_ROLE_ROUTER &&
		 len >= (ssize_t)sizeof(struct nd_router_solicit))
		on_rs(s, &from);
}

/* Set-up */

static int open_icmp(struct isatap_sup *s)
{
	int hops = 255, on = 1;
	struct icmp6_filter f;

	s->fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	if (s->fd < 0) {
		fprintf(stderr, "ipt6ctl: cannot open an ICMPv6 socket: %s\n",
			strerror(errno));
		return -1;
	}
	ICMP6_FILTER_SETBLOCKALL(&f);
	ICMP6_FILTER_SETPASS(s->role == IPT6_ISATAP_ROLE_HOST ?
			     ND_ROUTER_ADVERT : ND_ROUTER_SOLICIT, &f);
	if (setsockopt(s->fd, SOL_SOCKET, SO_BINDTODEVICE, s->ifname,
		       strlen(s->ifname)) ||
	    setsockopt(s->fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f)) ||
	    setsockopt(s->fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops,
		       sizeof(hops)) ||
	    setsockopt(s->fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on,
		       sizeof(on))) {
		fprintf(stderr, "ipt6ctl: cannot set up the ICMPv6 socket on %s: %s\n",
			s->ifname, strerror(errno));
		close(s->fd);
		return -1;
	}
	return 0;
}

static int link_up(const char *ifname)
{
	struct ifreq ifr = { 0 };
	int fd, ret = 0;

	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		ret = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	if (ret)
		fprintf(stderr, "ipt6ctl: cannot bring %s up: %s\n", ifname,
			strerror(errno));
	close(fd);
	return ret;
}

/* As the kernel's struct in6_ifreq, which glibc's headers do not have. */
struct isatap_in6_ifreq {
	struct in6_addr addr;
	uint32_t prefixlen;
	int ifindex;
};

/* Router role: PREFIX + this node's ISATAP interface identifier. */
static int add_router_address(struct isatap_sup *s)
{
	struct isatap_in6_ifreq req = { .prefixlen = 64,
					.ifindex = s->ifindex };
	struct in6_addr ll;
	int fd, ret;

	isatap_link_local(s->info.local, &ll);
	memcpy(&req.addr, &s->prefix, 8);
	memcpy(&req.addr.s6_addr[8], &ll.s6_addr[8], 8);
	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	ret = ioctl(fd, SIOCSIFADDR, &req);
	if (ret && errno == EEXIST)
		ret = 0;
	if (ret)
		fprintf(stderr, "ipt6ctl: cannot add %s/64 to %s: %s\n",
			v6str(&req.addr), s->ifname, strerror(errno));
	else
		printf("%s: router address %s/64\n", s->ifname,
		       v6str(&req.addr));
	close(fd);
	return ret;
}

static int read_sysctl(const char *fmt, const char *ifname)
{
	char path[128];
	FILE *f;
	int v = -1;

	snprintf(path, sizeof(path), fmt, ifname);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* Point at a set-up that would quietly defeat the role. */
static void check_sysctls(struct isatap_sup *s)
{
	int fwd = read_sysctl("/proc/sys/net/ipv6/conf/%s/forwarding",
			      "all");
	int ra = read_sysctl("/proc/sys/net/ipv6/conf/%s/accept_ra",
			     s->ifname);

	if (s->role == IPT6_ISATAP_ROLE_ROUTER && fwd == 0)
		fprintf(stderr,
			"ipt6ctl: warning: IPv6 forwarding is off; hosts will reach only this router (sysctl -w net.ipv6.conf.all.forwarding=1)\n");
	if (s->role == IPT6_ISATAP_ROLE_HOST &&
	    (ra == 0 || (fwd == 1 && ra != 2)))
		fprintf(stderr,
			"ipt6ctl: warning: %s does not accept router advertisements (sysctl -w net.ipv6.conf.%s.accept_ra=%d)\n",
			s->ifname, s->ifname, fwd == 1 ? 2 : 1);
}

/* --ttl N|inherit: 0 for inherit, as the kernel takes it. */
static int parse_ttl(const char *opt, const char *arg, int *ttl)
{
	unsigned int v;

	if (!strcmp(arg, "inherit")) {
		*ttl = 0;
		return 0;
	}
	if (ipt6_uint_opt(opt, "hops", arg, 1, 255, "or inherit", &v))
		return -1;
	*ttl = (int)v;
	return 0;
}

enum {
	OPT_ROLE = 256, OPT_REFRESH, OPT_LIFETIME, OPT_VALID, OPT_PREFERRED,
	OPT_TTL,
};

/* The name of an option only a router uses, or NULL. */
static const char *router_only(int opt)
{
	switch (opt) {
	case 'p':
		return "--prefix";
	case OPT_LIFETIME:
		return "--lifetime";
	case OPT_VALID:
		return "--valid";
	case OPT_PREFERRED:
		return "--preferred";
	}
	return NULL;
}

static int parse_opts(struct isatap_sup *s, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "router", required_argument, NULL, 'r' },
		{ "role", required_argument, NULL, OPT_ROLE },
		{ "prefix", required_argument, NULL, 'p' },
		{ "refresh", required_argument, NULL, OPT_REFRESH },
		{ "lifetime", required_argument, NULL, OPT_LIFETIME },
		{ "valid", required_argument, NULL, OPT_VALID },
		{ "preferred", required_argument, NULL, OPT_PREFERRED },
		{ "ttl", required_argument, NULL, OPT_TTL },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	/* The first option given that only a router uses, for a host's error. */
	const char *router_opt = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "r:p:h", opts, NULL)) != -1) {
		if (!router_opt)
			router_opt = router_only(c);
		switch (c) {
		case 'r':
			if (s->nspecs == MAX_SPECS) {
				fprintf(stderr, "ipt6ctl: at most %d --router\n",
					MAX_SPECS);
				return 2;
			}
			s->specs[s->nspecs++].name = optarg;
			break;
		case OPT_ROLE:
			if (!strcmp(optarg, "host")) {
				s->role = IPT6_ISATAP_ROLE_HOST;
			} else if (!strcmp(optarg, "router")) {
				s->role = IPT6_ISATAP_ROLE_ROUTER;
			} else {
				fprintf(stderr, "ipt6ctl: --role must be host or router, not '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'p':
			if (ipt6_prefix_opt("--prefix", optarg,
					    IPT6_PREFIX_64 |
					    IPT6_PREFIX_ROUTABLE,
					    &s->prefix, NULL))
				return 2;
			s->have_prefix = true;
			break;
		case OPT_REFRESH:
			if (ipt6_uint_opt("--refresh", "seconds", optarg, 0,
					  86400, NULL, &s->refresh))
				return 2;
			if (!s->refresh)
				s->refresh = 1;
			break;
		case OPT_LIFETIME:
			if (ipt6_uint_opt("--lifetime", "seconds", optarg, 0,
					  9000, NULL, &s->router_lifetime))
				return 2;
			break;
		case OPT_VALID:
			if (ipt6_uint_opt("--valid", "seconds", optarg, 0,
					  UINT32_MAX, NULL, &s->valid_lifetime))
				return 2;
			break;
		case OPT_PREFERRED:
			if (ipt6_uint_opt("--preferred", "seconds", optarg, 0,
					  UINT32_MAX, NULL,
					  &s->preferred_lifetime))
				return 2;
			s->have_preferred = true;
			break;
		case OPT_TTL:
			if (parse_ttl("--ttl", optarg, &s->ttl))
				return 2;
			break;
		case 'h':
			fputs(isatap_usage, stdout);
			return -1;
		default:
			fputs(isatap_usage, stderr);
			return 2;
		}
	}
	if (argc - optind != 1) {
		fputs(isatap_usage, stderr);
		return 2;
	}
	s->ifname = argv[optind];
	if (s->role == IPT6_ISATAP_ROLE_HOST && !s->nspecs) {
		fprintf(stderr, "ipt6ctl: a host needs at least one --router\n");
		return 2;
	}
	if (s->role == IPT6_ISATAP_ROLE_HOST && router_opt) {
		fprintf(stderr, "ipt6ctl: %s is for a router (--role router); a host takes its prefix and lifetimes from the routers' advertisements\n",
			router_opt);
		return 2;
	}
	if (s->role == IPT6_ISATAP_ROLE_ROUTER && !s->have_prefix) {
		fprintf(stderr, "ipt6ctl: a router needs --prefix P/64\n");
		return 2;
	}
	if (s->preferred_lifetime > s->valid_lifetime) {
		if (s->have_preferred) {
			fprintf(stderr, "ipt6ctl: --preferred cannot exceed --valid\n");
			return 2;
		}
		s->preferred_lifetime = s->valid_lifetime;
	}
	return 0;
}

static int start(struct isatap_sup *s)
{
	s->ifindex = ipt6_nl_ifindex(s->ifname);
	if (s->ifindex < 0)
		return -1;
	/* Before the look-up below, so that no removal goes unseen. */
	s->linkfd = ipt6_rtnl_watch_links();
	if (s->linkfd < 0)
		return -1;
	if (ipt6_nl_open(&s->nl)) {
		close(s->linkfd);
		return -1;
	}
	if (isatap_get(&s->nl, s->ifname, s->ifindex, &s->info) ||
	    isatap_set(&s->nl, s->ifname, s->ifindex, s->role, s->ttl) ||
	    link_up(s->ifname) || open_icmp(s))
		goto err;
	if (s->role == IPT6_ISATAP_ROLE_ROUTER && add_router_address(s))
		goto err_fd;
	check_sysctls(s);
	printf("%s: ISATAP %s on %s\n", s->ifname,
	       isatap_role_name(s->role), inet_ntoa(s->info.local));
	refresh_prl(s);
	return 0;
err_fd:
	close(s->fd);
err:
	ipt6_nl_close(&s->nl);
	close(s->linkfd);
	return -1;
}

/* Milliseconds until the next thing to do. */
static int next_timeout(struct isatap_sup *s)
{
	int64_t next = s->next_resolve, now = now_ms();
	int i;

	if (s->role == IPT6_ISATAP_ROLE_HOST)
		for (i = 0; i < s->nrouters; i++)
			if (s->routers[i].next_rs < next)
				next = s->routers[i].next_rs;
	if (s->ra_unanswered && s->ra_report_at < next)
		next = s->ra_report_at;
	return next <= now ? 0 : next - now > 3600000 ? 3600000 : next - now;
}

/* 0 when stopped by a signal, 1 when the device went away. */
static int run(struct isatap_sup *s)
{
	struct pollfd pfd[2] = { { .fd = s->fd, .events = POLLIN },
				 { .fd = s->linkfd, .events = POLLIN } };
	int i;

	while (!ipt6_stop) {
		if (now_ms() >= s->next_resolve)
			refresh_prl(s);
		for (i = 0; s->role == IPT6_ISATAP_ROLE_HOST &&
			    i < s->nrouters; i++)
			if (now_ms() >= s->routers[i].next_rs)
				send_rs(s, &s->routers[i]);
		ra_report(s);
		fflush(stdout);
		if (poll(pfd, 2, next_timeout(s)) <= 0)
			continue;
		if (pfd[0].revents)
			on_icmp(s);
		if (pfd[1].revents && ipt6_rtnl_link_gone(s->linkfd, s->ifindex)) {
			printf("%s: the device was deleted (or the ipt6 module unloaded): stopping\n",
			       s->ifname);
			return 1;
		}
		fflush(stdout);
	}
	return 0;
}

int cmd_isatap(int argc, char **argv)
{
	static struct isatap_sup s;
	int ret;

	memset(&s, 0, sizeof(s));
	s.role = IPT6_ISATAP_ROLE_HOST;
	s.ttl = -1;
	s.refresh = 600;
	s.router_lifetime = 1800;
	s.valid_lifetime = 86400;
	s.preferred_lifetime = 14400;
	s.ra_tokens = RA_BURST;
	s.ra_refill_at = now_ms();
	ret = parse_opts(&s, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	setvbuf(stdout, NULL, _IOLBF, 0);
	ipt6_catch_signals();
	if (start(&s))
		return 1;
	ret = run(&s);
	if (!ret)
		printf("%s: stopped\n", s.ifname);
	close(s.linkfd);
	close(s.fd);
	ipt6_nl_close(&s.nl);
	return ret;
}
