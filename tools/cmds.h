/* SPDX-License-Identifier: GPL-2.0 */
/* The ipt6ctl subcommands. */
#ifndef IPT6CTL_CMDS_H
#define IPT6CTL_CMDS_H

#include <signal.h>

#include "tls.h"

int cmd_show(int argc, char **argv);
int cmd_client(int argc, char **argv);
int cmd_server(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_detach(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_nat64(int argc, char **argv);
int cmd_up(int argc, char **argv);
int cmd_down(int argc, char **argv);
int cmd_isatap(int argc, char **argv);
int cmd_isatap_prl(int argc, char **argv);
int cmd_isatap_set(int argc, char **argv);
int cmd_diagnose(int argc, char **argv);

/*
 * TLS options common to client and server: 1 if @c was one of them, 0 if
 * not, -1 (after saying why) for a bad value.
 */
#define IPT6_TLS_OPTS_SHORT	"C:c:k:t:x:"
#define IPT6_TLS_LONG_OPTS						\
	{ "ca", required_argument, NULL, 'C' },				\
	{ "cert", required_argument, NULL, 'c' },			\
	{ "key", required_argument, NULL, 'k' },			\
	{ "tls", required_argument, NULL, 't' },			\
	{ "cipher", required_argument, NULL, 'x' }
int ipt6_tls_opt(int c, const char *arg, struct ipt6_tls_opts *o);

/* Stop flag set by SIGINT/SIGTERM for the long-running commands. */
extern volatile sig_atomic_t ipt6_stop;
void ipt6_catch_signals(void);

#endif
