#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Generic netlink fuzzer for the ipt6 family.

For a bounded time, send every ipt6 command valid requests built from
uapi/ipt6.yaml, mutations of them (random attribute types, wrong lengths,
truncated headers, garbage in nests, deep nesting, zero-length and
oversize attributes, NLM_F_DUMP on do-only commands, random flags) and
random messages, on the devices of the current namespace and on random
ifindexes.  As root it keeps a pool of loopback TCP connections with
kernel TLS (made-up keys, as in tests/16) to attach as peers, and meddles
with them (FIN, reset, garbage, shutdown, user I/O on an attached socket,
bind-owner peers of a netlink socket that then closes).

What it checks (exit 1 on any failure):
  root:     every reply is well-formed by the spec (lengths, types, nests,
            NUL-terminated strings, attributes the command's reply lists);
            every errno is one the kernel's code paths can give (no EPERM,
            ENOMEM, EMSGSIZE, EFAULT...); valid gets of live devices work;
            afterwards, each device's npeers equals its peer dump.
  --unpriv: every message gets exactly the answer the genetlink core gives
            a caller without CAP_NET_ADMIN (EPERM for every command, do
            and dump, EINVAL/EOPNOTSUPP only where the core checks the
            header first), never data.
  both:     the kernel answers every message within 30 s.

  ipt6-nlfuzz.py [--seconds N] [--seed S] [--jobs J] [--unpriv]
  ipt6-nlfuzz.py --replay HEX     send one message (family id patched in)

IPT6_NLFUZZ_SECONDS and IPT6_SEED give the defaults of --seconds, --seed.
"""
import argparse
import errno
import os
import random
import signal
import socket
import struct
import sys
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True   # the source tree may be read-only
sys.path.insert(0, HERE)
from ipt6nl import uapi_numbers  # noqa: E402

NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO = 1, 2, 4, 8
NLM_F_ROOT, NLM_F_MATCH, NLM_F_DUMP = 0x100, 0x200, 0x300
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE = 1, 2, 3
NLA_F_NESTED, NLA_F_NET_BYTEORDER = 0x8000, 0x4000
GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME = 16, 3, 2
SOL_NETLINK, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 270, 10, 11
SOL_TLS, TLS_TX, TLS_RX, TCP_ULP = 282, 1, 2, 31
BARRIER = 0x40000000    # sequence numbers of barrier requests
TIMEOUT = 30            # seconds the kernel has to answer one message

INTS = {"u8": (1, "B"), "u16": (2, "H"), "u32": (4, "I"), "u64": (8, "Q"),
        "s32": (4, "i")}

# Errors some code path of the kernel (genetlink, nlattr, ipt6) gives a
# privileged caller.  Anything else (EPERM, ENOMEM, EMSGSIZE, EFAULT...)
# is a finding.
ROOT_ERRNOS = {0, errno.ENOENT, errno.EINVAL, errno.ERANGE, errno.E2BIG,
               errno.ENODEV, errno.EOPNOTSUPP, errno.EBUSY, errno.EEXIST,
               errno.ENOSPC, errno.EBADF, errno.ENOTSOCK, errno.EPROTOTYPE,
               errno.EXDEV, errno.ENOTCONN, errno.EPROTO, errno.EADDRINUSE,
               errno.EADDRNOTAVAIL}


def ename(e):
    return "ok" if e == 0 else errno.errorcode.get(e, "E%d" % e)


def align4(n):
    return (n + 3) & ~3


# --- the spec -------------------------------------------------------------

class Attr:
    def __init__(self, aset, num, y, consts):
        self.set, self.num, self.name = aset, num, y["name"]
        self.type = y["type"]
        self.nested = y.get("nested-attributes")
        self.enum = y.get("enum")
        self.flags_enum = y.get("enum-as-flags", False)
        self.big = y.get("byte-order") == "big-endian"
        self.multi = y.get("multi-attr", False)
        self.hint = y.get("display-hint")
        c = {k: consts.get(v, v) for k, v in y.get("checks", {}).items()}
        self.min, self.max = c.get("min"), c.get("max")
        self.exact, self.max_len = c.get("exact-len"), c.get("max-len")

    def pack_int(self, v):
        size, fmt = INTS[self.type]
        bits = 8 * size
        if fmt.islower():
            v = (v + (1 << (bits - 1))) % (1 << bits) - (1 << (bits - 1))
        else:
            v %= 1 << bits
        return struct.pack((">" if self.big else "=") + fmt, v)

    def int_range(self, spec):
        size, fmt = INTS[self.type]
        lo, hi = (0, (1 << 8 * size) - 1) if fmt.isupper() else \
            (-(1 << 8 * size - 1), (1 << 8 * size - 1) - 1)
        if self.enum:
            n, is_flags = spec.enums[self.enum]
            return (0, (1 << n) - 1) if is_flags else (0, n - 1)
        return (self.min if self.min is not None else lo,
                self.max if self.max is not None else hi)


class Op:
    def __init__(self, num, y):
        self.num, self.name = num, y["name"]
        self.set = y.get("attribute-set")
        self.do_req = self.dump_req = None
        self.replies = set()
        self.has_do, self.has_dump = "do" in y, "dump" in y
        for mode in ("do", "dump"):
            m = y.get(mode) or {}
            req = (m.get("request") or {}).get("attributes", [])
            rep = (m.get("reply") or {}).get("attributes", [])
            if mode in y:
                setattr(self, mode + "_req", req)
            self.replies.update(rep)
        self.mutating = not self.name.endswith("-get")


class Spec:
    """uapi/ipt6.yaml, numbered as the YNL generator numbers it."""

    def __init__(self, path):
        y = yaml.safe_load(open(path))
        self.family = y["name"]
        consts, self.enums = {}, {}
        for d in y.get("definitions", []):
            if d["type"] == "const":
                consts[d["name"]] = d["value"]
            elif d["type"] in ("enum", "flags"):
                self.enums[d["name"]] = (len(d["entries"]), d["type"] == "flags")
        self.sets, self.subset_of, raw = {}, {}, {}
        for s in y["attribute-sets"]:
            if "subset-of" in s:
                continue
            attrs, v = {}, 1
            for a in s["attributes"]:
                v = a.get("value", v)
                attrs[a["name"]] = Attr(s["name"], v, a, consts)
                raw[s["name"], a["name"]] = a
                v += 1
            self.sets[s["name"]] = attrs
        # A subset (what one request takes) numbers its attributes as its
        # full set does; an entry may override keys (nested-attributes).
        for s in y["attribute-sets"]:
            full = s.get("subset-of")
            if full is None:
                continue
            self.subset_of[s["name"]] = full
            self.sets[s["name"]] = {
                a["name"]: Attr(full, self.sets[full][a["name"]].num,
                                {**raw[full, a["name"]], **a}, consts)
                for a in s["attributes"]}
        self.by_num = {n: {a.num: a for a in s.values()}
                       for n, s in self.sets.items()}
        self.ops, v = [], 1
        for o in y["operations"]["list"]:
            v = o.get("value", v)
            self.ops.append(Op(v, o))
            v += 1
        self.op_by_num = {o.num: o for o in self.ops}
        self.groups = [g["name"] for g in y.get("mcast-groups", {}).get("list", [])]

    def check_header(self, header=None):
        """The uapi header must number everything as the spec does."""
        num, bad = uapi_numbers(header), []
        pre = "IPT6_"
        for o in self.ops:
            name = pre + "CMD_" + o.name.upper().replace("-", "_")
            if num.get(name) != o.num:
                bad.append("%s: header %s, spec %d" % (name, num.get(name), o.num))
        for sname, attrs in self.sets.items():
            if sname in self.subset_of:
                continue
            for a in attrs.values():
                name = pre + "A_" + (sname + "-" + a.name).upper().replace("-", "_")
                if num.get(name) != a.num:
                    bad.append("%s: header %s, spec %d" % (name, num.get(name), a.num))
        return bad

    def maxattr(self, sname):
        return max(self.by_num[sname])

    def request_nest(self, op, a):
        """The set a request of op gives nest a: OP-input, when the spec
        has that subset of the nest's set (peer-new-input: peer-new's
        reply carries the full nest, so the op keeps the full set and
        the kernel checks the subset in code), else the nest's own."""
        sub = "%s-input" % op.name if op else None
        if self.subset_of.get(sub) == a.nested:
            return sub
        return a.nested


# --- messages -------------------------------------------------------------

class Node:
    """One attribute: data, or child attributes; nla_len may lie."""
    __slots__ = ("type", "data", "kids", "nla_len", "attr")

    def __init__(self, t, data=b"", kids=None, attr=None):
        self.type, self.data, self.kids = t, data, kids
        self.nla_len, self.attr = None, attr

    def payload(self):
        if self.kids is None:
            return self.data
        return b"".join(k.pack() for k in self.kids)

    def pack(self):
        p = self.payload()
        ln = 4 + len(p) if self.nla_len is None else self.nla_len
        return struct.pack("=HH", ln & 0xffff, self.type & 0xffff) + p + \
            b"\0" * (-len(p) % 4)

    def walk(self):
        todo = [self]
        while todo:
            n = todo.pop()
            yield n
            todo += n.kids or []

    def clone(self):
        n = Node(self.type, self.data, None, self.attr)
        n.nla_len = self.nla_len
        if self.kids is not None:
            n.kids = [k.clone() for k in self.kids]
        return n

    def depth(self):
        return max([k.depth() for k in self.kids or []] + [0]) + 1


class Msg:
    def __init__(self, cmd, attrs, dump=False, kind="valid"):
        self.cmd, self.attrs, self.kind = cmd, attrs, kind
        self.flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        self.version, self.reserved = 1, 0
        self.nlmsg_len = None   # a lying length
        self.cut = None         # send only this many bytes
        self.trailer = b""      # bytes after the last attribute
        self.flips = []         # (offset, xor) after packing
        self.muts = []
        self.more = []          # further messages in the same send

    def nodes(self):
        for a in self.attrs:
            yield from a.walk()

    def pack_one(self, family, seq):
        body = struct.pack("=BBH", self.cmd & 0xff, self.version & 0xff,
                           self.reserved & 0xffff)
        body += b"".join(a.pack() for a in self.attrs) + self.trailer
        ln = 16 + len(body) if self.nlmsg_len is None else self.nlmsg_len
        buf = bytearray(struct.pack("=IHHII", ln & 0xffffffff, family,
                                    self.flags & 0xffff, seq, 0) + body)
        for off, x in self.flips:
            if off < len(buf):
                buf[off] ^= x
        if self.cut is not None:
            buf = buf[:self.cut]
        return bytes(buf)

    def pack(self, family, seq):
        out = self.pack_one(family, seq)
        for i, m in enumerate(self.more):
            out += b"\0" * (-len(out) % 4) + m.pack_one(family, seq + 1 + i)
        return out


def split_msgs(buf):
    """The messages of one send as the kernel walks them (netlink_rcv_skb)."""
    off, out = 0, []
    while len(buf) - off >= 16:
        ln, t, fl, seq = struct.unpack_from("=IHHI", buf, off)
        if ln < 16 or ln > len(buf) - off:
            break
        out.append((buf[off:off + ln], t, fl, seq))
        off += min(align4(ln), len(buf) - off)
    return out


# --- the netlink socket ---------------------------------------------------

class Fail(Exception):
    pass


class Nl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        for opt in (33, socket.SO_RCVBUF):   # SO_RCVBUFFORCE needs root
            try:
                self.s.setsockopt(socket.SOL_SOCKET, opt, 4 << 20)
                break
            except OSError:
                pass
        self.s.settimeout(TIMEOUT)
        self.bseq = BARRIER
        self.family = self.resolve("ipt6")

    def resolve(self, name):
        a = Node(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0").pack()
        hdr = struct.pack("=BBH", CTRL_CMD_GETFAMILY, 1, 0)
        self.s.send(struct.pack("=IHHII", 20 + len(a), GENL_ID_CTRL,
                                NLM_F_REQUEST | NLM_F_ACK, 1, 0) + hdr + a)
        while True:
            for m, t, fl, seq in split_msgs(self.s.recv(65536)):
                if t == GENL_ID_CTRL:
                    for at, data in parse_attrs(m[20:]):
                        if at == 1:
                            fam = struct.unpack("=H", data[:2])[0]
                elif t == NLMSG_ERROR:
                    err = struct.unpack_from("=i", m, 16)[0]
                    if err:
                        raise Fail("family %s: %s" % (name, ename(-err)))
                    return fam

    def barrier(self):
        self.bseq += 1
        a = Node(CTRL_ATTR_FAMILY_NAME, b"ipt6\0").pack()
        self.s.send(struct.pack("=IHHII", 24 + len(a) - 4, GENL_ID_CTRL,
                                NLM_F_REQUEST | NLM_F_ACK, self.bseq, 0) +
                    struct.pack("=BBH", CTRL_CMD_GETFAMILY, 1, 0) + a)
        return self.bseq

    def exchange(self, buf):
        """Send one buffer; every reply to it, until the kernel is done:
        a barrier request after it has been answered and no dump is open.
        Returns (send errno or 0, [(msg, type, flags, seq)], overrun)."""
        try:
            self.s.send(buf)
            senderr = 0
        except OSError as e:
            senderr = e.errno
        replies, open_dumps, overrun = [], set(), False
        bseq, bdone = self.barrier(), False
        barriers = {bseq}
        while not bdone or open_dumps:
            try:
                data = self.s.recv(1 << 20)
            except socket.timeout:
                raise Fail("no answer within %d s (kernel hang?)" % TIMEOUT)
            except OSError as e:
                if e.errno != errno.ENOBUFS:
                    raise
                overrun = True
                open_dumps.clear()
                bseq, bdone = self.barrier(), False
                barriers.add(bseq)
                continue
            for m, t, fl, seq in split_msgs(data):
                if barrier_reply(m, t, seq, barriers):
                    bdone |= seq == bseq and t == NLMSG_ERROR
                    continue
                if fl & NLM_F_MULTI and t not in (NLMSG_DONE, NLMSG_ERROR):
                    open_dumps.add(seq)
                if t in (NLMSG_DONE, NLMSG_ERROR):
                    open_dumps.discard(seq)
                replies.append((m, t, fl, seq))
        return senderr, replies, overrun


def barrier_reply(m, t, seq, barriers):
    """Whether a reply answers one of our barriers, not the fuzzed buffer.
    The seq alone cannot tell: a mutated buffer's messages carry any seq,
    the barriers' range included.  A barrier is a controller request, so
    its answers are controller data or an ack echoing a controller type."""
    if seq not in barriers:
        return False
    if t == GENL_ID_CTRL:
        return True
    return t == NLMSG_ERROR and len(m) >= 26 and \
        struct.unpack_from("=H", m, 24)[0] == GENL_ID_CTRL


def parse_attrs(buf):
    off = 0
    while off + 4 <= len(buf):
        ln, t = struct.unpack_from("=HH", buf, off)
        if ln < 4:
            break
        yield t, buf[off + 4:off + ln]
        off += align4(ln)


def ack_info(m):
    """errno (positive) and extack message of an NLMSG_ERROR or DONE."""
    err = -struct.unpack_from("=i", m, 16)[0] if len(m) >= 20 else -1
    msg = ""
    fl = struct.unpack_from("=H", m, 6)[0]
    if struct.unpack_from("=H", m, 4)[0] == NLMSG_ERROR and fl & NLM_F_ACK_TLVS:
        olen = struct.unpack_from("=I", m, 20)[0]
        off = 36 if fl & NLM_F_CAPPED else 20 + align4(olen)
        for t, d in parse_attrs(m[off:]):
            if t == 1:
                msg = d.rstrip(b"\0").decode(errors="replace")
    return err, msg


# --- reply validation -----------------------------------------------------

def check_attrs(spec, sname, buf, where, allowed=None):
    """Problems of a reply's attributes against attribute set sname."""
    probs, off, seen = [], 0, {}
    by_num = spec.by_num[sname]
    while off < len(buf):
        if len(buf) - off < 4:
            probs.append("%s: %d stray bytes" % (where, len(buf) - off))
            break
        ln, t = struct.unpack_from("=HH", buf, off)
        if ln < 4 or off + ln > len(buf):
            probs.append("%s: attribute %d of length %d at %d of %d" %
                         (where, t, ln, off, len(buf)))
            break
        data, typ = buf[off + 4:off + ln], t & ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)
        off += align4(ln)
        a = by_num.get(typ)
        if a is None:
            probs.append("%s: unknown attribute %d" % (where, typ))
            continue
        w = "%s.%s" % (where, a.name)
        if allowed is not None and a.name not in allowed and a.type != "pad":
            probs.append("%s: not in the command's reply in the spec" % w)
        seen[a.name] = seen.get(a.name, 0) + 1
        if seen[a.name] == 2 and not a.multi and a.type != "pad":
            probs.append("%s: repeated" % w)
        probs += check_value(spec, a, data, w)
    return probs


def check_value(spec, a, data, w):
    if a.type in INTS:
        if len(data) != INTS[a.type][0]:
            return ["%s: %d bytes for a %s" % (w, len(data), a.type)]
        lo, hi = a.int_range(spec)
        v = struct.unpack((">" if a.big else "=") + INTS[a.type][1], data)[0]
        if a.enum and not lo <= v <= hi:
            return ["%s: %d outside enum %s" % (w, v, a.enum)]
        return []
    if a.type == "string":
        if not data.endswith(b"\0") or b"\0" in data[:-1]:
            return ["%s: string not NUL-terminated once: %r" % (w, data)]
        if a.max_len is not None and len(data) - 1 > a.max_len:
            return ["%s: string of %d > %d" % (w, len(data) - 1, a.max_len)]
        return []
    if a.type == "binary":
        if a.exact is not None and len(data) != a.exact:
            return ["%s: %d bytes, spec says %d" % (w, len(data), a.exact)]
        return []
    if a.type == "flag":
        return [] if not data else ["%s: flag with %d bytes" % (w, len(data))]
    if a.type == "nest":
        return check_attrs(spec, a.nested, data, w)
    return []   # pad


# --- the fuzzer -----------------------------------------------------------

INTERESTING = [0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 65, 127, 128,
               255, 256, 1000, 4096, 0x7fff, 0x8000, 0xffff, 0x10000,
               0x7fffffff, 0x80000000, 0xffffffff, 1 << 32, (1 << 63) - 1,
               1 << 63, (1 << 64) - 1, -1, -2]

PREFIXES = ["2001:db8:1::", "2001:db8:2::", "2001:db8:1:0:1::", "fd00:1::",
            "::", "fe80::", "ff02::1", "::1", "::ffff:192.0.2.1",
            "2001:db8::1"]
ROUTERS = ["192.0.2.1", "192.0.2.2", "10.0.0.1", "10.0.0.2", "198.51.100.7",
           "0.0.0.0", "224.0.0.5", "255.255.255.255", "127.0.0.1",
           "192.0.2.255"]
SESSIONS = [bytes([i]) * 16 for i in (1, 2, 3)]


class Conn:
    """A loopback TCP connection; near has kernel TLS (made-up keys)."""

    def __init__(self, near, far, tls):
        self.near, self.far, self.tls = near, far, tls
        self.fd = near.fileno()
        self.attached = False

    def close(self):
        for s in (self.near, self.far):
            try:
                s.close()
            except OSError:
                pass


class Fuzzer:
    def __init__(self, spec, rnd, unpriv, seconds, tag):
        self.spec, self.r, self.unpriv = spec, rnd, unpriv
        self.seconds, self.tag = seconds, tag
        self.nl = Nl()
        self.ops_of = {o.name: o for o in spec.ops}
        self.counts = {}        # (cmd name, errno name) -> n
        self.kinds = {}
        self.mutcount = {}
        self.problems = []
        self.nmsgs = self.attached = self.actions = self.overruns = 0
        self.conns, self.spare = [], []
        self.peers = []         # (ifindex, peer id)
        self.listener = None
        self.last_fd = None
        self.refresh_devices()
        if not unpriv:
            self.setup_pool()

    # -- environment --

    def refresh_devices(self):
        """ifindexes of this namespace by kind: ipt6 and ISATAP devices
        from the family's dumps (unprivileged: any device may be either)."""
        every = [i for i, _ in socket.if_nameindex()]
        self.max_ifindex = max(every + [1])
        if self.unpriv:
            self.devs = {"ipt6": every, "isatap": every, "other": every}
            return
        ipt6 = self.dump_ifindexes("dev-get", "dev")
        isatap = self.dump_ifindexes("isatap-get", "isatap")
        self.devs = {"ipt6": ipt6, "isatap": isatap,
                     "other": [i for i in every if i not in ipt6 + isatap]}

    def dump_ifindexes(self, opname, sname):
        m = Msg(self.ops_of[opname].num, [], dump=True)
        _, replies, _ = self.nl.exchange(m.pack(self.nl.family, 1))
        num, out = self.spec.sets[sname]["ifindex"].num, []
        for rm, t, fl, seq in replies:
            if t == self.nl.family:
                for at, d in parse_attrs(rm[20:]):
                    if at == num and len(d) == 4:
                        out.append(struct.unpack("=I", d)[0])
        return out

    def setup_pool(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.spare = [u, self.listener]
        try:
            self.spare.append(self.new_conn(tls=False).near)
            half = self.new_conn(tls=False)
            self.ktls(half.near, TLS_TX)
            self.spare.append(half.near)
        except OSError:
            pass
        self.spare_fds = [s.fileno() for s in self.spare] + \
            [self.nl.s.fileno(), 0, 1, 2]
        self.fill_pool()

    def ktls(self, s, *dirs):
        s.setsockopt(socket.SOL_TCP, TCP_ULP, b"tls")
        key = self.r.randbytes(16)
        info = struct.pack("=HH8s16s4s8s", 0x0303, 51, b"\1" * 8, key,
                           b"\3" * 4, b"\0" * 8)
        for d in dirs:
            s.setsockopt(SOL_TLS, d, info)

    def new_conn(self, tls=True):
        near = socket.create_connection(self.listener.getsockname())
        far, _ = self.listener.accept()
        far.setblocking(False)
        if tls:
            self.ktls(near, TLS_TX, TLS_RX)
        return Conn(near, far, tls)

    def fill_pool(self):
        free = sum(1 for c in self.conns if not c.attached)
        while free < 4 and len(self.conns) < 24:
            try:
                self.conns.append(self.new_conn())
            except OSError as e:
                self.note_action("pool-" + ename(e.errno))
                return
            free += 1

    def note_action(self, what):
        self.actions += 1
        self.kinds["act:" + what] = self.kinds.get("act:" + what, 0) + 1

    def meddle(self):
        """Something a client, an attacker or a careless root does to
        the connections while the fuzzing goes on."""
        if self.conns:
            self.act(self.r.choice(self.conns), self.r.choice(
                ["fin", "rst", "garbage", "drain", "drain", "close-near",
                 "shutdown", "user-io", "owner"]))

    def act(self, c, what):
        try:
            if what == "fin":
                c.far.close()
            elif what == "rst":
                c.far.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                 struct.pack("ii", 1, 0))
                c.far.close()
            elif what == "garbage":
                c.far.send(self.r.randbytes(self.r.choice([1, 5, 40, 3000])))
            elif what == "drain":
                for d in self.conns:
                    try:
                        d.far.recv(1 << 16)
                    except OSError:
                        pass
            elif what == "close-near":
                c.near.close()
            elif what == "shutdown":
                c.near.shutdown(socket.SHUT_RDWR)
            elif what == "user-io":
                c.near.setblocking(False)
                if self.r.random() < 0.5:
                    c.near.send(self.r.randbytes(100))
                else:
                    c.near.recv(4096)
            elif what == "owner":
                self.owner_socket()
        except OSError as e:
            what += "-" + ename(e.errno)
        self.note_action(what)
        if what.split("-")[0] in ("fin", "rst", "close", "shutdown"):
            c.close()
            self.conns.remove(c)
        self.fill_pool()

    def doom(self, m):
        """A connection that ends just as it is attached: the receive
        worker runs while the kernel still builds the peer-new reply."""
        conns = [c for c in self.conns if c.fd == self.last_fd]
        if not conns or m.cmd != self.ops_of["peer-new"].num:
            return None
        c, what = conns[0], self.r.choice(["fin", "rst", "garbage"])
        try:
            if what == "garbage":
                c.far.send(self.r.randbytes(self.r.choice([1, 5, 40, 3000])))
            else:
                if what == "rst":
                    c.far.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                     struct.pack("ii", 1, 0))
                c.far.close()
        except OSError as e:
            what += "-" + ename(e.errno)
        self.note_action("doomed-" + what)
        return c

    def owner_socket(self):
        """Peers bound to a netlink socket that then closes."""
        if not self.devs["ipt6"]:
            return
        other = Nl()
        for c in [c for c in self.conns if not c.attached][:2]:
            a = self.spec.sets["dev"]
            p = self.spec.sets["peer"]
            msg = Msg(self.ops_of["peer-new"].num, [
                Node(a["ifindex"].num, a["ifindex"].pack_int(
                    self.r.choice(self.devs["ipt6"]))),
                Node(a["peer"].num | NLA_F_NESTED, kids=[
                    Node(p["sockfd"].num, p["sockfd"].pack_int(c.fd)),
                    Node(p["bind-owner"].num)])])
            _, replies, _ = other.exchange(msg.pack(other.family, 1))
            for m, t, fl, seq in replies:
                if t == other.family:
                    c.attached = True
        other.s.close()

    # -- building messages --

    def value(self, a, op):
        """A valid value of attribute a, knowing the devices and peers."""
        r = self.r
        if a.type == "nest":
            return None, self.valid_attrs(self.spec.request_nest(op, a), None, op)
        if a.name == "ifindex":
            pool = self.devs["isatap" if a.set == "isatap" else "ipt6"]
            x = r.random()
            if pool and x < 0.8:
                v = r.choice(pool)
            elif x < 0.9 and self.devs["other"]:
                v = r.choice(self.devs["other"] + self.devs["isatap"] +
                             self.devs["ipt6"])
            else:
                v = r.choice([self.max_ifindex + 1, r.randrange(1, 1 << 32),
                              r.randrange(1, 64)])
            return a.pack_int(v), None
        if a.set == "peer" and a.name == "sockfd":
            free = [c.fd for c in self.conns if not c.attached]
            x = r.random()
            if free and x < 0.7:
                v = r.choice(free)
            elif self.conns and x < 0.8:
                v = r.choice(self.conns).fd
            elif x < 0.9 and getattr(self, "spare_fds", None):
                v = r.choice(self.spare_fds)
            else:
                v = r.choice([-1, 1023, 100000, r.randrange(3, 64)])
            return a.pack_int(v), None
        if a.set == "peer" and a.name == "id":
            if self.peers and r.random() < 0.8:
                return a.pack_int(r.choice(self.peers)[1]), None
            return a.pack_int(r.choice([1, 2, 3, r.randrange(1, 1 << 32)])), None
        if a.name == "session":
            return r.choice(SESSIONS), None
        if a.name == "prefix":
            return socket.inet_pton(socket.AF_INET6, r.choice(PREFIXES)), None
        if a.name in ("router", "local", "remote-ipv4"):
            if r.random() < 0.3:    # enough to fill a router list
                return struct.pack("BBBB", 10, 9, r.randrange(2), r.randrange(1, 60)), None
            return socket.inet_aton(r.choice(ROUTERS)), None
        if a.type in INTS:
            lo, hi = a.int_range(self.spec)
            if a.enum and self.spec.enums[a.enum][1]:
                return a.pack_int(r.randint(lo, hi)), None
            cands = [v for v in INTERESTING if lo <= v <= hi]
            if hi - lo < 64 or r.random() < 0.5:
                return a.pack_int(r.randint(lo, min(hi, lo + 64))), None
            return a.pack_int(r.choice(cands or [lo])), None
        if a.type == "string":
            n = r.choice([0, 1, 8, 40, a.max_len or 64])
            s = "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789:/.-")
                        for _ in range(n))
            return s.encode() + b"\0", None
        if a.type == "binary":
            return r.randbytes(a.exact if a.exact is not None else
                               r.choice([0, 4, 16, 100])), None
        return b"", None    # flag, pad

    def node_of(self, a, op):
        data, kids = self.value(a, op)
        t = a.num | (NLA_F_NESTED if kids is not None else 0)
        return Node(t, data or b"", kids, attr=a)

    def valid_attrs(self, sname, names, op):
        """Attributes of set sname: the named ones (a request), mostly
        all of them, or a random subset (a nest)."""
        attrs = self.spec.sets[sname]
        if names is None:
            names = [n for n, a in attrs.items()
                     if a.type != "pad" and self.r.random() < 0.4]
            if self.spec.subset_of.get(sname, sname) == "peer":
                names += [n for n in ("sockfd", "id")
                          if n in attrs and self.r.random() < 0.8]
        out = []
        for n in names:
            if n == "ifindex" and self.r.random() < 0.97 or \
               n != "ifindex" and self.r.random() < 0.6:
                out.append(self.node_of(attrs[n], op))
                if attrs[n].multi:
                    for _ in range(self.r.choice([0, 0, 1, 5])):
                        out.append(self.node_of(attrs[n], op))
        self.r.shuffle(out)
        return out

    def valid(self):
        op = self.r.choice([o for o in self.spec.ops if o.has_do or o.has_dump])
        dump = op.has_dump and (not op.has_do or self.r.random() < 0.5)
        req = op.dump_req if dump else op.do_req
        m = Msg(op.num, self.valid_attrs(op.set, list(req or []), op), dump)
        m.op, m.dump = op, dump
        return m

    def random_attrs(self, depth=0):
        r, out = self.r, []
        for _ in range(r.choice([0, 1, 2, 3, 5, 10])):
            t = r.choice([r.randrange(0, 20), r.randrange(0, 1 << 16)])
            if depth < 4 and r.random() < 0.25:
                out.append(Node(t | NLA_F_NESTED, kids=self.random_attrs(depth + 1)))
            else:
                out.append(Node(t, r.randbytes(r.choice([0, 1, 2, 4, 8, 16, 255]))))
        return out

    def random_msg(self):
        cmd = self.r.choice([o.num for o in self.spec.ops] +
                            [0, len(self.spec.ops) + 1, self.r.randrange(256)])
        m = Msg(cmd, self.random_attrs(), self.r.random() < 0.3, "random")
        m.op = self.spec.op_by_num.get(cmd)
        return m

    # -- mutations --

    def pick_node(self, m):
        nodes = list(m.nodes())
        return self.r.choice(nodes) if nodes else None

    def mutate(self, m):
        r = self.r
        muts = [
            "type", "type", "nested-flag", "byteorder-flag", "length",
            "length", "garbage", "nla-len", "boundary", "boundary",
            "string", "drop", "dup", "foreign", "nest-garbage",
            "deep-nest", "zero-len", "oversize", "cmd", "version",
            "reserved", "flags", "dump-flag", "no-ack", "nlmsg-len",
            "truncate", "short-header", "flip", "trailer", "batch",
            "many", "shuffle"]
        for _ in range(r.choice([1, 1, 1, 2, 3])):
            mu = r.choice(muts)
            getattr(self, "mut_" + mu.replace("-", "_"))(m)
            m.muts.append(mu)
            self.mutcount[mu] = self.mutcount.get(mu, 0) + 1
        m.kind = "mutated"
        return m

    def mut_type(self, m):
        n = self.pick_node(m)
        if n:
            n.type = self.r.choice([0, n.type + 1, n.type - 1, 0x3fff,
                                    self.r.randrange(1 << 16),
                                    self.r.randrange(1, 32)])
            n.attr = None

    def mut_nested_flag(self, m):
        n = self.pick_node(m)
        if n:
            n.type ^= NLA_F_NESTED

    def mut_byteorder_flag(self, m):
        n = self.pick_node(m)
        if n:
            n.type ^= NLA_F_NET_BYTEORDER

    def mut_length(self, m):
        n = self.pick_node(m)
        if n:
            d = n.payload()
            n.kids = None
            ln = self.r.choice([0, 1, 2, 3, 5, 7, len(d) - 1, len(d) + 1,
                                len(d) * 2, 15, 17, 4, 8])
            n.data = (d + self.r.randbytes(max(0, ln - len(d))))[:max(0, ln)]

    def mut_garbage(self, m):
        n = self.pick_node(m)
        if n:
            n.data = self.r.randbytes(len(n.payload()))
            n.kids = None

    def mut_nla_len(self, m):
        n = self.pick_node(m)
        if n:
            real = 4 + len(n.payload())
            n.nla_len = self.r.choice([0, 1, 2, 3, 4, real - 1, real + 1,
                                       real + 4, real + 100, 0xffff])

    def mut_boundary(self, m):
        ints = [n for n in m.nodes() if n.attr and n.attr.type in INTS]
        if ints:
            n = self.r.choice(ints)
            lo, hi = n.attr.int_range(self.spec)
            n.data = n.attr.pack_int(self.r.choice(
                [lo - 1, hi + 1, lo, hi, 0, -1, 1 << 31, self.r.choice(INTERESTING)]))

    def mut_string(self, m):
        strs = [n for n in m.nodes() if n.attr and n.attr.type == "string"]
        n = self.r.choice(strs) if strs else self.pick_node(m)
        if n:
            ml = (n.attr.max_len if n.attr and n.attr.max_len else 255)
            n.kids = None
            n.data = self.r.choice([
                b"x" * ml, b"x" * (ml + 1), b"x" * ml + b"\0",
                b"x" * (ml + 1) + b"\0", b"x" * (ml - 1) + b"\0",
                b"a\0b\0", b"\0", b"no-nul", b"x" * 4000 + b"\0",
                self.r.randbytes(300)])

    def mut_drop(self, m):
        if m.attrs:
            m.attrs.pop(self.r.randrange(len(m.attrs)))

    def mut_dup(self, m):
        if m.attrs:
            a = self.r.choice(m.attrs)
            m.attrs.insert(self.r.randrange(len(m.attrs) + 1), a.clone())

    def mut_foreign(self, m):
        """An attribute the request does not take, of some set."""
        s = self.r.choice(list(self.spec.sets))
        a = self.r.choice(list(self.spec.sets[s].values()))
        m.attrs.append(self.node_of(a, getattr(m, "op", None)))

    def mut_nest_garbage(self, m):
        nests = [n for n in m.nodes() if n.kids is not None]
        n = self.r.choice(nests) if nests else None
        if n is None:
            n = Node(self.r.choice([1, 11, 12, 9]) | NLA_F_NESTED, kids=[])
            m.attrs.append(n)
        n.kids += self.random_attrs(2)
        self.r.shuffle(n.kids)

    def mut_deep_nest(self, m):
        depth = self.r.choice([2, 9, 10, 11, 12, 30, 100])
        t = self.r.choice([1, 9, 11, 12, self.r.randrange(1, 16)])
        inner = self.r.choice(m.attrs) if m.attrs and self.r.random() < 0.5 \
            else Node(self.r.randrange(1, 16), self.r.randbytes(4))
        if inner.kids and inner.depth() > 20:   # Python's stack, not the kernel's
            inner = Node(self.r.randrange(1, 16))
        for _ in range(depth):
            inner = Node(t | NLA_F_NESTED, kids=[inner])
        m.attrs.append(inner)

    def mut_zero_len(self, m):
        n = self.pick_node(m)
        if n:
            n.data, n.kids = b"", None

    def mut_oversize(self, m):
        n = self.pick_node(m) or Node(self.r.randrange(1, 16))
        if n not in m.attrs and not list(m.nodes()):
            m.attrs.append(n)
        n.kids = None
        n.data = self.r.randbytes(self.r.choice([256, 1024, 4096, 16384,
                                                 65531, 65532, 65535]))

    def mut_cmd(self, m):
        m.cmd = self.r.choice([0, self.r.randrange(256), m.cmd + 1,
                               len(self.spec.ops) + 1] +
                              [o.num for o in self.spec.ops])

    def mut_version(self, m):
        m.version = self.r.randrange(256)

    def mut_reserved(self, m):
        m.reserved = self.r.randrange(1, 1 << 16)

    def mut_flags(self, m):
        m.flags = self.r.choice([self.r.randrange(1 << 16),
                                 m.flags | (1 << self.r.randrange(16)),
                                 m.flags | NLM_F_ECHO, NLM_F_REQUEST,
                                 m.flags | NLM_F_ROOT, m.flags | NLM_F_MATCH])

    def mut_dump_flag(self, m):
        m.flags ^= NLM_F_DUMP

    def mut_no_ack(self, m):
        m.flags &= ~NLM_F_ACK

    def mut_nlmsg_len(self, m):
        m.nlmsg_len = self.r.choice([0, 4, 15, 16, 17, 19, 20, 21,
                                     self.r.randrange(16, 200), 1 << 20,
                                     0xffffffff])

    def mut_truncate(self, m):
        """A message cut short, its length saying so or not."""
        full = len(m.pack_one(1, 0))
        m.cut = self.r.randrange(0, full + 1)
        if self.r.random() < 0.7:
            m.nlmsg_len = m.cut

    def mut_short_header(self, m):
        m.cut = m.nlmsg_len = self.r.choice([16, 17, 18, 19])
        m.attrs = []

    def mut_flip(self, m):
        full = len(m.pack_one(1, 0))
        for _ in range(self.r.choice([1, 2, 4, 8])):
            m.flips.append((self.r.randrange(16, max(17, full)),
                            1 << self.r.randrange(8)))

    def mut_trailer(self, m):
        m.trailer = self.r.randbytes(self.r.choice([1, 2, 3, 4, 5, 8]))

    def mut_batch(self, m):
        m.more = [self.valid() for _ in range(self.r.choice([1, 2, 3]))]
        if self.r.random() < 0.5:
            self.mutate_light(m.more[-1])

    def mutate_light(self, m):
        getattr(self, "mut_" + self.r.choice(["type", "length", "truncate",
                                              "cmd", "dump_flag"]))(m)

    def mut_many(self, m):
        """Many copies of an attribute (multi-attr or not)."""
        n = self.pick_node(m)
        if n:
            k = self.r.choice([20, 200, 1000])
            k = min(k, 32768 // (8 + len(n.payload())))
            m.attrs += [n.clone() for _ in range(k)]

    def mut_shuffle(self, m):
        self.r.shuffle(m.attrs)

    # -- sending and judging --

    def unpriv_expect(self, msg, t, fl):
        """What the genetlink core answers a caller without CAP_NET_ADMIN:
        None for no answer, else the errno."""
        if not fl & NLM_F_REQUEST:
            return 0 if fl & NLM_F_ACK else None
        if len(msg) < 20:
            return errno.EINVAL
        cmd, _, reserved = struct.unpack_from("=BBH", msg, 16)
        bad = fl & ~NLM_F_DUMP if fl & NLM_F_DUMP == NLM_F_DUMP else fl
        if reserved or bad & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO):
            return errno.EINVAL
        op = self.spec.op_by_num.get(cmd)
        dump = fl & NLM_F_DUMP == NLM_F_DUMP
        if op is None or not (op.has_dump if dump else op.has_do):
            return errno.EOPNOTSUPP
        return errno.EPERM

    def send(self, m):
        seq = (self.nmsgs * 8 + 8) & (BARRIER - 1)
        buf = m.pack(self.nl.family, seq)
        sent = split_msgs(buf)
        senderr, replies, overrun = self.nl.exchange(buf)
        self.nmsgs += 1
        self.kinds[m.kind] = self.kinds.get(m.kind, 0) + 1
        probs = []
        if senderr:
            self.count(m.cmd, "send:" + ename(senderr))
            # EMSGSIZE: over the send buffer; ENODATA: nothing to send.
            if senderr not in (errno.EMSGSIZE, errno.ENOBUFS) and \
                    not (senderr == errno.ENODATA and not buf):
                probs.append("send() failed: %s" % ename(senderr))
            sent = []
        if overrun:     # replies were lost: nothing to judge
            self.count(m.cmd, "overrun")
            self.overruns += 1
            return
        by_seq = {}
        for r in replies:
            by_seq.setdefault(r[3], []).append(r)
        for i, (msg, t, fl, seq_) in enumerate(sent):
            probs += self.judge(m if i == 0 else None, msg, t, fl,
                                by_seq.pop(seq_, []))
        for s in by_seq:
            # After an overrun, the rest of a dump may still come.
            if s >= seq or not self.overruns:
                probs.append("replies to seq %d, which was not sent" % s)
        if probs:
            self.problem(m, buf, probs, replies)

    def count(self, cmd, what):
        op = self.spec.op_by_num.get(cmd)
        k = (op.name if op else "cmd %d" % cmd, what)
        self.counts[k] = self.counts.get(k, 0) + 1

    def judge(self, m, msg, t, fl, got):
        """Problems of the answer to one message (m: its Msg if known)."""
        probs, data, err = [], [], None
        cmd = msg[16] if len(msg) > 16 else -1
        op = self.spec.op_by_num.get(cmd)
        for rm, rt, rfl, _ in got:
            if rt == NLMSG_ERROR:
                if err is not None:
                    probs.append("two acks")
                err = ack_info(rm)[0]
                if err < 0:
                    probs.append("an ack with error %d" % -err)
            elif rt == NLMSG_DONE:
                if err is not None:
                    probs.append("an ack and a dump end")
                err = ack_info(rm)[0] if len(rm) >= 20 else 0
            elif rt == self.nl.family:
                data.append(rm)
            else:
                probs.append("reply of type %d" % rt)
        what = "silent" if err is None else ename(err)
        if data:
            what += "+data"
        if t != self.nl.family:
            # A lying nlmsg_len makes the kernel read a message out of
            # the attributes.  Control types are acknowledged unread;
            # another family's answer is not ours to judge.
            self.count(-1, "type %d: %s" % (t, what) if t < 16 else "other family")
            if t < 16 and (data or err != (0 if fl & NLM_F_ACK else None)):
                return probs + ["type %d: got %s, the core acks it unread" % (t, what)]
            return probs if t < 16 else []
        self.count(cmd, what)
        if self.unpriv:
            want = self.unpriv_expect(msg, t, fl)
            if data or err != want:
                probs.append("unprivileged: got %s, the core must answer %s" %
                             (what, "nothing" if want is None else ename(want)))
            return probs
        if err is not None and err not in ROOT_ERRNOS:
            probs.append("errno %s is not one the kernel should give" % ename(err))
        if err is None and fl & NLM_F_REQUEST and fl & NLM_F_ACK:
            probs.append("no ack, though asked for")
        for rm in data:
            probs += self.check_reply(rm)
        if m is not None and m.kind == "valid" and op and \
                op.name.endswith("-get") and err and self.valid_target(m):
            probs.append("valid %s of a live device failed: %s" % (op.name, what))
        return probs

    def valid_target(self, m):
        """A valid get naming a live device of its kind (or none)."""
        op = m.op
        ifx = [n for n in m.attrs if n.attr and n.attr.name == "ifindex"]
        if not ifx:
            return op.name in ("dev-get", "isatap-get") and m.dump
        v = struct.unpack("=I", ifx[0].data)[0]
        return v in self.devs["isatap" if op.set == "isatap" else "ipt6"]

    def check_reply(self, rm):
        if len(rm) < 20:
            return ["reply of %d bytes" % len(rm)]
        rop = self.spec.op_by_num.get(rm[16])
        if rop is None or not rop.set:
            return ["reply with command %d" % rm[16]]
        probs = check_attrs(self.spec, rop.set, rm[20:], rop.name, rop.replies)
        if rop.name in ("peer-new", "peer-get"):
            self.note_peer(rm, rop.name == "peer-new")
        return probs

    def note_peer(self, rm, new):
        """Remember a peer id for peer-del; a peer-new reply also means
        the connection whose fd the request named is now attached."""
        a, p = self.spec.sets["dev"], self.spec.sets["peer"]
        ifx = pid = None
        for t, d in parse_attrs(rm[20:]):
            if t & 0x3fff == a["ifindex"].num and len(d) == 4:
                ifx = struct.unpack("=I", d)[0]
            elif t & 0x3fff == a["peer"].num:
                for pt, pd in parse_attrs(d):
                    if pt & 0x3fff == p["id"].num and len(pd) == 4:
                        pid = struct.unpack("=I", pd)[0]
        if pid is not None and (ifx, pid) not in self.peers:
            self.peers.append((ifx, pid))
            del self.peers[:-32]
        if new:
            self.attached += 1
            for c in self.conns:
                if c.fd == self.last_fd:
                    c.attached = True

    def problem(self, m, buf, probs, replies):
        self.problems.append(probs)
        if len(self.problems) > 20:
            return
        print("%s: FAIL: message %d (%s%s): %s" % (
            self.tag, self.nmsgs, m.kind,
            " " + ",".join(m.muts) if m.muts else "", "; ".join(probs)))
        print("%s:   sent %s" % (self.tag, buf[:512].hex()))
        for r in replies[:4]:
            print("%s:   reply %s" % (self.tag, r[0][:256].hex()))
        sys.stdout.flush()

    def last_sockfd(self, m):
        for n in m.nodes():
            if n.attr and n.attr.set == "peer" and n.attr.name == "sockfd" \
                    and len(n.data) == 4:
                return struct.unpack("=i", n.data)[0]
        return None

    def one(self):
        x = self.r.random()
        if x < 0.35:
            m = self.valid()
        elif x < 0.9:
            m = self.mutate(self.valid())
        else:
            m = self.random_msg()
        self.last_fd = self.last_sockfd(m)
        doomed = self.doom(m) if self.r.random() < 0.3 else None
        self.send(m)
        if doomed in self.conns:
            doomed.close()
            self.conns.remove(doomed)
            self.fill_pool()

    def final_checks(self):
        """Still answering, and each device's npeers is its peer dump."""
        self.refresh_devices()
        for ifx in self.devs["ipt6"]:
            for attempt in range(10):
                npeers, dumped = self.npeers(ifx), self.peer_dump(ifx)
                if npeers is None or npeers == dumped:
                    break
                time.sleep(0.2)
            if npeers is not None and npeers != dumped:
                self.problems.append(["ifindex %d: npeers %d, dump lists %d" %
                                      (ifx, npeers, dumped)])
                print("%s: FAIL: ifindex %d says %d peers, its dump lists %d" %
                      (self.tag, ifx, npeers, dumped))

    def npeers(self, ifx):
        a = self.spec.sets["dev"]
        m = Msg(self.ops_of["dev-get"].num,
                [Node(a["ifindex"].num, a["ifindex"].pack_int(ifx))])
        _, replies, _ = self.nl.exchange(m.pack(self.nl.family, 1))
        for rm, t, fl, seq in replies:
            if t == self.nl.family:
                for at, d in parse_attrs(rm[20:]):
                    if at == a["npeers"].num:
                        return struct.unpack("=I", d)[0]
        return None

    def peer_dump(self, ifx):
        a = self.spec.sets["dev"]
        m = Msg(self.ops_of["peer-get"].num,
                [Node(a["ifindex"].num, a["ifindex"].pack_int(ifx))], dump=True)
        _, replies, _ = self.nl.exchange(m.pack(self.nl.family, 1))
        return sum(1 for r in replies if r[1] == self.nl.family)

    def summary(self):
        t = self.tag
        print("%s: %d messages (%s), %d peers attached, %d actions on connections" % (
            t, self.nmsgs, ", ".join("%s %d" % kv for kv in sorted(self.kinds.items())
                                     if not kv[0].startswith("act:")),
            self.attached, self.actions))
        acts = sorted((k[4:], v) for k, v in self.kinds.items() if k.startswith("act:"))
        if acts:
            print("%s: connection actions: %s" % (t, " ".join("%s:%d" % a for a in acts)))
        print("%s: mutations: %s" % (t, " ".join(
            "%s:%d" % kv for kv in sorted(self.mutcount.items()))))
        cmds = sorted({k[0] for k in self.counts})
        for c in cmds:
            row = sorted((k[1], v) for k, v in self.counts.items() if k[0] == c)
            print("%s:   %-16s %s" % (t, c, " ".join("%s:%d" % kv for kv in row)))
        print("%s: %s" % (t, "%d problems" % len(self.problems)
                          if self.problems else "no problems"))


def watchdog(signum, frame):
    raise Fail("no progress for %d s (kernel hang?)" % (2 * TIMEOUT))


def fuzz(args, spec, seed, tag):
    print("%s: seed %d, %d s, %s, pid %d" % (
        tag, seed, args.seconds, "unprivileged" if args.unpriv else "privileged",
        os.getpid()))
    sys.stdout.flush()
    f = Fuzzer(spec, random.Random(seed), args.unpriv, args.seconds, tag)
    signal.signal(signal.SIGALRM, watchdog)
    try:
        end = time.monotonic() + args.seconds
        while time.monotonic() < end:
            signal.alarm(2 * TIMEOUT)
            f.one()
            if not f.unpriv and f.r.random() < 0.05:
                f.meddle()
            if f.nmsgs % 200 == 0:
                f.refresh_devices()
        signal.alarm(4 * TIMEOUT)
        if not f.unpriv:
            f.final_checks()
        signal.alarm(0)
    except Fail as e:
        print("%s: FAIL: %s; last message %d" % (tag, e, f.nmsgs))
        f.problems.append([str(e)])
    f.summary()
    for c in f.conns:
        c.close()
    return 1 if f.problems else 0


def replay(hexmsg):
    nl = Nl()
    buf = bytearray(bytes.fromhex(hexmsg))
    if len(buf) >= 6:
        struct.pack_into("=H", buf, 4, nl.family)
    senderr, replies, _ = nl.exchange(bytes(buf))
    print("send: %s" % ename(senderr))
    for m, t, fl, seq in replies:
        if t == NLMSG_ERROR:
            err, text = ack_info(m)
            print("ack: %s %s" % (ename(err), text))
        else:
            print("reply type %s: %s" % (t, m.hex()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float,
                    default=float(os.environ.get("IPT6_NLFUZZ_SECONDS", 60)))
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--unpriv", action="store_true",
                    help="expect to be refused (no CAP_NET_ADMIN)")
    ap.add_argument("--spec", default=os.path.join(HERE, "..", "uapi", "ipt6.yaml"))
    ap.add_argument("--replay", metavar="HEX")
    args = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)   # jobs share the output
    if args.replay:
        replay(args.replay)
        return 0
    seed = args.seed
    if seed is None:
        env = os.environ.get("IPT6_SEED")
        seed = int(env) if env else random.SystemRandom().randrange(1 << 31)
    spec = Spec(args.spec)
    bad = spec.check_header()
    if bad:
        print("nlfuzz: FAIL: the uapi header does not match the spec:")
        for b in bad:
            print("nlfuzz:   " + b)
        return 1
    print("nlfuzz: spec: %d commands, %d attribute sets; seed %d (IPT6_SEED=%d to repeat)" %
          (len(spec.ops), len(spec.sets), seed, seed))
    sys.stdout.flush()
    if args.jobs <= 1:
        return fuzz(args, spec, seed, "nlfuzz")
    kids = []
    for j in range(args.jobs):
        pid = os.fork()
        if pid == 0:
            rc = 1
            try:
                rc = fuzz(args, spec, seed + j, "nlfuzz[%d]" % j)
            finally:
                sys.stdout.flush()
                os._exit(rc)
        kids.append(pid)
    rc = 0
    for pid in kids:
        _, st = os.waitpid(pid, 0)
        rc |= 1 if st else 0
    return rc


if __name__ == "__main__":
    sys.exit(main())
