// SPDX-License-Identifier: GPL-2.0
/*
 * Neighbour discovery on a server's side of the tunnel.  The tunnel is one
 * multi-access link whose only router is the server, and every client sees
 * only what the server sends it.  So the server, not the IPv6 stack above
 * the device, speaks for the link:
 *
 *  - a Router Solicitation gets a Router Advertisement for the configured
 *    prefix (and DNS servers and search domains, RFC 8106, if any), to
 *    the soliciting client alone; every client also gets one unsolicited
 *    every IPT6_RA_INTERVAL (or a third of the DNS lifetime, if shorter)
 *    so that nothing it learnt expires;
 *  - a DAD probe claims its target for the probing client, or, when
 *    another client (or the server) owns it, is answered with a Neighbor
 *    Advertisement on the owner's behalf;
 *  - an unsolicited Neighbor Advertisement (RFC 4861 7.2.6; ipt6ctl
 *    sends them after a reconnect) claims its target for the client, so
 *    traffic for a client reaches it before the client sends any;
 *  - other multicast from clients (MLD reports ...) goes nowhere, and none
 *    from the server goes to clients;
 *  - link-local unicast from a client not for the server is dropped, and
 *    unicast for another client is handed straight to that client (the
 *    link's own forwarding: no hop is counted, no redirect is sent).
 */
#include <linux/icmpv6.h>
#include <net/addrconf.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "ipt6.h"

/*
 * radvd's defaults.  The first three are also RFC 4861's (6.2.1:
 * MaxRtrAdvInterval 600 s, AdvDefaultLifetime 3 * MaxRtrAdvInterval,
 * AdvCurHopLimit the IANA default TTL, 64); for the prefix lifetimes
 * RFC 4861 suggests 30 and 7 days, radvd (and this) one day and 4 hours.
 */
#define IPT6_RA_INTERVAL	(600 * HZ)
#define IPT6_RA_ROUTER_LIFETIME	1800
#define IPT6_RA_HOP_LIMIT	64
#define IPT6_PREFIX_VALID	86400
#define IPT6_PREFIX_PREFERRED	14400

struct ipt6_ra {
	struct ra_msg ra;
	struct prefix_info pio;
	struct {
		u8 type;
		u8 len;
		__be16 reserved;
		__be32 mtu;
	} mtu;
} __packed;

static struct sk_buff *ipt6_nd_alloc(struct net_device *dev,
				     const struct in6_addr *saddr,
				     const struct in6_addr *daddr,
				     unsigned int len)
{
	struct ipv6hdr *ip6h;
	struct sk_buff *skb;

	skb = alloc_skb(sizeof(*ip6h) + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reset_network_header(skb);
	ip6h = skb_put(skb, sizeof(*ip6h));
	ip6_flow_hdr(ip6h, 0, 0);
	ip6h->payload_len = htons(len);
	ip6h->nexthdr = IPPROTO_ICMPV6;
	ip6h->hop_limit = 255;		/* RFC 4861: proves it is on-link */
	ip6h->saddr = *saddr;
	ip6h->daddr = *daddr;
	skb_set_transport_header(skb, sizeof(*ip6h));
	skb_put_zero(skb, len);
	skb->protocol = htons(ETH_P_IPV6);
	skb->dev = dev;
	return skb;
}

static void ipt6_nd_csum(struct sk_buff *skb)
{
	struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct icmp6hdr *icmp6h = icmp6_hdr(skb);
	unsigned int len = ntohs(ip6h->payload_len);

	icmp6h->icmp6_cksum = csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len,
					      IPPROTO_ICMPV6,
					      csum_partial(icmp6h, len, 0));
}

/* Send a Router Advertisement to @peer alone. */
static void ipt6_nd_send_ra(struct ipt6_peer *peer,
			    const struct in6_addr *daddr)
{
	struct ipt6_dev *ipt6 = peer->ipt6;
	struct net_device *dev = ipt6->dev;
	const struct ipt6_dns *dns;
	struct ipt6_prefix pfx;
	struct in6_addr saddr;
	struct sk_buff *skb;
	struct ipt6_ra *ra;

	ipt6_prefix_get(ipt6, &pfx);
	if (!pfx.len)
		return;
	/* An RA comes from the router's link-local address (RFC 4861 6.1.2). */
	if (ipv6_dev_get_saddr(dev_net(dev), dev, &in6addr_linklocal_allnodes,
			       0, &saddr) ||
	    !(ipv6_addr_type(&saddr) & IPV6_ADDR_LINKLOCAL))
		return;

	rcu_read_lock();
	dns = rcu_dereference(ipt6->dns);
	skb = ipt6_nd_alloc(dev, &saddr, daddr,
			    sizeof(*ra) + (dns ? dns->opts_len : 0));
	if (!skb) {
		rcu_read_unlock();
		ipt6_count(ipt6, peer, IPT6_CNT_RX_DROP_NOMEM);
		return;
	}
	ra = (struct ipt6_ra *)icmp6_hdr(skb);
	ra->ra.icmph.icmp6_type = NDISC_ROUTER_ADVERTISEMENT;
	ra->ra.icmph.icmp6_hop_limit = IPT6_RA_HOP_LIMIT;
	ra->ra.icmph.icmp6_rt_lifetime = htons(IPT6_RA_ROUTER_LIFETIME);

	ra->pio.type = ND_OPT_PREFIX_INFO;
	ra->pio.length = sizeof(ra->pio) / 8;
	ra->pio.prefix_len = pfx.len;
	ra->pio.onlink = !!(pfx.flags & IPT6_PREFIX_FLAGS_ONLINK);
	ra->pio.autoconf = !!(pfx.flags & IPT6_PREFIX_FLAGS_AUTONOMOUS);
	ra->pio.valid = htonl(IPT6_PREFIX_VALID);
	ra->pio.prefered = htonl(IPT6_PREFIX_PREFERRED);
	ra->pio.prefix = pfx.addr;

	ra->mtu.type = ND_OPT_MTU;
	ra->mtu.len = sizeof(ra->mtu) / 8;
	ra->mtu.mtu = htonl(READ_ONCE(dev->mtu));

	/* RDNSS and DNSSL, encoded when they were set (dns.c). */
	if (dns)
		memcpy(ra + 1, dns->opts, dns->opts_len);
	rcu_read_unlock();

	ipt6_nd_csum(skb);
	ipt6_tx_send(ipt6, peer, skb);
}

/* Defend @target for its owner against @peer's DAD probe. */
static void ipt6_nd_send_na(struct ipt6_peer *peer,
			    const struct in6_addr *target)
{
	struct sk_buff *skb;
	struct nd_msg *na;

	/* RFC 4861 7.2.4: to all-nodes, Solicited clear, as the owner would. */
	skb = ipt6_nd_alloc(peer->ipt6->dev, target,
			    &in6addr_linklocal_allnodes, sizeof(*na));
	if (!skb) {
		ipt6_count(peer->ipt6, peer, IPT6_CNT_RX_DROP_NOMEM);
		return;
	}
	na = (struct nd_msg *)icmp6_hdr(skb);
	na->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	na->icmph.icmp6_override = 1;
	na->target = *target;
	ipt6_nd_csum(skb);
	ipt6_tx_send(peer->ipt6, peer, skb);
}

/* The ICMPv6 message of @skb if it is an ND message of @type, else NULL. */
static struct icmp6hdr *ipt6_nd_msg(struct sk_buff *skb, u8 type,
				    unsigned int min_len)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct icmp6hdr *icmp6h;

	if (ip6h->nexthdr != IPPROTO_ICMPV6 ||
	    ntohs(ip6h->payload_len) < min_len ||
	    !pskb_may_pull(skb, sizeof(*ip6h) + min_len))
		return NULL;
	icmp6h = (struct icmp6hdr *)(skb_network_header(skb) + sizeof(*ip6h));
	if (icmp6h->icmp6_type != type || icmp6h->icmp6_code ||
	    ipv6_hdr(skb)->hop_limit != 255)
		return NULL;
	return icmp6h;
}

static void ipt6_nd_rs(struct ipt6_peer *peer, struct sk_buff *skb)
{
	const struct in6_addr *saddr = &ipv6_hdr(skb)->saddr;

	/* A solicitation from :: is answered to all-nodes (RFC 4861 6.2.6). */
	if (ipv6_addr_any(saddr)) {
		ipt6_nd_send_ra(peer, &in6addr_linklocal_allnodes);
	} else if (ipt6_addr_check_src(peer, saddr)) {
		ipt6_nd_send_ra(peer, saddr);
	} else {
		ipt6_count(peer->ipt6, peer, IPT6_CNT_RX_DROP_SPOOF);
		return;
	}
	ipt6_count(peer->ipt6, peer, IPT6_CNT_RX_ROUTER_SOLICITS);
}

static void ipt6_nd_dad(struct ipt6_peer *peer, struct nd_msg *ns)
{
	struct ipt6_dev *ipt6 = peer->ipt6;

	switch (ipt6_addr_claim(peer, &ns->target)) {
	case IPT6_CLAIM_OK:
		break;
	case IPT6_CLAIM_TAKEN:
		ipt6_nd_send_na(peer, &ns->target);
		ipt6_count(ipt6, peer, IPT6_CNT_RX_DAD_DEFENDED);
		break;
	case IPT6_CLAIM_REFUSED:
		ipt6_count(ipt6, peer, IPT6_CNT_RX_DROP_SPOOF);
		break;
	}
}

/* A client announces an address it has: it claims it, as by sending. */
static void ipt6_nd_na(struct ipt6_peer *peer, struct sk_buff *skb,
		       struct nd_msg *na)
{
	if (!ipt6_addr_check_src(peer, &ipv6_hdr(skb)->saddr) ||
	    ipt6_addr_claim(peer, &na->target) != IPT6_CLAIM_OK)
		ipt6_count(peer->ipt6, peer, IPT6_CNT_RX_DROP_SPOOF);
}

/* Multicast from a client: only RS, DAD probes and announcements count. */
static void ipt6_nd_rx_multicast(struct ipt6_peer *peer, struct sk_buff *skb)
{
	struct nd_msg *ns, *na;

	if (ipt6_nd_msg(skb, NDISC_ROUTER_SOLICITATION, sizeof(struct rs_msg))) {
		ipt6_nd_rs(peer, skb);
		goto out;
	}
	na = (struct nd_msg *)ipt6_nd_msg(skb, NDISC_NEIGHBOUR_ADVERTISEMENT,
					  sizeof(*na));
	if (na) {
		ipt6_nd_na(peer, skb, na);
		goto out;
	}
	/* A DAD probe: from ::, for a unicast target. */
	ns = (struct nd_msg *)ipt6_nd_msg(skb, NDISC_NEIGHBOUR_SOLICITATION,
					  sizeof(*ns));
	if (ns && ipv6_addr_any(&ipv6_hdr(skb)->saddr) &&
	    !ipv6_addr_is_multicast(&ns->target))
		ipt6_nd_dad(peer, ns);
	else
		ipt6_count(peer->ipt6, peer, IPT6_CNT_RX_DROP_FILTERED);
out:
	consume_skb(skb);
}

/*
 * A packet a server received from @peer: true if it was dealt with here
 * (answered, dropped and counted, or passed to another client), false if
 * it goes up to the server's IPv6 stack.
 */
bool ipt6_nd_server_rx(struct ipt6_peer *peer, struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct ipt6_dev *ipt6 = peer->ipt6;
	struct ipt6_peer *owner;

	if (ipv6_addr_is_multicast(&ip6h->daddr)) {
		ipt6_nd_rx_multicast(peer, skb);
		return true;
	}
	if (!ipt6_addr_check_src(peer, &ip6h->saddr)) {
		ipt6_count(ipt6, peer, IPT6_CNT_RX_DROP_SPOOF);
		goto drop;
	}
	if (ipv6_addr_type(&ip6h->daddr) & IPV6_ADDR_LINKLOCAL) {
		if (ipv6_chk_addr(dev_net(ipt6->dev), &ip6h->daddr, ipt6->dev,
				  0))
			return false;
		ipt6_count(ipt6, peer, IPT6_CNT_RX_DROP_FILTERED);
		goto drop;
	}

	rcu_read_lock();
	owner = ipt6_addr_lookup(ipt6, &ip6h->daddr);
	if (owner && owner != peer) {
		ipt6_tx_send(ipt6, owner, skb);
		rcu_read_unlock();
		return true;
	}
	rcu_read_unlock();
	return false;
drop:
	kfree_skb(skb);
	return true;
}

/* The server's own multicast (MLD, its DAD probes): none goes to clients. */
bool ipt6_nd_server_tx_filter(struct ipt6_dev *ipt6, struct sk_buff *skb)
{
	if (!ipv6_addr_is_multicast(&ipv6_hdr(skb)->daddr))
		return false;
	ipt6_count(ipt6, NULL, IPT6_CNT_TX_DROP_FILTERED);
	consume_skb(skb);
	return true;
}

/*
 * Between unsolicited RAs: IPT6_RA_INTERVAL, or a third of the DNS
 * lifetime when that is shorter, so that clients keep their DNS servers
 * as they keep their routes (RFC 8106 5.1: the lifetime should be at
 * least three times the interval).
 */
static unsigned long ipt6_nd_ra_interval(struct ipt6_dev *ipt6)
{
	const struct ipt6_dns *dns;
	unsigned long interval = IPT6_RA_INTERVAL;

	rcu_read_lock();
	dns = rcu_dereference(ipt6->dns);
	if (dns)
		interval = min_t(unsigned long, interval,
				 dns->lifetime / 3 * HZ);
	rcu_read_unlock();
	return interval;
}

static void ipt6_nd_ra_work(struct work_struct *work)
{
	struct ipt6_dev *ipt6 = container_of(to_delayed_work(work),
					     struct ipt6_dev, ra_work);
	struct ipt6_peer *peer;

	mutex_lock(&ipt6->lock);
	rcu_read_lock();
	if (ipt6_role(ipt6) == IPT6_ROLE_SERVER)
		list_for_each_entry(peer, &ipt6->peers, node)
			ipt6_nd_send_ra(peer, &in6addr_linklocal_allnodes);
	rcu_read_unlock();
	mutex_unlock(&ipt6->lock);
	queue_delayed_work(ipt6_wq, &ipt6->ra_work, ipt6_nd_ra_interval(ipt6));
}

/* Tell every client about a changed prefix now rather than in 10 minutes. */
void ipt6_nd_advertise_now(struct ipt6_dev *ipt6)
{
	mod_delayed_work(ipt6_wq, &ipt6->ra_work, 0);
}

void ipt6_nd_init(struct ipt6_dev *ipt6)
{
	INIT_DELAYED_WORK(&ipt6->ra_work, ipt6_nd_ra_work);
	queue_delayed_work(ipt6_wq, &ipt6->ra_work, IPT6_RA_INTERVAL);
}

void ipt6_nd_stop(struct ipt6_dev *ipt6)
{
	cancel_delayed_work_sync(&ipt6->ra_work);
}
