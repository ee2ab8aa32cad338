/* SPDX-License-Identifier: GPL-2.0 */
/* Addressing around the tunnel: the server's router side, the client's RS. */
#ifndef IPT6CTL_ND_H
#define IPT6CTL_ND_H

#include <netinet/in.h>

/* The server's address PREFIX::1/64 on the device, and forwarding on. */
int ipt6_router_setup(const char *ifname, int ifindex,
		      const struct in6_addr *prefix);
/* A Router Solicitation on @ifindex; a negative errno if it was not sent. */
int ipt6_send_rs(int ifindex);
/*
 * An unsolicited Neighbor Advertisement for each usable address on
 * @ifindex; how many went out, or a negative errno.
 */
int ipt6_announce_addrs(int ifindex);

#endif
