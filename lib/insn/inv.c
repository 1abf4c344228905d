// SPDX-License-Identifier: MIT
/*
 * inv.c - INVEPT and INVVPID (SDM 31.3). The library decides the outcome;
 * on VMsucceed L0 performs the invalidation the type asks for (it knows
 * which of its own EPT / VPID contexts stand for L1's).
 */
#include "insn_internal.h"

#include "entry_checks/entry_internal.h"

/* Read the 128-bit descriptor: 0, or 1 with *f filled. */
static int read_desc(const struct nvmx_insn_ctx *ctx, uint64_t d[2],
		     struct nvmx_fault *f)
{
	uint8_t b[16];

	if (nvmx_insn_read_mem(ctx, ctx->op.la, b, 16, f))
		return 1;
	d[0] = nvmx_le(b, 8);
	d[1] = nvmx_le(b + 8, 8);
	return 0;
}

int nvmx_insn_invept(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		     struct nvmx_insn_outcome *out)
{
	static const struct nvmx_prologue p = {
		.ud_reg = R(INVEPT, UD_REG),
		.ud_not_vmx = R(INVEPT, UD_NOT_VMX),
		.ud_mode = R(INVEPT, UD_MODE),
		.exit = R(INVEPT, EXIT),
		.cpl = R(INVEPT, CPL),
	};
	const struct nvmx_model *m;
	enum nvmx_insn_rule r;
	struct nvmx_fault f;
	uint64_t cap, type, d[2];
	int err = nvmx_insn_begin(vcpu, ctx, out);

	if (err)
		return err;
	m = vcpu->model;
	cap = nvmx_msr(m, NVMX_MSR_VMX_EPT_VPID_CAP);
	/* #UD if EPT (IA32_VMX_PROCBASED_CTLS2[33]) or INVEPT
	 * (IA32_VMX_EPT_VPID_CAP[20]) is not supported (Exceptions). */
	if (!(nvmx_model_allowed1(m, NVMX_WORD_PROC2) &
	      NVMX_CTL_MASK(PROC2_ENABLE_EPT)) ||
	    !(cap & NVMX_EPT_CAP_INVEPT))
		return nvmx_insn_finish(vcpu, ctx, out,
					R(INVEPT, UD_UNSUPPORTED));
	r = nvmx_insn_prologue(vcpu, ctx, &p);
	if (r)
		return nvmx_insn_finish(vcpu, ctx, out, r);
	/* INVEPT_TYPE: 64 bits in 64-bit mode, else 32 */
	type = nvmx_operand_size(ctx->reg, nvmx_ctx_64bit(ctx));
	if (!((type == 1 && (cap & NVMX_EPT_CAP_INVEPT_SINGLE)) ||
	      (type == 2 && (cap & NVMX_EPT_CAP_INVEPT_ALL))))
		return nvmx_insn_finish(vcpu, ctx, out, R(INVEPT, TYPE));
	if (read_desc(ctx, d, &f))
		return nvmx_insn_fault(out, R(INVEPT, MEM), &f);
	/* Single-context: VMfail if VM entry would fail due to the EPTP */
	if (type == 1 && !nvmx_insn_eptp_ok(m, d[0]))
		return nvmx_insn_finish(vcpu, ctx, out, R(INVEPT, EPTP));
	return nvmx_insn_finish(vcpu, ctx, out, R(INVEPT, OK));
}

int nvmx_insn_invvpid(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		      struct nvmx_insn_outcome *out)
{
	static const struct nvmx_prologue p = {
		.ud_reg = R(INVVPID, UD_REG),
		.ud_not_vmx = R(INVVPID, UD_NOT_VMX),
		.ud_mode = R(INVVPID, UD_MODE),
		.exit = R(INVVPID, EXIT),
		.cpl = R(INVVPID, CPL),
	};
	static const uint64_t type_cap[4] = {
		NVMX_VPID_CAP_INDIV_ADDR, NVMX_VPID_CAP_SINGLE,
		NVMX_VPID_CAP_ALL, NVMX_VPID_CAP_SINGLE_GLOBALS,
	};
	const struct nvmx_model *m;
	enum nvmx_insn_rule r;
	struct nvmx_fault f;
	uint64_t cap, type, d[2];
	int err = nvmx_insn_begin(vcpu, ctx, out);

	if (err)
		return err;
	m = vcpu->model;
	cap = nvmx_msr(m, NVMX_MSR_VMX_EPT_VPID_CAP);
	/* #UD if VPIDs (IA32_VMX_PROCBASED_CTLS2[37]) or INVVPID
	 * (IA32_VMX_EPT_VPID_CAP[32]) are not supported (Exceptions). */
	if (!(nvmx_model_allowed1(m, NVMX_WORD_PROC2) &
	      NVMX_CTL_MASK(PROC2_ENABLE_VPID)) ||
	    !(cap & NVMX_VPID_CAP_INVVPID))
		return nvmx_insn_finish(vcpu, ctx, out,
					R(INVVPID, UD_UNSUPPORTED));
	r = nvmx_insn_prologue(vcpu, ctx, &p);
	if (r)
		return nvmx_insn_finish(vcpu, ctx, out, r);
	type = nvmx_operand_size(ctx->reg, nvmx_ctx_64bit(ctx));
	if (type > 3 || !(cap & type_cap[nvmx_clamp_index(type, 4)]))
		return nvmx_insn_finish(vcpu, ctx, out, R(INVVPID, TYPE));
	if (read_desc(ctx, d, &f))
		return nvmx_insn_fault(out, R(INVVPID, MEM), &f);
	if (d[0] >> 16)
		return nvmx_insn_finish(vcpu, ctx, out, R(INVVPID, RESERVED));
	if (type != 2 && (d[0] & 0xffff) == 0)
		return nvmx_insn_finish(vcpu, ctx, out, R(INVVPID, VPID0));
	if (type == 0 && !nvmx_canonical_max(m, d[1]))
		return nvmx_insn_finish(vcpu, ctx, out,
					R(INVVPID, NONCANONICAL));
	return nvmx_insn_finish(vcpu, ctx, out, R(INVVPID, OK));
}
