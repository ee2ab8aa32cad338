/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the user types, parsed the same way by every command and by the
 * configuration files: IPv6 prefixes, whole numbers with their range, and
 * whether a certificate comes with its key.  Each parser leaves the words
 * around its message (which option, which line) to its caller.
 */
#ifndef IPT6_PARSE_H
#define IPT6_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#include "err.h"

/*
 * A whole decimal number from @min to @max: digits only (no sign, no
 * blanks, no "0x"), leading zeros allowed, nothing after them, no
 * overflow.  0 with *@out set, or -1 (*@out untouched).
 */
int ipt6_parse_u64(const char *text, uint64_t min, uint64_t max,
		   uint64_t *out);
int ipt6_parse_uint(const char *text, unsigned int min, unsigned int max,
		    unsigned int *out);

/* The most seconds ipt6_parse_secs_ms() takes: their ms fit in an int. */
#define IPT6_SECS_MS_MAX	(INT32_MAX / 1000)

/*
 * Seconds from @min to @max (at most IPT6_SECS_MS_MAX), as milliseconds:
 * 0 with *@ms set, or -1.
 */
int ipt6_parse_secs_ms(const char *text, unsigned int min, unsigned int max,
		       int *ms);

/*
 * What ipt6_parse_prefix() accepts.  The lengths: IPT6_PREFIX_64 alone,
 * or IPT6_PREFIX_RFC6052's, or (neither) any from 1 to 128.
 */
enum {
	IPT6_PREFIX_64		= 1 << 0,	/* SLAAC, ISATAP, IP-HTTPS */
	IPT6_PREFIX_RFC6052	= 1 << 1,	/* 32, 40, 48, 56, 64 or 96 */
	/* No /LEN means /64 with IPT6_PREFIX_64, else /128. */
	IPT6_PREFIX_BARE	= 1 << 2,
	/* Global or unique local: not multicast, link-local, ::/LEN. */
	IPT6_PREFIX_ROUTABLE	= 1 << 3,
	/* An address in its prefix (ip addr add): host bits are its point. */
	IPT6_PREFIX_ADDRESS	= 1 << 4,
};

/* ipt6_parse_prefix()'s failures: not a prefix, or a prefix refused. */
#define IPT6_PARSE_SYNTAX	(-1)
#define IPT6_PARSE_REFUSED	(-2)

/*
 * IPV6/LEN into @addr and @len, refused unless @flags allow it; host bits
 * set are refused (unless IPT6_PREFIX_ADDRESS), the message naming the
 * prefix that was probably meant.  0, or IPT6_PARSE_SYNTAX or _REFUSED
 * with @err's message starting with @text, maybe quoted ("2001:db8::1/64
 * has bits set beyond its length /64 (host bits); did you mean
 * 2001:db8::/64?"), for the caller to put after the option or key it
 * came from.
 */
int ipt6_parse_prefix(const char *text, struct in6_addr *addr, int *len,
		      unsigned int flags, struct ipt6_err *err);

/*
 * A certificate and its private key, given (non-NULL) or not: a server
 * needs both, a client both or neither.  0, or -1 with @err saying so in
 * the words of the options (@config false: "--cert FILE") or of the
 * configuration file (true: "Cert = FILE").
 */
int ipt6_check_cert_key(const char *cert, const char *key, bool server,
			bool config, struct ipt6_err *err);

#endif /* IPT6_PARSE_H */
