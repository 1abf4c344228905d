/* SPDX-License-Identifier: MIT */
/*
 * <nvmx/model.h> - the virtual CPU: VMX capability MSRs and CPUID facts.
 *
 * Every per-vCPU answer of the library (which fields exist, IA32_VMX_
 * VMCS_ENUM, which controls may be set) is derived from a struct
 * nvmx_model. Build one from a preset (nvmx_model_init) and adjust it with
 * the setters; never write the struct members directly, the setters keep
 * the derived caches (field existence) in step.
 */
#ifndef NVMX_MODEL_H
#define NVMX_MODEL_H

#include <nvmx/api.h>
#include <nvmx/fields.h>

NVMX_BEGIN_DECLS

/* VMX capability MSR indices (SDM Vol. 3 Appendix A, Vol. 4 Table 2-2). */
#define NVMX_MSR_IA32_FEATURE_CONTROL 0x03au
#define NVMX_MSR_VMX_BASIC 0x480u
#define NVMX_MSR_VMX_PINBASED_CTLS 0x481u
#define NVMX_MSR_VMX_PROCBASED_CTLS 0x482u
#define NVMX_MSR_VMX_EXIT_CTLS 0x483u
#define NVMX_MSR_VMX_ENTRY_CTLS 0x484u
#define NVMX_MSR_VMX_MISC 0x485u
#define NVMX_MSR_VMX_CR0_FIXED0 0x486u
#define NVMX_MSR_VMX_CR0_FIXED1 0x487u
#define NVMX_MSR_VMX_CR4_FIXED0 0x488u
#define NVMX_MSR_VMX_CR4_FIXED1 0x489u
#define NVMX_MSR_VMX_VMCS_ENUM 0x48au
#define NVMX_MSR_VMX_PROCBASED_CTLS2 0x48bu
#define NVMX_MSR_VMX_EPT_VPID_CAP 0x48cu
#define NVMX_MSR_VMX_TRUE_PINBASED_CTLS 0x48du
#define NVMX_MSR_VMX_TRUE_PROCBASED_CTLS 0x48eu
#define NVMX_MSR_VMX_TRUE_EXIT_CTLS 0x48fu
#define NVMX_MSR_VMX_TRUE_ENTRY_CTLS 0x490u
#define NVMX_MSR_VMX_VMFUNC 0x491u
#define NVMX_MSR_VMX_PROCBASED_CTLS3 0x492u
#define NVMX_MSR_VMX_EXIT_CTLS2 0x493u
#define NVMX_MSR_VMX_FIRST NVMX_MSR_VMX_BASIC
#define NVMX_MSR_VMX_LAST NVMX_MSR_VMX_EXIT_CTLS2
#define NVMX_VMX_MSR_COUNT (NVMX_MSR_VMX_LAST - NVMX_MSR_VMX_FIRST + 1)

/* IA32_VMX_BASIC bits (SDM A.1). */
#define NVMX_BASIC_REVISION_MASK 0x7fffffffull
#define NVMX_BASIC_SIZE_SHIFT 32
#define NVMX_BASIC_SIZE_MASK (0x1fffull << 32)
#define NVMX_BASIC_32BIT_PA (1ull << 48)
#define NVMX_BASIC_DUAL_MONITOR (1ull << 49)
#define NVMX_BASIC_MEMTYPE_SHIFT 50
#define NVMX_BASIC_MEMTYPE_MASK (0xfull << 50)
#define NVMX_BASIC_INOUT_INFO (1ull << 54)
#define NVMX_BASIC_TRUE_CTLS (1ull << 55)
#define NVMX_BASIC_NO_HW_ERRCODE_CC (1ull << 56)
#define NVMX_BASIC_NESTED_EXCEPTION (1ull << 58)

/* IA32_VMX_MISC bits (SDM A.6). */
#define NVMX_MISC_PREEMPT_RATE_MASK 0x1full
#define NVMX_MISC_SAVE_EFER_LMA (1ull << 5)
#define NVMX_MISC_ACT_HLT (1ull << 6)
#define NVMX_MISC_ACT_SHUTDOWN (1ull << 7)
#define NVMX_MISC_ACT_WAIT_SIPI (1ull << 8)
#define NVMX_MISC_PT_IN_VMX (1ull << 14)
#define NVMX_MISC_RDMSR_SMBASE (1ull << 15)
#define NVMX_MISC_CR3_TARGETS_SHIFT 16
#define NVMX_MISC_CR3_TARGETS_MASK (0x1ffull << 16)
#define NVMX_MISC_MAX_MSR_LIST_SHIFT 25
#define NVMX_MISC_MAX_MSR_LIST_MASK (0x7ull << 25)
#define NVMX_MISC_SMM_MONITOR_CTL_B2 (1ull << 28)
#define NVMX_MISC_VMWRITE_ANY (1ull << 29)
#define NVMX_MISC_ZERO_LEN_INJECT (1ull << 30)
#define NVMX_MISC_MSEG_REV_SHIFT 32

/* IA32_VMX_EPT_VPID_CAP bits (SDM A.10). */
#define NVMX_EPT_CAP_EXEC_ONLY (1ull << 0)
#define NVMX_EPT_CAP_PWL4 (1ull << 6)
#define NVMX_EPT_CAP_PWL5 (1ull << 7)
#define NVMX_EPT_CAP_MT_UC (1ull << 8)
#define NVMX_EPT_CAP_MT_WB (1ull << 14)
#define NVMX_EPT_CAP_2MB (1ull << 16)
#define NVMX_EPT_CAP_1GB (1ull << 17)
#define NVMX_EPT_CAP_INVEPT (1ull << 20)
#define NVMX_EPT_CAP_AD (1ull << 21)
#define NVMX_EPT_CAP_ADV_EXIT_INFO (1ull << 22)
#define NVMX_EPT_CAP_SSS (1ull << 23)
#define NVMX_EPT_CAP_INVEPT_SINGLE (1ull << 25)
#define NVMX_EPT_CAP_INVEPT_ALL (1ull << 26)
#define NVMX_VPID_CAP_INVVPID (1ull << 32)
#define NVMX_VPID_CAP_INDIV_ADDR (1ull << 40)
#define NVMX_VPID_CAP_SINGLE (1ull << 41)
#define NVMX_VPID_CAP_ALL (1ull << 42)
#define NVMX_VPID_CAP_SINGLE_GLOBALS (1ull << 43)

/* Default1 classes (SDM A.2): bits the non-TRUE MSRs report as must-be-1. */
#define NVMX_PIN_DEFAULT1 0x00000016u
#define NVMX_PROC_DEFAULT1 0x0401e172u
#define NVMX_EXIT_DEFAULT1 0x00036dffu
#define NVMX_ENTRY_DEFAULT1 0x000011ffu

/* Control words (one per VMCS control field with a capability MSR). */
enum nvmx_ctl_word {
	NVMX_WORD_NONE = 0,
	NVMX_WORD_PIN,
	NVMX_WORD_PROC,
	NVMX_WORD_PROC2,
	NVMX_WORD_PROC3,
	NVMX_WORD_EXIT,
	NVMX_WORD_EXIT2,
	NVMX_WORD_ENTRY,
	NVMX_WORD_VMFUNC,
	NVMX_WORD_CPU,	/* not a control: CPUID facts (NVMX_CPU_*) */
	NVMX_WORD_COUNT
};

/*
 * Named control bits, generated from <nvmx/controls.def>: bit numbers
 * NVMX_<WORD>_<NAME>_BIT, and NVMX_CTL_MASK(WORD_NAME) for the mask, e.g.
 * NVMX_CTL_MASK(PROC2_ENABLE_EPT) == 1ull << 1.
 */
enum nvmx_ctl_bit {
#define NVMX_CTL(word, bit, name, sdm) NVMX_##word##_##name##_BIT = bit,
#include <nvmx/controls.def>
#undef NVMX_CTL
};
#define NVMX_CTL_MASK(x) (1ull << NVMX_##x##_BIT)

/*
 * CPUID facts the VMX semantics depend on. One bit each in
 * struct nvmx_model.cpu. (CPUID leaf/bit in the comment.)
 */
enum nvmx_cpu_feature_bit {
	NVMX_CPUB_VMX,		/* 1:ECX[5] */
	NVMX_CPUB_SMX,		/* 1:ECX[6] */
	NVMX_CPUB_PCID,		/* 1:ECX[17] */
	NVMX_CPUB_XSAVE,	/* 1:ECX[26] */
	NVMX_CPUB_RDRAND,	/* 1:ECX[30] */
	NVMX_CPUB_PDCM,		/* 1:ECX[15] */
	NVMX_CPUB_FSGSBASE,	/* 7:EBX[0] */
	NVMX_CPUB_SGX,		/* 7:EBX[2] */
	NVMX_CPUB_SMEP,		/* 7:EBX[7] */
	NVMX_CPUB_INVPCID,	/* 7:EBX[10] */
	NVMX_CPUB_MPX,		/* 7:EBX[14] */
	NVMX_CPUB_RDSEED,	/* 7:EBX[18] */
	NVMX_CPUB_SMAP,		/* 7:EBX[20] */
	NVMX_CPUB_PT,		/* 7:EBX[25] */
	NVMX_CPUB_UMIP,		/* 7:ECX[2] */
	NVMX_CPUB_PKU,		/* 7:ECX[3] */
	NVMX_CPUB_WAITPKG,	/* 7:ECX[5] */
	NVMX_CPUB_CET_SS,	/* 7:ECX[7] */
	NVMX_CPUB_LA57,		/* 7:ECX[16] */
	NVMX_CPUB_SGX_LC,	/* 7:ECX[30] */
	NVMX_CPUB_PKS,		/* 7:ECX[31] */
	NVMX_CPUB_KL,		/* 7:ECX[23] Key Locker */
	NVMX_CPUB_ENQCMD,	/* 7:ECX[29] */
	NVMX_CPUB_UINTR,	/* 7:EDX[5] */
	NVMX_CPUB_PCONFIG,	/* 7:EDX[18] */
	NVMX_CPUB_ARCH_LBR,	/* 7:EDX[19] */
	NVMX_CPUB_CET_IBT,	/* 7:EDX[20] */
	NVMX_CPUB_LASS,		/* 7.1:EAX[6] */
	NVMX_CPUB_FRED,		/* 7.1:EAX[17] */
	NVMX_CPUB_LAM,		/* 7.1:EAX[26] */
	NVMX_CPUB_MSRLIST,	/* 7.1:EAX[27] */
	NVMX_CPUB_XSAVES,	/* D.1:EAX[3] */
	NVMX_CPUB_PERFMON,	/* A:EAX[7:0] >= 2: IA32_PERF_GLOBAL_CTRL exists */
	NVMX_CPUB_RDTSCP,	/* 80000001:EDX[27] */
	NVMX_CPUB_LM,		/* 80000001:EDX[29] Intel 64 */
	NVMX_CPUB_NX,		/* 80000001:EDX[20] */
	NVMX_CPUB_LMCE,		/* IA32_MCG_CAP[27] local machine check */
	NVMX_CPUB_SEAM,		/* TDX SEAM mode (UNCONFIRMED fields only) */
	NVMX_CPUB_COUNT
};

#define NVMX_CPU(b) (1ull << NVMX_CPUB_##b)
#define NVMX_CPU_VMX NVMX_CPU(VMX)
#define NVMX_CPU_SMX NVMX_CPU(SMX)
#define NVMX_CPU_PCID NVMX_CPU(PCID)
#define NVMX_CPU_XSAVE NVMX_CPU(XSAVE)
#define NVMX_CPU_RDRAND NVMX_CPU(RDRAND)
#define NVMX_CPU_PDCM NVMX_CPU(PDCM)
#define NVMX_CPU_FSGSBASE NVMX_CPU(FSGSBASE)
#define NVMX_CPU_SGX NVMX_CPU(SGX)
#define NVMX_CPU_SMEP NVMX_CPU(SMEP)
#define NVMX_CPU_INVPCID NVMX_CPU(INVPCID)
#define NVMX_CPU_MPX NVMX_CPU(MPX)
#define NVMX_CPU_RDSEED NVMX_CPU(RDSEED)
#define NVMX_CPU_SMAP NVMX_CPU(SMAP)
#define NVMX_CPU_PT NVMX_CPU(PT)
#define NVMX_CPU_UMIP NVMX_CPU(UMIP)
#define NVMX_CPU_PKU NVMX_CPU(PKU)
#define NVMX_CPU_WAITPKG NVMX_CPU(WAITPKG)
#define NVMX_CPU_CET_SS NVMX_CPU(CET_SS)
#define NVMX_CPU_LA57 NVMX_CPU(LA57)
#define NVMX_CPU_SGX_LC NVMX_CPU(SGX_LC)
#define NVMX_CPU_PKS NVMX_CPU(PKS)
#define NVMX_CPU_KL NVMX_CPU(KL)
#define NVMX_CPU_ENQCMD NVMX_CPU(ENQCMD)
#define NVMX_CPU_UINTR NVMX_CPU(UINTR)
#define NVMX_CPU_PCONFIG NVMX_CPU(PCONFIG)
#define NVMX_CPU_ARCH_LBR NVMX_CPU(ARCH_LBR)
#define NVMX_CPU_CET_IBT NVMX_CPU(CET_IBT)
#define NVMX_CPU_LASS NVMX_CPU(LASS)
#define NVMX_CPU_FRED NVMX_CPU(FRED)
#define NVMX_CPU_LAM NVMX_CPU(LAM)
#define NVMX_CPU_MSRLIST NVMX_CPU(MSRLIST)
#define NVMX_CPU_XSAVES NVMX_CPU(XSAVES)
#define NVMX_CPU_PERFMON NVMX_CPU(PERFMON)
#define NVMX_CPU_RDTSCP NVMX_CPU(RDTSCP)
#define NVMX_CPU_LM NVMX_CPU(LM)
#define NVMX_CPU_NX NVMX_CPU(NX)
#define NVMX_CPU_LMCE NVMX_CPU(LMCE)
#define NVMX_CPU_SEAM NVMX_CPU(SEAM)

/* CR4 bits whose FIXED1 setting follows a CPUID fact (SDM 2.5, A.8). */
#define NVMX_CR4_VMXE (1ull << 13)
#define NVMX_CR4_SMXE (1ull << 14)
#define NVMX_CR4_LA57 (1ull << 12)
#define NVMX_CR4_PCIDE (1ull << 17)
#define NVMX_CR4_CET (1ull << 23)
#define NVMX_CR4_PKS (1ull << 24)
#define NVMX_CR4_UINTR (1ull << 25)
#define NVMX_CR4_LASS (1ull << 27)
#define NVMX_CR4_LAM_SUP (1ull << 28)
#define NVMX_CR4_FRED (1ull << 32)

enum nvmx_preset {
	NVMX_PRESET_MAX = 0,	/* every feature the SDM (and ISE) defines */
	NVMX_PRESET_SKYLAKE_SERVER,
	NVMX_PRESET_ICELAKE_SERVER,
	NVMX_PRESET_SAPPHIRE_RAPIDS,
	NVMX_PRESET_LAM,	/* a LAM-capable server CPU (Granite Rapids class) */
	NVMX_PRESET_COUNT
};

#define NVMX_MODEL_EXIST_WORDS ((NVMX_FIELD_COUNT + 63) / 64)

/*
 * The model. Treat the members as read-only outside the library: use
 * nvmx_model_set_msr(), nvmx_model_set_cpu() and
 * nvmx_model_set_maxphyaddr(), which recompute the derived members.
 */
struct nvmx_model {
	uint64_t msr[NVMX_VMX_MSR_COUNT]; /* 0x480 .. 0x493, raw */
	uint64_t cpu;			   /* NVMX_CPU_* facts */
	uint8_t maxphyaddr;		   /* CPUID.80000008H:EAX[7:0] */
	uint8_t reserved[7];
	/* derived: */
	uint64_t allowed1[NVMX_WORD_COUNT]; /* effective allowed-1 per word */
	uint64_t exists[NVMX_MODEL_EXIST_WORDS]; /* bit i: field index i exists */
	uint64_t vmcs_enum;		   /* IA32_VMX_VMCS_ENUM, computed */
	/*
	 * Allowed-1 bits per control word that L1 sees but VM entry refuses
	 * (withdrawn controls accepted by a COMPAT restore, <nvmx/msr.h>).
	 * Zero unless lib/msr set them; query with nvmx_control_revoked().
	 */
	uint64_t revoked[NVMX_WORD_COUNT];
};

NVMX_API void nvmx_model_init(struct nvmx_model *m, enum nvmx_preset p);
NVMX_API const char *nvmx_preset_name(enum nvmx_preset p);
/* Preset by name ("max", "skylake-server", ...); NVMX_ENOENT if unknown. */
NVMX_API int nvmx_preset_by_name(const char *name, enum nvmx_preset *out);

/*
 * Raw, unvalidated write of a VMX capability MSR (0x480..0x493) for
 * building a model. IA32_VMX_VMCS_ENUM (0x48A) is derived from the fields
 * that exist and cannot be set: NVMX_EPERM. Unknown index: NVMX_ENOENT.
 */
NVMX_API int nvmx_model_set_msr(struct nvmx_model *m, uint32_t index, uint64_t v);
/* Value of a VMX capability MSR, 0 for an unknown index. */
NVMX_API uint64_t nvmx_model_get_msr(const struct nvmx_model *m, uint32_t index);
/* Whether RDMSR of index would succeed on this model (SDM A.1-A.12 "exists iff"). */
NVMX_API bool nvmx_model_has_msr(const struct nvmx_model *m, uint32_t index);
NVMX_API int nvmx_model_set_cpu(struct nvmx_model *m, uint64_t cpu_features);
/* MAXPHYADDR 32..52 (SDM 4.1.4); NVMX_ERANGE otherwise. */
NVMX_API int nvmx_model_set_maxphyaddr(struct nvmx_model *m, unsigned int bits);

/* Whether the field named by encoding exists in this model (high halves included). */
NVMX_API bool nvmx_field_exists(const struct nvmx_model *m, uint32_t encoding);
/* Whether a gate of fields.def/gates.def is open in this model. */
NVMX_API bool nvmx_gate_open(const struct nvmx_model *m, unsigned int gate);
/* IA32_VMX_VMCS_ENUM: bits 9:1 = highest index among existing fields (SDM A.9). */
NVMX_API uint64_t nvmx_vmcs_enum(const struct nvmx_model *m);

/*
 * Effective allowed-1 setting of a control word: for the secondary,
 * tertiary, secondary-exit and VM-function words, 0 unless the control
 * that activates the word may be 1. For NVMX_WORD_CPU, the CPUID facts.
 */
NVMX_API uint64_t nvmx_model_allowed1(const struct nvmx_model *m, enum nvmx_ctl_word w);
/*
 * Must-be-1 bits of a 32-bit control word as VM entry checks them:
 * the TRUE MSR when IA32_VMX_BASIC[55] = 1, else the plain MSR (SDM A.2).
 * 0 for words that have none (PROC3, EXIT2, VMFUNC, PROC2 has its own MSR).
 */
NVMX_API uint64_t nvmx_model_allowed0(const struct nvmx_model *m, enum nvmx_ctl_word w);

/* CR4 FIXED1 bits implied by the model's CPUID facts (SDM 2.5, A.8). */
NVMX_API uint64_t nvmx_model_cr4_fixed1_for_cpu(uint64_t cpu_features);

NVMX_END_DECLS

#endif /* NVMX_MODEL_H */
