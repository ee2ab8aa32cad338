// SPDX-License-Identifier: GPL-2.0
/*
 * Addressing around the tunnel.  A server's kernel device answers router
 * solicitations itself once it knows the prefix; what is left for the
 * supervisor is the router's own side: its address in the prefix (which
 * also gives the prefix route) and IPv6 forwarding.  A client asks for a
 * fresh router advertisement after each reconnect, because the kernel
 * solicits only when a link first comes up, and announces the addresses
 * it kept, so that a restarted server routes to it at once.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>

#include "nd.h"
#include "rtnl.h"

#define FORWARDING_SYSCTL	"/proc/sys/net/ipv6/conf/all/forwarding"

/* IPv6 forwarding is global in Linux; a router needs it on. */
static int enable_forwarding(void)
{
	char cur = '0';
	bool failed;
	FILE *f;

	f = fopen(FORWARDING_SYSCTL, "r+");
	if (!f)
		return -errno;
	if (fread(&cur, 1, 1, f) == 1 && cur == '1') {
		fclose(f);
		return 0;
	}
	rewind(f);
	failed = fputs("1\n", f) < 0;
	if (fclose(f) || failed)
		return -EIO;
	printf("enabled IPv6 forwarding (net.ipv6.conf.all.forwarding=1): the server routes for its clients\n");
	return 0;
}

int ipt6_router_setup(const char *ifname, int ifindex,
		      const struct in6_addr *prefix)
{
	struct in6_addr addr = *prefix;
	char text[INET6_ADDRSTRLEN];
	struct nl_sock *sk;
	int err;

	addr.s6_addr[15] = 1;
	inet_ntop(AF_INET6, &addr, text, sizeof(text));
	sk = ipt6_rtnl_open();
	if (!sk)
		return -1;
	/* Replace: a restarted server finds its address still there. */
	err = ipt6_rtnl_addr_add(sk, ifindex, &addr, 64, true);
	ipt6_rtnl_close(sk);
	if (err)
		return -1;
	err = enable_forwarding();
	if (err) {
		fprintf(stderr, "ipt6ctl: cannot enable IPv6 forwarding (%s): %s\n",
			FORWARDING_SYSCTL, strerror(-err));
		return -1;
	}
	printf("%s: router address %s/64\n", ifname, text);
	return 0;
}

/*
 * Send the ND message @msg to the link-scope group @group on @ifindex,
 * with hop limit 255, from @src (NULL: the kernel's choice).  The kernel
 * fills in the ICMPv6 checksum of raw ICMPv6 sockets.
 */
static int nd_send(int ifindex, const struct sockaddr_in6 *src,
		   const char *group, const void *msg, size_t len)
{
	struct sockaddr_in6 dst = {
		.sin6_family = AF_INET6,
		.sin6_scope_id = ifindex,
	};
	int fd, hops = 255, loop = 0, ret = 0;

	inet_pton(AF_INET6, group, &dst.sin6_addr);
	fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	if (fd < 0)
		return -errno;
	/* bind() fails for an address still tentative or failed. */
	if ((src && bind(fd, (const struct sockaddr *)src, sizeof(*src))) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
		       sizeof(hops)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex,
		       sizeof(ifindex)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop,
		       sizeof(loop)) ||
	    sendto(fd, msg, len, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int ipt6_send_rs(int ifindex)
{
	struct nd_router_solicit rs = {
		.nd_rs_type = ND_ROUTER_SOLICIT,
	};

	return nd_send(ifindex, NULL, "ff02::2", &rs, sizeof(rs));
}

/* An unsolicited Neighbor Advertisement of @addr, from @addr, to all nodes. */
static int send_na(int ifindex, const struct sockaddr_in6 *addr)
{
	struct sockaddr_in6 src = *addr;
	struct nd_neighbor_advert na = {
		.nd_na_type = ND_NEIGHBOR_ADVERT,
		.nd_na_flags_reserved = ND_NA_FLAG_OVERRIDE,
		.nd_na_target = addr->sin6_addr,
	};

	src.sin6_port = 0;
	if (IN6_IS_ADDR_LINKLOCAL(&src.sin6_addr))
		src.sin6_scope_id = ifindex;
	return nd_send(ifindex, &src, "ff02::1", &na, sizeof(na));
}

int ipt6_announce_addrs(int ifindex)
{
	char ifname[IF_NAMESIZE];
	struct ifaddrs *ifa, *i;
	int n = 0;

	if (!if_indextoname(ifindex, ifname) || getifaddrs(&ifa))
		return -errno;
	for (i = ifa; i; i = i->ifa_next)
		if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET6 &&
		    !strcmp(i->ifa_name, ifname) &&
		    !send_na(ifindex, (struct sockaddr_in6 *)i->ifa_addr))
			n++;
	freeifaddrs(ifa);
	return n;
}
