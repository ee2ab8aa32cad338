// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the JSON writer (tools/lib/json.c): escaping, nesting,
 * numbers, and that each misuse aborts with its reason.  No VM, no
 * network; make -C fuzz test.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "json.h"

static int failures, tests;

static void __attribute__((format(printf, 2, 3)))
expect(bool ok, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (ok)
		return;
	failures++;
	printf("FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Output into memory, so that it can be compared with what it must be. */
struct mem {
	char *s;
	size_t len;
	FILE *f;
};

static FILE *mem_open(struct mem *m)
{
	m->s = NULL;
	m->len = 0;
	m->f = open_memstream(&m->s, &m->len);
	if (!m->f) {
		perror("open_memstream");
		exit(2);
	}
	return m->f;
}

/* Close @m and compare what was written with @want; frees the text. */
static void mem_expect(struct mem *m, const char *want, const char *what)
{
	bool ok = !fclose(m->f) && m->s && !strcmp(m->s, want);

	expect(ok, "%s:\n  got  %s\n  want %s", what, m->s ? m->s : "(none)",
	       want);
	free(m->s);
}

static void test_escaping(void)
{
	struct mem m;
	struct json j;

	json_init(&j, mem_open(&m));
	json_string(&j, "a\"b\\c/\x01\x1f\n\t\x7f \xc3\xa9");
	json_end(&j);
	mem_expect(&m, "\"a\\\"b\\\\c/\\u0001\\u001f\\u000a\\u0009\x7f \xc3\xa9\"\n",
		   "quotes, backslashes, control characters; the rest as is");

	json_init(&j, mem_open(&m));
	json_object(&j);
	json_kv_string(&j, "k\"\\\x02", "");
	json_object_end(&j);
	json_end(&j);
	mem_expect(&m, "{\"k\\\"\\\\\\u0002\":\"\"}\n",
		   "keys are escaped too; an empty string");
}

static void test_nesting(void)
{
	struct mem m;
	struct json j;

	json_init(&j, mem_open(&m));
	json_object(&j);
	json_key(&j, "a");
	json_array(&j);
	json_u64(&j, 1);
	json_object(&j);
	json_key(&j, "b");
	json_array(&j);
	json_array_end(&j);
	json_object_end(&j);
	json_array(&j);
	json_array_end(&j);
	json_object(&j);
	json_object_end(&j);
	json_string(&j, "x");
	json_array_end(&j);
	json_key(&j, "c");
	json_object(&j);
	json_key(&j, "d");
	json_null(&j);
	json_kv_bool(&j, "e", true);
	json_kv_bool(&j, "f", false);
	json_object_end(&j);
	json_object_end(&j);
	json_end(&j);
	mem_expect(&m,
		   "{\"a\":[1,{\"b\":[]},[],{},\"x\"],\"c\":{\"d\":null,\"e\":true,\"f\":false}}\n",
		   "commas between members and elements, none after the last");

	json_init(&j, mem_open(&m));
	json_array(&j);
	json_array_end(&j);
	json_end(&j);
	mem_expect(&m, "[]\n", "an empty array is a document");
}

static void test_numbers(void)
{
	struct mem m;
	struct json j;

	json_init(&j, mem_open(&m));
	json_array(&j);
	json_u64(&j, 0);
	json_u64(&j, UINT64_MAX);
	json_i64(&j, INT64_MIN);
	json_i64(&j, -1);
	json_i64(&j, INT64_MAX);
	json_array_end(&j);
	json_end(&j);
	mem_expect(&m,
		   "[0,18446744073709551615,-9223372036854775808,-1,9223372036854775807]\n",
		   "u64 and i64 at their limits");

	json_init(&j, mem_open(&m));
	json_u64(&j, 7);
	json_end(&j);
	mem_expect(&m, "7\n", "a number alone is a document");
}

/* Misuses: each must abort, naming the mistake. */
static void bad_no_key(struct json *j)
{
	json_object(j);
	json_u64(j, 1);
}

static void bad_key_in_array(struct json *j)
{
	json_array(j);
	json_key(j, "a");
}

static void bad_key_at_top(struct json *j)
{
	json_key(j, "a");
}

static void bad_key_twice(struct json *j)
{
	json_object(j);
	json_key(j, "a");
	json_key(j, "b");
}

static void bad_end_kind(struct json *j)
{
	json_object(j);
	json_array_end(j);
}

static void bad_end_nothing(struct json *j)
{
	json_array_end(j);
}

static void bad_key_no_value(struct json *j)
{
	json_object(j);
	json_key(j, "a");
	json_object_end(j);
}

static void bad_two_documents(struct json *j)
{
	json_u64(j, 1);
	json_u64(j, 2);
}

static void bad_unfinished(struct json *j)
{
	json_object(j);
	json_end(j);
}

static void bad_too_deep(struct json *j)
{
	int i;

	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		json_array(j);
}

/* Run @fn in a child writing to /dev/null; it must abort saying @msg. */
static void expect_abort(void (*fn)(struct json *), const char *msg)
{
	char err[512];
	size_t len = 0;
	ssize_t n;
	int fds[2], status;
	pid_t pid;

	fflush(stdout);
	if (pipe(fds)) {
		perror("pipe");
		exit(2);
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (!pid) {
		struct json j;
		FILE *out = fopen("/dev/null", "w");

		if (!out || dup2(fds[1], 2) < 0)
			_exit(3);
		json_init(&j, out);
		fn(&j);
		_exit(0);
	}
	close(fds[1]);
	while (len < sizeof(err) - 1 &&
	       (n = read(fds[0], err + len, sizeof(err) - 1 - len)) > 0)
		len += n;
	err[len] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid) {
		perror("waitpid");
		exit(2);
	}
	expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT &&
	       strstr(err, msg),
	       "misuse '%s' aborts (status %#x, said '%s')", msg, status, err);
}

static void test_misuse(void)
{
	expect_abort(bad_no_key, "a value in an object without its key");
	expect_abort(bad_key_in_array, "a key outside an object");
	expect_abort(bad_key_at_top, "a key outside an object");
	expect_abort(bad_key_twice, "a key after a key without its value");
	expect_abort(bad_end_kind, "an array's end without its start");
	expect_abort(bad_end_nothing, "an array's end without its start");
	expect_abort(bad_key_no_value, "an object's end after a key");
	expect_abort(bad_two_documents, "a second value after the document's");
	expect_abort(bad_unfinished, "the document ends before its value");
	expect_abort(bad_too_deep, "nested deeper than JSON_MAX_DEPTH");
}

int main(void)
{
	test_escaping();
	test_nesting();
	test_numbers();
	test_misuse();
	printf("unit_json: %d of %d checks passed\n", tests - failures, tests);
	return failures ? 1 : 0;
}
