// SPDX-License-Identifier: GPL-2.0
/*
 * The server's address table: one structure answers both "which client
 * gets this packet" (transmit) and "may this client send from this
 * address" (receive).  A client owns an address from the first packet it
 * sends from it, until it goes away; another client sending from that
 * address is refused.
 */
#include <linux/rhashtable.h>
#include <net/addrconf.h>
#include <net/ipv6.h>

#include "ipt6.h"

struct ipt6_addr {
	struct rhash_head node;
	struct in6_addr addr;
	struct ipt6_peer *peer;
	struct list_head peer_node;	/* in peer->addrs */
	struct rcu_head rcu;
};

static const struct rhashtable_params ipt6_addr_params = {
	.key_len = sizeof(struct in6_addr),
	.key_offset = offsetof(struct ipt6_addr, addr),
	.head_offset = offsetof(struct ipt6_addr, node),
	.automatic_shrinking = true,
};

int ipt6_addrtab_init(struct ipt6_dev *ipt6)
{
	spin_lock_init(&ipt6->addrs.lock);
	return rhashtable_init(&ipt6->addrs.ht, &ipt6_addr_params);
}

void ipt6_addrtab_free(struct ipt6_dev *ipt6)
{
	/* Every peer has forgotten its addresses by now. */
	rhashtable_destroy(&ipt6->addrs.ht);
}

/* The owner of @addr, or NULL.  Under rcu_read_lock(). */
struct ipt6_peer *ipt6_addr_lookup(struct ipt6_dev *ipt6,
				   const struct in6_addr *addr)
{
	struct ipt6_addr *a;

	a = rhashtable_lookup(&ipt6->addrs.ht, addr, ipt6_addr_params);
	/* ipt6_addr_move() may change the owner under us: either is fine. */
	return a ? READ_ONCE(a->peer) : NULL;
}

/* Whether @peer may learn one more address; checked again under the lock. */
static bool ipt6_addr_may_learn(const struct ipt6_peer *peer)
{
	return atomic_read(&peer->del_reason) == -1 &&
	       READ_ONCE(peer->naddrs) < IPT6_PEER_MAX_ADDRS;
}

/* Record that @peer owns @addr. */
static enum ipt6_claim ipt6_addr_learn(struct ipt6_peer *peer,
				       const struct in6_addr *addr)
{
	struct ipt6_addrtab *tab = &peer->ipt6->addrs;
	enum ipt6_claim ret = IPT6_CLAIM_REFUSED;
	struct ipt6_addr *a, *old;

	/*
	 * A client spoofing source after source would otherwise cost an
	 * atomic allocation per packet once it holds all it may have.
	 */
	if (!ipt6_addr_may_learn(peer))
		return IPT6_CLAIM_REFUSED;
	a = kzalloc(sizeof(*a), GFP_ATOMIC);
	if (!a)
		return IPT6_CLAIM_REFUSED;
	a->addr = *addr;
	a->peer = peer;

	spin_lock_bh(&tab->lock);
	/* A dying peer learns nothing: its table entries are being freed. */
	if (!ipt6_addr_may_learn(peer))
		goto out;
	old = rhashtable_lookup_get_insert_fast(&tab->ht, &a->node,
						ipt6_addr_params);
	if (IS_ERR(old))
		goto out;
	if (old) {
		ret = old->peer == peer ? IPT6_CLAIM_OK : IPT6_CLAIM_TAKEN;
		goto out;
	}
	list_add(&a->peer_node, &peer->addrs);
	WRITE_ONCE(peer->naddrs, peer->naddrs + 1);
	a = NULL;
	ret = IPT6_CLAIM_OK;
out:
	spin_unlock_bh(&tab->lock);
	kfree(a);
	return ret;
}

/* Whether a client may have @addr at all: link-local or in the prefix. */
static bool ipt6_addr_allowed(struct ipt6_dev *ipt6,
			      const struct in6_addr *addr)
{
	struct ipt6_prefix pfx;
	int type = ipv6_addr_type(addr);

	if (type & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK) ||
	    type == IPV6_ADDR_ANY)
		return false;
	if (type & IPV6_ADDR_LINKLOCAL)
		return true;
	ipt6_prefix_get(ipt6, &pfx);
	return !pfx.len || ipv6_prefix_equal(addr, &pfx.addr, pfx.len);
}

enum ipt6_claim ipt6_addr_claim(struct ipt6_peer *peer,
				const struct in6_addr *addr)
{
	struct ipt6_dev *ipt6 = peer->ipt6;
	struct ipt6_peer *owner;

	rcu_read_lock();
	owner = ipt6_addr_lookup(ipt6, addr);
	rcu_read_unlock();
	if (owner)
		return owner == peer ? IPT6_CLAIM_OK : IPT6_CLAIM_TAKEN;
	if (!ipt6_addr_allowed(ipt6, addr))
		return IPT6_CLAIM_REFUSED;
	if (ipv6_chk_addr(dev_net(ipt6->dev), addr, NULL, 0))
		return IPT6_CLAIM_TAKEN;
	return ipt6_addr_learn(peer, addr);
}

/* Whether @peer may send from @src; the first use claims it. */
bool ipt6_addr_check_src(struct ipt6_peer *peer, const struct in6_addr *src)
{
	return ipt6_addr_claim(peer, src) == IPT6_CLAIM_OK;
}

/* Call @fn for each address @peer owns, until it returns non-zero. */
int ipt6_addr_for_each(struct ipt6_peer *peer,
		       int (*fn)(void *arg, const struct in6_addr *addr),
		       void *arg)
{
	struct ipt6_addrtab *tab = &peer->ipt6->addrs;
	struct ipt6_addr *a;
	int err = 0;

	spin_lock_bh(&tab->lock);
	list_for_each_entry(a, &peer->addrs, peer_node) {
		err = fn(arg, &a->addr);
		if (err)
			break;
	}
	spin_unlock_bh(&tab->lock);
	return err;
}

void ipt6_addr_forget_peer(struct ipt6_peer *peer)
{
	struct ipt6_addrtab *tab = &peer->ipt6->addrs;
	struct ipt6_addr *a, *tmp;

	spin_lock_bh(&tab->lock);
	list_for_each_entry_safe(a, tmp, &peer->addrs, peer_node) {
		rhashtable_remove_fast(&tab->ht, &a->node, ipt6_addr_params);
		list_del(&a->peer_node);
		kfree_rcu(a, rcu);
	}
	WRITE_ONCE(peer->naddrs, 0);
	spin_unlock_bh(&tab->lock);
}

/*
 * Give every address of @from (a peer being replaced by a reconnect of the
 * same client) to @to.  @from is already dying, so it learns no more.
 */
void ipt6_addr_move(struct ipt6_peer *from, struct ipt6_peer *to)
{
	struct ipt6_addrtab *tab = &from->ipt6->addrs;
	struct ipt6_addr *a, *tmp;

	spin_lock_bh(&tab->lock);
	list_for_each_entry_safe(a, tmp, &from->addrs, peer_node) {
		if (to->naddrs >= IPT6_PEER_MAX_ADDRS)
			break;
		WRITE_ONCE(a->peer, to);
		list_move(&a->peer_node, &to->addrs);
		WRITE_ONCE(from->naddrs, from->naddrs - 1);
		WRITE_ONCE(to->naddrs, to->naddrs + 1);
	}
	spin_unlock_bh(&tab->lock);
}
