// SPDX-License-Identifier: MIT
/*
 * presets.c - ready-made vCPU models.
 *
 * The capability values are composed from named control bits (controls.def)
 * rather than copied hex dumps, so each preset says which features it has.
 * They are constructed from Intel's published feature lists for each
 * generation (SDM Vol. 3 Appendix A for the MSR layouts); they are
 * representative of that generation, not a capture of one machine. See
 * doc/models.md.
 */
#include <nvmx/model.h>

#include "fields/fields_internal.h"
#include "model_internal.h"

#define B(x) NVMX_CTL_MASK(x)

/* Allowed-1 sets, built up generation by generation. */
#define PIN_BASE                                                               \
	(NVMX_PIN_DEFAULT1 | B(PIN_EXT_INTR_EXITING) | B(PIN_NMI_EXITING) |    \
	 B(PIN_VIRTUAL_NMIS) | B(PIN_PREEMPTION_TIMER) | B(PIN_POSTED_INTR))

#define PROC_BASE                                                              \
	(NVMX_PROC_DEFAULT1 | B(PROC_INTR_WINDOW_EXITING) |                    \
	 B(PROC_USE_TSC_OFFSETTING) | B(PROC_HLT_EXITING) |                    \
	 B(PROC_INVLPG_EXITING) | B(PROC_MWAIT_EXITING) |                      \
	 B(PROC_RDPMC_EXITING) | B(PROC_RDTSC_EXITING) |                       \
	 B(PROC_CR8_LOAD_EXITING) | B(PROC_CR8_STORE_EXITING) |                \
	 B(PROC_USE_TPR_SHADOW) | B(PROC_NMI_WINDOW_EXITING) |                 \
	 B(PROC_MOV_DR_EXITING) | B(PROC_UNCOND_IO_EXITING) |                  \
	 B(PROC_USE_IO_BITMAPS) | B(PROC_MONITOR_TRAP_FLAG) |                  \
	 B(PROC_USE_MSR_BITMAPS) | B(PROC_MONITOR_EXITING) |                   \
	 B(PROC_PAUSE_EXITING) | B(PROC_ACTIVATE_SECONDARY))

#define PROC2_SKX                                                              \
	(B(PROC2_VIRT_APIC_ACCESSES) | B(PROC2_ENABLE_EPT) |                   \
	 B(PROC2_DESC_TABLE_EXITING) | B(PROC2_ENABLE_RDTSCP) |                \
	 B(PROC2_VIRT_X2APIC_MODE) | B(PROC2_ENABLE_VPID) |                    \
	 B(PROC2_WBINVD_EXITING) | B(PROC2_UNRESTRICTED_GUEST) |               \
	 B(PROC2_APIC_REG_VIRT) | B(PROC2_VIRT_INTR_DELIVERY) |                \
	 B(PROC2_PAUSE_LOOP_EXITING) | B(PROC2_RDRAND_EXITING) |               \
	 B(PROC2_ENABLE_INVPCID) | B(PROC2_ENABLE_VMFUNC) |                    \
	 B(PROC2_VMCS_SHADOWING) | B(PROC2_RDSEED_EXITING) |                   \
	 B(PROC2_ENABLE_PML) | B(PROC2_EPT_VIOLATION_VE) |                     \
	 B(PROC2_PT_CONCEAL_VMX) | B(PROC2_ENABLE_XSAVES) |                    \
	 B(PROC2_MODE_BASED_EPT_EXEC) | B(PROC2_PT_USE_GPA) |                  \
	 B(PROC2_USE_TSC_SCALING))
#define PROC2_ICX                                                              \
	(PROC2_SKX | B(PROC2_ENCLS_EXITING) | B(PROC2_ENABLE_PCONFIG))
#define PROC2_SPR                                                              \
	(PROC2_ICX | B(PROC2_ENABLE_USER_WAIT_PAUSE) |                         \
	 B(PROC2_BUS_LOCK_DETECTION) | B(PROC2_INSTRUCTION_TIMEOUT))

#define EXIT_SKX                                                               \
	(NVMX_EXIT_DEFAULT1 | B(EXIT_SAVE_DEBUG_CONTROLS) |                    \
	 B(EXIT_HOST_ADDR_SPACE_SIZE) | B(EXIT_LOAD_PERF_GLOBAL_CTRL) |        \
	 B(EXIT_ACK_INTR_ON_EXIT) | B(EXIT_SAVE_PAT) | B(EXIT_LOAD_PAT) |      \
	 B(EXIT_SAVE_EFER) | B(EXIT_LOAD_EFER) |                               \
	 B(EXIT_SAVE_PREEMPTION_TIMER) | B(EXIT_CLEAR_BNDCFGS) |               \
	 B(EXIT_PT_CONCEAL_VMX))
#define EXIT_ICX ((EXIT_SKX & ~B(EXIT_CLEAR_BNDCFGS)) | B(EXIT_CLEAR_RTIT_CTL))
#define EXIT_SPR                                                               \
	(EXIT_ICX | B(EXIT_CLEAR_LBR_CTL) | B(EXIT_LOAD_CET_STATE) |           \
	 B(EXIT_LOAD_PKRS))

#define ENTRY_SKX                                                              \
	(NVMX_ENTRY_DEFAULT1 | B(ENTRY_LOAD_DEBUG_CONTROLS) |                  \
	 B(ENTRY_IA32E_MODE_GUEST) | B(ENTRY_ENTRY_TO_SMM) |                   \
	 B(ENTRY_DEACT_DUAL_MONITOR) | B(ENTRY_LOAD_PERF_GLOBAL_CTRL) |        \
	 B(ENTRY_LOAD_PAT) | B(ENTRY_LOAD_EFER) | B(ENTRY_LOAD_BNDCFGS) |      \
	 B(ENTRY_PT_CONCEAL_VMX))
#define ENTRY_ICX                                                              \
	((ENTRY_SKX & ~B(ENTRY_LOAD_BNDCFGS)) | B(ENTRY_LOAD_RTIT_CTL))
#define ENTRY_SPR                                                              \
	(ENTRY_ICX | B(ENTRY_LOAD_CET_STATE) | B(ENTRY_LOAD_LBR_CTL) |         \
	 B(ENTRY_LOAD_PKRS))

#define EPT_SKX                                                                \
	(NVMX_EPT_CAP_EXEC_ONLY | NVMX_EPT_CAP_PWL4 | NVMX_EPT_CAP_MT_UC |     \
	 NVMX_EPT_CAP_MT_WB | NVMX_EPT_CAP_2MB | NVMX_EPT_CAP_1GB |            \
	 NVMX_EPT_CAP_INVEPT | NVMX_EPT_CAP_AD | NVMX_EPT_CAP_INVEPT_SINGLE |  \
	 NVMX_EPT_CAP_INVEPT_ALL | NVMX_VPID_CAP_INVVPID |                     \
	 NVMX_VPID_CAP_INDIV_ADDR | NVMX_VPID_CAP_SINGLE | NVMX_VPID_CAP_ALL | \
	 NVMX_VPID_CAP_SINGLE_GLOBALS)
#define EPT_ICX (EPT_SKX | NVMX_EPT_CAP_PWL5)
#define EPT_SPR (EPT_ICX | NVMX_EPT_CAP_ADV_EXIT_INFO | NVMX_EPT_CAP_SSS)

/* Preemption-timer rate 5, LMA store, HLT/shutdown/SIPI, PT, SMBASE,
 * 4 CR3 targets, 512 MSRs per list, SMM_MONITOR_CTL[2], VMWRITE to any
 * field, zero-length injection (SDM A.6). */
#define MISC_BASE                                                              \
	(5ull | NVMX_MISC_SAVE_EFER_LMA | NVMX_MISC_ACT_HLT |                  \
	 NVMX_MISC_ACT_SHUTDOWN | NVMX_MISC_ACT_WAIT_SIPI |                    \
	 NVMX_MISC_PT_IN_VMX | NVMX_MISC_RDMSR_SMBASE |                        \
	 (4ull << NVMX_MISC_CR3_TARGETS_SHIFT) | NVMX_MISC_SMM_MONITOR_CTL_B2 | \
	 NVMX_MISC_VMWRITE_ANY | NVMX_MISC_ZERO_LEN_INJECT)

/* Revision 4, 1 KiB regions, write-back, INS/OUTS info, TRUE controls. */
#define BASIC_INTEL                                                            \
	(4ull | (0x400ull << NVMX_BASIC_SIZE_SHIFT) |                          \
	 (6ull << NVMX_BASIC_MEMTYPE_SHIFT) | NVMX_BASIC_INOUT_INFO |          \
	 NVMX_BASIC_TRUE_CTLS)

#define CPU_SKX                                                                \
	(NVMX_CPU_VMX | NVMX_CPU_SMX | NVMX_CPU_PCID | NVMX_CPU_XSAVE |        \
	 NVMX_CPU_RDRAND | NVMX_CPU_PDCM | NVMX_CPU_FSGSBASE | NVMX_CPU_SMEP | \
	 NVMX_CPU_INVPCID | NVMX_CPU_MPX | NVMX_CPU_RDSEED | NVMX_CPU_SMAP |   \
	 NVMX_CPU_PT | NVMX_CPU_PKU | NVMX_CPU_XSAVES | NVMX_CPU_PERFMON |     \
	 NVMX_CPU_RDTSCP | NVMX_CPU_LM | NVMX_CPU_NX | NVMX_CPU_LMCE)
#define CPU_ICX                                                                \
	((CPU_SKX & ~NVMX_CPU_MPX) | NVMX_CPU_UMIP | NVMX_CPU_LA57 |           \
	 NVMX_CPU_SGX | NVMX_CPU_SGX_LC | NVMX_CPU_PCONFIG)
#define CPU_SPR                                                                \
	(CPU_ICX | NVMX_CPU_WAITPKG | NVMX_CPU_CET_SS | NVMX_CPU_CET_IBT |     \
	 NVMX_CPU_PKS | NVMX_CPU_ENQCMD | NVMX_CPU_UINTR | NVMX_CPU_ARCH_LBR)
#define CPU_LAM (CPU_SPR | NVMX_CPU_LAM | NVMX_CPU_LASS)

struct preset {
	const char *name;
	uint64_t basic, pin, proc, proc2, proc3, exit, exit2, entry, misc;
	uint64_t ept_vpid, vmfunc, cpu;
	uint8_t maxphyaddr;
};

static const struct preset presets[NVMX_PRESET_COUNT] = {
	[NVMX_PRESET_MAX] = {
		.name = "max",
		.basic = 1ull | (0x1000ull << NVMX_BASIC_SIZE_SHIFT) |
			 NVMX_BASIC_DUAL_MONITOR |
			 (6ull << NVMX_BASIC_MEMTYPE_SHIFT) |
			 NVMX_BASIC_INOUT_INFO | NVMX_BASIC_TRUE_CTLS |
			 NVMX_BASIC_NO_HW_ERRCODE_CC |
			 NVMX_BASIC_NESTED_EXCEPTION,
		.pin = 0xff,		/* every pin-based control */
		.proc = 0xfffbfffe,	/* all but reserved bits 0 and 18 */
		.proc2 = 0xdfffffff,	/* all but reserved bit 29 */
		.proc3 = 0x1df,		/* bits 0-4 and 6-8 */
		.exit = 0xffffffff,
		.exit2 = 0xf,
		.entry = 0x1ffffff,
		.misc = MISC_BASE,
		.ept_vpid = EPT_SPR,
		.vmfunc = 1,
		.cpu = (1ull << NVMX_CPUB_COUNT) - 1,
		.maxphyaddr = 52,
	},
	[NVMX_PRESET_SKYLAKE_SERVER] = {
		.name = "skylake-server",
		.basic = BASIC_INTEL, .pin = PIN_BASE, .proc = PROC_BASE,
		.proc2 = PROC2_SKX, .exit = EXIT_SKX, .entry = ENTRY_SKX,
		.misc = MISC_BASE, .ept_vpid = EPT_SKX, .vmfunc = 1,
		.cpu = CPU_SKX, .maxphyaddr = 46,
	},
	[NVMX_PRESET_ICELAKE_SERVER] = {
		.name = "icelake-server",
		.basic = BASIC_INTEL, .pin = PIN_BASE, .proc = PROC_BASE,
		.proc2 = PROC2_ICX, .exit = EXIT_ICX, .entry = ENTRY_ICX,
		.misc = MISC_BASE, .ept_vpid = EPT_ICX, .vmfunc = 1,
		.cpu = CPU_ICX, .maxphyaddr = 46,
	},
	[NVMX_PRESET_SAPPHIRE_RAPIDS] = {
		.name = "sapphire-rapids",
		.basic = BASIC_INTEL, .pin = PIN_BASE,
		.proc = PROC_BASE | B(PROC_ACTIVATE_TERTIARY),
		.proc2 = PROC2_SPR, .proc3 = B(PROC3_IPI_VIRT),
		.exit = EXIT_SPR, .entry = ENTRY_SPR,
		.misc = MISC_BASE, .ept_vpid = EPT_SPR, .vmfunc = 1,
		.cpu = CPU_SPR, .maxphyaddr = 52,
	},
	[NVMX_PRESET_LAM] = {
		.name = "lam",
		.basic = BASIC_INTEL, .pin = PIN_BASE,
		.proc = PROC_BASE | B(PROC_ACTIVATE_TERTIARY),
		.proc2 = PROC2_SPR, .proc3 = B(PROC3_IPI_VIRT),
		.exit = EXIT_SPR, .entry = ENTRY_SPR,
		.misc = MISC_BASE, .ept_vpid = EPT_SPR, .vmfunc = 1,
		.cpu = CPU_LAM, .maxphyaddr = 52,
	},
};

/* TRUE allowed-0: the default1 class minus the controls that may be 0
 * (SDM A.2: CR3-load/store exiting, save/load debug controls). */
#define PIN_TRUE0 NVMX_PIN_DEFAULT1
#define PROC_TRUE0                                                             \
	(NVMX_PROC_DEFAULT1 & ~(B(PROC_CR3_LOAD_EXITING) | B(PROC_CR3_STORE_EXITING)))
#define EXIT_TRUE0 (NVMX_EXIT_DEFAULT1 & ~B(EXIT_SAVE_DEBUG_CONTROLS))
#define ENTRY_TRUE0 (NVMX_ENTRY_DEFAULT1 & ~B(ENTRY_LOAD_DEBUG_CONTROLS))

static void put(struct nvmx_model *m, uint32_t index, uint64_t v)
{
	m->msr[index - NVMX_MSR_VMX_FIRST] = v;
}

void nvmx_model_init(struct nvmx_model *m, enum nvmx_preset p)
{
	const struct preset *s;
	unsigned char *b = (unsigned char *)m;

	if (!m)
		return;
	for (size_t i = 0; i < sizeof(*m); i++)
		b[i] = 0;
	if ((unsigned int)p >= NVMX_PRESET_COUNT)
		p = NVMX_PRESET_MAX;
	s = &presets[nvmx_clamp_index((unsigned int)p, NVMX_PRESET_COUNT)];

	put(m, NVMX_MSR_VMX_BASIC, s->basic);
	put(m, NVMX_MSR_VMX_PINBASED_CTLS, s->pin << 32 | NVMX_PIN_DEFAULT1);
	put(m, NVMX_MSR_VMX_PROCBASED_CTLS, s->proc << 32 | NVMX_PROC_DEFAULT1);
	put(m, NVMX_MSR_VMX_EXIT_CTLS, s->exit << 32 | NVMX_EXIT_DEFAULT1);
	put(m, NVMX_MSR_VMX_ENTRY_CTLS, s->entry << 32 | NVMX_ENTRY_DEFAULT1);
	put(m, NVMX_MSR_VMX_TRUE_PINBASED_CTLS, s->pin << 32 | PIN_TRUE0);
	put(m, NVMX_MSR_VMX_TRUE_PROCBASED_CTLS, s->proc << 32 | PROC_TRUE0);
	put(m, NVMX_MSR_VMX_TRUE_EXIT_CTLS, s->exit << 32 | EXIT_TRUE0);
	put(m, NVMX_MSR_VMX_TRUE_ENTRY_CTLS, s->entry << 32 | ENTRY_TRUE0);
	put(m, NVMX_MSR_VMX_MISC, s->misc);
	/* SDM A.7, A.8: PE, NE, PG fixed to 1; VMXE fixed to 1. */
	put(m, NVMX_MSR_VMX_CR0_FIXED0, 0x80000021ull);
	put(m, NVMX_MSR_VMX_CR0_FIXED1, 0xffffffffull);
	put(m, NVMX_MSR_VMX_CR4_FIXED0, NVMX_CR4_VMXE);
	put(m, NVMX_MSR_VMX_CR4_FIXED1, nvmx_model_cr4_fixed1_for_cpu(s->cpu));
	put(m, NVMX_MSR_VMX_PROCBASED_CTLS2, s->proc2 << 32);
	put(m, NVMX_MSR_VMX_EPT_VPID_CAP, s->ept_vpid);
	put(m, NVMX_MSR_VMX_VMFUNC, s->vmfunc);
	put(m, NVMX_MSR_VMX_PROCBASED_CTLS3, s->proc3);
	put(m, NVMX_MSR_VMX_EXIT_CTLS2, s->exit2);
	m->cpu = s->cpu;
	m->maxphyaddr = s->maxphyaddr;
	nvmx_model_update(m);
}

const char *nvmx_preset_name(enum nvmx_preset p)
{
	if ((unsigned int)p >= NVMX_PRESET_COUNT)
		return 0;
	return presets[nvmx_clamp_index((unsigned int)p, NVMX_PRESET_COUNT)]
		.name;
}

int nvmx_preset_by_name(const char *name, enum nvmx_preset *out)
{
	if (!name || !out)
		return NVMX_EINVAL;
	for (unsigned int i = 0; i < NVMX_PRESET_COUNT; i++) {
		const char *a = presets[i].name, *b = name;

		while (*a && *a == *b) {
			a++;
			b++;
		}
		if (*a == *b) {
			*out = (enum nvmx_preset)i;
			return 0;
		}
	}
	return NVMX_ENOENT;
}
