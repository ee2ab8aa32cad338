/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON writer to a FILE: compact (no spaces, no newlines inside),
 * the form `ipt6ctl show --json` has always printed, one line a document.
 * Strings are bytes: quotes, backslashes and control characters are
 * escaped, the rest (UTF-8 or not) passes as it came.
 *
 * Nesting mistakes (a value without its key, a key in an array, an end
 * that closes the wrong thing) are bugs in the caller: the writer names
 * the mistake on stderr and aborts.  Write errors stay on the FILE for
 * the caller's ferror().
 */
#ifndef IPT6_JSON_H
#define IPT6_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json {
	FILE *f;
	int depth;
	bool key;		/* a key is written, its value is due */
	bool done;		/* the top-level value is complete */
	struct {
		char kind;	/* '{' or '[' */
		bool any;	/* has a member: the next one needs a comma */
	} level[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f);
/* The document's one value is complete: end its line. */
void json_end(struct json *j);

void json_object(struct json *j);
void json_object_end(struct json *j);
void json_array(struct json *j);
void json_array_end(struct json *j);
/* An object member's name; its value is the next call. */
void json_key(struct json *j, const char *key);

void json_string(struct json *j, const char *s);
void json_u64(struct json *j, uint64_t v);
void json_i64(struct json *j, int64_t v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

/* A member in one call: most of an object's members are these. */
static inline void json_kv_string(struct json *j, const char *key,
				  const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

static inline void json_kv_u64(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_u64(j, v);
}

static inline void json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

#endif /* IPT6_JSON_H */
