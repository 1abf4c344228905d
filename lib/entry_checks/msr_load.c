// SPDX-License-Identifier: MIT
/*
 * msr_load.c - loading MSRs from the VM-entry MSR-load area (SDM Vol. 3
 * 27.4). Entries are 16 bytes (SDM 25.8.2, table 25-15): bits 31:0 MSR
 * index, bits 63:32 reserved, bits 127:64 data. They are processed in
 * order; the first bad entry ends VM entry with exit reason 34 and its
 * 1-based index as exit qualification.
 *
 * Memory: entries are read through env->read_gpa, one entry at a time. A
 * NULL callback or a failed read makes the entry read as all ones (see
 * entry_internal.h), which fails MSRLOAD_RSVD for that entry.
 *
 * WRMSR faults (MSRLOAD_WRMSR_GP) are evaluated for the architectural MSRs
 * listed in msr_value_bad(); any other index is accepted here, because
 * whether WRMSR of it faults is decided by the MSR emulation of the L0
 * that performs the load.
 */
#include "entry_internal.h"

#define MSR_IA32_TSC_AUX 0xc0000103u
#define MSR_IA32_FS_BASE 0xc0000100u
#define MSR_IA32_GS_BASE 0xc0000101u
#define MSR_IA32_KERNEL_GS_BASE 0xc0000102u
#define MSR_IA32_EFER 0xc0000080u
#define MSR_IA32_LSTAR 0xc0000082u
#define MSR_IA32_CSTAR 0xc0000083u
#define MSR_IA32_FMASK 0xc0000084u
#define MSR_IA32_SYSENTER_ESP 0x175u
#define MSR_IA32_SYSENTER_EIP 0x176u
#define MSR_IA32_PAT 0x277u
#define MSR_IA32_PKRS 0x6e1u
#define MSR_IA32_SMM_MONITOR_CTL 0x9bu
#define MSR_IA32_BIOS_UPDT_TRIG 0x79u
#define MSR_IA32_BIOS_SIGN_ID 0x8bu

static bool pat_bad(uint64_t pat)
{
	for (unsigned int i = 0; i < 8; i++) {
		unsigned int t = (pat >> (8 * i)) & 0xff;

		if (t == 2 || t == 3 || t > 7)
			return true;
	}
	return false;
}

/* Would WRMSR(index, val) at CPL 0 raise #GP (SDM Vol. 4 for the MSRs)? */
static bool msr_value_bad(const struct nvmx_model *m, uint32_t index,
			  uint64_t val)
{
	uint64_t efer_ok;

	switch (index) {
	case MSR_IA32_EFER: /* SDM 2.2.1: SCE, LME, LMA, NXE */
		efer_ok = 1;
		if (m->cpu & NVMX_CPU_LM)
			efer_ok |= (1u << 8) | (1u << 10);
		if (m->cpu & NVMX_CPU_NX)
			efer_ok |= 1u << 11;
		return (val & ~efer_ok) != 0;
	case MSR_IA32_PAT: /* SDM 13.12.2 */
		return pat_bad(val);
	case MSR_IA32_SYSENTER_ESP: /* address MSRs: canonical (SDM Vol. 4) */
	case MSR_IA32_SYSENTER_EIP:
	case MSR_IA32_KERNEL_GS_BASE:
	case MSR_IA32_LSTAR:
	case MSR_IA32_CSTAR:
		return !nvmx_canonical_max(m, val);
	case MSR_IA32_FMASK: /* bits 63:32 reserved */
	case MSR_IA32_TSC_AUX:
	case MSR_IA32_PKRS:
		return (val >> 32) != 0;
	default:
		return false;
	}
}

void nvmx_check_msr_load(struct nvmx_entry_ctx *c)
{
	const struct nvmx_model *m = c->m;
	uint64_t count = NVMX_F(c, VM_ENTRY_MSR_LOAD_COUNT);
	uint64_t addr = NVMX_F(c, VM_ENTRY_MSR_LOAD_ADDR);
	uint64_t max, n, i;

	if (!count)
		return;
	/* In diagnostic mode the control checks may have rejected the area;
	 * then there is nothing meaningful to read. */
	if ((addr & 0xf) || !nvmx_paw_ok(m, addr) ||
	    !nvmx_paw_ok(m, addr + count * 16 - 1))
		return;
	/* SDM 25.8.2 / A.6: the recommended maximum is 512 * (MISC[27:25] +
	 * 1) entries; beyond it behaviour is undefined. Policy: entries up
	 * to the maximum are processed, then entry max + 1 fails. */
	max = 512ull * (((m->msr[NVMX_MSR_VMX_MISC - NVMX_MSR_VMX_FIRST] &
			  NVMX_MISC_MAX_MSR_LIST_MASK) >>
			 NVMX_MISC_MAX_MSR_LIST_SHIFT) +
			1);
	n = count > max ? max : count;
	for (i = 0; i < n; i++) {
		uint8_t e[16];
		uint32_t index;
		uint64_t q = i + 1, val;
		unsigned int k;

		nvmx_entry_read(c, addr + 16 * i, e, sizeof(e));
		index = 0;
		for (k = 0; k < 4; k++)
			index |= (uint32_t)e[k] << (8 * k);
		val = 0;
		for (k = 0; k < 8; k++)
			val |= (uint64_t)e[8 + k] << (8 * k);

		if (index == MSR_IA32_FS_BASE || index == MSR_IA32_GS_BASE) {
			if (nvmx_entry_fail_qual(c, NVMX_CHECK_MSRLOAD_FSGS_BASE, q))
				return;
		} else if ((index >> 8) == 0x8) {
			if (nvmx_entry_fail_qual(c, NVMX_CHECK_MSRLOAD_X2APIC, q))
				return;
		} else if (index == MSR_IA32_SMM_MONITOR_CTL && !c->env->in_smm) {
			if (nvmx_entry_fail_qual(c, NVMX_CHECK_MSRLOAD_SMM_ONLY, q))
				return;
		} else if (index == MSR_IA32_BIOS_UPDT_TRIG ||
			   index == MSR_IA32_BIOS_SIGN_ID) {
			if (nvmx_entry_fail_qual(c, NVMX_CHECK_MSRLOAD_MODEL_SPECIFIC,
						 q))
				return;
		} else if (e[4] | e[5] | e[6] | e[7]) {
			if (nvmx_entry_fail_qual(c, NVMX_CHECK_MSRLOAD_RSVD, q))
				return;
		} else if (msr_value_bad(m, index, val)) {
			if (nvmx_entry_fail_qual(c, NVMX_CHECK_MSRLOAD_WRMSR_GP, q))
				return;
		}
	}
	if (count > max)
		nvmx_entry_fail_qual(c, NVMX_CHECK_MSRLOAD_COUNT, max + 1);
}
