// SPDX-License-Identifier: MIT
/*
 * vmcs_ptr.c - the VMCS-pointer instructions VMCLEAR, VMPTRLD, VMPTRST
 * (SDM 31.3).
 */
#include "insn_internal.h"

/* Read the m64 operand: 0, or 1 with *out finished with rule mem. */
static int read_ptr(const struct nvmx_insn_ctx *ctx,
		    struct nvmx_insn_outcome *out, enum nvmx_insn_rule mem,
		    uint64_t *addr)
{
	struct nvmx_fault f;
	uint8_t b[8];

	if (nvmx_insn_read_mem(ctx, ctx->op.la, b, 8, &f)) {
		nvmx_insn_fault(out, mem, &f);
		return 1;
	}
	*addr = nvmx_le(b, 8);
	return 0;
}

int nvmx_insn_vmclear(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		      struct nvmx_insn_outcome *out)
{
	static const struct nvmx_prologue p = {
		.ud_reg = R(VMCLEAR, UD_REG),
		.ud_not_vmx = R(VMCLEAR, UD_NOT_VMX),
		.ud_mode = R(VMCLEAR, UD_MODE),
		.exit = R(VMCLEAR, EXIT),
		.cpl = R(VMCLEAR, CPL),
	};
	enum nvmx_insn_rule r;
	struct nvmx_vmcs12 *v;
	uint64_t addr;
	int err = nvmx_insn_begin(vcpu, ctx, out);

	if (err)
		return err;
	r = nvmx_insn_prologue(vcpu, ctx, &p);
	if (r)
		return nvmx_insn_finish(vcpu, ctx, out, r);
	if (read_ptr(ctx, out, R(VMCLEAR, MEM), &addr))
		return 0;
	if (!nvmx_insn_vmcs_ptr_ok(vcpu->model, addr))
		return nvmx_insn_finish(vcpu, ctx, out, R(VMCLEAR, ADDR));
	if (addr == vcpu->vmxon_ptr)
		return nvmx_insn_finish(vcpu, ctx, out, R(VMCLEAR, VMXON_PTR));
	/* "ensure that data for VMCS referenced by the operand is in
	 * memory": the caller's map_vmcs owns that; launch state := clear.
	 * VMCLEAR does not check the revision identifier. */
	v = nvmx_insn_map(ctx, addr);
	if (!v)
		return nvmx_insn_error(out, R(VMCLEAR, OK), NVMX_EFAULT);
	v->launch_state = NVMX_LAUNCH_CLEAR;
	if (addr == vcpu->current_vmcs)
		vcpu->current_vmcs = NVMX_VMCS_NONE;
	/* VMsucceed after the pointer change: no error field is written. */
	return nvmx_insn_finish(vcpu, ctx, out, R(VMCLEAR, OK));
}

int nvmx_insn_vmptrld(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		      struct nvmx_insn_outcome *out)
{
	static const struct nvmx_prologue p = {
		.ud_reg = R(VMPTRLD, UD_REG),
		.ud_not_vmx = R(VMPTRLD, UD_NOT_VMX),
		.ud_mode = R(VMPTRLD, UD_MODE),
		.exit = R(VMPTRLD, EXIT),
		.cpl = R(VMPTRLD, CPL),
	};
	const struct nvmx_model *m;
	enum nvmx_insn_rule r;
	struct nvmx_vmcs12 *v;
	uint64_t addr;
	uint32_t rev;
	int err = nvmx_insn_begin(vcpu, ctx, out);

	if (err)
		return err;
	m = vcpu->model;
	r = nvmx_insn_prologue(vcpu, ctx, &p);
	if (r)
		return nvmx_insn_finish(vcpu, ctx, out, r);
	if (read_ptr(ctx, out, R(VMPTRLD, MEM), &addr))
		return 0;
	if (!nvmx_insn_vmcs_ptr_ok(m, addr))
		return nvmx_insn_finish(vcpu, ctx, out, R(VMPTRLD, ADDR));
	if (addr == vcpu->vmxon_ptr)
		return nvmx_insn_finish(vcpu, ctx, out, R(VMPTRLD, VMXON_PTR));
	/* rev := 32 bits located at physical address addr */
	v = nvmx_insn_map(ctx, addr);
	if (!v)
		return nvmx_insn_error(out, R(VMPTRLD, REVISION), NVMX_EFAULT);
	rev = v->revision_id;
	if ((rev & NVMX_BASIC_REVISION_MASK) !=
	    (nvmx_msr(m, NVMX_MSR_VMX_BASIC) & NVMX_BASIC_REVISION_MASK))
		return nvmx_insn_finish(vcpu, ctx, out, R(VMPTRLD, REVISION));
	/* SDM 25.10: a shadow VMCS needs the 1-setting of "VMCS shadowing" */
	if ((rev & 0x80000000u) &&
	    !(nvmx_model_allowed1(m, NVMX_WORD_PROC2) &
	      NVMX_CTL_MASK(PROC2_VMCS_SHADOWING)))
		return nvmx_insn_finish(vcpu, ctx, out, R(VMPTRLD, SHADOW));
	vcpu->current_vmcs = addr;
	return nvmx_insn_finish(vcpu, ctx, out, R(VMPTRLD, OK));
}

int nvmx_insn_vmptrst(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		      struct nvmx_insn_outcome *out)
{
	static const struct nvmx_prologue p = {
		.ud_reg = R(VMPTRST, UD_REG),
		.ud_not_vmx = R(VMPTRST, UD_NOT_VMX),
		.ud_mode = R(VMPTRST, UD_MODE),
		.exit = R(VMPTRST, EXIT),
		.cpl = R(VMPTRST, CPL),
	};
	enum nvmx_insn_rule r;
	struct nvmx_fault f;
	uint8_t b[8];
	uint64_t ptr;
	int err = nvmx_insn_begin(vcpu, ctx, out);

	if (err)
		return err;
	r = nvmx_insn_prologue(vcpu, ctx, &p);
	if (r)
		return nvmx_insn_finish(vcpu, ctx, out, r);
	/* 64-bit in-memory destination operand := current-VMCS pointer */
	ptr = vcpu->current_vmcs;
	for (unsigned int i = 0; i < 8; i++)
		b[i] = (uint8_t)(ptr >> (8 * i));
	if (nvmx_insn_write_mem(ctx, ctx->op.la, b, 8, &f))
		return nvmx_insn_fault(out, R(VMPTRST, MEM), &f);
	return nvmx_insn_finish(vcpu, ctx, out, R(VMPTRST, OK));
}
