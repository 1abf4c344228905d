// SPDX-License-Identifier: MIT
/*
 * entry_host.c - checks on the host-state area (SDM 27.2.2-27.2.4),
 * including the LAM rules for host CR3 bits 62/61 and CR4.LAM_SUP.
 * Expected outcome of every failure: VMfailValid(8).
 */
#include <stdlib.h>

#include "entry_common.h"
#include "entry_guest_base.h"

#define MAXP NVMX_PRESET_MAX
#define SKX NVMX_PRESET_SKYLAKE_SERVER
#define ICX NVMX_PRESET_ICELAKE_SERVER
#define SPR NVMX_PRESET_SAPPHIRE_RAPIDS
#define LAM NVMX_PRESET_LAM
#define B(x) NVMX_CTL_MASK(x)
#define NONCANON48 0x0000800000000000ull /* canonical only with 57 bits */
#define NONCANON57 0x0100000000000000ull /* never canonical */
#define EXITC(op, x) EB_##op(v, VM_EXIT_CONTROLS, x)
#define LAM_U57 (1ull << 61)
#define LAM_U48 (1ull << 62)

/* A 32-bit host entered from outside IA-32e mode (guest stays 64-bit in
 * its own fields: guest checks come after host checks). */
#define HOST32()                                                               \
	(EXITC(CLR, B(EXIT_HOST_ADDR_SPACE_SIZE) | B(EXIT_LOAD_EFER)),         \
	 EB_CLR(v, VM_ENTRY_CONTROLS, B(ENTRY_IA32E_MODE_GUEST)),              \
	 e->host_ia32e = false)
#define CET_ON() EXITC(OR, B(EXIT_LOAD_CET_STATE))
#define FRED_ON()                                                              \
	(EXITC(OR, B(EXIT_ACTIVATE_SECONDARY)),                                \
	 EB_SET(v, SECONDARY_VM_EXIT_CONTROLS, B(EXIT2_LOAD_FRED)))

MUT(cr0_pe, EB_CLR(v, HOST_CR0, 1))
MUT(cr0_hi, EB_OR(v, HOST_CR0, 1ull << 32))
MUT(cr4_vmxe, EB_CLR(v, HOST_CR4, NVMX_CR4_VMXE))
MUT(cr4_lam_sup, EB_OR(v, HOST_CR4, NVMX_CR4_LAM_SUP))
MUT(cr4_cet_nowp, EB_OR(v, HOST_CR4, NVMX_CR4_CET); EB_CLR(v, HOST_CR0, 1u << 16))
MUT(cr4_cet_wp, EB_OR(v, HOST_CR4, NVMX_CR4_CET))
/* LAM: CR3 bits 61, 62, both; MAXPHYADDR 52 (preset) and 46 */
MUT(cr3_u57, EB_OR(v, HOST_CR3, LAM_U57))
MUT(cr3_u48, EB_OR(v, HOST_CR3, LAM_U48))
MUT(cr3_both, EB_OR(v, HOST_CR3, LAM_U57 | LAM_U48))
MUT(cr3_u57_46, nvmx_model_set_maxphyaddr(m, 46); EB_OR(v, HOST_CR3, LAM_U57))
MUT(cr3_u48_46, nvmx_model_set_maxphyaddr(m, 46); EB_OR(v, HOST_CR3, LAM_U48))
MUT(cr3_both_46, nvmx_model_set_maxphyaddr(m, 46);
    EB_OR(v, HOST_CR3, LAM_U57 | LAM_U48))
MUT(cr3_bit63, EB_OR(v, HOST_CR3, 1ull << 63))
MUT(cr3_bit60, EB_OR(v, HOST_CR3, 1ull << 60))
MUT(cr3_bit46_46, nvmx_model_set_maxphyaddr(m, 46); EB_OR(v, HOST_CR3, 1ull << 46))
MUT(cr3_bit45_46, nvmx_model_set_maxphyaddr(m, 46); EB_OR(v, HOST_CR3, 1ull << 45))
MUT(cr3_bit51, EB_OR(v, HOST_CR3, 1ull << 51))
MUT(cr3_bit52, EB_OR(v, HOST_CR3, 1ull << 52))
/* LAM removed from a LAM model: CPUID and CR4_FIXED1 both */
MUT(cr3_u57_lam_off, nvmx_model_set_cpu(m, m->cpu & ~NVMX_CPU_LAM);
    EB_OR(v, HOST_CR3, LAM_U57))
MUT(sysenter_esp, EB_SET(v, HOST_IA32_SYSENTER_ESP, NONCANON48))
MUT(sysenter_eip, EB_SET(v, HOST_IA32_SYSENTER_EIP, NONCANON57))
MUT(cet_ok, CET_ON(); EB_SET(v, HOST_S_CET, 0x1); EB_SET(v, HOST_SSP, 0xfffffe0000008ff8ull))
MUT(scet_rsvd, CET_ON(); EB_SET(v, HOST_S_CET, 1u << 6))
MUT(scet_both, CET_ON(); EB_SET(v, HOST_S_CET, 3u << 10))
MUT(scet_canon, CET_ON(); EB_SET(v, HOST_S_CET, NONCANON57))
MUT(ssptbl_canon, CET_ON(); EB_SET(v, HOST_INTR_SSP_TABLE, NONCANON57))
MUT(ssp_align, CET_ON(); EB_SET(v, HOST_SSP, 0x1002))
MUT(ssp_canon, CET_ON(); EB_SET(v, HOST_SSP, NONCANON57))
MUT(cet_32bit, CET_ON(); HOST32(); EB_SET(v, HOST_SSP, 1ull << 32))
MUT(perf_rsvd, EXITC(OR, B(EXIT_LOAD_PERF_GLOBAL_CTRL));
    EB_SET(v, HOST_IA32_PERF_GLOBAL_CTRL, 1u << 8))
MUT(perf_ok, EXITC(OR, B(EXIT_LOAD_PERF_GLOBAL_CTRL));
    EB_SET(v, HOST_IA32_PERF_GLOBAL_CTRL, 0xffull | (0xfull << 32)))
MUT(pat_2, EB_SET(v, HOST_IA32_PAT, 0x0007040600070402ull))
MUT(pat_8, EB_SET(v, HOST_IA32_PAT, 0x0807040600070406ull))
MUT(pat_all_types, EB_SET(v, HOST_IA32_PAT, 0x0706050401000100ull))
MUT(pat_off, EXITC(CLR, B(EXIT_LOAD_PAT)); EB_SET(v, HOST_IA32_PAT, ~0ull))
MUT(efer_rsvd, EB_OR(v, HOST_IA32_EFER, 1u << 1))
MUT(efer_lma, EB_CLR(v, HOST_IA32_EFER, 1u << 10))
MUT(efer_lme, EB_CLR(v, HOST_IA32_EFER, 1u << 8))
MUT(efer_nx_off, nvmx_model_set_cpu(m, m->cpu & ~NVMX_CPU_NX))
MUT(pkrs, EXITC(OR, B(EXIT_LOAD_PKRS)); EB_SET(v, HOST_IA32_PKRS, 1ull << 32))
MUT(pkrs_ok, EXITC(OR, B(EXIT_LOAD_PKRS)); EB_SET(v, HOST_IA32_PKRS, 0xffffffffu))
MUT(fred_ok, FRED_ON(); EB_SET(v, HOST_IA32_FRED_CONFIG, 0xfffffe0000020000ull | 0x3c8);
    EB_SET(v, HOST_IA32_FRED_RSP1, 0xfffffe0000030040ull);
    EB_SET(v, HOST_IA32_FRED_SSP1, 0xfffffe0000040008ull))
MUT(fred_config, FRED_ON(); EB_SET(v, HOST_IA32_FRED_CONFIG, 1u << 2))
MUT(fred_config_canon, FRED_ON(); EB_SET(v, HOST_IA32_FRED_CONFIG, NONCANON57))
MUT(fred_rsp2, FRED_ON(); EB_SET(v, HOST_IA32_FRED_RSP2, 0x1001))
MUT(fred_ssp3, FRED_ON(); EB_SET(v, HOST_IA32_FRED_SSP3, 0x1002))
MUT(sel_ds_rpl, EB_SET(v, HOST_DS_SELECTOR, 0x1b))
MUT(sel_tr_ti, EB_SET(v, HOST_TR_SELECTOR, 0x44))
MUT(sel_cs_null, EB_SET(v, HOST_CS_SELECTOR, 0))
MUT(sel_tr_null, EB_SET(v, HOST_TR_SELECTOR, 0))
MUT(sel_ss_null32, HOST32(); EB_SET(v, HOST_SS_SELECTOR, 0))
MUT(sel_ss_null64, EB_SET(v, HOST_SS_SELECTOR, 0))
MUT(base_gdtr, EB_SET(v, HOST_GDTR_BASE, NONCANON48))
MUT(base_tr, EB_SET(v, HOST_TR_BASE, NONCANON57))
MUT(asz_outside, e->host_ia32e = false)
MUT(asz_inside, EXITC(CLR, B(EXIT_HOST_ADDR_SPACE_SIZE) | B(EXIT_LOAD_EFER)))
MUT(asz0_guest64, HOST32(); EB_OR(v, VM_ENTRY_CONTROLS, B(ENTRY_IA32E_MODE_GUEST)))
MUT(asz0_pcide, HOST32(); EB_OR(v, HOST_CR4, NVMX_CR4_PCIDE))
MUT(asz0_rip, HOST32(); EB_SET(v, HOST_RIP, 1ull << 32))
MUT(asz0_fred, HOST32(); EB_SET(v, HOST_RIP, 0xc1000000u);
    EB_OR(v, HOST_CR4, NVMX_CR4_FRED))
MUT(asz1_pae, EB_CLR(v, HOST_CR4, 1u << 5))
MUT(asz1_rip, EB_SET(v, HOST_RIP, NONCANON48))
MUT(asz1_rip_la57, EB_OR(v, HOST_CR4, NVMX_CR4_LA57); EB_SET(v, HOST_RIP, NONCANON48))
MUT(no_lm, nvmx_model_set_cpu(m, m->cpu & ~NVMX_CPU_LM);
    EXITC(CLR, B(EXIT_LOAD_EFER)))
/* boundary cases */
MUT(none, (void)s)
MUT(cr0_min, EB_SET(v, HOST_CR0, 0x80000021u))
MUT(cr0_all32, EB_SET(v, HOST_CR0, 0xffffffffu))
MUT(cr4_min, EB_SET(v, HOST_CR4, NVMX_CR4_VMXE | (1u << 5)))
MUT(sysenter_eip_edge, EB_SET(v, HOST_IA32_SYSENTER_EIP, 0x00007fffffffffffull))
/* a valid 32-bit host (entered outside IA-32e mode) with a 32-bit guest */
#define HOST32_OK() (gb_prot32(s), HOST32(), EB_SET(v, HOST_RIP, 0xc1000000u))
MUT(host32_ok, HOST32_OK())
MUT(host32_cet_ok, HOST32_OK(); CET_ON(); EB_SET(v, HOST_S_CET, 0xffffffffu & ~0xfc0u);
    EB_SET(v, HOST_SSP, 0xfffffffcu))
MUT(host32_rip_edge, HOST32_OK(); EB_SET(v, HOST_RIP, 0xffffffffu))
MUT(host32_no_lm, HOST32_OK(); nvmx_model_set_cpu(m, m->cpu & ~NVMX_CPU_LM))
/* ordering: two host failures, and host vs guest */
MUT(cr0_and_sel, EB_CLR(v, HOST_CR0, 1); EB_SET(v, HOST_CS_SELECTOR, 0))
MUT(sel_and_asz, EB_SET(v, HOST_TR_SELECTOR, 0); e->host_ia32e = false)

static const struct entry_case host_cases[] = {
	EC_HOST(HOST_CR0_FIXED0, HOST_CR0, MAXP, cr0_pe),
	EC_HOST(HOST_CR0_FIXED1, HOST_CR0, MAXP, cr0_hi),
	EC_HOST(HOST_CR4_FIXED0, HOST_CR4, MAXP, cr4_vmxe),
	EC_HOST(HOST_CR4_FIXED1, HOST_CR4, SPR, cr4_lam_sup),
	EC_PASS(cr4_lam_sup, LAM),
	EC_HOST(HOST_CR4_CET_WP, HOST_CR4, SPR, cr4_cet_nowp),
	EC_PASS(cr4_cet_wp, SPR),
	EC_HOST(HOST_CR4_FIXED1, HOST_CR4, SKX, cr4_cet_wp),
	EC_HOST(HOST_CR3_RESERVED, HOST_CR3, SPR, cr3_u57),
	EC_HOST(HOST_CR3_RESERVED, HOST_CR3, SPR, cr3_u48),
	EC_HOST(HOST_CR3_RESERVED, HOST_CR3, SPR, cr3_both),
	EC_HOST(HOST_CR3_RESERVED, HOST_CR3, SPR, cr3_u57_46),
	EC_HOST(HOST_CR3_RESERVED, HOST_CR3, SPR, cr3_u48_46),
	EC_HOST(HOST_CR3_RESERVED, HOST_CR3, SPR, cr3_both_46),
	EC_HOST(HOST_CR3_RESERVED, HOST_CR3, SKX, cr3_u57),
	EC_PASS(cr3_u57, LAM),
	EC_PASS(cr3_u48, LAM),
	EC_PASS(cr3_both, LAM),
	EC_PASS(cr3_u57_46, LAM),
	EC_PASS(cr3_u48_46, LAM),
	EC_PASS(cr3_both_46, LAM),
	EC_PASS(cr3_both, MAXP),
	EC_HOST(HOST_CR3_RESERVED, HOST_CR3, LAM, cr3_bit63),
	EC_HOST(HOST_CR3_RESERVED, HOST_CR3, LAM, cr3_bit60),
	EC_HOST(HOST_CR3_RESERVED, HOST_CR3, LAM, cr3_bit46_46),
	EC_HOST(HOST_CR3_RESERVED, HOST_CR3, LAM, cr3_bit52),
	EC_HOST(HOST_CR3_RESERVED, HOST_CR3, LAM, cr3_u57_lam_off),
	EC_PASS(cr3_bit45_46, LAM),
	EC_PASS(cr3_bit51, LAM),
	EC_HOST(HOST_SYSENTER_ESP_CANON, HOST_IA32_SYSENTER_ESP, SKX, sysenter_esp),
	EC_PASS(sysenter_esp, ICX),
	EC_HOST(HOST_SYSENTER_EIP_CANON, HOST_IA32_SYSENTER_EIP, ICX, sysenter_eip),
	EC_PASS(cet_ok, SPR),
	EC_HOST(HOST_CET_SCET_RSVD, HOST_S_CET, SPR, scet_rsvd),
	EC_HOST(HOST_CET_SCET_RSVD, HOST_S_CET, SPR, scet_both),
	EC_HOST(HOST_CET_SCET_CANON, HOST_S_CET, SPR, scet_canon),
	EC_HOST(HOST_CET_SSPTBL_CANON, HOST_INTR_SSP_TABLE, SPR, ssptbl_canon),
	EC_HOST(HOST_CET_SSP_ALIGN, HOST_SSP, SPR, ssp_align),
	EC_HOST(HOST_CET_SSP_CANON, HOST_SSP, SPR, ssp_canon),
	EC_HOST(HOST_CET_32BIT, HOST_SSP, SPR, cet_32bit),
	EC_HOST(HOST_PERF_GLOBAL_RSVD, HOST_IA32_PERF_GLOBAL_CTRL, MAXP, perf_rsvd),
	EC_PASS(perf_ok, SKX),
	EC_HOST(HOST_PAT, HOST_IA32_PAT, MAXP, pat_2),
	EC_HOST(HOST_PAT, HOST_IA32_PAT, MAXP, pat_8),
	EC_PASS(pat_all_types, MAXP),
	EC_PASS(pat_off, MAXP),
	EC_HOST(HOST_EFER_RSVD, HOST_IA32_EFER, MAXP, efer_rsvd),
	EC_HOST(HOST_EFER_RSVD, HOST_IA32_EFER, MAXP, efer_nx_off),
	EC_HOST(HOST_EFER_LMA, HOST_IA32_EFER, MAXP, efer_lma),
	EC_HOST(HOST_EFER_LME, HOST_IA32_EFER, MAXP, efer_lme),
	EC_HOST(HOST_PKRS_RSVD, HOST_IA32_PKRS, SPR, pkrs),
	EC_PASS(pkrs_ok, SPR),
	EC_PASS(fred_ok, MAXP),
	EC_HOST(HOST_FRED_CONFIG, HOST_IA32_FRED_CONFIG, MAXP, fred_config),
	EC_HOST(HOST_FRED_CONFIG, HOST_IA32_FRED_CONFIG, MAXP, fred_config_canon),
	EC_HOST(HOST_FRED_RSP, HOST_IA32_FRED_RSP2, MAXP, fred_rsp2),
	EC_HOST(HOST_FRED_SSP, HOST_IA32_FRED_SSP3, MAXP, fred_ssp3),
	EC_HOST(HOST_SEL_RPL_TI, HOST_DS_SELECTOR, MAXP, sel_ds_rpl),
	EC_HOST(HOST_SEL_RPL_TI, HOST_TR_SELECTOR, MAXP, sel_tr_ti),
	EC_HOST(HOST_SEL_CS_NULL, HOST_CS_SELECTOR, MAXP, sel_cs_null),
	EC_HOST(HOST_SEL_TR_NULL, HOST_TR_SELECTOR, MAXP, sel_tr_null),
	EC_HOST(HOST_SEL_SS_NULL, HOST_SS_SELECTOR, MAXP, sel_ss_null32),
	EC_PASS(sel_ss_null64, MAXP),
	EC_HOST(HOST_BASE_CANON, HOST_GDTR_BASE, SKX, base_gdtr),
	EC_PASS(base_gdtr, ICX),
	EC_HOST(HOST_BASE_CANON, HOST_TR_BASE, ICX, base_tr),
	EC_HOST(HOST_ASZ_OUTSIDE_LM, VM_EXIT_CONTROLS, MAXP, asz_outside),
	EC_HOST(HOST_ASZ_INSIDE_LM, VM_EXIT_CONTROLS, MAXP, asz_inside),
	EC_DIAG(HOST_ASZ0_GUEST64, NVMX_OUTCOME_VMFAIL_VALID, 8, VM_ENTRY_CONTROLS,
		MAXP, asz0_guest64),
	EC_HOST(HOST_ASZ0_PCIDE, HOST_CR4, MAXP, asz0_pcide),
	EC_HOST(HOST_ASZ0_RIP, HOST_RIP, MAXP, asz0_rip),
	EC_HOST(HOST_ASZ0_FRED, HOST_CR4, MAXP, asz0_fred),
	EC_HOST(HOST_ASZ1_PAE, HOST_CR4, MAXP, asz1_pae),
	EC_HOST(HOST_ASZ1_RIP_CANON, HOST_RIP, SKX, asz1_rip),
	EC_HOST(HOST_ASZ1_RIP_CANON, HOST_RIP, ICX, asz1_rip),
	EC_PASS(asz1_rip_la57, ICX),
	EC_HOST(HOST_NO_LM_CPU, VM_EXIT_CONTROLS, MAXP, no_lm),
	EC_EDGE(HOST_CR0_FIXED0, cr0_min, MAXP),
	EC_EDGE(HOST_CR0_FIXED1, cr0_all32, MAXP),
	EC_EDGE(HOST_CR4_FIXED0, cr4_min, MAXP),
	EC_EDGE(HOST_CR4_FIXED1, cr4_lam_sup, LAM),
	EC_EDGE(HOST_CR4_CET_WP, cr4_cet_wp, SPR),
	EC_EDGE(HOST_CR3_RESERVED, cr3_both_46, LAM),
	EC_EDGE(HOST_SYSENTER_ESP_CANON, sysenter_esp, ICX),
	EC_EDGE(HOST_SYSENTER_EIP_CANON, sysenter_eip_edge, SKX),
	EC_EDGE(HOST_CET_SCET_RSVD, cet_ok, SPR),
	EC_EDGE(HOST_CET_SCET_CANON, cet_ok, SPR),
	EC_EDGE(HOST_CET_SSPTBL_CANON, cet_ok, SPR),
	EC_EDGE(HOST_CET_SSP_ALIGN, cet_ok, SPR),
	EC_EDGE(HOST_CET_SSP_CANON, cet_ok, SPR),
	EC_EDGE(HOST_CET_32BIT, host32_cet_ok, SPR),
	EC_EDGE(HOST_PERF_GLOBAL_RSVD, perf_ok, SKX),
	EC_EDGE(HOST_PAT, pat_all_types, MAXP),
	EC_EDGE(HOST_EFER_RSVD, none, SKX),
	EC_EDGE(HOST_EFER_LMA, none, MAXP),
	EC_EDGE(HOST_EFER_LME, none, MAXP),
	EC_EDGE(HOST_PKRS_RSVD, pkrs_ok, SPR),
	EC_EDGE(HOST_FRED_CONFIG, fred_ok, MAXP),
	EC_EDGE(HOST_FRED_RSP, fred_ok, MAXP),
	EC_EDGE(HOST_FRED_SSP, fred_ok, MAXP),
	EC_EDGE(HOST_SEL_RPL_TI, none, MAXP),
	EC_EDGE(HOST_SEL_CS_NULL, none, MAXP),
	EC_EDGE(HOST_SEL_TR_NULL, none, MAXP),
	EC_EDGE(HOST_SEL_SS_NULL, sel_ss_null64, MAXP),
	EC_EDGE(HOST_BASE_CANON, base_gdtr, ICX),
	EC_EDGE(HOST_ASZ_OUTSIDE_LM, host32_ok, MAXP),
	EC_EDGE(HOST_ASZ_INSIDE_LM, none, MAXP),
	EC_EDGE(HOST_ASZ0_GUEST64, host32_ok, SKX),
	EC_EDGE(HOST_ASZ0_PCIDE, host32_ok, MAXP),
	EC_EDGE(HOST_ASZ0_RIP, host32_rip_edge, MAXP),
	EC_EDGE(HOST_ASZ0_FRED, host32_ok, MAXP),
	EC_EDGE(HOST_ASZ1_PAE, none, MAXP),
	EC_EDGE(HOST_ASZ1_RIP_CANON, asz1_rip_la57, ICX),
	EC_EDGE(HOST_NO_LM_CPU, host32_no_lm, MAXP),
	EC_HOST(HOST_CR0_FIXED0, HOST_CR0, MAXP, cr0_and_sel),
	EC_HOST(HOST_SEL_TR_NULL, HOST_TR_SELECTOR, MAXP, sel_and_asz),
};
ENTRY_CASE_TABLE(host_cases);

/* A 32-bit host with a valid host state: no host-state failure (the
 * first failure, if any, is in the guest-state group). */
START_TEST(test_host32_ok)
{
	struct eb_state *s = malloc(sizeof(*s));
	struct nvmx_check_failure f;

	eb_state_64(s, NVMX_PRESET_MAX);
	s->env.opaque = &s->mem;
	{
		struct nvmx_vmcs12 *v = &s->v;
		struct nvmx_entry_env *e = &s->env;

		HOST32();
		EB_SET(v, HOST_RIP, 0xc1000000u);
	}
	eb_check(s, &f);
	ck_assert_msg(f.id == NVMX_CHECK_NONE ||
			      (f.outcome == NVMX_OUTCOME_ENTRY_FAIL &&
			       f.exit_reason == 33),
		      "got %s", nvmx_check_id_name(f.id));
	free(s);
}
END_TEST

static Suite *make_entry_host(void)
{
	Suite *s = suite_create("entry_host");
	TCase *tc = tcase_create("host");

	tcase_add_test(tc, test_host32_ok);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_entry_host);
