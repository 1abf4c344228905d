// SPDX-License-Identifier: MIT
/*
 * vmxon.c - VMXON and VMXOFF (SDM 31.3 "VMXON", "VMXOFF").
 *
 * VMXON's checks are those of nvmx_vmxon_check() (lib/msr/featctl.c, the
 * ordered list of shared/spec/lam-featctl-evmcs.md B.3); this file does
 * the memory accesses at the point the pseudo-code makes them, maps the
 * verdict onto the rule table and applies the state change.
 */
#include "insn_internal.h"

/* nvmx_vmxon_check() IDs -> rules.def rows (ROOT splits on CPL). */
static enum nvmx_insn_rule vmxon_rule(enum nvmx_vmxon_check_id id, uint8_t cpl)
{
	switch (id) {
	case NVMX_VMXON_OK: return R(VMXON, OK);
	case NVMX_VMXON_UD_OPERAND: return R(VMXON, UD_REG);
	case NVMX_VMXON_UD_MODE: return R(VMXON, UD_MODE);
	case NVMX_VMXON_NONROOT: return R(VMXON, EXIT);
	case NVMX_VMXON_ROOT: return cpl ? R(VMXON, ROOT_CPL) : R(VMXON, ROOT);
	case NVMX_VMXON_CPL: return R(VMXON, CPL);
	case NVMX_VMXON_A20M: return R(VMXON, A20M);
	case NVMX_VMXON_CR0_FIXED: return R(VMXON, CR0_FIXED);
	case NVMX_VMXON_CR4_FIXED: return R(VMXON, CR4_FIXED);
	case NVMX_VMXON_FC_LOCK: return R(VMXON, FC_LOCK);
	case NVMX_VMXON_FC_SMX: return R(VMXON, FC_SMX);
	case NVMX_VMXON_FC_NOSMX: return R(VMXON, FC_NOSMX);
	case NVMX_VMXON_MEMOP: return R(VMXON, MEM);
	case NVMX_VMXON_ADDR: return R(VMXON, ADDR);
	case NVMX_VMXON_REV: return R(VMXON, REVISION);
	default: return NVMX_RULE_NONE;
	}
}

int nvmx_insn_vmxon(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		    struct nvmx_insn_outcome *out)
{
	const struct nvmx_model *m;
	struct nvmx_vmxon_env env = { 0 };
	struct nvmx_vmxon_result res;
	enum nvmx_insn_rule r;
	struct nvmx_fault f;
	uint8_t b[8];
	int err = nvmx_insn_begin(vcpu, ctx, out);

	if (err)
		return err;
	m = vcpu->model;
	env.reg_operand = !ctx->op.is_mem;
	env.v86_or_compat = ctx->rflags_vm || (ctx->efer_lma && !ctx->cs_l);
	env.in_vmx_operation = vcpu->in_vmx;
	env.in_vmx_non_root = vcpu->in_vmx && vcpu->non_root;
	env.has_current_vmcs = vcpu->current_vmcs != NVMX_VMCS_NONE;
	env.a20m = ctx->a20m;
	env.in_smx = ctx->in_smx;
	env.cpl = ctx->cpl;
	env.cr0 = ctx->cr0;
	env.cr4 = ctx->cr4;
	env.feat_ctl = vcpu->feature_control;
	/* Phase 1: every check before "addr := contents of the 64-bit
	 * in-memory source operand", with a stand-in operand that passes
	 * the later checks: the memory is touched only if they all pass. */
	env.vmxon_pa = 0;
	env.region_rev = (uint32_t)(nvmx_msr(m, NVMX_MSR_VMX_BASIC) &
				    NVMX_BASIC_REVISION_MASK);
	err = nvmx_vmxon_check(m, &env, &res);
	if (err < 0)
		return nvmx_insn_error(out, NVMX_RULE_NONE, err);
	if (res.check != NVMX_VMXON_OK)
		return nvmx_insn_finish(vcpu, ctx, out,
					vmxon_rule(res.check, ctx->cpl));
	/* Phase 2: the operand fetch, then the pointer and the revision
	 * identifier ("rev := 32 bits located at physical address addr"). */
	if (nvmx_insn_read_mem(ctx, ctx->op.la, b, 8, &f))
		return nvmx_insn_fault(out, R(VMXON, MEM), &f);
	env.vmxon_pa = nvmx_le(b, 8);
	if (nvmx_insn_vmcs_ptr_ok(m, env.vmxon_pa)) {
		if (!ctx->read_gpa ||
		    ctx->read_gpa(ctx->opaque, env.vmxon_pa, b, 4))
			return nvmx_insn_error(out, R(VMXON, REVISION),
					       NVMX_EFAULT);
		env.region_rev = (uint32_t)nvmx_le(b, 4);
	}
	err = nvmx_vmxon_check(m, &env, &res);
	if (err < 0)
		return nvmx_insn_error(out, NVMX_RULE_NONE, err);
	r = vmxon_rule(res.check, ctx->cpl);
	if (r != R(VMXON, OK))
		return nvmx_insn_finish(vcpu, ctx, out, r);
	/* current-VMCS pointer := FFFFFFFF_FFFFFFFFH; enter VMX operation.
	 * (Blocking INIT, A20M, monitoring and PT are L0's business.) */
	vcpu->vmxon_ptr = env.vmxon_pa;
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
