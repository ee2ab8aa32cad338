/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which process supervises a device.  A client claims its device with an
 * abstract unix socket named after the ifindex: such names live in the
 * network namespace, and the kernel drops the claim when the process
 * ends however it ends, so a claim is never stale.
 */
#ifndef IPT6_CLAIM_H
#define IPT6_CLAIM_H

#include <sys/types.h>

#include "err.h"

/*
 * Claim device @ifindex (@ifname for messages) for this process.  Returns
 * the socket holding the claim (keep it open), or -1 with
 * IPT6_E_INTERFACE when another process holds it, IPT6_E_SYSTEM else.
 */
int ipt6_claim_dev(int ifindex, const char *ifname, struct ipt6_err *err);

/*
 * 1 when a live process holds a claim on @ifindex (*pid: its process id,
 * or 0 when unknown), 0 when none does, -1 when it cannot be told.
 */
int ipt6_claim_holder(int ifindex, pid_t *pid);

#endif /* IPT6_CLAIM_H */
