// SPDX-License-Identifier: MIT
/*
 * insn_vmxon.c - VMXON and VMXOFF: every branch of the SDM 31.3
 * pseudo-code, alone and with every later branch's condition also true
 * (the earlier check must win), plus the in-VMX-operation branch.
 * Expected vectors / errors / exit reasons are the SDM's numbers.
 */
#include "insn_env.h"
#include "suite.h"

#define RR(i, id) NVMX_RULE_##i##_##id

static void b_ud_reg(void) { T->ctx.op.is_mem = false; }
static void b_ud_vmxe(void) { T->ctx.cr4 &= ~NVMX_CR4_VMXE; }
static void b_cpl(void) { T->ctx.cpl = 3; }
static void b_a20m(void) { T->ctx.a20m = true; }
/* CR0.NE = 0: IA32_VMX_CR0_FIXED0 has bit 5 set (SDM A.7) */
static void b_cr0(void) { T->ctx.cr0 &= ~0x20ull; }
/* a bit above every defined CR4 bit: FIXED1 has it clear */
static void b_cr4(void) { T->ctx.cr4 |= 1ull << 40; }
static void b_fc_lock(void) { T->vcpu.feature_control &= ~1ull; }
static void b_fc_smx(void)
{
	T->ctx.in_smx = true;
	T->vcpu.feature_control &= ~2ull;
}
static void b_fc_nosmx(void) { T->vcpu.feature_control &= ~4ull; }
static void b_mem(void) { T->lin_fail = true; }
static void b_addr(void) { ie_lin_put(0, IE_VMXON | 0x800, 8); }
static void b_rev(void) { ie_gpa_put64(IE_VMXON, ie_rev() ^ 1); }
static void setup_vmxon(void) { ie_op_mem64(IE_VMXON); }

/* The "not in VMX operation" path, in pseudo-code order. */
static const struct ie_breaker vmxon_b[] = {
	{ RR(VMXON, UD_REG), b_ud_reg },
	{ RR(VMXON, UD_MODE), b_ud_vmxe },
	{ RR(VMXON, CPL), b_cpl },
	{ RR(VMXON, A20M), b_a20m },
	{ RR(VMXON, CR0_FIXED), b_cr0 },
	{ RR(VMXON, CR4_FIXED), b_cr4 },
	{ RR(VMXON, FC_LOCK), b_fc_lock },
	{ RR(VMXON, FC_SMX), b_fc_smx },
	{ RR(VMXON, FC_NOSMX), b_fc_nosmx },
	{ RR(VMXON, MEM), b_mem },
	{ RR(VMXON, ADDR), b_addr },
	{ RR(VMXON, REVISION), b_rev },
};
#define N_VMXON (sizeof(vmxon_b) / sizeof(vmxon_b[0]))

START_TEST(vmxon_order_alone)
{
	ie_run_breakers(vmxon_b, N_VMXON, (unsigned int)_i, false,
			setup_vmxon, nvmx_insn_vmxon);
	ck_assert(!T->vcpu.in_vmx);
}
END_TEST

START_TEST(vmxon_order_cumulative)
{
	ie_run_breakers(vmxon_b, N_VMXON, (unsigned int)_i, true, setup_vmxon,
			nvmx_insn_vmxon);
	ck_assert(!T->vcpu.in_vmx);
	ck_assert_uint_eq(T->vcpu.vmxon_ptr, NVMX_VMCS_NONE);
}
END_TEST

/* Exact outcome of each row (independent of the rule table). */
START_TEST(vmxon_exact)
{
	ie_reset(NVMX_PRESET_MAX);
	ie_op_mem64(IE_VMXON);
	b_ud_reg();
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 6, RR(VMXON, UD_REG));
	ck_assert(!T->out.has_error_code);

	/* each mode #UD condition on its own */
	ie_reset(NVMX_PRESET_MAX);
	ie_op_mem64(IE_VMXON);
	T->ctx.cr0 &= ~1ull;
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 6, RR(VMXON, UD_MODE));
	ie_reset(NVMX_PRESET_MAX);
	ie_op_mem64(IE_VMXON);
	T->ctx.rflags_vm = true;
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 6, RR(VMXON, UD_MODE));
	ie_reset(NVMX_PRESET_MAX);
	ie_op_mem64(IE_VMXON);
	T->ctx.cs_l = false;	/* compatibility mode */
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 6, RR(VMXON, UD_MODE));

	/* #GP(0) carries error code 0 */
	ie_reset(NVMX_PRESET_MAX);
	ie_op_mem64(IE_VMXON);
	b_fc_lock();
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 13, RR(VMXON, FC_LOCK));
	ck_assert(T->out.has_error_code);
	ck_assert_uint_eq(T->out.error_code, 0);

	/* the memory fault passes through with its error code and CR2 */
	ie_reset(NVMX_PRESET_MAX);
	T->ctx.op.la = IE_LA + 0x1000;
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 14, RR(VMXON, MEM));
	ck_assert_uint_eq(T->out.fault_address, IE_LA + 0x1000);
	ck_assert_uint_eq(T->out.error_code, 0);
	ie_reset(NVMX_PRESET_MAX);
	T->fault_vector = 12;	/* #SS from the caller */
	T->lin_fail = true;
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 12, RR(VMXON, MEM));

	/* in SMX operation bit 1 is what counts: bit 2 clear is fine */
	ie_reset(NVMX_PRESET_MAX);
	ie_op_mem64(IE_VMXON);
	T->ctx.in_smx = true;
	T->vcpu.feature_control = 0x3;
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMXON, OK));
}
END_TEST

START_TEST(vmxon_pointer_rules)
{
	/* address width: MAXPHYADDR; with IA32_VMX_BASIC[48], 32 bits */
	uint64_t basic;

	ie_reset(NVMX_PRESET_MAX);
	ck_assert_int_eq(nvmx_model_set_maxphyaddr(&T->m, 36), 0);
	ie_op_mem64(1ull << 36);
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_INVALID, 0, RR(VMXON, ADDR));
	ie_op_mem64(IE_VMXON | 1);
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_INVALID, 0, RR(VMXON, ADDR));

	ie_reset(NVMX_PRESET_MAX);
	basic = nvmx_model_get_msr(&T->m, NVMX_MSR_VMX_BASIC);
	ck_assert_int_eq(nvmx_model_set_msr(&T->m, NVMX_MSR_VMX_BASIC,
					    basic | (1ull << 48)), 0);
	ie_op_mem64(1ull << 32);
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_INVALID, 0, RR(VMXON, ADDR));

	/* revision bit 31 set: VMfailInvalid even if bits 30:0 match */
	ie_reset(NVMX_PRESET_MAX);
	ie_gpa_put64(IE_VMXON, ie_rev() | 0x80000000u);
	ie_op_mem64(IE_VMXON);
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_INVALID, 0, RR(VMXON, REVISION));
	ck_assert(!T->vcpu.in_vmx);

	/* region without memory: API error, no state change */
	ie_reset(NVMX_PRESET_MAX);
	ie_op_mem64(0x1000);
	ck_assert_int_eq(nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out),
			 NVMX_EFAULT);
	ck_assert_int_eq(T->out.status, NVMX_INSN_ERROR);
	ck_assert(!T->vcpu.in_vmx);
}
END_TEST

START_TEST(vmxon_success)
{
	ie_reset(NVMX_PRESET_MAX);
	ie_op_mem64(IE_VMXON);
	ck_assert_int_eq(nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out), 0);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMXON, OK));
	ck_assert(T->vcpu.in_vmx);
	ck_assert(!T->vcpu.non_root);
	ck_assert_uint_eq(T->vcpu.vmxon_ptr, IE_VMXON);
	ck_assert_uint_eq(T->vcpu.current_vmcs, ~0ull);
	/* VMsucceed: CF PF AF ZF SF OF cleared, others kept */
	ck_assert_uint_eq(nvmx_insn_rflags(0x8d7, &T->out), 0x2);
}
END_TEST

/* The "in VMX operation" branch: non-root -> exit 27; CPL > 0 -> #GP;
 * else VMfail(15). */
START_TEST(vmxon_in_vmx)
{
	ie_reset(NVMX_PRESET_MAX);
	ie_do_vmxon();
	/* #UD still comes first */
	T->vcpu.non_root = true;
	T->ctx.rflags_vm = true;
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 6, RR(VMXON, UD_MODE));
	/* non-root beats CPL and every #GP condition */
	T->ctx.rflags_vm = false;
	T->ctx.cpl = 3;
	T->vcpu.feature_control = 0;
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 27, RR(VMXON, EXIT));
	T->vcpu.non_root = false;
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 13, RR(VMXON, ROOT_CPL));
	/* CPL 0, no current VMCS: VMfail -> VMfailInvalid */
	T->ctx.cpl = 0;
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_INVALID, 0, RR(VMXON, ROOT));
	ck_assert_uint_eq(nvmx_insn_rflags(0x2, &T->out), 0x3);
	/* with a current VMCS: VMfailValid(15), written to that VMCS */
	ie_do_vmptrld(IE_VMCS);
	ie_op_mem64(IE_VMXON);
	nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 15, RR(VMXON, ROOT));
	ck_assert_uint_eq(
		ie_vmcs(IE_VMCS)->field[NVMX_IDX_VM_INSTRUCTION_ERROR], 15);
	ck_assert_uint_eq(nvmx_insn_rflags(0x2 | 1, &T->out), 0x2 | 0x40);
	ck_assert_uint_eq(T->vcpu.vmxon_ptr, IE_VMXON);
	ck_assert_uint_eq(T->vcpu.current_vmcs, IE_VMCS);
}
END_TEST

/* VMXOFF */
static void x_not_vmx(void) { T->vcpu.in_vmx = false; }
static void x_mode(void) { T->ctx.cr0 &= ~1ull; }
static void x_exit(void) { T->vcpu.non_root = true; }
static void x_cpl(void) { T->ctx.cpl = 1; }
static void x_dual(void) { T->vcpu.dual_monitor = true; }
static void setup_vmxoff(void) { ie_do_vmxon(); }

static const struct ie_breaker vmxoff_b[] = {
	{ RR(VMXOFF, UD_NOT_VMX), x_not_vmx },
	{ RR(VMXOFF, UD_MODE), x_mode },
	{ RR(VMXOFF, EXIT), x_exit },
	{ RR(VMXOFF, CPL), x_cpl },
	{ RR(VMXOFF, DUAL_MONITOR), x_dual },
};
#define N_VMXOFF (sizeof(vmxoff_b) / sizeof(vmxoff_b[0]))

START_TEST(vmxoff_order_alone)
{
	ie_run_breakers(vmxoff_b, N_VMXOFF, (unsigned int)_i, false,
			setup_vmxoff, nvmx_insn_vmxoff);
}
END_TEST

START_TEST(vmxoff_order_cumulative)
{
	ie_run_breakers(vmxoff_b, N_VMXOFF, (unsigned int)_i, true,
			setup_vmxoff, nvmx_insn_vmxoff);
}
END_TEST

START_TEST(vmxoff_exact)
{
	ie_reset(NVMX_PRESET_MAX);
	nvmx_insn_vmxoff(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 6, RR(VMXOFF, UD_NOT_VMX));
	ie_do_vmxon();
	T->ctx.cs_l = false;
	nvmx_insn_vmxoff(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 6, RR(VMXOFF, UD_MODE));
	T->ctx.cs_l = true;
	T->vcpu.non_root = true;
	nvmx_insn_vmxoff(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 26, RR(VMXOFF, EXIT));
	T->vcpu.non_root = false;
	T->ctx.cpl = 3;
	nvmx_insn_vmxoff(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 13, RR(VMXOFF, CPL));
	T->ctx.cpl = 0;
	T->vcpu.dual_monitor = true;
	nvmx_insn_vmxoff(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_INVALID, 0, RR(VMXOFF, DUAL_MONITOR));
	ie_do_vmptrld(IE_VMCS);
	nvmx_insn_vmxoff(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 23, RR(VMXOFF, DUAL_MONITOR));
	ck_assert_uint_eq(
		ie_vmcs(IE_VMCS)->field[NVMX_IDX_VM_INSTRUCTION_ERROR], 23);
	ck_assert(T->vcpu.in_vmx);
	T->vcpu.dual_monitor = false;
	nvmx_insn_vmxoff(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMXOFF, OK));
	ck_assert(!T->vcpu.in_vmx);
	ck_assert_uint_eq(T->vcpu.current_vmcs, ~0ull);
	ck_assert_uint_eq(T->vcpu.vmxon_ptr, ~0ull);
}
END_TEST

START_TEST(api_misuse)
{
	struct nvmx_insn_ctx small;

	ie_reset(NVMX_PRESET_MAX);
	ck_assert_int_eq(nvmx_insn_vmxon(NULL, &T->ctx, &T->out), NVMX_EINVAL);
	ck_assert_int_eq(T->out.status, NVMX_INSN_ERROR);
	ck_assert_int_eq(nvmx_insn_vmxon(&T->vcpu, NULL, &T->out),
			 NVMX_EINVAL);
	ck_assert_int_eq(nvmx_insn_vmxon(&T->vcpu, &T->ctx, NULL),
			 NVMX_EINVAL);
	small = T->ctx;
	small.sz = 8;
	ck_assert_int_eq(nvmx_insn_vmxoff(&T->vcpu, &small, &T->out),
			 NVMX_EINVAL);
	T->vcpu.model = NULL;
	ck_assert_int_eq(nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out),
			 NVMX_EINVAL);
	ck_assert(!T->vcpu.in_vmx);
}
END_TEST

static Suite *make_insn_vmxon(void)
{
	Suite *s = suite_create("insn_vmxon");
	TCase *tc = tcase_create("vmxon");

	tcase_add_loop_test(tc, vmxon_order_alone, 0, N_VMXON);
	tcase_add_loop_test(tc, vmxon_order_cumulative, 0, N_VMXON);
	tcase_add_test(tc, vmxon_exact);
	tcase_add_test(tc, vmxon_pointer_rules);
	tcase_add_test(tc, vmxon_success);
	tcase_add_test(tc, vmxon_in_vmx);
	tcase_add_loop_test(tc, vmxoff_order_alone, 0, N_VMXOFF);
	tcase_add_loop_test(tc, vmxoff_order_cumulative, 0, N_VMXOFF);
	tcase_add_test(tc, vmxoff_exact);
	tcase_add_test(tc, api_misuse);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_insn_vmxon);
