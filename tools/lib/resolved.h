/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-link DNS in systemd-resolved, over D-Bus (org.freedesktop.resolve1,
 * the calls resolvectl makes): the Linux counterpart of DirectAccess's
 * Name Resolution Policy Table.  Each call opens the system bus and
 * closes it again: the calls are rare, and a restarted bus or resolved
 * is then no matter.
 */
#ifndef IPT6_RESOLVED_H
#define IPT6_RESOLVED_H

#include <stddef.h>
#include <netinet/in.h>

/* What a call came to. */
enum {
	IPT6_RESOLVED_OK = 0,
	IPT6_RESOLVED_ABSENT = 1,	/* no system bus, or resolved not on it */
	IPT6_RESOLVED_FAILED = -1,	/* it refused: see @why */
};

/*
 * Give link @ifindex these DNS servers for names under these domains
 * only (routing domains, "~corp.example"), and not as the default route
 * for other names; with no domain, the servers are for every name.
 * LLMNR off on the link: its multicast goes nowhere on a tunnel.
 */
int ipt6_resolved_set_link(int ifindex, const struct in6_addr *servers,
			   unsigned int nservers, const char *const *domains,
			   unsigned int ndomains, char *why, size_t len);

/* Take back everything set on link @ifindex (RevertLink). */
int ipt6_resolved_revert_link(int ifindex, char *why, size_t len);

#endif /* IPT6_RESOLVED_H */
