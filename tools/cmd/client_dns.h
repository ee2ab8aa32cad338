/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The client's split DNS: the DNS servers and search domains the server
 * advertises (RFC 8106), learnt from the kernel (RTM_NEWNDUSEROPT) and
 * given to systemd-resolved for the tunnel device alone.
 */
#ifndef IPT6_CLIENT_DNS_H
#define IPT6_CLIENT_DNS_H

#include <stdbool.h>

#include "ra_dns.h"

struct client_dns_server {
	struct in6_addr addr;
	long long expires;		/* ipt6_now_ms() clock */
};

struct client_dns_domain {
	char name[IPT6_DNS_NAME_MAX + 1];
	long long expires;
};

struct client_dns {
	const char *ifname;
	int ifindex;
	int fd;				/* route netlink; -1: DNS not applied */
	struct client_dns_server servers[IPT6_RA_DNS_SERVERS_MAX];
	unsigned int nservers;
	struct client_dns_domain domains[IPT6_RA_DNS_DOMAINS_MAX];
	unsigned int ndomains;
	bool applied;			/* resolved holds our settings */
	long long apply_at;		/* apply the set then; 0: nothing to */
	bool apply_changed;		/* ... and it changed since */
	bool told_absent;		/* said once that resolved is not there */
	bool told_failed;		/* said that resolved refused them */
};

/*
 * Listen for the server's DNS options on @ifindex (nothing when
 * !@enabled: fd stays -1).  Settings an earlier client left on the link
 * are taken back.  -1 if the netlink socket cannot be opened (said why).
 */
int client_dns_open(struct client_dns *d, const char *ifname, int ifindex,
		    bool enabled);
/*
 * For poll(): the socket (-1: none), and ms until client_dns_tick() has
 * something to do (-1: nothing).
 */
int client_dns_fd(const struct client_dns *d);
int client_dns_timeout_ms(const struct client_dns *d);
/* The socket is readable: take in what the advertisements said. */
void client_dns_input(struct client_dns *d);
/* Drop what expired, apply what changed; after each poll(). */
void client_dns_tick(struct client_dns *d);
/* The session ended (or we stop): forget it all, take the link's back. */
void client_dns_forget(struct client_dns *d);
void client_dns_close(struct client_dns *d);

#endif /* IPT6_CLIENT_DNS_H */
