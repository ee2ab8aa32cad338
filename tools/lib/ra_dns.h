/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DNS in router advertisements (RFC 8106).  A server's side: the DNS
 * servers and search domains it advertises, checked by the kernel's
 * rules (kmod/dns.c) before they are sent, so that 'ipt6ctl server' and
 * configuration files name the bad value.  A client's side: the
 * Recursive DNS Server (RDNSS) and DNS Search List (DNSSL) options of a
 * received advertisement, as the kernel passes them on
 * (RTM_NEWNDUSEROPT), read with their lifetimes.
 */
#ifndef IPT6_RA_DNS_H
#define IPT6_RA_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/ipt6.h>

#include "err.h"

#define IPT6_ND_OPT_RDNSS	25
#define IPT6_ND_OPT_DNSSL	31
/* The longest domain name, in characters, without a final dot. */
#define IPT6_DNS_NAME_MAX	253
/* RFC 8106: a lifetime of all ones means for ever. */
#define IPT6_DNS_LIFETIME_INFINITE	0xffffffffu

/* What a server advertises: dev-set's dns nest. */
struct ipt6_dns_conf {
	struct in6_addr servers[IPT6_DNS_MAX_SERVERS];
	unsigned int nservers;
	/* Each NUL-terminated, without a final dot. */
	char names[IPT6_DNS_MAX_NAMES_LEN];
	unsigned int names_len;
	unsigned int ndomains;
	unsigned int wire_len;	/* bytes of the names in the DNS encoding */
	uint32_t lifetime;	/* 0: the kernel's default */
};

/*
 * @name (@len characters; a final dot is taken off) as a search domain:
 * labels of letters, digits, '-' and '_', 1 to 63 characters, no hyphen
 * at either end, at most 253 characters.  0, or -1 with @err saying why.
 */
int ipt6_dns_domain_check(const char *name, size_t len, struct ipt6_err *err);

/*
 * A checked name of @len characters (no final dot) in the DNS wire
 * encoding at @out, which has room for @len + 2 bytes; that many bytes.
 */
size_t ipt6_dns_name_encode(const char *name, size_t len, uint8_t *out);

/*
 * Add the servers (IPv6 addresses) or search domains of a list
 * separated by commas and blanks to @c, each checked as the kernel
 * would, duplicates and more than the kernel takes refused.  0, or -1
 * with @err naming the value.
 */
int ipt6_dns_add_servers(struct ipt6_dns_conf *c, const char *list,
			 struct ipt6_err *err);
int ipt6_dns_add_domains(struct ipt6_dns_conf *c, const char *list,
			 struct ipt6_err *err);

/* What one advertisement said about DNS. */
#define IPT6_RA_DNS_SERVERS_MAX	16
#define IPT6_RA_DNS_DOMAINS_MAX	32

struct ipt6_ra_server {
	struct in6_addr addr;
	uint32_t lifetime;	/* seconds; IPT6_DNS_LIFETIME_INFINITE */
};

struct ipt6_ra_domain {
	char name[IPT6_DNS_NAME_MAX + 1];
	uint32_t lifetime;
};

struct ipt6_ra_dns {
	struct ipt6_ra_server servers[IPT6_RA_DNS_SERVERS_MAX];
	unsigned int nservers;
	struct ipt6_ra_domain domains[IPT6_RA_DNS_DOMAINS_MAX];
	unsigned int ndomains;
	unsigned int malformed;	/* options or names left out as malformed */
	unsigned int dropped;	/* servers or domains past the maxima */
};

/*
 * Add the RDNSS and DNSSL options among the ND options at @opts (@len
 * bytes: type, length in units of 8 bytes, ...) to @out, which the
 * caller zeroes first.  Other options are skipped; a malformed RDNSS or
 * DNSSL option, or a name in it that ipt6_dns_domain_check() refuses, is
 * left out and counted (RFC 8106 5.3: such an option is discarded).  A
 * zero length ends the walk (RFC 4861 4.6: the packet is invalid).
 * Returns the count of options read, or -1 when the walk was cut short,
 * with @err saying why.
 */
int ipt6_ra_dns_parse(const uint8_t *opts, size_t len, struct ipt6_ra_dns *out,
		      struct ipt6_err *err);

/*
 * A route netlink RTM_NEWNDUSEROPT message's payload (after its
 * nlmsghdr, @len bytes): the options of a router advertisement received
 * on @ifindex, added to @out as by ipt6_ra_dns_parse().  1 if it was
 * one, 0 if it was for something else (another device, not an RA), -1
 * if malformed.
 */
int ipt6_nduseropt_parse(const void *payload, size_t len, int ifindex,
			 struct ipt6_ra_dns *out, struct ipt6_err *err);

#endif /* IPT6_RA_DNS_H */
