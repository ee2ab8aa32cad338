// SPDX-License-Identifier: GPL-2.0
/*
 * Split DNS on a client, as DirectAccess's Name Resolution Policy Table
 * does it: names under the intranet's domains go to the intranet's DNS
 * servers through the tunnel, every other name as before.
 *
 * The server's router advertisements carry the servers (RDNSS) and the
 * domains (DNSSL).  The kernel hands those options to whoever listens on
 * route netlink's RTNLGRP_ND_USEROPT; each server and domain lives for
 * its lifetime from the last advertisement that named it (RFC 8106 5.3;
 * a lifetime of 0 removes it).  Whenever the set changes, the link's DNS
 * settings in systemd-resolved are replaced: the servers, the domains as
 * routing domains (~corp.example), the link not the default route.  When
 * the set is empty, or the session ends, they are taken back.  Without
 * resolved nothing is changed (never /etc/resolv.conf): we say so once.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "client_dns.h"
#include "io.h"
#include "resolved.h"

#define FOREVER		LLONG_MAX
/*
 * The kernel passes each option of an advertisement in a message of its
 * own: wait this long after a change for the rest of them, so that
 * resolved never sees servers without their domains (all names to the
 * tunnel, for a moment).
 */
#define SETTLE_MS	200

static long long expiry(long long now, uint32_t lifetime)
{
	return lifetime == IPT6_DNS_LIFETIME_INFINITE ? FOREVER :
	       now + lifetime * 1000LL;
}

static void take_back(struct client_dns *d)
{
	char why[256];

	if (!d->applied)
		return;
	d->applied = false;
	if (ipt6_resolved_revert_link(d->ifindex, why, sizeof(why)) ==
	    IPT6_RESOLVED_FAILED)
		fprintf(stderr, "ipt6ctl: %s: cannot take back the DNS settings of the link: %s\n",
			d->ifname, why);
	else
		printf("%s: DNS settings of the link taken back\n", d->ifname);
}

/* "2001:db8::53, 2001:db8::54" and "~corp.example ~lab.example". */
static void describe(const struct client_dns *d, char *servers, size_t slen,
		     char *domains, size_t dlen)
{
	char a[INET6_ADDRSTRLEN];
	size_t n = 0;
	unsigned int i;

	servers[0] = '\0';
	domains[0] = '\0';
	for (i = 0; i < d->nservers && n < slen; i++) {
		inet_ntop(AF_INET6, &d->servers[i].addr, a, sizeof(a));
		n += snprintf(servers + n, slen - n, "%s%s", i ? ", " : "", a);
	}
	for (i = 0, n = 0; i < d->ndomains && n < dlen; i++)
		n += snprintf(domains + n, dlen - n, "%s~%s", i ? " " : "",
			      d->domains[i].name);
}

/*
 * Give resolved the current set (or take it back when there is none).
 * @changed: the set changed; else this is a retry (resolved may have
 * come up since), and a refusal said once is not said again.
 */
static void apply(struct client_dns *d, bool changed)
{
	const char *names[IPT6_RA_DNS_DOMAINS_MAX];
	struct in6_addr addrs[IPT6_RA_DNS_SERVERS_MAX];
	char servers[800], domains[2048], why[256];
	unsigned int i;
	int r;

	if (!d->nservers) {
		/* Domains without a server to ask: nothing to route. */
		take_back(d);
		return;
	}
	for (i = 0; i < d->nservers; i++)
		addrs[i] = d->servers[i].addr;
	for (i = 0; i < d->ndomains; i++)
		names[i] = d->domains[i].name;
	describe(d, servers, sizeof(servers), domains, sizeof(domains));
	r = ipt6_resolved_set_link(d->ifindex, addrs, d->nservers, names,
				   d->ndomains, why, sizeof(why));
	if (r == IPT6_RESOLVED_OK) {
		d->applied = true;
		d->told_failed = false;
		printf("%s: DNS %s for %s (systemd-resolved, this link only)\n",
		       d->ifname, servers, d->ndomains ? domains : "all names");
		return;
	}
	if (r == IPT6_RESOLVED_FAILED) {
		if (!changed && d->told_failed)
			return;
		d->told_failed = true;
		fprintf(stderr, "ipt6ctl: %s: systemd-resolved refused the DNS settings (%s): names%s%s stay with the other links' DNS\n",
			d->ifname, why, d->ndomains ? " under " : "",
			domains);
		return;
	}
	if (d->told_absent)
		return;
	d->told_absent = true;
	fprintf(stderr, "ipt6ctl: %s: the server advertises DNS %s for %s, but systemd-resolved is not running (%s): not applied, and nothing else changed (/etc/resolv.conf is left alone); to resolve %s, send those queries to %s\n",
		d->ifname, servers, d->ndomains ? domains : "all names", why,
		d->ndomains ? "intranet names" : "through the tunnel",
		servers);
}

/* Servers keep their order: it is the server's order of preference. */
static void drop_server(struct client_dns *d, unsigned int i)
{
	memmove(&d->servers[i], &d->servers[i + 1],
		(--d->nservers - i) * sizeof(d->servers[0]));
}

static void drop_domain(struct client_dns *d, unsigned int i)
{
	memmove(&d->domains[i], &d->domains[i + 1],
		(--d->ndomains - i) * sizeof(d->domains[0]));
}

/* Add, refresh or (lifetime 0) remove; true if the set changed. */
static bool merge_server(struct client_dns *d, const struct ipt6_ra_server *s,
			 long long now)
{
	unsigned int i;

	for (i = 0; i < d->nservers; i++)
		if (!memcmp(&d->servers[i].addr, &s->addr, sizeof(s->addr)))
			break;
	if (i < d->nservers && !s->lifetime) {
		drop_server(d, i);
		return true;
	}
	if (!s->lifetime)
		return false;
	if (i == d->nservers) {
		if (d->nservers == IPT6_RA_DNS_SERVERS_MAX)
			return false;
		d->servers[d->nservers++].addr = s->addr;
		d->servers[i].expires = expiry(now, s->lifetime);
		return true;
	}
	d->servers[i].expires = expiry(now, s->lifetime);
	return false;
}

static bool merge_domain(struct client_dns *d, const struct ipt6_ra_domain *s,
			 long long now)
{
	unsigned int i;

	for (i = 0; i < d->ndomains; i++)
		if (!strcasecmp(d->domains[i].name, s->name))
			break;
	if (i < d->ndomains && !s->lifetime) {
		drop_domain(d, i);
		return true;
	}
	if (!s->lifetime)
		return false;
	if (i == d->ndomains) {
		if (d->ndomains == IPT6_RA_DNS_DOMAINS_MAX)
			return false;
		snprintf(d->domains[d->ndomains++].name,
			 sizeof(d->domains[0].name), "%s", s->name);
		d->domains[i].expires = expiry(now, s->lifetime);
		return true;
	}
	d->domains[i].expires = expiry(now, s->lifetime);
	return false;
}

/* One advertisement's options; true if the set changed. */
static bool merge(struct client_dns *d, const struct ipt6_ra_dns *ra,
		  long long now)
{
	bool changed = false;
	unsigned int i;

	for (i = 0; i < ra->nservers; i++)
		changed |= merge_server(d, &ra->servers[i], now);
	for (i = 0; i < ra->ndomains; i++)
		changed |= merge_domain(d, &ra->domains[i], now);
	if (ra->malformed)
		fprintf(stderr, "ipt6ctl: %s: %u malformed DNS option%s or name%s in a router advertisement left out\n",
			d->ifname, ra->malformed, ra->malformed > 1 ? "s" : "",
			ra->malformed > 1 ? "s" : "");
	return changed;
}

int client_dns_open(struct client_dns *d, const char *ifname, int ifindex,
		    bool enabled)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int group = RTNLGRP_ND_USEROPT;
	char why[256];

	memset(d, 0, sizeof(*d));
	d->ifname = ifname;
	d->ifindex = ifindex;
	d->fd = -1;
	if (!enabled)
		return 0;
	d->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		       NETLINK_ROUTE);
	if (d->fd < 0 || bind(d->fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(d->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
		       sizeof(group))) {
		fprintf(stderr, "ipt6ctl: %s: cannot listen for router advertisement options: %s\n",
			ifname, strerror(errno));
		if (d->fd >= 0)
			close(d->fd);
		d->fd = -1;
		return -1;
	}
	/* A client killed before it could take them back left them. */
	ipt6_resolved_revert_link(ifindex, why, sizeof(why));
	return 0;
}

int client_dns_fd(const struct client_dns *d)
{
	return d->fd;
}

int client_dns_timeout_ms(const struct client_dns *d)
{
	long long next = d->apply_at ? d->apply_at : FOREVER;
	long long now = ipt6_now_ms();
	unsigned int i;

	for (i = 0; i < d->nservers; i++)
		if (d->servers[i].expires < next)
			next = d->servers[i].expires;
	for (i = 0; i < d->ndomains; i++)
		if (d->domains[i].expires < next)
			next = d->domains[i].expires;
	if (next == FOREVER)
		return -1;
	if (next <= now)
		return 0;
	/* At most a day, so that it fits an int. */
	return next - now > 86400000LL ? 86400000 : (int)(next - now);
}

/* Apply the set once the rest of the advertisement is in (SETTLE_MS). */
static void apply_soon(struct client_dns *d, bool changed, long long now)
{
	if (!d->apply_at)
		d->apply_at = now + SETTLE_MS;
	d->apply_changed |= changed;
}

void client_dns_input(struct client_dns *d)
{
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	long long now = ipt6_now_ms();
	struct ipt6_ra_dns ra;
	struct ipt6_err err;
	struct nlmsghdr *h;
	bool changed = false;
	ssize_t n;
	int len;

	while ((n = recv(d->fd, buf, sizeof(buf), 0)) > 0) {
		len = (int)n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type != RTM_NEWNDUSEROPT)
				continue;
			memset(&ra, 0, sizeof(ra));
			if (ipt6_nduseropt_parse(NLMSG_DATA(h),
						 h->nlmsg_len - NLMSG_HDRLEN,
						 d->ifindex, &ra, &err) < 0)
				fprintf(stderr, "ipt6ctl: %s: a router advertisement's options: %s\n",
					d->ifname, err.msg);
			else
				changed |= merge(d, &ra, now);
		}
	}
	if (n < 0 && errno == ENOBUFS)
		/* Lost some: the next advertisement tells us again. */
		fprintf(stderr, "ipt6ctl: %s: missed router advertisement options (receive buffer full)\n",
			d->ifname);
	/* Not applied yet: resolved may have started since; try again. */
	if (changed || (!d->applied && d->nservers))
		apply_soon(d, changed, now);
}

void client_dns_tick(struct client_dns *d)
{
	long long now = ipt6_now_ms();
	bool expired = false;
	unsigned int i;

	for (i = 0; i < d->nservers;)
		if (d->servers[i].expires <= now) {
			drop_server(d, i);
			expired = true;
		} else {
			i++;
		}
	for (i = 0; i < d->ndomains;)
		if (d->domains[i].expires <= now) {
			drop_domain(d, i);
			expired = true;
		} else {
			i++;
		}
	if (expired) {
		printf("%s: advertised DNS settings expired\n", d->ifname);
		apply_soon(d, true, now);
	}
	if (!d->apply_at || d->apply_at > now)
		return;
	d->apply_at = 0;
	apply(d, d->apply_changed);
	d->apply_changed = false;
}

void client_dns_forget(struct client_dns *d)
{
	d->nservers = 0;
	d->ndomains = 0;
	d->apply_at = 0;
	d->apply_changed = false;
	take_back(d);
}

void client_dns_close(struct client_dns *d)
{
	client_dns_forget(d);
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}
