/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ipt6.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_IPT6_GEN_H
#define _LINUX_IPT6_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/ipt6.h>

/* Common nested types */
extern const struct nla_policy ipt6_dns_nl_policy[IPT6_A_DNS_LIFETIME + 1];
extern const struct nla_policy ipt6_peer_nl_policy[IPT6_A_PEER_SESSION + 1];
extern const struct nla_policy ipt6_peer_del_input_nl_policy[IPT6_A_PEER_ID + 1];
extern const struct nla_policy ipt6_server_stats_nl_policy[IPT6_A_SERVER_STATS_TIMEOUT_HANDSHAKE + 1];
extern const struct nla_policy ipt6_stats_nl_policy[IPT6_A_STATS_RX_DROP_OVERSIZE + 1];

int ipt6_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		     struct genl_info *info);
int isatap_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		       struct genl_info *info);
void
ipt6_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		  struct genl_info *info);

int ipt6_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int ipt6_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ipt6_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info);
int ipt6_nl_peer_new_doit(struct sk_buff *skb, struct genl_info *info);
int ipt6_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info);
int ipt6_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ipt6_nl_isatap_get_doit(struct sk_buff *skb, struct genl_info *info);
int ipt6_nl_isatap_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ipt6_nl_isatap_set_doit(struct sk_buff *skb, struct genl_info *info);
int ipt6_nl_isatap_prl_add_doit(struct sk_buff *skb, struct genl_info *info);
int ipt6_nl_isatap_prl_del_doit(struct sk_buff *skb, struct genl_info *info);
int ipt6_nl_isatap_prl_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb);

enum {
	IPT6_NLGRP_PEERS,
};

extern struct genl_family ipt6_nl_family;

#endif /* _LINUX_IPT6_GEN_H */
