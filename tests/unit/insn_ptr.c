// SPDX-License-Identifier: MIT
/*
 * insn_ptr.c - VMCLEAR, VMPTRLD, VMPTRST: every branch of the SDM 31.3
 * pseudo-code in order, alone and with all later conditions true.
 */
#include "insn_env.h"
#include "suite.h"

#define RR(i, id) NVMX_RULE_##i##_##id

/* Shared breakers of the common prologue and the m64 operand. */
static void b_reg(void) { T->ctx.op.is_mem = false; }
static void b_not_vmx(void) { T->vcpu.in_vmx = false; }
static void b_mode(void) { T->ctx.rflags_vm = true; }
static void b_exit(void) { T->vcpu.non_root = true; }
static void b_cpl(void) { T->ctx.cpl = 3; }
static void b_mem(void) { T->lin_fail = true; }
static void b_addr(void) { ie_lin_put(0, IE_VMCS2 | 0x10, 8); }
static void b_vmxon(void) { ie_lin_put(0, IE_VMXON, 8); }
static void b_rev(void) { ie_vmcs(IE_VMCS2)->revision_id ^= 2; }
static void b_shadow_unsupported(void)
{
	/* a model without the 1-setting of "VMCS shadowing" (bit 46 of
	 * IA32_VMX_PROCBASED_CTLS2 = allowed-1 bit 14) */
	uint64_t p2 = nvmx_model_get_msr(&T->m, NVMX_MSR_VMX_PROCBASED_CTLS2);

	ck_assert_int_eq(nvmx_model_set_msr(&T->m, NVMX_MSR_VMX_PROCBASED_CTLS2,
					    p2 & ~(1ull << 46)), 0);
	ie_vmcs(IE_VMCS2)->revision_id |= 0x80000000u;
}

/* VMXON done, current VMCS = IE_VMCS, operand -> IE_VMCS2 */
static void setup_ptr(void)
{
	ie_do_vmxon();
	ie_do_vmptrld(IE_VMCS);
	ie_op_mem64(IE_VMCS2);
}

static const struct ie_breaker vmclear_b[] = {
	{ RR(VMCLEAR, UD_REG), b_reg },
	{ RR(VMCLEAR, UD_NOT_VMX), b_not_vmx },
	{ RR(VMCLEAR, UD_MODE), b_mode },
	{ RR(VMCLEAR, EXIT), b_exit },
	{ RR(VMCLEAR, CPL), b_cpl },
	{ RR(VMCLEAR, MEM), b_mem },
	{ RR(VMCLEAR, ADDR), b_addr },
	{ RR(VMCLEAR, VMXON_PTR), b_vmxon },
};
static const struct ie_breaker vmptrld_b[] = {
	{ RR(VMPTRLD, UD_REG), b_reg },
	{ RR(VMPTRLD, UD_NOT_VMX), b_not_vmx },
	{ RR(VMPTRLD, UD_MODE), b_mode },
	{ RR(VMPTRLD, EXIT), b_exit },
	{ RR(VMPTRLD, CPL), b_cpl },
	{ RR(VMPTRLD, MEM), b_mem },
	{ RR(VMPTRLD, ADDR), b_addr },
	{ RR(VMPTRLD, VMXON_PTR), b_vmxon },
	{ RR(VMPTRLD, REVISION), b_rev },
	{ RR(VMPTRLD, SHADOW), b_shadow_unsupported },
};
static const struct ie_breaker vmptrst_b[] = {
	{ RR(VMPTRST, UD_REG), b_reg },
	{ RR(VMPTRST, UD_NOT_VMX), b_not_vmx },
	{ RR(VMPTRST, UD_MODE), b_mode },
	{ RR(VMPTRST, EXIT), b_exit },
	{ RR(VMPTRST, CPL), b_cpl },
	{ RR(VMPTRST, MEM), b_mem },
};
#define N(a) (sizeof(a) / sizeof((a)[0]))

START_TEST(vmclear_order)
{
	ie_run_breakers(vmclear_b, N(vmclear_b), (unsigned int)_i, false,
			setup_ptr, nvmx_insn_vmclear);
	ck_assert_uint_eq(T->vcpu.current_vmcs, IE_VMCS);
	ie_run_breakers(vmclear_b, N(vmclear_b), (unsigned int)_i, true,
			setup_ptr, nvmx_insn_vmclear);
	ck_assert_uint_eq(T->vcpu.current_vmcs, IE_VMCS);
}
END_TEST

START_TEST(vmptrld_order)
{
	ie_run_breakers(vmptrld_b, N(vmptrld_b), (unsigned int)_i, false,
			setup_ptr, nvmx_insn_vmptrld);
	ck_assert_uint_eq(T->vcpu.current_vmcs, IE_VMCS);
	ie_run_breakers(vmptrld_b, N(vmptrld_b), (unsigned int)_i, true,
			setup_ptr, nvmx_insn_vmptrld);
	ck_assert_uint_eq(T->vcpu.current_vmcs, IE_VMCS);
}
END_TEST

START_TEST(vmptrst_order)
{
	ie_run_breakers(vmptrst_b, N(vmptrst_b), (unsigned int)_i, false,
			setup_ptr, nvmx_insn_vmptrst);
	ie_run_breakers(vmptrst_b, N(vmptrst_b), (unsigned int)_i, true,
			setup_ptr, nvmx_insn_vmptrst);
}
END_TEST

START_TEST(vmclear_exact)
{
	struct nvmx_vmcs12 *v2;

	ie_reset(NVMX_PRESET_MAX);
	ie_op_mem64(IE_VMCS2);
	nvmx_insn_vmclear(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 6, RR(VMCLEAR, UD_NOT_VMX));
	setup_ptr();
	T->vcpu.non_root = true;
	T->ctx.cpl = 3;
	nvmx_insn_vmclear(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 19, RR(VMCLEAR, EXIT));
	T->vcpu.non_root = false;
	nvmx_insn_vmclear(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 13, RR(VMCLEAR, CPL));
	T->ctx.cpl = 0;
	/* beyond MAXPHYADDR */
	ie_op_mem64(1ull << T->m.maxphyaddr);
	nvmx_insn_vmclear(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 2, RR(VMCLEAR, ADDR));
	ck_assert_uint_eq(
		ie_vmcs(IE_VMCS)->field[NVMX_IDX_VM_INSTRUCTION_ERROR], 2);
	ie_op_mem64(IE_VMXON);
	nvmx_insn_vmclear(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 3, RR(VMCLEAR, VMXON_PTR));
	ck_assert_uint_eq(
		ie_vmcs(IE_VMCS)->field[NVMX_IDX_VM_INSTRUCTION_ERROR], 3);

	/* success on a non-current VMCS: launch state clear, current kept;
	 * no revision check (a garbage revision is fine) */
	v2 = ie_vmcs(IE_VMCS2);
	v2->launch_state = NVMX_LAUNCH_LAUNCHED;
	v2->revision_id = 0x12345;
	ie_op_mem64(IE_VMCS2);
	nvmx_insn_vmclear(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMCLEAR, OK));
	ck_assert_uint_eq(v2->launch_state, NVMX_LAUNCH_CLEAR);
	ck_assert_uint_eq(T->vcpu.current_vmcs, IE_VMCS);

	/* on the current VMCS: it becomes invalid */
	ie_vmcs(IE_VMCS)->launch_state = NVMX_LAUNCH_LAUNCHED;
	ie_op_mem64(IE_VMCS);
	nvmx_insn_vmclear(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMCLEAR, OK));
	ck_assert_uint_eq(T->vcpu.current_vmcs, ~0ull);
	ck_assert_uint_eq(ie_vmcs(IE_VMCS)->launch_state, NVMX_LAUNCH_CLEAR);

	/* without a current VMCS, VMfail(2) is VMfailInvalid */
	ie_op_mem64(IE_VMCS | 8);
	nvmx_insn_vmclear(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_INVALID, 0, RR(VMCLEAR, ADDR));

	/* map_vmcs failure: NVMX_EFAULT, nothing changes */
	ie_do_vmptrld(IE_VMCS);
	T->map_fail = true;
	ie_op_mem64(IE_VMCS);
	ck_assert_int_eq(nvmx_insn_vmclear(&T->vcpu, &T->ctx, &T->out),
			 NVMX_EFAULT);
	ck_assert_uint_eq(T->vcpu.current_vmcs, IE_VMCS);
}
END_TEST

START_TEST(vmptrld_exact)
{
	uint64_t basic;

	ie_reset(NVMX_PRESET_MAX);
	setup_ptr();
	T->vcpu.non_root = true;
	nvmx_insn_vmptrld(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 21, RR(VMPTRLD, EXIT));
	T->vcpu.non_root = false;
	ie_op_mem64(IE_VMCS2 + 0x800);
	nvmx_insn_vmptrld(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 9, RR(VMPTRLD, ADDR));
	ck_assert_uint_eq(
		ie_vmcs(IE_VMCS)->field[NVMX_IDX_VM_INSTRUCTION_ERROR], 9);
	ie_op_mem64(IE_VMXON);
	nvmx_insn_vmptrld(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 10, RR(VMPTRLD, VMXON_PTR));
	ie_vmcs(IE_VMCS2)->revision_id = ie_rev() + 1;
	ie_op_mem64(IE_VMCS2);
	nvmx_insn_vmptrld(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 11, RR(VMPTRLD, REVISION));
	ck_assert_uint_eq(T->vcpu.current_vmcs, IE_VMCS);

	/* shadow VMCS with shadowing support: loads */
	ie_vmcs(IE_VMCS2)->revision_id = ie_rev() | 0x80000000u;
	nvmx_insn_vmptrld(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMPTRLD, OK));
	ck_assert_uint_eq(T->vcpu.current_vmcs, IE_VMCS2);

	/* shadow VMCS on Skylake-server without shadowing? Use a model
	 * with the control removed: VMfailValid(11) */
	ie_reset(NVMX_PRESET_MAX);
	setup_ptr();
	b_shadow_unsupported();
	nvmx_insn_vmptrld(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 11, RR(VMPTRLD, SHADOW));

	/* 32-bit physical addresses (IA32_VMX_BASIC[48]) */
	ie_reset(NVMX_PRESET_MAX);
	setup_ptr();
	basic = nvmx_model_get_msr(&T->m, NVMX_MSR_VMX_BASIC);
	nvmx_model_set_msr(&T->m, NVMX_MSR_VMX_BASIC, basic | (1ull << 48));
	ie_op_mem64(IE_VMCS2 | (1ull << 32));
	nvmx_insn_vmptrld(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 9, RR(VMPTRLD, ADDR));

	/* no current VMCS: VMfail(9) -> VMfailInvalid, flags CF */
	ie_reset(NVMX_PRESET_MAX);
	ie_do_vmxon();
	ie_op_mem64(3);
	nvmx_insn_vmptrld(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_INVALID, 0, RR(VMPTRLD, ADDR));
	ck_assert_uint_eq(nvmx_insn_rflags(0x40, &T->out), 0x1);
}
END_TEST

START_TEST(vmptrst_exact)
{
	ie_reset(NVMX_PRESET_MAX);
	ie_do_vmxon();
	ie_lin_put(0, 0, 8);
	nvmx_insn_vmptrst(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMPTRST, OK));
	ck_assert_uint_eq(ie_lin_get(0, 8), ~0ull);
	ie_do_vmptrld(IE_VMCS2);
	ie_lin_put(0, 0, 8);
	nvmx_insn_vmptrst(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMPTRST, OK));
	ck_assert_uint_eq(ie_lin_get(0, 8), IE_VMCS2);
	/* write fault passes through: #PF with the write error code */
	T->ctx.op.la = IE_LA + 60;
	nvmx_insn_vmptrst(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 14, RR(VMPTRST, MEM));
	ck_assert_uint_eq(T->out.error_code, 2);
	ck_assert_uint_eq(T->out.fault_address, IE_LA + 60);
	T->ctx.op.la = IE_LA;
	T->vcpu.non_root = true;
	nvmx_insn_vmptrst(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 22, RR(VMPTRST, EXIT));
}
END_TEST

static Suite *make_insn_ptr(void)
{
	Suite *s = suite_create("insn_ptr");
	TCase *tc = tcase_create("ptr");

	tcase_add_loop_test(tc, vmclear_order, 0, N(vmclear_b));
	tcase_add_loop_test(tc, vmptrld_order, 0, N(vmptrld_b));
	tcase_add_loop_test(tc, vmptrst_order, 0, N(vmptrst_b));
	tcase_add_test(tc, vmclear_exact);
	tcase_add_test(tc, vmptrld_exact);
	tcase_add_test(tc, vmptrst_exact);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_insn_ptr);
