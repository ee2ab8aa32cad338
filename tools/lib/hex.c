// SPDX-License-Identifier: GPL-2.0
#include "hex.h"

int ipt6_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t ipt6_hex_decode(const char *hex, unsigned char *out, size_t size)
{
	size_t n;
	int hi, lo;

	for (n = 0; n < size; n++) {
		hi = ipt6_hexval(hex[2 * n]);
		lo = hi < 0 ? -1 : ipt6_hexval(hex[2 * n + 1]);
		if (lo < 0)
			break;
		out[n] = hi << 4 | lo;
	}
	return n;
}
