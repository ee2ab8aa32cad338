// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the JSON writer (tools/lib/json.c): escaping, nesting,
 * numbers, and that each misuse aborts with its reason.  Then `ipt6ctl
 * show`'s two renderings (tools/cmd/show_render.c) of a hand-built
 * state, against the text show printed before it had a model.  No VM,
 * no network; part of fuzz/unit (make -C fuzz test).
 */
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/wait.h>

#include "json.h"
#include "unit.h"
#include "show.h"

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

static void test_json_numbers(void)
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

/*
 * The state of three IP-HTTPS devices (a client with an error whose
 * message needs escaping, a server with a prefix, server counters and
 * two peers, a server with values out of range) and two ISATAP ones.
 */
static struct ipt6_peer_state peers0[1], peers1[2];
static struct ipt6_dev_state devs[3];
static struct ipt6_isatap_state isatap[2];

static void build_traffic(struct ipt6_stats *s)
{
	s->v[IPT6_A_STATS_RX_PACKETS] = 12;
	s->v[IPT6_A_STATS_RX_BYTES] = 1536;
	s->v[IPT6_A_STATS_TX_PACKETS] = 7;
	s->v[IPT6_A_STATS_TX_BYTES] = 5ULL << 30;
}

static void build_client(struct ipt6_dev_state *d)
{
	struct ipt6_peer_state *p = &peers0[0];

	*d = (struct ipt6_dev_state){
		.ifindex = 5, .ifname = "iph0", .kind = "iphttps",
		.role = IPT6_ROLE_CLIENT, .status = 2, .last_error = 10,
		.last_error_msg = "name \"vpn.test\" \\ not\tin\ncert\x01",
		.url = "https://vpn.test/IPHTTPS", .npeers = 1,
		.peers = peers0, .nlisted = 1,
	};
	build_traffic(&d->stats);
	d->stats.v[IPT6_A_STATS_RX_DROP_FRAMING] = 1;
	d->stats.v[IPT6_A_STATS_TX_DROP_ERROR] = 3;
	d->stats.v[IPT6_A_STATS_RX_DROP_OVERSIZE] = 2;
	*p = (struct ipt6_peer_state){
		.id = 1, .remote = "192.0.2.1:443", .connected_seconds = 3725,
		.addrs = { "2001:db8::1", "fe80::1" }, .naddrs = 2,
	};
	build_traffic(&p->stats);
	p->stats.v[IPT6_A_STATS_RX_DROP_NOMEM] = 1;
}

static void build_server(struct ipt6_dev_state *d)
{
	uint64_t *v = d->stats.v;
	int i;

	*d = (struct ipt6_dev_state){
		.ifindex = 6, .ifname = "iph1", .kind = "iphttps",
		.role = IPT6_ROLE_SERVER, .npeers = 2,
		.prefix = "2001:db8:1::/64",
		.prefix_flags = IPT6_PREFIX_FLAGS_ONLINK |
				IPT6_PREFIX_FLAGS_AUTONOMOUS,
		.has_server_stats = true, .peers = peers1, .nlisted = 2,
	};
	v[IPT6_A_STATS_RX_ROUTER_SOLICITS] = 4;
	v[IPT6_A_STATS_RX_DAD_DEFENDED] = 1;
	v[IPT6_A_STATS_RX_DROP_FILTERED] = 9;
	v[IPT6_A_STATS_TX_DROP_FILTERED] = 8;
	v[IPT6_A_STATS_PEERS_DETACHED] = UINT64_MAX;
	for (i = 1; i <= 5; i++)
		d->server_stats[IPT6_A_SERVER_STATS_HANDSHAKES_FAILED + i - 1] = i;
	peers1[0] = (struct ipt6_peer_state){
		.id = 3, .remote = "[2001:db8::9]:50000",
		.connected_seconds = 59,
	};
	peers1[1] = (struct ipt6_peer_state){
		.id = 4, .remote = "?", .connected_seconds = 61,
		.addrs = { "2001:db8:1::5" }, .naddrs = 1,
	};
	peers1[1].stats.v[IPT6_A_STATS_RX_BYTES] = 1023;
	peers1[1].stats.v[IPT6_A_STATS_TX_BYTES] = 1024;
}

static void build_isatap(void)
{
	struct isatap_info *d = &isatap[0].info;

	*d = (struct isatap_info){ .ifindex = 8, .ifname = "isa0",
				   .role = 1, .ttl = 64, .prl_count = 2 };
	inet_pton(AF_INET, "203.0.113.5", &d->local);
	d->stats.v[IPT6_A_ISATAP_STATS_RX_PACKETS] = 10;
	d->stats.v[IPT6_A_ISATAP_STATS_RX_BYTES] = 1000;
	d->stats.v[IPT6_A_ISATAP_STATS_TX_PACKETS] = 20;
	d->stats.v[IPT6_A_ISATAP_STATS_TX_BYTES] = 2000;
	d->stats.v[IPT6_A_ISATAP_STATS_RX_DROP_RA] = 2;
	d->stats.v[IPT6_A_ISATAP_STATS_TX_DROP_TOOBIG] = 3;
	inet_pton(AF_INET, "192.0.2.254", &isatap[0].routers[0]);
	inet_pton(AF_INET, "198.51.100.1", &isatap[0].routers[1]);
	isatap[0].nrouters = 2;

	d = &isatap[1].info;
	*d = (struct isatap_info){ .ifindex = 9, .ifname = "isa1" };
	inet_pton(AF_INET, "10.0.0.2", &d->local);
}

static void build_state(struct ipt6_state *st)
{
	build_client(&devs[0]);
	build_server(&devs[1]);
	devs[2] = (struct ipt6_dev_state){
		.ifindex = 7, .ifname = "iph2", .kind = "iphttps",
		.role = IPT6_ROLE_SERVER, .status = 9, .last_error = 99,
		.last_error_msg = "odd",
	};
	build_isatap();
	*st = (struct ipt6_state){ .devs = devs, .ndevs = 3,
				   .isatap = isatap, .nisatap = 2 };
}

/* What show printed before the model, for the state of build_state(). */
static const char want_human[] =
	"Interface iph0 (iphttps)\n"
	"  Role            : client\n"
	"  URL             : https://vpn.test/IPHTTPS\n"
	"  Interface status: active\n"
	"  Last error      : certificate name mismatch (0x103, ipt6 code 10): name \"vpn.test\" \\ not\tin\n"
	"cert\001\n"
	"  Traffic         : received 12 packets (1.50 KiB), sent 7 packets (5.00 GiB)\n"
	"  Drops           : 1 bad framing, 3 lost with connection, 2 larger than our MTU\n"
	"  Peers           : 1\n"
	"  peer 1: 192.0.2.1:443, connected 1h 2m\n"
	"    Addresses       : 2001:db8::1, fe80::1\n"
	"    Traffic         : received 12 packets (1.50 KiB), sent 7 packets (5.00 GiB)\n"
	"    Drops           : 1 rx out of memory\n"
	"Interface iph1 (iphttps)\n"
	"  Role            : server\n"
	"  URL             : (none)\n"
	"  Interface status: idle\n"
	"  Last error      : none\n"
	"  Prefix          : 2001:db8:1::/64 (on-link, autoconfiguration)\n"
	"  Neighbor disc.  : 4 router solicitations answered, 1 duplicate addresses defended\n"
	"  Handshakes      : 1 failed, refused: 2 over per-source limit, 3 busy; timed out: 4 before first byte, 5 in handshake\n"
	"  Traffic         : received 0 packets (0 B), sent 0 packets (0 B)\n"
	"  Drops           : 9 filtered from clients (multicast, link-local), 8 multicast not sent to clients\n"
	"  Peers           : 2\n"
	"  peer 3: [2001:db8::9]:50000, connected 59s\n"
	"    Traffic         : received 0 packets (0 B), sent 0 packets (0 B)\n"
	"    Drops           : none\n"
	"  peer 4: ?, connected 1m 1s\n"
	"    Addresses       : 2001:db8:1::5\n"
	"    Traffic         : received 0 packets (1023 B), sent 0 packets (1.00 KiB)\n"
	"    Drops           : none\n"
	"Interface iph2 (iphttps)\n"
	"  Role            : server\n"
	"  URL             : (none)\n"
	"  Interface status: unknown\n"
	"  Last error      : unknown error (ipt6 code 99): odd\n"
	"  Prefix          : none (no router advertisements)\n"
	"  Neighbor disc.  : 0 router solicitations answered, 0 duplicate addresses defended\n"
	"  Traffic         : received 0 packets (0 B), sent 0 packets (0 B)\n"
	"  Drops           : none\n"
	"  Peers           : 0\n"
	"Interface isa0 (isatap)\n"
	"  Role            : router\n"
	"  Local IPv4      : 203.0.113.5 (link-local fe80::200:5efe:cb00:7105)\n"
	"  Outer TTL       : 64\n"
	"  Routers (PRL)   : 192.0.2.254, 198.51.100.1\n"
	"  Traffic         : received 10 packets, sent 20 packets\n"
	"  Drops           : 2 RA not from a listed router, 3 too big for the path\n"
	"Interface isa1 (isatap)\n"
	"  Role            : host\n"
	"  Local IPv4      : 10.0.0.2 (link-local fe80::5efe:a00:2)\n"
	"  Outer TTL       : inherit\n"
	"  Routers (PRL)   : none\n"
	"  Traffic         : received 0 packets, sent 0 packets\n"
	"  Drops           : none\n";

static const char want_json[] =
	"{\"devices\":[{\"ifindex\":5,\"ifname\":\"iph0\",\"kind\":\"iphttps\","
	"\"role\":\"client\",\"url\":\"https://vpn.test/IPHTTPS\",\"status\":\"active\","
	"\"prefix\":\"\",\"prefix_onlink\":false,\"prefix_autonomous\":false,"
	"\"last_error\":{\"code\":10,\"name\":\"certificate name mismatch\","
	"\"message\":\"name \\\"vpn.test\\\" \\\\ not\\u0009in\\u000acert\\u0001\","
	"\"windows_code\":\"0x103\"},\"stats\":{\"rx_packets\":12,\"rx_bytes\":1536,"
	"\"tx_packets\":7,\"tx_bytes\":5368709120,\"rx_drop_framing\":1,"
	"\"rx_drop_nomem\":0,\"rx_drop_tls\":0,\"rx_drop_spoof\":0,\"tx_drop_nopeer\":0,"
	"\"tx_drop_queue\":0,\"tx_drop_error\":3,\"peers_detached\":0,\"rx_drop_filtered\":0,"
	"\"tx_drop_filtered\":0,\"rx_router_solicits\":0,\"rx_dad_defended\":0,"
	"\"rx_drop_oversize\":2},\"peers\":[{\"id\":1,\"remote\":\"192.0.2.1:443\","
	"\"connected_seconds\":3725,\"addresses\":[\"2001:db8::1\",\"fe80::1\"],"
	"\"stats\":{\"rx_packets\":12,\"rx_bytes\":1536,\"tx_packets\":7,\"tx_bytes\":5368709120,"
	"\"rx_drop_framing\":0,\"rx_drop_nomem\":1,\"rx_drop_tls\":0,\"rx_drop_spoof\":0,"
	"\"tx_drop_nopeer\":0,\"tx_drop_queue\":0,\"tx_drop_error\":0,\"peers_detached\":0,"
	"\"rx_drop_filtered\":0,\"tx_drop_filtered\":0,\"rx_router_solicits\":0,"
	"\"rx_dad_defended\":0,\"rx_drop_oversize\":0}}]},{\"ifindex\":6,"
	"\"ifname\":\"iph1\",\"kind\":\"iphttps\",\"role\":\"server\",\"url\":\"\","
	"\"status\":\"idle\",\"prefix\":\"2001:db8:1::/64\",\"prefix_onlink\":true,"
	"\"prefix_autonomous\":true,\"last_error\":{\"code\":0,\"name\":\"\","
	"\"message\":\"\",\"windows_code\":\"\"},\"stats\":{\"rx_packets\":0,\"rx_bytes\":0,"
	"\"tx_packets\":0,\"tx_bytes\":0,\"rx_drop_framing\":0,\"rx_drop_nomem\":0,"
	"\"rx_drop_tls\":0,\"rx_drop_spoof\":0,\"tx_drop_nopeer\":0,\"tx_drop_queue\":0,"
	"\"tx_drop_error\":0,\"peers_detached\":18446744073709551615,\"rx_drop_filtered\":9,"
	"\"tx_drop_filtered\":8,\"rx_router_solicits\":4,\"rx_dad_defended\":1,"
	"\"rx_drop_oversize\":0},\"server_stats\":{\"handshakes_failed\":1,"
	"\"refused_source_limit\":2,\"refused_busy\":3,\"timeout_first_byte\":4,"
	"\"timeout_handshake\":5},\"peers\":[{\"id\":3,\"remote\":\"[2001:db8::9]:50000\","
	"\"connected_seconds\":59,\"addresses\":[],\"stats\":{\"rx_packets\":0,"
	"\"rx_bytes\":0,\"tx_packets\":0,\"tx_bytes\":0,\"rx_drop_framing\":0,"
	"\"rx_drop_nomem\":0,\"rx_drop_tls\":0,\"rx_drop_spoof\":0,\"tx_drop_nopeer\":0,"
	"\"tx_drop_queue\":0,\"tx_drop_error\":0,\"peers_detached\":0,\"rx_drop_filtered\":0,"
	"\"tx_drop_filtered\":0,\"rx_router_solicits\":0,\"rx_dad_defended\":0,"
	"\"rx_drop_oversize\":0}},{\"id\":4,\"remote\":\"?\",\"connected_seconds\":61,"
	"\"addresses\":[\"2001:db8:1::5\"],\"stats\":{\"rx_packets\":0,\"rx_bytes\":1023,"
	"\"tx_packets\":0,\"tx_bytes\":1024,\"rx_drop_framing\":0,\"rx_drop_nomem\":0,"
	"\"rx_drop_tls\":0,\"rx_drop_spoof\":0,\"tx_drop_nopeer\":0,\"tx_drop_queue\":0,"
	"\"tx_drop_error\":0,\"peers_detached\":0,\"rx_drop_filtered\":0,"
	"\"tx_drop_filtered\":0,\"rx_router_solicits\":0,\"rx_dad_defended\":0,"
	"\"rx_drop_oversize\":0}}]},{\"ifindex\":7,\"ifname\":\"iph2\",\"kind\":\"iphttps\","
	"\"role\":\"server\",\"url\":\"\",\"status\":\"unknown\",\"prefix\":\"\",\"prefix_onlink\":false,"
	"\"prefix_autonomous\":false,\"last_error\":{\"code\":99,\"name\":\"unknown error\","
	"\"message\":\"odd\",\"windows_code\":\"\"},\"stats\":{\"rx_packets\":0,"
	"\"rx_bytes\":0,\"tx_packets\":0,\"tx_bytes\":0,\"rx_drop_framing\":0,"
	"\"rx_drop_nomem\":0,\"rx_drop_tls\":0,\"rx_drop_spoof\":0,\"tx_drop_nopeer\":0,"
	"\"tx_drop_queue\":0,\"tx_drop_error\":0,\"peers_detached\":0,\"rx_drop_filtered\":0,"
	"\"tx_drop_filtered\":0,\"rx_router_solicits\":0,\"rx_dad_defended\":0,"
	"\"rx_drop_oversize\":0},\"peers\":[]}],\"isatap\":[{\"ifindex\":8,"
	"\"ifname\":\"isa0\",\"kind\":\"isatap\",\"role\":\"router\",\"local\":\"203.0.113.5\","
	"\"ttl\":64,\"routers\":[\"192.0.2.254\",\"198.51.100.1\"],\"stats\":{\"rx_packets\":10,"
	"\"rx_bytes\":1000,\"tx_packets\":20,\"tx_bytes\":2000,\"rx_drop_spoof\":0,"
	"\"rx_drop_ra\":2,\"rx_drop_error\":0,\"tx_drop_nexthop\":0,\"tx_drop_noroute\":0,"
	"\"tx_drop_toobig\":3,\"tx_drop_error\":0}},{\"ifindex\":9,\"ifname\":\"isa1\","
	"\"kind\":\"isatap\",\"role\":\"host\",\"local\":\"10.0.0.2\",\"ttl\":0,"
	"\"routers\":[],\"stats\":{\"rx_packets\":0,\"rx_bytes\":0,\"tx_packets\":0,"
	"\"tx_bytes\":0,\"rx_drop_spoof\":0,\"rx_drop_ra\":0,\"rx_drop_error\":0,"
	"\"tx_drop_nexthop\":0,\"tx_drop_noroute\":0,\"tx_drop_toobig\":0,"
	"\"tx_drop_error\":0}}]}\n";

static void test_render(void)
{
	struct ipt6_state st, none = { 0 };
	struct mem m;

	build_state(&st);
	show_human(mem_open(&m), &st);
	mem_expect(&m, want_human, "show, for people");
	show_json(mem_open(&m), &st);
	mem_expect(&m, want_json, "show --json");

	show_human(mem_open(&m), &none);
	mem_expect(&m, "no ipt6 devices\n", "show of nothing, for people");
	show_json(mem_open(&m), &none);
	mem_expect(&m, "{\"devices\":[],\"isatap\":[]}\n", "show --json of nothing");
}

void test_json(void)
{
	test_escaping();
	test_nesting();
	test_json_numbers();
	test_misuse();
	test_render();
}
