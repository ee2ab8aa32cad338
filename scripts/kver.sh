#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the newest installed Debian 6.12 kernel that has both its image
# and its headers: the kernel the VM boots and the module is built for.
for v in $(ls /lib/modules 2>/dev/null | grep '^6\.12\..*-amd64$' | sort -rV); do
	if [ -f "/boot/vmlinuz-$v" ] && [ -d "/lib/modules/$v/build" ]; then
		echo "$v"
		exit 0
	fi
done
echo "kver: no 6.12 kernel with headers installed (run: make deps)" >&2
exit 1
