// SPDX-License-Identifier: GPL-2.0
/*
 * ipt6ctl up / down: an interface from its configuration file.
 *
 * /etc/ipt6/NAME.conf holds one [Interface] section of Key = Value lines.
 * 'up' checks all of it first (every mistake reported as FILE:LINE), then
 * creates the iphttps device NAME, gives it its addresses, brings it up
 * and runs 'ipt6ctl client' or 'ipt6ctl server' in the foreground with
 * options built from the file: one code path whichever way a tunnel is
 * started.  When that ends (SIGTERM from 'down' or systemd) the device is
 * deleted.  A pid file, locked while 'up' runs, tells 'down' whom to stop;
 * the lock, not the pid alone, says whether that process still lives.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "cmds.h"
#include "config_parse.h"
#include "err.h"
#include "rtnl.h"
#include "up_nat64.h"
#include "url.h"

#define CONFIG_DIR	"/etc/ipt6"
#define RUN_DIR		"/run/ipt6"
#define LINK_KIND	"iphttps"
#define STOP_WAIT_MS	15000

static const char up_usage[] =
"Usage: ipt6ctl up NAME|FILE [--config-dir DIR] [--role client|server]\n"
"\n"
"Bring up the IP-HTTPS interface NAME as /etc/ipt6/NAME.conf describes\n"
"(see ipt6ctl(8), CONFIGURATION FILE): check the whole file, create the\n"
"iphttps device NAME, give it its Address= lines and MTU=, set it up, and\n"
"run 'ipt6ctl client' or 'ipt6ctl server' (by Role=) with the options\n"
"the file gives, in the foreground, until SIGINT or SIGTERM ('ipt6ctl\n"
"down NAME' sends it).  Then the device is deleted.  A FILE argument\n"
"(with a '/' or ending in .conf) is read instead, and NAME is its base\n"
"name without .conf.\n"
"\n"
"The file: one [Interface] section of 'Key = Value' lines; keys in any\n"
"case; lines starting with '#' or ';' are comments.  Every key but\n"
"Address at most once.\n"
"  Role = client|server      required\n"
"  URL = https://NAME[:PORT][/PATH]\n"
"                            the server's URL: required for a client;\n"
"                            a server shows it ('ipt6ctl show')\n"
"  CA = FILE, Cert = FILE, Key = FILE\n"
"                            --ca, --cert, --key; a relative FILE is in\n"
"                            the configuration file's folder; a server\n"
"                            needs Cert and Key\n"
"  TLS = 1.2|1.3, Cipher = aes128-gcm|aes256-gcm|chacha20-poly1305\n"
"  ConnectTo = HOST[:PORT], Timeout = SECONDS        (client only)\n"
"  Listen = ADDR[:PORT], Path = /PATH, RequireClientCert = yes|no,\n"
"  Prefix = IPV6-PREFIX/64                           (server only)\n"
"  Address = IPV6[/LEN][, ...]\n"
"                            addresses of the device; may repeat\n"
"  MTU = 1280..65535         the device's MTU (default 1280)\n"
"  Keepalive = SECONDS       --keepalive: probe a silent connection after\n"
"                            SECONDS, 0 never (client 30, server 60)\n"
"  MaxHandshakes = N, MaxHandshakesPerSource = N     (server only)\n"
"                            --max-handshakes (1 to 65536, default 64),\n"
"                            --max-handshakes-per-source (0 to 65536,\n"
"                            0: no limit, default 8)\n"
"  DNS = IPV6[, ...], IntranetDomains = DOMAIN[, ...], DNSLifetime = SECONDS\n"
"                            (server only) --dns, --search, --dns-lifetime:\n"
"                            DNS servers and domains the router\n"
"                            advertisements carry; clients send names\n"
"                            under the domains to those servers\n"
"  NAT64Prefix = IPV6-PREFIX/96                      (server only)\n"
"                            run Jool (NAT64) for this prefix of your own\n"
"                            IPv6 space (not 64:ff9b::/96), outside\n"
"                            Prefix: clients reach IPv4 address A.B.C.D\n"
"                            at PREFIX::A.B.C.D, from this host's IPv4\n"
"                            addresses\n"
"  DNS64Upstream = ADDR[, ...]                       (server only)\n"
"                            run a DNS64 resolver (unbound) on PREFIX::1,\n"
"                            advertised unless DNS is given: it asks these\n"
"                            intranet DNS servers (IPv4 or IPv6) about\n"
"                            names under IntranetDomains, makes up AAAA\n"
"                            records in NAT64Prefix for names with only A\n"
"                            records, and refuses other names; needs\n"
"                            Prefix, NAT64Prefix and IntranetDomains\n"
"  ApplyDNS = yes|no         (client only) no: --no-dns\n"
"All mistakes are reported at once as FILE:LINE: reason, and nothing is\n"
"created then.\n"
"\n"
"Options:\n"
"  --config-dir DIR   read DIR/NAME.conf (default /etc/ipt6)\n"
"  --role ROLE        refuse a file whose Role is not ROLE (the systemd\n"
"                     units ipt6-client@ and ipt6-server@ use it)\n"
"  -h, --help         this text\n"
"\n"
"Files: /run/ipt6/NAME.pid holds the process id while it runs (in a\n"
"network namespace other than the first: NAME.netns-INODE.pid); beside\n"
"it NAME.unbound.conf and NAME.unbound.log, the DNS64 resolver's\n"
"configuration and log (every query), and NAME.jool while the Jool\n"
"instance NAME is up.  Both stop with the tunnel; 'ipt6ctl down'\n"
"removes a Jool instance an 'up' that crashed left behind.\n"
"\n"
"Exit status: 0 when stopped by a signal, 1 on a configuration error or\n"
"a failure, 2 on bad usage.\n";

static const char down_usage[] =
"Usage: ipt6ctl down NAME|FILE\n"
"\n"
"Stop the 'ipt6ctl up NAME' running in this network namespace (SIGTERM,\n"
"then SIGKILL if it has not ended within 15 seconds), and delete the\n"
"iphttps device NAME if it is still there, such as after a crash.  A\n"
"device NAME of another kind is left alone.\n"
"\n"
"Exit status: 0 when something was stopped or deleted, 1 when NAME was\n"
"not up or could not be stopped, 2 on bad usage.\n";


static int msg_cmp(const void *a, const void *b)
{
	const struct conf_msg *x = a, *y = b;
	int lx = x->line ? x->line : INT_MAX, ly = y->line ? y->line : INT_MAX;

	if (lx != ly)
		return lx < ly ? -1 : 1;
	return x->seq - y->seq;		/* stable: keep the order found */
}

static void conf_print_errors(struct conf *cf)
{
	int i;

	qsort(cf->msgs, cf->nmsgs, sizeof(cf->msgs[0]), msg_cmp);
	for (i = 0; i < cf->nmsgs; i++) {
		if (cf->msgs[i].line)
			fprintf(stderr, "ipt6ctl: %s:%d: %s\n", cf->path,
				cf->msgs[i].line, cf->msgs[i].text);
		else
			fprintf(stderr, "ipt6ctl: %s: %s\n", cf->path,
				cf->msgs[i].text);
	}
	if (cf->errors > cf->nmsgs)
		fprintf(stderr, "ipt6ctl: %s: ... and %d more\n", cf->path,
			cf->errors - cf->nmsgs);
	fprintf(stderr, "ipt6ctl: %s: %d error%s, interface not brought up\n",
		cf->path, cf->errors, cf->errors > 1 ? "s" : "");
}

static int read_file(struct conf *cf)
{
	FILE *f = fopen(cf->path, "re");
	char *buf = NULL;
	size_t cap = 0;
	int line = 0;

	if (!f) {
		fprintf(stderr, "ipt6ctl: cannot read %s: %s\n", cf->path,
			strerror(errno));
		return -1;
	}
	while (getline(&buf, &cap, f) > 0)
		conf_line(cf, ++line, buf);
	if (ferror(f))
		conf_err(cf, 0, "read error: %s", strerror(errno));
	free(buf);
	fclose(f);
	return 0;
}

static int conf_load(struct conf *cf)
{
	const char *slash = strrchr(cf->path, '/');
	int ret;

	if (slash)
		snprintf(cf->dir, sizeof(cf->dir), "%.*s",
			 (int)(slash - cf->path), cf->path);
	else
		snprintf(cf->dir, sizeof(cf->dir), ".");
	ret = read_file(cf);
	if (!ret)
		ret = conf_check(cf);
	if (cf->errors)
		conf_print_errors(cf);
	return ret || cf->errors ? -1 : 0;
}

/*
 * The 'ipt6ctl client' or 'server' command line the file stands for;
 * @resolver (or "") is the DNS64 resolver's address, advertised unless
 * the file names DNS servers.
 */
static int conf_argv(struct conf *cf, char **argv, int max, char *resolver)
{
	int argc = 0;
	unsigned int k;
	const char *opt;

	argv[argc++] = cf->role == CLIENT ? "client" : "server";
	argv[argc++] = (char *)cf->name;
	if (cf->role == CLIENT)
		argv[argc++] = cf->val[KEY_URL];
	for (k = 0; k < NKEYS; k++) {
		opt = cf->role == CLIENT ? conf_keys[k].client_opt :
					   conf_keys[k].server_opt;
		if (!cf->val[k] || !opt || !*opt)
			continue;
		if (argc + 2 >= max)
			return -1;
		if (conf_keys[k].type == K_BOOL ||
		    conf_keys[k].type == K_BOOL_NO) {
			if (cf->yes[k] == (conf_keys[k].type == K_BOOL))
				argv[argc++] = (char *)opt;
			continue;
		}
		argv[argc++] = (char *)opt;
		argv[argc++] = cf->val[k];
	}
	if (resolver[0] && !cf->val[KEY_DNS]) {
		if (argc + 2 >= max)
			return -1;
		argv[argc++] = "--dns";
		argv[argc++] = resolver;
	}
	argv[argc] = NULL;
	return argc;
}

/*
 * The pid file.  Names are per network namespace: two namespaces may each
 * have an iph0.
 */
static int pid_path(const char *name, char *path, size_t len)
{
	struct stat self, init;

	if (stat("/proc/self/ns/net", &self) ||
	    stat("/proc/1/ns/net", &init) || self.st_ino == init.st_ino)
		snprintf(path, len, RUN_DIR "/%s.pid", name);
	else
		snprintf(path, len, RUN_DIR "/%s.netns-%lu.pid", name,
			 (unsigned long)self.st_ino);
	return 0;
}

/* Lock and fill the pid file: its fd (held until exit), or -1. */
static int pid_claim(const char *name, char *path, size_t len)
{
	struct stat a, b;
	char buf[32];
	int fd, n;

	pid_path(name, path, len);
	if (mkdir(RUN_DIR, 0755) && errno != EEXIST) {
		fprintf(stderr, "ipt6ctl: cannot create %s: %s\n", RUN_DIR,
			strerror(errno));
		return -1;
	}
	for (;;) {
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0) {
			fprintf(stderr, "ipt6ctl: cannot open %s: %s\n", path,
				strerror(errno));
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB)) {
			n = pread(fd, buf, sizeof(buf) - 1, 0);
			buf[n > 0 ? n : 0] = '\0';
			fprintf(stderr, "ipt6ctl: %s is up already (pid %ld, %s)\n",
				name, strtol(buf, NULL, 10), path);
			close(fd);
			return -1;
		}
		/* A 'down' may have removed a stale file we opened: retry. */
		if (!fstat(fd, &a) && !stat(path, &b) && a.st_ino == b.st_ino)
			break;
		close(fd);
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) || pwrite(fd, buf, n, 0) != n) {
		fprintf(stderr, "ipt6ctl: cannot write %s: %s\n", path,
			strerror(errno));
		unlink(path);
		close(fd);
		return -1;
	}
	return fd;
}

/* Other files of this 'up' are named like its pid file, without .pid. */
static void run_base(const char *pidfile, char *base, size_t len)
{
	size_t n = strlen(pidfile);

	if (n > 4 && !strcmp(pidfile + n - 4, ".pid"))
		n -= 4;
	snprintf(base, len, "%.*s", (int)n, pidfile);
}

static bool valid_ifname(const char *s)
{
	size_t len = strlen(s);

	return len && len < IF_NAMESIZE && strcmp(s, ".") && strcmp(s, "..") &&
	       !strpbrk(s, "/: \t\n");
}

/* NAME or FILE: the config file's path and the interface name. */
static int name_and_path(const char *arg, const char *dir, char *name,
			 char *path)
{
	const char *base = strrchr(arg, '/');
	size_t len = strlen(arg);
	bool is_file = base || (len > 5 && !strcmp(arg + len - 5, ".conf"));

	if (is_file) {
		base = base ? base + 1 : arg;
		len = strlen(base);
		if (len > 5 && !strcmp(base + len - 5, ".conf"))
			len -= 5;
		snprintf(name, IF_NAMESIZE + 1, "%.*s",
			 len > IF_NAMESIZE ? IF_NAMESIZE : (int)len, base);
		snprintf(path, PATH_MAX, "%s", arg);
	} else {
		snprintf(name, IF_NAMESIZE + 1, "%.*s", IF_NAMESIZE, arg);
		snprintf(path, PATH_MAX, "%s/%s.conf", dir, arg);
	}
	if (!valid_ifname(name) || (!is_file && strlen(arg) >= IF_NAMESIZE)) {
		fprintf(stderr, "ipt6ctl: '%s' is not a usable interface name (1 to %d characters, no '/', ':' or spaces)\n",
			is_file ? name : arg, IF_NAMESIZE - 1);
		return -1;
	}
	return 0;
}

/* Create, address and set up the device. */
static int dev_create(struct nl_sock *sk, struct conf *cf)
{
	int i, ifindex;

	if (ipt6_rtnl_link_add(sk, cf->name, LINK_KIND, cf->mtu))
		return -1;
	ifindex = (int)if_nametoindex(cf->name);
	if (!ifindex) {
		fprintf(stderr, "ipt6ctl: %s vanished after its creation\n",
			cf->name);
		return -1;
	}
	for (i = 0; i < cf->naddr; i++)
		if (ipt6_rtnl_addr_add(sk, ifindex, &cf->addr[i],
				       cf->plen[i], false))
			goto undo;
	if (!ipt6_rtnl_link_up(sk, ifindex))
		return 0;
undo:
	ipt6_rtnl_link_del(sk, cf->name);
	return -1;
}

static int run(struct conf *cf, char *resolver)
{
	char *argv[48];
	int argc = conf_argv(cf, argv, ARRAY_SIZE(argv), resolver);

	if (argc < 0) {
		fprintf(stderr, "ipt6ctl: too many options\n");
		return 1;
	}
	printf("%s: up as %s, pid %ld, from %s\n", cf->name,
	       cf->role == CLIENT ? "client" : "server", (long)getpid(),
	       cf->path);
	fflush(stdout);
	optind = 0;	/* a fresh getopt for the command */
	return cf->role == CLIENT ? cmd_client(argc, argv) :
				    cmd_server(argc, argv);
}

int cmd_up(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config-dir", required_argument, NULL, 'd' },
		{ "role", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char name[IF_NAMESIZE + 1], path[PATH_MAX], pidfile[PATH_MAX];
	const char *dir = CONFIG_DIR;
	struct conf cf = { 0 };
	struct up_nat64 nat64;
	char base[PATH_MAX];
	int want_role = 0;
	struct nl_sock *sk;
	int c, ret = 1, pidfd;

	while ((c = getopt_long(argc, argv, "d:r:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'r':
			if (!strcmp(optarg, "client")) {
				want_role = CLIENT;
			} else if (!strcmp(optarg, "server")) {
				want_role = SERVER;
			} else {
				fprintf(stderr, "ipt6ctl: --role must be client or server, not '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			fputs(up_usage, stdout);
			return 0;
		default:
			fputs(up_usage, stderr);
			return 2;
		}
	}
	if (argc - optind != 1) {
		fputs(up_usage, stderr);
		return 2;
	}
	if (name_and_path(argv[optind], dir, name, path))
		return 2;
	cf.path = path;
	cf.name = name;
	if (conf_load(&cf))
		goto out_conf;
	if (want_role && cf.role != want_role) {
		fprintf(stderr, "ipt6ctl: %s:%d: Role = %s, but --role %s was asked for (the ipt6-%s@ unit?)\n",
			path, cf.line[KEY_ROLE], cf.val[KEY_ROLE],
			want_role == CLIENT ? "client" : "server",
			want_role == CLIENT ? "client" : "server");
		goto out_conf;
	}
	pidfd = pid_claim(name, pidfile, sizeof(pidfile));
	if (pidfd < 0)
		goto out_conf;
	/* From here a signal must still lead to the clean-up below. */
	ipt6_catch_signals();
	sk = ipt6_rtnl_open();
	if (!sk)
		goto out_pid;
	if (dev_create(sk, &cf))
		goto out_sk;
	/* NAT64 and DNS64 beside a server (up_nat64.c), before it serves. */
	run_base(pidfile, base, sizeof(base));
	if (up_nat64_start(&cf, base, &nat64)) {
		ipt6_rtnl_link_del(sk, name);
		goto out_sk;
	}
	ret = ipt6_stop ? 0 : run(&cf, nat64.resolver);
	up_nat64_stop(&nat64, name);
	ipt6_rtnl_link_del(sk, name);
	printf("%s: down\n", name);
out_sk:
	ipt6_rtnl_close(sk);
out_pid:
	unlink(pidfile);
	close(pidfd);
out_conf:
	conf_free(&cf);
	return ret;
}

static void nap_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* Wait up to @ms for the lock on @fd: the holder has exited then. */
static bool wait_lock(int fd, long ms)
{
	for (; ms > 0; ms -= 100) {
		if (!flock(fd, LOCK_EX | LOCK_NB))
			return true;
		nap_ms(100);
	}
	return !flock(fd, LOCK_EX | LOCK_NB);
}

/* The pid in a locked pid file (its writer may not have written yet). */
static long read_pid(int fd)
{
	char buf[32];
	long pid = 0;
	int i, n;

	for (i = 0; i < 20 && pid <= 1; i++) {
		n = pread(fd, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		pid = strtol(buf, NULL, 10);
		if (pid <= 1)
			nap_ms(50);
	}
	return pid;
}

/* Stop the 'up' that holds @path: 1 stopped, 0 none there, -1 failed. */
static int stop_up(const char *name, const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	long pid;
	int ret = 1;

	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "ipt6ctl: cannot open %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (!flock(fd, LOCK_EX | LOCK_NB)) {
		/* Nobody holds it: left by a process that died. */
		ret = 0;
		goto out;
	}
	pid = read_pid(fd);
	if (pid <= 1) {
		fprintf(stderr, "ipt6ctl: %s holds no process id\n", path);
		ret = -1;
		goto out;
	}
	if (kill((pid_t)pid, SIGTERM) && errno != ESRCH) {
		fprintf(stderr, "ipt6ctl: cannot stop pid %ld: %s\n", pid,
			strerror(errno));
		ret = -1;
		goto out;
	}
	if (!wait_lock(fd, STOP_WAIT_MS)) {
		fprintf(stderr, "ipt6ctl: %s: pid %ld did not stop within %d s: killing it\n",
			name, pid, STOP_WAIT_MS / 1000);
		kill((pid_t)pid, SIGKILL);
		if (!wait_lock(fd, 5000)) {
			fprintf(stderr, "ipt6ctl: %s: pid %ld survives SIGKILL\n",
				name, pid);
			ret = -1;
			goto out;
		}
	}
	printf("%s: stopped 'ipt6ctl up' (pid %ld)\n", name, pid);
out:
	if (ret >= 0)
		unlink(path);
	close(fd);
	return ret;
}

/* Delete @name if it is an iphttps device: 1 deleted, 0 none, -1 failed. */
static int delete_dev(const char *name)
{
	struct nl_sock *sk = ipt6_rtnl_open();
	char kind[32];
	int ret, err;

	if (!sk)
		return -1;
	err = ipt6_rtnl_link_kind(sk, name, kind, sizeof(kind));
	if (err == -ENODEV) {
		ret = 0;
	} else if (err) {
		ret = -1;
	} else if (strcmp(kind, LINK_KIND)) {
		fprintf(stderr, "ipt6ctl: %s is a%s%s device, not %s: left alone\n",
			name, kind[0] ? " " : "n ", kind[0] ? kind : "ordinary",
			LINK_KIND);
		ret = -1;
	} else {
		ret = ipt6_rtnl_link_del(sk, name) ? -1 : 1;
		if (ret > 0)
			printf("%s: device deleted\n", name);
	}
	ipt6_rtnl_close(sk);
	return ret;
}

int cmd_down(int argc, char **argv)
{
	char name[IF_NAMESIZE + 1], path[PATH_MAX], pidfile[PATH_MAX];
	char base[PATH_MAX];
	int stopped, deleted, nat64;

	if (argc == 2 && (!strcmp(argv[1], "-h") ||
			  !strcmp(argv[1], "--help"))) {
		fputs(down_usage, stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fputs(down_usage, stderr);
		return 2;
	}
	if (name_and_path(argv[1], CONFIG_DIR, name, path))
		return 2;
	pid_path(name, pidfile, sizeof(pidfile));
	stopped = stop_up(name, pidfile);
	deleted = delete_dev(name);
	/* A Jool instance of an 'up' that crashed (an orderly one removed it). */
	run_base(pidfile, base, sizeof(base));
	nat64 = stopped < 0 ? 0 : up_nat64_cleanup(name, base);
	if (stopped < 0 || deleted < 0 || nat64 < 0)
		return 1;
	if (!stopped && !deleted && !nat64) {
		fprintf(stderr, "ipt6ctl: %s is not up (no running 'ipt6ctl up %s', no device)\n",
			name, name);
		return 1;
	}
	return 0;
}
