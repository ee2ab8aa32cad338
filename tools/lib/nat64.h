/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv4-embedded IPv6 addresses (RFC 6052), both ways, for 'ipt6ctl
 * nat64' and its unit tests.  Messages name the addresses in their
 * canonical form, for the caller to print after "nat64: ".
 */
#ifndef IPT6_NAT64_H
#define IPT6_NAT64_H

#include <stdbool.h>
#include <stddef.h>
#include <netinet/in.h>

#include "err.h"

/* The Well-Known Prefix 64:ff9b::/96 (RFC 6052 section 2.1). */
extern const struct in6_addr ipt6_nat64_wkp;
#define IPT6_NAT64_WKP_LEN	96

/*
 * PREFIX/LEN with LEN one of RFC 6052's (32, 40, 48, 56, 64, 96), no bit
 * set beyond LEN, and for a /96 bits 64-71 zero.  Returns what
 * ipt6_parse_prefix() does: 0, IPT6_PARSE_SYNTAX or IPT6_PARSE_REFUSED.
 */
int ipt6_nat64_prefix(const char *text, struct in6_addr *pfx, int *len,
		      struct ipt6_err *err);

bool ipt6_nat64_is_wkp(const struct in6_addr *pfx, int len);

/*
 * The IPv6 address embedding @v4 under @pfx/@len (a prefix as above):
 * the IPv4 address right after the prefix, bits 64-71 (the u-octet)
 * skipped, the suffix zero.  -1 when the Well-Known Prefix must not carry
 * @v4 (it is not global, RFC 6052 section 3.1).
 */
int ipt6_nat64_embed(const struct in6_addr *pfx, int len,
		     const struct in_addr *v4, struct in6_addr *out,
		     struct ipt6_err *err);

/*
 * The IPv4 address @a embeds under @pfx/@len, its suffix ignored.  -1
 * when @a is not under the prefix, its u-octet is not zero, or it would
 * carry a non-global IPv4 address under the Well-Known Prefix.
 */
int ipt6_nat64_extract(const struct in6_addr *pfx, int len,
		       const struct in6_addr *a, struct in_addr *v4,
		       struct ipt6_err *err);

/*
 * @a, made under @pfx/@len, as text: in mixed notation under the
 * Well-Known Prefix (64:ff9b::192.0.2.1, RFC 5952 section 5), else in
 * the canonical form.  @size: at least INET6_ADDRSTRLEN.
 */
void ipt6_nat64_format(const struct in6_addr *pfx, int len,
		       const struct in6_addr *a, char *buf, size_t size);

#endif /* IPT6_NAT64_H */
