/* SPDX-License-Identifier: GPL-2.0 */
/* Talking to the ipt6 generic netlink family. */
#ifndef IPT6CTL_NL_H
#define IPT6CTL_NL_H

#include <stdbool.h>
#include <netinet/in.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <linux/ipt6.h>

struct ipt6_nl {
	struct nl_sock *sk;
	int family;
	int mcgrp_peers;
	char extack[256];	/* the kernel's message for the last error */
};

typedef int (*ipt6_nl_reply_fn)(struct nlattr **tb, void *arg);

int ipt6_nl_open(struct ipt6_nl *nl);
void ipt6_nl_close(struct ipt6_nl *nl);
struct nl_msg *ipt6_nl_msg(struct ipt6_nl *nl, int cmd, int flags);
int ipt6_nl_request(struct ipt6_nl *nl, struct nl_msg *msg,
		    ipt6_nl_reply_fn fn, void *arg);
/* Highest attribute type any reply set may have (replies are parsed on it). */
#define IPT6_NL_MAX_ATTR	63
int ipt6_nl_request_set(struct ipt6_nl *nl, struct nl_msg *msg, int maxattr,
			ipt6_nl_reply_fn fn, void *arg);
void ipt6_nl_perror(struct ipt6_nl *nl, const char *what, int err);
int ipt6_nl_ifindex(const char *ifname);
int ipt6_nl_parse_nested(struct nlattr **tb, int max, struct nlattr *nest);
void ipt6_nl_extack_msg(struct nlmsgerr *e, char *buf, size_t len);

/* Operations shared by the subcommands; all print their own errors. */
int ipt6_nl_dev_set(struct ipt6_nl *nl, const char *ifname, int ifindex,
		    int role, int status, int last_error,
		    const char *last_error_msg, const char *url);
/* What 'ipt6ctl server' refused or lost before a peer was attached. */
struct ipt6_server_stats {
	uint64_t refused_source_limit;	/* over --max-handshakes-per-source */
	uint64_t refused_busy;		/* evicted: every slot was busy */
	uint64_t timeout_first_byte;	/* nothing came in time */
	uint64_t timeout_handshake;	/* TLS + HTTP not done in time */
	uint64_t handshakes_failed;	/* any other failure */
};

/*
 * Publish @st on the device (dev-set with server-stats).  Quiet: returns
 * the error (a module without the attribute refuses it) for the caller
 * to judge.
 */
int ipt6_nl_set_server_stats(struct ipt6_nl *nl, int ifindex,
			     const struct ipt6_server_stats *st);
int ipt6_nl_set_prefix(struct ipt6_nl *nl, const char *ifname, int ifindex,
		       const struct in6_addr *prefix, uint32_t flags);
struct ipt6_dns_conf;
/* The DNS servers and domains the device advertises (ra_dns.h); prints. */
int ipt6_nl_set_dns(struct ipt6_nl *nl, const char *ifname, int ifindex,
		    const struct ipt6_dns_conf *dns);
/* @session: the client's IPT6_SESSION_LEN-byte session id, or NULL. */
int ipt6_nl_attach(struct ipt6_nl *nl, const char *ifname, int ifindex,
		   int fd, bool bind_owner, const unsigned char *session,
		   uint32_t *peer_id);
int ipt6_nl_detach(struct ipt6_nl *nl, const char *ifname, int ifindex,
		   uint32_t peer_id);

/* A peer-gone event: which device and peer, and why. */
struct ipt6_nl_event {
	uint32_t ifindex;
	uint32_t peer_id;
	uint32_t reason;
};

int ipt6_nl_subscribe(struct ipt6_nl *nl);
/* Wait up to @timeout_ms (-1: forever) for the next event. 1: got one. */
int ipt6_nl_next_event(struct ipt6_nl *nl, struct ipt6_nl_event *ev,
		       int timeout_ms);
const char *ipt6_del_reason_name(unsigned int reason);

#endif
