// SPDX-License-Identifier: GPL-2.0
/*
 * ISATAP without netlink: role names and the addresses RFC 5214 derives
 * from an IPv4 address.  Apart from isatap_nl.c so that show's renderings
 * and their unit tests link them without libnl.
 */
#include <string.h>
#include <arpa/inet.h>

#include "err.h"
#include "isatap.h"

static const char *const isatap_role_names[] = { "host", "router" };

const char *isatap_role_name(uint32_t role)
{
	return role < ARRAY_SIZE(isatap_role_names) ?
	       isatap_role_names[role] : "unknown";
}

int isatap_role_parse(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(isatap_role_names); i++)
		if (!strcmp(name, isatap_role_names[i]))
			return i;
	return -1;
}

/*
 * The kernel's rule (addrconf's __ipv6_isatap_ifid): the "u" bit is set
 * (::200:5efe:a.b.c.d) unless the IPv4 address is private, shared or
 * special; RFC 5214 section 6.1.
 */
static bool v4_is_global(uint32_t a)
{
	return !((a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
		 (a >> 16) == 0xa9fe || (a >> 20) == 0xac1 ||
		 (a >> 8) == 0xc00002 || (a >> 8) == 0xc05863 ||
		 (a >> 16) == 0xc0a8 || (a >> 17) == (0xc612 >> 1) ||
		 (a >> 28) == 0xe || a == 0xffffffff);
}

void isatap_link_local(struct in_addr v4, struct in6_addr *ll)
{
	memset(ll, 0, sizeof(*ll));
	ll->s6_addr[0] = 0xfe;
	ll->s6_addr[1] = 0x80;
	ll->s6_addr[8] = v4_is_global(ntohl(v4.s_addr)) ? 0x02 : 0x00;
	ll->s6_addr[10] = 0x5e;
	ll->s6_addr[11] = 0xfe;
	memcpy(&ll->s6_addr[12], &v4, 4);
}

bool isatap_embedded_v4(const struct in6_addr *a, struct in_addr *v4)
{
	if ((a->s6_addr[8] | 0x02) != 0x02 || a->s6_addr[9] ||
	    a->s6_addr[10] != 0x5e || a->s6_addr[11] != 0xfe)
		return false;
	memcpy(v4, &a->s6_addr[12], 4);
	return true;
}
