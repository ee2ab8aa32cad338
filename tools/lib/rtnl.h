/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Route netlink for 'ipt6ctl up' and 'down': what 'ip link add NAME type
 * iphttps', 'ip addr add' and 'ip link del' do, without running ip.
 * Every function prints its own error, with the kernel's words.
 */
#ifndef IPT6CTL_RTNL_H
#define IPT6CTL_RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <netinet/in.h>

struct nl_sock;

struct nl_sock *ipt6_rtnl_open(void);
void ipt6_rtnl_close(struct nl_sock *sk);

/* Create @name of link kind @kind with @mtu (0: the kind's default). */
int ipt6_rtnl_link_add(struct nl_sock *sk, const char *name,
		       const char *kind, unsigned int mtu);
int ipt6_rtnl_link_del(struct nl_sock *sk, const char *name);
int ipt6_rtnl_link_up(struct nl_sock *sk, int ifindex);
/* @replace: an address that exists already is fine (else -EEXIST). */
int ipt6_rtnl_addr_add(struct nl_sock *sk, int ifindex,
		       const struct in6_addr *addr, int plen, bool replace);
/*
 * The link kind of @name into @kind ("" for a device without one):
 * 0, -ENODEV when there is no such device (quietly), or another -errno.
 */
int ipt6_rtnl_link_kind(struct nl_sock *sk, const char *name, char *kind,
			size_t len);

/*
 * Watching a device disappear (ip link del, rmmod): a route netlink
 * socket in the link group, for poll().  -1 on error, with a message.
 * ipt6_rtnl_link_gone() reads what arrived: true once @ifindex is gone.
 */
int ipt6_rtnl_watch_links(void);
bool ipt6_rtnl_link_gone(int fd, int ifindex);

#endif
