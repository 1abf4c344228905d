// SPDX-License-Identifier: MIT
/*
 * host.c - checks on the host-state area (SDM Vol. 3 27.2.2 control
 * registers and MSRs, 27.2.3 segment and descriptor-table registers, 27.2.4
 * address-space size), in SDM order. Every failure is VMfailValid(8)
 * "VM entry with invalid host-state field(s)".
 */
#include "entry_internal.h"

#define B(x) NVMX_CTL_MASK(x)
#define FAIL_IF(c, cond, ID)                                                   \
	do {                                                                   \
		if ((cond) && nvmx_entry_fail((c), NVMX_CHECK_##ID))           \
			return;                                                \
	} while (0)
#define FAIL_AT_IF(c, cond, ID, FIELD)                                         \
	do {                                                                   \
		if ((cond) && nvmx_entry_fail_at((c), NVMX_CHECK_##ID, 0,      \
						 NVMX_##FIELD))                \
			return;                                                \
	} while (0)

#define CR0_WP (1ull << 16)
#define CR4_PAE (1ull << 5)
#define CR3_LAM_U57 (1ull << 61)
#define CR3_LAM_U48 (1ull << 62)
#define EFER_SCE (1ull << 0)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)

static uint64_t cap(const struct nvmx_model *m, uint32_t msr)
{
	return m->msr[msr - NVMX_MSR_VMX_FIRST];
}

/*
 * CR3 reserved bits, shared reasoning with the guest CR3 check (SDM
 * 27.2.2: bits 63:MAXPHYADDR must be 0; ISE LAM chapter: bits 62 (LAM_U48)
 * and 61 (LAM_U57) are ordinary CR3 bits when CPUID.(7,1):EAX[26] is set).
 * Bit 63 is never allowed.
 */
static bool cr3_bad(const struct nvmx_model *m, uint64_t cr3)
{
	if (m->cpu & NVMX_CPU_LAM)
		cr3 &= ~(CR3_LAM_U57 | CR3_LAM_U48);
	return !nvmx_paw_ok(m, cr3);
}

/* IA32_EFER bits defined on Intel 64 (SDM 2.2.1): SCE, LME, LMA, NXE;
 * LME/LMA need Intel 64, NXE needs XD support. */
static uint64_t efer_valid(const struct nvmx_model *m)
{
	uint64_t v = EFER_SCE;

	if (m->cpu & NVMX_CPU_LM)
		v |= EFER_LME | EFER_LMA;
	if (m->cpu & NVMX_CPU_NX)
		v |= EFER_NXE;
	return v;
}

/*
 * IA32_PERF_GLOBAL_CTRL (SDM 21.2.2, figure 21-3): enable bits of the
 * general-purpose counters (bits n-1:0) and fixed counters (bits 32+m-1:32)
 * and, with perf metrics, bit 48. The model records only "architectural
 * perfmon v2+ exists"; libnvmx assumes the widest common layout: 8 GP, 4
 * fixed counters, perf metrics (documented in doc/checks.md).
 */
#define PERF_GLOBAL_VALID (0xffull | (0xfull << 32) | (1ull << 48))

/* SDM 13.12.2: each PAT entry must be 0, 1, 4, 5, 6 or 7. */
static bool pat_bad(uint64_t pat)
{
	for (unsigned int i = 0; i < 8; i++) {
		unsigned int t = (pat >> (8 * i)) & 0xff;

		if (t == 2 || t == 3 || t > 7)
			return true;
	}
	return false;
}

/* IA32_S_CET (SDM 18.3.3): bits 9:6 reserved; SUPPRESS (10) and TRACKER
 * (11) cannot both be 1. */
static bool s_cet_bad(uint64_t v)
{
	return (v & 0x3c0) || (v & 0xc00) == 0xc00;
}

void nvmx_check_host(struct nvmx_entry_ctx *c)
{
	const struct nvmx_model *m = c->m;
	uint64_t exit = NVMX_F(c, VM_EXIT_CONTROLS);
	uint64_t exit2 = (exit & B(EXIT_ACTIVATE_SECONDARY)) ?
				 NVMX_F(c, SECONDARY_VM_EXIT_CONTROLS) :
				 0;
	uint64_t entry = NVMX_F(c, VM_ENTRY_CONTROLS);
	bool host64 = exit & B(EXIT_HOST_ADDR_SPACE_SIZE);
	bool ia32e = entry & B(ENTRY_IA32E_MODE_GUEST);
	uint64_t cr0 = NVMX_F(c, HOST_CR0), cr4 = NVMX_F(c, HOST_CR4);
	uint64_t f0, f1, rip;

	/* 27.2.2: control registers against the VMX fixed bits (no PE/PG
	 * exemption for the host) */
	f0 = cap(m, NVMX_MSR_VMX_CR0_FIXED0);
	f1 = cap(m, NVMX_MSR_VMX_CR0_FIXED1);
	FAIL_IF(c, (cr0 & f0) != f0, HOST_CR0_FIXED0);
	FAIL_IF(c, cr0 & ~f1, HOST_CR0_FIXED1);
	f0 = cap(m, NVMX_MSR_VMX_CR4_FIXED0);
	f1 = cap(m, NVMX_MSR_VMX_CR4_FIXED1);
	FAIL_IF(c, (cr4 & f0) != f0, HOST_CR4_FIXED0);
	FAIL_IF(c, cr4 & ~f1, HOST_CR4_FIXED1);
	FAIL_IF(c, (cr4 & NVMX_CR4_CET) && !(cr0 & CR0_WP), HOST_CR4_CET_WP);
	FAIL_IF(c, cr3_bad(m, NVMX_F(c, HOST_CR3)), HOST_CR3_RESERVED);
	FAIL_IF(c, !nvmx_canonical_max(m, NVMX_F(c, HOST_IA32_SYSENTER_ESP)),
		HOST_SYSENTER_ESP_CANON);
	FAIL_IF(c, !nvmx_canonical_max(m, NVMX_F(c, HOST_IA32_SYSENTER_EIP)),
		HOST_SYSENTER_EIP_CANON);
	if (exit & B(EXIT_LOAD_CET_STATE)) {
		uint64_t s = NVMX_F(c, HOST_S_CET), ssp = NVMX_F(c, HOST_SSP);

		FAIL_IF(c, s_cet_bad(s), HOST_CET_SCET_RSVD);
		FAIL_IF(c, !nvmx_canonical_max(m, s), HOST_CET_SCET_CANON);
		FAIL_IF(c, !nvmx_canonical_max(m, NVMX_F(c, HOST_INTR_SSP_TABLE)),
			HOST_CET_SSPTBL_CANON);
		FAIL_IF(c, ssp & 3, HOST_CET_SSP_ALIGN);
		FAIL_IF(c, host64 && !nvmx_canonical_max(m, ssp),
			HOST_CET_SSP_CANON);
		FAIL_AT_IF(c, !host64 && (s >> 32), HOST_CET_32BIT, HOST_S_CET);
		FAIL_AT_IF(c, !host64 && (ssp >> 32), HOST_CET_32BIT, HOST_SSP);
	}
	FAIL_IF(c,
		(exit & B(EXIT_LOAD_PERF_GLOBAL_CTRL)) &&
			(NVMX_F(c, HOST_IA32_PERF_GLOBAL_CTRL) &
			 ~PERF_GLOBAL_VALID),
		HOST_PERF_GLOBAL_RSVD);
	FAIL_IF(c, (exit & B(EXIT_LOAD_PAT)) && pat_bad(NVMX_F(c, HOST_IA32_PAT)),
		HOST_PAT);
	if (exit & B(EXIT_LOAD_EFER)) {
		uint64_t efer = NVMX_F(c, HOST_IA32_EFER);

		FAIL_IF(c, efer & ~efer_valid(m), HOST_EFER_RSVD);
		FAIL_IF(c, !!(efer & EFER_LMA) != host64, HOST_EFER_LMA);
		FAIL_IF(c, !!(efer & EFER_LME) != host64, HOST_EFER_LME);
	}
	FAIL_IF(c, (exit & B(EXIT_LOAD_PKRS)) && (NVMX_F(c, HOST_IA32_PKRS) >> 32),
		HOST_PKRS_RSVD);
	if (exit2 & B(EXIT2_LOAD_FRED)) {
		/* IA32_FRED_CONFIG (FRED spec 7.1): bits 2, 4, 5 and 11 are
		 * reserved; bits 63:12 hold a canonical linear address. */
		uint64_t cfg = NVMX_F(c, HOST_IA32_FRED_CONFIG);

		FAIL_IF(c,
			(cfg & 0x834) || !nvmx_canonical_max(m, cfg & ~0xfffull),
			HOST_FRED_CONFIG);
		/* RSPi: 64-byte aligned, canonical */
		FAIL_AT_IF(c,
			   (NVMX_F(c, HOST_IA32_FRED_RSP1) & 0x3f) ||
				   !nvmx_canonical_max(m, NVMX_F(c, HOST_IA32_FRED_RSP1)),
			   HOST_FRED_RSP, HOST_IA32_FRED_RSP1);
		FAIL_AT_IF(c,
			   (NVMX_F(c, HOST_IA32_FRED_RSP2) & 0x3f) ||
				   !nvmx_canonical_max(m, NVMX_F(c, HOST_IA32_FRED_RSP2)),
			   HOST_FRED_RSP, HOST_IA32_FRED_RSP2);
		FAIL_AT_IF(c,
			   (NVMX_F(c, HOST_IA32_FRED_RSP3) & 0x3f) ||
				   !nvmx_canonical_max(m, NVMX_F(c, HOST_IA32_FRED_RSP3)),
			   HOST_FRED_RSP, HOST_IA32_FRED_RSP3);
		/* SSPi: 8-byte aligned, canonical */
		FAIL_AT_IF(c,
			   (NVMX_F(c, HOST_IA32_FRED_SSP1) & 7) ||
				   !nvmx_canonical_max(m, NVMX_F(c, HOST_IA32_FRED_SSP1)),
			   HOST_FRED_SSP, HOST_IA32_FRED_SSP1);
		FAIL_AT_IF(c,
			   (NVMX_F(c, HOST_IA32_FRED_SSP2) & 7) ||
				   !nvmx_canonical_max(m, NVMX_F(c, HOST_IA32_FRED_SSP2)),
			   HOST_FRED_SSP, HOST_IA32_FRED_SSP2);
		FAIL_AT_IF(c,
			   (NVMX_F(c, HOST_IA32_FRED_SSP3) & 7) ||
				   !nvmx_canonical_max(m, NVMX_F(c, HOST_IA32_FRED_SSP3)),
			   HOST_FRED_SSP, HOST_IA32_FRED_SSP3);
	}

	/* 27.2.3: selectors (RPL and TI = 0), CS/TR not null, SS not null
	 * for a 32-bit host, bases canonical */
	FAIL_AT_IF(c, NVMX_F(c, HOST_CS_SELECTOR) & 7, HOST_SEL_RPL_TI,
		   HOST_CS_SELECTOR);
	FAIL_AT_IF(c, NVMX_F(c, HOST_SS_SELECTOR) & 7, HOST_SEL_RPL_TI,
		   HOST_SS_SELECTOR);
	FAIL_AT_IF(c, NVMX_F(c, HOST_DS_SELECTOR) & 7, HOST_SEL_RPL_TI,
		   HOST_DS_SELECTOR);
	FAIL_AT_IF(c, NVMX_F(c, HOST_ES_SELECTOR) & 7, HOST_SEL_RPL_TI,
		   HOST_ES_SELECTOR);
	FAIL_AT_IF(c, NVMX_F(c, HOST_FS_SELECTOR) & 7, HOST_SEL_RPL_TI,
		   HOST_FS_SELECTOR);
	FAIL_AT_IF(c, NVMX_F(c, HOST_GS_SELECTOR) & 7, HOST_SEL_RPL_TI,
		   HOST_GS_SELECTOR);
	FAIL_AT_IF(c, NVMX_F(c, HOST_TR_SELECTOR) & 7, HOST_SEL_RPL_TI,
		   HOST_TR_SELECTOR);
	FAIL_IF(c, NVMX_F(c, HOST_CS_SELECTOR) == 0, HOST_SEL_CS_NULL);
	FAIL_IF(c, NVMX_F(c, HOST_TR_SELECTOR) == 0, HOST_SEL_TR_NULL);
	FAIL_IF(c, !host64 && NVMX_F(c, HOST_SS_SELECTOR) == 0,
		HOST_SEL_SS_NULL);
	FAIL_AT_IF(c, !nvmx_canonical_max(m, NVMX_F(c, HOST_FS_BASE)),
		   HOST_BASE_CANON, HOST_FS_BASE);
	FAIL_AT_IF(c, !nvmx_canonical_max(m, NVMX_F(c, HOST_GS_BASE)),
		   HOST_BASE_CANON, HOST_GS_BASE);
	FAIL_AT_IF(c, !nvmx_canonical_max(m, NVMX_F(c, HOST_GDTR_BASE)),
		   HOST_BASE_CANON, HOST_GDTR_BASE);
	FAIL_AT_IF(c, !nvmx_canonical_max(m, NVMX_F(c, HOST_IDTR_BASE)),
		   HOST_BASE_CANON, HOST_IDTR_BASE);
	FAIL_AT_IF(c, !nvmx_canonical_max(m, NVMX_F(c, HOST_TR_BASE)),
		   HOST_BASE_CANON, HOST_TR_BASE);

	/* 27.2.4: address-space size. env->host_ia32e is L1's IA32_EFER.LMA
	 * at the time of VMLAUNCH/VMRESUME. */
	FAIL_IF(c, !c->env->host_ia32e && (ia32e || host64), HOST_ASZ_OUTSIDE_LM);
	FAIL_IF(c, c->env->host_ia32e && !host64, HOST_ASZ_INSIDE_LM);
	rip = NVMX_F(c, HOST_RIP);
	if (!host64) {
		FAIL_IF(c, ia32e, HOST_ASZ0_GUEST64);
		FAIL_IF(c, cr4 & NVMX_CR4_PCIDE, HOST_ASZ0_PCIDE);
		FAIL_IF(c, rip >> 32, HOST_ASZ0_RIP);
		FAIL_IF(c, cr4 & NVMX_CR4_FRED, HOST_ASZ0_FRED);
	} else {
		FAIL_IF(c, !(cr4 & CR4_PAE), HOST_ASZ1_PAE);
		/* the host RIP is checked against the paging mode the host
		 * CR4 field will establish (LA57 -> 57 bits) */
		FAIL_IF(c, !nvmx_canonical(rip, (cr4 & NVMX_CR4_LA57) ? 57 : 48),
			HOST_ASZ1_RIP_CANON);
	}
	FAIL_IF(c, !(m->cpu & NVMX_CPU_LM) && (ia32e || host64), HOST_NO_LM_CPU);
}
