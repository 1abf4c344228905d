// SPDX-License-Identifier: MIT
/*
 * launch.c - VMLAUNCH and VMRESUME (SDM 31.3, 27.1-27.4, 27.7): the
 * instruction prologue here, then nvmx_check_vmentry() (lib/entry_checks)
 * decides, and its verdict is mapped onto the instruction outcome.
 */
#include "insn_internal.h"

static int launch(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		  struct nvmx_insn_outcome *out, bool is_launch)
{
	const struct nvmx_prologue p_launch = {
		.ud_not_vmx = R(VMLAUNCH, UD_NOT_VMX),
		.ud_mode = R(VMLAUNCH, UD_MODE),
		.exit = R(VMLAUNCH, EXIT),
		.cpl = R(VMLAUNCH, CPL),
	};
	const struct nvmx_prologue p_resume = {
		.ud_not_vmx = R(VMRESUME, UD_NOT_VMX),
		.ud_mode = R(VMRESUME, UD_MODE),
		.exit = R(VMRESUME, EXIT),
		.cpl = R(VMRESUME, CPL),
	};
	enum nvmx_insn_rule r_entry =
		is_launch ? R(VMLAUNCH, ENTRY) : R(VMRESUME, ENTRY);
	struct nvmx_entry_result res = { .sz = sizeof(res) };
	struct nvmx_entry_env env = { .sz = sizeof(env) };
	struct nvmx_vmcs12 *v;
	enum nvmx_insn_rule r;
	int err = nvmx_insn_begin(vcpu, ctx, out);

	if (err)
		return err;
	r = nvmx_insn_prologue(vcpu, ctx, is_launch ? &p_launch : &p_resume);
	if (r)
		return nvmx_insn_finish(vcpu, ctx, out, r);
	/* ELSIF current-VMCS pointer is not valid THEN VMfailInvalid */
	if (vcpu->current_vmcs == NVMX_VMCS_NONE)
		return nvmx_insn_finish(vcpu, ctx, out,
					is_launch ? R(VMLAUNCH, NO_VMCS)
						  : R(VMRESUME, NO_VMCS));
	v = nvmx_insn_map(ctx, vcpu->current_vmcs);
	if (!v)
		return nvmx_insn_error(out, r_entry, NVMX_EFAULT);

	/* The rest of 27.1 (shadow VMCS, MOV-SS blocking, launch state)
	 * and 27.2-27.4 are the entry checks' rows; the environment repeats
	 * what the prologue established, so their INSN rows agree. */
	env.launch = is_launch;
	env.in_vmx_operation = true;
	env.in_vmx_non_root = false;
	env.v86_or_compat = false;
	env.cpl = 0;
	env.no_current_vmcs = false;
	env.mov_ss_blocking = ctx->mov_ss_blocking;
	env.in_smm = ctx->in_smm;
	env.host_ia32e = ctx->efer_lma;
	env.read_gpa = ctx->read_gpa;
	env.opaque = ctx->opaque;
	err = nvmx_check_vmentry(vcpu->model, v, &env, &res);
	if (err < 0)
		return nvmx_insn_error(out, r_entry, err);
	if (err == 0) {
		/* SDM 27.7: launch state := launched (VMLAUNCH only), and
		 * the logical processor is in VMX non-root operation. */
		if (is_launch)
			v->launch_state = NVMX_LAUNCH_LAUNCHED;
		vcpu->non_root = true;
		out->rule = is_launch ? R(VMLAUNCH, OK) : R(VMRESUME, OK);
		out->status = NVMX_INSN_VMENTRY;
		return 0;
	}
	out->rule = r_entry;
	out->check = res.first.id;
	switch (res.first.outcome) {
	case NVMX_OUTCOME_VMFAIL_VALID:
		/* VMfailValid(n): error field of the current VMCS (31.2) */
		v->field[NVMX_IDX_VM_INSTRUCTION_ERROR] =
			res.first.vm_insn_error;
		out->status = NVMX_INSN_FAIL_VALID;
		out->vm_insn_error = res.first.vm_insn_error;
		break;
	case NVMX_OUTCOME_VMFAIL_INVALID:
		out->status = NVMX_INSN_FAIL_INVALID;
		break;
	case NVMX_OUTCOME_ENTRY_FAIL:
		/* SDM 27.8: the exit reason (bit 31 "VM-entry failure" set)
		 * and the exit qualification are recorded in the current
		 * VMCS; loading host state (the VM exit) is the caller's. */
		out->status = NVMX_INSN_ENTRY_FAIL;
		out->exit_reason = res.first.exit_reason | 0x80000000u;
		out->exit_qual = res.first.exit_qual;
		v->field[NVMX_IDX_VM_EXIT_REASON] = out->exit_reason;
		v->field[NVMX_IDX_EXIT_QUALIFICATION] = out->exit_qual;
		break;
	case NVMX_OUTCOME_UD:
		out->status = NVMX_INSN_EXCEPTION;
		out->vector = 6;
		break;
	case NVMX_OUTCOME_GP:
		out->status = NVMX_INSN_EXCEPTION;
		out->vector = 13;
		out->has_error_code = true;
		break;
	case NVMX_OUTCOME_VMEXIT:
		out->status = NVMX_INSN_VMEXIT;
		out->exit_reason = res.first.exit_reason;
		break;
	default:
		return nvmx_insn_error(out, r_entry, NVMX_EINVAL);
	}
	return 0;
}

int nvmx_insn_vmlaunch(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		       struct nvmx_insn_outcome *out)
{
	return launch(vcpu, ctx, out, true);
}

int nvmx_insn_vmresume(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		       struct nvmx_insn_outcome *out)
{
	return launch(vcpu, ctx, out, false);
}
