// SPDX-License-Identifier: MIT
/*
 * entry_insn.c - instruction-level checks of VMLAUNCH/VMRESUME (SDM 27.1),
 * the driver's ordering between groups, diagnostic mode and API misuse.
 */
#include <stdlib.h>
#include <string.h>

#include "entry_common.h"

#define MAXP NVMX_PRESET_MAX
#define B(x) NVMX_CTL_MASK(x)

MUT(not_vmx, e->in_vmx_operation = false)
MUT(v86, e->v86_or_compat = true)
MUT(nonroot_launch, e->in_vmx_non_root = true)
MUT(nonroot_resume, e->in_vmx_non_root = true; e->launch = false;
    v->launch_state = NVMX_LAUNCH_LAUNCHED)
MUT(cpl3, e->cpl = 3)
MUT(cpl1, e->cpl = 1)
MUT(no_vmcs, e->no_current_vmcs = true)
MUT(shadow, v->revision_id |= 0x80000000u)
MUT(movss, e->mov_ss_blocking = true)
MUT(launch_launched, v->launch_state = NVMX_LAUNCH_LAUNCHED)
MUT(resume_clear, e->launch = false)
MUT(resume_launched, e->launch = false; v->launch_state = NVMX_LAUNCH_LAUNCHED)
MUT(none, (void)s)
MUT(rev_bit30, v->revision_id |= 0x40000000u)
MUT(launch_bad_state, v->launch_state = 7)
/* two failures: the SDM-first one wins */
MUT(not_vmx_and_cpl3, e->in_vmx_operation = false; e->cpl = 3)
MUT(v86_and_nonroot, e->v86_or_compat = true; e->in_vmx_non_root = true)
MUT(cpl3_and_no_vmcs, e->cpl = 3; e->no_current_vmcs = true)
MUT(movss_and_launched, e->mov_ss_blocking = true;
    v->launch_state = NVMX_LAUNCH_LAUNCHED)
MUT(launched_and_bad_ctl, v->launch_state = NVMX_LAUNCH_LAUNCHED;
    EB_SET(v, CR3_TARGET_COUNT, 99))
MUT(shadow_and_movss, v->revision_id |= 0x80000000u;
    e->mov_ss_blocking = true)

static const struct entry_case insn_cases[] = {
	EC_OTHER(INSN_UD_NOT_VMX, NVMX_OUTCOME_UD, 0, MAXP, not_vmx),
	EC_OTHER(INSN_UD_MODE, NVMX_OUTCOME_UD, 0, MAXP, v86),
	EC_OTHER(INSN_NONROOT, NVMX_OUTCOME_VMEXIT, 20, MAXP, nonroot_launch),
	EC_OTHER(INSN_NONROOT, NVMX_OUTCOME_VMEXIT, 24, MAXP, nonroot_resume),
	EC_OTHER(INSN_CPL, NVMX_OUTCOME_GP, 0, MAXP, cpl3),
	EC_OTHER(INSN_CPL, NVMX_OUTCOME_GP, 0, MAXP, cpl1),
	EC_OTHER(INSN_NO_VMCS, NVMX_OUTCOME_VMFAIL_INVALID, 0, MAXP, no_vmcs),
	EC_OTHER(INSN_SHADOW_VMCS, NVMX_OUTCOME_VMFAIL_INVALID, 0, MAXP, shadow),
	EC_VALID(INSN_MOVSS, 26, NONE, MAXP, movss),
	EC_VALID(INSN_LAUNCH_NOT_CLEAR, 4, NONE, MAXP, launch_launched),
	EC_VALID(INSN_LAUNCH_NOT_CLEAR, 4, NONE, MAXP, launch_bad_state),
	EC_VALID(INSN_RESUME_NOT_LAUNCHED, 5, NONE, MAXP, resume_clear),
	EC_EDGE(INSN_RESUME_NOT_LAUNCHED, resume_launched, MAXP),
	EC_EDGE(INSN_UD_NOT_VMX, none, MAXP),
	EC_EDGE(INSN_UD_MODE, none, MAXP),
	EC_EDGE(INSN_NONROOT, none, MAXP),
	EC_EDGE(INSN_CPL, none, MAXP),
	EC_EDGE(INSN_NO_VMCS, none, MAXP),
	EC_EDGE(INSN_SHADOW_VMCS, rev_bit30, MAXP),
	EC_EDGE(INSN_MOVSS, none, MAXP),
	EC_EDGE(INSN_LAUNCH_NOT_CLEAR, none, MAXP),
	EC_PASS(resume_launched, NVMX_PRESET_SKYLAKE_SERVER),
	EC_OTHER(INSN_UD_NOT_VMX, NVMX_OUTCOME_UD, 0, MAXP, not_vmx_and_cpl3),
	EC_OTHER(INSN_UD_MODE, NVMX_OUTCOME_UD, 0, MAXP, v86_and_nonroot),
	EC_OTHER(INSN_CPL, NVMX_OUTCOME_GP, 0, MAXP, cpl3_and_no_vmcs),
	EC_OTHER(INSN_SHADOW_VMCS, NVMX_OUTCOME_VMFAIL_INVALID, 0, MAXP,
		 shadow_and_movss),
	EC_VALID(INSN_MOVSS, 26, NONE, MAXP, movss_and_launched),
	EC_VALID(INSN_LAUNCH_NOT_CLEAR, 4, NONE, MAXP, launched_and_bad_ctl),
};
ENTRY_CASE_TABLE(insn_cases);

static struct eb_state *new_state(enum nvmx_preset p)
{
	struct eb_state *s = malloc(sizeof(*s));

	ck_assert_ptr_nonnull(s);
	eb_state_64(s, p);
	return s;
}

/* Diagnostic mode: VMfailValid instruction checks let the VMCS checks run
 * on; every violation is listed in hardware order, all[0] == first. */
START_TEST(test_diag_lists_all)
{
	struct eb_state *s = new_state(MAXP);
	struct nvmx_check_failure all[8];
	unsigned int n;

	s->env.mov_ss_blocking = true;
	s->v.launch_state = NVMX_LAUNCH_LAUNCHED;
	EB_SET(&s->v, CR3_TARGET_COUNT, 5);
	EB_SET(&s->v, HOST_TR_SELECTOR, 0);
	n = entry_all(s, all, 8);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(all[0].id, NVMX_CHECK_INSN_MOVSS);
	ck_assert_uint_eq(all[0].vm_insn_error, 26);
	ck_assert_int_eq(all[1].id, NVMX_CHECK_INSN_LAUNCH_NOT_CLEAR);
	ck_assert_uint_eq(all[1].vm_insn_error, 4);
	ck_assert_int_eq(all[2].id, NVMX_CHECK_CTL_EXEC_CR3_COUNT);
	ck_assert_uint_eq(all[2].vm_insn_error, 7);
	ck_assert_int_eq(all[3].id, NVMX_CHECK_HOST_SEL_TR_NULL);
	ck_assert_uint_eq(all[3].vm_insn_error, 8);
	/* all_cap smaller than the number of violations: count still full */
	ck_assert_uint_eq(entry_all(s, all, 2), 4);
	free(s);
}
END_TEST

/* A fault ends the instruction even in diagnostic mode. */
START_TEST(test_diag_fault_stops)
{
	struct eb_state *s = new_state(MAXP);
	struct nvmx_check_failure all[8];

	s->env.cpl = 3;
	EB_SET(&s->v, CR3_TARGET_COUNT, 5);
	ck_assert_uint_eq(entry_all(s, all, 8), 1);
	ck_assert_int_eq(all[0].id, NVMX_CHECK_INSN_CPL);
	ck_assert_int_eq(all[0].outcome, NVMX_OUTCOME_GP);
	free(s);
}
END_TEST

/* First-failure mode reports exactly one failure. */
START_TEST(test_first_mode_count)
{
	struct eb_state *s = new_state(MAXP);
	struct nvmx_entry_result r;

	EB_SET(&s->v, CR3_TARGET_COUNT, 5);
	EB_SET(&s->v, HOST_TR_SELECTOR, 0);
	memset(&r, 0, sizeof(r));
	r.sz = sizeof(r);
	ck_assert_int_eq(nvmx_check_vmentry(&s->m, &s->v, &s->env, &r), 1);
	ck_assert_uint_eq(r.all_count, 1);
	ck_assert_int_eq(r.first.id, NVMX_CHECK_CTL_EXEC_CR3_COUNT);
	free(s);
}
END_TEST

START_TEST(test_api_misuse)
{
	struct eb_state *s = new_state(MAXP);
	struct nvmx_entry_result r;
	struct nvmx_entry_env env;

	memset(&r, 0, sizeof(r));
	r.sz = sizeof(r);
	ck_assert_int_eq(nvmx_check_vmentry(NULL, &s->v, &s->env, &r), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_check_vmentry(&s->m, NULL, &s->env, &r), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_check_vmentry(&s->m, &s->v, NULL, &r), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_check_vmentry(&s->m, &s->v, &s->env, NULL), NVMX_EINVAL);
	r.sz = 8;
	ck_assert_int_eq(nvmx_check_vmentry(&s->m, &s->v, &s->env, &r), NVMX_EINVAL);
	r.sz = sizeof(r);
	env = s->env;
	env.sz = 4;
	ck_assert_int_eq(nvmx_check_vmentry(&s->m, &s->v, &env, &r), NVMX_EINVAL);
	/* a larger sz (a newer caller) is accepted */
	r.sz = sizeof(r) + 16;
	ck_assert_int_eq(nvmx_check_vmentry(&s->m, &s->v, &s->env, &r), 0);
	free(s);
}
END_TEST

/* Names, SDM references and descriptions of every row; by_name inverse. */
START_TEST(test_names)
{
	ck_assert_ptr_null(nvmx_check_id_name(NVMX_CHECK_COUNT));
	ck_assert_ptr_null(nvmx_check_sdm_ref(NVMX_CHECK_COUNT));
	ck_assert_ptr_null(nvmx_check_description((enum nvmx_check_id)-1));
	ck_assert_int_eq(nvmx_check_by_name(NULL), NVMX_CHECK_NONE);
	ck_assert_int_eq(nvmx_check_by_name("NO_SUCH_CHECK"), NVMX_CHECK_NONE);
	ck_assert_int_eq(nvmx_check_by_name("NVMX_CHECK_HOST_PAT"),
			 NVMX_CHECK_HOST_PAT);
	for (unsigned int i = 1; i < NVMX_CHECK_COUNT; i++) {
		const char *n = nvmx_check_id_name((enum nvmx_check_id)i);
		const char *sdm = nvmx_check_sdm_ref((enum nvmx_check_id)i);

		ck_assert_ptr_nonnull(n);
		ck_assert_int_eq(nvmx_check_by_name(n), i);
		ck_assert_msg(sdm && strncmp(sdm, "27.", 3) == 0, "%s: sdm %s",
			      n, sdm);
		ck_assert_msg(strlen(nvmx_check_description((enum nvmx_check_id)i)) > 10,
			      "%s", n);
	}
}
END_TEST

static Suite *make_entry_insn(void)
{
	Suite *s = suite_create("entry_insn");
	TCase *tc = tcase_create("insn");

	tcase_add_test(tc, test_diag_lists_all);
	tcase_add_test(tc, test_diag_fault_stops);
	tcase_add_test(tc, test_first_mode_count);
	tcase_add_test(tc, test_api_misuse);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_entry_insn);
