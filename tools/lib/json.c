// SPDX-License-Identifier: GPL-2.0
/* The JSON writer of json.h: a stack of open containers, and escaping. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* A caller's bug: say which, and stop before the output lies. */
static void __attribute__((noreturn)) json_bug(const char *what)
{
	fprintf(stderr, "ipt6ctl: JSON writer misused: %s\n", what);
	abort();
}

void json_init(struct json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
}

void json_end(struct json *j)
{
	if (!j->done)
		json_bug("the document ends before its value is complete");
	putc('\n', j->f);
}

/* Quotes, backslashes and control characters escaped (RFC 8259 7). */
static void put_string(FILE *f, const char *s)
{
	unsigned char c;

	putc('"', f);
	for (; (c = *s); s++) {
		if (c == '"' || c == '\\') {
			putc('\\', f);
			putc(c, f);
		} else if (c < 0x20) {
			fprintf(f, "\\u%04x", c);
		} else {
			putc(c, f);
		}
	}
	putc('"', f);
}

/* Before a value: is one allowed here, and does it need a comma. */
static void before_value(struct json *j)
{
	if (j->done)
		json_bug("a second value after the document's");
	if (!j->depth)
		return;
	if (j->level[j->depth - 1].kind == '{') {
		if (!j->key)
			json_bug("a value in an object without its key");
		j->key = false;
		return;
	}
	if (j->level[j->depth - 1].any)
		putc(',', j->f);
	j->level[j->depth - 1].any = true;
}

/* A value at the top is the whole document. */
static void after_value(struct json *j)
{
	if (!j->depth)
		j->done = true;
}

static void open_container(struct json *j, char kind)
{
	before_value(j);
	if (j->depth == JSON_MAX_DEPTH)
		json_bug("nested deeper than JSON_MAX_DEPTH");
	j->level[j->depth].kind = kind;
	j->level[j->depth].any = false;
	j->depth++;
	putc(kind, j->f);
}

static void close_container(struct json *j, char kind)
{
	if (!j->depth || j->level[j->depth - 1].kind != kind)
		json_bug(kind == '{' ? "an object's end without its start" :
			 "an array's end without its start");
	if (j->key)
		json_bug("an object's end after a key without its value");
	j->depth--;
	putc(kind == '{' ? '}' : ']', j->f);
	after_value(j);
}

void json_object(struct json *j)
{
	open_container(j, '{');
}

void json_object_end(struct json *j)
{
	close_container(j, '{');
}

void json_array(struct json *j)
{
	open_container(j, '[');
}

void json_array_end(struct json *j)
{
	close_container(j, '[');
}

void json_key(struct json *j, const char *key)
{
	if (!j->depth || j->level[j->depth - 1].kind != '{')
		json_bug("a key outside an object");
	if (j->key)
		json_bug("a key after a key without its value");
	if (j->level[j->depth - 1].any)
		putc(',', j->f);
	j->level[j->depth - 1].any = true;
	put_string(j->f, key);
	putc(':', j->f);
	j->key = true;
}

void json_string(struct json *j, const char *s)
{
	before_value(j);
	put_string(j->f, s);
	after_value(j);
}

void json_u64(struct json *j, uint64_t v)
{
	before_value(j);
	fprintf(j->f, "%" PRIu64, v);
	after_value(j);
}

void json_i64(struct json *j, int64_t v)
{
	before_value(j);
	fprintf(j->f, "%" PRId64, v);
	after_value(j);
}

void json_bool(struct json *j, bool v)
{
	before_value(j);
	fputs(v ? "true" : "false", j->f);
	after_value(j);
}

void json_null(struct json *j)
{
	before_value(j);
	fputs("null", j->f);
	after_value(j);
}
