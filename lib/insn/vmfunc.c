// SPDX-License-Identifier: MIT
/*
 * vmfunc.c - VMFUNC executed by L2 (SDM 31.3 "VMFUNC", 26.5.6): VM
 * function 0, EPTP switching, emulated on L1's current VMCS; any failure
 * is a VM exit to L1 with basic reason 59.
 */
#include "insn_internal.h"

int nvmx_insn_vmfunc(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		     struct nvmx_insn_outcome *out)
{
	const struct nvmx_model *m;
	struct nvmx_vmcs12 *v;
	uint64_t eax, ecx, eptp, gpa;
	uint8_t b[8];
	int err = nvmx_insn_begin(vcpu, ctx, out);

	if (err)
		return err;
	m = vcpu->model;
	/* #UD outside VMX non-root operation (root, or no VMX at all) */
	if (!vcpu->in_vmx || !vcpu->non_root)
		return nvmx_insn_finish(vcpu, ctx, out,
					R(VMFUNC, UD_NOT_NONROOT));
	v = nvmx_insn_map(ctx, vcpu->current_vmcs);
	if (!v)
		return nvmx_insn_error(out, R(VMFUNC, UD_DISABLED), NVMX_EFAULT);
	/* #UD if "enable VM functions" = 0 (26.5.6) */
	if (!(nvmx_insn_proc2(v) & NVMX_CTL_MASK(PROC2_ENABLE_VMFUNC)))
		return nvmx_insn_finish(vcpu, ctx, out, R(VMFUNC, UD_DISABLED));
	eax = ctx->reg & 0xffffffffull;
	ecx = ctx->ecx;
	/* EAX > 63 or the function's control bit is 0: VM exit. Only
	 * function 0 exists; a set control bit for another function is a
	 * model this library does not emulate: also a VM exit. */
	if (eax > 63 ||
	    !((v->field[NVMX_IDX_VM_FUNCTION_CONTROL] >> eax) & 1) ||
	    eax != 0)
		return nvmx_insn_finish(vcpu, ctx, out, R(VMFUNC, EXIT_LEAF));
	/* 26.5.6.3 EPTP switching */
	if (ecx >= 512)
		return nvmx_insn_finish(vcpu, ctx, out, R(VMFUNC, EXIT_INDEX));
	gpa = v->field[NVMX_IDX_EPTP_LIST_ADDRESS] + 8 * ecx;
	if (!ctx->read_gpa || ctx->read_gpa(ctx->opaque, gpa, b, 8))
		return nvmx_insn_error(out, R(VMFUNC, EXIT_EPTP), NVMX_EFAULT);
	eptp = nvmx_le(b, 8);
	if (!nvmx_insn_eptp_ok(m, eptp))
		return nvmx_insn_finish(vcpu, ctx, out, R(VMFUNC, EXIT_EPTP));
	v->field[NVMX_IDX_EPT_POINTER] = eptp;
	/* EPTP index written if the processor supports the 1-setting of
	 * "EPT-violation #VE" (the field exists then). */
	if (nvmx_field_exists(m, NVMX_EPTP_INDEX))
		v->field[NVMX_IDX_EPTP_INDEX] = ecx & 0xffff;
	return nvmx_insn_finish(vcpu, ctx, out, R(VMFUNC, OK));
}
