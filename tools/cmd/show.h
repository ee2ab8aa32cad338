/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two renderings of `ipt6ctl show` (show_render.c): text for people
 * and one JSON line for programs, of the same state.h description.
 */
#ifndef IPT6CTL_SHOW_H
#define IPT6CTL_SHOW_H

#include <stdio.h>

#include "state.h"

void show_human(FILE *f, const struct ipt6_state *st);
/* {"devices": [IP-HTTPS...], "isatap": [ISATAP...]} and a newline. */
void show_json(FILE *f, const struct ipt6_state *st);

#endif
