// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4-embedded IPv6 addresses (RFC 6052 section 2.2).  The IPv4 address
 * sits right after the prefix; bits 64-71 (the "u" octet, kept zero for
 * compatibility with RFC 4291 interface identifiers) are skipped, so for
 * /40../56 the IPv4 address wraps around them.  The bits after the IPv4
 * address (the suffix) are zero when we make an address and ignored when
 * we read one, as section 2.2 says.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "nat64.h"
#include "parse.h"

#define U_OCTET	8	/* byte index of bits 64-71 */

const struct in6_addr ipt6_nat64_wkp = {
	.s6_addr = { 0x00, 0x64, 0xff, 0x9b },
};

/* IPv4 ranges that are not global (RFC 5735 section 3 and successors). */
static const struct {
	uint8_t net[4];
	int len;
	const char *what;
} nonglobal[] = {
	{ { 0, 0, 0, 0 }, 8, "'this network' (RFC 1122)" },
	{ { 10, 0, 0, 0 }, 8, "private (RFC 1918)" },
	{ { 100, 64, 0, 0 }, 10, "shared address space for CGN (RFC 6598)" },
	{ { 127, 0, 0, 0 }, 8, "loopback (RFC 1122)" },
	{ { 169, 254, 0, 0 }, 16, "link-local (RFC 3927)" },
	{ { 172, 16, 0, 0 }, 12, "private (RFC 1918)" },
	{ { 192, 0, 0, 0 }, 24, "IETF protocol assignments (RFC 6890)" },
	{ { 192, 0, 2, 0 }, 24, "documentation, TEST-NET-1 (RFC 5737)" },
	{ { 192, 168, 0, 0 }, 16, "private (RFC 1918)" },
	{ { 198, 18, 0, 0 }, 15, "benchmarking (RFC 2544)" },
	{ { 198, 51, 100, 0 }, 24, "documentation, TEST-NET-2 (RFC 5737)" },
	{ { 203, 0, 113, 0 }, 24, "documentation, TEST-NET-3 (RFC 5737)" },
	{ { 224, 0, 0, 0 }, 4, "multicast (RFC 5771)" },
	{ { 240, 0, 0, 0 }, 4, "reserved, or broadcast (RFC 1112, RFC 919)" },
};

static bool v4_in(const uint8_t a[4], const uint8_t net[4], int len)
{
	uint32_t x = (uint32_t)a[0] << 24 | a[1] << 16 | a[2] << 8 | a[3];
	uint32_t n = (uint32_t)net[0] << 24 | net[1] << 16 | net[2] << 8 |
		     net[3];
	uint32_t mask = len ? ~0u << (32 - len) : 0;

	return (x & mask) == n;
}

bool ipt6_nat64_is_wkp(const struct in6_addr *pfx, int len)
{
	return len == IPT6_NAT64_WKP_LEN &&
	       !memcmp(pfx, &ipt6_nat64_wkp, sizeof(*pfx));
}

/* Refuse a non-global IPv4 address under the Well-Known Prefix. */
static int check_global(const struct in6_addr *pfx, int len,
			const struct in_addr *v4, struct ipt6_err *err)
{
	const uint8_t *a = (const uint8_t *)&v4->s_addr;
	char s[INET_ADDRSTRLEN];
	size_t i;

	if (!ipt6_nat64_is_wkp(pfx, len))
		return 0;
	for (i = 0; i < ARRAY_SIZE(nonglobal); i++) {
		if (!v4_in(a, nonglobal[i].net, nonglobal[i].len))
			continue;
		inet_ntop(AF_INET, v4, s, sizeof(s));
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "%s is not a global IPv4 address: %u.%u.%u.%u/%d is %s; the Well-Known Prefix 64:ff9b::/96 must not carry it (RFC 6052 section 3.1): use a Network-Specific Prefix",
				    s, nonglobal[i].net[0], nonglobal[i].net[1],
				    nonglobal[i].net[2], nonglobal[i].net[3],
				    nonglobal[i].len, nonglobal[i].what);
	}
	return 0;
}

int ipt6_nat64_prefix(const char *text, struct in6_addr *pfx, int *len,
		      struct ipt6_err *err)
{
	int ret = ipt6_parse_prefix(text, pfx, len, IPT6_PREFIX_RFC6052, err);

	if (ret)
		return ret;
	if (*len == 96 && pfx->s6_addr[U_OCTET])
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "%s: bits 64-71 (the u-octet) of a /96 prefix must be zero (RFC 6052 section 2.2)",
				    text),
		       IPT6_PARSE_REFUSED;
	return 0;
}

/* The bytes of an address under a /@len that hold the IPv4 address. */
static void v4_bytes(int len, int idx[4])
{
	int pos = len / 8, i;

	for (i = 0; i < 4; i++) {
		if (pos == U_OCTET)
			pos++;
		idx[i] = pos++;
	}
}

int ipt6_nat64_embed(const struct in6_addr *pfx, int len,
		     const struct in_addr *v4, struct in6_addr *out,
		     struct ipt6_err *err)
{
	const uint8_t *b = (const uint8_t *)&v4->s_addr;
	int idx[4], i;

	if (check_global(pfx, len, v4, err))
		return -1;
	*out = *pfx;	/* the suffix and the u-octet are zero in it */
	v4_bytes(len, idx);
	for (i = 0; i < 4; i++)
		out->s6_addr[idx[i]] = b[i];
	return 0;
}

int ipt6_nat64_extract(const struct in6_addr *pfx, int len,
		       const struct in6_addr *a, struct in_addr *v4,
		       struct ipt6_err *err)
{
	char s[INET6_ADDRSTRLEN], p[INET6_ADDRSTRLEN];
	uint8_t *b = (uint8_t *)&v4->s_addr;
	int idx[4], i;

	inet_ntop(AF_INET6, a, s, sizeof(s));
	if (memcmp(a, pfx, len / 8)) {
		inet_ntop(AF_INET6, pfx, p, sizeof(p));
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "%s is not under %s/%d", s, p, len);
	}
	if (a->s6_addr[U_OCTET])
		return ipt6_err_set(err, IPT6_E_CONFIG,
				    "%s: bits 64-71 (the u-octet) are 0x%02x, not zero: not an IPv4-embedded address (RFC 6052 section 2.2)",
				    s, a->s6_addr[U_OCTET]);
	v4_bytes(len, idx);
	for (i = 0; i < 4; i++)
		b[i] = a->s6_addr[idx[i]];
	return check_global(pfx, len, v4, err);
}

void ipt6_nat64_format(const struct in6_addr *pfx, int len,
		       const struct in6_addr *a, char *buf, size_t size)
{
	const uint8_t *b = a->s6_addr;

	if (ipt6_nat64_is_wkp(pfx, len))
		snprintf(buf, size, "64:ff9b::%u.%u.%u.%u", b[12], b[13],
			 b[14], b[15]);
	else
		inet_ntop(AF_INET6, a, buf, size);
}
