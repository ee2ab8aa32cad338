// SPDX-License-Identifier: GPL-2.0
/*
 * The RDNSS and DNSSL options a client reads from a router advertisement
 * (tools/lib/ra_dns.c), as ND options and inside the route netlink
 * message the kernel passes them in: what comes out stays within its
 * bounds, every domain is one a server could have sent, and encoding the
 * domains again reads back the same.
 */
#include <linux/rtnetlink.h>

#include "fuzz.h"
#include "ra_dns.h"

static void check(const struct ipt6_ra_dns *ra)
{
	uint8_t opt[8 + IPT6_RA_DNS_DOMAINS_MAX * (IPT6_DNS_NAME_MAX + 2) + 8] = {
		IPT6_ND_OPT_DNSSL };
	struct ipt6_ra_dns back = { 0 };
	size_t off = 8, len;
	unsigned int i;

	FUZZ_ASSERT(ra->nservers <= IPT6_RA_DNS_SERVERS_MAX);
	FUZZ_ASSERT(ra->ndomains <= IPT6_RA_DNS_DOMAINS_MAX);
	for (i = 0; i < ra->ndomains; i++) {
		len = strnlen(ra->domains[i].name, sizeof(ra->domains[i].name));
		FUZZ_ASSERT(len <= IPT6_DNS_NAME_MAX);
		FUZZ_ASSERT(!ipt6_dns_domain_check(ra->domains[i].name, len,
						   NULL));
		off += ipt6_dns_name_encode(ra->domains[i].name, len,
					    opt + off);
	}
	/* One option holds at most 255 * 8 bytes: check what fits. */
	if (!ra->ndomains || off > 255 * 8 - 8)
		return;
	off = (off + 7) / 8 * 8;
	opt[1] = off / 8;
	ipt6_ra_dns_parse(opt, off, &back, NULL);
	FUZZ_ASSERT(back.ndomains == ra->ndomains && !back.malformed);
	for (i = 0; i < ra->ndomains; i++)
		FUZZ_ASSERT(!strcmp(back.domains[i].name, ra->domains[i].name));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipt6_ra_dns ra = { 0 };
	struct ipt6_err err = { 0 };
	uint8_t *copy = malloc(size + 1);

	if (!copy)
		abort();
	memcpy(copy, data, size);
	ipt6_ra_dns_parse(copy, size, &ra, &err);
	check(&ra);
	/* The same bytes as a netlink payload for device 1. */
	memset(&ra, 0, sizeof(ra));
	ipt6_nduseropt_parse(copy, size, 1, &ra, &err);
	check(&ra);
	free(copy);
	return 0;
}
