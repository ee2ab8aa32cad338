// SPDX-License-Identifier: GPL-2.0
/*
 * Addressing around the tunnel.  A server's kernel device answers router
 * solicitations itself once it knows the prefix; what is left for the
 * supervisor is the router's own side: its address in the prefix (which
 * also gives the prefix route) and IPv6 forwarding.  A client asks for a
 * fresh router advertisement after each reconnect, because the kernel
 * solicits only when a link first comes up.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "nd.h"

#define FORWARDING_SYSCTL	"/proc/sys/net/ipv6/conf/all/forwarding"

int ipt6_parse_prefix(const char *text, struct in6_addr *prefix)
{
	char buf[INET6_ADDRSTRLEN + 8];
	char *slash;
	int i;

	snprintf(buf, sizeof(buf), "%s", text);
	slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
		if (strcmp(slash + 1, "64")) {
			fprintf(stderr, "ipt6ctl: --prefix %s: the prefix must be a /64 (clients form addresses from a 64-bit prefix)\n",
				text);
			return -1;
		}
	}
	if (inet_pton(AF_INET6, buf, prefix) != 1) {
		fprintf(stderr, "ipt6ctl: --prefix %s: not an IPv6 prefix (e.g. 2001:db8:1::/64)\n",
			text);
		return -1;
	}
	if (IN6_IS_ADDR_MULTICAST(prefix) || IN6_IS_ADDR_LINKLOCAL(prefix) ||
	    IN6_IS_ADDR_UNSPECIFIED(prefix) || IN6_IS_ADDR_LOOPBACK(prefix) ||
	    IN6_IS_ADDR_V4MAPPED(prefix)) {
		fprintf(stderr, "ipt6ctl: --prefix %s: must be a global or unique local prefix\n",
			text);
		return -1;
	}
	for (i = 8; i < 16; i++) {
		if (prefix->s6_addr[i]) {
			fprintf(stderr, "ipt6ctl: --prefix %s: host bits set (did you mean %s with the last 64 bits zero?)\n",
				text, buf);
			return -1;
		}
	}
	return 0;
}

/* Give @ifindex the address @addr/64, without DAD (the server owns it). */
static int add_address(int ifindex, const struct in6_addr *addr)
{
	struct ifaddrmsg ifa = {
		.ifa_family = AF_INET6,
		.ifa_prefixlen = 64,
		.ifa_scope = RT_SCOPE_UNIVERSE,
		.ifa_index = ifindex,
	};
	struct nl_sock *sk;
	struct nl_msg *msg;
	int err = -ENOMEM;

	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	err = nl_connect(sk, NETLINK_ROUTE);
	if (err)
		goto out;
	msg = nlmsg_alloc_simple(RTM_NEWADDR,
				 NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE);
	err = -ENOMEM;
	if (!msg)
		goto out;
	if (nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO) ||
	    nla_put(msg, IFA_LOCAL, sizeof(*addr), addr) ||
	    nla_put(msg, IFA_ADDRESS, sizeof(*addr), addr) ||
	    nla_put_u32(msg, IFA_FLAGS, IFA_F_NODAD)) {
		nlmsg_free(msg);
		goto out;
	}
	err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	if (err >= 0)
		err = nl_wait_for_ack(sk);
out:
	nl_socket_free(sk);
	return err < 0 ? err : 0;
}

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
	int err;

	addr.s6_addr[15] = 1;
	inet_ntop(AF_INET6, &addr, text, sizeof(text));
	err = add_address(ifindex, &addr);
	if (err) {
		fprintf(stderr, "ipt6ctl: %s: cannot add the server address %s/64: %s\n",
			ifname, text, nl_geterror(err));
		return -1;
	}
	err = enable_forwarding();
	if (err) {
		fprintf(stderr, "ipt6ctl: cannot enable IPv6 forwarding (%s): %s\n",
			FORWARDING_SYSCTL, strerror(-err));
		return -1;
	}
	printf("%s: router address %s/64\n", ifname, text);
	return 0;
}

int ipt6_send_rs(int ifindex)
{
	struct sockaddr_in6 dst = {
		.sin6_family = AF_INET6,
		.sin6_scope_id = ifindex,
	};
	struct nd_router_solicit rs = {
		.nd_rs_type = ND_ROUTER_SOLICIT,
	};
	int fd, hops = 255, ret = 0;

	inet_pton(AF_INET6, "ff02::2", &dst.sin6_addr);
	fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	if (fd < 0)
		return -errno;
	/* The kernel fills in the ICMPv6 checksum of raw ICMPv6 sockets. */
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
		       sizeof(hops)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex,
		       sizeof(ifindex)) ||
	    sendto(fd, &rs, sizeof(rs), 0, (struct sockaddr *)&dst,
		   sizeof(dst)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}
