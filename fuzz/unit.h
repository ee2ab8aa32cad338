/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit tests: unit.c has main() and runs each test_*() declared
 * here; the unit_*.c files hold them by subject.  No VM, no network.
 */
#ifndef IPT6_UNIT_H
#define IPT6_UNIT_H

#include <stdbool.h>
#include <stddef.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Count a check; print the message (a failure) unless @ok. */
void expect(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The seed corpus/@target/@name (a NUL after its @len bytes; free it),
 * for known answers about the inputs the fuzzers start from.  A missing
 * file is a failure (a renamed seed must not leave a test checking
 * nothing), and NULL.
 */
char *unit_corpus(const char *target, const char *name, size_t *len);

void test_numbers(void);	/* unit_parse.c */
void test_prefixes(void);
void test_cert_key(void);
void test_nat64(void);		/* unit_nat64.c */
void test_backoff(void);	/* unit_backoff.c */
void test_url(void);		/* unit_heads.c */
void test_heads(void);
void test_config(void);		/* unit_config.c */
void test_json(void);		/* unit_json.c: the writer, show's renderings */
void test_ra_dns(void);		/* unit_dns.c: RDNSS and DNSSL (RFC 8106) */

#endif /* IPT6_UNIT_H */
