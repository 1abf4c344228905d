// SPDX-License-Identifier: MIT
/*
 * featctl.c - IA32_FEATURE_CONTROL (MSR 0x3A) write/lock rules (SDM Vol. 4
 * Table 2-2, Vol. 3 23.7) and the VMXON checks (SDM Vol. 3 31.3 VMXON,
 * operation section; order as in shared/spec lam-featctl-evmcs.md B.3).
 */
#include <nvmx/featctl.h>

#include "msr_internal.h"

bool nvmx_feat_ctl_exists(const struct nvmx_model *m)
{
	/* "If any one enumeration condition for defined bit field holds" */
	return m && (m->cpu & (NVMX_CPU_VMX | NVMX_CPU_SMX | NVMX_CPU_SGX |
			       NVMX_CPU_SGX_LC | NVMX_CPU_LMCE));
}

uint64_t nvmx_feat_ctl_guest_allowed(const struct nvmx_model *m,
				     uint32_t options)
{
	uint64_t c, ok = NVMX_FEAT_CTL_LOCKED;

	if (!m)
		return 0;
	c = m->cpu;
	if ((c & NVMX_CPU_VMX) &&
	    ((c & NVMX_CPU_SMX) || (options & NVMX_FEAT_CTL_OPT_SMX_COMPAT)))
		ok |= NVMX_FEAT_CTL_VMX_INSIDE_SMX;
	if (c & NVMX_CPU_VMX)
		ok |= NVMX_FEAT_CTL_VMX_OUTSIDE_SMX;
	if (c & NVMX_CPU_SMX)
		ok |= NVMX_FEAT_CTL_SENTER_LOCAL | NVMX_FEAT_CTL_SENTER_GLOBAL;
	if (c & NVMX_CPU_SGX_LC)
		ok |= NVMX_FEAT_CTL_SGX_LC;
	if (c & NVMX_CPU_SGX)
		ok |= NVMX_FEAT_CTL_SGX;
	if (c & NVMX_CPU_LMCE)
		ok |= NVMX_FEAT_CTL_LMCE;
	return ok;
}

int nvmx_feat_ctl_write(struct nvmx_feat_ctl *s, const struct nvmx_model *m,
			uint64_t value, bool host_initiated)
{
	if (!s || !m)
		return NVMX_EINVAL;
	if (host_initiated) {
		/* Restore path: no lock and no CPUID rule, but only bits the
		 * library knows. */
		if (value & ~NVMX_FEAT_CTL_SUPPORTED)
			return NVMX_EPERM;
		s->value = value;
		/* VMX can no longer be on: the vCPU must leave VMX operation.
		 */
		return value ? NVMX_FEAT_CTL_DONE : NVMX_FEAT_CTL_LEAVE_NESTED;
	}
	if (!nvmx_feat_ctl_exists(m))
		return NVMX_FEAT_CTL_GP;
	/* Locked: any WRMSR #GP(0), even of the same value. */
	if (s->value & NVMX_FEAT_CTL_LOCKED)
		return NVMX_FEAT_CTL_GP;
	if (value & ~nvmx_feat_ctl_guest_allowed(m, s->options))
		return NVMX_FEAT_CTL_GP;
	s->value = value;
	return NVMX_FEAT_CTL_DONE;
}

int nvmx_feat_ctl_read(const struct nvmx_feat_ctl *s,
		       const struct nvmx_model *m, bool host_initiated,
		       uint64_t *value)
{
	if (!s || !m || !value)
		return NVMX_EINVAL;
	if (!host_initiated && !nvmx_feat_ctl_exists(m))
		return NVMX_FEAT_CTL_GP;
	*value = s->value;
	return NVMX_FEAT_CTL_DONE;
}

static const char *const vmxon_names[NVMX_VMXON_CHECK_COUNT] = {
	[NVMX_VMXON_OK] = "OK",
	[NVMX_VMXON_UD_OPERAND] = "UD_OPERAND",
	[NVMX_VMXON_UD_MODE] = "UD_MODE",
	[NVMX_VMXON_NONROOT] = "NONROOT",
	[NVMX_VMXON_ROOT] = "ROOT",
	[NVMX_VMXON_CPL] = "CPL",
	[NVMX_VMXON_A20M] = "A20M",
	[NVMX_VMXON_CR0_FIXED] = "CR0_FIXED",
	[NVMX_VMXON_CR4_FIXED] = "CR4_FIXED",
	[NVMX_VMXON_FC_LOCK] = "FC_LOCK",
	[NVMX_VMXON_FC_SMX] = "FC_SMX",
	[NVMX_VMXON_FC_NOSMX] = "FC_NOSMX",
	[NVMX_VMXON_MEMOP] = "MEMOP",
	[NVMX_VMXON_ADDR] = "ADDR",
	[NVMX_VMXON_REV] = "REV",
};

const char *nvmx_vmxon_check_name(enum nvmx_vmxon_check_id id)
{
	if ((unsigned int)id >= NVMX_VMXON_CHECK_COUNT)
		return 0;
	return vmxon_names[nvmx_clamp_index(id, NVMX_VMXON_CHECK_COUNT)];
}

static int vmxon_result(struct nvmx_vmxon_result *out, enum nvmx_outcome o,
			enum nvmx_vmxon_check_id id)
{
	out->outcome = o;
	out->check = id;
	out->vm_insn_error = o == NVMX_OUTCOME_VMFAIL_VALID ? 15 : 0;
	out->exit_reason = o == NVMX_OUTCOME_VMEXIT ? 27 : 0;
	return (int)o;
}

static bool fixed_ok(uint64_t v, uint64_t f0, uint64_t f1)
{
	return (v & f0) == f0 && !(v & ~f1);
}

int nvmx_vmxon_check(const struct nvmx_model *m, const struct nvmx_vmxon_env *e,
		     struct nvmx_vmxon_result *out)
{
	uint64_t basic, pa_mask;
	unsigned int maxpa;

	if (!m || !e || !out)
		return NVMX_EINVAL;
	/* 1-2: the first IF of the operation section. CR0.PE is bit 0,
	 * CR4.VMXE bit 13. */
	if (e->reg_operand)
		return vmxon_result(out, NVMX_OUTCOME_UD,
				    NVMX_VMXON_UD_OPERAND);
	if (!(e->cr0 & 1) || !(e->cr4 & NVMX_CR4_VMXE) || e->v86_or_compat)
		return vmxon_result(out, NVMX_OUTCOME_UD, NVMX_VMXON_UD_MODE);
	/* 3-4: already in VMX operation. */
	if (e->in_vmx_non_root)
		return vmxon_result(out, NVMX_OUTCOME_VMEXIT,
				    NVMX_VMXON_NONROOT);
	if (e->in_vmx_operation) {
		if (e->cpl > 0)
			return vmxon_result(out, NVMX_OUTCOME_GP,
					    NVMX_VMXON_ROOT);
		return vmxon_result(out,
				    e->has_current_vmcs
					    ? NVMX_OUTCOME_VMFAIL_VALID
					    : NVMX_OUTCOME_VMFAIL_INVALID,
				    NVMX_VMXON_ROOT);
	}
	/* 5-11: one combined #GP(0) condition in the SDM. */
	if (e->cpl > 0)
		return vmxon_result(out, NVMX_OUTCOME_GP, NVMX_VMXON_CPL);
	if (e->a20m)
		return vmxon_result(out, NVMX_OUTCOME_GP, NVMX_VMXON_A20M);
	/* No unrestricted-guest relaxation for VMXON. */
	if (!fixed_ok(e->cr0, raw_msr(m, NVMX_MSR_VMX_CR0_FIXED0),
		      raw_msr(m, NVMX_MSR_VMX_CR0_FIXED1)))
		return vmxon_result(out, NVMX_OUTCOME_GP, NVMX_VMXON_CR0_FIXED);
	if (!fixed_ok(e->cr4, raw_msr(m, NVMX_MSR_VMX_CR4_FIXED0),
		      raw_msr(m, NVMX_MSR_VMX_CR4_FIXED1)))
		return vmxon_result(out, NVMX_OUTCOME_GP, NVMX_VMXON_CR4_FIXED);
	if (!(e->feat_ctl & NVMX_FEAT_CTL_LOCKED))
		return vmxon_result(out, NVMX_OUTCOME_GP, NVMX_VMXON_FC_LOCK);
	if (e->in_smx && !(e->feat_ctl & NVMX_FEAT_CTL_VMX_INSIDE_SMX))
		return vmxon_result(out, NVMX_OUTCOME_GP, NVMX_VMXON_FC_SMX);
	if (!e->in_smx && !(e->feat_ctl & NVMX_FEAT_CTL_VMX_OUTSIDE_SMX))
		return vmxon_result(out, NVMX_OUTCOME_GP, NVMX_VMXON_FC_NOSMX);
	/* 12: the operand fetch (the caller's fault replaces this #GP). */
	if (e->operand_fault)
		return vmxon_result(out, NVMX_OUTCOME_GP, NVMX_VMXON_MEMOP);
	/* 13: 4-KByte aligned, within MAXPHYADDR (32 bits if BASIC[48]). */
	basic = raw_msr(m, NVMX_MSR_VMX_BASIC);
	maxpa = m->maxphyaddr >= 32 && m->maxphyaddr <= 52 ? m->maxphyaddr : 52;
	if (basic & NVMX_BASIC_32BIT_PA)
		maxpa = 32;
	pa_mask = ~0ull << maxpa;
	if ((e->vmxon_pa & 0xfff) || (e->vmxon_pa & pa_mask))
		return vmxon_result(out, NVMX_OUTCOME_VMFAIL_INVALID,
				    NVMX_VMXON_ADDR);
	/* 14: revision identifier, bit 31 must be 0. */
	if ((e->region_rev & 0x80000000u) ||
	    (e->region_rev & NVMX_BASIC_REVISION_MASK) !=
		    (basic & NVMX_BASIC_REVISION_MASK))
		return vmxon_result(out, NVMX_OUTCOME_VMFAIL_INVALID,
				    NVMX_VMXON_REV);
	return vmxon_result(out, NVMX_OUTCOME_SUCCESS, NVMX_VMXON_OK);
}
