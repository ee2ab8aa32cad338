// SPDX-License-Identifier: GPL-2.0
/*
 * DNS in a server's router advertisements (RFC 8106): the Recursive DNS
 * Server option (RDNSS, type 25) and the DNS Search List option (DNSSL,
 * type 31).  A dev-set request's dns nest is checked and encoded here
 * once, into the option bytes every advertisement copies, and kept as
 * given for dev-get.
 *
 * Lifetime: a device's configuration is replaced whole.  The writer
 * publishes the new one under status_lock and frees the old one after an
 * RCU grace period; readers (the RA builder, dev-get) use RCU.
 */
#include <linux/ctype.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/netlink.h>

#include "ipt6.h"
#include "netlink-gen.h"

/* RFC 8106 5.1 and 5.2: type, length, reserved, lifetime. */
struct ipt6_dns_opt_hdr {
	u8 type;
	u8 len;				/* in units of 8 bytes, all of it */
	__be16 reserved;
	__be32 lifetime;
} __packed;

#define IPT6_DNS_LABEL_MAX	63
#define IPT6_DNS_NAME_MAX	253	/* characters, without a final dot */

/*
 * @name (@len characters, no final dot) as a domain name we advertise:
 * labels of letters, digits, '-' and '_', 1 to 63 characters, a hyphen
 * at neither end.  NULL, or what is wrong with it.
 */
static const char *ipt6_dns_name_error(const char *name, size_t len)
{
	size_t i, label = 0;

	if (!len)
		return "empty search domain";
	if (len > IPT6_DNS_NAME_MAX)
		return "search domain longer than 253 characters";
	for (i = 0; i <= len; i++) {
		if (i == len || name[i] == '.') {
			if (!label)
				return "search domain with an empty label ('..' or a leading dot)";
			if (name[i - 1] == '-')
				return "search domain label ending in '-'";
			label = 0;
			continue;
		}
		if (!isascii(name[i]) ||
		    (!isalnum(name[i]) && name[i] != '-' && name[i] != '_'))
			return "search domain not of letters, digits, '-', '_' and dots";
		if (!label && name[i] == '-')
			return "search domain label starting with '-'";
		if (++label > IPT6_DNS_LABEL_MAX)
			return "search domain label longer than 63 characters";
	}
	return NULL;
}

/* @name (checked) in the DNS wire encoding at @out: @len + 2 bytes. */
static void ipt6_dns_name_encode(const char *name, size_t len, u8 *out)
{
	const char *label = name, *dot;
	size_t n;

	while (label < name + len) {
		dot = memchr(label, '.', name + len - label);
		n = dot ? dot - label : name + len - label;
		*out++ = n;
		memcpy(out, label, n);
		out += n;
		label += n + 1;
	}
	*out = 0;			/* the root */
}

static int ipt6_dns_add_server(struct ipt6_dns *dns, const struct nlattr *attr,
			       struct netlink_ext_ack *extack)
{
	const struct in6_addr *addr = nla_data(attr);
	int type = ipv6_addr_type(addr);
	unsigned int i;

	if (dns->nservers == IPT6_DNS_MAX_SERVERS) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"more than %d DNS servers",
					IPT6_DNS_MAX_SERVERS);
		return -E2BIG;
	}
	if (!(type & IPV6_ADDR_UNICAST) ||
	    type & (IPV6_ADDR_LOOPBACK | IPV6_ADDR_MAPPED)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a DNS server must be a unicast IPv6 address (not ::, ::1, multicast or IPv4-mapped)");
		return -EINVAL;
	}
	for (i = 0; i < dns->nservers; i++)
		if (ipv6_addr_equal(&dns->servers[i], addr)) {
			NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
						"DNS server %pI6c given twice",
						addr);
			return -EINVAL;
		}
	dns->servers[dns->nservers++] = *addr;
	return 0;
}

/* Does @names (@len bytes of NUL-terminated names) hold @name already? */
static bool ipt6_dns_has_name(const char *names, size_t len, const char *name)
{
	const char *p;

	for (p = names; p < names + len; p += strlen(p) + 1)
		if (!strcasecmp(p, name))
			return true;
	return false;
}

static int ipt6_dns_add_domain(struct ipt6_dns *dns, const struct nlattr *attr,
			       struct netlink_ext_ack *extack)
{
	char name[IPT6_DNS_NAME_MAX + 2];
	const char *why;
	size_t len;

	if (nla_strscpy(name, attr, sizeof(name)) < 0) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "search domain longer than 253 characters");
		return -EINVAL;
	}
	len = strlen(name);
	if (len && name[len - 1] == '.')	/* "corp.example." */
		name[--len] = '\0';
	why = ipt6_dns_name_error(name, len);
	if (why) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr, "%s", why);
		return -EINVAL;
	}
	if (ipt6_dns_has_name(dns->names, dns->names_len, name)) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"search domain %s given twice", name);
		return -EINVAL;
	}
	/* Encoded, a name takes a byte per character and two more. */
	if (dns->wire_len + len + 2 > IPT6_DNS_MAX_NAMES_LEN) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"search domains too long for a router advertisement: more than %d bytes encoded (a name of N characters takes N + 2)",
					IPT6_DNS_MAX_NAMES_LEN);
		return -E2BIG;
	}
	ipt6_dns_name_encode(name, len, dns->wire + dns->wire_len);
	dns->wire_len += len + 2;
	memcpy(dns->names + dns->names_len, name, len + 1);
	dns->names_len += len + 1;
	dns->ndomains++;
	return 0;
}

/* The RDNSS and DNSSL options of @dns, into dns->opts. */
static void ipt6_dns_build_opts(struct ipt6_dns *dns)
{
	struct ipt6_dns_opt_hdr *h;
	unsigned int len;
	u8 *p = dns->opts;

	if (dns->nservers) {
		len = sizeof(*h) + dns->nservers * sizeof(struct in6_addr);
		h = (struct ipt6_dns_opt_hdr *)p;
		h->type = ND_OPT_RDNSS;
		h->len = len / 8;
		h->lifetime = htonl(dns->lifetime);
		memcpy(h + 1, dns->servers, len - sizeof(*h));
		p += len;
	}
	if (dns->ndomains) {
		/* Padded with zeros to 8 bytes (the buffer is zeroed). */
		len = ALIGN(sizeof(*h) + dns->wire_len, 8);
		h = (struct ipt6_dns_opt_hdr *)p;
		h->type = ND_OPT_DNSSL;
		h->len = len / 8;
		h->lifetime = htonl(dns->lifetime);
		memcpy(h + 1, dns->wire, dns->wire_len);
		p += len;
	}
	dns->opts_len = p - dns->opts;
}

/*
 * A dev-set request's dns nest (checked by its policy) as a new
 * configuration in *@out; NULL there when it names no server and no
 * domain (advertise none).
 */
int ipt6_dns_parse(const struct nlattr *nest, struct ipt6_dns **out,
		   struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	struct ipt6_dns *dns;
	int rem, err = 0;

	*out = NULL;
	dns = kzalloc(sizeof(*dns), GFP_KERNEL);
	if (!dns)
		return -ENOMEM;
	dns->lifetime = IPT6_DNS_DEFAULT_LIFETIME;
	nla_for_each_nested(attr, nest, rem) {
		switch (nla_type(attr)) {
		case IPT6_A_DNS_SERVER:
			err = ipt6_dns_add_server(dns, attr, extack);
			break;
		case IPT6_A_DNS_DOMAIN:
			err = ipt6_dns_add_domain(dns, attr, extack);
			break;
		case IPT6_A_DNS_LIFETIME:
			dns->lifetime = nla_get_u32(attr);
			break;
		}
		if (err) {
			kfree(dns);
			return err;
		}
	}
	if (!dns->nservers && !dns->ndomains) {
		kfree(dns);
		return 0;
	}
	ipt6_dns_build_opts(dns);
	*out = dns;
	return 0;
}

/* Make @dns (NULL: none) the device's; the old one goes after RCU. */
void ipt6_dns_set(struct ipt6_dev *ipt6, struct ipt6_dns *dns)
{
	struct ipt6_dns *old;

	spin_lock_bh(&ipt6->status_lock);
	old = rcu_replace_pointer(ipt6->dns, dns,
				  lockdep_is_held(&ipt6->status_lock));
	spin_unlock_bh(&ipt6->status_lock);
	if (old)
		kfree_rcu(old, rcu);
}

/* The dns nest of a dev-get reply, when the device advertises any. */
int ipt6_dns_put(struct sk_buff *skb, struct ipt6_dev *ipt6)
{
	const struct ipt6_dns *dns;
	struct nlattr *nest;
	const char *name;
	unsigned int i;
	int err = 0;

	rcu_read_lock();
	dns = rcu_dereference(ipt6->dns);
	if (!dns)
		goto out;
	nest = nla_nest_start(skb, IPT6_A_DEV_DNS);
	if (!nest)
		goto nospace;
	for (i = 0; i < dns->nservers; i++)
		if (nla_put_in6_addr(skb, IPT6_A_DNS_SERVER, &dns->servers[i]))
			goto cancel;
	for (name = dns->names; name < dns->names + dns->names_len;
	     name += strlen(name) + 1)
		if (nla_put_string(skb, IPT6_A_DNS_DOMAIN, name))
			goto cancel;
	if (nla_put_u32(skb, IPT6_A_DNS_LIFETIME, dns->lifetime))
		goto cancel;
	nla_nest_end(skb, nest);
	goto out;
cancel:
	nla_nest_cancel(skb, nest);
nospace:
	err = -EMSGSIZE;
out:
	rcu_read_unlock();
	return err;
}
