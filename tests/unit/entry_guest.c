// SPDX-License-Identifier: MIT
/*
 * entry_guest.c - tests of the guest-state VM-entry checks (SDM Vol. 3
 * 27.3.1): for every GUEST_* check one or more mutations of a valid
 * baseline that fail with exactly that check (exit reason 33 and the SDM's
 * exit qualification, the field at fault), each followed by a boundary
 * case that still passes; valid baselines for each guest mode on every
 * preset; LAM (CR3 bits 61/62, CR4.LAM_SUP) with and without LAM and with
 * MAXPHYADDR 46 and 52; ordering and diagnostic mode.
 *
 * The mutation cases are registered with entry_common.h's ENTRY_CASE_TABLE
 * (the shared coverage test sees them). Expected values come from the SDM
 * text, not from lib/entry_checks.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "entry_common.h"
#include "entry_guest_base.h"

#define M(name) static void name(struct eb_state *s)
#define B(x) NVMX_CTL_MASK(x)

#define CR4_PCIDE (1ull << 17)
#define CR4_CET (1ull << 23)
#define CR4_LAM_SUP (1ull << 28)
#define CR4_FRED (1ull << 32)

/* VM-entry interruption information (SDM 25.8.3): valid, type, vector. */
#define INJ(type, vec) (0x80000000u | ((type) << 8) | (vec))
#define INJ_EXTINT(v) INJ(0u, v)
#define INJ_NMI INJ(2u, 2u)
#define INJ_HWEXC(v) INJ(3u, v)

/* Widths of canonical addresses: SKX has 48-bit linear addresses, the MAX
 * model enumerates LA57 (57 bits). */
#define NONCANON48 0x0000800000000000ull
#define TOPCANON48 0x00007fffffffffffull
#define LOWCANON48 0xffff800000000000ull
#define NONCANON57 0x0100000000000000ull
#define TOPCANON57 0x00ffffffffffffffull

/* The shorthands used by the mutations. */
#define SET(NAME, val) GB_SET(s, NAME, val)
#define OR(NAME, val) GB_OR(s, NAME, val)
#define CLR(NAME, val) GB_CLR(s, NAME, val)

static void cpl3(struct eb_state *s)
{
	/* CPL 3 in 64-bit mode: CS and SS with DPL = RPL = 3 */
	GB_SEG(s, CS, EB_SEL_CS | 3, 0, 0xffffffff, 0xa0fb);
	GB_SEG(s, SS, EB_SEL_DS | 3, 0, 0xffffffff, 0xc0f3);
}

static void usable_ldtr(struct eb_state *s)
{
	GB_SEG(s, LDTR, 0x28, 0xfffffe0000020000ull, 0xff, 0x82);
}

/* Write a VMCS header (revision, shadow bit) at the link-pointer page. */
static void link_vmcs(struct eb_state *s, uint64_t gpa, bool shadow)
{
	uint32_t rev = (uint32_t)(nvmx_model_get_msr(&s->m, NVMX_MSR_VMX_BASIC) &
				  0x7fffffffu);

	eb_mem_put32(&s->mem, gpa, rev | (shadow ? 0x80000000u : 0));
	SET(VMCS_LINK_POINTER, gpa);
}

/* A little-endian quadword of test memory. */
static uint64_t eb_mem_get_pdpte(const struct eb_state *s, uint64_t gpa)
{
	uint64_t v = 0;

	for (unsigned int k = 0; k < 8; k++)
		v |= (uint64_t)s->mem.bytes[gpa - s->mem.base + k] << (8 * k);
	return v;
}

static void enable_shadowing(struct eb_state *s)
{
	GB_PROC2(s, B(PROC2_VMCS_SHADOWING), 0);
	SET(VMREAD_BITMAP, EB_MEM_BASE + 0x7000);
	SET(VMWRITE_BITMAP, EB_MEM_BASE + 0x8000);
}

static void enter_smm(struct eb_state *s)
{
	s->env.in_smm = true;
	GB_ENTRY(s, B(ENTRY_ENTRY_TO_SMM), 0);
	OR(GUEST_INTERRUPTIBILITY_INFO, 4);
}

/* ===== 27.3.1.1 control registers, debug registers, MSRs ============== */

M(cr0_no_ne)
{
	CLR(GUEST_CR0, GB_CR0_NE);
}
M(cr0_exactly_fixed0)
{
	/* PG, NE, PE only: the smallest CR0 FIXED0 allows */
	SET(GUEST_CR0, nvmx_model_get_msr(&s->m, NVMX_MSR_VMX_CR0_FIXED0));
}
M(cr0_pe0_without_urg)
{
	CLR(GUEST_CR0, GB_CR0_PE | GB_CR0_PG);
	GB_ENTRY(s, 0, B(ENTRY_IA32E_MODE_GUEST));
	SET(GUEST_IA32_EFER, 0);
}
M(cr0_pe0_pg0_with_urg)
{
	gb_real_urg(s);
}
M(cr0_bit32)
{
	OR(GUEST_CR0, 1ull << 32);
}
M(cr0_cd_nw_not_checked)
{
	/* A model whose FIXED1 clears CD and NW: the guest may still set
	 * them, VM entry never checks them (SDM 27.3.1.1 footnote). */
	uint64_t f1 = nvmx_model_get_msr(&s->m, NVMX_MSR_VMX_CR0_FIXED1);

	nvmx_model_set_msr(&s->m, NVMX_MSR_VMX_CR0_FIXED1,
			   f1 & ~(3ull << 29));
	OR(GUEST_CR0, 3ull << 29);
}
M(cr0_fixed1_am_cleared)
{
	/* the same model: AM (bit 18) cleared in FIXED1 is checked */
	uint64_t f1 = nvmx_model_get_msr(&s->m, NVMX_MSR_VMX_CR0_FIXED1);

	nvmx_model_set_msr(&s->m, NVMX_MSR_VMX_CR0_FIXED1, f1 & ~(1ull << 18));
	SET(HOST_CR0, GB_GET(s, HOST_CR0) & ~(1ull << 18));
	OR(GUEST_CR0, 1ull << 18);
}
M(cr0_pg_without_pe_urg)
{
	gb_real_urg(s);
	OR(GUEST_CR0, GB_CR0_PG);
}
M(cr0_pg_pe_urg)
{
	gb_real_urg(s);
	OR(GUEST_CR0, GB_CR0_PG | GB_CR0_PE);
}
M(cr4_no_vmxe)
{
	CLR(GUEST_CR4, 1ull << 13);
}
M(cr4_exactly_fixed0_pae)
{
	SET(GUEST_CR4, nvmx_model_get_msr(&s->m, NVMX_MSR_VMX_CR4_FIXED0) |
			       GB_CR4_PAE);
}
M(cr4_lam_sup_without_lam)
{
	OR(GUEST_CR4, CR4_LAM_SUP);
}
M(cr4_lam_sup_with_lam)
{
	OR(GUEST_CR4, CR4_LAM_SUP);
}
M(cr4_fred_without_fred)
{
	OR(GUEST_CR4, CR4_FRED);
}
M(cr4_cet_without_wp)
{
	OR(GUEST_CR4, CR4_CET);
	CLR(GUEST_CR0, GB_CR0_WP);
}
M(cr4_cet_with_wp)
{
	OR(GUEST_CR4, CR4_CET);
	OR(GUEST_CR0, GB_CR0_WP);
}
M(debugctl_bit2)
{
	SET(GUEST_IA32_DEBUGCTL, 1ull << 2);
}
M(debugctl_bit16)
{
	SET(GUEST_IA32_DEBUGCTL, 1ull << 16);
}
M(debugctl_rtm_debug)
{
	/* RTM_DEBUG (bit 15) exists only with RTM, which no model has */
	SET(GUEST_IA32_DEBUGCTL, 1ull << 15);
}
M(debugctl_all_valid)
{
	/* LBR, BTF, TR, BTS, BTINT, BTS_OFF_OS/USR, FREEZE_LBRS/PERFMON,
	 * UNCORE_PMI, FREEZE_WHILE_SMM: bits 0, 1, 6-14 */
	SET(GUEST_IA32_DEBUGCTL, 0x3ull | (0x1ffull << 6));
}
M(debugctl_not_loaded)
{
	GB_ENTRY(s, 0, B(ENTRY_LOAD_DEBUG_CONTROLS));
	SET(GUEST_IA32_DEBUGCTL, 1ull << 2);
	SET(GUEST_DR7, 1ull << 40);
}
M(ia32e_pg0_urg)
{
	GB_PROC2(s, B(PROC2_UNRESTRICTED_GUEST), 0);
	CLR(GUEST_CR0, GB_CR0_PG);
}
M(ia32e_pg1_urg)
{
	GB_PROC2(s, B(PROC2_UNRESTRICTED_GUEST), 0);
}
M(ia32e_no_pae)
{
	CLR(GUEST_CR4, GB_CR4_PAE);
}
M(prot32_no_pae)
{
	gb_prot32(s);
}
M(prot32_pcide)
{
	gb_prot32(s);
	OR(GUEST_CR4, CR4_PCIDE);
}
M(ia32e_pcide)
{
	OR(GUEST_CR4, CR4_PCIDE);
}
M(prot32_fred)
{
	gb_prot32(s);
	OR(GUEST_CR4, CR4_FRED);
}
M(ia32e_fred)
{
	OR(GUEST_CR4, CR4_FRED);
}
M(cr3_bit52)
{
	SET(GUEST_CR3, 1ull << 52);
}
M(cr3_top_page52)
{
	SET(GUEST_CR3, (1ull << 52) - 0x1000);
}
M(cr3_bit46)
{
	SET(GUEST_CR3, 1ull << 46);
}
M(cr3_top_page46)
{
	SET(GUEST_CR3, (1ull << 46) - 0x1000);
}
M(cr3_bit63)
{
	SET(GUEST_CR3, (1ull << 63) | 0x2000);
}
M(cr3_lam_u57)
{
	SET(GUEST_CR3, (1ull << 61) | 0x2000);
}
M(cr3_lam_u48)
{
	SET(GUEST_CR3, (1ull << 62) | 0x2000);
}
M(cr3_lam_both)
{
	SET(GUEST_CR3, (3ull << 61) | 0x2000);
}
M(cr3_lam_both_bit60)
{
	SET(GUEST_CR3, (7ull << 60) | 0x2000);
}
M(dr7_bit32)
{
	SET(GUEST_DR7, 0x400 | (1ull << 32));
}
M(dr7_low_all)
{
	SET(GUEST_DR7, 0xffffffffull);
}
M(sysenter_esp_noncanon)
{
	SET(GUEST_SYSENTER_ESP, NONCANON48);
}
M(sysenter_esp_top)
{
	SET(GUEST_SYSENTER_ESP, TOPCANON48);
	SET(GUEST_SYSENTER_EIP, LOWCANON48);
}
M(sysenter_eip_noncanon)
{
	SET(GUEST_SYSENTER_EIP, 0xfffe000000000000ull);
}
M(sysenter_eip_noncanon57)
{
	SET(GUEST_SYSENTER_EIP, NONCANON57);
}
M(sysenter_eip_top57)
{
	SET(GUEST_SYSENTER_EIP, TOPCANON57);
	SET(GUEST_SYSENTER_ESP, NONCANON48);
}

/* CET state (MAX and Sapphire Rapids have "load CET state"). */
static void cet(struct eb_state *s)
{
	GB_ENTRY(s, B(ENTRY_LOAD_CET_STATE), 0);
	OR(GUEST_CR4, CR4_CET);
	SET(GUEST_S_CET, 0);
	SET(GUEST_SSP, 0x7fff0000);
	SET(GUEST_INTR_SSP_TABLE, 0);
}
M(scet_bit6)
{
	cet(s);
	SET(GUEST_S_CET, 1ull << 6);
}
M(scet_suppress_and_tracker)
{
	cet(s);
	SET(GUEST_S_CET, 3ull << 10);
}
M(scet_valid_bits)
{
	/* SH_STK_EN .. SUPPRESS_DIS (5:0), SUPPRESS (10), legacy bitmap base */
	cet(s);
	SET(GUEST_S_CET, 0x7ffff000ull | 0x3f | (1ull << 10));
}
M(scet_noncanon)
{
	cet(s);
	SET(GUEST_S_CET, NONCANON57);
}
M(scet_top_canon)
{
	cet(s);
	SET(GUEST_S_CET, 0xff00000000000000ull);
}
M(ssptbl_noncanon)
{
	cet(s);
	SET(GUEST_INTR_SSP_TABLE, NONCANON57);
}
M(ssptbl_top_canon)
{
	cet(s);
	SET(GUEST_INTR_SSP_TABLE, TOPCANON57);
}
M(ssp_misaligned)
{
	cet(s);
	SET(GUEST_SSP, 0x7fff0002);
}
M(ssp_aligned4)
{
	cet(s);
	SET(GUEST_SSP, 0x7fff0004);
}
M(ssp_noncanon)
{
	cet(s);
	SET(GUEST_SSP, NONCANON57);
}
M(ssp_top_canon)
{
	cet(s);
	SET(GUEST_SSP, 0x00fffffffffffffcull);
}
M(cet32_ssp_high)
{
	gb_prot32(s);
	cet(s);
	SET(GUEST_SSP, 1ull << 32);
}
M(cet32_scet_high)
{
	gb_prot32(s);
	cet(s);
	SET(GUEST_S_CET, 1ull << 40);
}
M(cet32_low_values)
{
	gb_prot32(s);
	cet(s);
	SET(GUEST_SSP, 0xfffffffcull);
	SET(GUEST_S_CET, 0xfffff000ull);
}
M(perf_global_bit8)
{
	GB_ENTRY(s, B(ENTRY_LOAD_PERF_GLOBAL_CTRL), 0);
	SET(GUEST_IA32_PERF_GLOBAL_CTRL, 1ull << 8);
}
M(perf_global_valid)
{
	/* PMC0-7, FIXED_CTR0-3, PERF_METRICS_EN (SDM 20.2.2, 20.3.9) */
	GB_ENTRY(s, B(ENTRY_LOAD_PERF_GLOBAL_CTRL), 0);
	SET(GUEST_IA32_PERF_GLOBAL_CTRL, 0xffull | (0xfull << 32) |
						 (1ull << 48));
}
M(pat_byte2)
{
	SET(GUEST_IA32_PAT, 0x0007040600070206ull);
}
M(pat_byte8)
{
	SET(GUEST_IA32_PAT, 0x0807040600070406ull);
}
M(pat_all_types)
{
	/* UC WC WT WP WB UC- (0 1 4 5 6 7) and two more UC */
	SET(GUEST_IA32_PAT, 0x0000070605040100ull);
}
M(efer_svme)
{
	OR(GUEST_IA32_EFER, 1ull << 12);
}
M(efer_nxe_without_nx)
{
	nvmx_model_set_cpu(&s->m, s->m.cpu & ~NVMX_CPU_NX);
	SET(HOST_IA32_EFER, GB_GET(s, HOST_IA32_EFER) & ~GB_EFER_NXE);
}
M(efer_no_lma)
{
	CLR(GUEST_IA32_EFER, GB_EFER_LMA);
}
M(efer_not_loaded)
{
	GB_ENTRY(s, 0, B(ENTRY_LOAD_EFER));
	SET(GUEST_IA32_EFER, 1ull << 12);
}
M(efer_no_lme)
{
	CLR(GUEST_IA32_EFER, GB_EFER_LME);
}
M(efer_lme_pg0_urg)
{
	gb_real_urg(s);
	SET(GUEST_IA32_EFER, GB_EFER_LME);
}
static void bnd(struct eb_state *s, uint64_t v)
{
	GB_ENTRY(s, B(ENTRY_LOAD_BNDCFGS), 0);
	SET(GUEST_IA32_BNDCFGS, v);
}
M(bndcfgs_bit2)
{
	bnd(s, 0x1000 | 4);
}
M(bndcfgs_valid_low)
{
	bnd(s, 0xfffffffffffff003ull);
}
M(bndcfgs_noncanon)
{
	bnd(s, NONCANON57 | 1);
}
M(bndcfgs_top_canon)
{
	bnd(s, 0x00fffffffffff001ull);
}
static void rtit(struct eb_state *s, uint64_t v)
{
	GB_ENTRY(s, B(ENTRY_LOAD_RTIT_CTL), 0);
	SET(GUEST_IA32_RTIT_CTL, v);
}
M(rtit_bit18)
{
	rtit(s, 1ull << 18);
}
M(rtit_bit56)
{
	rtit(s, 1ull << 56);
}
M(rtit_valid)
{
	/* TraceEn..BranchEn (13:0), MTCFreq (17:14), CycThresh (22:19),
	 * PSBFreq (27:24), ADDR0-3_CFG (47:32), InjectPsbPmiOnEnable (55) */
	rtit(s, 0x3fffull | (0xfull << 14) | (0xfull << 19) | (0xfull << 24) |
			(0xffffull << 32) | (1ull << 55));
}
static void lbr(struct eb_state *s, uint64_t v)
{
	GB_ENTRY(s, B(ENTRY_LOAD_LBR_CTL), 0);
	SET(GUEST_IA32_LBR_CTL, v);
}
M(lbr_ctl_bit4)
{
	lbr(s, 1ull << 4);
}
M(lbr_ctl_valid)
{
	/* LBREn, OS, USR, CALL_STACK, branch filters 22:16 */
	lbr(s, 0xfull | (0x7full << 16));
}
static void pkrs(struct eb_state *s, uint64_t v)
{
	GB_ENTRY(s, B(ENTRY_LOAD_PKRS), 0);
	SET(GUEST_IA32_PKRS, v);
}
M(pkrs_bit32)
{
	pkrs(s, 1ull << 32);
}
M(pkrs_low_all)
{
	pkrs(s, 0xffffffffull);
}
static void uinv(struct eb_state *s, uint64_t v)
{
	GB_ENTRY(s, B(ENTRY_LOAD_UINV), 0);
	SET(GUEST_UINV, v);
}
M(uinv_bit8)
{
	uinv(s, 0x100);
}
M(uinv_ff)
{
	uinv(s, 0xff);
}
/* FRED state: stacks 64-byte aligned, shadow stacks 8-byte aligned. */
static void fred(struct eb_state *s)
{
	GB_ENTRY(s, B(ENTRY_LOAD_FRED), 0);
	OR(GUEST_CR4, CR4_FRED);
	SET(GUEST_IA32_FRED_CONFIG, 0xffffffff81000000ull);
	SET(GUEST_IA32_FRED_RSP1, 0xffffc90000010000ull);
	SET(GUEST_IA32_FRED_RSP2, 0xffffc90000020000ull);
	SET(GUEST_IA32_FRED_RSP3, 0xffffc90000030000ull);
	SET(GUEST_IA32_FRED_SSP1, 0xffffc90000011000ull);
	SET(GUEST_IA32_FRED_SSP2, 0xffffc90000021000ull);
	SET(GUEST_IA32_FRED_SSP3, 0xffffc90000031000ull);
}
M(fred_config_bit2)
{
	fred(s);
	OR(GUEST_IA32_FRED_CONFIG, 1ull << 2);
}
M(fred_config_bit11)
{
	fred(s);
	OR(GUEST_IA32_FRED_CONFIG, 1ull << 11);
}
M(fred_config_noncanon)
{
	fred(s);
	SET(GUEST_IA32_FRED_CONFIG, NONCANON57);
}
M(fred_config_valid_bits)
{
	/* bits 1:0, 3, 10:6 are defined; bits 63:12 canonical */
	fred(s);
	SET(GUEST_IA32_FRED_CONFIG, 0xff00000000000000ull | 0x7cbull);
}
M(fred_rsp2_misaligned)
{
	fred(s);
	SET(GUEST_IA32_FRED_RSP2, 0xffffc90000020020ull);
}
M(fred_rsp3_noncanon)
{
	fred(s);
	SET(GUEST_IA32_FRED_RSP3, NONCANON57);
}
M(fred_rsp_aligned64)
{
	fred(s);
	SET(GUEST_IA32_FRED_RSP1, 0xffffc90000010040ull);
	SET(GUEST_IA32_FRED_RSP3, 0xff000000000000c0ull);
}
M(fred_ssp1_misaligned)
{
	fred(s);
	SET(GUEST_IA32_FRED_SSP1, 0xffffc90000011004ull);
}
M(fred_ssp3_noncanon)
{
	fred(s);
	SET(GUEST_IA32_FRED_SSP3, NONCANON57);
}
M(fred_ssp_aligned8)
{
	fred(s);
	SET(GUEST_IA32_FRED_SSP1, 0xffffc90000011008ull);
	SET(GUEST_IA32_FRED_SSP3, TOPCANON57 & ~7ull);
}
M(fred_not_loaded)
{
	/* "load FRED" = 0: the FRED MSR fields are not checked */
	OR(GUEST_CR4, CR4_FRED);
	SET(GUEST_IA32_FRED_CONFIG, 1ull << 2);
	SET(GUEST_IA32_FRED_RSP1, 1);
}
static void spec(struct eb_state *s, uint64_t v)
{
	GB_ENTRY(s, B(ENTRY_LOAD_SPEC_CTRL), 0);
	SET(GUEST_IA32_SPEC_CTRL, v);
}
M(spec_ctrl_bit9)
{
	spec(s, 1ull << 9);
}
M(spec_ctrl_valid)
{
	/* IBRS, STIBP, SSBD, IPRED_DIS_U/S, RRSBA_DIS_U/S, PSFD, DDPD_U,
	 * BHI_DIS_S */
	spec(s, 0x1ffull | (1ull << 10));
}

/* ===== 27.3.1.2 segment registers ===================================== */

M(tr_ti)
{
	OR(GUEST_TR_SELECTOR, 4);
}
M(tr_sel_max_gdt)
{
	SET(GUEST_TR_SELECTOR, 0xfff8);
}
M(ldtr_usable_ti)
{
	usable_ldtr(s);
	SET(GUEST_LDTR_SELECTOR, 0x2c);
}
M(ldtr_unusable_ti)
{
	SET(GUEST_LDTR_SELECTOR, 0x2c);
}
M(ss_rpl3_cs_rpl0)
{
	SET(GUEST_SS_SELECTOR, EB_SEL_DS | 3);
}
M(ss_rpl3_cs_rpl0_urg)
{
	/* unrestricted guest: no SS.RPL = CS.RPL, no SS.DPL = RPL rule */
	GB_PROC2(s, B(PROC2_UNRESTRICTED_GUEST), 0);
	SET(GUEST_SS_SELECTOR, EB_SEL_DS | 3);
}
M(v86_ds_base_off)
{
	gb_v86(s);
	SET(GUEST_DS_BASE, 0x30001);
}
M(v86_gs_base_high)
{
	gb_v86(s);
	SET(GUEST_GS_BASE, 0x60000 | (1ull << 32));
}
M(v86_top_selector)
{
	gb_v86(s);
	GB_SEG(s, ES, 0xffff, 0xffff0, 0xffff, 0xf3);
}
M(tr_base_noncanon)
{
	SET(GUEST_TR_BASE, NONCANON48);
}
M(tr_base_canon)
{
	SET(GUEST_TR_BASE, LOWCANON48);
	SET(GUEST_FS_BASE, TOPCANON48);
	SET(GUEST_GS_BASE, LOWCANON48);
}
M(fs_base_noncanon)
{
	SET(GUEST_FS_BASE, NONCANON48);
}
M(fs_base_noncanon_unusable)
{
	/* the FS/GS base checks do not depend on usability */
	OR(GUEST_FS_AR_BYTES, 0x10000);
	SET(GUEST_FS_BASE, NONCANON48);
}
M(gs_base_noncanon)
{
	SET(GUEST_GS_BASE, 0x8000000000000000ull);
}
M(gs_base_noncanon_unusable)
{
	OR(GUEST_GS_AR_BYTES, 0x10000);
	SET(GUEST_GS_BASE, NONCANON48);
}
M(ldtr_base_noncanon)
{
	usable_ldtr(s);
	SET(GUEST_LDTR_BASE, NONCANON48);
}
M(ldtr_unusable_base_noncanon)
{
	SET(GUEST_LDTR_BASE, NONCANON48);
}
M(cs_base_high)
{
	SET(GUEST_CS_BASE, 1ull << 32);
}
M(cs_base_high_unusable)
{
	/* the CS unusable bit is ignored (SDM: "CS or usable") */
	OR(GUEST_CS_AR_BYTES, 0x10000);
	SET(GUEST_CS_BASE, 1ull << 32);
}
M(cs_base_top32)
{
	SET(GUEST_CS_BASE, 0xfffff000ull);
}
M(ss_base_high)
{
	SET(GUEST_SS_BASE, 1ull << 32);
}
M(ss_unusable_base_high)
{
	GB_SEG(s, SS, 0, 1ull << 32, 0, 0x10000);
}
M(ds_base_high)
{
	SET(GUEST_DS_BASE, 1ull << 63);
}
M(ds_unusable_base_high)
{
	GB_SEG(s, DS, 0, 1ull << 63, 0, 0x10000);
}
M(es_base_high)
{
	SET(GUEST_ES_BASE, 1ull << 40);
}
M(es_unusable_base_high)
{
	GB_SEG(s, ES, 0, 1ull << 40, 0, 0x10000);
}
M(v86_es_limit)
{
	gb_v86(s);
	SET(GUEST_ES_LIMIT, 0xfffff);
}
M(v86_cs_limit_small)
{
	gb_v86(s);
	SET(GUEST_CS_LIMIT, 0xfffe);
}
M(v86_pass)
{
	gb_v86(s);
}
M(v86_ss_ar_type7)
{
	gb_v86(s);
	SET(GUEST_SS_AR_BYTES, 0xf7);
}
M(v86_fs_unusable)
{
	gb_v86(s);
	SET(GUEST_FS_AR_BYTES, 0x100f3);
}
M(v86_pass_garbage_protected_rules)
{
	/* in virtual-8086 mode SS.RPL != CS.RPL and SS.DPL != SS.RPL
	 * are not checked (AR is F3H everywhere, selectors arbitrary) */
	gb_v86(s);
	GB_SEG(s, SS, 0x2001, 0x20010, 0xffff, 0xf3);
}
M(cs_type3_no_urg)
{
	SET(GUEST_CS_AR_BYTES, 0xa093);
}
M(cs_type8_no_urg)
{
	SET(GUEST_CS_AR_BYTES, 0xa098);
}
M(cs_type3_urg)
{
	GB_PROC2(s, B(PROC2_UNRESTRICTED_GUEST), 0);
	SET(GUEST_CS_AR_BYTES, 0xa093);
}
M(ss_type1)
{
	SET(GUEST_SS_AR_BYTES, 0xc091);
}
M(ss_type7)
{
	SET(GUEST_SS_AR_BYTES, 0xc097);
}
M(ss_unusable_type0)
{
	/* SS null and unusable: type/S/P/G not checked */
	GB_SEG(s, SS, 0, 0, 0, 0x10000);
}
M(ss_null_usable)
{
	/* a null SS selector is exempt only through its unusable bit */
	GB_SEG(s, SS, 0, 0, 0, 0x0000);
}
M(fs_not_accessed)
{
	SET(GUEST_FS_AR_BYTES, 0xc092);
}
M(fs_unusable_not_accessed)
{
	SET(GUEST_FS_AR_BYTES, 0x1c092);
}
M(gs_code_exec_only)
{
	SET(GUEST_GS_AR_BYTES, 0xc099);
}
M(gs_code_readable)
{
	SET(GUEST_GS_AR_BYTES, 0xc09b);
}
M(ds_system)
{
	SET(GUEST_DS_AR_BYTES, 0xc083);
}
M(cs_system)
{
	SET(GUEST_CS_AR_BYTES, 0xa08b);
}
M(ds_unusable_system)
{
	SET(GUEST_DS_AR_BYTES, 0x1c083);
}
M(cs_type3_dpl3_urg)
{
	GB_PROC2(s, B(PROC2_UNRESTRICTED_GUEST), 0);
	SET(GUEST_CS_AR_BYTES, 0xa0f3);
}
M(cs_dpl3_ss_dpl0)
{
	SET(GUEST_CS_AR_BYTES, 0xa0fb);
}
M(cpl3_state)
{
	cpl3(s);
}
M(cs_conf_dpl3_ss_dpl0)
{
	SET(GUEST_CS_AR_BYTES, 0xa0ff);
}
M(cs_conf_dpl3_cpl3)
{
	/* conforming CS: DPL equal to SS.DPL is the boundary */
	cpl3(s);
	SET(GUEST_CS_AR_BYTES, 0xa0ff);
}
M(cs_conf_dpl0_cpl3)
{
	cpl3(s);
	SET(GUEST_CS_AR_BYTES, 0xa09f);
}
M(ss_dpl3_rpl0)
{
	/* conforming CS (DPL 0 <= 3) so that only SS.DPL != SS.RPL fails */
	SET(GUEST_CS_AR_BYTES, 0xa09f);
	SET(GUEST_SS_AR_BYTES, 0xc0f3);
}
M(ss_unusable_dpl3_rpl0)
{
	SET(GUEST_CS_AR_BYTES, 0xa09f);
	GB_SEG(s, SS, EB_SEL_DS, 0, 0, 0x10060);
}
M(ss_dpl3_rpl0_urg)
{
	GB_PROC2(s, B(PROC2_UNRESTRICTED_GUEST), 0);
	SET(GUEST_CS_AR_BYTES, 0xa09f);
	SET(GUEST_SS_AR_BYTES, 0xc0f3);
}
M(real_ss_dpl3)
{
	gb_real_urg(s);
	SET(GUEST_CS_AR_BYTES, 0x9f);	/* conforming: no DPL = SS.DPL */
	SET(GUEST_SS_AR_BYTES, 0xf3);
}
M(real_cs_type3)
{
	gb_real_urg(s);
	SET(GUEST_CS_AR_BYTES, 0x93);
}
M(urg_cs_type3_ss_dpl3)
{
	gb_real_urg(s);
	OR(GUEST_CR0, GB_CR0_PE);
	SET(GUEST_CS_AR_BYTES, 0x93);
	SET(GUEST_SS_AR_BYTES, 0xf3);
}
M(ds_rpl3_dpl0)
{
	SET(GUEST_DS_SELECTOR, EB_SEL_DS | 3);
}
M(es_rpl3_type11_dpl0)
{
	SET(GUEST_ES_SELECTOR, EB_SEL_DS | 3);
	SET(GUEST_ES_AR_BYTES, 0xc09b);
}
M(ds_rpl3_conforming_dpl0)
{
	SET(GUEST_DS_SELECTOR, EB_SEL_DS | 3);
	SET(GUEST_DS_AR_BYTES, 0xc09f);
}
M(ds_rpl3_dpl0_urg)
{
	GB_PROC2(s, B(PROC2_UNRESTRICTED_GUEST), 0);
	SET(GUEST_DS_SELECTOR, EB_SEL_DS | 3);
}
M(es_not_present)
{
	SET(GUEST_ES_AR_BYTES, 0xc013);
}
M(cs_unusable_not_present)
{
	/* the CS unusable bit is ignored: CS is checked as if usable */
	SET(GUEST_CS_AR_BYTES, 0x1a01b);
}
M(cs_not_present)
{
	SET(GUEST_CS_AR_BYTES, 0xa01b);
}
M(es_unusable_not_present)
{
	SET(GUEST_ES_AR_BYTES, 0x1c013);
}
M(gs_ar_bit8)
{
	OR(GUEST_GS_AR_BYTES, 0x100);
}
M(gs_ar_avl)
{
	OR(GUEST_GS_AR_BYTES, 0x1000);
}
M(cs_l_and_db)
{
	SET(GUEST_CS_AR_BYTES, 0xe09b);
}
M(compat_cs_db)
{
	/* IA-32e mode guest in compatibility mode: L = 0, D/B = 1 */
	SET(GUEST_CS_AR_BYTES, 0xc09b);
}
M(prot32_cs_l_and_db)
{
	/* outside IA-32e mode the L bit is not looked at */
	gb_prot32(s);
	SET(GUEST_CS_AR_BYTES, 0xe09b);
}
M(ds_limit_g1_low_not_fff)
{
	SET(GUEST_DS_LIMIT, 0xffffe);
}
M(ss_limit_g0_high)
{
	SET(GUEST_SS_LIMIT, 0x100000);
	SET(GUEST_SS_AR_BYTES, 0x4093);
}
M(limits_g_boundaries)
{
	SET(GUEST_DS_LIMIT, 0xfffff);
	SET(GUEST_DS_AR_BYTES, 0x4093);	/* G = 0, limit < 1 MiB */
	SET(GUEST_ES_LIMIT, 0xfff);	/* G = 1, bits 11:0 all 1 */
}
M(fs_ar_bit17)
{
	OR(GUEST_FS_AR_BYTES, 1ull << 17);
}
M(fs_unusable_ar_bit17)
{
	SET(GUEST_FS_AR_BYTES, 0x3c093);
}
M(tr_type3_ia32e)
{
	SET(GUEST_TR_AR_BYTES, 0x83);
}
M(tr_type9_prot32)
{
	gb_prot32(s);
	SET(GUEST_TR_AR_BYTES, 0x89);
}
M(tr_type3_prot32)
{
	gb_prot32(s);
	SET(GUEST_TR_AR_BYTES, 0x83);
}
M(tr_s)
{
	OR(GUEST_TR_AR_BYTES, 0x10);
}
M(tr_avl)
{
	OR(GUEST_TR_AR_BYTES, 0x1000);
}
M(tr_not_present)
{
	CLR(GUEST_TR_AR_BYTES, 0x80);
}
M(tr_ar_bit9)
{
	OR(GUEST_TR_AR_BYTES, 0x200);
}
M(tr_limit_g1_low)
{
	OR(GUEST_TR_AR_BYTES, 0x8000);
}
M(tr_limit_g1_fff)
{
	SET(GUEST_TR_LIMIT, 0xfff);
	OR(GUEST_TR_AR_BYTES, 0x8000);
}
M(tr_unusable)
{
	OR(GUEST_TR_AR_BYTES, 0x10000);
}
M(tr_ar_bit20)
{
	OR(GUEST_TR_AR_BYTES, 1ull << 20);
}
M(tr_ar_db)
{
	/* bit 14 is not reserved for TR */
	OR(GUEST_TR_AR_BYTES, 0x4000);
}
M(ldtr_type3)
{
	usable_ldtr(s);
	SET(GUEST_LDTR_AR_BYTES, 0x83);
}
M(ldtr_usable_pass)
{
	usable_ldtr(s);
	OR(GUEST_LDTR_AR_BYTES, 0x1000);
}
M(ldtr_unusable_garbage)
{
	/* not usable: type/S/P/limit/reserved bits are not checked */
	GB_SEG(s, LDTR, 0x28, 0, 0x12345, 0xfffffff1u);
}
M(ldtr_s)
{
	usable_ldtr(s);
	SET(GUEST_LDTR_AR_BYTES, 0x92);
}
M(ldtr_not_present)
{
	usable_ldtr(s);
	SET(GUEST_LDTR_AR_BYTES, 0x02);
}
M(ldtr_ar_bit11)
{
	usable_ldtr(s);
	SET(GUEST_LDTR_AR_BYTES, 0x882);
}
M(ldtr_limit_g1_low)
{
	usable_ldtr(s);
	SET(GUEST_LDTR_AR_BYTES, 0x8082);
}
M(ldtr_limit_big_g1)
{
	usable_ldtr(s);
	SET(GUEST_LDTR_LIMIT, 0xffffffff);
	SET(GUEST_LDTR_AR_BYTES, 0x8082);
}
M(ldtr_ar_bit18)
{
	usable_ldtr(s);
	SET(GUEST_LDTR_AR_BYTES, 0x40082);
}
/* FRED guest: IA-32e mode guest with CR4.FRED = 1 */
M(fred_cpl1)
{
	OR(GUEST_CR4, CR4_FRED);
	GB_SEG(s, CS, EB_SEL_CS | 1, 0, 0xffffffff, 0xa0bb);
	GB_SEG(s, SS, EB_SEL_DS | 1, 0, 0xffffffff, 0xc0b3);
}
M(nofred_cpl1)
{
	GB_SEG(s, CS, EB_SEL_CS | 1, 0, 0xffffffff, 0xa0bb);
	GB_SEG(s, SS, EB_SEL_DS | 1, 0, 0xffffffff, 0xc0b3);
}
M(fred_cpl0_compat)
{
	OR(GUEST_CR4, CR4_FRED);
	SET(GUEST_CS_AR_BYTES, 0xc09b);
}
M(fred_cpl3_compat)
{
	/* the CPL 0 rule does not apply at CPL 3 */
	OR(GUEST_CR4, CR4_FRED);
	cpl3(s);
	SET(GUEST_CS_AR_BYTES, 0xc0fb);
}
M(fred_cpl3_iopl3)
{
	OR(GUEST_CR4, CR4_FRED);
	cpl3(s);
	SET(GUEST_RFLAGS, 0x3002);
}
M(fred_cpl0_iopl3)
{
	OR(GUEST_CR4, CR4_FRED);
	SET(GUEST_RFLAGS, 0x3002);
}
M(fred_cpl3_sti)
{
	OR(GUEST_CR4, CR4_FRED);
	cpl3(s);
	SET(GUEST_RFLAGS, 0x202);
	SET(GUEST_INTERRUPTIBILITY_INFO, 1);
}
M(fred_cpl0_sti)
{
	OR(GUEST_CR4, CR4_FRED);
	SET(GUEST_RFLAGS, 0x202);
	SET(GUEST_INTERRUPTIBILITY_INFO, 1);
}

/* ===== 27.3.1.3 GDTR, IDTR; 27.3.1.4 RIP, RFLAGS ====================== */

M(gdtr_noncanon)
{
	SET(GUEST_GDTR_BASE, NONCANON48);
}
M(gdtr_idtr_top)
{
	SET(GUEST_GDTR_BASE, TOPCANON48 & ~0xfffull);
	SET(GUEST_IDTR_BASE, LOWCANON48);
	SET(GUEST_GDTR_LIMIT, 0xffff);
	SET(GUEST_IDTR_LIMIT, 0xffff);
}
M(idtr_noncanon)
{
	SET(GUEST_IDTR_BASE, 0x7fff000000000000ull);
}
M(gdtr_limit_64k)
{
	SET(GUEST_GDTR_LIMIT, 0x10000);
}
M(idtr_limit_high)
{
	SET(GUEST_IDTR_LIMIT, 0xffff0fff);
}
M(compat_rip_high)
{
	SET(GUEST_CS_AR_BYTES, 0xc09b);
	SET(GUEST_RIP, 1ull << 32);
}
M(compat_rip_top32)
{
	SET(GUEST_CS_AR_BYTES, 0xc09b);
	SET(GUEST_RIP, 0xffffffffull);
}
M(prot32_rip_high)
{
	gb_prot32(s);
	SET(GUEST_RIP, 0x100000000ull);
}
/*
 * SDM 27.3.1.4 asks for bits 63:N identical (N = 48, or 57 with LA57), not
 * for a canonical RIP: bit N-1 is free (the guest faults on its fetch).
 */
M(rip_bit48)
{
	SET(GUEST_RIP, 1ull << 48);
}
M(rip_high_ones_bit48_clear)
{
	SET(GUEST_RIP, 0xfffe000000401000ull);
}
M(rip_bits63_48_zero)
{
	/* 0000_FFFF_FFFF_FFFF: not canonical, but bits 63:48 identical */
	SET(GUEST_RIP, 0x0000ffffffffffffull);
}
M(rip_bits63_48_ones)
{
	SET(GUEST_RIP, 0xffff000000401000ull);
}
M(rip_bit57)
{
	SET(GUEST_RIP, 1ull << 57);
}
M(rip_bits63_57_zero)
{
	SET(GUEST_RIP, 0x01ffffffffffffffull);
}
M(rflags_bit1_clear)
{
	SET(GUEST_RFLAGS, 0);
}
M(rflags_bit3)
{
	SET(GUEST_RFLAGS, 0xa);
}
M(rflags_bit5)
{
	SET(GUEST_RFLAGS, 0x22);
}
M(rflags_bit15)
{
	SET(GUEST_RFLAGS, 0x8002);
}
M(rflags_bit22)
{
	SET(GUEST_RFLAGS, 0x400002);
}
M(rflags_all_defined)
{
	/* every flag of 21:0 except the reserved 3, 5, 15 and except VM */
	SET(GUEST_RFLAGS, 0x3fffffull & ~((1ull << 3) | (1ull << 5) |
					   (1ull << 15) | (1ull << 17)));
}
M(v86_under_urg_pe0)
{
	gb_v86(s);
	GB_PROC2(s, B(PROC2_UNRESTRICTED_GUEST), 0);
	CLR(GUEST_CR0, GB_CR0_PE | GB_CR0_PG);
}
M(v86_in_ia32e)
{
	/* V86-form segments, but IA-32e mode guest (compatibility CS) */
	gb_v86(s);
	GB_ENTRY(s, B(ENTRY_IA32E_MODE_GUEST), 0);
	OR(GUEST_CR4, GB_CR4_PAE);
	OR(GUEST_IA32_EFER, GB_EFER_LME | GB_EFER_LMA);
}
M(extint_if0)
{
	SET(VM_ENTRY_INTR_INFO, INJ_EXTINT(0x20));
	SET(GUEST_RFLAGS, 0x2);
}
M(extint_if1)
{
	SET(VM_ENTRY_INTR_INFO, INJ_EXTINT(0x20));
	SET(GUEST_RFLAGS, 0x202);
}
M(nmi_if0)
{
	/* only external interrupts need IF = 1 */
	SET(VM_ENTRY_INTR_INFO, INJ_NMI);
	SET(GUEST_RFLAGS, 0x2);
}

/* ===== 27.3.1.5 activity state, interruptibility, pending #DB, link === */

M(act_4)
{
	SET(GUEST_ACTIVITY_STATE, 4);
}
M(act_hlt_unsupported)
{
	uint64_t misc = nvmx_model_get_msr(&s->m, NVMX_MSR_VMX_MISC);

	nvmx_model_set_msr(&s->m, NVMX_MSR_VMX_MISC, misc & ~(1ull << 6));
	SET(GUEST_ACTIVITY_STATE, 1);
}
M(act_sipi_unsupported)
{
	uint64_t misc = nvmx_model_get_msr(&s->m, NVMX_MSR_VMX_MISC);

	nvmx_model_set_msr(&s->m, NVMX_MSR_VMX_MISC, misc & ~(1ull << 8));
	SET(GUEST_ACTIVITY_STATE, 3);
}
M(act_sipi)
{
	SET(GUEST_ACTIVITY_STATE, 3);
}
M(act_shutdown)
{
	SET(GUEST_ACTIVITY_STATE, 2);
}
M(act_hlt_cpl3)
{
	cpl3(s);
	SET(GUEST_ACTIVITY_STATE, 1);
}
M(act_hlt_cpl0)
{
	SET(GUEST_ACTIVITY_STATE, 1);
}
M(act_hlt_movss)
{
	SET(GUEST_ACTIVITY_STATE, 1);
	SET(GUEST_INTERRUPTIBILITY_INFO, 2);
}
M(act_shutdown_sti)
{
	SET(GUEST_RFLAGS, 0x202);
	SET(GUEST_ACTIVITY_STATE, 2);
	SET(GUEST_INTERRUPTIBILITY_INFO, 1);
}
M(act_active_movss)
{
	SET(GUEST_INTERRUPTIBILITY_INFO, 2);
}
M(act_hlt_inject_ud)
{
	SET(GUEST_ACTIVITY_STATE, 1);
	SET(VM_ENTRY_INTR_INFO, INJ_HWEXC(6));
}
M(act_hlt_inject_db_mc_extint)
{
	SET(GUEST_ACTIVITY_STATE, 1);
	SET(VM_ENTRY_INTR_INFO, INJ_HWEXC(1));
}
M(act_hlt_inject_fred_syscall)
{
	/* FRED guest: type 7 vector 1 (SYSCALL) is a valid event, but not
	 * one HLT allows (only vector 0, pending MTF) */
	OR(GUEST_CR4, CR4_FRED);
	SET(GUEST_ACTIVITY_STATE, 1);
	SET(VM_ENTRY_INTR_INFO, INJ(7u, 1u));
	SET(VM_ENTRY_INSTRUCTION_LEN, 2);
}
M(act_hlt_inject_mtf)
{
	SET(GUEST_ACTIVITY_STATE, 1);
	SET(VM_ENTRY_INTR_INFO, INJ(7u, 0u));
}
M(act_hlt_inject_mc)
{
	SET(GUEST_ACTIVITY_STATE, 1);
	SET(VM_ENTRY_INTR_INFO, INJ_HWEXC(18));
}
M(act_hlt_inject_extint)
{
	SET(GUEST_RFLAGS, 0x202);
	SET(GUEST_ACTIVITY_STATE, 1);
	SET(VM_ENTRY_INTR_INFO, INJ_EXTINT(0x30));
}
M(act_shutdown_inject_extint)
{
	SET(GUEST_RFLAGS, 0x202);
	SET(GUEST_ACTIVITY_STATE, 2);
	SET(VM_ENTRY_INTR_INFO, INJ_EXTINT(0x30));
}
M(act_shutdown_inject_db)
{
	SET(GUEST_ACTIVITY_STATE, 2);
	SET(VM_ENTRY_INTR_INFO, INJ_HWEXC(1));
}
M(act_shutdown_inject_nmi)
{
	SET(GUEST_ACTIVITY_STATE, 2);
	SET(VM_ENTRY_INTR_INFO, INJ_NMI);
}
M(act_shutdown_inject_mc)
{
	SET(GUEST_ACTIVITY_STATE, 2);
	SET(VM_ENTRY_INTR_INFO, INJ_HWEXC(18));
}
M(act_sipi_inject_nmi)
{
	SET(GUEST_ACTIVITY_STATE, 3);
	SET(VM_ENTRY_INTR_INFO, INJ_NMI);
}
M(act_sipi_inject_invalid_bit_clear)
{
	/* the interruption-information field without its valid bit */
	SET(GUEST_ACTIVITY_STATE, 3);
	SET(VM_ENTRY_INTR_INFO, INJ_NMI & 0x7fffffffu);
}
M(act_sipi_entry_smm)
{
	enter_smm(s);
	SET(GUEST_ACTIVITY_STATE, 3);
}
M(act_active_entry_smm)
{
	enter_smm(s);
}
M(act_sipi_in_smm_no_entry_smm)
{
	s->env.in_smm = true;
	SET(GUEST_ACTIVITY_STATE, 3);
}
M(int_bit5)
{
	SET(GUEST_INTERRUPTIBILITY_INFO, 1u << 5);
}
M(int_bit31)
{
	SET(GUEST_INTERRUPTIBILITY_INFO, 1u << 31);
}
M(int_nmi_blocking)
{
	SET(GUEST_INTERRUPTIBILITY_INFO, 8);
}
M(int_sti_movss)
{
	SET(GUEST_RFLAGS, 0x202);
	SET(GUEST_INTERRUPTIBILITY_INFO, 3);
}
M(int_sti_if1)
{
	SET(GUEST_RFLAGS, 0x202);
	SET(GUEST_INTERRUPTIBILITY_INFO, 1);
}
M(int_sti_if0)
{
	SET(GUEST_RFLAGS, 0x2);
	SET(GUEST_INTERRUPTIBILITY_INFO, 1);
}
M(int_movss_if0)
{
	SET(GUEST_RFLAGS, 0x2);
	SET(GUEST_INTERRUPTIBILITY_INFO, 2);
}
M(int_extint_movss)
{
	SET(GUEST_RFLAGS, 0x202);
	SET(VM_ENTRY_INTR_INFO, INJ_EXTINT(0x20));
	SET(GUEST_INTERRUPTIBILITY_INFO, 2);
}
M(int_extint_sti)
{
	SET(GUEST_RFLAGS, 0x202);
	SET(VM_ENTRY_INTR_INFO, INJ_EXTINT(0x20));
	SET(GUEST_INTERRUPTIBILITY_INFO, 1);
}
M(int_extint_nmi_blocking)
{
	SET(GUEST_RFLAGS, 0x202);
	SET(VM_ENTRY_INTR_INFO, INJ_EXTINT(0x20));
	SET(GUEST_INTERRUPTIBILITY_INFO, 8);
}
M(int_nmi_movss)
{
	SET(VM_ENTRY_INTR_INFO, INJ_NMI);
	SET(GUEST_INTERRUPTIBILITY_INFO, 2);
}
M(int_ud_movss)
{
	SET(VM_ENTRY_INTR_INFO, INJ_HWEXC(6));
	SET(GUEST_INTERRUPTIBILITY_INFO, 2);
}
M(int_smi_outside_smm)
{
	SET(GUEST_INTERRUPTIBILITY_INFO, 4);
}
M(int_smi_in_smm)
{
	s->env.in_smm = true;
	SET(GUEST_INTERRUPTIBILITY_INFO, 4);
}
M(int_entry_smm_no_smi)
{
	enter_smm(s);
	SET(GUEST_INTERRUPTIBILITY_INFO, 0);
}
M(int_vnmi_blocked_nmi)
{
	GB_PIN(s, B(PIN_NMI_EXITING) | B(PIN_VIRTUAL_NMIS), 0);
	SET(VM_ENTRY_INTR_INFO, INJ_NMI);
	SET(GUEST_INTERRUPTIBILITY_INFO, 8);
}
M(int_nmi_blocked_nmi_no_vnmi)
{
	/* SDM note: no such requirement without virtual NMIs */
	GB_PIN(s, 0, B(PIN_VIRTUAL_NMIS));
	SET(VM_ENTRY_INTR_INFO, INJ_NMI);
	SET(GUEST_INTERRUPTIBILITY_INFO, 8);
}
M(int_enclave_movss)
{
	SET(GUEST_INTERRUPTIBILITY_INFO, 0x12);
}
M(int_enclave_no_sgx)
{
	SET(GUEST_INTERRUPTIBILITY_INFO, 0x10);
}
M(int_enclave_sgx)
{
	SET(GUEST_RFLAGS, 0x202);
	SET(GUEST_INTERRUPTIBILITY_INFO, 0x11);
}
M(int_nmi_sti)
{
	SET(GUEST_RFLAGS, 0x202);
	SET(VM_ENTRY_INTR_INFO, INJ_NMI);
	SET(GUEST_INTERRUPTIBILITY_INFO, 1);
}
M(int_db_sti)
{
	SET(GUEST_RFLAGS, 0x302);	/* TF: BS must then be 1 */
	SET(VM_ENTRY_INTR_INFO, INJ_HWEXC(1));
	SET(GUEST_INTERRUPTIBILITY_INFO, 1);
	SET(GUEST_PENDING_DBG_EXCEPTIONS, 1ull << 14);
}
M(pde_bit4)
{
	SET(GUEST_PENDING_DBG_EXCEPTIONS, 1ull << 4);
}
M(pde_bit13)
{
	SET(GUEST_PENDING_DBG_EXCEPTIONS, 1ull << 13);
}
M(pde_bit17)
{
	SET(GUEST_PENDING_DBG_EXCEPTIONS, 1ull << 17);
}
M(pde_defined_bits)
{
	/* B0-B3, enabled breakpoint, BS (no blocking: BS unconstrained) */
	SET(GUEST_PENDING_DBG_EXCEPTIONS, 0xfull | (1ull << 12) | (1ull << 14));
}
M(pde_sti_tf_no_bs)
{
	SET(GUEST_RFLAGS, 0x302);
	SET(GUEST_INTERRUPTIBILITY_INFO, 1);
}
M(pde_sti_tf_bs)
{
	SET(GUEST_RFLAGS, 0x302);
	SET(GUEST_INTERRUPTIBILITY_INFO, 1);
	SET(GUEST_PENDING_DBG_EXCEPTIONS, 1ull << 14);
}
M(pde_hlt_tf_btf_no_bs)
{
	/* BTF = 1: BS must be 0 */
	SET(GUEST_RFLAGS, 0x102);
	SET(GUEST_ACTIVITY_STATE, 1);
	SET(GUEST_IA32_DEBUGCTL, 2);
}
M(pde_hlt_no_tf_bs)
{
	SET(GUEST_ACTIVITY_STATE, 1);
	SET(GUEST_PENDING_DBG_EXCEPTIONS, 1ull << 14);
}
M(pde_movss_tf_btf_bs)
{
	SET(GUEST_RFLAGS, 0x102);
	SET(GUEST_INTERRUPTIBILITY_INFO, 2);
	SET(GUEST_IA32_DEBUGCTL, 2);
	SET(GUEST_PENDING_DBG_EXCEPTIONS, 1ull << 14);
}
M(pde_active_no_tf_bs)
{
	/* no blocking, not HLT: the BS rules do not apply */
	SET(GUEST_PENDING_DBG_EXCEPTIONS, 1ull << 14);
}
M(pde_rtm)
{
	SET(GUEST_PENDING_DBG_EXCEPTIONS, (1ull << 16) | (1ull << 12));
}
M(pde_enabled_bp_only)
{
	SET(GUEST_PENDING_DBG_EXCEPTIONS, 1ull << 12);
}
M(link_misaligned)
{
	link_vmcs(s, EB_LINK_GPA, false);
	SET(VMCS_LINK_POINTER, EB_LINK_GPA | 0x800);
}
M(link_valid)
{
	link_vmcs(s, EB_LINK_GPA, false);
}
M(link_beyond_paw)
{
	SET(VMCS_LINK_POINTER, 1ull << 46);
}
M(link_top_page46)
{
	/* the last page below MAXPHYADDR 46 (test memory moved there) */
	s->mem.base = (1ull << 46) - EB_MEM_SIZE;
	link_vmcs(s, (1ull << 46) - 0x1000, false);
}
M(link_bad_revision)
{
	link_vmcs(s, EB_LINK_GPA, false);
	eb_mem_put32(&s->mem, EB_LINK_GPA,
		     (uint32_t)(nvmx_model_get_msr(&s->m, NVMX_MSR_VMX_BASIC) +
				1) & 0x7fffffffu);
}
M(link_unreadable)
{
	SET(VMCS_LINK_POINTER, EB_MEM_BASE + EB_MEM_SIZE);
}
M(link_no_callback)
{
	link_vmcs(s, EB_LINK_GPA, false);
	s->env.read_gpa = NULL;
}
M(link_shadow_without_shadowing)
{
	link_vmcs(s, EB_LINK_GPA, true);
}
M(link_ordinary_with_shadowing)
{
	enable_shadowing(s);
	link_vmcs(s, EB_LINK_GPA, false);
}
M(link_shadow_with_shadowing)
{
	enable_shadowing(s);
	link_vmcs(s, EB_LINK_GPA, true);
}
M(link_all_ones_with_shadowing)
{
	/* ~0 is always accepted, shadowing or not */
	enable_shadowing(s);
	SET(VMCS_LINK_POINTER, ~0ull);
}
M(link_is_current)
{
	link_vmcs(s, EB_LINK_GPA, false);
	s->env.vmptr_known = true;
	s->env.current_vmptr = EB_LINK_GPA;
	s->env.executive_vmptr = ~0ull;
}
M(link_is_current_entry_smm)
{
	link_vmcs(s, EB_LINK_GPA, false);
	enter_smm(s);
	s->env.vmptr_known = true;
	s->env.current_vmptr = EB_LINK_GPA;
	s->env.executive_vmptr = EB_MEM_BASE;
}
M(link_not_current)
{
	link_vmcs(s, EB_LINK_GPA, false);
	s->env.vmptr_known = true;
	s->env.current_vmptr = EB_LINK_GPA + 0x1000;
	s->env.executive_vmptr = EB_LINK_GPA;	/* not consulted outside SMM */
}
M(link_is_executive)
{
	link_vmcs(s, EB_LINK_GPA, false);
	s->env.in_smm = true;
	s->env.vmptr_known = true;
	s->env.current_vmptr = EB_MEM_BASE;
	s->env.executive_vmptr = EB_LINK_GPA;
}
M(link_current_in_smm)
{
	/* in SMM without entry to SMM the current-VMCS rule is replaced by
	 * the executive-VMCS rule */
	link_vmcs(s, EB_LINK_GPA, false);
	s->env.in_smm = true;
	s->env.vmptr_known = true;
	s->env.current_vmptr = EB_LINK_GPA;
	s->env.executive_vmptr = EB_MEM_BASE;
}

/* ===== 27.3.1.6 PDPTEs ================================================ */

M(pae_pass)
{
	gb_pae(s, false);
}
M(pae_ept_pass)
{
	gb_pae(s, true);
}
M(pae_pdpte2_bit7)
{
	gb_pae(s, false);
	eb_mem_put64(&s->mem, GB_PDPT_GPA + 16, GB_PD0_GPA | 1 | (1ull << 7));
}
M(pae_pdpte0_bit1)
{
	gb_pae(s, false);
	eb_mem_put64(&s->mem, GB_PDPT_GPA, GB_PD0_GPA | 3);
}
M(pae_pdpte3_high_maxphy46)
{
	gb_pae(s, false);
	eb_mem_put64(&s->mem, GB_PDPT_GPA + 24, (1ull << 46) | 1);
}
M(pae_pdpte3_top46)
{
	/* highest page below MAXPHYADDR 46 plus PWT, PCD, ignored 11:9 */
	gb_pae(s, false);
	eb_mem_put64(&s->mem, GB_PDPT_GPA + 24,
		     ((1ull << 46) - 0x1000) | 0xe19);
}
M(pae_pdpte_xd)
{
	/* bit 63 is reserved in a PAE PDPTE */
	gb_pae(s, false);
	eb_mem_put64(&s->mem, GB_PDPT_GPA + 8, GB_PD1_GPA | 1 | (1ull << 63));
}
M(pae_cr3_high_bits_ignored)
{
	/* PAE: only CR3[31:5] locate the PDPT; CR3 bits 4:0 are ignored */
	gb_pae(s, false);
	SET(GUEST_CR3, GB_PDPT_GPA | 0x18);
}
M(pae_pdpt_not_page_aligned)
{
	/* the PDPT is 32-byte aligned: CR3[31:5], not a page (SDM 4.4.1);
	 * a bad present entry at the page start must not be looked at */
	uint64_t at = GB_PDPT_GPA + 0x20;

	gb_pae(s, false);
	for (unsigned int i = 0; i < 4; i++)
		eb_mem_put64(&s->mem, at + 8 * i,
			     eb_mem_get_pdpte(s, GB_PDPT_GPA + 8 * i));
	eb_mem_put64(&s->mem, GB_PDPT_GPA, GB_PD0_GPA | 3);
	SET(GUEST_CR3, at);
}
M(pae_cr3_bits_63_32_ignored)
{
	/* PAE paging uses CR3[31:5] only (bit 40 is below MAXPHYADDR) */
	gb_pae(s, false);
	SET(GUEST_CR3, (1ull << 40) | GB_PDPT_GPA);
}
M(urg_pae_pg0_pdptes_not_checked)
{
	/* CR4.PAE without CR0.PG is not PAE paging: no PDPTE checks */
	gb_real_urg(s);
	OR(GUEST_CR4, GB_CR4_PAE);
	SET(GUEST_PDPTE0, ~0ull);
}
M(pae_pdpt_unreadable)
{
	gb_pae(s, false);
	s->mem.fail_all = true;
}
M(pae_ept_pdpte1_bit5)
{
	gb_pae(s, true);
	SET(GUEST_PDPTE1, GB_PD1_GPA | 1 | (1ull << 5));
}
M(pae_ept_memory_ignored)
{
	/* with EPT the PDPTEs come from the fields, not from memory */
	gb_pae(s, true);
	s->mem.fail_all = true;
}
M(pae_ia32e_not_checked)
{
	/* IA-32e mode (4-level paging): no PDPTE checks */
	GB_PROC2(s, 0, B(PROC2_ENABLE_EPT));
	s->mem.fail_all = true;
}

#define MAX NVMX_PRESET_MAX
#define SKX NVMX_PRESET_SKYLAKE_SERVER
#define ICX NVMX_PRESET_ICELAKE_SERVER
#define SPR NVMX_PRESET_SAPPHIRE_RAPIDS
#define LAM NVMX_PRESET_LAM

#define F(ID, fld, preset, fn) EC_ENTRYFAIL(ID, 33, 0, fld, preset, fn)
#define FQ(ID, q, fld, preset, fn) EC_ENTRYFAIL(ID, 33, q, fld, preset, fn)
#define P(fn, preset) EC_PASS(fn, preset)

/*
 * Each check: failing mutation(s) with the exact outcome, then at least one
 * boundary case that passes. Keep that shape: test_guest_pairs verifies it.
 */
static const struct entry_case guest_cases[] = {
	/* 27.3.1.1 */
	F(GUEST_CR0_FIXED0, GUEST_CR0, MAX, cr0_no_ne),
	F(GUEST_CR0_FIXED0, GUEST_CR0, SKX, cr0_pe0_without_urg),
	P(cr0_exactly_fixed0, MAX),
	P(cr0_pe0_pg0_with_urg, SKX),
	F(GUEST_CR0_FIXED1, GUEST_CR0, MAX, cr0_bit32),
	F(GUEST_CR0_FIXED1, GUEST_CR0, ICX, cr0_fixed1_am_cleared),
	P(cr0_cd_nw_not_checked, ICX),
	F(GUEST_CR0_PG_NO_PE, GUEST_CR0, MAX, cr0_pg_without_pe_urg),
	P(cr0_pg_pe_urg, MAX),
	F(GUEST_CR4_FIXED0, GUEST_CR4, MAX, cr4_no_vmxe),
	P(cr4_exactly_fixed0_pae, SKX),
	F(GUEST_CR4_FIXED1, GUEST_CR4, SPR, cr4_lam_sup_without_lam),
	F(GUEST_CR4_FIXED1, GUEST_CR4, ICX, cr4_fred_without_fred),
	P(cr4_lam_sup_with_lam, LAM),
	F(GUEST_CR4_CET_WP, GUEST_CR4, SPR, cr4_cet_without_wp),
	P(cr4_cet_with_wp, SPR),
	F(GUEST_DEBUGCTL_RSVD, GUEST_IA32_DEBUGCTL, MAX, debugctl_bit2),
	F(GUEST_DEBUGCTL_RSVD, GUEST_IA32_DEBUGCTL, SKX, debugctl_bit16),
	F(GUEST_DEBUGCTL_RSVD, GUEST_IA32_DEBUGCTL, SPR, debugctl_rtm_debug),
	P(debugctl_all_valid, SKX),
	P(debugctl_not_loaded, MAX),
	F(GUEST_IA32E_PG, GUEST_CR0, MAX, ia32e_pg0_urg),
	P(ia32e_pg1_urg, MAX),
	F(GUEST_IA32E_PAE, GUEST_CR4, MAX, ia32e_no_pae),
	P(prot32_no_pae, MAX),
	F(GUEST_NONIA32E_PCIDE, GUEST_CR4, MAX, prot32_pcide),
	P(ia32e_pcide, MAX),
	F(GUEST_NONIA32E_FRED, GUEST_CR4, MAX, prot32_fred),
	P(ia32e_fred, MAX),
	F(GUEST_CR3_RESERVED, GUEST_CR3, MAX, cr3_bit52),
	F(GUEST_CR3_RESERVED, GUEST_CR3, SKX, cr3_bit46),
	F(GUEST_CR3_RESERVED, GUEST_CR3, LAM, cr3_bit63),
	F(GUEST_CR3_RESERVED, GUEST_CR3, SPR, cr3_lam_u57),
	F(GUEST_CR3_RESERVED, GUEST_CR3, SPR, cr3_lam_u48),
	F(GUEST_CR3_RESERVED, GUEST_CR3, LAM, cr3_lam_both_bit60),
	P(cr3_top_page52, MAX),
	P(cr3_top_page46, SKX),
	P(cr3_lam_both, LAM),
	F(GUEST_DR7_HIGH, GUEST_DR7, MAX, dr7_bit32),
	P(dr7_low_all, MAX),
	F(GUEST_SYSENTER_ESP_CANON, GUEST_SYSENTER_ESP, SKX,
	  sysenter_esp_noncanon),
	P(sysenter_esp_top, SKX),
	F(GUEST_SYSENTER_EIP_CANON, GUEST_SYSENTER_EIP, SKX,
	  sysenter_eip_noncanon),
	F(GUEST_SYSENTER_EIP_CANON, GUEST_SYSENTER_EIP, MAX,
	  sysenter_eip_noncanon57),
	P(sysenter_eip_top57, MAX),
	F(GUEST_CET_SCET_RSVD, GUEST_S_CET, MAX, scet_bit6),
	F(GUEST_CET_SCET_RSVD, GUEST_S_CET, SPR, scet_suppress_and_tracker),
	P(scet_valid_bits, SPR),
	F(GUEST_CET_SCET_CANON, GUEST_S_CET, MAX, scet_noncanon),
	P(scet_top_canon, MAX),
	F(GUEST_CET_SSPTBL_CANON, GUEST_INTR_SSP_TABLE, MAX, ssptbl_noncanon),
	P(ssptbl_top_canon, MAX),
	F(GUEST_CET_SSP_ALIGN, GUEST_SSP, MAX, ssp_misaligned),
	P(ssp_aligned4, MAX),
	F(GUEST_CET_SSP_CANON, GUEST_SSP, MAX, ssp_noncanon),
	P(ssp_top_canon, MAX),
	F(GUEST_CET_32BIT, GUEST_SSP, MAX, cet32_ssp_high),
	F(GUEST_CET_32BIT, GUEST_S_CET, MAX, cet32_scet_high),
	P(cet32_low_values, MAX),
	F(GUEST_PERF_GLOBAL_RSVD, GUEST_IA32_PERF_GLOBAL_CTRL, SKX,
	  perf_global_bit8),
	P(perf_global_valid, SKX),
	F(GUEST_PAT, GUEST_IA32_PAT, MAX, pat_byte2),
	F(GUEST_PAT, GUEST_IA32_PAT, SKX, pat_byte8),
	P(pat_all_types, SKX),
	F(GUEST_EFER_RSVD, GUEST_IA32_EFER, MAX, efer_svme),
	F(GUEST_EFER_RSVD, GUEST_IA32_EFER, SKX, efer_nxe_without_nx),
	P(efer_not_loaded, MAX),
	F(GUEST_EFER_LMA, GUEST_IA32_EFER, MAX, efer_no_lma),
	P(prot32_no_pae, SKX),
	F(GUEST_EFER_LME, GUEST_IA32_EFER, MAX, efer_no_lme),
	P(efer_lme_pg0_urg, MAX),
	F(GUEST_BNDCFGS_RSVD, GUEST_IA32_BNDCFGS, SKX, bndcfgs_bit2),
	P(bndcfgs_valid_low, MAX),
	F(GUEST_BNDCFGS_CANON, GUEST_IA32_BNDCFGS, MAX, bndcfgs_noncanon),
	P(bndcfgs_top_canon, MAX),
	F(GUEST_RTIT_CTL_RSVD, GUEST_IA32_RTIT_CTL, ICX, rtit_bit18),
	F(GUEST_RTIT_CTL_RSVD, GUEST_IA32_RTIT_CTL, MAX, rtit_bit56),
	P(rtit_valid, ICX),
	F(GUEST_LBR_CTL_RSVD, GUEST_IA32_LBR_CTL, SPR, lbr_ctl_bit4),
	P(lbr_ctl_valid, SPR),
	F(GUEST_PKRS_RSVD, GUEST_IA32_PKRS, SPR, pkrs_bit32),
	P(pkrs_low_all, SPR),
	F(GUEST_UINV_RSVD, GUEST_UINV, MAX, uinv_bit8),
	P(uinv_ff, MAX),
	F(GUEST_FRED_CONFIG, GUEST_IA32_FRED_CONFIG, MAX, fred_config_bit2),
	F(GUEST_FRED_CONFIG, GUEST_IA32_FRED_CONFIG, MAX, fred_config_bit11),
	F(GUEST_FRED_CONFIG, GUEST_IA32_FRED_CONFIG, MAX,
	  fred_config_noncanon),
	P(fred_config_valid_bits, MAX),
	P(fred_not_loaded, MAX),
	F(GUEST_FRED_RSP, GUEST_IA32_FRED_RSP2, MAX, fred_rsp2_misaligned),
	F(GUEST_FRED_RSP, GUEST_IA32_FRED_RSP3, MAX, fred_rsp3_noncanon),
	P(fred_rsp_aligned64, MAX),
	F(GUEST_FRED_SSP, GUEST_IA32_FRED_SSP1, MAX, fred_ssp1_misaligned),
	F(GUEST_FRED_SSP, GUEST_IA32_FRED_SSP3, MAX, fred_ssp3_noncanon),
	P(fred_ssp_aligned8, MAX),
	F(GUEST_SPEC_CTRL, GUEST_IA32_SPEC_CTRL, MAX, spec_ctrl_bit9),
	P(spec_ctrl_valid, MAX),

	/* 27.3.1.2 */
	F(GUEST_SEL_TR_TI, GUEST_TR_SELECTOR, MAX, tr_ti),
	P(tr_sel_max_gdt, MAX),
	F(GUEST_SEL_LDTR_TI, GUEST_LDTR_SELECTOR, MAX, ldtr_usable_ti),
	P(ldtr_unusable_ti, MAX),
	F(GUEST_SEL_SS_RPL, GUEST_SS_SELECTOR, MAX, ss_rpl3_cs_rpl0),
	P(ss_rpl3_cs_rpl0_urg, MAX),
	P(v86_pass_garbage_protected_rules, SKX),
	F(GUEST_SEG_BASE_V86, GUEST_DS_BASE, MAX, v86_ds_base_off),
	F(GUEST_SEG_BASE_V86, GUEST_GS_BASE, SKX, v86_gs_base_high),
	P(v86_top_selector, MAX),
	F(GUEST_SEG_BASE_TR_CANON, GUEST_TR_BASE, SKX, tr_base_noncanon),
	P(tr_base_canon, SKX),
	F(GUEST_SEG_BASE_FS_CANON, GUEST_FS_BASE, SKX, fs_base_noncanon),
	F(GUEST_SEG_BASE_FS_CANON, GUEST_FS_BASE, SKX,
	  fs_base_noncanon_unusable),
	P(tr_base_canon, SKX),
	F(GUEST_SEG_BASE_GS_CANON, GUEST_GS_BASE, MAX, gs_base_noncanon),
	F(GUEST_SEG_BASE_GS_CANON, GUEST_GS_BASE, SKX, gs_base_noncanon_unusable),
	P(tr_base_canon, SKX),
	F(GUEST_SEG_BASE_LDTR_CANON, GUEST_LDTR_BASE, SKX,
	  ldtr_base_noncanon),
	P(ldtr_unusable_base_noncanon, SKX),
	F(GUEST_SEG_BASE_CS_HIGH, GUEST_CS_BASE, MAX, cs_base_high),
	F(GUEST_SEG_BASE_CS_HIGH, GUEST_CS_BASE, MAX, cs_base_high_unusable),
	P(cs_base_top32, MAX),
	F(GUEST_SEG_BASE_SS_HIGH, GUEST_SS_BASE, MAX, ss_base_high),
	P(ss_unusable_base_high, MAX),
	F(GUEST_SEG_BASE_DS_HIGH, GUEST_DS_BASE, MAX, ds_base_high),
	P(ds_unusable_base_high, MAX),
	F(GUEST_SEG_BASE_ES_HIGH, GUEST_ES_BASE, MAX, es_base_high),
	P(es_unusable_base_high, MAX),
	F(GUEST_SEG_LIMIT_V86, GUEST_ES_LIMIT, MAX, v86_es_limit),
	F(GUEST_SEG_LIMIT_V86, GUEST_CS_LIMIT, SKX, v86_cs_limit_small),
	P(v86_pass, MAX),
	F(GUEST_SEG_AR_V86, GUEST_SS_AR_BYTES, MAX, v86_ss_ar_type7),
	F(GUEST_SEG_AR_V86, GUEST_FS_AR_BYTES, MAX, v86_fs_unusable),
	P(v86_pass, SPR),
	F(GUEST_SEG_CS_TYPE, GUEST_CS_AR_BYTES, MAX, cs_type3_no_urg),
	F(GUEST_SEG_CS_TYPE, GUEST_CS_AR_BYTES, MAX, cs_type8_no_urg),
	P(cs_type3_urg, MAX),
	F(GUEST_SEG_SS_TYPE, GUEST_SS_AR_BYTES, MAX, ss_type1),
	F(GUEST_SEG_SS_TYPE, GUEST_SS_AR_BYTES, MAX, ss_null_usable),
	P(ss_type7, MAX),
	P(ss_unusable_type0, MAX),
	F(GUEST_SEG_DATA_ACCESSED, GUEST_FS_AR_BYTES, MAX, fs_not_accessed),
	P(fs_unusable_not_accessed, MAX),
	F(GUEST_SEG_DATA_CODE_READ, GUEST_GS_AR_BYTES, MAX,
	  gs_code_exec_only),
	P(gs_code_readable, MAX),
	F(GUEST_SEG_S, GUEST_DS_AR_BYTES, MAX, ds_system),
	F(GUEST_SEG_S, GUEST_CS_AR_BYTES, MAX, cs_system),
	P(ds_unusable_system, MAX),
	F(GUEST_SEG_CS_DPL_DATA, GUEST_CS_AR_BYTES, MAX, cs_type3_dpl3_urg),
	P(cs_type3_urg, SKX),
	F(GUEST_SEG_CS_DPL_NONCONF, GUEST_CS_AR_BYTES, MAX, cs_dpl3_ss_dpl0),
	P(cpl3_state, MAX),
	F(GUEST_SEG_CS_DPL_CONF, GUEST_CS_AR_BYTES, MAX, cs_conf_dpl3_ss_dpl0),
	P(cs_conf_dpl0_cpl3, MAX),
	P(cs_conf_dpl3_cpl3, MAX),
	F(GUEST_SEG_SS_DPL_RPL, GUEST_SS_AR_BYTES, MAX, ss_dpl3_rpl0),
	F(GUEST_SEG_SS_DPL_RPL, GUEST_SS_AR_BYTES, MAX, ss_unusable_dpl3_rpl0),
	P(ss_dpl3_rpl0_urg, MAX),
	F(GUEST_SEG_SS_DPL_ZERO, GUEST_SS_AR_BYTES, MAX, real_ss_dpl3),
	F(GUEST_SEG_SS_DPL_ZERO, GUEST_SS_AR_BYTES, SKX, urg_cs_type3_ss_dpl3),
	P(real_cs_type3, MAX),
	F(GUEST_SEG_DATA_DPL, GUEST_DS_AR_BYTES, MAX, ds_rpl3_dpl0),
	F(GUEST_SEG_DATA_DPL, GUEST_ES_AR_BYTES, MAX, es_rpl3_type11_dpl0),
	P(ds_rpl3_conforming_dpl0, MAX),
	P(ds_rpl3_dpl0_urg, MAX),
	F(GUEST_SEG_P, GUEST_ES_AR_BYTES, MAX, es_not_present),
	F(GUEST_SEG_P, GUEST_CS_AR_BYTES, MAX, cs_not_present),
	F(GUEST_SEG_P, GUEST_CS_AR_BYTES, SKX, cs_unusable_not_present),
	P(es_unusable_not_present, MAX),
	F(GUEST_SEG_AR_RSVD_11_8, GUEST_GS_AR_BYTES, MAX, gs_ar_bit8),
	P(gs_ar_avl, MAX),
	F(GUEST_SEG_CS_L_DB, GUEST_CS_AR_BYTES, MAX, cs_l_and_db),
	P(compat_cs_db, MAX),
	P(prot32_cs_l_and_db, MAX),
	F(GUEST_SEG_G_LIMIT, GUEST_DS_LIMIT, MAX, ds_limit_g1_low_not_fff),
	F(GUEST_SEG_G_LIMIT, GUEST_SS_LIMIT, MAX, ss_limit_g0_high),
	P(limits_g_boundaries, MAX),
	F(GUEST_SEG_AR_RSVD_31_17, GUEST_FS_AR_BYTES, MAX, fs_ar_bit17),
	P(fs_unusable_ar_bit17, MAX),
	F(GUEST_TR_TYPE, GUEST_TR_AR_BYTES, MAX, tr_type3_ia32e),
	F(GUEST_TR_TYPE, GUEST_TR_AR_BYTES, MAX, tr_type9_prot32),
	P(tr_type3_prot32, MAX),
	F(GUEST_TR_S, GUEST_TR_AR_BYTES, MAX, tr_s),
	P(tr_avl, MAX),
	F(GUEST_TR_P, GUEST_TR_AR_BYTES, MAX, tr_not_present),
	P(tr_avl, SKX),
	F(GUEST_TR_AR_RSVD_11_8, GUEST_TR_AR_BYTES, MAX, tr_ar_bit9),
	P(tr_avl, ICX),
	F(GUEST_TR_G_LIMIT, GUEST_TR_LIMIT, MAX, tr_limit_g1_low),
	P(tr_limit_g1_fff, MAX),
	F(GUEST_TR_UNUSABLE, GUEST_TR_AR_BYTES, MAX, tr_unusable),
	P(tr_ar_db, MAX),
	F(GUEST_TR_AR_RSVD_31_17, GUEST_TR_AR_BYTES, MAX, tr_ar_bit20),
	P(tr_ar_db, SPR),
	F(GUEST_LDTR_TYPE, GUEST_LDTR_AR_BYTES, MAX, ldtr_type3),
	P(ldtr_usable_pass, MAX),
	P(ldtr_unusable_garbage, MAX),
	F(GUEST_LDTR_S, GUEST_LDTR_AR_BYTES, MAX, ldtr_s),
	P(ldtr_usable_pass, SKX),
	F(GUEST_LDTR_P, GUEST_LDTR_AR_BYTES, MAX, ldtr_not_present),
	P(ldtr_usable_pass, ICX),
	F(GUEST_LDTR_AR_RSVD_11_8, GUEST_LDTR_AR_BYTES, MAX, ldtr_ar_bit11),
	P(ldtr_usable_pass, SPR),
	F(GUEST_LDTR_G_LIMIT, GUEST_LDTR_LIMIT, MAX, ldtr_limit_g1_low),
	P(ldtr_limit_big_g1, MAX),
	F(GUEST_LDTR_AR_RSVD_31_17, GUEST_LDTR_AR_BYTES, MAX, ldtr_ar_bit18),
	P(ldtr_usable_pass, LAM),
	F(GUEST_FRED_SS_DPL, GUEST_SS_AR_BYTES, MAX, fred_cpl1),
	P(nofred_cpl1, MAX),
	F(GUEST_FRED_CPL0_NOT_64, GUEST_CS_AR_BYTES, MAX, fred_cpl0_compat),
	P(fred_cpl3_compat, MAX),
	F(GUEST_FRED_CPL3_IOPL, GUEST_RFLAGS, MAX, fred_cpl3_iopl3),
	P(fred_cpl0_iopl3, MAX),
	F(GUEST_FRED_CPL3_STI, GUEST_INTERRUPTIBILITY_INFO, MAX,
	  fred_cpl3_sti),
	P(fred_cpl0_sti, MAX),

	/* 27.3.1.3 */
	F(GUEST_GDTR_BASE_CANON, GUEST_GDTR_BASE, SKX, gdtr_noncanon),
	P(gdtr_idtr_top, SKX),
	F(GUEST_IDTR_BASE_CANON, GUEST_IDTR_BASE, SKX, idtr_noncanon),
	P(gdtr_idtr_top, ICX),
	F(GUEST_GDTR_LIMIT, GUEST_GDTR_LIMIT, MAX, gdtr_limit_64k),
	P(gdtr_idtr_top, MAX),
	F(GUEST_IDTR_LIMIT, GUEST_IDTR_LIMIT, MAX, idtr_limit_high),
	P(gdtr_idtr_top, SPR),

	/* 27.3.1.4 */
	F(GUEST_RIP_HIGH, GUEST_RIP, MAX, compat_rip_high),
	F(GUEST_RIP_HIGH, GUEST_RIP, SKX, prot32_rip_high),
	P(compat_rip_top32, MAX),
	F(GUEST_RIP_CANON, GUEST_RIP, SKX, rip_bit48),
	F(GUEST_RIP_CANON, GUEST_RIP, SKX, rip_high_ones_bit48_clear),
	F(GUEST_RIP_CANON, GUEST_RIP, MAX, rip_bit57),
	P(rip_bits63_48_zero, SKX),
	P(rip_bits63_48_ones, SKX),
	P(rip_bits63_57_zero, MAX),
	P(rip_bit48, ICX),	/* LA57 model: bits 63:57 are what counts */
	F(GUEST_RFLAGS_RSVD, GUEST_RFLAGS, MAX, rflags_bit1_clear),
	F(GUEST_RFLAGS_RSVD, GUEST_RFLAGS, MAX, rflags_bit3),
	F(GUEST_RFLAGS_RSVD, GUEST_RFLAGS, SKX, rflags_bit15),
	F(GUEST_RFLAGS_RSVD, GUEST_RFLAGS, ICX, rflags_bit5),
	F(GUEST_RFLAGS_RSVD, GUEST_RFLAGS, MAX, rflags_bit22),
	P(rflags_all_defined, MAX),
	F(GUEST_RFLAGS_VM, GUEST_RFLAGS, MAX, v86_under_urg_pe0),
	F(GUEST_RFLAGS_VM, GUEST_RFLAGS, MAX, v86_in_ia32e),
	P(v86_pass, ICX),
	F(GUEST_RFLAGS_IF_EXTINT, GUEST_RFLAGS, MAX, extint_if0),
	P(extint_if1, MAX),
	P(nmi_if0, MAX),

	/* 27.3.1.5 */
	F(GUEST_ACT_RANGE, GUEST_ACTIVITY_STATE, MAX, act_4),
	F(GUEST_ACT_RANGE, GUEST_ACTIVITY_STATE, SKX, act_hlt_unsupported),
	F(GUEST_ACT_RANGE, GUEST_ACTIVITY_STATE, MAX, act_sipi_unsupported),
	P(act_sipi, MAX),
	P(act_shutdown, SKX),
	F(GUEST_ACT_HLT_SS_DPL, GUEST_ACTIVITY_STATE, MAX, act_hlt_cpl3),
	P(act_hlt_cpl0, MAX),
	F(GUEST_ACT_NOT_ACTIVE_BLOCKING, GUEST_ACTIVITY_STATE, MAX,
	  act_hlt_movss),
	F(GUEST_ACT_NOT_ACTIVE_BLOCKING, GUEST_ACTIVITY_STATE, MAX,
	  act_shutdown_sti),
	P(act_active_movss, MAX),
	F(GUEST_ACT_HLT_EVENT, GUEST_ACTIVITY_STATE, MAX, act_hlt_inject_ud),
	F(GUEST_ACT_HLT_EVENT, GUEST_ACTIVITY_STATE, MAX,
	  act_hlt_inject_fred_syscall),
	P(act_hlt_inject_mtf, MAX),
	P(act_hlt_inject_db_mc_extint, MAX),
	P(act_hlt_inject_mc, MAX),
	P(act_hlt_inject_extint, MAX),
	F(GUEST_ACT_SHUTDOWN_EVENT, GUEST_ACTIVITY_STATE, MAX,
	  act_shutdown_inject_extint),
	F(GUEST_ACT_SHUTDOWN_EVENT, GUEST_ACTIVITY_STATE, MAX,
	  act_shutdown_inject_db),
	P(act_shutdown_inject_nmi, MAX),
	P(act_shutdown_inject_mc, MAX),
	F(GUEST_ACT_SIPI_EVENT, GUEST_ACTIVITY_STATE, MAX,
	  act_sipi_inject_nmi),
	P(act_sipi_inject_invalid_bit_clear, MAX),
	F(GUEST_ACT_SIPI_SMM, GUEST_ACTIVITY_STATE, MAX, act_sipi_entry_smm),
	P(act_active_entry_smm, MAX),
	P(act_sipi_in_smm_no_entry_smm, MAX),
	F(GUEST_INT_RSVD, GUEST_INTERRUPTIBILITY_INFO, MAX, int_bit5),
	F(GUEST_INT_RSVD, GUEST_INTERRUPTIBILITY_INFO, SKX, int_bit31),
	P(int_nmi_blocking, MAX),
	F(GUEST_INT_STI_AND_MOVSS, GUEST_INTERRUPTIBILITY_INFO, MAX,
	  int_sti_movss),
	P(int_sti_if1, MAX),
	F(GUEST_INT_STI_IF0, GUEST_INTERRUPTIBILITY_INFO, MAX, int_sti_if0),
	P(int_movss_if0, MAX),
	F(GUEST_INT_EXTINT_BLOCKED, GUEST_INTERRUPTIBILITY_INFO, MAX,
	  int_extint_movss),
	F(GUEST_INT_EXTINT_BLOCKED, GUEST_INTERRUPTIBILITY_INFO, MAX,
	  int_extint_sti),
	P(int_extint_nmi_blocking, MAX),
	F(GUEST_INT_NMI_MOVSS, GUEST_INTERRUPTIBILITY_INFO, MAX,
	  int_nmi_movss),
	P(int_ud_movss, MAX),
	F(GUEST_INT_SMI_NOT_SMM, GUEST_INTERRUPTIBILITY_INFO, MAX,
	  int_smi_outside_smm),
	P(int_smi_in_smm, MAX),
	F(GUEST_INT_SMI_ENTRY_SMM, GUEST_INTERRUPTIBILITY_INFO, MAX,
	  int_entry_smm_no_smi),
	P(act_active_entry_smm, SKX),
	FQ(GUEST_INT_NMI_STI, 3, GUEST_INTERRUPTIBILITY_INFO, MAX,
	   int_nmi_sti),
	P(int_db_sti, MAX),
	F(GUEST_INT_VNMI_BLOCKED, GUEST_INTERRUPTIBILITY_INFO, MAX,
	  int_vnmi_blocked_nmi),
	P(int_nmi_blocked_nmi_no_vnmi, MAX),
	F(GUEST_INT_ENCLAVE, GUEST_INTERRUPTIBILITY_INFO, MAX,
	  int_enclave_movss),
	F(GUEST_INT_ENCLAVE, GUEST_INTERRUPTIBILITY_INFO, SKX,
	  int_enclave_no_sgx),
	P(int_enclave_sgx, ICX),
	F(GUEST_PDE_RSVD, GUEST_PENDING_DBG_EXCEPTIONS, MAX, pde_bit4),
	F(GUEST_PDE_RSVD, GUEST_PENDING_DBG_EXCEPTIONS, MAX, pde_bit13),
	F(GUEST_PDE_RSVD, GUEST_PENDING_DBG_EXCEPTIONS, SKX, pde_bit17),
	P(pde_defined_bits, MAX),
	F(GUEST_PDE_BS_SET, GUEST_PENDING_DBG_EXCEPTIONS, MAX,
	  pde_sti_tf_no_bs),
	P(pde_sti_tf_bs, MAX),
	P(pde_hlt_tf_btf_no_bs, MAX),
	F(GUEST_PDE_BS_CLEAR, GUEST_PENDING_DBG_EXCEPTIONS, MAX,
	  pde_hlt_no_tf_bs),
	F(GUEST_PDE_BS_CLEAR, GUEST_PENDING_DBG_EXCEPTIONS, MAX,
	  pde_movss_tf_btf_bs),
	P(pde_active_no_tf_bs, MAX),
	F(GUEST_PDE_RTM, GUEST_PENDING_DBG_EXCEPTIONS, MAX, pde_rtm),
	P(pde_enabled_bp_only, MAX),
	FQ(GUEST_LINK_ALIGN, 4, VMCS_LINK_POINTER, MAX, link_misaligned),
	P(link_valid, MAX),
	FQ(GUEST_LINK_PAW, 4, VMCS_LINK_POINTER, SKX, link_beyond_paw),
	P(link_top_page46, SKX),
	FQ(GUEST_LINK_REVID, 4, VMCS_LINK_POINTER, MAX, link_bad_revision),
	FQ(GUEST_LINK_REVID, 4, VMCS_LINK_POINTER, MAX, link_unreadable),
	FQ(GUEST_LINK_REVID, 4, VMCS_LINK_POINTER, SKX, link_no_callback),
	P(link_valid, SKX),
	FQ(GUEST_LINK_SHADOW_BIT, 4, VMCS_LINK_POINTER, MAX,
	   link_shadow_without_shadowing),
	FQ(GUEST_LINK_SHADOW_BIT, 4, VMCS_LINK_POINTER, SKX,
	   link_ordinary_with_shadowing),
	P(link_shadow_with_shadowing, SKX),
	P(link_all_ones_with_shadowing, MAX),
	FQ(GUEST_LINK_IS_CURRENT, 4, VMCS_LINK_POINTER, MAX, link_is_current),
	FQ(GUEST_LINK_IS_CURRENT, 4, VMCS_LINK_POINTER, MAX,
	   link_is_current_entry_smm),
	P(link_not_current, MAX),
	FQ(GUEST_LINK_IS_EXECUTIVE, 4, VMCS_LINK_POINTER, MAX,
	   link_is_executive),
	P(link_current_in_smm, MAX),

	/* 27.3.1.6 */
	FQ(GUEST_PDPTE_RSVD, 2, GUEST_CR3, MAX, pae_pdpte2_bit7),
	FQ(GUEST_PDPTE_RSVD, 2, GUEST_CR3, SKX, pae_pdpte0_bit1),
	FQ(GUEST_PDPTE_RSVD, 2, GUEST_CR3, SKX, pae_pdpte3_high_maxphy46),
	FQ(GUEST_PDPTE_RSVD, 2, GUEST_CR3, MAX, pae_pdpte_xd),
	FQ(GUEST_PDPTE_RSVD, 2, GUEST_CR3, MAX, pae_pdpt_unreadable),
	FQ(GUEST_PDPTE_RSVD, 2, GUEST_PDPTE1, MAX, pae_ept_pdpte1_bit5),
	P(pae_pass, MAX),
	P(pae_ept_pass, SKX),
	P(pae_pdpte3_top46, SKX),
	P(pae_cr3_high_bits_ignored, MAX),
	P(pae_ept_memory_ignored, MAX),
	P(pae_ia32e_not_checked, MAX),
	P(pae_pdpt_not_page_aligned, MAX),
	P(pae_cr3_bits_63_32_ignored, MAX),
	P(urg_pae_pg0_pdptes_not_checked, MAX),
};
ENTRY_CASE_TABLE(guest_cases);

#define NCASES (sizeof(guest_cases) / sizeof(guest_cases[0]))

/* Every GUEST_* check has a failing case here, and every run of failing
 * cases of one check is followed by a passing boundary case. */
START_TEST(test_guest_pairs)
{
	unsigned int n_guest = 0;

	for (unsigned int id = 1; id < NVMX_CHECK_COUNT; id++) {
		const char *name = nvmx_check_id_name((enum nvmx_check_id)id);
		bool hit = false;

		if (strncmp(name, "GUEST_", 6) != 0)
			continue;
		n_guest++;
		for (size_t i = 0; i < NCASES; i++)
			hit = hit || guest_cases[i].id == id;
		ck_assert_msg(hit, "no failing guest case for %s", name);
	}
	/* shared/spec/vmentry-checks.md section 4 has 120 guest checks */
	ck_assert_uint_eq(n_guest, 120);
	for (size_t i = 0; i < NCASES; i++) {
		size_t j = i;

		if (guest_cases[i].id == NVMX_CHECK_NONE)
			continue;
		while (j < NCASES && guest_cases[j].id == guest_cases[i].id)
			j++;
		ck_assert_msg(j < NCASES &&
				      guest_cases[j].id == NVMX_CHECK_NONE,
			      "%s has no passing boundary case after it",
			      guest_cases[i].label);
	}
}
END_TEST

/* ----- Baselines per guest mode on every preset ------------------------ */

enum gmode { GM_64, GM_PROT32, GM_PAE, GM_PAE_EPT, GM_REAL_URG, GM_V86,
	     GM_COUNT };

static const char *const gmode_name[GM_COUNT] = {
	"64-bit", "32-bit paging", "PAE (PDPTEs in memory)",
	"PAE (PDPTE fields, EPT)", "real mode (unrestricted)", "virtual-8086",
};

static struct eb_state *new_state(enum nvmx_preset p, enum gmode mode)
{
	struct eb_state *s = malloc(sizeof(*s));

	ck_assert_ptr_nonnull(s);
	eb_state_64(s, p);
	s->env.opaque = &s->mem;
	switch (mode) {
	case GM_PROT32:
		gb_prot32(s);
		break;
	case GM_PAE:
		gb_pae(s, false);
		break;
	case GM_PAE_EPT:
		gb_pae(s, true);
		break;
	case GM_REAL_URG:
		gb_real_urg(s);
		break;
	case GM_V86:
		gb_v86(s);
		break;
	default:
		break;
	}
	return s;
}

/* Every mode applies to every preset (all have unrestricted guest, EPT
 * and Intel 64). Diagnostic mode must agree: no violation at all. */
START_TEST(test_mode_baselines)
{
	enum nvmx_preset p = (enum nvmx_preset)(_i / GM_COUNT);
	enum gmode mode = (enum gmode)(_i % GM_COUNT);
	struct eb_state *s = new_state(p, mode);
	struct nvmx_check_failure f, all[8];

	ck_assert_msg(eb_check(s, &f) == 0, "%s on %s: %s", gmode_name[mode],
		      nvmx_preset_name(p), nvmx_check_id_name(f.id));
	ck_assert_uint_eq(entry_all(s, all, 8), 0);
	free(s);
}
END_TEST

/* The PAE baseline really reads the PDPTEs through the callback, and
 * only when EPT is off. */
START_TEST(test_pae_reads_memory)
{
	struct eb_state *s = new_state(NVMX_PRESET_MAX, GM_PAE);

	s->mem.reads = 0;
	ck_assert_int_eq(eb_check(s, NULL), 0);
	ck_assert_uint_ge(s->mem.reads, 1);
	free(s);

	s = new_state(NVMX_PRESET_MAX, GM_PAE_EPT);
	s->mem.reads = 0;
	ck_assert_int_eq(eb_check(s, NULL), 0);
	ck_assert_uint_eq(s->mem.reads, 0);
	free(s);
}
END_TEST

/* ----- LAM ------------------------------------------------------------ */

/*
 * Guest CR3 with LAM_U57 (bit 61), LAM_U48 (bit 62) and both: legal iff
 * the model enumerates LAM; bits 60:MAXPHYADDR and 63 stay reserved.
 * Matrix over {LAM preset, SPR (no LAM)} x {MAXPHYADDR 46, 52} x
 * {bit 61, bit 62, both} x {plus the highest legal address bit or not}.
 */
START_TEST(test_lam_cr3_matrix)
{
	static const unsigned int widths[2] = { 46, 52 };
	static const uint64_t lam_bits[3] = { 1ull << 61, 1ull << 62,
					      3ull << 61 };

	for (unsigned int model = 0; model < 2; model++) {
		enum nvmx_preset p = model ? NVMX_PRESET_LAM
					   : NVMX_PRESET_SAPPHIRE_RAPIDS;

		for (unsigned int w = 0; w < 2; w++) {
			for (unsigned int b = 0; b < 3; b++) {
				for (unsigned int top = 0; top < 2; top++) {
					struct eb_state *s = new_state(p, GM_64);
					struct nvmx_check_failure f;
					uint64_t addr = top ? (1ull << widths[w]) -
								      0x1000
							    : 0x2000;
					int rc;

					ck_assert_int_eq(
						nvmx_model_set_maxphyaddr(
							&s->m, widths[w]),
						0);
					SET(GUEST_CR3, lam_bits[b] | addr);
					rc = eb_check(s, &f);
					if (model) {
						ck_assert_msg(rc == 0,
							      "LAM w%u b%u: %s",
							      widths[w], b,
							      nvmx_check_id_name(
								      f.id));
					} else {
						ck_assert_int_eq(rc, 1);
						ck_assert_int_eq(
							f.id,
							NVMX_CHECK_GUEST_CR3_RESERVED);
						ck_assert_uint_eq(f.exit_reason,
								  33);
						ck_assert_uint_eq(f.exit_qual,
								  0);
						ck_assert_uint_eq(
							f.field,
							NVMX_GUEST_CR3);
					}
					free(s);
				}
			}
		}
	}
}
END_TEST

/* With LAM: bit MAXPHYADDR (46 or 52 models) and bit 60 stay reserved
 * even together with the LAM bits. */
START_TEST(test_lam_cr3_reserved_still)
{
	static const unsigned int widths[2] = { 46, 52 };

	for (unsigned int w = 0; w < 2; w++) {
		for (unsigned int bit = widths[w]; bit < 64; bit++) {
			struct eb_state *s = new_state(NVMX_PRESET_LAM, GM_64);
			struct nvmx_check_failure f;
			int rc;

			nvmx_model_set_maxphyaddr(&s->m, widths[w]);
			SET(GUEST_CR3, (1ull << bit) | (3ull << 61) | 0x2000);
			rc = eb_check(s, &f);
			if (bit == 61 || bit == 62) {
				ck_assert_msg(rc == 0, "bit %u: %s", bit,
					      nvmx_check_id_name(f.id));
			} else {
				ck_assert_msg(rc == 1 &&
						      f.id ==
							      NVMX_CHECK_GUEST_CR3_RESERVED,
					      "w%u bit %u: %s", widths[w], bit,
					      nvmx_check_id_name(f.id));
			}
			free(s);
		}
	}
}
END_TEST

/* CR4.LAM_SUP: allowed exactly on models whose CR4_FIXED1[28] is set
 * (LAM enumerated); turning LAM off in the LAM preset refuses it. */
START_TEST(test_lam_cr4_sup)
{
	for (unsigned int p = 0; p < NVMX_PRESET_COUNT; p++) {
		struct eb_state *s = new_state((enum nvmx_preset)p, GM_64);
		struct nvmx_check_failure f;
		bool lam = (s->m.cpu & NVMX_CPU_LAM) != 0;
		int rc;

		OR(GUEST_CR4, CR4_LAM_SUP);
		rc = eb_check(s, &f);
		if (lam)
			ck_assert_msg(rc == 0, "%s: %s",
				      nvmx_preset_name((enum nvmx_preset)p),
				      nvmx_check_id_name(f.id));
		else
			ck_assert_int_eq(f.id, NVMX_CHECK_GUEST_CR4_FIXED1);
		free(s);
	}
	{
		struct eb_state *s = new_state(NVMX_PRESET_LAM, GM_64);
		struct nvmx_check_failure f;

		nvmx_model_set_msr(&s->m, NVMX_MSR_VMX_CR4_FIXED1,
				   nvmx_model_get_msr(&s->m,
						      NVMX_MSR_VMX_CR4_FIXED1) &
					   ~CR4_LAM_SUP);
		OR(GUEST_CR4, CR4_LAM_SUP);
		ck_assert_int_eq(eb_check(s, &f), 1);
		ck_assert_int_eq(f.id, NVMX_CHECK_GUEST_CR4_FIXED1);
		free(s);
	}
}
END_TEST

/* LAM never relaxes the canonical checks of VM entry (lam-featctl A.4.2):
 * a LAM-tagged-looking RIP, FS base or SYSENTER_EIP still fails. */
START_TEST(test_lam_no_canonical_relief)
{
	struct eb_state *s = new_state(NVMX_PRESET_LAM, GM_64);
	struct nvmx_check_failure f;

	SET(GUEST_CR3, (3ull << 61) | 0x2000);
	OR(GUEST_CR4, CR4_LAM_SUP);
	ck_assert_int_eq(eb_check(s, &f), 0);
	/* user pointer with metadata in 62:57 */
	SET(GUEST_RIP, (0x15ull << 57) | 0x401000);
	ck_assert_int_eq(eb_check(s, &f), 1);
	ck_assert_int_eq(f.id, NVMX_CHECK_GUEST_RIP_CANON);
	SET(GUEST_RIP, 0x401000);
	SET(GUEST_FS_BASE, (0x15ull << 57) | 0x1000);
	ck_assert_int_eq(eb_check(s, &f), 1);
	ck_assert_int_eq(f.id, NVMX_CHECK_GUEST_SEG_BASE_FS_CANON);
	free(s);
}
END_TEST

/* ----- Ordering and diagnostic mode ------------------------------------ */

struct order_case {
	const char *label;
	void (*mutate)(struct eb_state *s);
	enum nvmx_check_id first, second;
};

M(two_cr0_fixed1_and_rip)
{
	OR(GUEST_CR0, 1ull << 32);
	SET(GUEST_RIP, 1ull << 60);
}
M(two_cr4_and_efer)
{
	CLR(GUEST_CR4, GB_CR4_PAE);
	OR(GUEST_IA32_EFER, 1ull << 12);
}
M(two_ss_type_and_cs_dpl)
{
	SET(GUEST_SS_AR_BYTES, 0xc0f1);	/* type 1, DPL 3 */
}
M(two_tr_and_gdtr)
{
	OR(GUEST_TR_AR_BYTES, 0x10);
	SET(GUEST_GDTR_LIMIT, 0x10000);
}
M(two_rflags_and_link)
{
	SET(GUEST_RFLAGS, 0);
	SET(VMCS_LINK_POINTER, 0x1234);
}
M(two_act_and_int)
{
	SET(GUEST_ACTIVITY_STATE, 5);
	SET(GUEST_INTERRUPTIBILITY_INFO, 1u << 7);
}
M(two_link_and_pdpte)
{
	gb_pae(s, false);
	eb_mem_put64(&s->mem, GB_PDPT_GPA, GB_PD0_GPA | 3);
	SET(VMCS_LINK_POINTER, EB_LINK_GPA | 1);
}
M(two_pde_and_link)
{
	SET(GUEST_PENDING_DBG_EXCEPTIONS, 1ull << 5);
	SET(VMCS_LINK_POINTER, 1ull << 60);
}
M(two_nmi_sti_and_vnmi)
{
	/* SDM 27.3.1.5 lists the NMI/STI rule before the virtual-NMI rule */
	GB_PIN(s, B(PIN_NMI_EXITING) | B(PIN_VIRTUAL_NMIS), 0);
	SET(GUEST_RFLAGS, 0x202);
	SET(VM_ENTRY_INTR_INFO, INJ_NMI);
	SET(GUEST_INTERRUPTIBILITY_INFO, 1 | 8);
}
M(two_seg_ds_s_and_cs_s)
{
	/* the S rule walks CS before DS */
	SET(GUEST_DS_AR_BYTES, 0xc083);
	SET(GUEST_CS_AR_BYTES, 0xa08b);
}

static const struct order_case order_cases[] = {
	{ "cr0 before rip", two_cr0_fixed1_and_rip,
	  NVMX_CHECK_GUEST_CR0_FIXED1, NVMX_CHECK_GUEST_RIP_CANON },
	{ "cr4 before efer", two_cr4_and_efer, NVMX_CHECK_GUEST_IA32E_PAE,
	  NVMX_CHECK_GUEST_EFER_RSVD },
	{ "ss type before cs dpl", two_ss_type_and_cs_dpl,
	  NVMX_CHECK_GUEST_SEG_SS_TYPE, NVMX_CHECK_GUEST_SEG_CS_DPL_NONCONF },
	{ "tr before gdtr", two_tr_and_gdtr, NVMX_CHECK_GUEST_TR_S,
	  NVMX_CHECK_GUEST_GDTR_LIMIT },
	{ "rflags before link", two_rflags_and_link,
	  NVMX_CHECK_GUEST_RFLAGS_RSVD, NVMX_CHECK_GUEST_LINK_ALIGN },
	{ "activity before interruptibility", two_act_and_int,
	  NVMX_CHECK_GUEST_ACT_RANGE, NVMX_CHECK_GUEST_INT_RSVD },
	{ "link before pdpte", two_link_and_pdpte,
	  NVMX_CHECK_GUEST_LINK_ALIGN, NVMX_CHECK_GUEST_PDPTE_RSVD },
	{ "pending dbg before link", two_pde_and_link,
	  NVMX_CHECK_GUEST_PDE_RSVD, NVMX_CHECK_GUEST_LINK_PAW },
	{ "nmi/sti before virtual-nmi", two_nmi_sti_and_vnmi,
	  NVMX_CHECK_GUEST_INT_NMI_STI, NVMX_CHECK_GUEST_INT_VNMI_BLOCKED },
	{ "cs S before ds S", two_seg_ds_s_and_cs_s, NVMX_CHECK_GUEST_SEG_S,
	  NVMX_CHECK_GUEST_SEG_S },
};

START_TEST(test_ordering)
{
	const struct order_case *oc = &order_cases[_i];
	struct eb_state *s = new_state(NVMX_PRESET_MAX, GM_64);
	struct nvmx_check_failure f, all[16];
	unsigned int n, k;

	oc->mutate(s);
	ck_assert_int_eq(eb_check(s, &f), 1);
	ck_assert_msg(f.id == oc->first, "%s: first %s", oc->label,
		      nvmx_check_id_name(f.id));
	/* diagnostic mode: both, the SDM-first one first */
	n = entry_all(s, all, 16);
	ck_assert_msg(n >= 2, "%s: %u violations", oc->label, n);
	ck_assert_int_eq(all[0].id, oc->first);
	for (k = 1; k < n && k < 16; k++)
		if (all[k].id == oc->second)
			break;
	ck_assert_msg(k < n, "%s: %s not reported", oc->label,
		      nvmx_check_id_name(oc->second));
	free(s);
}
END_TEST

/* Diagnostic mode names the field at fault of multi-field rows, in the
 * SDM order of the segment registers (CS, SS, DS, ES, FS, GS). */
START_TEST(test_diag_segment_fields)
{
	struct eb_state *s = new_state(NVMX_PRESET_MAX, GM_64);
	struct nvmx_check_failure all[16];
	unsigned int n;

	SET(GUEST_GS_AR_BYTES, 0xc013);	/* P = 0 */
	SET(GUEST_ES_AR_BYTES, 0xc013);
	SET(GUEST_SS_AR_BYTES, 0xc013);
	n = entry_all(s, all, 16);
	ck_assert_uint_eq(n, 3);
	for (unsigned int i = 0; i < 3; i++) {
		ck_assert_int_eq(all[i].id, NVMX_CHECK_GUEST_SEG_P);
		ck_assert_uint_eq(all[i].exit_reason, 33);
		ck_assert_int_eq(all[i].outcome, NVMX_OUTCOME_ENTRY_FAIL);
	}
	ck_assert_uint_eq(all[0].field, NVMX_GUEST_SS_AR_BYTES);
	ck_assert_uint_eq(all[1].field, NVMX_GUEST_ES_AR_BYTES);
	ck_assert_uint_eq(all[2].field, NVMX_GUEST_GS_AR_BYTES);
	free(s);
}
END_TEST

/* The failure has bit 31 semantics of a VM-entry failure: reason 33 is
 * reported without bit 31 and no VM-instruction error. */
START_TEST(test_outcome_shape)
{
	struct eb_state *s = new_state(NVMX_PRESET_SKYLAKE_SERVER, GM_64);
	struct nvmx_check_failure f;

	SET(VMCS_LINK_POINTER, 0x1001);
	ck_assert_int_eq(eb_check(s, &f), 1);
	ck_assert_int_eq(f.outcome, NVMX_OUTCOME_ENTRY_FAIL);
	ck_assert_uint_eq(f.exit_reason, 33);
	ck_assert_uint_eq(f.exit_qual, 4);
	ck_assert_uint_eq(f.vm_insn_error, 0);
	free(s);
}
END_TEST

/* A caller built against the older, shorter struct nvmx_entry_env (sz
 * without the VMCS-pointer members) gets the other link rules only. */
START_TEST(test_link_old_env_size)
{
	struct eb_state *s = new_state(NVMX_PRESET_MAX, GM_64);
	struct nvmx_check_failure f;

	link_is_current(s);
	ck_assert_int_eq(eb_check(s, &f), 1);
	ck_assert_int_eq(f.id, NVMX_CHECK_GUEST_LINK_IS_CURRENT);
	s->env.sz = offsetof(struct nvmx_entry_env, vmptr_known);
	ck_assert_int_eq(eb_check(s, &f), 0);
	/* the revision check still reads memory with the short struct */
	eb_mem_put32(&s->mem, EB_LINK_GPA, 0x7fffffffu);
	ck_assert_int_eq(eb_check(s, &f), 1);
	ck_assert_int_eq(f.id, NVMX_CHECK_GUEST_LINK_REVID);
	ck_assert_uint_eq(f.exit_qual, 4);
	free(s);
}
END_TEST

/* Exhaustive over the 16 CS types x unrestricted guest: which pass the
 * CS type rule (SDM 27.3.1.2: 9, 11, 13, 15; also 3 with URG). */
START_TEST(test_cs_type_exhaustive)
{
	for (unsigned int urg = 0; urg < 2; urg++) {
		for (unsigned int t = 0; t < 16; t++) {
			struct eb_state *s = new_state(NVMX_PRESET_MAX, GM_64);
			struct nvmx_check_failure f;
			bool ok = t == 9 || t == 11 || t == 13 || t == 15 ||
				  (urg && t == 3);

			if (urg)
				GB_PROC2(s, B(PROC2_UNRESTRICTED_GUEST), 0);
			SET(GUEST_CS_AR_BYTES, 0xa090u | t);
			eb_check(s, &f);
			if (ok)
				ck_assert_msg(f.id !=
						      NVMX_CHECK_GUEST_SEG_CS_TYPE,
					      "type %u urg %u", t, urg);
			else
				ck_assert_msg(f.id ==
						      NVMX_CHECK_GUEST_SEG_CS_TYPE,
					      "type %u urg %u: %s", t, urg,
					      nvmx_check_id_name(f.id));
			free(s);
		}
	}
}
END_TEST

/* Exhaustive over the 256 values of each PAT byte position 0 and 7. */
START_TEST(test_pat_exhaustive)
{
	struct eb_state *s = new_state(NVMX_PRESET_MAX, GM_64);

	for (unsigned int pos = 0; pos < 8; pos += 7) {
		for (unsigned int b = 0; b < 256; b++) {
			struct nvmx_check_failure f;
			bool ok = b == 0 || b == 1 || b == 4 || b == 5 ||
				  b == 6 || b == 7;

			SET(GUEST_IA32_PAT, (uint64_t)b << (8 * pos));
			eb_check(s, &f);
			ck_assert_msg((f.id == NVMX_CHECK_NONE) == ok,
				      "byte %u = %u: %s", pos, b,
				      nvmx_check_id_name(f.id));
		}
	}
	free(s);
}
END_TEST

static Suite *make_entry_guest(void)
{
	Suite *s = suite_create("entry_guest");
	TCase *tc = tcase_create("guest");

	tcase_add_test(tc, test_guest_pairs);
	tcase_add_loop_test(tc, test_mode_baselines, 0,
			    NVMX_PRESET_COUNT * GM_COUNT);
	tcase_add_test(tc, test_pae_reads_memory);
	tcase_add_test(tc, test_lam_cr3_matrix);
	tcase_add_test(tc, test_lam_cr3_reserved_still);
	tcase_add_test(tc, test_lam_cr4_sup);
	tcase_add_test(tc, test_lam_no_canonical_relief);
	tcase_add_loop_test(tc, test_ordering, 0,
			    sizeof(order_cases) / sizeof(order_cases[0]));
	tcase_add_test(tc, test_diag_segment_fields);
	tcase_add_test(tc, test_outcome_shape);
	tcase_add_test(tc, test_link_old_env_size);
	tcase_add_test(tc, test_cs_type_exhaustive);
	tcase_add_test(tc, test_pat_exhaustive);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_entry_guest);
