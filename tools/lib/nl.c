// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing for ipt6ctl: open the family, send a request,
 * hand each reply's attributes to a callback, and turn errors (with the
 * kernel's extack message) into plain words.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/msg.h>

#include "err.h"
#include "nl.h"
#include "ra_dns.h"

int ipt6_nl_open(struct ipt6_nl *nl)
{
	int err, one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		fprintf(stderr, "ipt6ctl: out of memory\n");
		return -ENOMEM;
	}
	err = genl_connect(nl->sk);
	if (err < 0) {
		fprintf(stderr, "ipt6ctl: cannot open a netlink socket: %s\n",
			nl_geterror(err));
		goto err_free;
	}
	/* Ask for the kernel's error messages (libnl 3.7 has no helper). */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	nl->family = genl_ctrl_resolve(nl->sk, IPT6_FAMILY_NAME);
	if (nl->family < 0) {
		fprintf(stderr,
			"ipt6ctl: the ipt6 kernel module is not loaded (no '%s' netlink family); load it with: modprobe ipt6\n",
			IPT6_FAMILY_NAME);
		err = -ENOENT;
		goto err_free;
	}
	nl->mcgrp_peers = genl_ctrl_resolve_grp(nl->sk, IPT6_FAMILY_NAME,
						IPT6_MCGRP_PEERS);
	return 0;

err_free:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return err < 0 ? err : -EIO;
}

void ipt6_nl_close(struct ipt6_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *ipt6_nl_msg(struct ipt6_nl *nl, int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 flags, cmd, 1)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct ipt6_nl_req {
	struct ipt6_nl *nl;
	ipt6_nl_reply_fn fn;
	void *arg;
	int maxattr;		/* of the attribute set replies use */
	int err;
	bool done;
};

static int ipt6_nl_on_valid(struct nl_msg *msg, void *data)
{
	struct ipt6_nl_req *req = data;
	struct nlattr *tb[IPT6_NL_MAX_ATTR + 1];
	int err;

	err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, req->maxattr, NULL);
	if (err < 0) {
		req->err = err;
		return NL_STOP;
	}
	if (req->fn) {
		err = req->fn(tb, req->arg);
		if (err < 0) {
			req->err = err;
			return NL_STOP;
		}
	}
	return NL_OK;
}

/* The kernel's extack text of an error ack, into @buf ("" if none). */
void ipt6_nl_extack_msg(struct nlmsgerr *e, char *buf, size_t len)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	unsigned int ack_len = sizeof(*nlh) + sizeof(*e);

	buf[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		ack_len += e->msg.nlmsg_len - sizeof(*nlh);
	if (nlh->nlmsg_len <= ack_len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + ack_len),
		      nlh->nlmsg_len - ack_len, NULL) == 0 &&
	    tb[NLMSGERR_ATTR_MSG])
		snprintf(buf, len, "%s", nla_get_string(tb[NLMSGERR_ATTR_MSG]));
}

/* Keep the kernel's extack text: it says what was wrong, in words. */
static int ipt6_nl_on_error(struct sockaddr_nl *nla, struct nlmsgerr *e,
			    void *data)
{
	struct ipt6_nl_req *req = data;

	(void)nla;
	req->err = e->error;
	req->done = true;
	ipt6_nl_extack_msg(e, req->nl->extack, sizeof(req->nl->extack));
	return NL_STOP;
}

static int ipt6_nl_on_finish(struct nl_msg *msg, void *data)
{
	struct ipt6_nl_req *req = data;

	(void)msg;
	req->done = true;
	return NL_STOP;
}

static int ipt6_nl_on_ack(struct nl_msg *msg, void *data)
{
	return ipt6_nl_on_finish(msg, data);
}

/* Send @msg (consumed) and collect replies until the ack or the dump's end. */
int ipt6_nl_request(struct ipt6_nl *nl, struct nl_msg *msg,
		    ipt6_nl_reply_fn fn, void *arg)
{
	return ipt6_nl_request_set(nl, msg, IPT6_A_DEV_MAX, fn, arg);
}

/* The same, for replies in an attribute set whose highest type is @maxattr. */
int ipt6_nl_request_set(struct ipt6_nl *nl, struct nl_msg *msg, int maxattr,
			ipt6_nl_reply_fn fn, void *arg)
{
	struct ipt6_nl_req req = { .nl = nl, .fn = fn, .arg = arg,
				   .maxattr = maxattr };
	struct nl_cb *cb;
	int err;

	if (maxattr > IPT6_NL_MAX_ATTR) {
		nlmsg_free(msg);
		return -EINVAL;
	}

	nl->extack[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, ipt6_nl_on_valid, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, ipt6_nl_on_finish, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ipt6_nl_on_ack, &req);
	nl_cb_err(cb, NL_CB_CUSTOM, ipt6_nl_on_error, &req);

	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	err = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		nl_cb_put(cb);
		return -EIO;
	}
	while (!req.done) {
		err = nl_recvmsgs(nl->sk, cb);
		if (err < 0 && !req.err)
			req.err = -EIO;
		if (err < 0)
			break;
	}
	nl_cb_put(cb);
	return req.err;
}

void ipt6_nl_perror(struct ipt6_nl *nl, const char *what, int err)
{
	if (err == -EPERM) {
		fprintf(stderr,
			"ipt6ctl: %s: permission denied: ipt6 netlink commands need CAP_NET_ADMIN (run as root)\n",
			what);
		return;
	}
	/* The generic netlink core's answer to a family that went away. */
	if (err == -ENOENT && !nl->extack[0]) {
		fprintf(stderr,
			"ipt6ctl: %s: the ipt6 module is not loaded any more (unloaded, or the device deleted with it)\n",
			what);
		return;
	}
	fprintf(stderr, "ipt6ctl: %s: %s%s%s\n", what,
		nl->extack[0] ? nl->extack : strerror(-err),
		nl->extack[0] ? " - " : "",
		nl->extack[0] ? strerror(-err) : "");
}

int ipt6_nl_ifindex(const char *ifname)
{
	unsigned int ifindex = if_nametoindex(ifname);

	if (!ifindex) {
		fprintf(stderr, "ipt6ctl: no network device named '%s'\n",
			ifname);
		return -ENODEV;
	}
	return (int)ifindex;
}

int ipt6_nl_parse_nested(struct nlattr **tb, int max, struct nlattr *nest)
{
	return nla_parse_nested(tb, max, nest, NULL);
}

/* Send the dev-set request in @msg, unless building it @failed. */
static int dev_set_request(struct ipt6_nl *nl, const char *ifname,
			   struct nl_msg *msg, bool failed)
{
	int err;

	if (failed) {
		nlmsg_free(msg);
		fprintf(stderr, "ipt6ctl: out of memory\n");
		return -ENOMEM;
	}
	err = ipt6_nl_request(nl, msg, NULL, NULL);
	if (err)
		ipt6_nl_perror(nl, ifname, err);
	return err;
}

int ipt6_nl_dev_set(struct ipt6_nl *nl, const char *ifname, int ifindex,
		    int role, int status, int last_error,
		    const char *last_error_msg, const char *url)
{
	struct nl_msg *msg = ipt6_nl_msg(nl, IPT6_CMD_DEV_SET, 0);
	bool failed;

	failed = !msg || nla_put_u32(msg, IPT6_A_DEV_IFINDEX, ifindex) ||
		 (role >= 0 && nla_put_u32(msg, IPT6_A_DEV_ROLE, role)) ||
		 (status >= 0 && nla_put_u32(msg, IPT6_A_DEV_STATUS, status)) ||
		 (last_error >= 0 &&
		  nla_put_u32(msg, IPT6_A_DEV_LAST_ERROR, last_error)) ||
		 (last_error_msg &&
		  nla_put_string(msg, IPT6_A_DEV_LAST_ERROR_MSG,
				 last_error_msg)) ||
		 (url && nla_put_string(msg, IPT6_A_DEV_URL, url));
	return dev_set_request(nl, ifname, msg, failed);
}

int ipt6_nl_set_prefix(struct ipt6_nl *nl, const char *ifname, int ifindex,
		       const struct in6_addr *prefix, uint32_t flags)
{
	struct nl_msg *msg = ipt6_nl_msg(nl, IPT6_CMD_DEV_SET, 0);
	bool failed;

	failed = !msg || nla_put_u32(msg, IPT6_A_DEV_IFINDEX, ifindex) ||
		 nla_put(msg, IPT6_A_DEV_PREFIX, sizeof(*prefix), prefix) ||
		 nla_put_u8(msg, IPT6_A_DEV_PREFIX_LEN, 64) ||
		 nla_put_u32(msg, IPT6_A_DEV_PREFIX_FLAGS, flags);
	return dev_set_request(nl, ifname, msg, failed);
}

int ipt6_nl_set_dns(struct ipt6_nl *nl, const char *ifname, int ifindex,
		    const struct ipt6_dns_conf *dns)
{
	struct nl_msg *msg = ipt6_nl_msg(nl, IPT6_CMD_DEV_SET, 0);
	struct nlattr *nest = NULL;
	const char *name;
	bool failed;
	unsigned int i;

	failed = !msg || nla_put_u32(msg, IPT6_A_DEV_IFINDEX, ifindex) ||
		 !(nest = nla_nest_start(msg, IPT6_A_DEV_DNS));
	for (i = 0; !failed && i < dns->nservers; i++)
		failed = nla_put(msg, IPT6_A_DNS_SERVER, 16, &dns->servers[i]);
	for (name = dns->names;
	     !failed && name < dns->names + dns->names_len;
	     name += strlen(name) + 1)
		failed = nla_put_string(msg, IPT6_A_DNS_DOMAIN, name);
	if (!failed && dns->lifetime)
		failed = nla_put_u32(msg, IPT6_A_DNS_LIFETIME, dns->lifetime);
	if (!failed)
		nla_nest_end(msg, nest);
	return dev_set_request(nl, ifname, msg, failed);
}

int ipt6_nl_set_server_stats(struct ipt6_nl *nl, int ifindex,
			     const struct ipt6_server_stats *st)
{
	struct nl_msg *msg = ipt6_nl_msg(nl, IPT6_CMD_DEV_SET, 0);
	struct nlattr *nest;

	if (!msg || nla_put_u32(msg, IPT6_A_DEV_IFINDEX, ifindex))
		goto nomem;
	nest = nla_nest_start(msg, IPT6_A_DEV_SERVER_STATS);
	if (!nest ||
	    nla_put_u64(msg, IPT6_A_SERVER_STATS_REFUSED_SOURCE_LIMIT,
			st->refused_source_limit) ||
	    nla_put_u64(msg, IPT6_A_SERVER_STATS_REFUSED_BUSY,
			st->refused_busy) ||
	    nla_put_u64(msg, IPT6_A_SERVER_STATS_TIMEOUT_FIRST_BYTE,
			st->timeout_first_byte) ||
	    nla_put_u64(msg, IPT6_A_SERVER_STATS_TIMEOUT_HANDSHAKE,
			st->timeout_handshake) ||
	    nla_put_u64(msg, IPT6_A_SERVER_STATS_HANDSHAKES_FAILED,
			st->handshakes_failed))
		goto nomem;
	nla_nest_end(msg, nest);
	return ipt6_nl_request(nl, msg, NULL, NULL);
nomem:
	nlmsg_free(msg);
	return -ENOMEM;
}

static int on_attach(struct nlattr **tb, void *arg)
{
	struct nlattr *ptb[IPT6_A_PEER_MAX + 1];
	uint32_t *peer_id = arg;

	if (tb[IPT6_A_DEV_PEER] &&
	    ipt6_nl_parse_nested(ptb, IPT6_A_PEER_MAX, tb[IPT6_A_DEV_PEER]) == 0 &&
	    ptb[IPT6_A_PEER_ID])
		*peer_id = nla_get_u32(ptb[IPT6_A_PEER_ID]);
	return 0;
}

int ipt6_nl_attach(struct ipt6_nl *nl, const char *ifname, int ifindex,
		   int fd, bool bind_owner, const unsigned char *session,
		   uint32_t *peer_id)
{
	struct nl_msg *msg = ipt6_nl_msg(nl, IPT6_CMD_PEER_NEW, 0);
	struct nlattr *nest;
	int err;

	*peer_id = 0;
	if (!msg || nla_put_u32(msg, IPT6_A_DEV_IFINDEX, ifindex))
		goto nomem;
	nest = nla_nest_start(msg, IPT6_A_DEV_PEER);
	if (!nest || nla_put_s32(msg, IPT6_A_PEER_SOCKFD, fd) ||
	    (bind_owner && nla_put_flag(msg, IPT6_A_PEER_BIND_OWNER)) ||
	    (session && nla_put(msg, IPT6_A_PEER_SESSION, IPT6_SESSION_LEN,
				session)))
		goto nomem;
	nla_nest_end(msg, nest);
	err = ipt6_nl_request(nl, msg, on_attach, peer_id);
	if (err)
		ipt6_nl_perror(nl, ifname, err);
	return err;
nomem:
	nlmsg_free(msg);
	fprintf(stderr, "ipt6ctl: out of memory\n");
	return -ENOMEM;
}

int ipt6_nl_detach(struct ipt6_nl *nl, const char *ifname, int ifindex,
		   uint32_t peer_id)
{
	struct nl_msg *msg = ipt6_nl_msg(nl, IPT6_CMD_PEER_DEL, 0);
	struct nlattr *nest;
	int err;

	if (!msg || nla_put_u32(msg, IPT6_A_DEV_IFINDEX, ifindex))
		goto nomem;
	nest = nla_nest_start(msg, IPT6_A_DEV_PEER);
	if (!nest || nla_put_u32(msg, IPT6_A_PEER_ID, peer_id))
		goto nomem;
	nla_nest_end(msg, nest);
	err = ipt6_nl_request(nl, msg, NULL, NULL);
	if (err)
		ipt6_nl_perror(nl, ifname, err);
	return err;
nomem:
	nlmsg_free(msg);
	fprintf(stderr, "ipt6ctl: out of memory\n");
	return -ENOMEM;
}

int ipt6_nl_subscribe(struct ipt6_nl *nl)
{
	int err;

	if (nl->mcgrp_peers < 0) {
		fprintf(stderr, "ipt6ctl: the kernel offers no '%s' event group\n",
			IPT6_MCGRP_PEERS);
		return -ENOENT;
	}
	nl_socket_disable_seq_check(nl->sk);
	err = nl_socket_add_membership(nl->sk, nl->mcgrp_peers);
	if (err < 0) {
		fprintf(stderr, "ipt6ctl: cannot listen to peer events: %s\n",
			nl_geterror(err));
		return -EIO;
	}
	return 0;
}

static int on_event(struct nl_msg *msg, void *data)
{
	struct ipt6_nl_event *ev = data;
	struct nlattr *tb[IPT6_A_DEV_MAX + 1], *ptb[IPT6_A_PEER_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));

	if (gh->cmd != IPT6_CMD_PEER_DEL_NTF ||
	    genlmsg_parse(nlmsg_hdr(msg), 0, tb, IPT6_A_DEV_MAX, NULL) < 0 ||
	    !tb[IPT6_A_DEV_IFINDEX] || !tb[IPT6_A_DEV_PEER] ||
	    ipt6_nl_parse_nested(ptb, IPT6_A_PEER_MAX, tb[IPT6_A_DEV_PEER]) < 0)
		return NL_SKIP;
	ev->ifindex = nla_get_u32(tb[IPT6_A_DEV_IFINDEX]);
	ev->peer_id = ptb[IPT6_A_PEER_ID] ? nla_get_u32(ptb[IPT6_A_PEER_ID]) : 0;
	ev->reason = ptb[IPT6_A_PEER_DEL_REASON] ?
		     nla_get_u32(ptb[IPT6_A_PEER_DEL_REASON]) : 0;
	return NL_OK;
}

/* Events are unsolicited: they match no request's sequence number. */
static int no_seq_check(struct nl_msg *msg, void *data)
{
	(void)msg;
	(void)data;
	return NL_OK;
}

int ipt6_nl_next_event(struct ipt6_nl *nl, struct ipt6_nl_event *ev,
		       int timeout_ms)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(nl->sk), .events = POLLIN };
	struct nl_cb *cb;
	int ret;

	memset(ev, 0, sizeof(*ev));
	ret = poll(&pfd, 1, timeout_ms);
	if (ret <= 0)
		return ret < 0 ? -errno : 0;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, ev);
	ret = nl_recvmsgs(nl->sk, cb);
	nl_cb_put(cb);
	if (ret < 0)
		return -EIO;
	return ev->ifindex ? 1 : 0;
}

static const char *const del_reason_names[] = {
	"removed by admin", "closed by the remote end", "connection failed",
	"TLS alert from the remote end", "TLS key update (not supported)",
	"stream lost IPv6 framing", "device deleted",
	"supervising process exited",
	"no answer from the remote end (timed out)",
	"replaced by a new connection of the same client",
};

const char *ipt6_del_reason_name(unsigned int reason)
{
	return reason < ARRAY_SIZE(del_reason_names) ?
	       del_reason_names[reason] : "unknown";
}
