// SPDX-License-Identifier: MIT
/*
 * vmrw.c - VMREAD and VMWRITE (SDM 31.3), including VMCS shadowing
 * (SDM 25.6.15, 25.10, 26.1.3): executed by L2 while L1's current VMCS
 * has "VMCS shadowing" = 1, the instruction either exits to L1 or accesses
 * the shadow VMCS at the VMCS link pointer, as L1's bitmaps decide.
 */
#include "insn_internal.h"

struct rw_rules {
	enum nvmx_insn_rule ud_not_vmx, ud_mode, exit_no_shadow, exit_high,
		exit_bitmap, cpl, mem, no_vmcs, no_link, high32, unsupported,
		read_only, ok;
	enum nvmx_field_index bitmap;	/* VMREAD_BITMAP or VMWRITE_BITMAP */
};

static const struct rw_rules vmread_rules = {
	R(VMREAD, UD_NOT_VMX), R(VMREAD, UD_MODE), R(VMREAD, EXIT_NO_SHADOW),
	R(VMREAD, EXIT_HIGH), R(VMREAD, EXIT_BITMAP), R(VMREAD, CPL),
	R(VMREAD, MEM), R(VMREAD, NO_VMCS), R(VMREAD, NO_LINK),
	R(VMREAD, HIGH32), R(VMREAD, UNSUPPORTED), NVMX_RULE_NONE,
	R(VMREAD, OK), NVMX_IDX_VMREAD_BITMAP,
};

static const struct rw_rules vmwrite_rules = {
	R(VMWRITE, UD_NOT_VMX), R(VMWRITE, UD_MODE),
	R(VMWRITE, EXIT_NO_SHADOW), R(VMWRITE, EXIT_HIGH),
	R(VMWRITE, EXIT_BITMAP), R(VMWRITE, CPL), R(VMWRITE, MEM),
	R(VMWRITE, NO_VMCS), R(VMWRITE, NO_LINK), R(VMWRITE, HIGH32),
	R(VMWRITE, UNSUPPORTED), R(VMWRITE, READ_ONLY), R(VMWRITE, OK),
	NVMX_IDX_VMWRITE_BITMAP,
};

/*
 * The part both instructions share up to the VMCS the access goes to:
 * returns NVMX_RULE_NONE with *target set, or the rule that ends the
 * instruction (*err set on a callback failure). For VMWRITE the memory
 * source is read once the checks that need no VMCS passed (*src).
 */
static enum nvmx_insn_rule rw_common(struct nvmx_vcpu *vcpu,
				     const struct nvmx_insn_ctx *ctx,
				     const struct rw_rules *rr, bool write,
				     struct nvmx_vmcs12 **target,
				     uint64_t *src, struct nvmx_fault *f,
				     int *err)
{
	bool lm = nvmx_ctx_64bit(ctx);
	/* Outside 64-bit mode the operands are 32 bits (SDM 31.3). */
	uint64_t enc = nvmx_operand_size(ctx->reg, lm);
	struct nvmx_vmcs12 *cur = (void *)0;
	uint64_t gpa;
	uint8_t b[8];

	*err = 0;
	/* IF not in VMX operation or CR0.PE = 0 or RFLAGS.VM = 1 or
	 * compatibility mode THEN #UD */
	if (!vcpu->in_vmx)
		return rr->ud_not_vmx;
	if (nvmx_ctx_bad_mode(ctx))
		return rr->ud_mode;
	if (vcpu->non_root) {
		/* L2 runs, so L1's current VMCS (the one L2 runs under) is
		 * valid: VM entry required it. */
		cur = nvmx_insn_map(ctx, vcpu->current_vmcs);
		if (!cur)
			return *err = NVMX_EFAULT, rr->exit_no_shadow;
		/* ELSIF non-root AND ("VMCS shadowing" = 0 OR operand sets
		 * bits 63:15 OR bitmap bit of encoding bits 14:0 = 1)
		 * THEN VM exit */
		if (!(nvmx_insn_proc2(cur) &
		      NVMX_CTL_MASK(PROC2_VMCS_SHADOWING)))
			return rr->exit_no_shadow;
		if (enc >> 15)
			return rr->exit_high;
		/* SDM 25.6.15: 4-KiB bitmap, bit n = encoding n (14:0) */
		gpa = cur->field[rr->bitmap] + (enc >> 3);
		if (!ctx->read_gpa || ctx->read_gpa(ctx->opaque, gpa, b, 1))
			return *err = NVMX_EFAULT, rr->exit_bitmap;
		if ((b[0] >> (enc & 7)) & 1)
			return rr->exit_bitmap;
	}
	if (ctx->cpl > 0)
		return rr->cpl;
	if (write) {
		if (ctx->op.is_mem) {
			if (nvmx_insn_read_mem(ctx, ctx->op.la, b, lm ? 8 : 4,
					       f))
				return rr->mem;
			*src = nvmx_le(b, lm ? 8 : 4);
		} else {
			*src = nvmx_operand_size(ctx->op.value, lm);
		}
	}
	/* ELSIF (root AND no current VMCS) OR (non-root AND VMCS link
	 * pointer not valid) THEN VMfailInvalid */
	if (!vcpu->non_root) {
		if (vcpu->current_vmcs == NVMX_VMCS_NONE)
			return rr->no_vmcs;
		gpa = vcpu->current_vmcs;
	} else {
		gpa = cur->field[NVMX_IDX_VMCS_LINK_POINTER];
		if (gpa == NVMX_VMCS_NONE)
			return rr->no_link;
	}
	/* ELSIF operand does not correspond to any VMCS field: in 64-bit
	 * mode the register has 64 bits; nvmx_vmread/nvmx_vmwrite see 32. */
	if (enc >> 32)
		return rr->high32;
	*target = nvmx_insn_map(ctx, gpa);
	if (!*target)
		return *err = NVMX_EFAULT, rr->ok;
	return NVMX_RULE_NONE;
}

static int rw_end(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		  struct nvmx_insn_outcome *out, enum nvmx_insn_rule r,
		  const struct nvmx_fault *f, const struct rw_rules *rr, int err)
{
	if (err)
		return nvmx_insn_error(out, r, err);
	if (r == rr->mem)
		return nvmx_insn_fault(out, r, f);
	return nvmx_insn_finish(vcpu, ctx, out, r);
}

int nvmx_insn_vmread(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		     struct nvmx_insn_outcome *out)
{
	const struct rw_rules *rr = &vmread_rules;
	struct nvmx_vmcs12 *t = (void *)0;
	struct nvmx_fault f = { 0 };
	enum nvmx_insn_rule r;
	uint64_t val = 0;
	uint8_t b[8];
	bool lm;
	int err = nvmx_insn_begin(vcpu, ctx, out);

	if (err)
		return err;
	r = rw_common(vcpu, ctx, rr, false, &t, &val, &f, &err);
	if (r || err)
		return rw_end(vcpu, ctx, out, r, &f, rr, err);
	if (nvmx_vmread(vcpu->model, t, (uint32_t)ctx->reg, &val))
		return nvmx_insn_finish(vcpu, ctx, out, rr->unsupported);
	lm = nvmx_ctx_64bit(ctx);
	val = nvmx_operand_size(val, lm);
	if (ctx->op.is_mem) {
		for (unsigned int i = 0; i < 8; i++)
			b[i] = (uint8_t)(val >> (8 * i));
		if (nvmx_insn_write_mem(ctx, ctx->op.la, b, lm ? 8 : 4, &f))
			return nvmx_insn_fault(out, rr->mem, &f);
	} else {
		out->write_reg = true;
		out->value = val;
	}
	return nvmx_insn_finish(vcpu, ctx, out, rr->ok);
}

int nvmx_insn_vmwrite(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		      struct nvmx_insn_outcome *out)
{
	const struct rw_rules *rr = &vmwrite_rules;
	struct nvmx_vmcs12 *t = (void *)0;
	struct nvmx_fault f = { 0 };
	enum nvmx_insn_rule r;
	uint64_t src = 0;
	int err = nvmx_insn_begin(vcpu, ctx, out);

	if (err)
		return err;
	r = rw_common(vcpu, ctx, rr, true, &t, &src, &f, &err);
	if (r || err)
		return rw_end(vcpu, ctx, out, r, &f, rr, err);
	/* 12 (no such field) or 13 (VM-exit information field and
	 * IA32_VMX_MISC[29] = 0), also through the shadow VMCS; a failed
	 * nvmx_vmwrite changes nothing. */
	switch (nvmx_vmwrite(vcpu->model, t, (uint32_t)ctx->reg, src)) {
	case 0:
		return nvmx_insn_finish(vcpu, ctx, out, rr->ok);
	case NVMX_VMERR_VMWRITE_READ_ONLY:
		return nvmx_insn_finish(vcpu, ctx, out, rr->read_only);
	default:
		return nvmx_insn_finish(vcpu, ctx, out, rr->unsupported);
	}
}
