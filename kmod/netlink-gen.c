// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ipt6.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/ipt6.h>

/* Integer value ranges */
static const struct netlink_range_validation ipt6_a_dns_lifetime_range = {
	.min	= 4ULL,
	.max	= 86400ULL,
};

/* Common nested types */
const struct nla_policy ipt6_dns_nl_policy[IPT6_A_DNS_LIFETIME + 1] = {
	[IPT6_A_DNS_SERVER] = NLA_POLICY_EXACT_LEN(16),
	[IPT6_A_DNS_DOMAIN] = { .type = NLA_STRING, },
	[IPT6_A_DNS_LIFETIME] = NLA_POLICY_FULL_RANGE(NLA_U32, &ipt6_a_dns_lifetime_range),
};

const struct nla_policy ipt6_peer_nl_policy[IPT6_A_PEER_SESSION + 1] = {
	[IPT6_A_PEER_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[IPT6_A_PEER_SOCKFD] = { .type = NLA_S32, },
	[IPT6_A_PEER_REMOTE_IPV4] = NLA_POLICY_EXACT_LEN(4),
	[IPT6_A_PEER_REMOTE_IPV6] = NLA_POLICY_EXACT_LEN(16),
	[IPT6_A_PEER_REMOTE_PORT] = { .type = NLA_U16, },
	[IPT6_A_PEER_CONNECTED_TIME] = { .type = NLA_U64, },
	[IPT6_A_PEER_STATS] = NLA_POLICY_NESTED(ipt6_stats_nl_policy),
	[IPT6_A_PEER_DEL_REASON] = NLA_POLICY_MAX(NLA_U32, 9),
	[IPT6_A_PEER_BIND_OWNER] = { .type = NLA_FLAG, },
	[IPT6_A_PEER_ADDRESS] = NLA_POLICY_EXACT_LEN(16),
	[IPT6_A_PEER_SESSION] = NLA_POLICY_EXACT_LEN(IPT6_SESSION_LEN),
};

const struct nla_policy ipt6_peer_del_input_nl_policy[IPT6_A_PEER_ID + 1] = {
	[IPT6_A_PEER_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

const struct nla_policy ipt6_server_stats_nl_policy[IPT6_A_SERVER_STATS_TIMEOUT_HANDSHAKE + 1] = {
	[IPT6_A_SERVER_STATS_HANDSHAKES_FAILED] = { .type = NLA_U64, },
	[IPT6_A_SERVER_STATS_REFUSED_SOURCE_LIMIT] = { .type = NLA_U64, },
	[IPT6_A_SERVER_STATS_REFUSED_BUSY] = { .type = NLA_U64, },
	[IPT6_A_SERVER_STATS_TIMEOUT_FIRST_BYTE] = { .type = NLA_U64, },
	[IPT6_A_SERVER_STATS_TIMEOUT_HANDSHAKE] = { .type = NLA_U64, },
};

const struct nla_policy ipt6_stats_nl_policy[IPT6_A_STATS_RX_DROP_OVERSIZE + 1] = {
	[IPT6_A_STATS_RX_PACKETS] = { .type = NLA_U64, },
	[IPT6_A_STATS_RX_BYTES] = { .type = NLA_U64, },
	[IPT6_A_STATS_TX_PACKETS] = { .type = NLA_U64, },
	[IPT6_A_STATS_TX_BYTES] = { .type = NLA_U64, },
	[IPT6_A_STATS_RX_DROP_FRAMING] = { .type = NLA_U64, },
	[IPT6_A_STATS_RX_DROP_NOMEM] = { .type = NLA_U64, },
	[IPT6_A_STATS_RX_DROP_TLS] = { .type = NLA_U64, },
	[IPT6_A_STATS_RX_DROP_SPOOF] = { .type = NLA_U64, },
	[IPT6_A_STATS_TX_DROP_NOPEER] = { .type = NLA_U64, },
	[IPT6_A_STATS_TX_DROP_QUEUE] = { .type = NLA_U64, },
	[IPT6_A_STATS_TX_DROP_ERROR] = { .type = NLA_U64, },
	[IPT6_A_STATS_PEERS_DETACHED] = { .type = NLA_U64, },
	[IPT6_A_STATS_RX_DROP_FILTERED] = { .type = NLA_U64, },
	[IPT6_A_STATS_TX_DROP_FILTERED] = { .type = NLA_U64, },
	[IPT6_A_STATS_RX_ROUTER_SOLICITS] = { .type = NLA_U64, },
	[IPT6_A_STATS_RX_DAD_DEFENDED] = { .type = NLA_U64, },
	[IPT6_A_STATS_RX_DROP_OVERSIZE] = { .type = NLA_U64, },
};

/* IPT6_CMD_DEV_GET - do */
static const struct nla_policy ipt6_dev_get_nl_policy[IPT6_A_DEV_IFINDEX + 1] = {
	[IPT6_A_DEV_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* IPT6_CMD_DEV_SET - do */
static const struct nla_policy ipt6_dev_set_nl_policy[IPT6_A_DEV_DNS + 1] = {
	[IPT6_A_DEV_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IPT6_A_DEV_ROLE] = NLA_POLICY_MAX(NLA_U32, 1),
	[IPT6_A_DEV_STATUS] = NLA_POLICY_MAX(NLA_U32, 4),
	[IPT6_A_DEV_LAST_ERROR] = { .type = NLA_U32, },
	[IPT6_A_DEV_LAST_ERROR_MSG] = { .type = NLA_NUL_STRING, .len = 255, },
	[IPT6_A_DEV_URL] = { .type = NLA_NUL_STRING, .len = 255, },
	[IPT6_A_DEV_PREFIX] = NLA_POLICY_EXACT_LEN(16),
	[IPT6_A_DEV_PREFIX_LEN] = NLA_POLICY_RANGE(NLA_U8, 64, 64),
	[IPT6_A_DEV_PREFIX_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x3),
	[IPT6_A_DEV_SERVER_STATS] = NLA_POLICY_NESTED(ipt6_server_stats_nl_policy),
	[IPT6_A_DEV_DNS] = NLA_POLICY_NESTED(ipt6_dns_nl_policy),
};

/* IPT6_CMD_PEER_NEW - do */
static const struct nla_policy ipt6_peer_new_nl_policy[IPT6_A_DEV_PEER + 1] = {
	[IPT6_A_DEV_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IPT6_A_DEV_PEER] = NLA_POLICY_NESTED(ipt6_peer_nl_policy),
};

/* IPT6_CMD_PEER_DEL - do */
static const struct nla_policy ipt6_peer_del_nl_policy[IPT6_A_DEV_PEER + 1] = {
	[IPT6_A_DEV_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IPT6_A_DEV_PEER] = NLA_POLICY_NESTED(ipt6_peer_del_input_nl_policy),
};

/* IPT6_CMD_PEER_GET - dump */
static const struct nla_policy ipt6_peer_get_nl_policy[IPT6_A_DEV_IFINDEX + 1] = {
	[IPT6_A_DEV_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* IPT6_CMD_ISATAP_GET - do */
static const struct nla_policy ipt6_isatap_get_nl_policy[IPT6_A_ISATAP_IFINDEX + 1] = {
	[IPT6_A_ISATAP_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* IPT6_CMD_ISATAP_SET - do */
static const struct nla_policy ipt6_isatap_set_nl_policy[IPT6_A_ISATAP_TTL + 1] = {
	[IPT6_A_ISATAP_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IPT6_A_ISATAP_ROLE] = NLA_POLICY_MAX(NLA_U32, 1),
	[IPT6_A_ISATAP_TTL] = { .type = NLA_U8, },
};

/* IPT6_CMD_ISATAP_PRL_ADD - do */
static const struct nla_policy ipt6_isatap_prl_add_nl_policy[IPT6_A_ISATAP_ROUTER + 1] = {
	[IPT6_A_ISATAP_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IPT6_A_ISATAP_ROUTER] = NLA_POLICY_EXACT_LEN(4),
};

/* IPT6_CMD_ISATAP_PRL_DEL - do */
static const struct nla_policy ipt6_isatap_prl_del_nl_policy[IPT6_A_ISATAP_ROUTER + 1] = {
	[IPT6_A_ISATAP_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IPT6_A_ISATAP_ROUTER] = NLA_POLICY_EXACT_LEN(4),
};

/* IPT6_CMD_ISATAP_PRL_GET - dump */
static const struct nla_policy ipt6_isatap_prl_get_nl_policy[IPT6_A_ISATAP_IFINDEX + 1] = {
	[IPT6_A_ISATAP_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* Ops table for ipt6 */
static const struct genl_split_ops ipt6_nl_ops[] = {
	{
		.cmd		= IPT6_CMD_DEV_GET,
		.pre_doit	= ipt6_nl_pre_doit,
		.doit		= ipt6_nl_dev_get_doit,
		.post_doit	= ipt6_nl_post_doit,
		.policy		= ipt6_dev_get_nl_policy,
		.maxattr	= IPT6_A_DEV_IFINDEX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= IPT6_CMD_DEV_GET,
		.dumpit	= ipt6_nl_dev_get_dumpit,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= IPT6_CMD_DEV_SET,
		.pre_doit	= ipt6_nl_pre_doit,
		.doit		= ipt6_nl_dev_set_doit,
		.post_doit	= ipt6_nl_post_doit,
		.policy		= ipt6_dev_set_nl_policy,
		.maxattr	= IPT6_A_DEV_DNS,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPT6_CMD_PEER_NEW,
		.pre_doit	= ipt6_nl_pre_doit,
		.doit		= ipt6_nl_peer_new_doit,
		.post_doit	= ipt6_nl_post_doit,
		.policy		= ipt6_peer_new_nl_policy,
		.maxattr	= IPT6_A_DEV_PEER,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPT6_CMD_PEER_DEL,
		.pre_doit	= ipt6_nl_pre_doit,
		.doit		= ipt6_nl_peer_del_doit,
		.post_doit	= ipt6_nl_post_doit,
		.policy		= ipt6_peer_del_nl_policy,
		.maxattr	= IPT6_A_DEV_PEER,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPT6_CMD_PEER_GET,
		.dumpit		= ipt6_nl_peer_get_dumpit,
		.policy		= ipt6_peer_get_nl_policy,
		.maxattr	= IPT6_A_DEV_IFINDEX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= IPT6_CMD_ISATAP_GET,
		.pre_doit	= isatap_nl_pre_doit,
		.doit		= ipt6_nl_isatap_get_doit,
		.post_doit	= ipt6_nl_post_doit,
		.policy		= ipt6_isatap_get_nl_policy,
		.maxattr	= IPT6_A_ISATAP_IFINDEX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= IPT6_CMD_ISATAP_GET,
		.dumpit	= ipt6_nl_isatap_get_dumpit,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= IPT6_CMD_ISATAP_SET,
		.pre_doit	= isatap_nl_pre_doit,
		.doit		= ipt6_nl_isatap_set_doit,
		.post_doit	= ipt6_nl_post_doit,
		.policy		= ipt6_isatap_set_nl_policy,
		.maxattr	= IPT6_A_ISATAP_TTL,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPT6_CMD_ISATAP_PRL_ADD,
		.pre_doit	= isatap_nl_pre_doit,
		.doit		= ipt6_nl_isatap_prl_add_doit,
		.post_doit	= ipt6_nl_post_doit,
		.policy		= ipt6_isatap_prl_add_nl_policy,
		.maxattr	= IPT6_A_ISATAP_ROUTER,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPT6_CMD_ISATAP_PRL_DEL,
		.pre_doit	= isatap_nl_pre_doit,
		.doit		= ipt6_nl_isatap_prl_del_doit,
		.post_doit	= ipt6_nl_post_doit,
		.policy		= ipt6_isatap_prl_del_nl_policy,
		.maxattr	= IPT6_A_ISATAP_ROUTER,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPT6_CMD_ISATAP_PRL_GET,
		.dumpit		= ipt6_nl_isatap_prl_get_dumpit,
		.policy		= ipt6_isatap_prl_get_nl_policy,
		.maxattr	= IPT6_A_ISATAP_IFINDEX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
};

static const struct genl_multicast_group ipt6_nl_mcgrps[] = {
	[IPT6_NLGRP_PEERS] = { "peers", .flags = GENL_MCAST_CAP_NET_ADMIN, },
};

struct genl_family ipt6_nl_family __ro_after_init = {
	.name		= IPT6_FAMILY_NAME,
	.version	= IPT6_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= ipt6_nl_ops,
	.n_split_ops	= ARRAY_SIZE(ipt6_nl_ops),
	.mcgrps		= ipt6_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(ipt6_nl_mcgrps),
};
