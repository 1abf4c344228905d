// SPDX-License-Identifier: MIT
/*
 * insn_inv.c - INVEPT, INVVPID (SDM 31.3) and VMFUNC / EPTP switching
 * (SDM 26.5.6): every branch in order, alone and cumulative, and the
 * exact capability-dependent outcomes.
 */
#include "insn_env.h"
#include "suite.h"

#define RR(i, id) NVMX_RULE_##i##_##id
/* A valid EPTP: WB (6) in bits 2:0, page-walk length 4 (3 in bits 5:3) */
#define EPTP_OK(page) ((uint64_t)(page) | (3u << 3) | 6u)

static void put_desc(uint64_t lo, uint64_t hi)
{
	ie_lin_put(0, lo, 8);
	ie_lin_put(8, hi, 8);
}

static void cap_clear(uint64_t bits)
{
	uint64_t cap = nvmx_model_get_msr(&T->m, NVMX_MSR_VMX_EPT_VPID_CAP);

	ck_assert_int_eq(nvmx_model_set_msr(&T->m, NVMX_MSR_VMX_EPT_VPID_CAP,
					    cap & ~bits), 0);
}

/* Common breakers */
static void b_reg(void) { T->ctx.op.is_mem = false; }
static void b_not_vmx(void) { T->vcpu.in_vmx = false; }
static void b_mode(void) { T->ctx.rflags_vm = true; }
static void b_exit(void) { T->vcpu.non_root = true; }
static void b_cpl(void) { T->ctx.cpl = 3; }
static void b_mem(void) { T->lin_fail = true; }

/* INVEPT */
static void setup_invept(void)
{
	ie_do_vmxon();
	T->ctx.reg = 1;
	put_desc(EPTP_OK(0x5000), 0);
}
static void e_ud(void) { cap_clear(1ull << 20); }
static void e_type(void) { T->ctx.reg = 3; }
static void e_eptp(void)
{
	T->ctx.reg = 1;
	ie_lin_put(0, EPTP_OK(0x5000) | 0x100, 8);	/* bit 8 reserved */
}
static const struct ie_breaker invept_b[] = {
	{ RR(INVEPT, UD_UNSUPPORTED), e_ud },
	{ RR(INVEPT, UD_REG), b_reg },
	{ RR(INVEPT, UD_NOT_VMX), b_not_vmx },
	{ RR(INVEPT, UD_MODE), b_mode },
	{ RR(INVEPT, EXIT), b_exit },
	{ RR(INVEPT, CPL), b_cpl },
	{ RR(INVEPT, TYPE), e_type },
	{ RR(INVEPT, MEM), b_mem },
	{ RR(INVEPT, EPTP), e_eptp },
};

/* INVVPID */
static void setup_invvpid(void)
{
	ie_do_vmxon();
	T->ctx.reg = 0;
	put_desc(1, 0x1000);
}
static void v_ud(void) { cap_clear(1ull << 32); }
static void v_type(void) { T->ctx.reg = 4; }
static void v_rsvd(void) { T->lin[2] = 1; }	/* descriptor bit 16 */
static void v_vpid0(void) { T->lin[0] = 0, T->lin[1] = 0; }
static void v_noncanon(void)
{
	T->ctx.reg = 0;
	ie_lin_put(8, 1ull << 62, 8);
}
static const struct ie_breaker invvpid_b[] = {
	{ RR(INVVPID, UD_UNSUPPORTED), v_ud },
	{ RR(INVVPID, UD_REG), b_reg },
	{ RR(INVVPID, UD_NOT_VMX), b_not_vmx },
	{ RR(INVVPID, UD_MODE), b_mode },
	{ RR(INVVPID, EXIT), b_exit },
	{ RR(INVVPID, CPL), b_cpl },
	{ RR(INVVPID, TYPE), v_type },
	{ RR(INVVPID, MEM), b_mem },
	{ RR(INVVPID, RESERVED), v_rsvd },
	{ RR(INVVPID, VPID0), v_vpid0 },
	{ RR(INVVPID, NONCANONICAL), v_noncanon },
};

/* VMFUNC: L2 runs under IE_VMCS with EPTP switching enabled */
static void setup_vmfunc(void)
{
	struct nvmx_vmcs12 *v;

	ie_do_vmxon();
	ie_do_vmptrld(IE_VMCS);
	v = ie_vmcs(IE_VMCS);
	v->field[NVMX_IDX_CPU_BASED_VM_EXEC_CONTROL] = 1ull << 31;
	v->field[NVMX_IDX_SECONDARY_VM_EXEC_CONTROL] = (1ull << 13) | 2;
	v->field[NVMX_IDX_VM_FUNCTION_CONTROL] = 1;
	v->field[NVMX_IDX_EPTP_LIST_ADDRESS] = IE_EPTP_LIST;
	v->field[NVMX_IDX_EPT_POINTER] = EPTP_OK(0x5000);
	ie_gpa_put64(IE_EPTP_LIST + 8 * 5, EPTP_OK(0x7000));
	ie_gpa_put64(IE_EPTP_LIST + 8 * 511, EPTP_OK(0x9000));
	T->vcpu.non_root = true;
	T->ctx.reg = 0;
	T->ctx.ecx = 5;
}
static void f_root(void) { T->vcpu.non_root = false; }
static void f_disabled(void)
{
	ie_vmcs(IE_VMCS)->field[NVMX_IDX_SECONDARY_VM_EXEC_CONTROL] = 2;
}
static void f_leaf(void) { T->ctx.reg = 1; }
static void f_index(void) { T->ctx.ecx = 512; }
static void f_eptp(void) { ie_gpa_put64(IE_EPTP_LIST + 8 * 5, EPTP_OK(0x7000) | 1); }
static const struct ie_breaker vmfunc_b[] = {
	{ RR(VMFUNC, UD_NOT_NONROOT), f_root },
	{ RR(VMFUNC, UD_DISABLED), f_disabled },
	{ RR(VMFUNC, EXIT_LEAF), f_leaf },
	{ RR(VMFUNC, EXIT_INDEX), f_index },
	{ RR(VMFUNC, EXIT_EPTP), f_eptp },
};
#define N(a) (sizeof(a) / sizeof((a)[0]))

START_TEST(invept_order)
{
	ie_run_breakers(invept_b, N(invept_b), (unsigned int)_i, false,
			setup_invept, nvmx_insn_invept);
	ie_run_breakers(invept_b, N(invept_b), (unsigned int)_i, true,
			setup_invept, nvmx_insn_invept);
}
END_TEST

START_TEST(invvpid_order)
{
	ie_run_breakers(invvpid_b, N(invvpid_b), (unsigned int)_i, false,
			setup_invvpid, nvmx_insn_invvpid);
	ie_run_breakers(invvpid_b, N(invvpid_b), (unsigned int)_i, true,
			setup_invvpid, nvmx_insn_invvpid);
}
END_TEST

START_TEST(vmfunc_order)
{
	ie_run_breakers(vmfunc_b, N(vmfunc_b), (unsigned int)_i, false,
			setup_vmfunc, nvmx_insn_vmfunc);
	ck_assert_uint_eq(ie_vmcs(IE_VMCS)->field[NVMX_IDX_EPT_POINTER],
			  EPTP_OK(0x5000));
	ie_run_breakers(vmfunc_b, N(vmfunc_b), (unsigned int)_i, true,
			setup_vmfunc, nvmx_insn_vmfunc);
	ck_assert_uint_eq(ie_vmcs(IE_VMCS)->field[NVMX_IDX_EPT_POINTER],
			  EPTP_OK(0x5000));
}
END_TEST

static void invept_expect(uint64_t type, uint64_t eptp,
			  enum nvmx_insn_status st, unsigned int err,
			  enum nvmx_insn_rule rule)
{
	T->ctx.reg = type;
	put_desc(eptp, 0);
	ck_assert_int_eq(nvmx_insn_invept(&T->vcpu, &T->ctx, &T->out), 0);
	IE_EXPECT(st, err, rule);
}

START_TEST(invept_exact)
{
	uint64_t p2;

	ie_reset(NVMX_PRESET_MAX);
	setup_invept();
	ie_do_vmptrld(IE_VMCS);
	invept_expect(1, EPTP_OK(0x5000), NVMX_INSN_SUCCEED, 0, RR(INVEPT, OK));
	invept_expect(2, 0xdead, NVMX_INSN_SUCCEED, 0, RR(INVEPT, OK));
	invept_expect(0, EPTP_OK(0x5000), NVMX_INSN_FAIL_VALID, 28,
		      RR(INVEPT, TYPE));
	ck_assert_uint_eq(
		ie_vmcs(IE_VMCS)->field[NVMX_IDX_VM_INSTRUCTION_ERROR], 28);
	invept_expect(3, EPTP_OK(0x5000), NVMX_INSN_FAIL_VALID, 28,
		      RR(INVEPT, TYPE));
	invept_expect(1ull << 32 | 1, EPTP_OK(0x5000), NVMX_INSN_FAIL_VALID,
		      28, RR(INVEPT, TYPE));
	/* EPTP rules (SDM 27.2.1.1) */
	invept_expect(1, 0x5000 | (3u << 3) | 1, NVMX_INSN_FAIL_VALID, 28,
		      RR(INVEPT, EPTP));	/* memory type 1 */
	invept_expect(1, 0x5000 | (2u << 3) | 6, NVMX_INSN_FAIL_VALID, 28,
		      RR(INVEPT, EPTP));	/* walk length 3 */
	invept_expect(1, EPTP_OK(1ull << T->m.maxphyaddr), NVMX_INSN_FAIL_VALID,
		      28, RR(INVEPT, EPTP));
	invept_expect(1, EPTP_OK(0x5000) | (1u << 11), NVMX_INSN_FAIL_VALID,
		      28, RR(INVEPT, EPTP));
	cap_clear(1ull << 21);	/* no accessed/dirty flags */
	invept_expect(1, EPTP_OK(0x5000) | (1u << 6), NVMX_INSN_FAIL_VALID, 28,
		      RR(INVEPT, EPTP));
	/* outside 64-bit mode the type register is 32 bits */
	T->ctx.efer_lma = false;
	T->ctx.cs_l = false;
	invept_expect(1ull << 32 | 2, 0, NVMX_INSN_SUCCEED, 0, RR(INVEPT, OK));
	T->ctx.efer_lma = true;
	T->ctx.cs_l = true;
	/* single-context type unsupported */
	cap_clear(1ull << 25);
	invept_expect(1, EPTP_OK(0x5000), NVMX_INSN_FAIL_VALID, 28,
		      RR(INVEPT, TYPE));
	/* no current VMCS: VMfail(28) is VMfailInvalid */
	T->vcpu.current_vmcs = NVMX_VMCS_NONE;
	invept_expect(7, 0, NVMX_INSN_FAIL_INVALID, 0, RR(INVEPT, TYPE));
	/* non-root: VM exit 50 */
	T->vcpu.non_root = true;
	invept_expect(7, 0, NVMX_INSN_VMEXIT, 50, RR(INVEPT, EXIT));
	/* no EPT in the model: #UD even in non-root */
	ie_reset(NVMX_PRESET_MAX);
	setup_invept();
	p2 = nvmx_model_get_msr(&T->m, NVMX_MSR_VMX_PROCBASED_CTLS2);
	nvmx_model_set_msr(&T->m, NVMX_MSR_VMX_PROCBASED_CTLS2,
			   p2 & ~(1ull << 33));
	T->vcpu.non_root = true;
	invept_expect(1, 0, NVMX_INSN_EXCEPTION, 6, RR(INVEPT, UD_UNSUPPORTED));
}
END_TEST

static void invvpid_expect(uint64_t type, uint64_t lo, uint64_t hi,
			   enum nvmx_insn_status st, unsigned int err,
			   enum nvmx_insn_rule rule)
{
	T->ctx.reg = type;
	put_desc(lo, hi);
	ck_assert_int_eq(nvmx_insn_invvpid(&T->vcpu, &T->ctx, &T->out), 0);
	IE_EXPECT(st, err, rule);
}

START_TEST(invvpid_exact)
{
	const uint64_t cap_of_type[4] = { 1ull << 40, 1ull << 41, 1ull << 42,
					  1ull << 43 };
	uint64_t p2;

	ie_reset(NVMX_PRESET_MAX);
	setup_invvpid();
	ie_do_vmptrld(IE_VMCS);
	for (unsigned int t = 0; t < 4; t++)
		invvpid_expect(t, 7, 0x1000, NVMX_INSN_SUCCEED, 0,
			       RR(INVVPID, OK));
	/* VPID 0: invalid for types 0, 1, 3; fine for all-context */
	invvpid_expect(0, 0, 0, NVMX_INSN_FAIL_VALID, 28, RR(INVVPID, VPID0));
	invvpid_expect(1, 0, 0, NVMX_INSN_FAIL_VALID, 28, RR(INVVPID, VPID0));
	invvpid_expect(3, 0, 0, NVMX_INSN_FAIL_VALID, 28, RR(INVVPID, VPID0));
	invvpid_expect(2, 0, 1ull << 62, NVMX_INSN_SUCCEED, 0, RR(INVVPID, OK));
	/* reserved bits 63:16, for every type */
	invvpid_expect(2, 1ull << 63, 0, NVMX_INSN_FAIL_VALID, 28,
		       RR(INVVPID, RESERVED));
	/* canonical address only matters for type 0 */
	invvpid_expect(1, 1, 1ull << 62, NVMX_INSN_SUCCEED, 0, RR(INVVPID, OK));
	/* 48-bit model: bit 47 set with 63:48 clear is non-canonical */
	nvmx_model_set_cpu(&T->m, T->m.cpu & ~NVMX_CPU_LA57);
	invvpid_expect(0, 1, 0x0000800000000000ull, NVMX_INSN_FAIL_VALID, 28,
		       RR(INVVPID, NONCANONICAL));
	invvpid_expect(0, 1, 0xffff800000000000ull, NVMX_INSN_SUCCEED, 0,
		       RR(INVVPID, OK));
	/* 57-bit model: the same address is canonical, bit 56 is not */
	nvmx_model_set_cpu(&T->m, T->m.cpu | NVMX_CPU_LA57);
	invvpid_expect(0, 1, 0x0000800000000000ull, NVMX_INSN_SUCCEED, 0,
		       RR(INVVPID, OK));
	invvpid_expect(0, 1, 0x0100000000000000ull, NVMX_INSN_FAIL_VALID, 28,
		       RR(INVVPID, NONCANONICAL));
	/* each type unsupported on its own */
	for (unsigned int t = 0; t < 4; t++) {
		uint64_t cap = nvmx_model_get_msr(&T->m,
						  NVMX_MSR_VMX_EPT_VPID_CAP);

		cap_clear(cap_of_type[t]);
		invvpid_expect(t, 1, 0, NVMX_INSN_FAIL_VALID, 28,
			       RR(INVVPID, TYPE));
		nvmx_model_set_msr(&T->m, NVMX_MSR_VMX_EPT_VPID_CAP, cap);
	}
	invvpid_expect(1ull << 40, 1, 0, NVMX_INSN_FAIL_VALID, 28,
		       RR(INVVPID, TYPE));
	/* non-root: VM exit 53; CPL 3 in root: #GP(0) */
	T->vcpu.non_root = true;
	invvpid_expect(0, 1, 0, NVMX_INSN_VMEXIT, 53, RR(INVVPID, EXIT));
	T->vcpu.non_root = false;
	T->ctx.cpl = 3;
	invvpid_expect(0, 1, 0, NVMX_INSN_EXCEPTION, 13, RR(INVVPID, CPL));
	/* no VPID support: #UD */
	ie_reset(NVMX_PRESET_MAX);
	setup_invvpid();
	p2 = nvmx_model_get_msr(&T->m, NVMX_MSR_VMX_PROCBASED_CTLS2);
	nvmx_model_set_msr(&T->m, NVMX_MSR_VMX_PROCBASED_CTLS2,
			   p2 & ~(1ull << 37));
	invvpid_expect(0, 1, 0, NVMX_INSN_EXCEPTION, 6,
		       RR(INVVPID, UD_UNSUPPORTED));
}
END_TEST

START_TEST(vmfunc_exact)
{
	struct nvmx_vmcs12 *v;

	ie_reset(NVMX_PRESET_MAX);
	setup_vmfunc();
	v = ie_vmcs(IE_VMCS);
	ck_assert_int_eq(nvmx_insn_vmfunc(&T->vcpu, &T->ctx, &T->out), 0);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMFUNC, OK));
	ck_assert_uint_eq(v->field[NVMX_IDX_EPT_POINTER], EPTP_OK(0x7000));
	ck_assert_uint_eq(v->field[NVMX_IDX_EPTP_INDEX], 5);
	/* VMFUNC leaves RFLAGS alone */
	ck_assert_uint_eq(nvmx_insn_rflags(0x8d7, &T->out), 0x8d7);
	T->ctx.ecx = 511;
	nvmx_insn_vmfunc(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMFUNC, OK));
	ck_assert_uint_eq(v->field[NVMX_IDX_EPT_POINTER], EPTP_OK(0x9000));
	ck_assert_uint_eq(v->field[NVMX_IDX_EPTP_INDEX], 511);
	/* exits: reason 59 */
	T->ctx.reg = 64;
	nvmx_insn_vmfunc(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 59, RR(VMFUNC, EXIT_LEAF));
	T->ctx.reg = 0;
	v->field[NVMX_IDX_VM_FUNCTION_CONTROL] = 0;
	nvmx_insn_vmfunc(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 59, RR(VMFUNC, EXIT_LEAF));
	/* a control bit for a function libnvmx does not implement */
	v->field[NVMX_IDX_VM_FUNCTION_CONTROL] = 1ull << 5;
	T->ctx.reg = 5;
	nvmx_insn_vmfunc(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 59, RR(VMFUNC, EXIT_LEAF));
	v->field[NVMX_IDX_VM_FUNCTION_CONTROL] = 1;
	T->ctx.reg = 0;
	T->ctx.ecx = 0xffffffffu;
	nvmx_insn_vmfunc(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 59, RR(VMFUNC, EXIT_INDEX));
	/* a zero entry is not a valid EPTP (memory type 0 needs UC
	 * support, walk length 1 never valid) */
	T->ctx.ecx = 6;
	nvmx_insn_vmfunc(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 59, RR(VMFUNC, EXIT_EPTP));
	ck_assert_uint_eq(v->field[NVMX_IDX_EPT_POINTER], EPTP_OK(0x9000));
	/* EPTP list outside memory: NVMX_EFAULT */
	v->field[NVMX_IDX_EPTP_LIST_ADDRESS] = 0x1000;
	ck_assert_int_eq(nvmx_insn_vmfunc(&T->vcpu, &T->ctx, &T->out),
			 NVMX_EFAULT);
	/* outside VMX operation and in root: #UD */
	T->vcpu.non_root = false;
	nvmx_insn_vmfunc(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 6, RR(VMFUNC, UD_NOT_NONROOT));
	ie_reset(NVMX_PRESET_MAX);
	nvmx_insn_vmfunc(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 6, RR(VMFUNC, UD_NOT_NONROOT));
}
END_TEST

/* Exhaustive: every subset of the four INVVPID type bits (EPT_VPID_CAP
 * 43:40) x types 0..7 x the 32/64-bit type register. */
START_TEST(invvpid_types_exhaustive)
{
	uint64_t cap0;

	ie_reset(NVMX_PRESET_MAX);
	setup_invvpid();
	ie_do_vmptrld(IE_VMCS);
	cap0 = nvmx_model_get_msr(&T->m, NVMX_MSR_VMX_EPT_VPID_CAP) &
	       ~(0xfull << 40);
	for (unsigned int sub = 0; sub < 16; sub++) {
		nvmx_model_set_msr(&T->m, NVMX_MSR_VMX_EPT_VPID_CAP,
				   cap0 | ((uint64_t)sub << 40));
		for (uint64_t t = 0; t < 8; t++) {
			for (unsigned int hi = 0; hi < 2; hi++) {
				/* bit 32 of the register only counts in
				 * 64-bit mode */
				bool lm = hi == 0 || (sub & 1);
				uint64_t reg = t | ((uint64_t)hi << 32);
				bool ok = hi == 0 && t < 4 && ((sub >> t) & 1);

				T->ctx.efer_lma = lm;
				T->ctx.cs_l = lm;
				if (hi && !lm)
					ok = t < 4 && ((sub >> t) & 1);
				invvpid_expect(reg, 1, 0x1000,
					       ok ? NVMX_INSN_SUCCEED
						  : NVMX_INSN_FAIL_VALID,
					       ok ? 0 : 28,
					       ok ? RR(INVVPID, OK)
						  : RR(INVVPID, TYPE));
			}
		}
	}
}
END_TEST

/* Exhaustive: INVEPT single/all-context bits x types 0..7. */
START_TEST(invept_types_exhaustive)
{
	uint64_t cap0;

	ie_reset(NVMX_PRESET_MAX);
	setup_invept();
	cap0 = nvmx_model_get_msr(&T->m, NVMX_MSR_VMX_EPT_VPID_CAP) &
	       ~(3ull << 25);
	for (unsigned int sub = 0; sub < 4; sub++) {
		nvmx_model_set_msr(&T->m, NVMX_MSR_VMX_EPT_VPID_CAP,
				   cap0 | ((uint64_t)sub << 25));
		for (uint64_t t = 0; t < 8; t++) {
			/* type 1 <-> bit 25, type 2 <-> bit 26 (SDM A.10) */
			bool ok = (t == 1 && (sub & 1)) || (t == 2 && (sub & 2));

			invept_expect(t, EPTP_OK(0x5000),
				      ok ? NVMX_INSN_SUCCEED
					 : NVMX_INSN_FAIL_INVALID,
				      0, ok ? RR(INVEPT, OK) : RR(INVEPT, TYPE));
		}
	}
}
END_TEST

/*
 * Exhaustive over EPTP bits 11:0 and the capability bits they depend on
 * (UC 8, WB 14, 4-level 6, 5-level 7, A/D 21, SSS 23), through INVEPT
 * single-context. Expected per SDM 27.2.1.1, written out here.
 */
START_TEST(eptp_exhaustive)
{
	static const unsigned int capbit[6] = { 8, 14, 6, 7, 21, 23 };
	uint64_t cap0, capmask = 0;
	unsigned int mismatches = 0, valid = 0;

	for (unsigned int i = 0; i < 6; i++)
		capmask |= 1ull << capbit[i];
	ie_reset(NVMX_PRESET_MAX);
	setup_invept();
	cap0 = nvmx_model_get_msr(&T->m, NVMX_MSR_VMX_EPT_VPID_CAP) & ~capmask;
	for (unsigned int sub = 0; sub < 64; sub++) {
		uint64_t cap = cap0;

		for (unsigned int i = 0; i < 6; i++)
			if ((sub >> i) & 1)
				cap |= 1ull << capbit[i];
		nvmx_model_set_msr(&T->m, NVMX_MSR_VMX_EPT_VPID_CAP, cap);
		for (unsigned int low = 0; low < 4096; low++) {
			unsigned int mt = low & 7, walk = (low >> 3) & 7;
			bool ok = ((mt == 0 && (sub & 1)) ||
				   (mt == 6 && (sub & 2))) &&
				  ((walk == 3 && (sub & 4)) ||
				   (walk == 4 && (sub & 8))) &&
				  (!(low & 0x40) || (sub & 16)) &&
				  (!(low & 0x80) || (sub & 32)) &&
				  !(low & 0xf00);

			T->ctx.reg = 1;
			put_desc(0x5000 | low, 0);
			nvmx_insn_invept(&T->vcpu, &T->ctx, &T->out);
			if (T->out.status !=
			    (ok ? NVMX_INSN_SUCCEED : NVMX_INSN_FAIL_INVALID))
				mismatches++;
			valid += ok;
		}
	}
	ck_assert_uint_eq(mismatches, 0);
	ck_assert_uint_gt(valid, 100);
}
END_TEST

static Suite *make_insn_inv(void)
{
	Suite *s = suite_create("insn_inv");
	TCase *tc = tcase_create("inv");

	tcase_add_loop_test(tc, invept_order, 0, N(invept_b));
	tcase_add_loop_test(tc, invvpid_order, 0, N(invvpid_b));
	tcase_add_loop_test(tc, vmfunc_order, 0, N(vmfunc_b));
	tcase_add_test(tc, invept_exact);
	tcase_add_test(tc, invvpid_exact);
	tcase_add_test(tc, vmfunc_exact);
	tcase_add_test(tc, invvpid_types_exhaustive);
	tcase_add_test(tc, invept_types_exhaustive);
	tcase_add_test(tc, eptp_exhaustive);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_insn_inv);
