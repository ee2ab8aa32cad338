#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Regenerate the uapi header and the kernel's netlink policies from
# uapi/ipt6.yaml with the kernel's own YNL generator (ynl-gen-c.py), taken
# from Debian's linux-source-6.12 tarball.  The generated files are
# committed, as in the kernel tree; run this after editing the spec.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
gen=${YNL_GEN:-}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/ipt6-ynl

if [ -z "$gen" ]; then
	tarball=$(ls /usr/src/linux-source-6.*.tar.xz 2>/dev/null | sort -V | tail -1)
	if [ -z "$tarball" ]; then
		echo "regen: install linux-source-6.12 (or set YNL_GEN)" >&2
		exit 1
	fi
	if [ ! -f "$cache/tools/net/ynl/ynl-gen-c.py" ]; then
		mkdir -p "$cache"
		tar -xJf "$tarball" -C "$cache" --strip-components=1 \
			--wildcards '*/tools/net/ynl' '*/Documentation/netlink/*.yaml'
	fi
	gen=$cache/tools/net/ynl/ynl-gen-c.py
fi

# The generator names the spec relative to a tree holding MAINTAINERS.
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
: > "$root/MAINTAINERS"
mkdir -p "$root/Documentation/netlink/specs" "$root/out"
schemas=$(dirname "$(dirname "$gen")")/../../Documentation/netlink
cp -r "$schemas/." "$root/Documentation/netlink/"
cp "$top/uapi/ipt6.yaml" "$root/Documentation/netlink/specs/ipt6.yaml"
spec=$root/Documentation/netlink/specs/ipt6.yaml

# The spec gives requests subsets of attribute sets whose nests point to
# subsets in turn (dev-peer-del-input: peer -> peer-del-input), as ovpn's
# spec does.  The 6.12 generator copies a subset's attributes from the
# full set unchanged, so such a nest would get the full set's policy;
# later generators let the subset's entry override the keys it gives
# (commonly nested-attributes).  Run the generator with that behaviour.
run_gen() {
	python3 - "$gen" "$@" <<'EOF2'
import os, runpy, sys
gen = sys.argv[1]
sys.argv = sys.argv[1:]
sys.path.insert(0, os.path.dirname(os.path.abspath(gen)))
from lib import nlspec

subset_init = nlspec.SpecAttrSet.__init__


def init(self, family, yaml):
    subset_init(self, family, yaml)
    if self.subset_of is None:
        return
    full = family.attr_sets[self.subset_of]
    for elem in yaml['attributes']:
        if elem.keys() == {'name'}:
            continue
        attr = self.new_attr(full[elem['name']].yaml | elem,
                             full[elem['name']].value)
        self.attrs[attr.name] = attr
        self.attrs_by_val[attr.value] = attr


nlspec.SpecAttrSet.__init__ = init
runpy.run_path(gen, run_name='__main__')
EOF2
}

run_gen --mode uapi --header --spec "$spec" -o "$root/out/ipt6.h"
run_gen --mode kernel --header --spec "$spec" -o "$root/out/netlink-gen.h"
run_gen --mode kernel --source --spec "$spec" -o "$root/out/netlink-gen.c"
# Kernels before 6.13 generate no mcast-group flags: add the capability
# check of each group the spec marks admin-perm, and fail if it is missing.
python3 - "$spec" "$root/out/netlink-gen.c" <<'EOF2'
import re, sys, yaml
spec, src = sys.argv[1], sys.argv[2]
text = open(src).read()
for grp in yaml.safe_load(open(spec)).get('mcast-groups', {}).get('list', []):
    if 'admin-perm' not in grp.get('flags', []):
        continue
    name = grp['name']
    if re.search(r'"%s",[^}]*GENL_MCAST_CAP_NET_ADMIN' % re.escape(name), text):
        continue
    old = '{ "%s", }' % name
    if old not in text:
        sys.exit('regen: cannot find mcast group %s to add its flags' % name)
    text = text.replace(old, '{ "%s", .flags = GENL_MCAST_CAP_NET_ADMIN, }' % name)
open(src, 'w').write(text)
EOF2
cp "$root/out/ipt6.h" "$top/uapi/linux/ipt6.h"
cp "$root/out/netlink-gen.h" "$root/out/netlink-gen.c" "$top/kmod/"
echo "regen: uapi/linux/ipt6.h kmod/netlink-gen.[ch] updated"
