#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The DirectAccess scenario of `make demo`, as a test: the same script,
# which exits 0 only if every step worked.
exec bash "$(dirname "$0")/../demo.sh"
