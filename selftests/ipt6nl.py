# SPDX-License-Identifier: GPL-2.0
"""Raw generic netlink requests to the ipt6 family, for tests that send
what ipt6ctl never would (malformed or misplaced attributes) and read the
kernel's answer: its error and extack message.  Command and attribute
numbers come from the uapi header, as any client has them."""
import os
import re
import socket
import struct

NLM_F_REQUEST, NLM_F_ACK, NLM_F_CAPPED, NLM_F_ACK_TLVS = 1, 4, 0x100, 0x200
NLM_F_DUMP = 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLA_F_NESTED, NLA_TYPE_MASK = 0x8000, 0x3fff


def uapi_numbers(header=None):
    """Every IPT6_* enum entry of the uapi header, by name."""
    if header is None:
        top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        header = os.path.join(top, "uapi", "linux", "ipt6.h")
    num = {}
    for body in re.findall(r"enum \w*\s*{([^}]*)}", open(header).read()):
        v = -1
        for name, val in re.findall(r"(IPT6_\w+)(?:\s*=\s*(\d+))?,", body):
            v = int(val) if val else v + 1
            num[name] = v
    return num


def attr(t, data):
    return struct.pack("HH", 4 + len(data), t) + data + b"\0" * (-len(data) % 4)


def nest(t, *attrs):
    return attr(t | NLA_F_NESTED, b"".join(attrs))


def u32(v):
    return struct.pack("I", v)


def s32(v):
    return struct.pack("i", v)


def attrs_of(buf, off):
    while off + 4 <= len(buf):
        l, t = struct.unpack_from("HH", buf, off)
        if l < 4:
            break
        yield t, buf[off + 4:off + l]
        off += (l + 3) & ~3


class Genl:
    def __init__(self, name="ipt6"):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
        self.s.setsockopt(270, 11, 1)  # SOL_NETLINK, NETLINK_EXT_ACK
        # CTRL_CMD_GETFAMILY (3) with CTRL_ATTR_FAMILY_NAME (2); id: attr 1.
        reply, _ = self.request(16, 3, [attr(2, name.encode() + b"\0")])
        self.family = struct.unpack("H", dict(attrs_of(reply, 20))[1][:2])[0]

    def mcast_group(self, family_name, group):
        """The id of a multicast group of a family (CTRL_ATTR_MCAST_GROUPS)."""
        reply, _ = self.request(16, 3, [attr(2, family_name.encode() + b"\0")])
        groups = dict(attrs_of(reply, 20)).get(7, b"")
        for _, grp in attrs_of(groups, 0):
            a = dict(attrs_of(grp, 0))  # 1: name, 2: id
            if a[1].rstrip(b"\0").decode() == group:
                return struct.unpack("I", a[2])[0]
        raise KeyError(group)

    def join(self, group_id):
        """Join a multicast group; raises PermissionError when refused."""
        self.s.setsockopt(270, 1, group_id)  # NETLINK_ADD_MEMBERSHIP

    def request(self, family, cmd, attrs, flags=0):
        """Send; return the first reply and the final answer: the ack
        (NLMSG_ERROR), or the end of a dump (NLMSG_DONE), which a dump
        that fails in its first part sends instead of an ack."""
        body = struct.pack("BBH", cmd, 1, 0) + b"".join(attrs)
        self.sent = struct.pack("IHHII", 16 + len(body), family,
                                NLM_F_REQUEST | NLM_F_ACK | flags, 1, 0) + body
        self.s.send(self.sent)
        first = None
        while True:
            buf = self.s.recv(65536)
            off = 0
            while off + 16 <= len(buf):
                l, t = struct.unpack_from("IH", buf, off)
                m = buf[off:off + l]
                if t in (NLMSG_ERROR, NLMSG_DONE):
                    return first or m, m
                first = first or m
                off += (l + 3) & ~3

    def call(self, cmd, attrs):
        """Request to our family; the error and its reason (see error())."""
        return error(self.request(self.family, cmd, attrs)[1])

    def refusal(self, cmd, attrs, dump=False):
        """Request (or dump) to our family: the error, its reason and the
        attribute the kernel points at (NLMSGERR_ATTR_OFFS), as the list
        of attribute types from the top level down to it; [] if none."""
        ack = self.request(self.family, cmd, attrs, NLM_F_DUMP if dump else 0)[1]
        err, msg = error(ack)
        off = ack_tlvs(ack).get(2)  # NLMSGERR_ATTR_OFFS
        if off is None:
            return err, msg, []
        return err, msg, attr_path(self.sent, 20, struct.unpack("I", off)[0])


def ack_tlvs(r):
    """The extended ack attributes of an NLMSG_ERROR or NLMSG_DONE."""
    t, flags = struct.unpack_from("HH", r, 4)
    if not flags & NLM_F_ACK_TLVS:
        return {}
    if t == NLMSG_DONE:  # the error, then the attributes
        return dict(attrs_of(r, 20))
    orig_len = struct.unpack_from("I", r, 20)[0]
    return dict(attrs_of(r, 36 if flags & NLM_F_CAPPED else 20 + orig_len))


def attr_path(msg, off, target):
    """Types of the attributes, outermost first, that lead from offset off
    of msg to the attribute at offset target."""
    end = len(msg)
    while off + 4 <= end:
        l, t = struct.unpack_from("HH", msg, off)
        if l < 4:
            break
        if off == target:
            return [t & NLA_TYPE_MASK]
        if off < target < off + l:
            return [t & NLA_TYPE_MASK] + attr_path(msg[:off + l], off + 4, target)
        off += (l + 3) & ~3
    return ["?"]


def error(r):
    """The error and its reason: extack message, or the missing attribute."""
    err = struct.unpack_from("i", r, 16)[0]
    tlv = ack_tlvs(r)
    if 1 in tlv:  # NLMSGERR_ATTR_MSG
        return err, tlv[1].rstrip(b"\0").decode()
    if 5 in tlv:  # NLMSGERR_ATTR_MISS_TYPE
        return err, "missing attribute %d" % struct.unpack("I", tlv[5])[0]
    return err, ""
