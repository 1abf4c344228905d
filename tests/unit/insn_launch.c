// SPDX-License-Identifier: MIT
/*
 * insn_launch.c - VMLAUNCH/VMRESUME (SDM 31.3, 27.1): the prologue in
 * order, the mapping of nvmx_check_vmentry()'s verdict onto the outcome,
 * and the round trip VMXON -> VMCLEAR -> VMPTRLD -> VMWRITE... ->
 * VMLAUNCH -> VMRESUME -> VMCLEAR -> VMXOFF on the entry helper's valid
 * 64-bit state (tests/unit/entry_baseline.c).
 */
#include <stdlib.h>
#include <string.h>

#include "entry_baseline.h"
#include "insn_env.h"
#include "suite.h"

#define RR(i, id) NVMX_RULE_##i##_##id

/* VMXON, IE_VMCS holds the baseline state and is current. */
static void setup_launch(void)
{
	ie_do_vmxon();
	eb_vmcs_64(&T->m, ie_vmcs(IE_VMCS));
	ie_do_vmptrld(IE_VMCS);
}

static void b_not_vmx(void) { T->vcpu.in_vmx = false; }
static void b_mode(void) { T->ctx.efer_lma = true, T->ctx.cs_l = false; }
static void b_exit(void) { T->vcpu.non_root = true; }
static void b_cpl(void) { T->ctx.cpl = 3; }
static void b_no_vmcs(void) { T->vcpu.current_vmcs = NVMX_VMCS_NONE; }
static void b_movss(void) { T->ctx.mov_ss_blocking = true; }

static const struct ie_breaker launch_b[] = {
	{ RR(VMLAUNCH, UD_NOT_VMX), b_not_vmx },
	{ RR(VMLAUNCH, UD_MODE), b_mode },
	{ RR(VMLAUNCH, EXIT), b_exit },
	{ RR(VMLAUNCH, CPL), b_cpl },
	{ RR(VMLAUNCH, NO_VMCS), b_no_vmcs },
	{ RR(VMLAUNCH, ENTRY), b_movss },
};
static const struct ie_breaker resume_b[] = {
	{ RR(VMRESUME, UD_NOT_VMX), b_not_vmx },
	{ RR(VMRESUME, UD_MODE), b_mode },
	{ RR(VMRESUME, EXIT), b_exit },
	{ RR(VMRESUME, CPL), b_cpl },
	{ RR(VMRESUME, NO_VMCS), b_no_vmcs },
	{ RR(VMRESUME, ENTRY), b_movss },
};
#define N(a) (sizeof(a) / sizeof((a)[0]))

START_TEST(launch_order)
{
	ie_run_breakers(launch_b, N(launch_b), (unsigned int)_i, false,
			setup_launch, nvmx_insn_vmlaunch);
	ck_assert(!T->vcpu.non_root || _i == 2);
	ie_run_breakers(launch_b, N(launch_b), (unsigned int)_i, true,
			setup_launch, nvmx_insn_vmlaunch);
}
END_TEST

START_TEST(resume_order)
{
	ie_run_breakers(resume_b, N(resume_b), (unsigned int)_i, false,
			setup_launch, nvmx_insn_vmresume);
	ie_run_breakers(resume_b, N(resume_b), (unsigned int)_i, true,
			setup_launch, nvmx_insn_vmresume);
}
END_TEST

START_TEST(launch_exact)
{
	struct nvmx_vmcs12 *v;

	ie_reset(NVMX_PRESET_MAX);
	nvmx_insn_vmlaunch(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 6, RR(VMLAUNCH, UD_NOT_VMX));
	setup_launch();
	v = ie_vmcs(IE_VMCS);
	T->vcpu.non_root = true;
	nvmx_insn_vmlaunch(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 20, RR(VMLAUNCH, EXIT));
	nvmx_insn_vmresume(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 24, RR(VMRESUME, EXIT));
	T->vcpu.non_root = false;
	T->ctx.cpl = 1;
	nvmx_insn_vmresume(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 13, RR(VMRESUME, CPL));
	T->ctx.cpl = 0;

	/* SDM 27.1 order after the prologue: MOV-SS blocking (26) before
	 * the launch state (4 / 5) */
	v->launch_state = NVMX_LAUNCH_LAUNCHED;
	T->ctx.mov_ss_blocking = true;
	nvmx_insn_vmlaunch(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 26, RR(VMLAUNCH, ENTRY));
	ck_assert_int_eq(T->out.check, NVMX_CHECK_INSN_MOVSS);
	ck_assert_uint_eq(v->field[NVMX_IDX_VM_INSTRUCTION_ERROR], 26);
	T->ctx.mov_ss_blocking = false;
	nvmx_insn_vmlaunch(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 4, RR(VMLAUNCH, ENTRY));
	ck_assert_int_eq(T->out.check, NVMX_CHECK_INSN_LAUNCH_NOT_CLEAR);
	ck_assert_uint_eq(v->field[NVMX_IDX_VM_INSTRUCTION_ERROR], 4);
	v->launch_state = NVMX_LAUNCH_CLEAR;
	nvmx_insn_vmresume(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 5, RR(VMRESUME, ENTRY));
	ck_assert_int_eq(T->out.check, NVMX_CHECK_INSN_RESUME_NOT_LAUNCHED);
	ck_assert(!T->vcpu.non_root);

	/* a shadow VMCS as current VMCS: VMfailInvalid (SDM 25.10) */
	v->revision_id |= 0x80000000u;
	nvmx_insn_vmlaunch(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_INVALID, 0, RR(VMLAUNCH, ENTRY));
	ck_assert_int_eq(T->out.check, NVMX_CHECK_INSN_SHADOW_VMCS);
	ck_assert_uint_eq(nvmx_insn_rflags(0x2, &T->out), 0x3);

	/* map_vmcs failure: NVMX_EFAULT */
	T->map_fail = true;
	ck_assert_int_eq(nvmx_insn_vmlaunch(&T->vcpu, &T->ctx, &T->out),
			 NVMX_EFAULT);
}
END_TEST

/*
 * Whatever nvmx_check_vmentry() answers for a state, the instruction
 * reports the same: compare for a set of broken states (a control, a host
 * field, a guest field) against a direct call.
 */
static void expect_mapped(bool launch)
{
	struct nvmx_entry_env env = { .sz = sizeof(env) };
	struct nvmx_entry_result res = { .sz = sizeof(res) };
	struct nvmx_vmcs12 copy = *ie_vmcs(IE_VMCS);
	int rc;

	env.launch = launch;
	env.in_vmx_operation = true;
	env.host_ia32e = true;
	env.read_gpa = T->ctx.read_gpa;
	env.opaque = T;
	rc = nvmx_check_vmentry(&T->m, &copy, &env, &res);
	ck_assert_int_ge(rc, 0);
	ck_assert_int_eq((launch ? nvmx_insn_vmlaunch : nvmx_insn_vmresume)(
				 &T->vcpu, &T->ctx, &T->out), 0);
	if (rc == 0) {
		ck_assert_int_eq(T->out.status, NVMX_INSN_VMENTRY);
		ck_assert(T->vcpu.non_root);
		return;
	}
	ck_assert_int_eq(T->out.check, res.first.id);
	ck_assert(!T->vcpu.non_root);
	switch (res.first.outcome) {
	case NVMX_OUTCOME_VMFAIL_VALID:
		ck_assert_int_eq(T->out.status, NVMX_INSN_FAIL_VALID);
		ck_assert_uint_eq(T->out.vm_insn_error,
				  res.first.vm_insn_error);
		ck_assert_uint_eq(ie_vmcs(IE_VMCS)->field
					  [NVMX_IDX_VM_INSTRUCTION_ERROR],
				  res.first.vm_insn_error);
		break;
	case NVMX_OUTCOME_ENTRY_FAIL:
		ck_assert_int_eq(T->out.status, NVMX_INSN_ENTRY_FAIL);
		ck_assert_uint_eq(T->out.exit_reason,
				  res.first.exit_reason | 0x80000000u);
		ck_assert_uint_eq(T->out.exit_qual, res.first.exit_qual);
		ck_assert_uint_eq(
			ie_vmcs(IE_VMCS)->field[NVMX_IDX_VM_EXIT_REASON],
			res.first.exit_reason | 0x80000000u);
		ck_assert_uint_eq(
			ie_vmcs(IE_VMCS)->field[NVMX_IDX_EXIT_QUALIFICATION],
			res.first.exit_qual);
		break;
	case NVMX_OUTCOME_VMFAIL_INVALID:
		ck_assert_int_eq(T->out.status, NVMX_INSN_FAIL_INVALID);
		break;
	default:
		ck_abort_msg("unexpected entry outcome %d", res.first.outcome);
	}
}

START_TEST(entry_mapping)
{
	struct nvmx_vmcs12 *v;

	/* _i: 0 baseline, 1 control, 2 host state, 3 guest state */
	ie_reset(NVMX_PRESET_MAX);
	setup_launch();
	v = ie_vmcs(IE_VMCS);
	if (_i == 1)	/* pin-based must-be-1 bits cleared (SDM 27.2.1.1) */
		v->field[NVMX_IDX_PIN_BASED_VM_EXEC_CONTROL] = 0;
	if (_i == 2)	/* host CR0.PE = 0 violates CR0 FIXED0 (27.2.2) */
		v->field[NVMX_IDX_HOST_CR0] &= ~1ull;
	if (_i == 3)	/* guest RFLAGS bit 1 must be 1 (27.3.1.4) */
		v->field[NVMX_IDX_GUEST_RFLAGS] = 0;
	expect_mapped(true);
	/* and the SDM's numbers: success; 7 (controls); 8 (host state);
	 * VM-entry failure 33 with qualification 0 (SDM 27.8) */
	if (_i == 0)
		IE_EXPECT(NVMX_INSN_VMENTRY, 0, NVMX_RULE_VMLAUNCH_OK);
	if (_i == 1)
		IE_EXPECT(NVMX_INSN_FAIL_VALID, 7, NVMX_RULE_VMLAUNCH_ENTRY);
	if (_i == 2)
		IE_EXPECT(NVMX_INSN_FAIL_VALID, 8, NVMX_RULE_VMLAUNCH_ENTRY);
	if (_i == 3) {
		IE_EXPECT(NVMX_INSN_ENTRY_FAIL, 0x80000021u,
			  NVMX_RULE_VMLAUNCH_ENTRY);
		ck_assert_uint_eq(T->out.exit_qual, 0);
		ck_assert_uint_eq(v->launch_state, NVMX_LAUNCH_CLEAR);
	}
}
END_TEST

/* VMWRITE every writable field of the baseline through the instruction
 * (register operands) into a fresh VMCS. */
static void vmwrite_all(const struct nvmx_vmcs12 *src)
{
	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++) {
		const struct nvmx_field_info *f = nvmx_field_at(i);

		if (!f || f->type == NVMX_EXIT ||
		    !nvmx_field_exists(&T->m, f->encoding))
			continue;
		T->ctx.reg = f->encoding;
		T->ctx.op.is_mem = false;
		T->ctx.op.value = src->field[i];
		ck_assert_int_eq(nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out),
				 0);
		ck_assert_msg(T->out.status == NVMX_INSN_SUCCEED,
			      "VMWRITE %s: status %d", f->name, T->out.status);
	}
}

START_TEST(round_trip)
{
	struct nvmx_vmcs12 base;
	struct nvmx_check_failure f;
	struct eb_state *s = malloc(sizeof(*s));
	int rc;

	ck_assert_ptr_nonnull(s);
	eb_state_64(s, NVMX_PRESET_MAX);
	rc = eb_check(s, &f);
	ie_reset(NVMX_PRESET_MAX);
	eb_vmcs_64(&T->m, &base);
	/* the region holds garbage before VMCLEAR, except the revision */
	memset(ie_vmcs(IE_VMCS), 0xa5, 4096);
	ie_vmcs(IE_VMCS)->revision_id = ie_rev();

	/* VMXON */
	ie_do_vmxon();
	ck_assert_uint_eq(T->vcpu.current_vmcs, ~0ull);
	/* VMCLEAR */
	ie_op_mem64(IE_VMCS);
	nvmx_insn_vmclear(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMCLEAR, OK));
	ck_assert_uint_eq(ie_vmcs(IE_VMCS)->launch_state, NVMX_LAUNCH_CLEAR);
	ck_assert_uint_eq(T->vcpu.current_vmcs, ~0ull);
	/* VMPTRLD */
	ie_do_vmptrld(IE_VMCS);
	/* VMPTRST reads it back */
	ie_op_mem64(0);
	nvmx_insn_vmptrst(&T->vcpu, &T->ctx, &T->out);
	ck_assert_uint_eq(ie_lin_get(0, 8), IE_VMCS);
	/* VMWRITE ... */
	vmwrite_all(&base);
	ck_assert_uint_eq(ie_vmcs(IE_VMCS)->field[NVMX_IDX_GUEST_RIP],
			  base.field[NVMX_IDX_GUEST_RIP]);
	/* VMLAUNCH */
	nvmx_insn_vmlaunch(&T->vcpu, &T->ctx, &T->out);
	if (rc == 0) {
		IE_EXPECT(NVMX_INSN_VMENTRY, 0, RR(VMLAUNCH, OK));
		ck_assert(T->vcpu.non_root);
		ck_assert_uint_eq(ie_vmcs(IE_VMCS)->launch_state,
				  NVMX_LAUNCH_LAUNCHED);
	} else {
		/* the entry checks reject the baseline (work in progress
		 * elsewhere): the instruction must report their verdict */
		ck_assert_int_eq(T->out.check, f.id);
		ck_abort_msg("baseline rejected by check %s",
			     nvmx_check_id_name(f.id));
	}
	/* L2 runs; VMLAUNCH again from L2 exits to L1 */
	nvmx_insn_vmlaunch(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 20, RR(VMLAUNCH, EXIT));
	/* L0 reflects a VM exit to L1 */
	T->vcpu.non_root = false;
	/* a second VMLAUNCH fails with 4 */
	nvmx_insn_vmlaunch(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 4, RR(VMLAUNCH, ENTRY));
	/* VMRESUME */
	nvmx_insn_vmresume(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMENTRY, 0, RR(VMRESUME, OK));
	ck_assert(T->vcpu.non_root);
	ck_assert_uint_eq(ie_vmcs(IE_VMCS)->launch_state,
			  NVMX_LAUNCH_LAUNCHED);
	T->vcpu.non_root = false;
	/* VMCLEAR */
	ie_op_mem64(IE_VMCS);
	nvmx_insn_vmclear(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMCLEAR, OK));
	ck_assert_uint_eq(ie_vmcs(IE_VMCS)->launch_state, NVMX_LAUNCH_CLEAR);
	ck_assert_uint_eq(T->vcpu.current_vmcs, ~0ull);
	/* VMRESUME without a VMCS */
	nvmx_insn_vmresume(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_INVALID, 0, RR(VMRESUME, NO_VMCS));
	/* VMXOFF */
	nvmx_insn_vmxoff(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMXOFF, OK));
	ck_assert(!T->vcpu.in_vmx);
	/* the data survive in memory: VMXON + VMPTRLD + VMREAD */
	ie_do_vmxon();
	ie_do_vmptrld(IE_VMCS);
	T->ctx.reg = NVMX_GUEST_RIP;
	T->ctx.op.is_mem = false;
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMREAD, OK));
	ck_assert(T->out.write_reg);
	ck_assert_uint_eq(T->out.value, base.field[NVMX_IDX_GUEST_RIP]);
	free(s);
}
END_TEST

static Suite *make_insn_launch(void)
{
	Suite *s = suite_create("insn_launch");
	TCase *tc = tcase_create("launch");

	tcase_add_loop_test(tc, launch_order, 0, N(launch_b));
	tcase_add_loop_test(tc, resume_order, 0, N(resume_b));
	tcase_add_test(tc, launch_exact);
	tcase_add_loop_test(tc, entry_mapping, 0, 4);
	tcase_add_test(tc, round_trip);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_insn_launch);
