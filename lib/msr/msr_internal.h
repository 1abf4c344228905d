/* SPDX-License-Identifier: MIT */
/* msr_internal.h - what the files of lib/msr share. */
#ifndef NVMX_MSR_INTERNAL_H
#define NVMX_MSR_INTERNAL_H

#include <nvmx/msr.h>

#include "fields/fields_internal.h"
#include "model_internal.h"

/* How the restore and validation rules see each MSR 0x480..0x493. */
enum msr_kind {
	MK_BASIC,
	MK_CTL_PLAIN, /* 32+32, non-TRUE, default1 class */
	MK_CTL_TRUE,  /* 32+32, TRUE */
	MK_CTL_SEC,   /* 32+32 without default1 class (PROCBASED_CTLS2) */
	MK_CTL64,     /* 64-bit allowed-1 (PROC3, EXIT2, VMFUNC) */
	MK_MISC,
	MK_FIXED0,
	MK_FIXED1,
	MK_ENUM,
	MK_EPT,
};

struct msr_desc {
	uint8_t kind;	   /* enum msr_kind */
	uint8_t word;	   /* enum nvmx_ctl_word for control MSRs */
	uint16_t pair;	   /* TRUE <-> plain partner index, 0 if none */
	uint32_t default1; /* default1 class of the word */
};

extern const struct msr_desc nvmx_msr_desc[NVMX_VMX_MSR_COUNT];

static inline const struct msr_desc *msr_desc_of(uint32_t index)
{
	return &nvmx_msr_desc[nvmx_clamp_index(index - NVMX_MSR_VMX_FIRST,
					       NVMX_VMX_MSR_COUNT)];
}

static inline uint64_t raw_msr(const struct nvmx_model *m, uint32_t index)
{
	return m->msr[nvmx_clamp_index(index - NVMX_MSR_VMX_FIRST,
				       NVMX_VMX_MSR_COUNT)];
}

static inline void put_msr(struct nvmx_model *m, uint32_t index, uint64_t v)
{
	m->msr[nvmx_clamp_index(index - NVMX_MSR_VMX_FIRST,
				NVMX_VMX_MSR_COUNT)] = v;
}

static inline uint64_t lo32(uint64_t v)
{
	return v & 0xffffffffull;
}

static inline uint64_t hi32(uint64_t v)
{
	return v >> 32;
}

/* Bits of a control word that name a control (controls.def) or belong to
 * its default1 class; every other allowed-1 bit is reserved. */
uint64_t nvmx_ctl_known_mask(enum nvmx_ctl_word w);
/* Default1 class of a word (0 for words without one). */
uint32_t nvmx_ctl_default1(enum nvmx_ctl_word w);

/* Fill a verdict (why may be NULL); returns NVMX_EPERM. */
int nvmx_verdict(struct nvmx_msr_verdict *why, uint32_t msr,
		 enum nvmx_msr_rule rule, uint64_t bits, uint64_t value,
		 uint64_t expected);

/* IA32_VMX_BASIC / MISC bit classes (SDM A.1, A.6). */
#define BASIC_RESERVED_MASK                                                    \
	((1ull << 31) | (7ull << 45) | (1ull << 57) | (0x1full << 59))
#define BASIC_FEATURE_MASK                                                     \
	(NVMX_BASIC_DUAL_MONITOR | NVMX_BASIC_INOUT_INFO |                     \
	 NVMX_BASIC_TRUE_CTLS | NVMX_BASIC_NO_HW_ERRCODE_CC |                  \
	 NVMX_BASIC_NESTED_EXCEPTION)
#define MISC_RESERVED_MASK ((0x1full << 9) | (1ull << 31))
#define MISC_FEATURE_MASK                                                      \
	(NVMX_MISC_SAVE_EFER_LMA | NVMX_MISC_ACT_HLT |                         \
	 NVMX_MISC_ACT_SHUTDOWN | NVMX_MISC_ACT_WAIT_SIPI |                    \
	 NVMX_MISC_PT_IN_VMX | NVMX_MISC_RDMSR_SMBASE |                        \
	 NVMX_MISC_SMM_MONITOR_CTL_B2 | NVMX_MISC_VMWRITE_ANY |                \
	 NVMX_MISC_ZERO_LEN_INJECT)
#define MISC_MSEG_MASK (0xffffffffull << NVMX_MISC_MSEG_REV_SHIFT)
#define ENUM_INDEX_MASK 0x3feull

#endif
