// SPDX-License-Identifier: MIT
/*
 * compat_entry.c - the COMPAT restore policy seen from VM entry (issue 4,
 * "kept visible to L1 but refused at VM entry"): a control that a COMPAT
 * restore accepted although L0 withdrew it stays in L1's allowed-1
 * setting, and a VM entry that sets it fails exactly as for a control the
 * model does not support (VMfailValid 7, the reserved-bits check ID).
 */
#include <nvmx/nvmx.h>

#include "entry_baseline.h"
#include "suite.h"

/* Restore IA32_VMX_PROCBASED_CTLS2 with SPP (secondary bit 23, withdrawn
 * in release 0.1.0 per lib/msr/revoke.def) added to the limit's allowed-1. */
static int restore_spp(struct eb_state *s, enum nvmx_restore_policy pol)
{
	struct nvmx_model limit;
	struct nvmx_restore_opts o = { .policy = pol, .source_release = 0 };
	struct nvmx_msr_verdict why;
	uint64_t v;

	limit = s->m;
	v = nvmx_model_get_msr(&limit, NVMX_MSR_VMX_PROCBASED_CTLS2) |
	    (NVMX_CTL_MASK(PROC2_SUBPAGE_WRITE_PERM) << 32);
	return nvmx_msr_restore(&s->m, &limit, NVMX_MSR_VMX_PROCBASED_CTLS2, v,
				&o, &why);
}

START_TEST(strict_refuses_withdrawn_control)
{
	struct eb_state s;

	eb_state_64(&s, NVMX_PRESET_SAPPHIRE_RAPIDS);
	ck_assert_int_lt(restore_spp(&s, NVMX_RESTORE_STRICT), 0);
	ck_assert_uint_eq(s.m.revoked[NVMX_WORD_PROC2], 0);
}
END_TEST

START_TEST(compat_keeps_it_visible_and_refuses_its_use)
{
	struct eb_state s;
	struct nvmx_check_failure f;

	eb_state_64(&s, NVMX_PRESET_SAPPHIRE_RAPIDS);
	ck_assert_int_eq(restore_spp(&s, NVMX_RESTORE_COMPAT), 0);
	/* visible to L1 ... */
	ck_assert(nvmx_model_allowed1(&s.m, NVMX_WORD_PROC2) &
		  NVMX_CTL_MASK(PROC2_SUBPAGE_WRITE_PERM));
	ck_assert_uint_eq(s.m.revoked[NVMX_WORD_PROC2],
			  NVMX_CTL_MASK(PROC2_SUBPAGE_WRITE_PERM));
	/* ... a VM that does not use it still enters ... */
	ck_assert_int_eq(eb_check(&s, &f), 0);
	/* ... and one that does fails as for an unsupported control. */
	EB_OR(&s.v, SECONDARY_VM_EXEC_CONTROL,
	      NVMX_CTL_MASK(PROC2_SUBPAGE_WRITE_PERM));
	ck_assert_int_eq(eb_check(&s, &f), 1);
	ck_assert_int_eq(f.outcome, NVMX_OUTCOME_VMFAIL_VALID);
	ck_assert_uint_eq(f.vm_insn_error, 7);
	ck_assert_int_eq(f.id, NVMX_CHECK_CTL_EXEC_PROC2_RSVD);
}
END_TEST

START_TEST(same_verdict_as_unsupported_control)
{
	struct eb_state s;
	struct nvmx_check_failure f;

	/* Sapphire Rapids never offered SPP: identical outcome. */
	eb_state_64(&s, NVMX_PRESET_SAPPHIRE_RAPIDS);
	EB_OR(&s.v, SECONDARY_VM_EXEC_CONTROL,
	      NVMX_CTL_MASK(PROC2_SUBPAGE_WRITE_PERM));
	ck_assert_int_eq(eb_check(&s, &f), 1);
	ck_assert_uint_eq(f.vm_insn_error, 7);
	ck_assert_int_eq(f.id, NVMX_CHECK_CTL_EXEC_PROC2_RSVD);
}
END_TEST

static Suite *make_compat_entry(void)
{
	Suite *s = suite_create("compat_entry");
	TCase *tc = tcase_create("revoked");

	tcase_add_test(tc, strict_refuses_withdrawn_control);
	tcase_add_test(tc, compat_keeps_it_visible_and_refuses_its_use);
	tcase_add_test(tc, same_verdict_as_unsupported_control);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_compat_entry);
