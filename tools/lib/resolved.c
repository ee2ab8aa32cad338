// SPDX-License-Identifier: GPL-2.0
/*
 * systemd-resolved's per-link settings over D-Bus with sd-bus: the
 * methods of org.freedesktop.resolve1.Manager that take an interface
 * index (SetLinkDNS, SetLinkDomains, SetLinkDefaultRoute, SetLinkLLMNR,
 * RevertLink).  resolved lets callers with CAP_NET_ADMIN make them
 * without asking polkit.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <systemd/sd-bus.h>

#include "resolved.h"

#define RESOLVE1	"org.freedesktop.resolve1"
#define RESOLVE1_PATH	"/org/freedesktop/resolve1"
#define RESOLVE1_MGR	"org.freedesktop.resolve1.Manager"
#define CALL_USEC	(5 * 1000 * 1000ULL)

/* The answers that mean resolved is not there (or cannot be started). */
static bool absent_error(const sd_bus_error *e)
{
	return sd_bus_error_has_name(e, SD_BUS_ERROR_SERVICE_UNKNOWN) ||
	       sd_bus_error_has_name(e, SD_BUS_ERROR_NAME_HAS_NO_OWNER) ||
	       (e->name && !strncmp(e->name, "org.freedesktop.DBus.Error.Spawn",
				    strlen("org.freedesktop.DBus.Error.Spawn")));
}

static int open_bus(sd_bus **bus, char *why, size_t len)
{
	int r = sd_bus_open_system(bus);

	if (r >= 0)
		return IPT6_RESOLVED_OK;
	snprintf(why, len, "no D-Bus system bus (%s)", strerror(-r));
	return IPT6_RESOLVED_ABSENT;
}

/* Send @m (consumed) and wait for its answer. */
static int call(sd_bus *bus, sd_bus_message *m, const char *what, char *why,
		size_t len)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	int r, ret = IPT6_RESOLVED_OK;

	r = sd_bus_call(bus, m, CALL_USEC, &e, NULL);
	if (r < 0) {
		ret = absent_error(&e) ? IPT6_RESOLVED_ABSENT :
					 IPT6_RESOLVED_FAILED;
		snprintf(why, len, "%s: %s", what,
			 e.message ? e.message : strerror(-r));
	}
	sd_bus_error_free(&e);
	sd_bus_message_unref(m);
	return ret;
}

static int new_call(sd_bus *bus, sd_bus_message **m, const char *method,
		    int ifindex)
{
	int r;

	r = sd_bus_message_new_method_call(bus, m, RESOLVE1, RESOLVE1_PATH,
					   RESOLVE1_MGR, method);
	if (r >= 0)
		r = sd_bus_message_append(*m, "i", ifindex);
	return r;
}

static int set_dns(sd_bus *bus, int ifindex, const struct in6_addr *servers,
		   unsigned int n, char *why, size_t len)
{
	sd_bus_message *m = NULL;
	unsigned int i;
	int r;

	r = new_call(bus, &m, "SetLinkDNS", ifindex);
	if (r >= 0)
		r = sd_bus_message_open_container(m, 'a', "(iay)");
	for (i = 0; r >= 0 && i < n; i++) {
		r = sd_bus_message_open_container(m, 'r', "iay");
		if (r >= 0)
			r = sd_bus_message_append(m, "i", AF_INET6);
		if (r >= 0)
			r = sd_bus_message_append_array(m, 'y', &servers[i],
							sizeof(servers[i]));
		if (r >= 0)
			r = sd_bus_message_close_container(m);
	}
	if (r >= 0)
		r = sd_bus_message_close_container(m);
	if (r < 0) {
		sd_bus_message_unref(m);
		snprintf(why, len, "SetLinkDNS: %s", strerror(-r));
		return IPT6_RESOLVED_FAILED;
	}
	return call(bus, m, "SetLinkDNS", why, len);
}

/* Each domain routing-only: "~corp.example", not a search suffix. */
static int set_domains(sd_bus *bus, int ifindex, const char *const *domains,
		       unsigned int n, char *why, size_t len)
{
	sd_bus_message *m = NULL;
	unsigned int i;
	int r;

	r = new_call(bus, &m, "SetLinkDomains", ifindex);
	if (r >= 0)
		r = sd_bus_message_open_container(m, 'a', "(sb)");
	for (i = 0; r >= 0 && i < n; i++)
		r = sd_bus_message_append(m, "(sb)", domains[i], 1);
	if (r >= 0)
		r = sd_bus_message_close_container(m);
	if (r < 0) {
		sd_bus_message_unref(m);
		snprintf(why, len, "SetLinkDomains: %s", strerror(-r));
		return IPT6_RESOLVED_FAILED;
	}
	return call(bus, m, "SetLinkDomains", why, len);
}

static int set_simple(sd_bus *bus, int ifindex, const char *method,
		      const char *type, const void *value, char *why,
		      size_t len)
{
	sd_bus_message *m = NULL;
	int r;

	r = new_call(bus, &m, method, ifindex);
	if (r >= 0 && type[0] == 'b')
		r = sd_bus_message_append(m, "b", *(const int *)value);
	else if (r >= 0 && type[0] == 's')
		r = sd_bus_message_append(m, "s", (const char *)value);
	if (r < 0) {
		sd_bus_message_unref(m);
		snprintf(why, len, "%s: %s", method, strerror(-r));
		return IPT6_RESOLVED_FAILED;
	}
	return call(bus, m, method, why, len);
}

int ipt6_resolved_set_link(int ifindex, const struct in6_addr *servers,
			   unsigned int nservers, const char *const *domains,
			   unsigned int ndomains, char *why, size_t len)
{
	int default_route = !ndomains;
	sd_bus *bus = NULL;
	int ret;

	ret = open_bus(&bus, why, len);
	if (ret)
		return ret;
	ret = set_dns(bus, ifindex, servers, nservers, why, len);
	if (!ret)
		ret = set_domains(bus, ifindex, domains, ndomains, why, len);
	if (!ret)
		ret = set_simple(bus, ifindex, "SetLinkDefaultRoute", "b",
				 &default_route, why, len);
	if (!ret)
		ret = set_simple(bus, ifindex, "SetLinkLLMNR", "s", "no", why,
				 len);
	sd_bus_flush_close_unref(bus);
	return ret;
}

int ipt6_resolved_revert_link(int ifindex, char *why, size_t len)
{
	sd_bus_message *m = NULL;
	sd_bus *bus = NULL;
	int ret, r;

	ret = open_bus(&bus, why, len);
	if (ret)
		return ret;
	r = new_call(bus, &m, "RevertLink", ifindex);
	if (r < 0) {
		sd_bus_message_unref(m);
		snprintf(why, len, "RevertLink: %s", strerror(-r));
		ret = IPT6_RESOLVED_FAILED;
	} else {
		ret = call(bus, m, "RevertLink", why, len);
	}
	sd_bus_flush_close_unref(bus);
	return ret;
}
