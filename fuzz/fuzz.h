/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the fuzz targets: each defines LLVMFuzzerTestOneInput(), run
 * by libFuzzer (make fuzz) or by replay.c over the corpus (make test).
 * A target checks what must hold of every answer and aborts otherwise,
 * so a wrong result counts as a finding, not only a memory error.
 */
#ifndef IPT6_FUZZ_H
#define IPT6_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A finding that is not a crash: say what and abort (libFuzzer saves it). */
#define FUZZ_ASSERT(cond)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: %s does not hold\n",	\
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

/* @data as a C string in a buffer of its own (the parsers take strings). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The string is NUL-terminated and shorter than its array. */
#define FUZZ_TERMINATED(arr) FUZZ_ASSERT(memchr(arr, '\0', sizeof(arr)))

#endif /* IPT6_FUZZ_H */
