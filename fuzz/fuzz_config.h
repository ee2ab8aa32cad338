/* SPDX-License-Identifier: GPL-2.0 */
/* A configuration file's text through tools/lib/config_parse.c. */
#ifndef IPT6_FUZZ_CONFIG_H
#define IPT6_FUZZ_CONFIG_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_parse.h"

/*
 * Feed @text to @cf (zeroed) line by line, each line with its '\n' as
 * getline() returns it, with @dir as the file's folder; then check it.
 */
static inline int fuzz_conf_parse(struct conf *cf, const char *dir,
				  const char *text, size_t len)
{
	size_t pos = 0;
	int line = 0;

	cf->path = "fuzz.conf";
	snprintf(cf->dir, sizeof(cf->dir), "%s", dir);
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - text - pos) + 1 : len - pos;
		char *s = malloc(n + 1);

		if (!s)
			abort();
		memcpy(s, text + pos, n);
		s[n] = '\0';
		conf_line(cf, ++line, s);
		free(s);
		pos += n;
	}
	return conf_check(cf);
}

#endif /* IPT6_FUZZ_CONFIG_H */
