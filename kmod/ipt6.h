/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipt6: IP-HTTPS tunnel devices on kernel TLS sockets, and ISATAP devices
 * (whose own definitions are in isatap.h).
 *
 * Shared definitions of the module: an IP-HTTPS device's private data,
 * the peer (one TLS connection) and the functions each file offers the
 * others.
 */
#ifndef _IPT6_H
#define _IPT6_H

#include <linux/netdevice.h>
#include <linux/bvec.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <linux/ipv6.h>
#include <linux/u64_stats_sync.h>
#include <linux/rhashtable-types.h>
#include <net/gro_cells.h>
#include <uapi/linux/ipt6.h>

#define IPT6_KIND		"iphttps"
#define IPT6_MIN_MTU		1280
#define IPT6_MAX_MTU		65535
/* Packets a peer may have queued for sending before the device stops. */
#define IPT6_TXQ_LEN		512
#define IPT6_TXQ_WAKE		(IPT6_TXQ_LEN / 2)
/* Page pieces one sendmsg may carry: about a full TLS record of packets. */
#define IPT6_TX_BVECS		64

/* Counters that are not plain traffic; in the order of the netlink stats. */
enum ipt6_counter {
	IPT6_CNT_RX_DROP_FRAMING,
	IPT6_CNT_RX_DROP_NOMEM,
	IPT6_CNT_RX_DROP_TLS,
	IPT6_CNT_RX_DROP_SPOOF,
	IPT6_CNT_TX_DROP_NOPEER,
	IPT6_CNT_TX_DROP_QUEUE,
	IPT6_CNT_TX_DROP_ERROR,
	IPT6_CNT_PEERS_DETACHED,
	IPT6_CNT_RX_DROP_FILTERED,
	IPT6_CNT_TX_DROP_FILTERED,
	IPT6_CNT_RX_ROUTER_SOLICITS,
	IPT6_CNT_RX_DAD_DEFENDED,
	IPT6_CNT_RX_DROP_OVERSIZE,
	IPT6_CNT_MAX,
};

struct ipt6_counters {
	atomic64_t cnt[IPT6_CNT_MAX];
};

/* Traffic counters of one direction; each has a single writer (its worker). */
struct ipt6_traffic {
	u64_stats_t packets;
	u64_stats_t bytes;
	struct u64_stats_sync syncp;
};

/* Where the receive side is in the IPv6 byte stream. */
struct ipt6_rx_state {
	u8 hdr[sizeof(struct ipv6hdr)];
	unsigned int hdr_len;		/* header bytes gathered so far */
	struct sk_buff *skb;		/* packet being filled, or NULL */
	unsigned int need;		/* bytes still missing from @skb */
};

/* Server role: which peer owns which IPv6 address. */
struct ipt6_addrtab {
	struct rhashtable ht;
	spinlock_t lock;		/* writers; readers use RCU */
};

/* Server role: the prefix its router advertisements carry; len 0: none. */
struct ipt6_prefix {
	struct in6_addr addr;
	u8 len;
	u32 flags;			/* enum ipt6_prefix_flags */
};

/*
 * Server role: the DNS servers and search domains its router
 * advertisements carry (dns.c), and those options, encoded.
 */
struct ipt6_dns {
	struct rcu_head rcu;
	u32 lifetime;			/* seconds */
	unsigned int nservers;
	struct in6_addr servers[IPT6_DNS_MAX_SERVERS];
	unsigned int ndomains;
	/* The domains as given, each NUL-terminated, for dev-get. */
	char names[IPT6_DNS_MAX_NAMES_LEN];
	unsigned int names_len;
	/* The same, DNS-encoded, as the DNSSL option carries them. */
	u8 wire[IPT6_DNS_MAX_NAMES_LEN];
	unsigned int wire_len;
	/* RDNSS and DNSSL options, ready to copy into an RA. */
	u8 opts[8 + IPT6_DNS_MAX_SERVERS * 16 + 8 + IPT6_DNS_MAX_NAMES_LEN];
	unsigned int opts_len;
};

/* What a server's address table says to a client claiming an address. */
enum ipt6_claim {
	IPT6_CLAIM_OK,			/* it is (now) the client's */
	IPT6_CLAIM_TAKEN,		/* another client or the server has it */
	IPT6_CLAIM_REFUSED,		/* not an address a client may have */
};

/* Addresses one client may own (link-local, SLAAC, temporary ...). */
#define IPT6_PEER_MAX_ADDRS	16

struct ipt6_dev;

struct ipt6_peer {
	struct ipt6_dev *ipt6;
	netdevice_tracker dev_tracker;	/* of the peer's hold on ipt6->dev */
	u32 id;
	refcount_t refcnt;
	struct rcu_head rcu;
	struct list_head node;		/* in ipt6_dev.peers, under ipt6->lock */

	struct socket *sock;		/* holds a reference on sock->file */
	void (*saved_state_change)(struct sock *sk);
	void (*saved_write_space)(struct sock *sk);
	void (*saved_data_ready)(struct sock *sk);
	struct sockaddr_storage remote;
	u32 owner_portid;		/* detach when it closes; 0: none */
	/* Server role: the client's secret session id, if it sent one. */
	u8 session[IPT6_SESSION_LEN];
	bool has_session;
	u64 attached_at;		/* ktime_get_boottime_seconds() */

	struct work_struct rx_work;
	struct ipt6_rx_state rx;
	struct ipt6_traffic rx_stats;

	struct work_struct tx_work;
	struct sk_buff_head txq;	/* from ndo_start_xmit */
	struct sk_buff_head tx_batch;	/* being sent; only the tx worker */
	unsigned int tx_off;		/* bytes of the first one already sent */
	struct bio_vec tx_bvec[IPT6_TX_BVECS];
	struct ipt6_traffic tx_stats;

	struct ipt6_counters counters;

	struct list_head addrs;		/* ipt6_addr entries, under addrtab lock */
	unsigned int naddrs;		/* written under it; READ_ONCE as a hint */

	/* Teardown: the first reason set wins and queues @del_work. */
	atomic_t del_reason;		/* -1 while attached */
	struct work_struct del_work;
};

/*
 * Locking of a device, all of it:
 * - @lock (mutex) guards the peer list, @peer_ids, @next_id, @npeers,
 *   @dead and changes of @role and @client_peer.  It is taken only in
 *   process context: netlink requests and dumps, the teardown and RA
 *   works, device deletion.  It nests inside RTNL (device deletion
 *   flushes the peers) and the module's device list lock (the release
 *   of a closed socket's peers), and outside @status_lock and the
 *   address table's lock, never inside them.
 * - @status_lock (spinlock, BH) guards what the supervisor sets with
 *   dev-set: @status, @last_error, @last_error_msg, @url, @prefix,
 *   @server_stats and @has_server_stats; writers of @dns take it too,
 *   its readers use RCU (dns.c).
 * - @addrs has its own spinlock for writers; readers use RCU.
 * - Without the mutex, the data path reads @role (ipt6_role()) and
 *   @client_peer (RCU); @role changes only while no peer is attached.
 *   Reports (dev-get) read @role and @npeers once (READ_ONCE); their
 *   writers pair with WRITE_ONCE.
 * - @devs_node is under the module's device list lock (device.c);
 *   @counters are atomic; @ra_work is cancelled before device deletion
 *   flushes the peers.
 */
struct ipt6_dev {
	struct net_device *dev;
	struct list_head devs_node;	/* in the module's device list */
	enum ipt6_role role;

	struct mutex lock;		/* see above */
	struct list_head peers;
	struct xarray peer_ids;
	u32 next_id;
	unsigned int npeers;
	bool dead;			/* being deleted: no new peers */
	struct ipt6_peer __rcu *client_peer;	/* client role: the server */

	struct ipt6_addrtab addrs;	/* server role: address -> peer */
	struct delayed_work ra_work;	/* server role: periodic RAs */

	struct gro_cells gro_cells;
	struct ipt6_counters counters;

	/* What the supervising process last said, for `ipt6ctl show`. */
	spinlock_t status_lock;
	u32 status;
	u32 last_error;
	char last_error_msg[256];
	char url[256];
	struct ipt6_prefix prefix;	/* under status_lock */
	struct ipt6_dns __rcu *dns;	/* server role; NULL: none */
	/* Server role: what ipt6ctl server turned away; under status_lock. */
	u64 server_stats[IPT6_A_SERVER_STATS_MAX + 1];
	bool has_server_stats;
};

/*
 * The role changes only under ipt6->lock, and only while no peer is
 * attached (dev-set); the data path and the ndo callbacks read it
 * without the lock, so both sides are marked.
 */
static inline enum ipt6_role ipt6_role(const struct ipt6_dev *ipt6)
{
	return READ_ONCE(ipt6->role);
}

extern struct workqueue_struct *ipt6_wq;
extern struct rtnl_link_ops ipt6_link_ops;

/* device.c */
bool ipt6_is_ipt6_dev(const struct net_device *dev);
void ipt6_release_owner(struct net *net, u32 portid);
void ipt6_count(struct ipt6_dev *ipt6, struct ipt6_peer *peer,
		enum ipt6_counter c);
void ipt6_prefix_get(struct ipt6_dev *ipt6, struct ipt6_prefix *pfx);

/* peer.c */
struct ipt6_peer *ipt6_peer_new(struct ipt6_dev *ipt6, struct socket *sock,
				u32 owner_portid, const u8 *session,
				struct netlink_ext_ack *extack);
void ipt6_peers_release_owner(struct ipt6_dev *ipt6, u32 portid);
struct ipt6_peer *ipt6_peer_get_by_id(struct ipt6_dev *ipt6, u32 id);
void ipt6_peer_put(struct ipt6_peer *peer);
void ipt6_peer_del(struct ipt6_peer *peer, enum ipt6_del_reason reason);
enum ipt6_del_reason ipt6_err_reason(int err);
void ipt6_peers_flush(struct ipt6_dev *ipt6);
void ipt6_peer_traffic(const struct ipt6_traffic *t, u64 *packets,
		       u64 *bytes);

/* sock.c */
struct socket *ipt6_sock_lookup(struct ipt6_dev *ipt6, int fd,
				struct netlink_ext_ack *extack);
int ipt6_sock_attach(struct ipt6_peer *peer);
void ipt6_sock_detach(struct ipt6_peer *peer);

/* rx.c */
void ipt6_rx_work(struct work_struct *work);
void ipt6_rx_reset(struct ipt6_rx_state *rx);
size_t ipt6_rx_feed(struct ipt6_peer *peer, struct sk_buff *skb,
		    unsigned int offset, size_t len,
		    struct sk_buff_head *done, bool *out_of_sync);

/* tx.c */
netdev_tx_t ipt6_xmit(struct sk_buff *skb, struct net_device *dev);
void ipt6_tx_work(struct work_struct *work);
void ipt6_tx_purge(struct ipt6_peer *peer);
void ipt6_tx_send(struct ipt6_dev *ipt6, struct ipt6_peer *peer,
		  struct sk_buff *skb);

/* addr.c: the server's table of which peer owns which address */
int ipt6_addrtab_init(struct ipt6_dev *ipt6);
void ipt6_addrtab_free(struct ipt6_dev *ipt6);
struct ipt6_peer *ipt6_addr_lookup(struct ipt6_dev *ipt6,
				   const struct in6_addr *addr);
bool ipt6_addr_check_src(struct ipt6_peer *peer, const struct in6_addr *src);
enum ipt6_claim ipt6_addr_claim(struct ipt6_peer *peer,
				const struct in6_addr *addr);
void ipt6_addr_forget_peer(struct ipt6_peer *peer);
void ipt6_addr_move(struct ipt6_peer *from, struct ipt6_peer *to);
int ipt6_addr_for_each(struct ipt6_peer *peer,
		       int (*fn)(void *arg, const struct in6_addr *addr),
		       void *arg);

/* nd.c: neighbour discovery on a server's link */
void ipt6_nd_init(struct ipt6_dev *ipt6);
void ipt6_nd_stop(struct ipt6_dev *ipt6);
void ipt6_nd_advertise_now(struct ipt6_dev *ipt6);
bool ipt6_nd_server_rx(struct ipt6_peer *peer, struct sk_buff *skb);
bool ipt6_nd_server_tx_filter(struct ipt6_dev *ipt6, struct sk_buff *skb);

/* dns.c: RDNSS and DNSSL options of a server's router advertisements */
struct netlink_ext_ack;
int ipt6_dns_parse(const struct nlattr *nest, struct ipt6_dns **out,
		   struct netlink_ext_ack *extack);
void ipt6_dns_set(struct ipt6_dev *ipt6, struct ipt6_dns *dns);
int ipt6_dns_put(struct sk_buff *skb, struct ipt6_dev *ipt6);

/* netlink.c: the family, and the IP-HTTPS devices' requests */
int ipt6_nl_register(void);
void ipt6_nl_unregister(void);
void ipt6_nl_notify_peer_del(struct ipt6_peer *peer,
			     enum ipt6_del_reason reason);

/* netlink-common.c: what the IP-HTTPS and ISATAP requests share */
struct genl_info;
struct netlink_callback;
struct netlink_ext_ack;
struct rtnl_link_stats64;

/* A kind of device, as the family's requests name and report it. */
struct ipt6_nl_kind {
	const char *name;		/* "device is not an @name device" */
	bool (*is_kind)(const struct net_device *dev);
	int ifindex_attr;		/* the attribute naming a device */
	/* A get reply for @dev: its command's header and attributes. */
	int (*fill)(struct sk_buff *skb, struct net_device *dev, u32 portid,
		    u32 seq, int flags);
};

/* The attributes of a kind's stats nest. */
struct ipt6_nl_stats_attrs {
	int rx_packets, rx_bytes, tx_packets, tx_bytes;
	int pad;
	const int *counter;		/* the attribute of each counter */
	unsigned int ncounters;
};

struct net_device *ipt6_nl_dev_get(struct net *net, struct nlattr **attrs,
				   const struct ipt6_nl_kind *kind,
				   netdevice_tracker *tracker,
				   struct netlink_ext_ack *extack);
int ipt6_nl_pre_doit_dev(struct genl_info *info,
			 const struct ipt6_nl_kind *kind);
int ipt6_nl_put_stats(struct sk_buff *skb, int attr,
		      const struct ipt6_nl_stats_attrs *a,
		      const struct rtnl_link_stats64 *t, const atomic64_t *cnt);
int ipt6_nl_reply_dev(struct genl_info *info, const struct ipt6_nl_kind *kind);
int ipt6_nl_dump_ret(struct sk_buff *skb, int err);
int ipt6_nl_dump_devs(struct sk_buff *skb, struct netlink_callback *cb,
		      const struct ipt6_nl_kind *kind);

/* selftest.c: tests against trivial models, at load with selftest=1 */
int ipt6_selftest(u32 seed);

/* isatap.c: ISATAP devices (link kind isatap) */
int ipt6_isatap_init(void);
void ipt6_isatap_exit(void);

#endif /* _IPT6_H */
