#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The man page against the program (host-side, no VM, no module): it
# renders without warnings, and every command of ipt6ctl's table
# (tools/cmd/ipt6ctl.c) has a SYNOPSIS entry and a section that names
# every option its --help names (--long as \-\-long, -s as \-s) and every
# keyword of its usage lines (role, ttl, add, ...).  Each is looked for in
# the command's own section (up's: and CONFIGURATION FILE), so an option
# of one command documented only under another still fails.  Run by install-check.sh ('make
# check-install'); alone: bash selftests/man-check.sh.  Exit 0 pass,
# 1 fail.  Needs tools/ipt6ctl built.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
ret=0
man=docs/ipt6ctl.8
ctl=tools/ipt6ctl

fail() { echo "FAIL: $*"; ret=1; }
ok() { echo "ok: $*"; }
check() {
	local what=${*: -1}
	if "${@:1:$#-1}"; then ok "$what"; else fail "$what"; fi
}

# How troff source writes what is typed: every '-' as '\-'.
esc() { printf '%s' "${1//-/\\-}"; }

# Whether stdin names option $1 as a word of its own: \-\-proxy is not
# found in \-\-proxy\-user, nor \-r in \-\-router.
names_opt() {
	local e
	e=$(esc "$1")
	e=${e//\\/\\\\}
	grep -qE -- '(^|[^-A-Za-z0-9])'"$e"'([^A-Za-z0-9\\]|\\[^-]|$)'
}

# The lines of section .SS "$1 ..." (up to the next .SS or .SH).
section() {
	H=".SS $(esc "$1")" awk '
		BEGIN { h = ENVIRON["H"] }
		/^\.S[SH]( |$)/ { in_sec = $0 == h || index($0, h " ") == 1 }
		in_sec' "$man"
}

# The .SH section that documents what $1's --help says beyond its own
# section: up's --help holds the configuration file, whose keys name the
# client's and server's options.
also() {
	case $1 in
	up) echo "CONFIGURATION FILE" ;;
	esac
}

# The lines of .SH section "$1".
sh_section() {
	H=".SH $1" awk '
		BEGIN { h = ENVIRON["H"] }
		/^\.SH / { in_sec = $0 == h }
		in_sec' "$man"
}

# The command names of the SYNOPSIS: '.B NAME' right after '.SY ipt6ctl'.
synopsis_cmds() {
	awk '/^\.SH /	{ syn = $0 == ".SH SYNOPSIS" }
	     syn && prev == ".SY ipt6ctl" && /^\.B / { print $2 }
	     { prev = $0 }' "$man"
}

# Options of $1's --help: long ones, and short ones as '  -r, --router'.
help_opts() {
	"$ctl" "$1" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u
	"$ctl" "$1" --help | sed -n 's/^ *\(-[a-zA-Z0-9]\), --.*/\1/p' | sort -u
}

# Keywords of $1's usage: lower-case words of its --help 'Usage:' lines
# and of its synopsis in the table, other than options and the names.
usage_words() {
	{
		"$ctl" "$1" --help | sed -n '/^Usage:/,/^$/p'
		"$ctl" --help | sed -n "s/^  $1 \(.*\)/\1/p" | sed 's/  .*//'
	} | sed -e 's/^Usage://' -e "s/ipt6ctl $1\( \|$\)/ /g" \
		-e 's/--*[a-z][a-z0-9-]*//g' |
		grep -o '\b[a-z][a-z0-9]*\b' | sort -u
}

if [ ! -x "$ctl" ]; then
	fail "$ctl not built (make -C tools)"
	exit 1
fi
if command -v groff >/dev/null; then
	out=$(groff -man -ww -z "$man" 2>&1)
	check [ -z "$out" ] "man page renders without warnings${out:+: $out}"
else
	echo "SKIP: groff not installed: rendering not checked"
fi

table=$(grep -o '{ "[a-z][a-z0-9-]*", cmd_' tools/cmd/ipt6ctl.c |
	sed 's/{ "\(.*\)", cmd_/\1/')
listed=$("$ctl" --help | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p')
check [ -n "$table" ] "commands in tools/cmd/ipt6ctl.c's table"
check [ "$table" = "$listed" ] "ipt6ctl --help lists every command of the table"
syn=$(synopsis_cmds)
for c in $table; do
	check grep -qxF -- "$(esc "$c")" <<<"$syn" "SYNOPSIS names '$c'"
	sec=$(section "$c")
	check [ -n "$sec" ] "man page section for '$c'"
	[ -n "$sec" ] || continue
	if [ -n "$(also "$c")" ]; then
		more=$(sh_section "$(also "$c")")
		check [ -n "$more" ] "man page section '$(also "$c")' (for '$c')"
		sec+=$'\n'$more
	fi
	for o in $(help_opts "$c"); do
		case $o in --help | -h) continue ;; esac
		check names_opt "$o" <<<"$sec" \
			"man page section '$c' names $o"
	done
	for w in $(usage_words "$c"); do
		check grep -qw -- "$w" <<<"$sec" \
			"man page section '$c' names the keyword '$w'"
	done
done

[ $ret -eq 0 ] && echo "man check: pass" || echo "man check: FAIL"
exit $ret
