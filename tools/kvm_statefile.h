/* SPDX-License-Identifier: MIT */
/*
 * kvm_statefile.h - the text form of a KVM nested state (struct
 * nvmx_kvm_state) used by `nvmx nested-state --state` and `--export`.
 *
 * One "key = value" per line, '#' starts a comment. Keys: vmxon_pa,
 * vmcs12_pa, guest_mode, run_pending, mtf_pending, evmcs, smm_vmxon,
 * smm_guest_mode, preemption_timer_deadline (absent: none), and per page
 * vmcs12.<FIELD> / shadow.<FIELD> with FIELD a fields.def name or one of
 * revision, abort, launch_state. Numbers in C syntax (0x..., decimal).
 */
#ifndef NVMX_TOOL_KVM_STATEFILE_H
#define NVMX_TOOL_KVM_STATEFILE_H

#include <stdio.h>

#include <nvmx/kvm.h>

/* Parse a state file. 0, or -1 with a message "line N: ..." in err. */
int kvm_statefile_read(FILE *f, struct nvmx_kvm_state *s, char *err,
		       size_t errlen);
/* Write s (vmcs12 fields: every nonzero one, plus the link pointer). */
void kvm_statefile_write(FILE *f, const struct nvmx_kvm_state *s);

#endif
