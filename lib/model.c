// SPDX-License-Identifier: MIT
/*
 * model.c - the virtual CPU model: capability MSRs, CPUID facts, and what
 * follows from them (effective allowed-1 words, field existence,
 * IA32_VMX_VMCS_ENUM).
 */
#include <nvmx/model.h>

#include "fields/fields_internal.h"
#include "model_internal.h"

/* Gate rows (gates.def) as data: field exists iff either term is non-zero. */
struct gate_row {
	uint8_t word_a, word_b;
	uint64_t mask_a, mask_b;
	const char *name, *rule;
};

#define NONE NVMX_WORD_NONE
#define PIN NVMX_WORD_PIN
#define PROC NVMX_WORD_PROC
#define PROC2 NVMX_WORD_PROC2
#define PROC3 NVMX_WORD_PROC3
#define EXIT NVMX_WORD_EXIT
#define EXIT2 NVMX_WORD_EXIT2
#define ENTRY NVMX_WORD_ENTRY
#define VMFUNC NVMX_WORD_VMFUNC
#define CPU NVMX_WORD_CPU

static const struct gate_row gates[NVMX_GATE_COUNT] = {
#define NVMX_GATE(n, wa, ma, wb, mb, rule)                                     \
	[NVMX_GATE_##n] = { wa, wb, ma, mb, #n, rule },
#include <nvmx/gates.def>
#undef NVMX_GATE
};

static inline uint64_t msr_of(const struct nvmx_model *m, uint32_t index)
{
	return m->msr[index - NVMX_MSR_VMX_FIRST];
}

static bool gate_open(const struct nvmx_model *m, unsigned int g)
{
	const struct gate_row *r = &gates[g];

	if (g == NVMX_GATE_ALWAYS)
		return true;
	return (m->allowed1[r->word_a] & r->mask_a) ||
	       (m->allowed1[r->word_b] & r->mask_b);
}

/* Recompute every derived member after a change of MSRs or CPUID facts. */
void nvmx_model_update(struct nvmx_model *m)
{
	uint64_t *a1 = m->allowed1;
	unsigned int max_index = 0;

	a1[NVMX_WORD_NONE] = 0;
	a1[NVMX_WORD_PIN] = msr_of(m, NVMX_MSR_VMX_PINBASED_CTLS) >> 32;
	a1[NVMX_WORD_PROC] = msr_of(m, NVMX_MSR_VMX_PROCBASED_CTLS) >> 32;
	a1[NVMX_WORD_EXIT] = msr_of(m, NVMX_MSR_VMX_EXIT_CTLS) >> 32;
	a1[NVMX_WORD_ENTRY] = msr_of(m, NVMX_MSR_VMX_ENTRY_CTLS) >> 32;
	/* SDM A.3.3: secondary controls only if primary bit 31 may be 1. */
	a1[NVMX_WORD_PROC2] =
		(a1[NVMX_WORD_PROC] & NVMX_CTL_MASK(PROC_ACTIVATE_SECONDARY)) ?
			msr_of(m, NVMX_MSR_VMX_PROCBASED_CTLS2) >> 32 :
			0;
	/* SDM A.3.4: tertiary controls only if primary bit 17 may be 1. */
	a1[NVMX_WORD_PROC3] =
		(a1[NVMX_WORD_PROC] & NVMX_CTL_MASK(PROC_ACTIVATE_TERTIARY)) ?
			msr_of(m, NVMX_MSR_VMX_PROCBASED_CTLS3) :
			0;
	/* SDM A.4.2: secondary exit controls only if exit bit 31 may be 1. */
	a1[NVMX_WORD_EXIT2] =
		(a1[NVMX_WORD_EXIT] & NVMX_CTL_MASK(EXIT_ACTIVATE_SECONDARY)) ?
			msr_of(m, NVMX_MSR_VMX_EXIT_CTLS2) :
			0;
	/* SDM A.11: IA32_VMX_VMFUNC only if "enable VM functions" may be 1. */
	a1[NVMX_WORD_VMFUNC] =
		(a1[NVMX_WORD_PROC2] & NVMX_CTL_MASK(PROC2_ENABLE_VMFUNC)) ?
			msr_of(m, NVMX_MSR_VMX_VMFUNC) :
			0;
	a1[NVMX_WORD_CPU] = m->cpu;

	for (unsigned int w = 0; w < NVMX_MODEL_EXIST_WORDS; w++)
		m->exists[w] = 0;
	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++) {
		const struct nvmx_field_info *f = &nvmx_field_table[i];

		if (!gate_open(m, f->gate))
			continue;
		m->exists[i / 64] |= 1ull << (i % 64);
		if (NVMX_ENC_INDEX(f->encoding) > max_index)
			max_index = NVMX_ENC_INDEX(f->encoding);
	}
	/* SDM A.9: bits 9:1 = highest index value used by any supported field. */
	m->vmcs_enum = (uint64_t)max_index << 1;
}

int nvmx_model_set_msr(struct nvmx_model *m, uint32_t index, uint64_t v)
{
	if (!m)
		return NVMX_EINVAL;
	if (index < NVMX_MSR_VMX_FIRST || index > NVMX_MSR_VMX_LAST)
		return NVMX_ENOENT;
	if (index == NVMX_MSR_VMX_VMCS_ENUM)
		return NVMX_EPERM; /* derived from the fields that exist */
	m->msr[index - NVMX_MSR_VMX_FIRST] = v;
	nvmx_model_update(m);
	return 0;
}

uint64_t nvmx_model_get_msr(const struct nvmx_model *m, uint32_t index)
{
	if (!m || index < NVMX_MSR_VMX_FIRST || index > NVMX_MSR_VMX_LAST)
		return 0;
	if (index == NVMX_MSR_VMX_VMCS_ENUM)
		return m->vmcs_enum;
	return m->msr[nvmx_clamp_index(index - NVMX_MSR_VMX_FIRST,
				       NVMX_VMX_MSR_COUNT)];
}

/* SDM A.1 .. A.12: when each capability MSR exists. */
bool nvmx_model_has_msr(const struct nvmx_model *m, uint32_t index)
{
	if (!m)
		return false;
	if (index >= NVMX_MSR_VMX_BASIC && index <= NVMX_MSR_VMX_VMCS_ENUM)
		return true;
	if (index >= NVMX_MSR_VMX_TRUE_PINBASED_CTLS &&
	    index <= NVMX_MSR_VMX_TRUE_ENTRY_CTLS)
		return msr_of(m, NVMX_MSR_VMX_BASIC) & NVMX_BASIC_TRUE_CTLS;
	switch (index) {
	case NVMX_MSR_VMX_PROCBASED_CTLS2:
		return m->allowed1[NVMX_WORD_PROC] &
		       NVMX_CTL_MASK(PROC_ACTIVATE_SECONDARY);
	case NVMX_MSR_VMX_EPT_VPID_CAP:
		return m->allowed1[NVMX_WORD_PROC2] &
		       (NVMX_CTL_MASK(PROC2_ENABLE_EPT) |
			NVMX_CTL_MASK(PROC2_ENABLE_VPID));
	case NVMX_MSR_VMX_VMFUNC:
		return m->allowed1[NVMX_WORD_PROC2] &
		       NVMX_CTL_MASK(PROC2_ENABLE_VMFUNC);
	case NVMX_MSR_VMX_PROCBASED_CTLS3:
		return m->allowed1[NVMX_WORD_PROC] &
		       NVMX_CTL_MASK(PROC_ACTIVATE_TERTIARY);
	case NVMX_MSR_VMX_EXIT_CTLS2:
		return m->allowed1[NVMX_WORD_EXIT] &
		       NVMX_CTL_MASK(EXIT_ACTIVATE_SECONDARY);
	default:
		return false;
	}
}

int nvmx_model_set_cpu(struct nvmx_model *m, uint64_t cpu_features)
{
	if (!m)
		return NVMX_EINVAL;
	if (cpu_features >> NVMX_CPUB_COUNT)
		return NVMX_ERANGE;
	m->cpu = cpu_features;
	nvmx_model_update(m);
	return 0;
}

int nvmx_model_set_maxphyaddr(struct nvmx_model *m, unsigned int bits)
{
	if (!m)
		return NVMX_EINVAL;
	if (bits < 32 || bits > 52)
		return NVMX_ERANGE;
	m->maxphyaddr = (uint8_t)bits;
	return 0;
}

bool nvmx_field_exists(const struct nvmx_model *m, uint32_t encoding)
{
	unsigned int s = nvmx_field_slot_of(encoding);

	if (!m || !s)
		return false;
	return (m->exists[(s - 1) / 64] >> ((s - 1) % 64)) & 1;
}

bool nvmx_gate_open(const struct nvmx_model *m, unsigned int gate)
{
	if (!m || gate >= NVMX_GATE_COUNT)
		return false;
	return gate_open(m, nvmx_clamp_index(gate, NVMX_GATE_COUNT));
}

const char *nvmx_gate_name(unsigned int gate)
{
	if (gate >= NVMX_GATE_COUNT)
		return 0;
	return gates[nvmx_clamp_index(gate, NVMX_GATE_COUNT)].name;
}

const char *nvmx_gate_rule(unsigned int gate)
{
	if (gate >= NVMX_GATE_COUNT)
		return 0;
	return gates[nvmx_clamp_index(gate, NVMX_GATE_COUNT)].rule;
}

uint64_t nvmx_vmcs_enum(const struct nvmx_model *m)
{
	return m ? m->vmcs_enum : 0;
}

uint64_t nvmx_model_allowed1(const struct nvmx_model *m, enum nvmx_ctl_word w)
{
	if (!m || (unsigned int)w >= NVMX_WORD_COUNT)
		return 0;
	return m->allowed1[nvmx_clamp_index(w, NVMX_WORD_COUNT)];
}

uint64_t nvmx_model_allowed0(const struct nvmx_model *m, enum nvmx_ctl_word w)
{
	bool true_ctls;

	if (!m)
		return 0;
	/* SDM A.2: with BASIC[55], VM entry uses the TRUE MSRs' allowed-0. */
	true_ctls = msr_of(m, NVMX_MSR_VMX_BASIC) & NVMX_BASIC_TRUE_CTLS;
	switch (w) {
	case NVMX_WORD_PIN:
		return (uint32_t)msr_of(m, true_ctls ?
					   NVMX_MSR_VMX_TRUE_PINBASED_CTLS :
					   NVMX_MSR_VMX_PINBASED_CTLS);
	case NVMX_WORD_PROC:
		return (uint32_t)msr_of(m, true_ctls ?
					   NVMX_MSR_VMX_TRUE_PROCBASED_CTLS :
					   NVMX_MSR_VMX_PROCBASED_CTLS);
	case NVMX_WORD_EXIT:
		return (uint32_t)msr_of(m, true_ctls ? NVMX_MSR_VMX_TRUE_EXIT_CTLS :
						       NVMX_MSR_VMX_EXIT_CTLS);
	case NVMX_WORD_ENTRY:
		return (uint32_t)msr_of(m, true_ctls ?
					   NVMX_MSR_VMX_TRUE_ENTRY_CTLS :
					   NVMX_MSR_VMX_ENTRY_CTLS);
	case NVMX_WORD_PROC2:
		if (!m->allowed1[NVMX_WORD_PROC2])
			return 0;
		return (uint32_t)msr_of(m, NVMX_MSR_VMX_PROCBASED_CTLS2);
	default:
		return 0; /* 64-bit allowed-1-only MSRs have no must-be-1 bits */
	}
}

/* SDM 2.5 (CR4 bits) and A.8: a CR4 bit may be 1 only if its feature exists. */
uint64_t nvmx_model_cr4_fixed1_for_cpu(uint64_t c)
{
	uint64_t v = 0x27ffull; /* VME..OSXMMEXCPT (10:0) and VMXE (13) */

	v |= (c & NVMX_CPU_UMIP) ? 1ull << 11 : 0;
	v |= (c & NVMX_CPU_LA57) ? NVMX_CR4_LA57 : 0;
	v |= (c & NVMX_CPU_SMX) ? NVMX_CR4_SMXE : 0;
	v |= (c & NVMX_CPU_FSGSBASE) ? 1ull << 16 : 0;
	v |= (c & NVMX_CPU_PCID) ? NVMX_CR4_PCIDE : 0;
	v |= (c & NVMX_CPU_XSAVE) ? 1ull << 18 : 0;
	v |= (c & NVMX_CPU_KL) ? 1ull << 19 : 0;
	v |= (c & NVMX_CPU_SMEP) ? 1ull << 20 : 0;
	v |= (c & NVMX_CPU_SMAP) ? 1ull << 21 : 0;
	v |= (c & NVMX_CPU_PKU) ? 1ull << 22 : 0;
	v |= (c & (NVMX_CPU_CET_SS | NVMX_CPU_CET_IBT)) ? NVMX_CR4_CET : 0;
	v |= (c & NVMX_CPU_PKS) ? NVMX_CR4_PKS : 0;
	v |= (c & NVMX_CPU_UINTR) ? NVMX_CR4_UINTR : 0;
	v |= (c & NVMX_CPU_LASS) ? NVMX_CR4_LASS : 0;
	v |= (c & NVMX_CPU_LAM) ? NVMX_CR4_LAM_SUP : 0;
	v |= (c & NVMX_CPU_FRED) ? NVMX_CR4_FRED : 0;
	return v;
}
