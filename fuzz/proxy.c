// SPDX-License-Identifier: GPL-2.0
/*
 * The proxy settings a user or the environment gives: the proxy URL with
 * percent-encoded credentials, --proxy-user, and no_proxy matching.  The
 * input is "URL\nUSER:PASSWORD\nNO_PROXY\nHOST".
 */
#include "fuzz.h"
#include "proxy.h"

/* The next line of @s (cut in place), or "" at the end. */
static char *next_line(char **s)
{
	char *line = *s, *nl = strchr(line, '\n');

	if (nl) {
		*nl = '\0';
		*s = nl + 1;
	} else {
		*s = line + strlen(line);
	}
	return line;
}

static void check_proxy(const struct ipt6_proxy *p)
{
	FUZZ_TERMINATED(p->host);
	FUZZ_TERMINATED(p->port);
	FUZZ_TERMINATED(p->auth);
	FUZZ_TERMINATED(p->user);
	FUZZ_TERMINATED(p->name);
	FUZZ_ASSERT(p->host[0] && p->port[0]);
	/* The user name is what precedes the first ':' of the credentials. */
	FUZZ_ASSERT(!p->auth[0] ||
		    (!strncmp(p->auth, p->user, strlen(p->user)) &&
		     p->auth[strlen(p->user)] == ':'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *rest = s, *url, *user, *list, *host;
	struct ipt6_err err = { 0 };
	struct ipt6_proxy p;

	url = next_line(&rest);
	user = next_line(&rest);
	list = next_line(&rest);
	host = next_line(&rest);
	if (!ipt6_proxy_parse(url, "https_proxy", &p, &err)) {
		check_proxy(&p);
		if (!ipt6_proxy_set_user(&p, user, &err))
			check_proxy(&p);
	} else {
		FUZZ_ASSERT(err.code == IPT6_E_CONFIG);
	}
	FUZZ_TERMINATED(err.msg);
	/*
	 * An empty list matches nothing; "*" matches every host a URL can
	 * hold (not "", "[]" or "..", which ipt6_url_parse() refuses).
	 */
	if (ipt6_no_proxy_match(list, host))
		FUZZ_ASSERT(*list);
	if (*host && !strchr(".[", host[0]) && strlen(host) < 255)
		FUZZ_ASSERT(ipt6_no_proxy_match("*", host));
	ipt6_no_proxy_match(host, host);
	free(s);
	return 0;
}
