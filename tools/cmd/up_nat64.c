// SPDX-License-Identifier: GPL-2.0
/*
 * NAT64 and DNS64 beside an IP-HTTPS server, so that its IPv6-only
 * clients reach an intranet that is IPv4 only, by name (a DirectAccess
 * server's job).  'ipt6ctl up' starts them with the tunnel and stops
 * them with it:
 *
 *  - NAT64Prefix: Jool (kernel NAT64, packages jool-dkms and jool-tools)
 *    translates packets for PREFIX/96 + IPv4 address into IPv4 from the
 *    server's own IPv4 addresses.  One instance in netfilter mode, named
 *    after the interface; a marker file in /run/ipt6 says it is ours, so
 *    that 'down' after a crash removes it and nothing else.
 *  - DNS64Upstream: unbound, with its dns64 module, listens on PREFIX::1
 *    (the server's address on the tunnel, advertised as the clients' DNS
 *    server), forwards names under IntranetDomains to the intranet's DNS
 *    servers, and makes up AAAA records from the NAT64 prefix for names
 *    that have only A records.  Every other name is refused: clients ask
 *    their own DNS for them (split DNS), and the server is no open
 *    resolver.  Only the tunnel's prefix may ask.  It runs as our child,
 *    in the foreground, as the user 'unbound' once it has its sockets
 *    (the package makes that user), its log in /run/ipt6/NAME.unbound.log;
 *    it gets SIGTERM should we die.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <pwd.h>
#include <arpa/inet.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "cmds.h"
#include "io.h"
#include "up_nat64.h"

#define JOOL		"jool"
#define UNBOUND		"unbound"
#define UNBOUND_USER	"unbound"
#define READY_MS	20000	/* unbound's start, under emulation too */
#define STOP_MS		5000

/* Run @argv, its output to ours; its exit status, or -1 (said why). */
static int run(char *const argv[], bool quiet)
{
	int status, fd;
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "ipt6ctl: fork: %s\n", strerror(errno));
		return -1;
	}
	if (!pid) {
		if (quiet) {
			fd = open("/dev/null", O_WRONLY);
			if (fd >= 0) {
				dup2(fd, STDOUT_FILENO);
				dup2(fd, STDERR_FILENO);
			}
		}
		execvp(argv[0], argv);
		if (!quiet)
			fprintf(stderr, "ipt6ctl: cannot run %s: %s\n", argv[0],
				strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* BASE.WHAT; the base is short (/run/ipt6/NAME...): "" cannot happen. */
static void path_of(char *buf, size_t len, const char *base, const char *what)
{
	int n = snprintf(buf, len, "%s.%s", base, what);

	if (n < 0 || (size_t)n >= len)
		buf[0] = '\0';
}

bool up_nat64_resolver(const struct conf *cf, char *buf, size_t len)
{
	struct in6_addr a = cf->prefix;

	if (!cf->val[KEY_DNS64_UPSTREAM])
		return false;
	a.s6_addr[15] = 1;
	inet_ntop(AF_INET6, &a, buf, len);
	return true;
}

static int jool_remove(const char *name, bool quiet)
{
	char *argv[] = { JOOL, "instance", "remove", (char *)name, NULL };

	return run(argv, quiet) ? -1 : 0;
}

static int jool_start(const struct conf *cf, struct up_nat64 *u)
{
	char *modprobe[] = { "modprobe", "jool", NULL };
	char *add[] = { JOOL, "instance", "add", (char *)cf->name,
			"--netfilter", "--pool6", cf->val[KEY_NAT64_PREFIX],
			NULL };
	char marker[PATH_MAX];
	FILE *f;

	path_of(marker, sizeof(marker), u->base, "jool");
	/* Ours from an 'up' that crashed: take it away first. */
	if (!access(marker, F_OK))
		jool_remove(cf->name, true);
	if (run(modprobe, false)) {
		fprintf(stderr, "ipt6ctl: %s: NAT64Prefix needs Jool's kernel module for this kernel (packages jool-dkms and jool-tools; 'dkms status jool')\n",
			cf->name);
		return -1;
	}
	if (run(add, false)) {
		fprintf(stderr, "ipt6ctl: %s: cannot add the Jool NAT64 instance %s for %s (see jool's message above)\n",
			cf->name, cf->name, cf->val[KEY_NAT64_PREFIX]);
		return -1;
	}
	u->jool = true;
	f = fopen(marker, "we");
	if (!f || fprintf(f, "%s\n", cf->name) < 0 || fclose(f)) {
		fprintf(stderr, "ipt6ctl: cannot write %s: %s\n", marker,
			strerror(errno));
		return -1;
	}
	printf("%s: NAT64 %s (Jool instance %s) to this host's IPv4 addresses\n",
	       cf->name, cf->val[KEY_NAT64_PREFIX], cf->name);
	return 0;
}

/*
 * unbound opens its log after it drops to @user: make the file theirs.
 * The user, or "" (stay root) when the system has no such user.
 */
static const char *unbound_log(const char *log)
{
	struct passwd *pw = getpwnam(UNBOUND_USER);
	int fd;

	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0) {
		fprintf(stderr, "ipt6ctl: cannot create %s: %s\n", log,
			strerror(errno));
		return NULL;
	}
	if (pw && fchown(fd, pw->pw_uid, pw->pw_gid)) {
		fprintf(stderr, "ipt6ctl: cannot give %s to %s: %s\n", log,
			UNBOUND_USER, strerror(errno));
		pw = NULL;
	}
	close(fd);
	return pw ? UNBOUND_USER : "";
}

/* The resolver's configuration (see the top of this file). */
static int write_unbound_conf(const struct conf *cf, const struct up_nat64 *u,
			      const char *path)
{
	char prefix[INET6_ADDRSTRLEN], log[PATH_MAX];
	const char *d, *user;
	FILE *f;
	int i;

	inet_ntop(AF_INET6, &cf->prefix, prefix, sizeof(prefix));
	path_of(log, sizeof(log), u->base, "unbound.log");
	user = unbound_log(log);
	if (!user)
		return -1;
	f = fopen(path, "we");
	if (!f) {
		fprintf(stderr, "ipt6ctl: cannot write %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	fprintf(f, "# Written by 'ipt6ctl up %s' from %s; rewritten at each start.\n"
		"server:\n"
		"\tinterface: %s\n\tport: 53\n\tip-freebind: yes\n"
		"\tusername: \"%s\"\n\tchroot: \"\"\n\tdirectory: \"/\"\n"
		"\tpidfile: \"\"\n\tuse-syslog: no\n\tlogfile: \"%s\"\n"
		"\tverbosity: 1\n\tlog-queries: yes\n"
		"\tmodule-config: \"dns64 iterator\"\n\tdns64-prefix: %s\n"
		"\taccess-control: ::/0 refuse\n"
		"\taccess-control: %s/64 allow\n"
		"\taccess-control: ::1 allow\n"
		"\tdo-not-query-localhost: no\n"
		"\tlocal-zone: \".\" refuse\n",
		cf->name, cf->path, u->resolver, user, log,
		cf->val[KEY_NAT64_PREFIX], prefix);
	for (d = cf->dns.names; d < cf->dns.names + cf->dns.names_len;
	     d += strlen(d) + 1)
		fprintf(f, "\tlocal-zone: \"%s.\" transparent\n"
			"\tdomain-insecure: \"%s.\"\n", d, d);
	for (d = cf->dns.names; d < cf->dns.names + cf->dns.names_len;
	     d += strlen(d) + 1) {
		fprintf(f, "forward-zone:\n\tname: \"%s.\"\n", d);
		for (i = 0; i < cf->nupstreams; i++)
			fprintf(f, "\tforward-addr: %s\n", cf->upstreams[i]);
	}
	if (fclose(f)) {
		fprintf(stderr, "ipt6ctl: cannot write %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* Does @path hold @what (unbound's "start of service")? */
static bool file_has(const char *path, const char *what)
{
	char line[1024];
	bool found = false;
	FILE *f = fopen(path, "re");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !!strstr(line, what);
	fclose(f);
	return found;
}

static void print_tail(const char *path)
{
	char line[1024];
	FILE *f = fopen(path, "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		fprintf(stderr, "  %s", line);
	fclose(f);
}

/*
 * The resolver ending under a running server is worth a word: intranet
 * names stop resolving.  Only write() is safe in a handler.
 */
static void on_child(int sig)
{
	static const char msg[] =
		"ipt6ctl: the DNS64 resolver (unbound) exited: intranet names do not resolve until 'ipt6ctl up' starts again (see its log in /run/ipt6)\n";
	int saved = errno;

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		saved = errno;
	errno = saved;
}

static void watch_child(bool on)
{
	struct sigaction sa = { .sa_handler = on ? on_child : SIG_DFL,
				.sa_flags = SA_RESTART | SA_NOCLDSTOP };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
}

static pid_t spawn_unbound(const char *conf)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	/* Never outlive 'up', even after a SIGKILL. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	execlp(UNBOUND, UNBOUND, "-d", "-c", conf, (char *)NULL);
	fprintf(stderr, "ipt6ctl: cannot run %s: %s\n", UNBOUND,
		strerror(errno));
	_exit(127);
}

/* Start unbound and wait until it serves (its log says so) or dies. */
static int unbound_start(const struct conf *cf, struct up_nat64 *u)
{
	char conf[PATH_MAX], log[PATH_MAX];
	char *check[] = { "unbound-checkconf", conf, NULL };
	long long until = ipt6_now_ms() + READY_MS;
	int status;

	path_of(conf, sizeof(conf), u->base, "unbound.conf");
	path_of(log, sizeof(log), u->base, "unbound.log");
	/* It also makes the log anew, empty: "start of service" is this one. */
	if (write_unbound_conf(cf, u, conf))
		return -1;
	if (run(check, true)) {
		fprintf(stderr, "ipt6ctl: %s: the DNS64 resolver's configuration %s is refused (unbound-checkconf %s; is unbound installed?)\n",
			cf->name, conf, conf);
		return -1;
	}
	u->unbound = spawn_unbound(conf);
	if (u->unbound < 0) {
		u->unbound = 0;
		fprintf(stderr, "ipt6ctl: fork: %s\n", strerror(errno));
		return -1;
	}
	while (!file_has(log, "start of service")) {
		if (waitpid(u->unbound, &status, WNOHANG) == u->unbound) {
			u->unbound = 0;
			fprintf(stderr, "ipt6ctl: %s: the DNS64 resolver (unbound) ended at its start; its log %s:\n",
				cf->name, log);
			print_tail(log);
			return -1;
		}
		if (ipt6_now_ms() > until || ipt6_stop) {
			fprintf(stderr, "ipt6ctl: %s: the DNS64 resolver (unbound) did not start within %d s (log: %s)\n",
				cf->name, READY_MS / 1000, log);
			return -1;
		}
		usleep(100 * 1000);
	}
	watch_child(true);
	printf("%s: DNS64 resolver on [%s]:53 (unbound, log %s): %s via %s, AAAA made up from %s\n",
	       cf->name, u->resolver, log, cf->val[KEY_DOMAINS],
	       cf->val[KEY_DNS64_UPSTREAM], cf->val[KEY_NAT64_PREFIX]);
	return 0;
}

int up_nat64_start(const struct conf *cf, const char *base,
		   struct up_nat64 *u)
{
	memset(u, 0, sizeof(*u));
	snprintf(u->base, sizeof(u->base), "%s", base);
	if (cf->val[KEY_NAT64_PREFIX] && jool_start(cf, u))
		goto fail;
	if (up_nat64_resolver(cf, u->resolver, sizeof(u->resolver)) &&
	    unbound_start(cf, u))
		goto fail;
	return 0;
fail:
	up_nat64_stop(u, cf->name);
	return -1;
}

static void unbound_stop(struct up_nat64 *u, const char *name)
{
	long long until = ipt6_now_ms() + STOP_MS;
	int status;

	watch_child(false);
	kill(u->unbound, SIGTERM);
	while (waitpid(u->unbound, &status, WNOHANG) != u->unbound) {
		if (ipt6_now_ms() > until) {
			fprintf(stderr, "ipt6ctl: %s: the DNS64 resolver did not stop within %d s: killing it\n",
				name, STOP_MS / 1000);
			kill(u->unbound, SIGKILL);
			waitpid(u->unbound, &status, 0);
			break;
		}
		usleep(50 * 1000);
	}
	u->unbound = 0;
	printf("%s: DNS64 resolver stopped\n", name);
}

void up_nat64_stop(struct up_nat64 *u, const char *name)
{
	char marker[PATH_MAX];

	if (u->unbound > 0)
		unbound_stop(u, name);
	if (!u->jool)
		return;
	path_of(marker, sizeof(marker), u->base, "jool");
	if (!jool_remove(name, false)) {
		unlink(marker);
		printf("%s: NAT64 (Jool instance %s) removed\n", name, name);
	}
	u->jool = false;
}

int up_nat64_cleanup(const char *name, const char *base)
{
	char marker[PATH_MAX];

	path_of(marker, sizeof(marker), base, "jool");
	if (access(marker, F_OK))
		return 0;
	if (jool_remove(name, true)) {
		/* Gone already (module unloaded): then only the marker is. */
		unlink(marker);
		return 0;
	}
	unlink(marker);
	printf("%s: NAT64 (Jool instance %s) removed\n", name, name);
	return 1;
}
