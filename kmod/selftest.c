// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests at module load (selftest=1), in the manner of WireGuard's:
 * the server's address table and the receive stream cutter are driven by
 * random operations from one seed and checked after each step against a
 * model too plain to be wrong.  A failure names the seed and the step;
 * the module then refuses to load.
 */
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/unaligned.h>
#include <net/addrconf.h>
#include <net/ipv6.h>

#include "ipt6.h"

/* Sized for an emulated (TCG) guest: both together take about 1-2 s. */
#define ST_PEERS	6
#define ST_ADDR_STEPS	10000
#define ST_RX_RUNS	1000
#define ST_RX_STREAM	(64 * 1024)
#define ST_HDR		sizeof(struct ipv6hdr)

static struct rnd_state st_rnd __initdata;
static u32 st_seed __initdata;

static u32 __init rnd(u32 n)
{
	return prandom_u32_state(&st_rnd) % n;
}

#define st_fail(test, step, fmt, ...)					\
	pr_err("ipt6: self-test %s: FAIL at step %u (seed %u): " fmt "\n", \
	       test, step, st_seed, ##__VA_ARGS__)

/* Address table */

/* In the prefix, outside it, link-local, never a client's. */
enum st_kind { ST_IN, ST_OUT, ST_LL, ST_BAD };

#define ST_POOL		36
static struct {
	struct in6_addr addr;
	enum st_kind kind;
} st_pool[ST_POOL] __initdata;

static const struct in6_addr st_prefix __initconst = {
	{ { 0x20, 0x01, 0x0d, 0xb8, 0, 1 } } };

static void __init st_pool_init(void)
{
	unsigned int i;

	for (i = 0; i < ST_POOL; i++) {
		struct in6_addr *a = &st_pool[i].addr;

		st_pool[i].kind = i < 16 ? ST_IN : i < 24 ? ST_OUT :
				  i < 32 ? ST_LL : ST_BAD;
		*a = st_prefix;				/* 2001:db8:1::i */
		a->s6_addr[15] = i + 1;
		if (st_pool[i].kind == ST_OUT)
			a->s6_addr[5] = 2;		/* 2001:db8:2::i */
		else if (st_pool[i].kind == ST_LL)
			ipv6_addr_set(a, htonl(0xfe800000), 0, 0, htonl(i));
	}
	/* Never a client's: multicast, loopback, unspecified. */
	ipv6_addr_set(&st_pool[32].addr, htonl(0xff020000), 0, 0, htonl(1));
	st_pool[33].addr = in6addr_loopback;
	st_pool[34].addr = in6addr_any;
	ipv6_addr_set(&st_pool[35].addr, htonl(0xff0e0000), 0, 0, htonl(1));
}

/* The model: each peer's addresses as an array, newest first. */
struct st_model {
	u8 list[IPT6_PEER_MAX_ADDRS];
	unsigned int n;
	bool dying;
};

struct st_addr {
	struct ipt6_dev *ipt6;
	struct ipt6_peer *peers[ST_PEERS];
	struct st_model m[ST_PEERS];
	bool prefix_on;
};

static int __init st_owner(const struct st_addr *t, unsigned int a)
{
	unsigned int p, i;

	for (p = 0; p < ST_PEERS; p++)
		for (i = 0; i < t->m[p].n; i++)
			if (t->m[p].list[i] == a)
				return p;
	return -1;
}

static void __init st_push(struct st_model *m, unsigned int a)
{
	memmove(m->list + 1, m->list, m->n);
	m->list[0] = a;
	m->n++;
}

static enum ipt6_claim __init st_model_claim(struct st_addr *t,
					     unsigned int p, unsigned int a)
{
	enum st_kind kind = st_pool[a].kind;
	int owner = st_owner(t, a);

	if (owner >= 0)
		return owner == p ? IPT6_CLAIM_OK : IPT6_CLAIM_TAKEN;
	if (kind == ST_BAD || (kind == ST_OUT && t->prefix_on) ||
	    t->m[p].dying || t->m[p].n == IPT6_PEER_MAX_ADDRS)
		return IPT6_CLAIM_REFUSED;
	st_push(&t->m[p], a);
	return IPT6_CLAIM_OK;
}

/* ipt6_addr_move(): newest first, until @to holds all it may. */
static void __init st_model_move(struct st_model *from, struct st_model *to)
{
	while (from->n && to->n < IPT6_PEER_MAX_ADDRS) {
		st_push(to, from->list[0]);
		from->n--;
		memmove(from->list, from->list + 1, from->n);
	}
}

struct st_walk {
	const struct st_model *m;
	unsigned int i;
};

static int __init st_walk_one(void *arg, const struct in6_addr *addr)
{
	struct st_walk *w = arg;

	if (w->i >= w->m->n ||
	    !ipv6_addr_equal(addr, &st_pool[w->m->list[w->i]].addr))
		return -EINVAL;
	w->i++;
	return 0;
}

/* Every pool address has the model's owner, every peer its list. */
static bool __init st_addr_check(struct st_addr *t, unsigned int step)
{
	struct ipt6_peer *got, *want;
	unsigned int a, p;
	int owner;

	for (a = 0; a < ST_POOL; a++) {
		rcu_read_lock();
		got = ipt6_addr_lookup(t->ipt6, &st_pool[a].addr);
		rcu_read_unlock();
		owner = st_owner(t, a);
		want = owner < 0 ? NULL : t->peers[owner];
		if (got != want) {
			for (p = 0; p < ST_PEERS && t->peers[p] != got; p++)
				;
			st_fail("addr", step, "%pI6c owned by peer %d, not %d",
				&st_pool[a].addr, got ? (int)p : -1, owner);
			return false;
		}
	}
	for (p = 0; p < ST_PEERS; p++) {
		struct st_walk w = { .m = &t->m[p] };

		if (t->peers[p]->naddrs != t->m[p].n ||
		    ipt6_addr_for_each(t->peers[p], st_walk_one, &w) ||
		    w.i != t->m[p].n) {
			st_fail("addr", step, "peer %u has %u addresses, not %u",
				p, t->peers[p]->naddrs, t->m[p].n);
			return false;
		}
	}
	return true;
}

/* One random operation on the table and the model; false on a mismatch. */
static bool __init st_addr_step(struct st_addr *t, unsigned int step)
{
	unsigned int op = rnd(100), p = rnd(ST_PEERS), q, a;
	struct ipt6_peer *peer = t->peers[p];
	enum ipt6_claim got, want;
	struct ipt6_prefix pfx;

	if (op < 80) {
		a = rnd(ST_POOL);
		got = ipt6_addr_claim(peer, &st_pool[a].addr);
		want = st_model_claim(t, p, a);
		if (got != want) {
			st_fail("addr", step, "peer %u claims %pI6c: %d, not %d",
				p, &st_pool[a].addr, got, want);
			return false;
		}
	} else if (op < 83) {
		t->prefix_on = !t->prefix_on;
		memset(&pfx, 0, sizeof(pfx));
		if (t->prefix_on) {
			pfx.addr = st_prefix;
			pfx.len = 64;
		}
		spin_lock_bh(&t->ipt6->status_lock);
		t->ipt6->prefix = pfx;
		spin_unlock_bh(&t->ipt6->status_lock);
	} else if (op < 89) {
		/* A reconnect of the same client: the old peer dies first. */
		q = (p + 1 + rnd(ST_PEERS - 1)) % ST_PEERS;
		atomic_set(&peer->del_reason, IPT6_DEL_REASON_CLOSED);
		t->m[p].dying = true;
		ipt6_addr_move(peer, t->peers[q]);
		st_model_move(&t->m[p], &t->m[q]);
	} else if (op < 94) {
		atomic_set(&peer->del_reason, IPT6_DEL_REASON_ERROR);
		t->m[p].dying = true;
	} else {
		/* Gone; the slot is a new peer from now on. */
		ipt6_addr_forget_peer(peer);
		atomic_set(&peer->del_reason, -1);
		t->m[p].n = 0;
		t->m[p].dying = false;
	}
	return st_addr_check(t, step);
}

static int __init st_addr_test(struct ipt6_dev *ipt6)
{
	struct st_addr *t;
	unsigned int i, j;
	int err;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->ipt6 = ipt6;
	err = ipt6_addrtab_init(ipt6);
	if (err)
		goto out;
	st_pool_init();
	/* The model needs distinct addresses that the server does not have. */
	for (i = 0; i < ST_POOL && !err; i++) {
		for (j = i + 1; j < ST_POOL; j++)
			if (ipv6_addr_equal(&st_pool[i].addr, &st_pool[j].addr))
				err = -ENOTRECOVERABLE;
		if (st_pool[i].kind != ST_BAD &&
		    ipv6_chk_addr(&init_net, &st_pool[i].addr, NULL, 0))
			err = -ENOTRECOVERABLE;
		if (err)
			st_fail("addr", 0, "pool address %pI6c",
				&st_pool[i].addr);
	}
	for (i = 0; i < ST_PEERS; i++) {
		t->peers[i] = kzalloc(sizeof(*t->peers[i]), GFP_KERNEL);
		if (!t->peers[i]) {
			err = -ENOMEM;
			break;
		}
		t->peers[i]->ipt6 = ipt6;
		INIT_LIST_HEAD(&t->peers[i]->addrs);
		atomic_set(&t->peers[i]->del_reason, -1);
	}
	for (i = 1; !err && i <= ST_ADDR_STEPS; i++)
		if (!st_addr_step(t, i))
			err = -ENOTRECOVERABLE;

	for (i = 0; i < ST_PEERS && t->peers[i]; i++)
		ipt6_addr_forget_peer(t->peers[i]);
	ipt6_addrtab_free(ipt6);
	for (i = 0; i < ST_PEERS; i++)
		kfree(t->peers[i]);
out:
	kfree(t);
	return err;
}

/* Stream cutter */

struct st_cut {
	u32 off, len;
};

/* What the plain cutter makes of a stream. */
struct st_ref {
	struct st_cut *pkts;
	unsigned int npkts, oversize;
	size_t stop;			/* bytes read before it stopped */
	bool lost;			/* stopped at a version other than 6 */
};

/* The reference: read a header, check the version, cut at its length. */
static void __init st_ref_cut(const u8 *buf, size_t len, unsigned int mtu,
			      struct st_ref *r)
{
	size_t pos = 0, total;

	r->npkts = 0;
	r->oversize = 0;
	r->lost = false;
	while (len - pos >= ST_HDR) {
		if (buf[pos] >> 4 != 6) {
			r->lost = true;
			r->stop = pos + ST_HDR;
			return;
		}
		total = ST_HDR + get_unaligned_be16(buf + pos + 4);
		/* Dropped at its header, even if the stream ends in it. */
		if (total > mtu)
			r->oversize++;
		if (len - pos < total)
			break;
		if (total <= mtu)
			r->pkts[r->npkts++] = (struct st_cut){ pos, total };
		pos += total;
	}
	r->stop = len;
}

/*
 * Packets of random payload lengths 0..2000 and random bytes, then the
 * start of one more.  With @garbage, random bytes overwrite a random
 * packet from its header on, mostly with a version other than 6.
 */
static size_t __init st_rx_stream(u8 *buf, size_t size, bool garbage)
{
	size_t pos = 0, at = 0, n;
	unsigned int npkts = 0, k;

	for (;;) {
		n = ST_HDR + rnd(2001);
		if (pos + n > size)
			break;
		prandom_bytes_state(&st_rnd, buf + pos, n);
		buf[pos] = 0x60 | (buf[pos] & 0x0f);
		put_unaligned_be16(n - ST_HDR, buf + pos + 4);
		pos += n;
		npkts++;
	}
	n = rnd(size - pos + 1);
	prandom_bytes_state(&st_rnd, buf + pos, n);
	if (!garbage || !npkts)
		return pos + n;

	for (k = rnd(npkts); k; k--)
		at += ST_HDR + get_unaligned_be16(buf + at + 4);
	prandom_bytes_state(&st_rnd, buf + at,
			    min_t(size_t, 1 + rnd(2 * ST_HDR), pos - at));
	if (rnd(4))
		buf[at] = ((7 + rnd(15)) % 16) << 4 | (buf[at] & 0x0f);
	return pos + n;
}

/* Bytes of the next piece: around a header's size, or any up to 16 KB. */
static size_t __init st_rx_split(void)
{
	static const u8 small[] __initconst = { 1, 2, 39, 40, 41 };

	switch (rnd(3)) {
	case 0:
		return small[rnd(ARRAY_SIZE(small))];
	case 1:
		return 1 + rnd(3000);
	default:
		return 1 + rnd(16384);
	}
}

/* @n bytes at a random offset of an skb, partly linear, partly in pages. */
static struct sk_buff *__init st_rx_skb(const u8 *data, size_t n,
					unsigned int *off)
{
	size_t head = rnd(n + 1);
	struct sk_buff *skb;
	int err;

	*off = rnd(64);
	skb = alloc_skb_with_frags(*off + head, n - head, 0, &err, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_put(skb, *off + head);
	skb->data_len = n - head;
	skb->len += n - head;
	if (skb_store_bits(skb, *off, data, n)) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/* Feed @buf in random pieces; the bytes used, or -ENOMEM. */
static long __init st_rx_feed(struct ipt6_peer *peer, const u8 *buf,
			      size_t len, struct sk_buff_head *done,
			      bool *lost, unsigned int run)
{
	size_t pos = 0, n, used;
	struct sk_buff *skb;
	unsigned int off;

	*lost = false;
	while (pos < len && !*lost) {
		n = min(len - pos, st_rx_split());
		skb = st_rx_skb(buf + pos, n, &off);
		if (!skb)
			return -ENOMEM;
		used = ipt6_rx_feed(peer, skb, off, n, done, lost);
		kfree_skb(skb);
		if (used != n && !*lost) {
			st_fail("rx", run, "%zu of %zu bytes used at %zu",
				used, n, pos);
			return -ENOTRECOVERABLE;
		}
		pos += used;
	}
	return pos;
}

/* The cutter's packets, drops and stop are the reference's. */
static int __init st_rx_compare(struct ipt6_peer *peer, const u8 *buf,
				const struct st_ref *r,
				struct sk_buff_head *done, size_t fed,
				bool lost, unsigned int run)
{
	u64 oversize = atomic64_read(&peer->counters.cnt[IPT6_CNT_RX_DROP_OVERSIZE]);
	const struct st_cut *c;
	struct sk_buff *skb;
	unsigned int i;

	for (i = 0; i < r->npkts; i++) {
		c = &r->pkts[i];
		skb = __skb_dequeue(done);
		if (!skb || skb->len != c->len || skb_network_offset(skb) ||
		    memcmp(skb->data, buf + c->off, c->len)) {
			st_fail("rx", run, "packet %u (%u bytes at %u) %s",
				i, c->len, c->off, skb ? "differs" : "missing");
			kfree_skb(skb);
			return -ENOTRECOVERABLE;
		}
		kfree_skb(skb);
	}
	if (!skb_queue_empty(done) || fed != r->stop || lost != r->lost ||
	    oversize != r->oversize) {
		st_fail("rx", run, "%u extra packets, stop %zu/%zu, lost %d/%d, oversize %llu/%u",
			skb_queue_len(done), fed, r->stop, lost, r->lost,
			oversize, r->oversize);
		return -ENOTRECOVERABLE;
	}
	return 0;
}

static int __init st_rx_test(struct ipt6_dev *ipt6)
{
	struct sk_buff_head done;
	struct ipt6_peer *peer;
	struct st_ref r = {};
	unsigned int run;
	int err = -ENOMEM;
	size_t len;
	long fed;
	bool lost;
	u8 *buf;

	__skb_queue_head_init(&done);
	buf = kvmalloc(ST_RX_STREAM, GFP_KERNEL);
	r.pkts = kvmalloc_array(ST_RX_STREAM / ST_HDR + 1, sizeof(*r.pkts),
				GFP_KERNEL);
	peer = kzalloc(sizeof(*peer), GFP_KERNEL);
	if (!buf || !r.pkts || !peer)
		goto out;
	peer->ipt6 = ipt6;

	for (run = 1, err = 0; !err && run <= ST_RX_RUNS; run++) {
		/* Odd runs have garbage; each has its own MTU. */
		WRITE_ONCE(ipt6->dev->mtu, IPT6_MIN_MTU + rnd(800));
		len = st_rx_stream(buf, 1 + rnd(ST_RX_STREAM), run & 1);
		st_ref_cut(buf, len, ipt6->dev->mtu, &r);
		fed = st_rx_feed(peer, buf, len, &done, &lost, run);
		if (fed < 0)
			err = fed;
		else
			err = st_rx_compare(peer, buf, &r, &done, fed, lost,
					    run);
		__skb_queue_purge(&done);
		ipt6_rx_reset(&peer->rx);
		atomic64_set(&peer->counters.cnt[IPT6_CNT_RX_DROP_OVERSIZE], 0);
	}
out:
	kfree(peer);
	kvfree(r.pkts);
	kvfree(buf);
	return err;
}

int __init ipt6_selftest(u32 seed)
{
	struct net_device *dev;
	int err;

	while (!seed)
		seed = get_random_u32();
	st_seed = seed;
	prandom_seed_state(&st_rnd, seed);

	/* A device that is never registered: its private part is enough. */
	dev = alloc_netdev(ipt6_link_ops.priv_size, "ipt6test",
			   NET_NAME_UNKNOWN, ipt6_link_ops.setup);
	if (!dev)
		return -ENOMEM;
	err = st_addr_test(netdev_priv(dev));
	if (!err)
		err = st_rx_test(netdev_priv(dev));
	free_netdev(dev);
	if (!err)
		pr_info("ipt6: self-tests passed (seed %u)\n", seed);
	return err;
}
