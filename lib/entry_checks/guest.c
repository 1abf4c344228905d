// SPDX-License-Identifier: MIT
/*
 * guest.c - checks on the guest-state area (SDM Vol. 3 27.3.1): every
 * failure is a VM-entry failure with basic exit reason 33 and exit
 * qualification 0, except the VMCS link pointer (4), the optional NMI/STI
 * rule (3) and the PDPTEs (2); the rows of checks.def say which.
 *
 * The SDM lets a CPU perform these checks in any order; libnvmx walks them
 * in the order the SDM text lists them: 27.3.1.1 control/debug registers
 * and MSRs, 27.3.1.2 segment registers, 27.3.1.3 descriptor-table
 * registers, 27.3.1.4 RIP and RFLAGS, 27.3.1.5 non-register state,
 * 27.3.1.6 PDPTEs (last: they are checked while CR3 is loaded).
 */
#include "entry_internal.h"

/* --- Bits named by the rules -------------------------------------------- */

#define CR0_PE (1ull << 0)
#define CR0_WP (1ull << 16)
#define CR0_NW (1ull << 29)
#define CR0_CD (1ull << 30)
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR3_LAM_U57 (1ull << 61)
#define CR3_LAM_U48 (1ull << 62)

#define RFLAGS_FIXED1 (1ull << 1)
#define RFLAGS_TF (1ull << 8)
#define RFLAGS_IF (1ull << 9)
#define RFLAGS_IOPL (3ull << 12)
#define RFLAGS_VM (1ull << 17)
/* SDM 27.3.1.4: bits 63:22, 15, 5 and 3 reserved (0) */
#define RFLAGS_RSVD0 (~0x3fffffull | (1ull << 15) | (1ull << 5) | (1ull << 3))

/* Segment access rights as stored in the VMCS (SDM 25.4.1, Table 25-2). */
#define AR_TYPE(a) ((unsigned int)(a) & 0xfu)
#define AR_S (1u << 4)
#define AR_DPL(a) (((unsigned int)(a) >> 5) & 3u)
#define AR_P (1u << 7)
#define AR_RSVD_11_8 0xf00u
#define AR_L (1u << 13)
#define AR_DB (1u << 14)
#define AR_G (1u << 15)
#define AR_UNUSABLE (1u << 16)
#define AR_RSVD_31_17 0xfffe0000u

/* Interruptibility state (SDM 25.4.2, Table 25-3). */
#define INT_STI (1u << 0)
#define INT_MOVSS (1u << 1)
#define INT_SMI (1u << 2)
#define INT_NMI (1u << 3)
#define INT_ENCLAVE (1u << 4)
#define INT_RSVD 0xffffffe0u

/* Activity states (SDM 25.4.2). */
#define ACT_ACTIVE 0u
#define ACT_HLT 1u
#define ACT_SHUTDOWN 2u
#define ACT_WAIT_SIPI 3u

/* VM-entry interruption-information field (SDM 25.8.3). */
#define INJ_VALID (1u << 31)
#define INJ_TYPE(x) (((unsigned int)(x) >> 8) & 7u)
#define INJ_VEC(x) ((unsigned int)(x) & 0xffu)
#define INJ_EXTINT 0u
#define INJ_NMI 2u
#define INJ_HWEXC 3u
#define INJ_OTHER 7u

/* Pending debug exceptions (SDM 25.4.2, Table 25-4). */
#define PDE_B3_0 0xfull
#define PDE_BP_ENABLED (1ull << 12)
#define PDE_BS (1ull << 14)
#define PDE_RTM (1ull << 16)
/* bits 11:4, 13, 15, 63:17 */
#define PDE_RSVD (0xff0ull | (1ull << 13) | (1ull << 15) | ~0x1ffffull)

#define DEBUGCTL_BTF (1ull << 1)
/*
 * IA32_DEBUGCTL bits software may set (SDM Vol. 3 17.4.1, Vol. 4 Table
 * 2-2): LBR (0), BTF (1), TR (6), BTS (7), BTINT (8), BTS_OFF_OS (9),
 * BTS_OFF_USR (10), FREEZE_LBRS_ON_PMI (11), FREEZE_PERFMON_ON_PMI (12),
 * ENABLE_UNCORE_PMI (13), FREEZE_WHILE_SMM (14). Bits 5:2 and 63:16 are
 * reserved. The model has no CPUID facts for bus-lock detection (bit 2)
 * or RTM (RTM_DEBUG, bit 15, exists only with RTM): both stay reserved,
 * consistent with the pending-debug-exceptions RTM rule below.
 */
#define DEBUGCTL_VALID 0x7fc3ull

/*
 * IA32_PERF_GLOBAL_CTRL (SDM Vol. 3 20.2.2, Figure 20-3): enables of the
 * general-purpose counters in bits N-1:0 and of the fixed counters in bits
 * 32+M-1:32, PERF_METRICS_EN in bit 48. The model does not say N and M;
 * libnvmx allows the architectural maxima of current CPUs (8 GP, 4 fixed)
 * and treats every bit as reserved when the model has no PMU.
 */
#define PERF_GLOBAL_VALID (0xffull | (0xfull << 32) | (1ull << 48))

/* IA32_EFER (SDM Vol. 3 2.2.1). */
#define EFER_SCE (1ull << 0)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)

/*
 * IA32_RTIT_CTL (SDM Vol. 3 33.2.8.2, Table 33-6): TraceEn..BranchEn 13:0,
 * MTCFreq 17:14, CycThresh 22:19, PSBFreq 27:24, ADDRn_CFG 47:32,
 * InjectPsbPmiOnEnable 55. Everything else is reserved; without Intel PT
 * the whole MSR is.
 */
#define RTIT_CTL_VALID                                                         \
	(0x3ffffull | (0xfull << 19) | (0xfull << 24) | (0xffffull << 32) |    \
	 (1ull << 55))

/* IA32_LBR_CTL (SDM Vol. 3 19.1.2.2): LBREn, OS, USR, CALL_STACK 3:0,
 * branch-type filters 22:16. */
#define LBR_CTL_VALID (0xfull | (0x7full << 16))

/* IA32_S_CET (SDM Vol. 1 18.3.1): bits 9:6 reserved; SUPPRESS (10) and
 * TRACKER (11) cannot both be 1. */
#define SCET_RSVD (0xfull << 6)
#define SCET_SUPPRESS (1ull << 10)
#define SCET_TRACKER (1ull << 11)

/* IA32_FRED_CONFIG (FRED spec 4.2): bits 2, 5:4 and 11 reserved. */
#define FRED_CONFIG_RSVD ((1ull << 2) | (3ull << 4) | (1ull << 11))

/*
 * IA32_SPEC_CTRL (SDM Vol. 4 Table 2-2): IBRS, STIBP, SSBD, IPRED_DIS_U,
 * IPRED_DIS_S, RRSBA_DIS_U, RRSBA_DIS_S, PSFD, DDPD_U (8:0), BHI_DIS_S
 * (10). The model has no CPUID facts for them; all are accepted.
 */
#define SPEC_CTRL_VALID (0x1ffull | (1ull << 10))

/* PAE PDPTE (SDM Vol. 3 4.4.1): bits 2:1 and 8:5 reserved when present. */
#define PDPTE_P 1ull
#define PDPTE_RSVD_LOW 0x1e6ull

/* --- Helpers ---------------------------------------------------------- */

/* Fail check ID naming the field at fault, for rows that cover several
 * fields (segment registers, FRED stacks, PDPTEs). */
#define FAIL_AT(c, ID, field)                                                  \
	do {                                                                   \
		if (nvmx_entry_fail_at((c), NVMX_CHECK_##ID, 0, (field)))      \
			return;                                                \
	} while (0)

/* What the rules of several sections share, read once. */
struct gstate {
	uint64_t entry, pin, proc2;
	uint64_t cr0, cr4, rflags;
	uint32_t inj, intr, act;
	uint32_t cs_ar, ss_ar;
	bool ia32e, urg, v86, inj_valid;
};

/* The six code/data segment registers in the SDM's order (CS, SS, DS, ES,
 * FS, GS), as dense field indices and encodings. */
struct seg {
	uint16_t sel, base, limit, ar;	/* enum nvmx_field_index */
	uint32_t base_enc, limit_enc, ar_enc;
};

#define SEG(R)                                                                 \
	{ NVMX_IDX_GUEST_##R##_SELECTOR, NVMX_IDX_GUEST_##R##_BASE,           \
	  NVMX_IDX_GUEST_##R##_LIMIT, NVMX_IDX_GUEST_##R##_AR_BYTES,          \
	  NVMX_GUEST_##R##_BASE, NVMX_GUEST_##R##_LIMIT,                      \
	  NVMX_GUEST_##R##_AR_BYTES }

enum { S_CS, S_SS, S_DS, S_ES, S_FS, S_GS, S_NSEG };

static const struct seg segs[S_NSEG] = {
	SEG(CS), SEG(SS), SEG(DS), SEG(ES), SEG(FS), SEG(GS),
};

static uint64_t fv(const struct nvmx_entry_ctx *c, unsigned int idx)
{
	return c->v->field[idx];
}

static uint32_t seg_ar(const struct nvmx_entry_ctx *c, unsigned int s)
{
	return (uint32_t)fv(c, segs[s].ar);
}

/* Limit/granularity consistency (SDM 27.3.1.2, bit 15 G): G must be 0 if
 * any of limit bits 11:0 is 0, and 1 if any of limit bits 31:20 is 1. */
static bool g_limit_bad(uint64_t limit, uint32_t ar)
{
	if ((limit & 0xfffu) != 0xfffu && (ar & AR_G))
		return true;
	return (limit & 0xfff00000u) != 0 && !(ar & AR_G);
}

/* --- 27.3.1.1 Control registers, debug registers, MSRs ----------------- */

static void check_cr_msr(struct nvmx_entry_ctx *c, const struct gstate *g)
{
	const struct nvmx_model *m = c->m;
	uint64_t f0, f1, cr3, rsvd, v;
	bool lam = (m->cpu & NVMX_CPU_LAM) != 0;

	/*
	 * CR0 against the FIXED MSRs (SDM 27.3.1.1 with 24.8). With the
	 * unrestricted-guest control PE and PG may be 0. NW and CD are never
	 * checked because VM entry does not change them (SDM footnote).
	 */
	f0 = nvmx_model_get_msr(m, NVMX_MSR_VMX_CR0_FIXED0) &
	     ~(CR0_NW | CR0_CD);
	f1 = nvmx_model_get_msr(m, NVMX_MSR_VMX_CR0_FIXED1) | CR0_NW | CR0_CD;
	if (g->urg)
		f0 &= ~(CR0_PE | CR0_PG);
	if ((g->cr0 & f0) != f0)
		NVMX_FAIL(c, GUEST_CR0_FIXED0);
	if (g->cr0 & ~f1)
		NVMX_FAIL(c, GUEST_CR0_FIXED1);
	if ((g->cr0 & CR0_PG) && !(g->cr0 & CR0_PE))
		NVMX_FAIL(c, GUEST_CR0_PG_NO_PE);

	/* CR4: FIXED1[28] (LAM_SUP) is 1 exactly when LAM is exposed. */
	f0 = nvmx_model_get_msr(m, NVMX_MSR_VMX_CR4_FIXED0);
	f1 = nvmx_model_get_msr(m, NVMX_MSR_VMX_CR4_FIXED1);
	if ((g->cr4 & f0) != f0)
		NVMX_FAIL(c, GUEST_CR4_FIXED0);
	if (g->cr4 & ~f1)
		NVMX_FAIL(c, GUEST_CR4_FIXED1);
	if ((g->cr4 & NVMX_CR4_CET) && !(g->cr0 & CR0_WP))
		NVMX_FAIL(c, GUEST_CR4_CET_WP);

	if ((g->entry & NVMX_CTL_MASK(ENTRY_LOAD_DEBUG_CONTROLS)) &&
	    (NVMX_F(c, GUEST_IA32_DEBUGCTL) & ~DEBUGCTL_VALID))
		NVMX_FAIL(c, GUEST_DEBUGCTL_RSVD);

	/* Intel 64 processors. */
	if (g->ia32e && !(g->cr0 & CR0_PG))
		NVMX_FAIL(c, GUEST_IA32E_PG);
	if (g->ia32e && !(g->cr4 & CR4_PAE))
		NVMX_FAIL(c, GUEST_IA32E_PAE);
	if (!g->ia32e && (g->cr4 & NVMX_CR4_PCIDE))
		NVMX_FAIL(c, GUEST_NONIA32E_PCIDE);
	if (!g->ia32e && (g->cr4 & NVMX_CR4_FRED))
		NVMX_FAIL(c, GUEST_NONIA32E_FRED);

	/* CR3: bits beyond MAXPHYADDR are reserved; LAM makes 62:61 legal
	 * (ISE LAM; shared/spec/lam-featctl-evmcs.md A.4.2). Bit 63 never. */
	cr3 = NVMX_F(c, GUEST_CR3);
	rsvd = m->maxphyaddr >= 64 ? 0 : ~0ull << m->maxphyaddr;
	if (lam)
		rsvd &= ~(CR3_LAM_U57 | CR3_LAM_U48);
	if (cr3 & rsvd)
		NVMX_FAIL(c, GUEST_CR3_RESERVED);

	if ((g->entry & NVMX_CTL_MASK(ENTRY_LOAD_DEBUG_CONTROLS)) &&
	    (NVMX_F(c, GUEST_DR7) >> 32))
		NVMX_FAIL(c, GUEST_DR7_HIGH);
	if (!nvmx_canonical_max(m, NVMX_F(c, GUEST_SYSENTER_ESP)))
		NVMX_FAIL(c, GUEST_SYSENTER_ESP_CANON);
	if (!nvmx_canonical_max(m, NVMX_F(c, GUEST_SYSENTER_EIP)))
		NVMX_FAIL(c, GUEST_SYSENTER_EIP_CANON);

	if (g->entry & NVMX_CTL_MASK(ENTRY_LOAD_CET_STATE)) {
		uint64_t scet = NVMX_F(c, GUEST_S_CET);
		uint64_t ssp = NVMX_F(c, GUEST_SSP);

		if ((scet & SCET_RSVD) ||
		    (scet & (SCET_SUPPRESS | SCET_TRACKER)) ==
			    (SCET_SUPPRESS | SCET_TRACKER))
			NVMX_FAIL(c, GUEST_CET_SCET_RSVD);
		if (!nvmx_canonical_max(m, scet))
			NVMX_FAIL(c, GUEST_CET_SCET_CANON);
		if (!nvmx_canonical_max(m, NVMX_F(c, GUEST_INTR_SSP_TABLE)))
			NVMX_FAIL(c, GUEST_CET_SSPTBL_CANON);
		if (ssp & 3u)
			NVMX_FAIL(c, GUEST_CET_SSP_ALIGN);
		if (g->ia32e && !nvmx_canonical_max(m, ssp))
			NVMX_FAIL(c, GUEST_CET_SSP_CANON);
		if (!g->ia32e && (scet >> 32))
			FAIL_AT(c, GUEST_CET_32BIT, NVMX_GUEST_S_CET);
		if (!g->ia32e && (ssp >> 32))
			FAIL_AT(c, GUEST_CET_32BIT, NVMX_GUEST_SSP);
	}

	if (g->entry & NVMX_CTL_MASK(ENTRY_LOAD_PERF_GLOBAL_CTRL)) {
		uint64_t ok = (m->cpu & NVMX_CPU_PERFMON) ? PERF_GLOBAL_VALID : 0;

		if (NVMX_F(c, GUEST_IA32_PERF_GLOBAL_CTRL) & ~ok)
			NVMX_FAIL(c, GUEST_PERF_GLOBAL_RSVD);
	}

	if (g->entry & NVMX_CTL_MASK(ENTRY_LOAD_PAT)) {
		/* each byte 0 (UC), 1 (WC), 4 (WT), 5 (WP), 6 (WB), 7 (UC-):
		 * bits 7:3 clear and not 2 or 3 (bit 1 set with bit 2 clear),
		 * all eight bytes at once */
		v = NVMX_F(c, GUEST_IA32_PAT);
		if ((v & 0xf8f8f8f8f8f8f8f8ull) ||
		    ((v >> 1) & ~(v >> 2) & 0x0101010101010101ull))
			NVMX_FAIL(c, GUEST_PAT);
	}

	if (g->entry & NVMX_CTL_MASK(ENTRY_LOAD_EFER)) {
		uint64_t ok = EFER_SCE;

		v = NVMX_F(c, GUEST_IA32_EFER);
		if (m->cpu & NVMX_CPU_LM)
			ok |= EFER_LME | EFER_LMA;
		if (m->cpu & NVMX_CPU_NX)
			ok |= EFER_NXE;
		if (v & ~ok)
			NVMX_FAIL(c, GUEST_EFER_RSVD);
		if (!(v & EFER_LMA) != !g->ia32e)
			NVMX_FAIL(c, GUEST_EFER_LMA);
		if ((g->cr0 & CR0_PG) && !(v & EFER_LME) != !(v & EFER_LMA))
			NVMX_FAIL(c, GUEST_EFER_LME);
	}

	if (g->entry & NVMX_CTL_MASK(ENTRY_LOAD_BNDCFGS)) {
		v = NVMX_F(c, GUEST_IA32_BNDCFGS);
		if (v & 0xffcu)
			NVMX_FAIL(c, GUEST_BNDCFGS_RSVD);
		if (!nvmx_canonical_max(m, v & ~0xfffull))
			NVMX_FAIL(c, GUEST_BNDCFGS_CANON);
	}

	if (g->entry & NVMX_CTL_MASK(ENTRY_LOAD_RTIT_CTL)) {
		uint64_t ok = (m->cpu & NVMX_CPU_PT) ? RTIT_CTL_VALID : 0;

		if (NVMX_F(c, GUEST_IA32_RTIT_CTL) & ~ok)
			NVMX_FAIL(c, GUEST_RTIT_CTL_RSVD);
	}

	if (g->entry & NVMX_CTL_MASK(ENTRY_LOAD_LBR_CTL)) {
		uint64_t ok = (m->cpu & NVMX_CPU_ARCH_LBR) ? LBR_CTL_VALID : 0;

		if (NVMX_F(c, GUEST_IA32_LBR_CTL) & ~ok)
			NVMX_FAIL(c, GUEST_LBR_CTL_RSVD);
	}

	if ((g->entry & NVMX_CTL_MASK(ENTRY_LOAD_PKRS)) &&
	    (NVMX_F(c, GUEST_IA32_PKRS) >> 32))
		NVMX_FAIL(c, GUEST_PKRS_RSVD);

	if ((g->entry & NVMX_CTL_MASK(ENTRY_LOAD_UINV)) &&
	    (NVMX_F(c, GUEST_UINV) & 0xff00u))
		NVMX_FAIL(c, GUEST_UINV_RSVD);

	if (g->entry & NVMX_CTL_MASK(ENTRY_LOAD_FRED)) {
		static const uint16_t rsp[3] = {
			NVMX_IDX_GUEST_IA32_FRED_RSP1,
			NVMX_IDX_GUEST_IA32_FRED_RSP2,
			NVMX_IDX_GUEST_IA32_FRED_RSP3,
		};
		static const uint16_t ssp[3] = {
			NVMX_IDX_GUEST_IA32_FRED_SSP1,
			NVMX_IDX_GUEST_IA32_FRED_SSP2,
			NVMX_IDX_GUEST_IA32_FRED_SSP3,
		};

		v = NVMX_F(c, GUEST_IA32_FRED_CONFIG);
		if ((v & FRED_CONFIG_RSVD) ||
		    !nvmx_canonical_max(m, v & ~0xfffull))
			NVMX_FAIL(c, GUEST_FRED_CONFIG);
		for (unsigned int i = 0; i < 3; i++) {
			v = fv(c, rsp[i]);
			if ((v & 0x3fu) || !nvmx_canonical_max(m, v))
				FAIL_AT(c, GUEST_FRED_RSP,
					nvmx_field_table[rsp[i]].encoding);
		}
		for (unsigned int i = 0; i < 3; i++) {
			v = fv(c, ssp[i]);
			if ((v & 7u) || !nvmx_canonical_max(m, v))
				FAIL_AT(c, GUEST_FRED_SSP,
					nvmx_field_table[ssp[i]].encoding);
		}
	}

	if ((g->entry & NVMX_CTL_MASK(ENTRY_LOAD_SPEC_CTRL)) &&
	    (NVMX_F(c, GUEST_IA32_SPEC_CTRL) & ~SPEC_CTRL_VALID))
		NVMX_FAIL(c, GUEST_SPEC_CTRL);
}

/* --- 27.3.1.2 Segment registers --------------------------------------- */

/* Report rule ID once for each segment whose bit is set in mask, in the
 * SDM's register order; false when checking must stop. */
static bool report_segs(struct nvmx_entry_ctx *c, enum nvmx_check_id id,
			unsigned int mask, bool limit_field)
{
	for (unsigned int s = 0; mask; s++, mask >>= 1)
		if ((mask & 1u) &&
		    nvmx_entry_fail_at(c, id, 0,
				       limit_field ? segs[s].limit_enc
						   : segs[s].ar_enc))
			return true;
	return false;
}

#define REPORT_SEGS(c, ID, mask, lim)                                          \
	do {                                                                   \
		if ((mask) && report_segs((c), NVMX_CHECK_##ID, (mask), (lim)))\
			return;                                                \
	} while (0)

/*
 * Access rights of CS, SS, DS, ES, FS, GS outside virtual-8086 mode, one
 * sub-field after the other as the SDM lists them. One pass over the six
 * registers collects, per rule, the set of registers that break it; the
 * rules are then reported in SDM order (a valid state costs one pass).
 */
static void check_seg_ar(struct nvmx_entry_ctx *c, const struct gstate *g)
{
	unsigned int cs_type = AR_TYPE(g->cs_ar);
	unsigned int cs_dpl = AR_DPL(g->cs_ar), ss_dpl = AR_DPL(g->ss_ar);
	unsigned int acc = 0, rd = 0, s_bit = 0, ddpl = 0, p = 0, r8 = 0;
	unsigned int gl = 0, r17 = 0;

	for (unsigned int s = S_CS; s < S_NSEG; s++) {
		uint32_t ar = seg_ar(c, s);
		unsigned int bit = 1u << s;

		uint64_t lim;
		bool bad;

		/* "if the register is CS or if the register is usable" */
		if (s != S_CS && (ar & AR_UNUSABLE))
			continue;
		/* fast path: a register that breaks no rule costs one test */
		lim = fv(c, segs[s].limit);
		bad = (ar & (AR_S | AR_P)) != (AR_S | AR_P) ||
		      (ar & (AR_RSVD_11_8 | AR_RSVD_31_17)) ||
		      g_limit_bad(lim, ar);
		if (s >= S_DS)
			bad = bad || !(ar & 1u) || (ar & 0xau) == 0x8u ||
			      (!g->urg && AR_TYPE(ar) <= 11 &&
			       AR_DPL(ar) < (fv(c, segs[s].sel) & 3u));
		if (!bad)
			continue;
		if (!(ar & AR_S))
			s_bit |= bit;
		if (!(ar & AR_P))
			p |= bit;
		if (ar & AR_RSVD_11_8)
			r8 |= bit;
		if (g_limit_bad(lim, ar))
			gl |= bit;
		if (ar & AR_RSVD_31_17)
			r17 |= bit;
		if (s < S_DS)
			continue;
		/* usable DS, ES, FS, GS */
		if (!(ar & 1u))
			acc |= bit;
		if ((ar & 8u) && !(ar & 2u))
			rd |= bit;
		if (!g->urg && AR_TYPE(ar) <= 11 &&
		    AR_DPL(ar) < (fv(c, segs[s].sel) & 3u))
			ddpl |= bit;
	}

	/* Type (bits 3:0) */
	if (!(cs_type == 9 || cs_type == 11 || cs_type == 13 ||
	      cs_type == 15 || (g->urg && cs_type == 3)))
		NVMX_FAIL(c, GUEST_SEG_CS_TYPE);
	if (!(g->ss_ar & AR_UNUSABLE) && AR_TYPE(g->ss_ar) != 3 &&
	    AR_TYPE(g->ss_ar) != 7)
		NVMX_FAIL(c, GUEST_SEG_SS_TYPE);
	REPORT_SEGS(c, GUEST_SEG_DATA_ACCESSED, acc, false);
	REPORT_SEGS(c, GUEST_SEG_DATA_CODE_READ, rd, false);
	/* S (bit 4) */
	REPORT_SEGS(c, GUEST_SEG_S, s_bit, false);
	/* DPL (bits 6:5) */
	if (cs_type == 3 && cs_dpl != 0)
		NVMX_FAIL(c, GUEST_SEG_CS_DPL_DATA);
	if ((cs_type == 9 || cs_type == 11) && cs_dpl != ss_dpl)
		NVMX_FAIL(c, GUEST_SEG_CS_DPL_NONCONF);
	if ((cs_type == 13 || cs_type == 15) && cs_dpl > ss_dpl)
		NVMX_FAIL(c, GUEST_SEG_CS_DPL_CONF);
	if (!g->urg && ss_dpl != (NVMX_F(c, GUEST_SS_SELECTOR) & 3u))
		NVMX_FAIL(c, GUEST_SEG_SS_DPL_RPL);
	if ((cs_type == 3 || !(g->cr0 & CR0_PE)) && ss_dpl != 0)
		NVMX_FAIL(c, GUEST_SEG_SS_DPL_ZERO);
	REPORT_SEGS(c, GUEST_SEG_DATA_DPL, ddpl, false);
	/* P (bit 7), reserved bits 11:8 */
	REPORT_SEGS(c, GUEST_SEG_P, p, false);
	REPORT_SEGS(c, GUEST_SEG_AR_RSVD_11_8, r8, false);
	/* D/B (bit 14) of CS */
	if (g->ia32e && (g->cs_ar & AR_L) && (g->cs_ar & AR_DB))
		NVMX_FAIL(c, GUEST_SEG_CS_L_DB);
	/* G (bit 15), reserved bits 31:17 */
	REPORT_SEGS(c, GUEST_SEG_G_LIMIT, gl, true);
	REPORT_SEGS(c, GUEST_SEG_AR_RSVD_31_17, r17, false);
}

static void check_segments(struct nvmx_entry_ctx *c, const struct gstate *g)
{
	const struct nvmx_model *m = c->m;
	uint32_t tr_ar = (uint32_t)NVMX_F(c, GUEST_TR_AR_BYTES);
	uint32_t ldtr_ar = (uint32_t)NVMX_F(c, GUEST_LDTR_AR_BYTES);
	bool ldtr_usable = !(ldtr_ar & AR_UNUSABLE);
	unsigned int s;

	/* Selector fields */
	if (NVMX_F(c, GUEST_TR_SELECTOR) & 4u)
		NVMX_FAIL(c, GUEST_SEL_TR_TI);
	if (ldtr_usable && (NVMX_F(c, GUEST_LDTR_SELECTOR) & 4u))
		NVMX_FAIL(c, GUEST_SEL_LDTR_TI);
	if (!g->v86 && !g->urg &&
	    (NVMX_F(c, GUEST_SS_SELECTOR) & 3u) !=
		    (NVMX_F(c, GUEST_CS_SELECTOR) & 3u))
		NVMX_FAIL(c, GUEST_SEL_SS_RPL);

	/* Base-address fields */
	if (g->v86) {
		for (s = S_CS; s < S_NSEG; s++)
			if (fv(c, segs[s].base) != fv(c, segs[s].sel) << 4)
				FAIL_AT(c, GUEST_SEG_BASE_V86,
					segs[s].base_enc);
	}
	if (!nvmx_canonical_max(m, NVMX_F(c, GUEST_TR_BASE)))
		NVMX_FAIL(c, GUEST_SEG_BASE_TR_CANON);
	if (!nvmx_canonical_max(m, NVMX_F(c, GUEST_FS_BASE)))
		NVMX_FAIL(c, GUEST_SEG_BASE_FS_CANON);
	if (!nvmx_canonical_max(m, NVMX_F(c, GUEST_GS_BASE)))
		NVMX_FAIL(c, GUEST_SEG_BASE_GS_CANON);
	if (ldtr_usable && !nvmx_canonical_max(m, NVMX_F(c, GUEST_LDTR_BASE)))
		NVMX_FAIL(c, GUEST_SEG_BASE_LDTR_CANON);
	if (NVMX_F(c, GUEST_CS_BASE) >> 32)
		NVMX_FAIL(c, GUEST_SEG_BASE_CS_HIGH);
	if (!(g->ss_ar & AR_UNUSABLE) && (NVMX_F(c, GUEST_SS_BASE) >> 32))
		NVMX_FAIL(c, GUEST_SEG_BASE_SS_HIGH);
	if (!(NVMX_F(c, GUEST_DS_AR_BYTES) & AR_UNUSABLE) &&
	    (NVMX_F(c, GUEST_DS_BASE) >> 32))
		NVMX_FAIL(c, GUEST_SEG_BASE_DS_HIGH);
	if (!(NVMX_F(c, GUEST_ES_AR_BYTES) & AR_UNUSABLE) &&
	    (NVMX_F(c, GUEST_ES_BASE) >> 32))
		NVMX_FAIL(c, GUEST_SEG_BASE_ES_HIGH);

	/* Limit fields */
	if (g->v86) {
		for (s = S_CS; s < S_NSEG; s++)
			if (fv(c, segs[s].limit) != 0xffffu)
				FAIL_AT(c, GUEST_SEG_LIMIT_V86,
					segs[s].limit_enc);
	}

	/* Access-rights fields of CS, SS, DS, ES, FS, GS */
	if (g->v86) {
		for (s = S_CS; s < S_NSEG; s++)
			if (seg_ar(c, s) != 0xf3u)
				FAIL_AT(c, GUEST_SEG_AR_V86, segs[s].ar_enc);
	} else {
		unsigned int before = c->failures;

		check_seg_ar(c, g);
		if (!c->all && c->failures != before)
			return;
	}

	/* TR: always checked, must be usable */
	if (g->ia32e ? AR_TYPE(tr_ar) != 11
		     : (AR_TYPE(tr_ar) != 3 && AR_TYPE(tr_ar) != 11))
		NVMX_FAIL(c, GUEST_TR_TYPE);
	if (tr_ar & AR_S)
		NVMX_FAIL(c, GUEST_TR_S);
	if (!(tr_ar & AR_P))
		NVMX_FAIL(c, GUEST_TR_P);
	if (tr_ar & AR_RSVD_11_8)
		NVMX_FAIL(c, GUEST_TR_AR_RSVD_11_8);
	if (g_limit_bad(NVMX_F(c, GUEST_TR_LIMIT), tr_ar))
		NVMX_FAIL(c, GUEST_TR_G_LIMIT);
	if (tr_ar & AR_UNUSABLE)
		NVMX_FAIL(c, GUEST_TR_UNUSABLE);
	if (tr_ar & AR_RSVD_31_17)
		NVMX_FAIL(c, GUEST_TR_AR_RSVD_31_17);

	/* LDTR: only if usable */
	if (ldtr_usable) {
		if (AR_TYPE(ldtr_ar) != 2)
			NVMX_FAIL(c, GUEST_LDTR_TYPE);
		if (ldtr_ar & AR_S)
			NVMX_FAIL(c, GUEST_LDTR_S);
		if (!(ldtr_ar & AR_P))
			NVMX_FAIL(c, GUEST_LDTR_P);
		if (ldtr_ar & AR_RSVD_11_8)
			NVMX_FAIL(c, GUEST_LDTR_AR_RSVD_11_8);
		if (g_limit_bad(NVMX_F(c, GUEST_LDTR_LIMIT), ldtr_ar))
			NVMX_FAIL(c, GUEST_LDTR_G_LIMIT);
		if (ldtr_ar & AR_RSVD_31_17)
			NVMX_FAIL(c, GUEST_LDTR_AR_RSVD_31_17);
	}

	/* FRED guest (IA-32e mode guest with CR4.FRED = 1; FRED spec 9.3):
	 * CPL (SS.DPL) 0 or 3; CPL 0 runs 64-bit code; CPL 3 with IOPL 0
	 * and without STI blocking. */
	if (g->ia32e && (g->cr4 & NVMX_CR4_FRED)) {
		unsigned int cpl = AR_DPL(g->ss_ar);

		if (cpl == 1 || cpl == 2)
			NVMX_FAIL(c, GUEST_FRED_SS_DPL);
		if (cpl == 0 && !(g->cs_ar & AR_L))
			NVMX_FAIL(c, GUEST_FRED_CPL0_NOT_64);
		if (cpl == 3 && (g->rflags & RFLAGS_IOPL))
			NVMX_FAIL(c, GUEST_FRED_CPL3_IOPL);
		if (cpl == 3 && (g->intr & INT_STI))
			NVMX_FAIL(c, GUEST_FRED_CPL3_STI);
	}
}

/* --- 27.3.1.3 GDTR, IDTR; 27.3.1.4 RIP, RFLAGS ----------------------- */

static void check_dt_rip_rflags(struct nvmx_entry_ctx *c,
				const struct gstate *g)
{
	const struct nvmx_model *m = c->m;
	uint64_t rip = NVMX_F(c, GUEST_RIP);
	bool long64 = g->ia32e && (g->cs_ar & AR_L);

	if (!nvmx_canonical_max(m, NVMX_F(c, GUEST_GDTR_BASE)))
		NVMX_FAIL(c, GUEST_GDTR_BASE_CANON);
	if (!nvmx_canonical_max(m, NVMX_F(c, GUEST_IDTR_BASE)))
		NVMX_FAIL(c, GUEST_IDTR_BASE_CANON);
	if (NVMX_F(c, GUEST_GDTR_LIMIT) & 0xffff0000u)
		NVMX_FAIL(c, GUEST_GDTR_LIMIT);
	if (NVMX_F(c, GUEST_IDTR_LIMIT) & 0xffff0000u)
		NVMX_FAIL(c, GUEST_IDTR_LIMIT);

	if (!long64 && (rip >> 32))
		NVMX_FAIL(c, GUEST_RIP_HIGH);
	/*
	 * SDM 27.3.1.4: "bits 63:N must be identical", N = the processor's
	 * linear-address width (57 with LA57, else 48). That is one bit
	 * weaker than canonical (bit N-1 may differ; the guest then faults
	 * on its first fetch): bits 63:N equal == canonical for N+1 bits.
	 */
	if (long64 &&
	    !nvmx_canonical(rip, ((m->cpu & NVMX_CPU_LA57) ? 57 : 48) + 1))
		NVMX_FAIL(c, GUEST_RIP_CANON);

	if ((g->rflags & RFLAGS_RSVD0) || !(g->rflags & RFLAGS_FIXED1))
		NVMX_FAIL(c, GUEST_RFLAGS_RSVD);
	if ((g->rflags & RFLAGS_VM) && (g->ia32e || !(g->cr0 & CR0_PE)))
		NVMX_FAIL(c, GUEST_RFLAGS_VM);
	if (g->inj_valid && INJ_TYPE(g->inj) == INJ_EXTINT &&
	    !(g->rflags & RFLAGS_IF))
		NVMX_FAIL(c, GUEST_RFLAGS_IF_EXTINT);
}

/* --- 27.3.1.5 Non-register state -------------------------------------- */

/* May the injected event be delivered in this activity state? */
static bool event_ok_in(unsigned int act, uint32_t inj)
{
	unsigned int t = INJ_TYPE(inj), vec = INJ_VEC(inj);

	switch (act) {
	case ACT_HLT:
		return t == INJ_EXTINT || t == INJ_NMI ||
		       (t == INJ_HWEXC && (vec == 1 || vec == 18)) ||
		       (t == INJ_OTHER && vec == 0);
	case ACT_SHUTDOWN:
		return t == INJ_NMI || (t == INJ_HWEXC && vec == 18);
	case ACT_WAIT_SIPI:
		return false;
	default:
		return true;
	}
}

static void check_activity_intr(struct nvmx_entry_ctx *c,
				const struct gstate *g)
{
	uint64_t misc = nvmx_model_get_msr(c->m, NVMX_MSR_VMX_MISC);
	uint32_t act = g->act, intr = g->intr;
	bool smm_entry = (g->entry & NVMX_CTL_MASK(ENTRY_ENTRY_TO_SMM)) != 0;
	bool nmi = g->inj_valid && INJ_TYPE(g->inj) == INJ_NMI;

	/* Activity state: 0-3, each non-active state per IA32_VMX_MISC */
	if (act > ACT_WAIT_SIPI ||
	    (act == ACT_HLT && !(misc & NVMX_MISC_ACT_HLT)) ||
	    (act == ACT_SHUTDOWN && !(misc & NVMX_MISC_ACT_SHUTDOWN)) ||
	    (act == ACT_WAIT_SIPI && !(misc & NVMX_MISC_ACT_WAIT_SIPI)))
		NVMX_FAIL(c, GUEST_ACT_RANGE);
	if (act == ACT_HLT && AR_DPL(g->ss_ar) != 0)
		NVMX_FAIL(c, GUEST_ACT_HLT_SS_DPL);
	if ((intr & (INT_STI | INT_MOVSS)) && act != ACT_ACTIVE)
		NVMX_FAIL(c, GUEST_ACT_NOT_ACTIVE_BLOCKING);
	if (g->inj_valid && !event_ok_in(act, g->inj)) {
		if (act == ACT_HLT)
			NVMX_FAIL(c, GUEST_ACT_HLT_EVENT);
		else if (act == ACT_SHUTDOWN)
			NVMX_FAIL(c, GUEST_ACT_SHUTDOWN_EVENT);
		else if (act == ACT_WAIT_SIPI)
			NVMX_FAIL(c, GUEST_ACT_SIPI_EVENT);
	}
	if (act == ACT_WAIT_SIPI && smm_entry)
		NVMX_FAIL(c, GUEST_ACT_SIPI_SMM);

	/* Interruptibility state */
	if (intr & INT_RSVD)
		NVMX_FAIL(c, GUEST_INT_RSVD);
	if ((intr & INT_STI) && (intr & INT_MOVSS))
		NVMX_FAIL(c, GUEST_INT_STI_AND_MOVSS);
	if ((intr & INT_STI) && !(g->rflags & RFLAGS_IF))
		NVMX_FAIL(c, GUEST_INT_STI_IF0);
	if (g->inj_valid && INJ_TYPE(g->inj) == INJ_EXTINT &&
	    (intr & (INT_STI | INT_MOVSS)))
		NVMX_FAIL(c, GUEST_INT_EXTINT_BLOCKED);
	if (nmi && (intr & INT_MOVSS))
		NVMX_FAIL(c, GUEST_INT_NMI_MOVSS);
	if ((intr & INT_SMI) && !c->env->in_smm)
		NVMX_FAIL(c, GUEST_INT_SMI_NOT_SMM);
	if (smm_entry && !(intr & INT_SMI))
		NVMX_FAIL(c, GUEST_INT_SMI_ENTRY_SMM);
	/* "A processor may require" no STI blocking for NMI injection (SDM
	 * lists it here, before the virtual-NMI rule); libnvmx enforces it,
	 * as CPUs that do, with exit qualification 3 (row GUEST_INT_NMI_STI). */
	if (nmi && (intr & INT_STI))
		NVMX_FAIL(c, GUEST_INT_NMI_STI);
	/* Only with virtual NMIs (SDM note: no such rule otherwise). */
	if ((g->pin & NVMX_CTL_MASK(PIN_VIRTUAL_NMIS)) && nmi &&
	    (intr & INT_NMI))
		NVMX_FAIL(c, GUEST_INT_VNMI_BLOCKED);
	if ((intr & INT_ENCLAVE) &&
	    ((intr & INT_MOVSS) || !(c->m->cpu & NVMX_CPU_SGX)))
		NVMX_FAIL(c, GUEST_INT_ENCLAVE);
}

static void check_pending_dbg(struct nvmx_entry_ctx *c, const struct gstate *g)
{
	uint64_t pde = NVMX_F(c, GUEST_PENDING_DBG_EXCEPTIONS);
	bool tf = (g->rflags & RFLAGS_TF) != 0;
	bool btf = (NVMX_F(c, GUEST_IA32_DEBUGCTL) & DEBUGCTL_BTF) != 0;
	const bool rtm = false;

	if (pde & PDE_RSVD)
		NVMX_FAIL(c, GUEST_PDE_RSVD);
	if ((g->intr & (INT_STI | INT_MOVSS)) || g->act == ACT_HLT) {
		if (tf && !btf && !(pde & PDE_BS))
			NVMX_FAIL(c, GUEST_PDE_BS_SET);
		if ((!tf || btf) && (pde & PDE_BS))
			NVMX_FAIL(c, GUEST_PDE_BS_CLEAR);
	}
	/* The model has no CPUID fact for RTM (CPUID.(7,0):EBX[11]): libnvmx
	 * models never enumerate it, so bit 16 always fails here. */
	if ((pde & PDE_RTM) &&
	    ((pde & ~(PDE_RTM | PDE_BP_ENABLED)) || !(pde & PDE_BP_ENABLED) ||
	     !rtm || (g->intr & INT_MOVSS)))
		NVMX_FAIL(c, GUEST_PDE_RTM);
}

static void check_link(struct nvmx_entry_ctx *c, const struct gstate *g)
{
	const struct nvmx_entry_env *e = c->env;
	uint64_t link = NVMX_F(c, VMCS_LINK_POINTER);
	bool smm_entry = (g->entry & NVMX_CTL_MASK(ENTRY_ENTRY_TO_SMM)) != 0;
	bool shadowing = (g->proc2 & NVMX_CTL_MASK(PROC2_VMCS_SHADOWING)) != 0;
	uint8_t b[4];
	uint32_t hdr;
	uint64_t rev;

	if (link == ~0ull)
		return;
	if (link & 0xfffu)
		NVMX_FAIL(c, GUEST_LINK_ALIGN);
	if (!nvmx_paw_ok(c->m, link))
		NVMX_FAIL(c, GUEST_LINK_PAW);
	/* Memory the caller cannot read behaves like unbacked physical
	 * memory, which reads as all ones: bits 30:0 then never match. */
	nvmx_entry_read(c, link, b, sizeof(b));
	hdr = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	      (uint32_t)b[3] << 24;
	rev = nvmx_model_get_msr(c->m, NVMX_MSR_VMX_BASIC) &
	      NVMX_BASIC_REVISION_MASK;
	if ((hdr & 0x7fffffffu) != rev)
		NVMX_FAIL(c, GUEST_LINK_REVID);
	if (!(hdr >> 31) != !shadowing)
		NVMX_FAIL(c, GUEST_LINK_SHADOW_BIT);
	if (e->sz >= __builtin_offsetof(struct nvmx_entry_env,
					executive_vmptr) + sizeof(uint64_t) &&
	    e->vmptr_known) {
		if ((!e->in_smm || smm_entry) && link == e->current_vmptr)
			NVMX_FAIL(c, GUEST_LINK_IS_CURRENT);
		if (e->in_smm && !smm_entry && link == e->executive_vmptr)
			NVMX_FAIL(c, GUEST_LINK_IS_EXECUTIVE);
	}
}

/* --- 27.3.1.6 PDPTEs -------------------------------------------------- */

static void check_pdptes(struct nvmx_entry_ctx *c, const struct gstate *g)
{
	static const uint16_t fld[4] = {
		NVMX_IDX_GUEST_PDPTE0, NVMX_IDX_GUEST_PDPTE1,
		NVMX_IDX_GUEST_PDPTE2, NVMX_IDX_GUEST_PDPTE3,
	};
	const struct nvmx_model *m = c->m;
	bool ept = (g->proc2 & NVMX_CTL_MASK(PROC2_ENABLE_EPT)) != 0;
	uint64_t pdpte[4], rsvd;
	uint8_t b[32];
	unsigned int i;

	/* PAE paging: CR0.PG = 1, CR4.PAE = 1, not IA-32e mode. */
	if (!(g->cr0 & CR0_PG) || !(g->cr4 & CR4_PAE) || g->ia32e)
		return;
	if (ept) {
		for (i = 0; i < 4; i++)
			pdpte[i] = fv(c, fld[i]);
	} else {
		/* The 32-byte PDPT at CR3[31:5] (SDM 4.4.1). Unreadable
		 * memory reads as all ones (present, reserved bits set). */
		uint64_t gpa = NVMX_F(c, GUEST_CR3) & 0xffffffe0u;

		nvmx_entry_read(c, gpa, b, sizeof(b));
		for (i = 0; i < 4; i++) {
			pdpte[i] = 0;
			for (unsigned int k = 0; k < 8; k++)
				pdpte[i] |= (uint64_t)b[8 * i + k] << (8 * k);
		}
	}
	rsvd = PDPTE_RSVD_LOW |
	       (m->maxphyaddr >= 64 ? 0 : ~0ull << m->maxphyaddr);
	for (i = 0; i < 4; i++)
		if ((pdpte[i] & PDPTE_P) && (pdpte[i] & rsvd))
			FAIL_AT(c, GUEST_PDPTE_RSVD,
				ept ? nvmx_field_table[fld[i]].encoding
				    : NVMX_GUEST_CR3);
}

/* --- The group ------------------------------------------------------- */

void nvmx_check_guest(struct nvmx_entry_ctx *c)
{
	struct gstate g;
	uint64_t proc = NVMX_F(c, CPU_BASED_VM_EXEC_CONTROL);
	unsigned int before = c->failures;

	g.entry = NVMX_F(c, VM_ENTRY_CONTROLS);
	g.pin = NVMX_F(c, PIN_BASED_VM_EXEC_CONTROL);
	g.proc2 = (proc & NVMX_CTL_MASK(PROC_ACTIVATE_SECONDARY))
			  ? NVMX_F(c, SECONDARY_VM_EXEC_CONTROL)
			  : 0;
	g.cr0 = NVMX_F(c, GUEST_CR0);
	g.cr4 = NVMX_F(c, GUEST_CR4);
	g.rflags = NVMX_F(c, GUEST_RFLAGS);
	g.inj = (uint32_t)NVMX_F(c, VM_ENTRY_INTR_INFO);
	g.intr = (uint32_t)NVMX_F(c, GUEST_INTERRUPTIBILITY_INFO);
	g.act = (uint32_t)NVMX_F(c, GUEST_ACTIVITY_STATE);
	g.cs_ar = (uint32_t)NVMX_F(c, GUEST_CS_AR_BYTES);
	g.ss_ar = (uint32_t)NVMX_F(c, GUEST_SS_AR_BYTES);
	g.ia32e = (g.entry & NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST)) != 0;
	g.urg = (g.proc2 & NVMX_CTL_MASK(PROC2_UNRESTRICTED_GUEST)) != 0;
	g.v86 = (g.rflags & RFLAGS_VM) != 0;
	g.inj_valid = (g.inj & INJ_VALID) != 0;

	/* Each step returns early in first-failure mode; stop there too. */
	check_cr_msr(c, &g);
	if (!c->all && c->failures != before)
		return;
	check_segments(c, &g);
	if (!c->all && c->failures != before)
		return;
	check_dt_rip_rflags(c, &g);
	if (!c->all && c->failures != before)
		return;
	check_activity_intr(c, &g);
	if (!c->all && c->failures != before)
		return;
	check_pending_dbg(c, &g);
	if (!c->all && c->failures != before)
		return;
	check_link(c, &g);
	if (!c->all && c->failures != before)
		return;
	check_pdptes(c, &g);
}
