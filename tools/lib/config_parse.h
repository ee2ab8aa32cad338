/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parser of ipt6ctl's configuration files (see config.c), apart from
 * the file and from what 'up' does with the result, so that a fuzzer and
 * unit tests can feed it text.
 */
#ifndef IPT6_CONFIG_PARSE_H
#define IPT6_CONFIG_PARSE_H

#include <limits.h>
#include <stdbool.h>
#include <netinet/in.h>

#include "ra_dns.h"

#define MAX_ADDRS	16
/* DNS64Upstream: the intranet's DNS servers the DNS64 resolver asks. */
#define MAX_UPSTREAMS	8

enum { CLIENT = 1, SERVER = 2, BOTH = CLIENT | SERVER };

enum {
	KEY_ROLE, KEY_URL, KEY_CA, KEY_CERT, KEY_KEY, KEY_TLS, KEY_CIPHER,
	KEY_CONNECT_TO, KEY_TIMEOUT, KEY_LISTEN, KEY_PATH, KEY_REQUIRE_CERT,
	KEY_PREFIX, KEY_ADDRESS, KEY_MTU, KEY_KEEPALIVE, KEY_MAX_HANDSHAKES,
	KEY_MAX_PER_SOURCE, KEY_DNS, KEY_DOMAINS, KEY_DNS_LIFETIME,
	KEY_NAT64_PREFIX, KEY_DNS64_UPSTREAM, KEY_APPLY_DNS, NKEYS
};

enum key_type {
	K_ROLE,		/* client or server */
	K_STRING,	/* passed on as it is */
	K_FILE,		/* a readable file, relative to the config's folder */
	K_BOOL,		/* yes/no: the option alone when yes */
	K_URL,
	K_TLS,
	K_CIPHER,
	K_HOSTPORT,
	K_PATH,
	K_SECONDS,
	K_SECONDS_OR_OFF,	/* 0 too */
	K_PREFIX64,
	K_ADDRESS,	/* assigned by 'up' itself, may repeat */
	K_MTU,		/* given at device creation */
	K_COUNT,	/* 1 to 65536 */
	K_COUNT_OR_OFF,	/* 0 too */
	K_DNS_SERVERS,	/* IPv6 addresses, advertised (RDNSS) */
	K_DOMAINS,	/* domain names, advertised (DNSSL) */
	K_DNS_LIFETIME,	/* 4 to 86400 seconds */
	K_NAT64_PREFIX,	/* a /96 for Jool and DNS64 */
	K_UPSTREAMS,	/* IPv4 or IPv6 addresses, for DNS64 */
	K_BOOL_NO,	/* yes/no: the option alone when no */
};

struct key_def {
	const char *name;
	unsigned int roles;
	enum key_type type;
	const char *client_opt;
	const char *server_opt;
};

/*
 * The keys, each with the 'ipt6ctl client' and 'ipt6ctl server' option it
 * becomes ("" for the client's URL argument, NULL: not passed on).
 */
extern const struct key_def conf_keys[NKEYS];

#define MAX_MSGS	32

struct conf_msg {
	int line;		/* 0: about the whole file */
	int seq;
	char text[400];
};

struct conf {
	const char *path;
	char dir[PATH_MAX];
	const char *name;
	int role;
	char *val[NKEYS];		/* NULL: not given */
	int line[NKEYS];
	struct in6_addr addr[MAX_ADDRS];
	int plen[MAX_ADDRS];
	int naddr;
	unsigned int mtu;
	bool yes[NKEYS];		/* K_BOOL and K_BOOL_NO values */
	struct in6_addr prefix;		/* Prefix, when given and valid */
	/* DNS and IntranetDomains, as the kernel will take them. */
	struct ipt6_dns_conf dns;
	struct in6_addr nat64_prefix;	/* NAT64Prefix, a /96 */
	/* DNS64Upstream, as given: each an IPv4 or IPv6 address. */
	char upstreams[MAX_UPSTREAMS][INET6_ADDRSTRLEN];
	int nupstreams;
	int errors;
	int nmsgs;
	struct conf_msg msgs[MAX_MSGS];
	int section_line;		/* of [Interface], 0: none yet */
};

/* Record an error about @line (0: the whole file). */
void conf_err(struct conf *cf, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * One line of the file, numbered @line from 1, as read (with its '\n');
 * @s is modified.  Mistakes are recorded in @cf.
 */
void conf_line(struct conf *cf, int line, char *s);

/*
 * After the last line: check every value and what Role requires.  -1
 * when the file has no [Interface] section (nothing else is checked
 * then); whether all is well is cf->errors == 0.
 */
int conf_check(struct conf *cf);

/* The values kept in @cf. */
void conf_free(struct conf *cf);

#endif /* IPT6_CONFIG_PARSE_H */
