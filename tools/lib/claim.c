// SPDX-License-Identifier: GPL-2.0
/*
 * Device claims by abstract unix sockets.  The holder listens and never
 * accepts: a checker's connect() lands in the backlog, long enough to
 * read the holder's process id with SO_PEERCRED, and is then dropped.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "claim.h"

static socklen_t claim_addr(int ifindex, struct sockaddr_un *sun)
{
	int n;

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	/* sun_path[0] stays 0: an abstract name, no file. */
	n = snprintf(sun->sun_path + 1, sizeof(sun->sun_path) - 1,
		     "ipt6ctl-client/%d", ifindex);
	return offsetof(struct sockaddr_un, sun_path) + 1 + n;
}

int ipt6_claim_holder(int ifindex, pid_t *pid)
{
	struct sockaddr_un sun;
	socklen_t len = claim_addr(ifindex, &sun);
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	int fd, ret;

	*pid = 0;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (!connect(fd, (struct sockaddr *)&sun, len)) {
		if (!getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen))
			*pid = cred.pid;
		ret = 1;
	} else {
		/* A full backlog (EAGAIN) still means someone listens. */
		ret = errno == ECONNREFUSED || errno == ENOENT ? 0 :
		      errno == EAGAIN ? 1 : -1;
	}
	close(fd);
	return ret;
}

int ipt6_claim_dev(int ifindex, const char *ifname, struct ipt6_err *err)
{
	struct sockaddr_un sun;
	socklen_t len = claim_addr(ifindex, &sun);
	pid_t pid;
	int fd, e;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return ipt6_err_set(err, IPT6_E_SYSTEM,
				    "cannot create a socket: %s",
				    strerror(errno));
	if (!bind(fd, (struct sockaddr *)&sun, len) && !listen(fd, 4))
		return fd;
	e = errno;
	close(fd);
	if (e != EADDRINUSE)
		return ipt6_err_set(err, IPT6_E_SYSTEM,
				    "%s: cannot claim the device: %s", ifname,
				    strerror(e));
	if (ipt6_claim_holder(ifindex, &pid) == 1 && pid)
		return ipt6_err_set(err, IPT6_E_INTERFACE,
				    "%s is already supervised by another ipt6ctl client (process %d): stop it first, or use another device",
				    ifname, (int)pid);
	return ipt6_err_set(err, IPT6_E_INTERFACE,
			    "%s is already supervised by another ipt6ctl client: stop it first, or use another device",
			    ifname);
}
