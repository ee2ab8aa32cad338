/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What 'ipt6ctl up' runs beside a server for an IPv4-only intranet: Jool
 * (NAT64, NAT64Prefix) and unbound (DNS64, DNS64Upstream), up with the
 * tunnel and down with it.
 */
#ifndef IPT6_UP_NAT64_H
#define IPT6_UP_NAT64_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>
#include <netinet/in.h>

#include "config_parse.h"

struct up_nat64 {
	char base[PATH_MAX];		/* /run/ipt6/NAME[.netns-INODE] */
	bool jool;			/* our Jool instance is there */
	pid_t unbound;			/* the DNS64 resolver; 0: none */
	char resolver[INET6_ADDRSTRLEN];	/* where it listens: PREFIX::1 */
};

/*
 * The DNS64 resolver's address, PREFIX::1, into @buf when the file asks
 * for one (DNS64Upstream); false otherwise.
 */
bool up_nat64_resolver(const struct conf *cf, char *buf, size_t len);

/*
 * Start what @cf asks for: Jool's instance, named after the interface,
 * and the resolver, which 'up' waits for.  @base names the files in
 * /run/ipt6 (the pid file's path without .pid).  0, or -1 after saying
 * why, with nothing left running.
 */
int up_nat64_start(const struct conf *cf, const char *base,
		   struct up_nat64 *u);
void up_nat64_stop(struct up_nat64 *u, const char *name);

/*
 * For 'down' after a crash: the Jool instance the files of @base say an
 * 'up' added is removed.  1 removed, 0 none, -1 failed.
 */
int up_nat64_cleanup(const char *name, const char *base);

#endif /* IPT6_UP_NAT64_H */
