// SPDX-License-Identifier: GPL-2.0
/*
 * Route netlink requests for 'ipt6ctl up' and 'down', on libnl's core
 * (no libnl-route): link create, delete and up, address add, and the link
 * kind of a device.  Errors carry the kernel's extack text when it gives
 * one, so "Unknown device type" reads as such.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdbool.h>
#include <unistd.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "nl.h"
#include "rtnl.h"

struct rtnl_req {
	int err;
	bool done;
	char extack[256];
	int (*fn)(struct nl_msg *msg, void *arg);
	void *arg;
};

struct nl_sock *ipt6_rtnl_open(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	int err, one = 1;

	if (!sk) {
		fprintf(stderr, "ipt6ctl: out of memory\n");
		return NULL;
	}
	err = nl_connect(sk, NETLINK_ROUTE);
	if (err < 0) {
		fprintf(stderr, "ipt6ctl: cannot open a route netlink socket: %s\n",
			nl_geterror(err));
		nl_socket_free(sk);
		return NULL;
	}
	/* The kernel's words for an error (libnl 3.7 has no helper). */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	return sk;
}

void ipt6_rtnl_close(struct nl_sock *sk)
{
	if (sk)
		nl_socket_free(sk);
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *data)
{
	struct rtnl_req *req = data;

	(void)nla;
	req->err = e->error;
	req->done = true;
	ipt6_nl_extack_msg(e, req->extack, sizeof(req->extack));
	return NL_STOP;
}

static int on_done(struct nl_msg *msg, void *data)
{
	struct rtnl_req *req = data;

	(void)msg;
	req->done = true;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *data)
{
	struct rtnl_req *req = data;

	return req->fn ? req->fn(msg, req->arg) : NL_OK;
}

/* Send @msg (consumed), wait for the ack; @fn sees each reply. */
static int rtnl_request(struct nl_sock *sk, struct nl_msg *msg,
			struct rtnl_req *req)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err;

	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_done, req);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, req);
	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		nl_cb_put(cb);
		return -EIO;
	}
	while (!req->done) {
		err = nl_recvmsgs(sk, cb);
		if (err < 0) {
			if (!req->err)
				req->err = -EIO;
			break;
		}
	}
	nl_cb_put(cb);
	return req->err;
}

static void rtnl_perror(const char *what, const char *name,
			const struct rtnl_req *req)
{
	if (req->err == -EPERM) {
		fprintf(stderr, "ipt6ctl: %s %s: permission denied: needs CAP_NET_ADMIN (run as root)\n",
			what, name);
		return;
	}
	fprintf(stderr, "ipt6ctl: %s %s: %s%s%s\n", what, name,
		req->extack[0] ? req->extack : strerror(-req->err),
		req->extack[0] ? " - " : "",
		req->extack[0] ? strerror(-req->err) : "");
}

static struct nl_msg *link_msg(int type, int flags, int ifindex)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC,
				 .ifi_index = ifindex };
	struct nl_msg *msg = nlmsg_alloc_simple(type, flags);

	if (msg && nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int ipt6_rtnl_link_add(struct nl_sock *sk, const char *name,
		       const char *kind, unsigned int mtu)
{
	struct rtnl_req req = { 0 };
	struct nlattr *info;
	struct nl_msg *msg;

	msg = link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	if (!msg)
		goto nomem;
	if (nla_put_string(msg, IFLA_IFNAME, name) < 0 ||
	    (mtu && nla_put_u32(msg, IFLA_MTU, mtu) < 0))
		goto nomem_free;
	info = nla_nest_start(msg, IFLA_LINKINFO);
	if (!info || nla_put_string(msg, IFLA_INFO_KIND, kind) < 0)
		goto nomem_free;
	nla_nest_end(msg, info);
	if (!rtnl_request(sk, msg, &req))
		return 0;
	if (req.err == -EEXIST)
		fprintf(stderr, "ipt6ctl: a device named %s exists already ('ipt6ctl down %s' removes one left behind)\n",
			name, name);
	else if (req.err == -EOPNOTSUPP)
		fprintf(stderr, "ipt6ctl: create %s: the kernel has no '%s' link kind%s%s: load the ipt6 module (modprobe ipt6)\n",
			name, kind, req.extack[0] ? " - " : "", req.extack);
	else
		rtnl_perror("create", name, &req);
	return req.err;
nomem_free:
	nlmsg_free(msg);
nomem:
	fprintf(stderr, "ipt6ctl: out of memory\n");
	return -ENOMEM;
}

int ipt6_rtnl_link_del(struct nl_sock *sk, const char *name)
{
	struct rtnl_req req = { 0 };
	struct nl_msg *msg;

	msg = link_msg(RTM_DELLINK, 0, 0);
	if (!msg || nla_put_string(msg, IFLA_IFNAME, name) < 0) {
		nlmsg_free(msg);
		fprintf(stderr, "ipt6ctl: out of memory\n");
		return -ENOMEM;
	}
	if (rtnl_request(sk, msg, &req))
		rtnl_perror("delete", name, &req);
	return req.err;
}

int ipt6_rtnl_link_up(struct nl_sock *sk, int ifindex)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex,
				 .ifi_flags = IFF_UP, .ifi_change = IFF_UP };
	struct rtnl_req req = { 0 };
	char name[IF_NAMESIZE] = "?";
	struct nl_msg *msg;

	msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);
	if (!msg || nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		fprintf(stderr, "ipt6ctl: out of memory\n");
		return -ENOMEM;
	}
	if (rtnl_request(sk, msg, &req)) {
		if_indextoname(ifindex, name);
		rtnl_perror("set up", name, &req);
	}
	return req.err;
}

int ipt6_rtnl_addr_add(struct nl_sock *sk, int ifindex,
		       const struct in6_addr *addr, int plen, bool replace)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET6,
				 .ifa_prefixlen = plen,
				 .ifa_index = ifindex };
	struct rtnl_req req = { 0 };
	char what[INET6_ADDRSTRLEN + 8], name[IF_NAMESIZE] = "?";
	struct nl_msg *msg;

	msg = nlmsg_alloc_simple(RTM_NEWADDR, NLM_F_CREATE |
				 (replace ? NLM_F_REPLACE : NLM_F_EXCL));
	if (!msg || nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, IFA_LOCAL, sizeof(*addr), addr) < 0 ||
	    nla_put(msg, IFA_ADDRESS, sizeof(*addr), addr) < 0) {
		nlmsg_free(msg);
		fprintf(stderr, "ipt6ctl: out of memory\n");
		return -ENOMEM;
	}
	if (rtnl_request(sk, msg, &req)) {
		if_indextoname(ifindex, name);
		inet_ntop(AF_INET6, addr, what, sizeof(what));
		snprintf(what + strlen(what), sizeof(what) - strlen(what),
			 "/%d to", plen);
		rtnl_perror(what, name, &req);
	}
	return req.err;
}

struct kind_arg {
	char *kind;
	size_t len;
};

static int on_link(struct nl_msg *msg, void *data)
{
	struct kind_arg *ka = data;
	struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1];

	if (nlmsg_parse(nlmsg_hdr(msg), sizeof(struct ifinfomsg), tb,
			IFLA_MAX, NULL) < 0)
		return NL_OK;
	if (tb[IFLA_LINKINFO] &&
	    !nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) &&
	    li[IFLA_INFO_KIND])
		snprintf(ka->kind, ka->len, "%s",
			 nla_get_string(li[IFLA_INFO_KIND]));
	return NL_OK;
}

int ipt6_rtnl_link_kind(struct nl_sock *sk, const char *name, char *kind,
			size_t len)
{
	struct kind_arg ka = { .kind = kind, .len = len };
	struct rtnl_req req = { .fn = on_link, .arg = &ka };
	struct nl_msg *msg;

	kind[0] = '\0';
	msg = link_msg(RTM_GETLINK, 0, 0);
	if (!msg || nla_put_string(msg, IFLA_IFNAME, name) < 0) {
		nlmsg_free(msg);
		fprintf(stderr, "ipt6ctl: out of memory\n");
		return -ENOMEM;
	}
	if (rtnl_request(sk, msg, &req) && req.err != -ENODEV)
		rtnl_perror("look up", name, &req);
	return req.err;
}

int ipt6_rtnl_watch_links(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_LINK };
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_ROUTE);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "ipt6ctl: cannot watch network devices: %s\n",
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

bool ipt6_rtnl_link_gone(int fd, int ifindex)
{
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	const struct ifinfomsg *ifi;
	const struct nlmsghdr *h;
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) {
		for (h = (void *)buf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type != RTM_DELLINK ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
				continue;
			ifi = NLMSG_DATA(h);
			if (ifi->ifi_index == ifindex)
				return true;
		}
	}
	/* An overrun lost events: ask the kernel directly. */
	if (n < 0 && errno == ENOBUFS) {
		char name[IF_NAMESIZE];

		return !if_indextoname(ifindex, name);
	}
	return false;
}
