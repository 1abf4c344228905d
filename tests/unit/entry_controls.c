// SPDX-License-Identifier: MIT
/*
 * entry_controls.c - checks on the VMX controls (SDM 27.2.1): one failing
 * mutation per check ID and boundary cases that still pass. Expected
 * outcome of every failure: VMfailValid(7).
 */
#include <stdlib.h>

#include "entry_common.h"

#define MAXP NVMX_PRESET_MAX
#define SKX NVMX_PRESET_SKYLAKE_SERVER
#define ICX NVMX_PRESET_ICELAKE_SERVER
#define SPR NVMX_PRESET_SAPPHIRE_RAPIDS
#define B(x) NVMX_CTL_MASK(x)
#define PAW52 (1ull << 52)

/* helpers on the baseline */
#define PIN(op, x) EB_##op(v, PIN_BASED_VM_EXEC_CONTROL, x)
#define PROC(op, x) EB_##op(v, CPU_BASED_VM_EXEC_CONTROL, x)
#define PROC2(op, x) EB_##op(v, SECONDARY_VM_EXEC_CONTROL, x)
#define PROC3(x)                                                               \
	(PROC(OR, B(PROC_ACTIVATE_TERTIARY)),                                  \
	 EB_SET(v, TERTIARY_VM_EXEC_CONTROL, x))
#define EXITC(op, x) EB_##op(v, VM_EXIT_CONTROLS, x)
#define ENTRYC(op, x) EB_##op(v, VM_ENTRY_CONTROLS, x)
/* a valid TPR shadow setup (virtual-APIC page in test memory, VTPR 0) */
#define TPR_OK()                                                               \
	(PROC(OR, B(PROC_USE_TPR_SHADOW)),                                     \
	 EB_SET(v, VIRTUAL_APIC_PAGE_ADDR, EB_VAPIC_GPA),                      \
	 EB_SET(v, TPR_THRESHOLD, 0))
#define VID_OK()                                                               \
	(TPR_OK(), PROC2(OR, B(PROC2_VIRT_INTR_DELIVERY)),                     \
	 PIN(OR, B(PIN_EXT_INTR_EXITING)))
#define NO_EPT() PROC2(CLR, B(PROC2_ENABLE_EPT))
#define INJECT(info) EB_SET(v, VM_ENTRY_INTR_INFO, info)
#define CAP_CLR(msr, bits)                                                     \
	nvmx_model_set_msr(m, msr, nvmx_model_get_msr(m, msr) & ~(uint64_t)(bits))

/* --- reserved bits --- */
MUT(pin_rsvd0, PIN(CLR, 1u << 1))
MUT(pin_rsvd1, PIN(OR, 1u << 8))
MUT(proc_rsvd0, PROC(CLR, 1u << 1))
MUT(proc_rsvd1, PROC(OR, 1u << 0))
MUT(proc2_rsvd, PROC2(OR, 1u << 29))
MUT(proc2_encls, PROC2(OR, B(PROC2_ENCLS_EXITING)))
MUT(proc2_rsvd_inactive, PROC2(OR, 1u << 29);
    PROC(CLR, B(PROC_ACTIVATE_SECONDARY)))
MUT(proc2_rsvd_no_secondary_model, PROC2(SET, 0))
MUT(proc3_rsvd, PROC3(1ull << 5))
MUT(proc3_rsvd_inactive, EB_SET(v, TERTIARY_VM_EXEC_CONTROL, 1ull << 5))
MUT(proc3_hi, PROC3(1ull << 40))
/* non-TRUE MSRs (BASIC[55] = 0): CR3-load exiting is a must-be-1 bit */
MUT(no_true_ctls, nvmx_model_set_msr(m, NVMX_MSR_VMX_BASIC,
				     nvmx_model_get_msr(m, NVMX_MSR_VMX_BASIC) &
					     ~NVMX_BASIC_TRUE_CTLS);
    PROC(CLR, B(PROC_CR3_LOAD_EXITING)))
MUT(no_true_ctls_ok, nvmx_model_set_msr(m, NVMX_MSR_VMX_BASIC,
					nvmx_model_get_msr(m, NVMX_MSR_VMX_BASIC) &
						~NVMX_BASIC_TRUE_CTLS);
    PIN(OR, NVMX_PIN_DEFAULT1); PROC(OR, NVMX_PROC_DEFAULT1);
    EXITC(OR, NVMX_EXIT_DEFAULT1); ENTRYC(OR, NVMX_ENTRY_DEFAULT1))
/* --- CR3 targets --- */
MUT(cr3_count5, EB_SET(v, CR3_TARGET_COUNT, 5))
MUT(cr3_count4, EB_SET(v, CR3_TARGET_COUNT, 4))
/* --- I/O and MSR bitmaps --- */
MUT(io_align_b, PROC(OR, B(PROC_USE_IO_BITMAPS)); EB_SET(v, IO_BITMAP_A, 0x1000);
    EB_SET(v, IO_BITMAP_B, 0x2008))
MUT(io_paw_a, PROC(OR, B(PROC_USE_IO_BITMAPS)); EB_SET(v, IO_BITMAP_A, PAW52);
    EB_SET(v, IO_BITMAP_B, 0x2000))
MUT(io_paw_edge, PROC(OR, B(PROC_USE_IO_BITMAPS));
    EB_SET(v, IO_BITMAP_A, PAW52 - 0x1000); EB_SET(v, IO_BITMAP_B, PAW52 - 0x2000))
MUT(io_unused, EB_SET(v, IO_BITMAP_A, 0x123))
MUT(msr_align, PROC(OR, B(PROC_USE_MSR_BITMAPS)); EB_SET(v, MSR_BITMAP, 0x1800))
MUT(msr_paw46, PROC(OR, B(PROC_USE_MSR_BITMAPS)); EB_SET(v, MSR_BITMAP, 1ull << 46))
MUT(msr_edge46, PROC(OR, B(PROC_USE_MSR_BITMAPS));
    EB_SET(v, MSR_BITMAP, (1ull << 46) - 0x1000))
/* --- TPR shadow --- */
MUT(vapic_align, TPR_OK(); EB_SET(v, VIRTUAL_APIC_PAGE_ADDR, EB_VAPIC_GPA + 0x80))
MUT(vapic_paw, TPR_OK(); EB_SET(v, VIRTUAL_APIC_PAGE_ADDR, PAW52))
MUT(tpr_ok, TPR_OK())
MUT(tpr_rsvd, TPR_OK(); EB_SET(v, TPR_THRESHOLD, 0x10))
MUT(tpr_rsvd_vid, VID_OK(); EB_SET(v, TPR_THRESHOLD, 0x10))
MUT(vtpr_low, TPR_OK(); EB_SET(v, TPR_THRESHOLD, 5);
    s->mem.bytes[EB_VAPIC_GPA + 0x80 - EB_MEM_BASE] = 0x40)
MUT(vtpr_equal, TPR_OK(); EB_SET(v, TPR_THRESHOLD, 5);
    s->mem.bytes[EB_VAPIC_GPA + 0x80 - EB_MEM_BASE] = 0x5f)
MUT(vtpr_apic_access, TPR_OK(); EB_SET(v, TPR_THRESHOLD, 5);
    PROC2(OR, B(PROC2_VIRT_APIC_ACCESSES)); EB_SET(v, APIC_ACCESS_ADDR, 0x3000))
MUT(vtpr_unreadable, TPR_OK(); EB_SET(v, TPR_THRESHOLD, 15); e->read_gpa = NULL)
/* --- NMI --- */
MUT(vnmi_no_nmi, PIN(CLR, B(PIN_NMI_EXITING)); PIN(OR, B(PIN_VIRTUAL_NMIS)))
MUT(nmiwin_no_vnmi, PROC(OR, B(PROC_NMI_WINDOW_EXITING)))
MUT(nmiwin_vnmi, PIN(OR, B(PIN_VIRTUAL_NMIS)); PROC(OR, B(PROC_NMI_WINDOW_EXITING)))
/* --- APIC virtualization --- */
MUT(apic_access_align, PROC2(OR, B(PROC2_VIRT_APIC_ACCESSES));
    EB_SET(v, APIC_ACCESS_ADDR, 0x3001))
MUT(apic_access_paw, PROC2(OR, B(PROC2_VIRT_APIC_ACCESSES));
    EB_SET(v, APIC_ACCESS_ADDR, PAW52 | 0x3000))
MUT(x2apic_no_tpr, PROC2(OR, B(PROC2_VIRT_X2APIC_MODE)))
MUT(x2apic_tpr, TPR_OK(); PROC2(OR, B(PROC2_VIRT_X2APIC_MODE)))
MUT(apicreg_no_tpr, PROC2(OR, B(PROC2_APIC_REG_VIRT)))
MUT(vid_no_tpr, PROC2(OR, B(PROC2_VIRT_INTR_DELIVERY)))
MUT(x2apic_and_access, TPR_OK(); PROC2(OR, B(PROC2_VIRT_X2APIC_MODE) |
				       B(PROC2_VIRT_APIC_ACCESSES));
    EB_SET(v, APIC_ACCESS_ADDR, 0x3000))
MUT(vid_no_extint, VID_OK(); PIN(CLR, B(PIN_EXT_INTR_EXITING)))
MUT(vid_ok, VID_OK())
/* --- posted interrupts --- */
#define PI_OK()                                                                \
	(VID_OK(), PIN(OR, B(PIN_POSTED_INTR)),                                \
	 EB_SET(v, POSTED_INTR_NOTIFICATION_VECTOR, 0xf2),                     \
	 EB_SET(v, POSTED_INTR_DESC_ADDR, 0x4000))
MUT(pi_ok, PI_OK())
MUT(pi_vec_ff, PI_OK(); EB_SET(v, POSTED_INTR_NOTIFICATION_VECTOR, 0xff))
MUT(pi_desc_40, PI_OK(); EB_SET(v, POSTED_INTR_DESC_ADDR, 0x4040))
MUT(pi_no_vid, PI_OK(); PROC2(CLR, B(PROC2_VIRT_INTR_DELIVERY)))
MUT(pi_no_ack, PI_OK(); EXITC(CLR, B(EXIT_ACK_INTR_ON_EXIT)))
MUT(pi_vec, PI_OK(); EB_SET(v, POSTED_INTR_NOTIFICATION_VECTOR, 0x100))
MUT(pi_desc_align, PI_OK(); EB_SET(v, POSTED_INTR_DESC_ADDR, 0x4020))
MUT(pi_desc_paw, PI_OK(); EB_SET(v, POSTED_INTR_DESC_ADDR, PAW52))
/* --- VPID, EPT --- */
MUT(vpid0, EB_SET(v, VIRTUAL_PROCESSOR_ID, 0))
MUT(vpid0_off, EB_SET(v, VIRTUAL_PROCESSOR_ID, 0); PROC2(CLR, B(PROC2_ENABLE_VPID)))
MUT(eptp_mt1, EB_SET(v, EPT_POINTER, 0x5000 | (3 << 3) | 1))
MUT(eptp_uc, EB_SET(v, EPT_POINTER, 0x5000 | (3 << 3) | 0))
MUT(eptp_no_wb, CAP_CLR(NVMX_MSR_VMX_EPT_VPID_CAP, NVMX_EPT_CAP_MT_WB))
MUT(eptp_walk5, EB_SET(v, EPT_POINTER, 0x5000 | (4 << 3) | 6))
MUT(eptp_walk2, EB_SET(v, EPT_POINTER, 0x5000 | (1 << 3) | 6))
MUT(eptp_ad, EB_SET(v, EPT_POINTER, 0x5000 | (1 << 6) | (3 << 3) | 6))
MUT(eptp_ad_nocap, CAP_CLR(NVMX_MSR_VMX_EPT_VPID_CAP, NVMX_EPT_CAP_AD);
    EB_SET(v, EPT_POINTER, 0x5000 | (1 << 6) | (3 << 3) | 6))
MUT(eptp_sss, EB_SET(v, EPT_POINTER, 0x5000 | (1 << 7) | (3 << 3) | 6))
MUT(eptp_bit8, EB_SET(v, EPT_POINTER, 0x5000 | (1 << 8) | (3 << 3) | 6))
MUT(eptp_paw46, EB_SET(v, EPT_POINTER, (1ull << 46) | (3 << 3) | 6))
MUT(eptp_edge46, EB_SET(v, EPT_POINTER, ((1ull << 46) - 0x1000) | (3 << 3) | 6))
MUT(eptp_off_garbage, NO_EPT(); EB_SET(v, EPT_POINTER, ~0ull))
MUT(pml_no_ept, NO_EPT(); PROC2(OR, B(PROC2_ENABLE_PML)); EB_SET(v, PML_ADDRESS, 0x6000))
MUT(pml_addr, PROC2(OR, B(PROC2_ENABLE_PML)); EB_SET(v, PML_ADDRESS, 0x6010))
MUT(pml_ok, PROC2(OR, B(PROC2_ENABLE_PML)); EB_SET(v, PML_ADDRESS, PAW52 - 0x1000))
MUT(urg_no_ept, NO_EPT(); PROC2(OR, B(PROC2_UNRESTRICTED_GUEST)))
MUT(urg_ept, PROC2(OR, B(PROC2_UNRESTRICTED_GUEST)))
MUT(mbec_no_ept, NO_EPT(); PROC2(OR, B(PROC2_MODE_BASED_EPT_EXEC)))
MUT(spp_no_ept, NO_EPT(); PROC2(OR, B(PROC2_SUBPAGE_WRITE_PERM));
    EB_SET(v, SPPT_POINTER, 0x7000))
MUT(spptp, PROC2(OR, B(PROC2_SUBPAGE_WRITE_PERM)); EB_SET(v, SPPT_POINTER, 0x7800))
MUT(spptp_ok, PROC2(OR, B(PROC2_SUBPAGE_WRITE_PERM)); EB_SET(v, SPPT_POINTER, 0x7000))
/* --- VM functions, shadowing, #VE, PT, TSC scaling --- */
MUT(vmfunc_rsvd, PROC2(OR, B(PROC2_ENABLE_VMFUNC)); EB_SET(v, VM_FUNCTION_CONTROL, 2))
MUT(vmfunc_ok, PROC2(OR, B(PROC2_ENABLE_VMFUNC)); EB_SET(v, VM_FUNCTION_CONTROL, 1);
    EB_SET(v, EPTP_LIST_ADDRESS, 0x8000))
MUT(vmfunc_off, EB_SET(v, VM_FUNCTION_CONTROL, ~0ull))
MUT(eptpsw_no_ept, NO_EPT(); PROC2(OR, B(PROC2_ENABLE_VMFUNC));
    EB_SET(v, VM_FUNCTION_CONTROL, 1); EB_SET(v, EPTP_LIST_ADDRESS, 0x8000))
MUT(eptp_list, PROC2(OR, B(PROC2_ENABLE_VMFUNC)); EB_SET(v, VM_FUNCTION_CONTROL, 1);
    EB_SET(v, EPTP_LIST_ADDRESS, 0x8004))
MUT(vmread_bitmap, PROC2(OR, B(PROC2_VMCS_SHADOWING));
    EB_SET(v, VMREAD_BITMAP, 0x9001); EB_SET(v, VMWRITE_BITMAP, 0xa000))
MUT(vmwrite_bitmap, PROC2(OR, B(PROC2_VMCS_SHADOWING));
    EB_SET(v, VMREAD_BITMAP, 0x9000); EB_SET(v, VMWRITE_BITMAP, PAW52))
MUT(ve_info, PROC2(OR, B(PROC2_EPT_VIOLATION_VE));
    EB_SET(v, VE_INFORMATION_ADDRESS, 0xb008))
MUT(ve_ok, PROC2(OR, B(PROC2_EPT_VIOLATION_VE));
    EB_SET(v, VE_INFORMATION_ADDRESS, 0xb000))
MUT(pt_gpa, PROC2(OR, B(PROC2_PT_USE_GPA)); EXITC(OR, B(EXIT_CLEAR_RTIT_CTL)))
MUT(pt_gpa_ok, PROC2(OR, B(PROC2_PT_USE_GPA)); EXITC(OR, B(EXIT_CLEAR_RTIT_CTL));
    ENTRYC(OR, B(ENTRY_LOAD_RTIT_CTL)))
MUT(tsc_mult0, PROC2(OR, B(PROC2_USE_TSC_SCALING)); EB_SET(v, TSC_MULTIPLIER, 0))
MUT(tsc_mult1, PROC2(OR, B(PROC2_USE_TSC_SCALING)); EB_SET(v, TSC_MULTIPLIER, 1))
/* --- tertiary controls --- */
MUT(hlat_no_ept, NO_EPT(); PROC3(B(PROC3_ENABLE_HLAT)); EB_SET(v, HLAT_POINTER, 0xc000))
MUT(hlatp, PROC3(B(PROC3_ENABLE_HLAT)); EB_SET(v, HLAT_POINTER, 0xc001))
MUT(hlatp_ok, PROC3(B(PROC3_ENABLE_HLAT)); EB_SET(v, HLAT_POINTER, 0xc018))
MUT(eptpw_no_ept, NO_EPT(); PROC3(B(PROC3_GUEST_PAGING_VERIFY)))
MUT(ipiv_deps, PROC3(B(PROC3_IPI_VIRT)); EB_SET(v, PID_POINTER_TABLE, 0xd000))
MUT(ipiv_table, VID_OK(); PROC3(B(PROC3_IPI_VIRT)); EB_SET(v, PID_POINTER_TABLE, 0xd004))
MUT(ipiv_ok, VID_OK(); PROC3(B(PROC3_IPI_VIRT)); EB_SET(v, PID_POINTER_TABLE, 0xd008))
MUT(apictimer, VID_OK(); PROC3(B(PROC3_APIC_TIMER_VIRT));
    EB_SET(v, VIRTUAL_TIMER_VECTOR, 0x100))
MUT(apictimer_ok, VID_OK(); PROC3(B(PROC3_APIC_TIMER_VIRT));
    EB_SET(v, VIRTUAL_TIMER_VECTOR, 0xec))
/* --- VM-exit controls --- */
MUT(exit_rsvd0, EXITC(CLR, 1u << 0))
MUT(exit_rsvd1, EXITC(OR, B(EXIT_ACTIVATE_SECONDARY)))
MUT(exit2_rsvd, EXITC(OR, B(EXIT_ACTIVATE_SECONDARY));
    EB_SET(v, SECONDARY_VM_EXIT_CONTROLS, 1ull << 4))
MUT(exit2_inactive, EB_SET(v, SECONDARY_VM_EXIT_CONTROLS, ~0ull))
MUT(preempt_save, EXITC(OR, B(EXIT_SAVE_PREEMPTION_TIMER)))
MUT(preempt_save_ok, EXITC(OR, B(EXIT_SAVE_PREEMPTION_TIMER));
    PIN(OR, B(PIN_PREEMPTION_TIMER)))
#define AREA(CNT, ADR, n, a) (EB_SET(v, CNT, n), EB_SET(v, ADR, a))
MUT(xstore_align, AREA(VM_EXIT_MSR_STORE_COUNT, VM_EXIT_MSR_STORE_ADDR, 1, 0x1008))
MUT(xstore_paw, AREA(VM_EXIT_MSR_STORE_COUNT, VM_EXIT_MSR_STORE_ADDR, 1, PAW52))
MUT(xstore_end, AREA(VM_EXIT_MSR_STORE_COUNT, VM_EXIT_MSR_STORE_ADDR, 2, PAW52 - 16))
MUT(xstore_edge, AREA(VM_EXIT_MSR_STORE_COUNT, VM_EXIT_MSR_STORE_ADDR, 1, PAW52 - 16))
MUT(xstore_zero, AREA(VM_EXIT_MSR_STORE_COUNT, VM_EXIT_MSR_STORE_ADDR, 0, 0x1008))
MUT(xload_align, AREA(VM_EXIT_MSR_LOAD_COUNT, VM_EXIT_MSR_LOAD_ADDR, 1, 0x1001))
MUT(xload_paw, AREA(VM_EXIT_MSR_LOAD_COUNT, VM_EXIT_MSR_LOAD_ADDR, 1, ~0ull << 4))
MUT(xload_end, AREA(VM_EXIT_MSR_LOAD_COUNT, VM_EXIT_MSR_LOAD_ADDR, 0x101,
		    (1ull << 46) - 0x1000))
MUT(xload_edge, AREA(VM_EXIT_MSR_LOAD_COUNT, VM_EXIT_MSR_LOAD_ADDR, 0x1000,
		     PAW52 - 0x10000))
/* --- VM-entry controls and event injection --- */
MUT(entry_rsvd0, ENTRYC(CLR, 1u << 0))
MUT(entry_rsvd1, ENTRYC(OR, B(ENTRY_LOAD_CET_STATE)))
MUT(evt_type1, INJECT(0x80000100u))
MUT(evt_type7_nomtf,
    nvmx_model_set_msr(m, NVMX_MSR_VMX_PROCBASED_CTLS,
		       nvmx_model_get_msr(m, NVMX_MSR_VMX_PROCBASED_CTLS) &
			       ~(B(PROC_MONITOR_TRAP_FLAG) << 32));
    INJECT(0x80000700u))
MUT(evt_type7_mtf, INJECT(0x80000700u))
MUT(evt_invalid_bit, INJECT(0x00000100u))
MUT(evt_nmi_vec, INJECT(0x80000203u))
MUT(evt_nmi_ok, INJECT(0x80000202u))
MUT(evt_hwexc_vec, INJECT(0x80000320u))
MUT(evt_hwexc_31, INJECT(0x8000031fu))
MUT(evt_other_vec, INJECT(0x80000701u))
MUT(evt_ec_missing, INJECT(0x8000030du))
MUT(evt_ec_ok, INJECT(0x80000b0du))
MUT(evt_ec_cp_missing, INJECT(0x80000315u))
MUT(evt_ec_unexp_type, INJECT(0x80000820u); EB_OR(v, GUEST_RFLAGS, 1u << 9))
MUT(evt_ec_unexp_vec, INJECT(0x80000b06u))
MUT(evt_ec_unexp_realmode, PROC2(OR, B(PROC2_UNRESTRICTED_GUEST));
    EB_CLR(v, GUEST_CR0, 0x80000001u); INJECT(0x80000b0du))
MUT(evt_rsvd, INJECT(0x80001306u))
MUT(evt_nested_ok, INJECT(0x80002306u))
MUT(evt_nested_type, INJECT(0x80002020u); EB_OR(v, GUEST_RFLAGS, 1u << 9))
MUT(evt_ec_rsvd, INJECT(0x80000b0du); EB_SET(v, VM_ENTRY_EXCEPTION_ERROR_CODE, 0x10000))
MUT(evt_ec_ffff, INJECT(0x80000b0du); EB_SET(v, VM_ENTRY_EXCEPTION_ERROR_CODE, 0xffff))
MUT(evt_len16, INJECT(0x80000480u); EB_SET(v, VM_ENTRY_INSTRUCTION_LEN, 16))
MUT(evt_len15, INJECT(0x80000480u); EB_SET(v, VM_ENTRY_INSTRUCTION_LEN, 15))
MUT(evt_len0, INJECT(0x80000603u); EB_SET(v, VM_ENTRY_INSTRUCTION_LEN, 0))
MUT(evt_len0_nomisc, CAP_CLR(NVMX_MSR_VMX_MISC, NVMX_MISC_ZERO_LEN_INJECT);
    INJECT(0x80000603u); EB_SET(v, VM_ENTRY_INSTRUCTION_LEN, 0))
MUT(evt_fred_len, EB_OR(v, GUEST_CR4, NVMX_CR4_FRED); INJECT(0x80000701u);
    EB_SET(v, VM_ENTRY_INSTRUCTION_LEN, 16))
MUT(evt_fred_vec3, EB_OR(v, GUEST_CR4, NVMX_CR4_FRED); INJECT(0x80000703u))
#define ELOAD(n, a) AREA(VM_ENTRY_MSR_LOAD_COUNT, VM_ENTRY_MSR_LOAD_ADDR, n, a)
MUT(eload_align, ELOAD(1, EB_MSRLOAD_GPA + 8))
MUT(eload_paw, ELOAD(1, PAW52))
MUT(eload_end, ELOAD(2, PAW52 - 16))
MUT(smm_outside, ENTRYC(OR, B(ENTRY_ENTRY_TO_SMM)))
MUT(dual_outside, ENTRYC(OR, B(ENTRY_DEACT_DUAL_MONITOR)))
MUT(smm_both, e->in_smm = true;
    ENTRYC(OR, B(ENTRY_ENTRY_TO_SMM) | B(ENTRY_DEACT_DUAL_MONITOR)))
/* ordering inside the group and across groups */
MUT(pin_and_cr3, PIN(CLR, 1u << 1); EB_SET(v, CR3_TARGET_COUNT, 9))
MUT(exit_and_exec, EXITC(CLR, 1u << 0); EB_SET(v, VIRTUAL_PROCESSOR_ID, 0))
MUT(entry_and_host, INJECT(0x80000100u); EB_SET(v, HOST_CS_SELECTOR, 0))

static const struct entry_case ctl_cases[] = {
	EC_CTL(CTL_EXEC_PIN_RSVD0, PIN_BASED_VM_EXEC_CONTROL, MAXP, pin_rsvd0),
	EC_CTL(CTL_EXEC_PIN_RSVD1, PIN_BASED_VM_EXEC_CONTROL, MAXP, pin_rsvd1),
	EC_CTL(CTL_EXEC_PROC_RSVD0, CPU_BASED_VM_EXEC_CONTROL, MAXP, proc_rsvd0),
	EC_CTL(CTL_EXEC_PROC_RSVD1, CPU_BASED_VM_EXEC_CONTROL, MAXP, proc_rsvd1),
	EC_CTL(CTL_EXEC_PROC_RSVD0, CPU_BASED_VM_EXEC_CONTROL, MAXP, no_true_ctls),
	EC_PASS(no_true_ctls_ok, MAXP),
	EC_PASS(no_true_ctls_ok, SKX),
	EC_CTL(CTL_EXEC_PROC2_RSVD, SECONDARY_VM_EXEC_CONTROL, MAXP, proc2_rsvd),
	EC_CTL(CTL_EXEC_PROC2_RSVD, SECONDARY_VM_EXEC_CONTROL, SKX, proc2_encls),
	EC_PASS(proc2_encls, ICX),
	EC_PASS(proc2_rsvd_inactive, MAXP),
	EC_PASS(proc2_rsvd_no_secondary_model, MAXP),
	EC_CTL(CTL_EXEC_PROC_RSVD1, CPU_BASED_VM_EXEC_CONTROL, SKX, proc3_rsvd),
	EC_CTL(CTL_EXEC_PROC3_RSVD, TERTIARY_VM_EXEC_CONTROL, MAXP, proc3_rsvd),
	EC_CTL(CTL_EXEC_PROC3_RSVD, TERTIARY_VM_EXEC_CONTROL, MAXP, proc3_hi),
	EC_PASS(proc3_rsvd_inactive, MAXP),
	EC_CTL(CTL_EXEC_CR3_COUNT, CR3_TARGET_COUNT, MAXP, cr3_count5),
	EC_PASS(cr3_count4, MAXP),
	EC_CTL(CTL_EXEC_IO_BITMAP_ALIGN, IO_BITMAP_B, MAXP, io_align_b),
	EC_CTL(CTL_EXEC_IO_BITMAP_PAW, IO_BITMAP_A, MAXP, io_paw_a),
	EC_PASS(io_paw_edge, MAXP),
	EC_PASS(io_unused, MAXP),
	EC_CTL(CTL_EXEC_MSR_BITMAP_ALIGN, MSR_BITMAP, MAXP, msr_align),
	EC_CTL(CTL_EXEC_MSR_BITMAP_PAW, MSR_BITMAP, SKX, msr_paw46),
	EC_PASS(msr_paw46, MAXP),
	EC_PASS(msr_edge46, SKX),
	EC_CTL(CTL_EXEC_VAPIC_ALIGN, VIRTUAL_APIC_PAGE_ADDR, MAXP, vapic_align),
	EC_CTL(CTL_EXEC_VAPIC_PAW, VIRTUAL_APIC_PAGE_ADDR, MAXP, vapic_paw),
	EC_PASS(tpr_ok, MAXP),
	EC_PASS(tpr_ok, SKX),
	EC_CTL(CTL_EXEC_TPR_THRESHOLD_RSVD, TPR_THRESHOLD, MAXP, tpr_rsvd),
	EC_PASS(tpr_rsvd_vid, MAXP),
	EC_CTL(CTL_EXEC_TPR_THRESHOLD_VTPR, TPR_THRESHOLD, MAXP, vtpr_low),
	EC_PASS(vtpr_equal, MAXP),
	EC_PASS(vtpr_apic_access, MAXP),
	EC_PASS(vtpr_unreadable, MAXP),
	EC_CTL(CTL_EXEC_VNMI_NEEDS_NMI_EXIT, PIN_BASED_VM_EXEC_CONTROL, MAXP, vnmi_no_nmi),
	EC_CTL(CTL_EXEC_NMIWIN_NEEDS_VNMI, CPU_BASED_VM_EXEC_CONTROL, MAXP, nmiwin_no_vnmi),
	EC_PASS(nmiwin_vnmi, MAXP),
	EC_CTL(CTL_EXEC_APIC_ACCESS_ALIGN, APIC_ACCESS_ADDR, MAXP, apic_access_align),
	EC_CTL(CTL_EXEC_APIC_ACCESS_PAW, APIC_ACCESS_ADDR, MAXP, apic_access_paw),
	EC_CTL(CTL_EXEC_X2APIC_NEEDS_TPR, SECONDARY_VM_EXEC_CONTROL, MAXP, x2apic_no_tpr),
	EC_PASS(x2apic_tpr, MAXP),
	EC_CTL(CTL_EXEC_APICREG_NEEDS_TPR, SECONDARY_VM_EXEC_CONTROL, MAXP, apicreg_no_tpr),
	EC_CTL(CTL_EXEC_VID_NEEDS_TPR, SECONDARY_VM_EXEC_CONTROL, MAXP, vid_no_tpr),
	EC_CTL(CTL_EXEC_X2APIC_VS_APIC_ACCESS, SECONDARY_VM_EXEC_CONTROL, MAXP, x2apic_and_access),
	EC_CTL(CTL_EXEC_VID_NEEDS_EXTINT_EXIT, PIN_BASED_VM_EXEC_CONTROL, MAXP, vid_no_extint),
	EC_PASS(vid_ok, MAXP),
	EC_PASS(pi_ok, MAXP),
	EC_PASS(pi_ok, SPR),
	EC_PASS(pi_vec_ff, MAXP),
	EC_PASS(pi_desc_40, MAXP),
	EC_CTL(CTL_EXEC_PI_NEEDS_VID, PIN_BASED_VM_EXEC_CONTROL, MAXP, pi_no_vid),
	EC_CTL(CTL_EXEC_PI_NEEDS_ACK, VM_EXIT_CONTROLS, MAXP, pi_no_ack),
	EC_CTL(CTL_EXEC_PI_VECTOR, POSTED_INTR_NOTIFICATION_VECTOR, MAXP, pi_vec),
	EC_CTL(CTL_EXEC_PI_DESC_ALIGN, POSTED_INTR_DESC_ADDR, MAXP, pi_desc_align),
	EC_CTL(CTL_EXEC_PI_DESC_PAW, POSTED_INTR_DESC_ADDR, MAXP, pi_desc_paw),
	EC_CTL(CTL_EXEC_VPID_ZERO, VIRTUAL_PROCESSOR_ID, MAXP, vpid0),
	EC_PASS(vpid0_off, MAXP),
	EC_CTL(CTL_EXEC_EPTP_MEMTYPE, EPT_POINTER, MAXP, eptp_mt1),
	EC_CTL(CTL_EXEC_EPTP_MEMTYPE, EPT_POINTER, MAXP, eptp_no_wb),
	EC_PASS(eptp_uc, MAXP),
	EC_CTL(CTL_EXEC_EPTP_WALK, EPT_POINTER, SKX, eptp_walk5),
	EC_CTL(CTL_EXEC_EPTP_WALK, EPT_POINTER, MAXP, eptp_walk2),
	EC_PASS(eptp_walk5, ICX),
	EC_CTL(CTL_EXEC_EPTP_AD, EPT_POINTER, MAXP, eptp_ad_nocap),
	EC_PASS(eptp_ad, SKX),
	EC_CTL(CTL_EXEC_EPTP_SSS, EPT_POINTER, ICX, eptp_sss),
	EC_PASS(eptp_sss, SPR),
	EC_CTL(CTL_EXEC_EPTP_RSVD, EPT_POINTER, MAXP, eptp_bit8),
	EC_CTL(CTL_EXEC_EPTP_RSVD, EPT_POINTER, SKX, eptp_paw46),
	EC_PASS(eptp_edge46, SKX),
	EC_PASS(eptp_paw46, SPR),
	EC_PASS(eptp_off_garbage, MAXP),
	EC_CTL(CTL_EXEC_PML_NEEDS_EPT, SECONDARY_VM_EXEC_CONTROL, MAXP, pml_no_ept),
	EC_CTL(CTL_EXEC_PML_ADDR, PML_ADDRESS, MAXP, pml_addr),
	EC_PASS(pml_ok, MAXP),
	EC_CTL(CTL_EXEC_URG_NEEDS_EPT, SECONDARY_VM_EXEC_CONTROL, MAXP, urg_no_ept),
	EC_PASS(urg_ept, MAXP),
	EC_CTL(CTL_EXEC_MBEC_NEEDS_EPT, SECONDARY_VM_EXEC_CONTROL, MAXP, mbec_no_ept),
	EC_CTL(CTL_EXEC_SPP_NEEDS_EPT, SECONDARY_VM_EXEC_CONTROL, MAXP, spp_no_ept),
	EC_CTL(CTL_EXEC_SPPTP, SPPT_POINTER, MAXP, spptp),
	EC_PASS(spptp_ok, MAXP),
	EC_CTL(CTL_EXEC_VMFUNC_RSVD, VM_FUNCTION_CONTROL, MAXP, vmfunc_rsvd),
	EC_PASS(vmfunc_ok, MAXP),
	EC_PASS(vmfunc_off, MAXP),
	EC_CTL(CTL_EXEC_EPTPSW_NEEDS_EPT, VM_FUNCTION_CONTROL, MAXP, eptpsw_no_ept),
	EC_CTL(CTL_EXEC_EPTP_LIST, EPTP_LIST_ADDRESS, MAXP, eptp_list),
	EC_CTL(CTL_EXEC_SHADOW_VMREAD_BITMAP, VMREAD_BITMAP, MAXP, vmread_bitmap),
	EC_CTL(CTL_EXEC_SHADOW_VMWRITE_BITMAP, VMWRITE_BITMAP, MAXP, vmwrite_bitmap),
	EC_CTL(CTL_EXEC_VE_INFO, VE_INFORMATION_ADDRESS, MAXP, ve_info),
	EC_PASS(ve_ok, MAXP),
	EC_CTL(CTL_EXEC_PT_GPA_DEPS, SECONDARY_VM_EXEC_CONTROL, MAXP, pt_gpa),
	EC_PASS(pt_gpa_ok, MAXP),
	EC_CTL(CTL_EXEC_TSC_MULT_ZERO, TSC_MULTIPLIER, MAXP, tsc_mult0),
	EC_PASS(tsc_mult1, MAXP),
	EC_CTL(CTL_EXEC_HLAT_NEEDS_EPT, TERTIARY_VM_EXEC_CONTROL, MAXP, hlat_no_ept),
	EC_CTL(CTL_EXEC_HLATP, HLAT_POINTER, MAXP, hlatp),
	EC_PASS(hlatp_ok, MAXP),
	EC_CTL(CTL_EXEC_EPT_PW_NEEDS_EPT, TERTIARY_VM_EXEC_CONTROL, MAXP, eptpw_no_ept),
	EC_CTL(CTL_EXEC_IPIV_DEPS, TERTIARY_VM_EXEC_CONTROL, MAXP, ipiv_deps),
	EC_CTL(CTL_EXEC_IPIV_PIDTABLE, PID_POINTER_TABLE, SPR, ipiv_table),
	EC_PASS(ipiv_ok, SPR),
	EC_CTL(CTL_EXEC_APICTIMER_DEPS, TERTIARY_VM_EXEC_CONTROL, MAXP, apictimer),
	EC_PASS(apictimer_ok, MAXP),
	EC_CTL(CTL_EXIT_RSVD0, VM_EXIT_CONTROLS, MAXP, exit_rsvd0),
	EC_CTL(CTL_EXIT_RSVD1, VM_EXIT_CONTROLS, SKX, exit_rsvd1),
	EC_CTL(CTL_EXIT2_RSVD, SECONDARY_VM_EXIT_CONTROLS, MAXP, exit2_rsvd),
	EC_PASS(exit2_inactive, MAXP),
	EC_CTL(CTL_EXIT_PREEMPT_SAVE, VM_EXIT_CONTROLS, MAXP, preempt_save),
	EC_PASS(preempt_save_ok, MAXP),
	EC_CTL(CTL_EXIT_MSR_STORE_ALIGN, VM_EXIT_MSR_STORE_ADDR, MAXP, xstore_align),
	EC_CTL(CTL_EXIT_MSR_STORE_PAW, VM_EXIT_MSR_STORE_ADDR, MAXP, xstore_paw),
	EC_CTL(CTL_EXIT_MSR_STORE_END, VM_EXIT_MSR_STORE_COUNT, MAXP, xstore_end),
	EC_PASS(xstore_edge, MAXP),
	EC_PASS(xstore_zero, MAXP),
	EC_CTL(CTL_EXIT_MSR_LOAD_ALIGN, VM_EXIT_MSR_LOAD_ADDR, MAXP, xload_align),
	EC_CTL(CTL_EXIT_MSR_LOAD_PAW, VM_EXIT_MSR_LOAD_ADDR, MAXP, xload_paw),
	EC_CTL(CTL_EXIT_MSR_LOAD_END, VM_EXIT_MSR_LOAD_COUNT, SKX, xload_end),
	EC_PASS(xload_edge, MAXP),
	EC_PASS(xload_end, MAXP),
	EC_CTL(CTL_ENTRY_RSVD0, VM_ENTRY_CONTROLS, MAXP, entry_rsvd0),
	EC_CTL(CTL_ENTRY_RSVD1, VM_ENTRY_CONTROLS, SKX, entry_rsvd1),
	EC_CTL(CTL_ENTRY_EVT_TYPE_RSVD, VM_ENTRY_INTR_INFO, MAXP, evt_type1),
	EC_CTL(CTL_ENTRY_EVT_TYPE_RSVD, VM_ENTRY_INTR_INFO, MAXP, evt_type7_nomtf),
	EC_PASS(evt_type7_mtf, MAXP),
	EC_PASS(evt_invalid_bit, MAXP),
	EC_CTL(CTL_ENTRY_EVT_NMI_VEC, VM_ENTRY_INTR_INFO, MAXP, evt_nmi_vec),
	EC_PASS(evt_nmi_ok, MAXP),
	EC_CTL(CTL_ENTRY_EVT_HWEXC_VEC, VM_ENTRY_INTR_INFO, MAXP, evt_hwexc_vec),
	EC_PASS(evt_hwexc_31, MAXP),
	EC_CTL(CTL_ENTRY_EVT_OTHER_VEC, VM_ENTRY_INTR_INFO, MAXP, evt_other_vec),
	EC_CTL(CTL_ENTRY_EVT_OTHER_VEC, VM_ENTRY_INTR_INFO, MAXP, evt_fred_vec3),
	EC_CTL(CTL_ENTRY_EVT_ERRCODE_MISSING, VM_ENTRY_INTR_INFO, SKX, evt_ec_missing),
	EC_CTL(CTL_ENTRY_EVT_ERRCODE_MISSING, VM_ENTRY_INTR_INFO, SKX, evt_ec_cp_missing),
	EC_PASS(evt_ec_missing, MAXP),
	EC_PASS(evt_ec_ok, SKX),
	EC_CTL(CTL_ENTRY_EVT_ERRCODE_UNEXPECTED, VM_ENTRY_INTR_INFO, MAXP, evt_ec_unexp_type),
	EC_CTL(CTL_ENTRY_EVT_ERRCODE_UNEXPECTED, VM_ENTRY_INTR_INFO, SKX, evt_ec_unexp_vec),
	EC_CTL(CTL_ENTRY_EVT_ERRCODE_UNEXPECTED, VM_ENTRY_INTR_INFO, MAXP, evt_ec_unexp_realmode),
	EC_PASS(evt_ec_unexp_vec, MAXP),
	EC_CTL(CTL_ENTRY_EVT_RSVD, VM_ENTRY_INTR_INFO, MAXP, evt_rsvd),
	EC_CTL(CTL_ENTRY_EVT_RSVD, VM_ENTRY_INTR_INFO, SKX, evt_nested_ok),
	EC_PASS(evt_nested_ok, MAXP),
	EC_CTL(CTL_ENTRY_EVT_NESTED_TYPE, VM_ENTRY_INTR_INFO, MAXP, evt_nested_type),
	EC_CTL(CTL_ENTRY_EVT_ERRCODE_RSVD, VM_ENTRY_EXCEPTION_ERROR_CODE, MAXP, evt_ec_rsvd),
	EC_PASS(evt_ec_ffff, MAXP),
	EC_CTL(CTL_ENTRY_EVT_INSTLEN, VM_ENTRY_INSTRUCTION_LEN, MAXP, evt_len16),
	EC_CTL(CTL_ENTRY_EVT_INSTLEN, VM_ENTRY_INSTRUCTION_LEN, MAXP, evt_len0_nomisc),
	EC_PASS(evt_len15, MAXP),
	EC_PASS(evt_len0, MAXP),
	EC_CTL(CTL_ENTRY_EVT_INSTLEN_FRED, VM_ENTRY_INSTRUCTION_LEN, MAXP, evt_fred_len),
	EC_CTL(CTL_ENTRY_MSR_LOAD_ALIGN, VM_ENTRY_MSR_LOAD_ADDR, MAXP, eload_align),
	EC_CTL(CTL_ENTRY_MSR_LOAD_PAW, VM_ENTRY_MSR_LOAD_ADDR, MAXP, eload_paw),
	EC_CTL(CTL_ENTRY_MSR_LOAD_END, VM_ENTRY_MSR_LOAD_COUNT, MAXP, eload_end),
	EC_CTL(CTL_ENTRY_SMM_OUTSIDE, VM_ENTRY_CONTROLS, MAXP, smm_outside),
	EC_CTL(CTL_ENTRY_SMM_OUTSIDE, VM_ENTRY_CONTROLS, MAXP, dual_outside),
	EC_CTL(CTL_ENTRY_SMM_BOTH, VM_ENTRY_CONTROLS, MAXP, smm_both),
	EC_CTL(CTL_EXEC_PIN_RSVD0, PIN_BASED_VM_EXEC_CONTROL, MAXP, pin_and_cr3),
	EC_CTL(CTL_EXEC_VPID_ZERO, VIRTUAL_PROCESSOR_ID, MAXP, exit_and_exec),
	EC_CTL(CTL_ENTRY_EVT_TYPE_RSVD, VM_ENTRY_INTR_INFO, MAXP, entry_and_host),
};
ENTRY_CASE_TABLE(ctl_cases);

/* The table cases run in entry_common.c; this suite adds nothing but
 * keeps the file a self-standing unit for the runner's name filter. */
START_TEST(test_ctl_table_nonempty)
{
	ck_assert_uint_gt(sizeof(ctl_cases) / sizeof(ctl_cases[0]), 100);
}
END_TEST

static Suite *make_entry_controls(void)
{
	Suite *s = suite_create("entry_controls");
	TCase *tc = tcase_create("controls");

	tcase_add_test(tc, test_ctl_table_nonempty);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_entry_controls);
