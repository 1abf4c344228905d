// SPDX-License-Identifier: MIT
/*
 * vmxon.c - VMXON and VMXOFF (SDM 31.3 "VMXON", "VMXOFF"; check list also
 * in shared/spec/lam-featctl-evmcs.md B.3).
 *
 * VMXON is implemented here in full: no nvmx_vmxon_check() of lib/msr was
 * available when this was written.
 */
#include "insn_internal.h"

/* CR0/CR4 "not supported in VMX operation" (SDM 24.8, A.7, A.8). */
static bool fixed_ok(uint64_t v, uint64_t fixed0, uint64_t fixed1)
{
	return (v & fixed0) == fixed0 && (v & ~fixed1) == 0;
}

/* The #GP(0) conditions of the "not in VMX operation" branch, in the
 * SDM's listing order (one combined IF: every one gives #GP(0)). */
static enum nvmx_insn_rule vmxon_gp(const struct nvmx_vcpu *vcpu,
				    const struct nvmx_insn_ctx *ctx)
{
	const struct nvmx_model *m = vcpu->model;
	uint64_t fc = vcpu->feature_control;

	if (ctx->cpl > 0)
		return R(VMXON, CPL);
	if (ctx->a20m)
		return R(VMXON, A20M);
	if (!fixed_ok(ctx->cr0, nvmx_msr(m, NVMX_MSR_VMX_CR0_FIXED0),
		      nvmx_msr(m, NVMX_MSR_VMX_CR0_FIXED1)))
		return R(VMXON, CR0_FIXED);
	if (!fixed_ok(ctx->cr4, nvmx_msr(m, NVMX_MSR_VMX_CR4_FIXED0),
		      nvmx_msr(m, NVMX_MSR_VMX_CR4_FIXED1)))
		return R(VMXON, CR4_FIXED);
	if (!(fc & NVMX_FEAT_CTL_LOCKED))
		return R(VMXON, FC_LOCK);
	if (ctx->in_smx && !(fc & NVMX_FEAT_CTL_VMX_IN_SMX))
		return R(VMXON, FC_SMX);
	if (!ctx->in_smx && !(fc & NVMX_FEAT_CTL_VMX_OUTSIDE_SMX))
		return R(VMXON, FC_NOSMX);
	return NVMX_RULE_NONE;
}

int nvmx_insn_vmxon(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		    struct nvmx_insn_outcome *out)
{
	const struct nvmx_model *m;
	enum nvmx_insn_rule r;
	struct nvmx_fault f;
	uint8_t b[8];
	uint64_t addr;
	uint32_t rev;
	int err = nvmx_insn_begin(vcpu, ctx, out);

	if (err)
		return err;
	m = vcpu->model;
	/* IF register operand or CR0.PE = 0 or CR4.VMXE = 0 or RFLAGS.VM = 1
	 * or (IA32_EFER.LMA = 1 and CS.L = 0) THEN #UD */
	if (!ctx->op.is_mem)
		return nvmx_insn_finish(vcpu, ctx, out, R(VMXON, UD_REG));
	if (!(ctx->cr4 & NVMX_CR4_VMXE) || nvmx_ctx_bad_mode(ctx))
		return nvmx_insn_finish(vcpu, ctx, out, R(VMXON, UD_MODE));
	/* ELSIF in VMX operation: non-root -> VM exit; CPL > 0 -> #GP(0);
	 * else VMfail(15). (Non-root implies VMX operation, so testing it
	 * first is the SDM's order.) */
	if (vcpu->in_vmx) {
		if (vcpu->non_root)
			r = R(VMXON, EXIT);
		else if (ctx->cpl > 0)
			r = R(VMXON, ROOT_CPL);
		else
			r = R(VMXON, ROOT);
		return nvmx_insn_finish(vcpu, ctx, out, r);
	}
	r = vmxon_gp(vcpu, ctx);
	if (r)
		return nvmx_insn_finish(vcpu, ctx, out, r);
	/* addr := contents of 64-bit in-memory source operand */
	if (nvmx_insn_read_mem(ctx, ctx->op.la, b, 8, &f))
		return nvmx_insn_fault(out, R(VMXON, MEM), &f);
	addr = nvmx_le(b, 8);
	if (!nvmx_insn_vmcs_ptr_ok(m, addr))
		return nvmx_insn_finish(vcpu, ctx, out, R(VMXON, ADDR));
	/* rev := 32 bits located at physical address addr */
	if (!ctx->read_gpa || ctx->read_gpa(ctx->opaque, addr, b, 4))
		return nvmx_insn_error(out, R(VMXON, REVISION), NVMX_EFAULT);
	rev = (uint32_t)nvmx_le(b, 4);
	if ((rev & 0x80000000u) ||
	    rev != (nvmx_msr(m, NVMX_MSR_VMX_BASIC) & NVMX_BASIC_REVISION_MASK))
		return nvmx_insn_finish(vcpu, ctx, out, R(VMXON, REVISION));
	/* current-VMCS pointer := FFFFFFFF_FFFFFFFFH; enter VMX operation.
	 * (Blocking INIT, A20M, monitoring and PT are L0's business.) */
	vcpu->vmxon_ptr = addr;
	vcpu->current_vmcs = NVMX_VMCS_NONE;
	vcpu->in_vmx = true;
	vcpu->non_root = false;
	return nvmx_insn_finish(vcpu, ctx, out, R(VMXON, OK));
}

int nvmx_insn_vmxoff(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		     struct nvmx_insn_outcome *out)
{
	static const struct nvmx_prologue p = {
		.ud_not_vmx = R(VMXOFF, UD_NOT_VMX),
		.ud_mode = R(VMXOFF, UD_MODE),
		.exit = R(VMXOFF, EXIT),
		.cpl = R(VMXOFF, CPL),
	};
	enum nvmx_insn_rule r;
	int err = nvmx_insn_begin(vcpu, ctx, out);

	if (err)
		return err;
	r = nvmx_insn_prologue(vcpu, ctx, &p);
	if (r)
		return nvmx_insn_finish(vcpu, ctx, out, r);
	if (vcpu->dual_monitor)
		return nvmx_insn_finish(vcpu, ctx, out,
					R(VMXOFF, DUAL_MONITOR));
	/* Decide first (VMsucceed needs no VMCS), then leave VMX operation. */
	err = nvmx_insn_finish(vcpu, ctx, out, R(VMXOFF, OK));
	vcpu->in_vmx = false;
	vcpu->non_root = false;
	vcpu->vmxon_ptr = NVMX_VMCS_NONE;
	vcpu->current_vmcs = NVMX_VMCS_NONE;
	return err;
}
