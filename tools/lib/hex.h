/* SPDX-License-Identifier: GPL-2.0 */
/* Hexadecimal digits, as TLS key logs, session ids and URL escapes use them. */
#ifndef IPT6_HEX_H
#define IPT6_HEX_H

#include <stddef.h>

/* The value of hex digit @c (either case), or -1. */
int ipt6_hexval(int c);

/*
 * Decode pairs of hex digits from @hex into @out, at most @size bytes,
 * stopping at the first character that is not part of a pair.  Returns
 * the number of bytes decoded.
 */
size_t ipt6_hex_decode(const char *hex, unsigned char *out, size_t size);

#endif /* IPT6_HEX_H */
