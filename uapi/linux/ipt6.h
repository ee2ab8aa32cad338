/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ipt6.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_IPT6_H
#define _UAPI_LINUX_IPT6_H

#define IPT6_FAMILY_NAME	"ipt6"
#define IPT6_FAMILY_VERSION	1

#define IPT6_SESSION_LEN	16

/**
 * enum ipt6_role - Which end of the tunnel the device is.
 * @IPT6_ROLE_CLIENT: one peer, the IP-HTTPS server; carrier follows it
 * @IPT6_ROLE_SERVER: many peers, the clients
 */
enum ipt6_role {
	IPT6_ROLE_CLIENT,
	IPT6_ROLE_SERVER,
};

/**
 * enum ipt6_status - Interface status as the supervising process reports it,
 *   so that any shell can read it back.
 */
enum ipt6_status {
	IPT6_STATUS_IDLE,
	IPT6_STATUS_CONNECTING,
	IPT6_STATUS_ACTIVE,
	IPT6_STATUS_WAITING,
	IPT6_STATUS_FAILED,
};

/**
 * enum ipt6_del_reason - Why a peer was detached.
 * @IPT6_DEL_REASON_ADMIN: removed by a netlink request
 * @IPT6_DEL_REASON_CLOSED: the remote end closed the connection (FIN)
 * @IPT6_DEL_REASON_ERROR: the transport failed (reset, unreachable, other
 *   socket errors)
 * @IPT6_DEL_REASON_TLS_ALERT: the remote end sent a TLS alert
 * @IPT6_DEL_REASON_TLS_REKEY: the remote end asked for a TLS key update, which
 *   kTLS cannot do here
 * @IPT6_DEL_REASON_PROTOCOL: the byte stream lost IPv6 framing (bad version or
 *   oversized packet)
 * @IPT6_DEL_REASON_DEVICE_GONE: the device was deleted
 * @IPT6_DEL_REASON_OWNER_GONE: the process that attached the peer (with
 *   bind-owner) exited
 * @IPT6_DEL_REASON_TIMEOUT: the remote end stopped answering: TCP keepalive
 *   probes or retransmissions went unanswered for the socket's
 *   TCP_USER_TIMEOUT
 * @IPT6_DEL_REASON_REPLACED: a new connection of the same session was attached
 *   (the client reconnected, perhaps from another address); it took over this
 *   peer's addresses
 */
enum ipt6_del_reason {
	IPT6_DEL_REASON_ADMIN,
	IPT6_DEL_REASON_CLOSED,
	IPT6_DEL_REASON_ERROR,
	IPT6_DEL_REASON_TLS_ALERT,
	IPT6_DEL_REASON_TLS_REKEY,
	IPT6_DEL_REASON_PROTOCOL,
	IPT6_DEL_REASON_DEVICE_GONE,
	IPT6_DEL_REASON_OWNER_GONE,
	IPT6_DEL_REASON_TIMEOUT,
	IPT6_DEL_REASON_REPLACED,
};

/**
 * enum ipt6_prefix_flags - Flags of the prefix a server advertises (RFC 4861
 *   prefix option).
 * @IPT6_PREFIX_FLAGS_ONLINK: L, the prefix is on-link (clients reach each
 *   other directly)
 * @IPT6_PREFIX_FLAGS_AUTONOMOUS: A, clients form addresses in it by SLAAC
 */
enum ipt6_prefix_flags {
	IPT6_PREFIX_FLAGS_ONLINK = 1,
	IPT6_PREFIX_FLAGS_AUTONOMOUS = 2,
};

/**
 * enum ipt6_isatap_role - What the supervising process runs an ISATAP device
 *   as (RFC 5214).
 * @IPT6_ISATAP_ROLE_HOST: solicits the routers of the Potential Router List
 *   and configures itself from their advertisements
 * @IPT6_ISATAP_ROLE_ROUTER: answers solicitations with a prefix and forwards
 */
enum ipt6_isatap_role {
	IPT6_ISATAP_ROLE_HOST,
	IPT6_ISATAP_ROLE_ROUTER,
};

#define IPT6_DNS_MAX_SERVERS		8
#define IPT6_DNS_MAX_NAMES_LEN		512
#define IPT6_DNS_DEFAULT_LIFETIME	1800

enum {
	IPT6_A_STATS_PAD = 1,
	IPT6_A_STATS_RX_PACKETS,
	IPT6_A_STATS_RX_BYTES,
	IPT6_A_STATS_TX_PACKETS,
	IPT6_A_STATS_TX_BYTES,
	IPT6_A_STATS_RX_DROP_FRAMING,
	IPT6_A_STATS_RX_DROP_NOMEM,
	IPT6_A_STATS_RX_DROP_TLS,
	IPT6_A_STATS_RX_DROP_SPOOF,
	IPT6_A_STATS_TX_DROP_NOPEER,
	IPT6_A_STATS_TX_DROP_QUEUE,
	IPT6_A_STATS_TX_DROP_ERROR,
	IPT6_A_STATS_PEERS_DETACHED,
	IPT6_A_STATS_RX_DROP_FILTERED,
	IPT6_A_STATS_TX_DROP_FILTERED,
	IPT6_A_STATS_RX_ROUTER_SOLICITS,
	IPT6_A_STATS_RX_DAD_DEFENDED,
	IPT6_A_STATS_RX_DROP_OVERSIZE,

	__IPT6_A_STATS_MAX,
	IPT6_A_STATS_MAX = (__IPT6_A_STATS_MAX - 1)
};

enum {
	IPT6_A_PEER_PAD = 1,
	IPT6_A_PEER_ID,
	IPT6_A_PEER_SOCKFD,
	IPT6_A_PEER_REMOTE_IPV4,
	IPT6_A_PEER_REMOTE_IPV6,
	IPT6_A_PEER_REMOTE_PORT,
	IPT6_A_PEER_CONNECTED_TIME,
	IPT6_A_PEER_STATS,
	IPT6_A_PEER_DEL_REASON,
	IPT6_A_PEER_BIND_OWNER,
	IPT6_A_PEER_ADDRESS,
	IPT6_A_PEER_SESSION,

	__IPT6_A_PEER_MAX,
	IPT6_A_PEER_MAX = (__IPT6_A_PEER_MAX - 1)
};

enum {
	IPT6_A_DEV_PAD = 1,
	IPT6_A_DEV_IFINDEX,
	IPT6_A_DEV_IFNAME,
	IPT6_A_DEV_KIND,
	IPT6_A_DEV_ROLE,
	IPT6_A_DEV_STATUS,
	IPT6_A_DEV_LAST_ERROR,
	IPT6_A_DEV_LAST_ERROR_MSG,
	IPT6_A_DEV_URL,
	IPT6_A_DEV_NPEERS,
	IPT6_A_DEV_STATS,
	IPT6_A_DEV_PEER,
	IPT6_A_DEV_PREFIX,
	IPT6_A_DEV_PREFIX_LEN,
	IPT6_A_DEV_PREFIX_FLAGS,
	IPT6_A_DEV_SERVER_STATS,
	IPT6_A_DEV_DNS,

	__IPT6_A_DEV_MAX,
	IPT6_A_DEV_MAX = (__IPT6_A_DEV_MAX - 1)
};

enum {
	IPT6_A_SERVER_STATS_PAD = 1,
	IPT6_A_SERVER_STATS_HANDSHAKES_FAILED,
	IPT6_A_SERVER_STATS_REFUSED_SOURCE_LIMIT,
	IPT6_A_SERVER_STATS_REFUSED_BUSY,
	IPT6_A_SERVER_STATS_TIMEOUT_FIRST_BYTE,
	IPT6_A_SERVER_STATS_TIMEOUT_HANDSHAKE,

	__IPT6_A_SERVER_STATS_MAX,
	IPT6_A_SERVER_STATS_MAX = (__IPT6_A_SERVER_STATS_MAX - 1)
};

enum {
	IPT6_A_ISATAP_STATS_PAD = 1,
	IPT6_A_ISATAP_STATS_RX_PACKETS,
	IPT6_A_ISATAP_STATS_RX_BYTES,
	IPT6_A_ISATAP_STATS_TX_PACKETS,
	IPT6_A_ISATAP_STATS_TX_BYTES,
	IPT6_A_ISATAP_STATS_RX_DROP_SPOOF,
	IPT6_A_ISATAP_STATS_RX_DROP_RA,
	IPT6_A_ISATAP_STATS_RX_DROP_ERROR,
	IPT6_A_ISATAP_STATS_TX_DROP_NEXTHOP,
	IPT6_A_ISATAP_STATS_TX_DROP_NOROUTE,
	IPT6_A_ISATAP_STATS_TX_DROP_TOOBIG,
	IPT6_A_ISATAP_STATS_TX_DROP_ERROR,

	__IPT6_A_ISATAP_STATS_MAX,
	IPT6_A_ISATAP_STATS_MAX = (__IPT6_A_ISATAP_STATS_MAX - 1)
};

enum {
	IPT6_A_ISATAP_PAD = 1,
	IPT6_A_ISATAP_IFINDEX,
	IPT6_A_ISATAP_IFNAME,
	IPT6_A_ISATAP_LOCAL,
	IPT6_A_ISATAP_ROLE,
	IPT6_A_ISATAP_TTL,
	IPT6_A_ISATAP_PRL_COUNT,
	IPT6_A_ISATAP_ROUTER,
	IPT6_A_ISATAP_STATS,

	__IPT6_A_ISATAP_MAX,
	IPT6_A_ISATAP_MAX = (__IPT6_A_ISATAP_MAX - 1)
};

enum {
	IPT6_A_DNS_SERVER = 1,
	IPT6_A_DNS_DOMAIN,
	IPT6_A_DNS_LIFETIME,

	__IPT6_A_DNS_MAX,
	IPT6_A_DNS_MAX = (__IPT6_A_DNS_MAX - 1)
};

enum {
	IPT6_CMD_DEV_GET = 1,
	IPT6_CMD_DEV_SET,
	IPT6_CMD_PEER_NEW,
	IPT6_CMD_PEER_DEL,
	IPT6_CMD_PEER_GET,
	IPT6_CMD_PEER_DEL_NTF,
	IPT6_CMD_ISATAP_GET,
	IPT6_CMD_ISATAP_SET,
	IPT6_CMD_ISATAP_PRL_ADD,
	IPT6_CMD_ISATAP_PRL_DEL,
	IPT6_CMD_ISATAP_PRL_GET,

	__IPT6_CMD_MAX,
	IPT6_CMD_MAX = (__IPT6_CMD_MAX - 1)
};

#define IPT6_MCGRP_PEERS	"peers"

#endif /* _UAPI_LINUX_IPT6_H */
