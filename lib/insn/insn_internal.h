/* SPDX-License-Identifier: MIT */
/*
 * insn_internal.h - what the instruction files of lib/insn share: the
 * outcome builders (each takes the rules.def row that decided), the
 * common instruction prologue and small SDM predicates.
 */
#ifndef NVMX_INSN_INTERNAL_H
#define NVMX_INSN_INTERNAL_H

#include <nvmx/insn.h>

#include "fields/fields_internal.h"

/* Short rule names inside lib/insn: R(VMXON, UD_REG). */
#define R(insn, id) NVMX_RULE_##insn##_##id

/* Number of a rule (exit reason or error), 0 if none. */
unsigned int nvmx_insn_rule_num(enum nvmx_insn_rule id);

/* Validate arguments and reset *out. 0 or NVMX_EINVAL. */
int nvmx_insn_begin(const struct nvmx_vcpu *vcpu,
		    const struct nvmx_insn_ctx *ctx,
		    struct nvmx_insn_outcome *out);

/*
 * Finish *out with rule r; the rule's kind (rules.def) gives the status:
 * UD/GP -> EXCEPTION, VMEXIT -> its reason, FAIL_INVALID, VMFAIL(num) ->
 * FAIL_VALID with the error written to the current VMCS (or FAIL_INVALID
 * without one), SUCCEED. Returns 0 or a negative NVMX_E* code.
 */
int nvmx_insn_finish(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		     struct nvmx_insn_outcome *out, enum nvmx_insn_rule r);
/* Finish with a memory fault passed through (rule of kind FAULT). */
int nvmx_insn_fault(struct nvmx_insn_outcome *out, enum nvmx_insn_rule r,
		    const struct nvmx_fault *f);
/* Finish with an API/callback error. */
int nvmx_insn_error(struct nvmx_insn_outcome *out, enum nvmx_insn_rule r,
		    int err);

/* IA32_EFER.LMA = 1 and CS.L = 1 (SDM 2.2: IA-32e 64-bit sub-mode). */
static inline bool nvmx_ctx_64bit(const struct nvmx_insn_ctx *c)
{
	return c->efer_lma && c->cs_l;
}

/*
 * The #UD mode conditions every VMX instruction but VMXON shares
 * (SDM 31.3): CR0.PE = 0, RFLAGS.VM = 1, or compatibility mode.
 */
static inline bool nvmx_ctx_bad_mode(const struct nvmx_insn_ctx *c)
{
	return !(c->cr0 & 1) || c->rflags_vm || (c->efer_lma && !c->cs_l);
}

/*
 * The prologue shared by VMXOFF, VMCLEAR, VMPTRLD, VMPTRST, VMLAUNCH,
 * VMRESUME, INVEPT, INVVPID (SDM 31.3: "IF register operand or not in VMX
 * operation or CR0.PE = 0 or ... THEN #UD; ELSIF in VMX non-root
 * operation THEN VM exit; ELSIF CPL > 0 THEN #GP(0)"). Rules may be
 * NVMX_RULE_NONE when the instruction lacks that branch. Returns the rule
 * that decides, or NVMX_RULE_NONE to go on.
 */
struct nvmx_prologue {
	enum nvmx_insn_rule ud_reg;	/* operand must be memory */
	enum nvmx_insn_rule ud_not_vmx;
	enum nvmx_insn_rule ud_mode;
	enum nvmx_insn_rule exit;
	enum nvmx_insn_rule cpl;
};
enum nvmx_insn_rule nvmx_insn_prologue(const struct nvmx_vcpu *vcpu,
				       const struct nvmx_insn_ctx *ctx,
				       const struct nvmx_prologue *p);

/* Read/write the memory operand: 0, or the fault in *f. */
int nvmx_insn_read_mem(const struct nvmx_insn_ctx *ctx, uint64_t la,
		       void *buf, size_t len, struct nvmx_fault *f);
int nvmx_insn_write_mem(const struct nvmx_insn_ctx *ctx, uint64_t la,
			const void *buf, size_t len, struct nvmx_fault *f);

/* Little-endian load of n <= 8 bytes. */
static inline uint64_t nvmx_le(const uint8_t *b, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | b[n];
	return v;
}

static inline uint64_t nvmx_msr(const struct nvmx_model *m, uint32_t idx)
{
	return m->msr[idx - NVMX_MSR_VMX_FIRST];
}

/*
 * A VMXON/VMCS pointer is 4-KiB aligned and within the physical-address
 * width: MAXPHYADDR, or 32 bits when IA32_VMX_BASIC[48] = 1 (SDM 31.3
 * VMXON/VMCLEAR/VMPTRLD, A.1).
 */
bool nvmx_insn_vmcs_ptr_ok(const struct nvmx_model *m, uint64_t pa);

/* The VMCS at gpa through the caller's map_vmcs, or NULL. */
struct nvmx_vmcs12 *nvmx_insn_map(const struct nvmx_insn_ctx *ctx,
				  uint64_t gpa);

/* An EPTP VM entry with "enable EPT" = 1 would accept (SDM 27.2.1.1). */
bool nvmx_insn_eptp_ok(const struct nvmx_model *m, uint64_t eptp);

/* Effective secondary controls of a vmcs12 (0 unless activated, 25.6.2). */
uint64_t nvmx_insn_proc2(const struct nvmx_vmcs12 *v);

#endif
