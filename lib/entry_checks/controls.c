// SPDX-License-Identifier: MIT
/*
 * controls.c - checks on the VMX controls (SDM Vol. 3 27.2.1):
 * VM-execution (27.2.1.1), VM-exit (27.2.1.2) and VM-entry (27.2.1.3)
 * control fields, in the order the SDM lists them. Every failure is
 * VMfailValid(7) "VM entry with invalid control field(s)".
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

static uint64_t cap(const struct nvmx_model *m, uint32_t msr)
{
	return m->msr[msr - NVMX_MSR_VMX_FIRST];
}

/* The words as VM entry sees them: secondary/tertiary/secondary-exit act
 * as 0 when the primary word does not activate them (SDM 27.2.1.1/.2). */
struct words {
	uint64_t pin, proc, proc2, proc3, exit, exit2, entry;
};

static void load_words(struct nvmx_entry_ctx *c, struct words *w)
{
	w->pin = NVMX_F(c, PIN_BASED_VM_EXEC_CONTROL);
	w->proc = NVMX_F(c, CPU_BASED_VM_EXEC_CONTROL);
	w->proc2 = (w->proc & B(PROC_ACTIVATE_SECONDARY)) ?
			   NVMX_F(c, SECONDARY_VM_EXEC_CONTROL) :
			   0;
	w->proc3 = (w->proc & B(PROC_ACTIVATE_TERTIARY)) ?
			   NVMX_F(c, TERTIARY_VM_EXEC_CONTROL) :
			   0;
	w->exit = NVMX_F(c, VM_EXIT_CONTROLS);
	w->exit2 = (w->exit & B(EXIT_ACTIVATE_SECONDARY)) ?
			   NVMX_F(c, SECONDARY_VM_EXIT_CONTROLS) :
			   0;
	w->entry = NVMX_F(c, VM_ENTRY_CONTROLS);
}

static bool must_be_1_missing(const struct nvmx_model *m, enum nvmx_ctl_word w,
			      uint64_t val)
{
	uint64_t a0 = nvmx_model_allowed0(m, w);

	return (val & a0) != a0;
}

/*
 * A 1 where the allowed-1 setting is 0 (SDM 27.2.1.1), or a control that a
 * COMPAT restore kept visible to L1 although L0 withdrew it (m->revoked,
 * <nvmx/msr.h>): VM entry fails for it as for an unsupported control, so a
 * VM that never uses the control migrates and one that does fails cleanly.
 */
static bool must_be_0_set(const struct nvmx_model *m, enum nvmx_ctl_word w,
			  uint64_t val)
{
	return (val & (~nvmx_model_allowed1(m, w) | m->revoked[w])) != 0;
}

/* SDM 27.2.1.1: "bits 11:0 ... must be 0; ... not beyond the
 * physical-address width" */
static bool page_bad(const struct nvmx_model *m, uint64_t a)
{
	return !nvmx_page_ok(m, a);
}

/* SDM 27.2.1.1: the EPTP (SDM 25.6.11 for the layout). */
static void check_eptp(struct nvmx_entry_ctx *c)
{
	uint64_t eptp = NVMX_F(c, EPT_POINTER);
	uint64_t ept_cap = cap(c->m, NVMX_MSR_VMX_EPT_VPID_CAP);
	unsigned int mt = eptp & 7, walk = (eptp >> 3) & 7;

	FAIL_IF(c,
		!((mt == 0 && (ept_cap & NVMX_EPT_CAP_MT_UC)) ||
		  (mt == 6 && (ept_cap & NVMX_EPT_CAP_MT_WB))),
		CTL_EXEC_EPTP_MEMTYPE);
	FAIL_IF(c,
		!((walk == 3 && (ept_cap & NVMX_EPT_CAP_PWL4)) ||
		  (walk == 4 && (ept_cap & NVMX_EPT_CAP_PWL5))),
		CTL_EXEC_EPTP_WALK);
	FAIL_IF(c, (eptp & (1u << 6)) && !(ept_cap & NVMX_EPT_CAP_AD),
		CTL_EXEC_EPTP_AD);
	FAIL_IF(c, (eptp & (1u << 7)) && !(ept_cap & NVMX_EPT_CAP_SSS),
		CTL_EXEC_EPTP_SSS);
	FAIL_IF(c, (eptp & 0xf00u) || !nvmx_paw_ok(c->m, eptp),
		CTL_EXEC_EPTP_RSVD);
}

/* SDM 27.2.1.1 "VM-execution control fields". */
static void check_exec(struct nvmx_entry_ctx *c, const struct words *w)
{
	const struct nvmx_model *m = c->m;
	uint64_t pin = w->pin, proc = w->proc, p2 = w->proc2, p3 = w->proc3;
	bool tpr = proc & B(PROC_USE_TPR_SHADOW);
	bool vid = p2 & B(PROC2_VIRT_INTR_DELIVERY);
	bool ept = p2 & B(PROC2_ENABLE_EPT);

	/* reserved bits against allowed-0 / allowed-1 (SDM A.3) */
	FAIL_IF(c, must_be_1_missing(m, NVMX_WORD_PIN, pin), CTL_EXEC_PIN_RSVD0);
	FAIL_IF(c, must_be_0_set(m, NVMX_WORD_PIN, pin), CTL_EXEC_PIN_RSVD1);
	FAIL_IF(c, must_be_1_missing(m, NVMX_WORD_PROC, proc),
		CTL_EXEC_PROC_RSVD0);
	FAIL_IF(c, must_be_0_set(m, NVMX_WORD_PROC, proc), CTL_EXEC_PROC_RSVD1);
	FAIL_IF(c,
		(proc & B(PROC_ACTIVATE_SECONDARY)) &&
			(must_be_1_missing(m, NVMX_WORD_PROC2, p2) ||
			 must_be_0_set(m, NVMX_WORD_PROC2, p2)),
		CTL_EXEC_PROC2_RSVD);
	FAIL_IF(c,
		(proc & B(PROC_ACTIVATE_TERTIARY)) &&
			must_be_0_set(m, NVMX_WORD_PROC3, p3),
		CTL_EXEC_PROC3_RSVD);

	FAIL_IF(c,
		NVMX_F(c, CR3_TARGET_COUNT) >
			((cap(m, NVMX_MSR_VMX_MISC) &
			  NVMX_MISC_CR3_TARGETS_MASK) >>
			 NVMX_MISC_CR3_TARGETS_SHIFT),
		CTL_EXEC_CR3_COUNT);

	if (proc & B(PROC_USE_IO_BITMAPS)) {
		uint64_t a = NVMX_F(c, IO_BITMAP_A), b = NVMX_F(c, IO_BITMAP_B);

		FAIL_AT_IF(c, a & 0xfff, CTL_EXEC_IO_BITMAP_ALIGN, IO_BITMAP_A);
		FAIL_AT_IF(c, b & 0xfff, CTL_EXEC_IO_BITMAP_ALIGN, IO_BITMAP_B);
		FAIL_AT_IF(c, !nvmx_paw_ok(m, a), CTL_EXEC_IO_BITMAP_PAW,
			   IO_BITMAP_A);
		FAIL_AT_IF(c, !nvmx_paw_ok(m, b), CTL_EXEC_IO_BITMAP_PAW,
			   IO_BITMAP_B);
	}
	if (proc & B(PROC_USE_MSR_BITMAPS)) {
		uint64_t a = NVMX_F(c, MSR_BITMAP);

		FAIL_IF(c, a & 0xfff, CTL_EXEC_MSR_BITMAP_ALIGN);
		FAIL_IF(c, !nvmx_paw_ok(m, a), CTL_EXEC_MSR_BITMAP_PAW);
	}
	if (tpr) {
		uint64_t va = NVMX_F(c, VIRTUAL_APIC_PAGE_ADDR);
		uint64_t thr = NVMX_F(c, TPR_THRESHOLD);
		bool va_ok = !(va & 0xfff) && nvmx_paw_ok(m, va);

		FAIL_IF(c, va & 0xfff, CTL_EXEC_VAPIC_ALIGN);
		FAIL_IF(c, !nvmx_paw_ok(m, va), CTL_EXEC_VAPIC_PAW);
		FAIL_IF(c, !vid && (thr & ~0xfull), CTL_EXEC_TPR_THRESHOLD_RSVD);
		/* VTPR is byte 80H of the virtual-APIC page; read only when the
		 * address is valid (diagnostic mode gets here otherwise). */
		if (va_ok && !vid && !(p2 & B(PROC2_VIRT_APIC_ACCESSES))) {
			uint8_t vtpr;

			nvmx_entry_read(c, va + 0x80, &vtpr, 1);
			FAIL_IF(c, (thr & 0xf) > (uint64_t)(vtpr >> 4),
				CTL_EXEC_TPR_THRESHOLD_VTPR);
		}
	}
	FAIL_IF(c, (pin & B(PIN_VIRTUAL_NMIS)) && !(pin & B(PIN_NMI_EXITING)),
		CTL_EXEC_VNMI_NEEDS_NMI_EXIT);
	FAIL_IF(c,
		(proc & B(PROC_NMI_WINDOW_EXITING)) &&
			!(pin & B(PIN_VIRTUAL_NMIS)),
		CTL_EXEC_NMIWIN_NEEDS_VNMI);
	if (p2 & B(PROC2_VIRT_APIC_ACCESSES)) {
		uint64_t a = NVMX_F(c, APIC_ACCESS_ADDR);

		FAIL_IF(c, a & 0xfff, CTL_EXEC_APIC_ACCESS_ALIGN);
		FAIL_IF(c, !nvmx_paw_ok(m, a), CTL_EXEC_APIC_ACCESS_PAW);
	}
	FAIL_IF(c, !tpr && (p2 & B(PROC2_VIRT_X2APIC_MODE)),
		CTL_EXEC_X2APIC_NEEDS_TPR);
	FAIL_IF(c, !tpr && (p2 & B(PROC2_APIC_REG_VIRT)),
		CTL_EXEC_APICREG_NEEDS_TPR);
	FAIL_IF(c, !tpr && vid, CTL_EXEC_VID_NEEDS_TPR);
	FAIL_IF(c,
		(p2 & B(PROC2_VIRT_X2APIC_MODE)) &&
			(p2 & B(PROC2_VIRT_APIC_ACCESSES)),
		CTL_EXEC_X2APIC_VS_APIC_ACCESS);
	FAIL_IF(c, vid && !(pin & B(PIN_EXT_INTR_EXITING)),
		CTL_EXEC_VID_NEEDS_EXTINT_EXIT);
	if (pin & B(PIN_POSTED_INTR)) {
		uint64_t d = NVMX_F(c, POSTED_INTR_DESC_ADDR);

		FAIL_IF(c, !vid, CTL_EXEC_PI_NEEDS_VID);
		FAIL_IF(c, !(w->exit & B(EXIT_ACK_INTR_ON_EXIT)),
			CTL_EXEC_PI_NEEDS_ACK);
		FAIL_IF(c, NVMX_F(c, POSTED_INTR_NOTIFICATION_VECTOR) & 0xff00,
			CTL_EXEC_PI_VECTOR);
		FAIL_IF(c, d & 0x3f, CTL_EXEC_PI_DESC_ALIGN);
		FAIL_IF(c, !nvmx_paw_ok(m, d), CTL_EXEC_PI_DESC_PAW);
	}
	FAIL_IF(c,
		(p2 & B(PROC2_ENABLE_VPID)) &&
			NVMX_F(c, VIRTUAL_PROCESSOR_ID) == 0,
		CTL_EXEC_VPID_ZERO);
	if (ept) {
		unsigned int before = c->failures;

		check_eptp(c);
		if (c->failures != before && !c->all)
			return;
	}
	if (p2 & B(PROC2_ENABLE_PML)) {
		FAIL_IF(c, !ept, CTL_EXEC_PML_NEEDS_EPT);
		FAIL_IF(c, page_bad(m, NVMX_F(c, PML_ADDRESS)),
			CTL_EXEC_PML_ADDR);
	}
	FAIL_IF(c, (p2 & B(PROC2_UNRESTRICTED_GUEST)) && !ept,
		CTL_EXEC_URG_NEEDS_EPT);
	FAIL_IF(c, (p2 & B(PROC2_MODE_BASED_EPT_EXEC)) && !ept,
		CTL_EXEC_MBEC_NEEDS_EPT);
	if (p2 & B(PROC2_SUBPAGE_WRITE_PERM)) {
		FAIL_IF(c, !ept, CTL_EXEC_SPP_NEEDS_EPT);
		FAIL_IF(c, page_bad(m, NVMX_F(c, SPPT_POINTER)),
			CTL_EXEC_SPPTP);
	}
	if (p2 & B(PROC2_ENABLE_VMFUNC)) {
		uint64_t vf = NVMX_F(c, VM_FUNCTION_CONTROL);

		FAIL_IF(c, must_be_0_set(m, NVMX_WORD_VMFUNC, vf),
			CTL_EXEC_VMFUNC_RSVD);
		if (vf & 1) { /* EPTP switching */
			FAIL_IF(c, !ept, CTL_EXEC_EPTPSW_NEEDS_EPT);
			FAIL_IF(c, page_bad(m, NVMX_F(c, EPTP_LIST_ADDRESS)),
				CTL_EXEC_EPTP_LIST);
		}
	}
	if (p2 & B(PROC2_VMCS_SHADOWING)) {
		FAIL_IF(c, page_bad(m, NVMX_F(c, VMREAD_BITMAP)),
			CTL_EXEC_SHADOW_VMREAD_BITMAP);
		FAIL_IF(c, page_bad(m, NVMX_F(c, VMWRITE_BITMAP)),
			CTL_EXEC_SHADOW_VMWRITE_BITMAP);
	}
	FAIL_IF(c,
		(p2 & B(PROC2_EPT_VIOLATION_VE)) &&
			page_bad(m, NVMX_F(c, VE_INFORMATION_ADDRESS)),
		CTL_EXEC_VE_INFO);
	FAIL_IF(c,
		(p2 & B(PROC2_PT_USE_GPA)) &&
			(!ept || !(w->entry & B(ENTRY_LOAD_RTIT_CTL)) ||
			 !(w->exit & B(EXIT_CLEAR_RTIT_CTL))),
		CTL_EXEC_PT_GPA_DEPS);
	FAIL_IF(c,
		(p2 & B(PROC2_USE_TSC_SCALING)) &&
			NVMX_F(c, TSC_MULTIPLIER) == 0,
		CTL_EXEC_TSC_MULT_ZERO);
	/* Tertiary controls (SDM 27.2.1.1, ISE chapters on HLAT, IPI
	 * virtualization and APIC-timer virtualization). */
	if (p3 & B(PROC3_ENABLE_HLAT)) {
		uint64_t h = NVMX_F(c, HLAT_POINTER);

		FAIL_IF(c, !ept, CTL_EXEC_HLAT_NEEDS_EPT);
		FAIL_IF(c, (h & 0xfe7u) || !nvmx_paw_ok(m, h), CTL_EXEC_HLATP);
	}
	FAIL_IF(c,
		(p3 & (B(PROC3_EPT_PAGING_WRITE) | B(PROC3_GUEST_PAGING_VERIFY))) &&
			!ept,
		CTL_EXEC_EPT_PW_NEEDS_EPT);
	if (p3 & B(PROC3_IPI_VIRT)) {
		uint64_t t = NVMX_F(c, PID_POINTER_TABLE);

		FAIL_IF(c, !tpr || !vid, CTL_EXEC_IPIV_DEPS);
		FAIL_IF(c, (t & 7) || !nvmx_paw_ok(m, t),
			CTL_EXEC_IPIV_PIDTABLE);
	}
	FAIL_IF(c,
		(p3 & B(PROC3_APIC_TIMER_VIRT)) &&
			(!vid || (proc & B(PROC_RDTSC_EXITING)) ||
			 (NVMX_F(c, VIRTUAL_TIMER_VECTOR) & 0xff00)),
		CTL_EXEC_APICTIMER_DEPS);
}

/* SDM 27.2.1.2 / 27.2.1.3: an MSR area of count 16-byte entries. The last
 * byte is computed in 64 bits: count < 2^32, so no wrap-around. */
static bool msr_area_end_bad(const struct nvmx_model *m, uint64_t addr,
			     uint64_t count)
{
	uint64_t last = addr + count * 16 - 1;

	return last < addr || !nvmx_paw_ok(m, last);
}

/* SDM 27.2.1.2 "VM-exit control fields". */
static void check_exit(struct nvmx_entry_ctx *c, const struct words *w)
{
	const struct nvmx_model *m = c->m;
	uint64_t n, a;

	FAIL_IF(c, must_be_1_missing(m, NVMX_WORD_EXIT, w->exit), CTL_EXIT_RSVD0);
	FAIL_IF(c, must_be_0_set(m, NVMX_WORD_EXIT, w->exit), CTL_EXIT_RSVD1);
	FAIL_IF(c,
		(w->exit & B(EXIT_ACTIVATE_SECONDARY)) &&
			must_be_0_set(m, NVMX_WORD_EXIT2, w->exit2),
		CTL_EXIT2_RSVD);
	FAIL_IF(c,
		(w->exit & B(EXIT_SAVE_PREEMPTION_TIMER)) &&
			!(w->pin & B(PIN_PREEMPTION_TIMER)),
		CTL_EXIT_PREEMPT_SAVE);
	n = NVMX_F(c, VM_EXIT_MSR_STORE_COUNT);
	a = NVMX_F(c, VM_EXIT_MSR_STORE_ADDR);
	if (n) {
		FAIL_IF(c, a & 0xf, CTL_EXIT_MSR_STORE_ALIGN);
		FAIL_IF(c, !nvmx_paw_ok(m, a), CTL_EXIT_MSR_STORE_PAW);
		FAIL_IF(c, msr_area_end_bad(m, a, n), CTL_EXIT_MSR_STORE_END);
	}
	n = NVMX_F(c, VM_EXIT_MSR_LOAD_COUNT);
	a = NVMX_F(c, VM_EXIT_MSR_LOAD_ADDR);
	if (n) {
		FAIL_IF(c, a & 0xf, CTL_EXIT_MSR_LOAD_ALIGN);
		FAIL_IF(c, !nvmx_paw_ok(m, a), CTL_EXIT_MSR_LOAD_PAW);
		FAIL_IF(c, msr_area_end_bad(m, a, n), CTL_EXIT_MSR_LOAD_END);
	}
}

/* Vectors of exceptions that deliver an error code (SDM 6.3.1 table 6-1;
 * 21 = #CP with CET): 8, 10-14, 17, 21. */
#define ERRCODE_VECTORS                                                        \
	((1u << 8) | (1u << 10) | (1u << 11) | (1u << 12) | (1u << 13) |       \
	 (1u << 14) | (1u << 17) | (1u << 21))

/* SDM 27.2.1.3: event injection (VM-entry interruption-information field,
 * SDM 25.8.3 for the layout). */
static void check_event(struct nvmx_entry_ctx *c, const struct words *w)
{
	const struct nvmx_model *m = c->m;
	uint64_t info = NVMX_F(c, VM_ENTRY_INTR_INFO);
	unsigned int type = (info >> 8) & 7, vec = info & 0xff;
	bool ec = info & (1u << 11);
	uint64_t basic = cap(m, NVMX_MSR_VMX_BASIC);
	bool no_hw_cc = basic & NVMX_BASIC_NO_HW_ERRCODE_CC;
	bool urg = w->proc2 & B(PROC2_UNRESTRICTED_GUEST);
	bool pe = NVMX_F(c, GUEST_CR0) & 1;
	/* FRED guest: IA-32e mode guest and guest CR4.FRED (bit 32) */
	bool fred = (w->entry & B(ENTRY_IA32E_MODE_GUEST)) &&
		    (NVMX_F(c, GUEST_CR4) & NVMX_CR4_FRED);
	bool has_ec_vec = vec < 32 && ((ERRCODE_VECTORS >> vec) & 1);
	uint64_t rsvd;

	if (!(info & 0x80000000u))
		return;
	/* type 1 reserved; 7 (other event) needs MTF support */
	FAIL_IF(c,
		type == 1 ||
			(type == 7 && !(nvmx_model_allowed1(m, NVMX_WORD_PROC) &
					B(PROC_MONITOR_TRAP_FLAG))),
		CTL_ENTRY_EVT_TYPE_RSVD);
	FAIL_IF(c, type == 2 && vec != 2, CTL_ENTRY_EVT_NMI_VEC);
	FAIL_IF(c, type == 3 && vec > 31, CTL_ENTRY_EVT_HWEXC_VEC);
	FAIL_IF(c, type == 7 && (fred ? vec > 2 : vec != 0),
		CTL_ENTRY_EVT_OTHER_VEC);
	/* deliver-error-code must be 1 iff (URG = 0 or CR0.PE = 1) and
	 * BASIC[56] = 0 and hardware exception with an error-code vector;
	 * with BASIC[56] = 1 only the "must be 0" cases remain. */
	FAIL_IF(c,
		!ec && (!urg || pe) && !no_hw_cc && type == 3 && has_ec_vec,
		CTL_ENTRY_EVT_ERRCODE_MISSING);
	FAIL_IF(c,
		ec && ((urg && !pe) || type != 3 || (!no_hw_cc && !has_ec_vec)),
		CTL_ENTRY_EVT_ERRCODE_UNEXPECTED);
	rsvd = info & 0x7ffff000u;
	if (basic & NVMX_BASIC_NESTED_EXCEPTION)
		rsvd &= ~(1ull << 13);
	FAIL_IF(c, rsvd, CTL_ENTRY_EVT_RSVD);
	FAIL_IF(c, (info & (1u << 13)) && type != 3, CTL_ENTRY_EVT_NESTED_TYPE);
	FAIL_IF(c, ec && (NVMX_F(c, VM_ENTRY_EXCEPTION_ERROR_CODE) & 0xffff0000u),
		CTL_ENTRY_EVT_ERRCODE_RSVD);
	if (type >= 4 && type <= 6) {
		uint64_t len = NVMX_F(c, VM_ENTRY_INSTRUCTION_LEN);

		FAIL_IF(c,
			len > 15 || (len == 0 && !(cap(m, NVMX_MSR_VMX_MISC) &
						   NVMX_MISC_ZERO_LEN_INJECT)),
			CTL_ENTRY_EVT_INSTLEN);
	}
	FAIL_IF(c,
		type == 7 && fred && (vec == 1 || vec == 2) &&
			NVMX_F(c, VM_ENTRY_INSTRUCTION_LEN) > 15,
		CTL_ENTRY_EVT_INSTLEN_FRED);
}

/* SDM 27.2.1.3 "VM-entry control fields". */
static void check_entry(struct nvmx_entry_ctx *c, const struct words *w)
{
	const struct nvmx_model *m = c->m;
	uint64_t n, a;
	unsigned int before;

	FAIL_IF(c, must_be_1_missing(m, NVMX_WORD_ENTRY, w->entry),
		CTL_ENTRY_RSVD0);
	FAIL_IF(c, must_be_0_set(m, NVMX_WORD_ENTRY, w->entry), CTL_ENTRY_RSVD1);
	before = c->failures;
	check_event(c, w);
	if (c->failures != before && !c->all)
		return;
	n = NVMX_F(c, VM_ENTRY_MSR_LOAD_COUNT);
	a = NVMX_F(c, VM_ENTRY_MSR_LOAD_ADDR);
	if (n) {
		FAIL_IF(c, a & 0xf, CTL_ENTRY_MSR_LOAD_ALIGN);
		FAIL_IF(c, !nvmx_paw_ok(m, a), CTL_ENTRY_MSR_LOAD_PAW);
		FAIL_IF(c, msr_area_end_bad(m, a, n), CTL_ENTRY_MSR_LOAD_END);
	}
	FAIL_IF(c,
		!c->env->in_smm && (w->entry & (B(ENTRY_ENTRY_TO_SMM) |
						B(ENTRY_DEACT_DUAL_MONITOR))),
		CTL_ENTRY_SMM_OUTSIDE);
	FAIL_IF(c,
		(w->entry & B(ENTRY_ENTRY_TO_SMM)) &&
			(w->entry & B(ENTRY_DEACT_DUAL_MONITOR)),
		CTL_ENTRY_SMM_BOTH);
}

void nvmx_check_controls(struct nvmx_entry_ctx *c)
{
	struct words w;
	unsigned int before = c->failures;

	load_words(c, &w);
	check_exec(c, &w);
	if (c->failures != before && !c->all)
		return;
	check_exit(c, &w);
	if (c->failures != before && !c->all)
		return;
	check_entry(c, &w);
}
