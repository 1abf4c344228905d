// SPDX-License-Identifier: MIT
/*
 * entry_common.c - runs every registered VM-entry case and enforces the
 * coverage rule: each check ID of checks.def has a failing case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entry_common.h"

extern const struct entry_case_table __start_nvmx_entry_cases[];
extern const struct entry_case_table __stop_nvmx_entry_cases[];

static const char *oc_name(enum nvmx_outcome o)
{
	static const char *const n[] = { "SUCCESS", "UD", "GP", "VMEXIT",
					 "VMFAIL_INVALID", "VMFAIL_VALID",
					 "ENTRY_FAIL" };

	return (unsigned int)o < 7 ? n[o] : "?";
}

void entry_case_run(const struct entry_case *c)
{
	struct eb_state *s = malloc(sizeof(*s));
	struct nvmx_check_failure f;
	int rc;

	ck_assert_ptr_nonnull(s);
	eb_state_64(s, c->preset);
	c->mutate(s);
	s->env.opaque = &s->mem;
	if (c->diag) {
		struct nvmx_check_failure all[64];
		unsigned int n = entry_all(s, all, 64), i;

		for (i = 0; i < n && i < 64 && all[i].id != c->id; i++)
			;
		ck_assert_msg(i < n && i < 64, "%s: %s not reported", c->label,
			      nvmx_check_id_name(c->id));
		f = all[i];
		ck_assert_msg(f.outcome == c->outcome && (f.vm_insn_error == c->num ||
							 f.exit_reason == c->num),
			      "%s: wrong outcome", c->label);
		if (c->field)
			ck_assert_int_eq(f.field, c->field);
		free(s);
		return;
	}
	rc = eb_check(s, &f);
	ck_assert_msg(rc == (c->id != NVMX_CHECK_NONE),
		      "%s [%s]: rc %d, first %s", c->label,
		      nvmx_preset_name(c->preset), rc,
		      nvmx_check_id_name(f.id));
	ck_assert_msg(f.id == c->id, "%s [%s]: expected %s, got %s", c->label,
		      nvmx_preset_name(c->preset),
		      c->id ? nvmx_check_id_name(c->id) : "pass",
		      nvmx_check_id_name(f.id));
	if (c->id != NVMX_CHECK_NONE) {
		ck_assert_msg(f.outcome == c->outcome, "%s: outcome %s != %s",
			      c->label, oc_name(f.outcome), oc_name(c->outcome));
		if (c->outcome == NVMX_OUTCOME_VMFAIL_VALID)
			ck_assert_msg(f.vm_insn_error == c->num &&
					      f.exit_reason == 0,
				      "%s: error %u != %u", c->label,
				      f.vm_insn_error, c->num);
		if (c->outcome == NVMX_OUTCOME_ENTRY_FAIL ||
		    c->outcome == NVMX_OUTCOME_VMEXIT)
			ck_assert_msg(f.exit_reason == c->num,
				      "%s: exit reason %u != %u", c->label,
				      f.exit_reason, c->num);
		if (c->outcome == NVMX_OUTCOME_ENTRY_FAIL)
			ck_assert_msg(f.exit_qual == c->qual,
				      "%s: qual %llu != %llu", c->label,
				      (unsigned long long)f.exit_qual,
				      (unsigned long long)c->qual);
		if (c->field)
			ck_assert_msg(f.field == c->field,
				      "%s: field %#x != %#x", c->label,
				      f.field, c->field);
	}
	free(s);
}

unsigned int entry_all(const struct eb_state *s, struct nvmx_check_failure *all,
		       unsigned int cap)
{
	struct nvmx_entry_result r;

	memset(&r, 0, sizeof(r));
	r.sz = sizeof(r);
	r.all = all;
	r.all_cap = cap;
	ck_assert_int_ge(nvmx_check_vmentry(&s->m, &s->v, &s->env, &r), 0);
	if (r.all_count)
		ck_assert_int_eq(all[0].id, r.first.id);
	return r.all_count;
}

/* The n-th registered case, across all tables. */
static const struct entry_case *case_at(int n)
{
	for (const struct entry_case_table *t = __start_nvmx_entry_cases;
	     t < __stop_nvmx_entry_cases; t++) {
		if ((size_t)n < t->n)
			return &t->cases[n];
		n -= (int)t->n;
	}
	return NULL;
}

static int case_count(void)
{
	int n = 0;

	for (const struct entry_case_table *t = __start_nvmx_entry_cases;
	     t < __stop_nvmx_entry_cases; t++)
		n += (int)t->n;
	return n;
}

START_TEST(test_case)
{
	entry_case_run(case_at(_i));
}
END_TEST

/* Every ID of checks.def has at least one registered failing case. */
START_TEST(test_every_id_covered)
{
	int missing = 0;

	for (unsigned int id = 1; id < NVMX_CHECK_COUNT; id++) {
		bool hit = false;
		const char *name = nvmx_check_id_name((enum nvmx_check_id)id);

		ck_assert_ptr_nonnull(name);
		for (int i = 0; i < case_count() && !hit; i++)
			hit = case_at(i)->id == (enum nvmx_check_id)id;
		if (!hit) {
			fprintf(stderr, "no failing case for %s\n", name);
			missing++;
		}
	}
	ck_assert_msg(missing == 0, "%d check IDs have no failing case",
		      missing);
}
END_TEST

/* Every instruction, control, host and MSR-load check has a passing
 * boundary case (EC_EDGE). GUEST_* rows are the guest-state helper's: its
 * file lists its boundaries with EC_PASS. */
START_TEST(test_every_id_has_edge)
{
	int missing = 0;

	for (unsigned int id = 1; id < NVMX_CHECK_COUNT; id++) {
		bool hit = false;
		const char *name = nvmx_check_id_name((enum nvmx_check_id)id);

		if (!strncmp(name, "GUEST_", 6))
			continue;
		for (int i = 0; i < case_count() && !hit; i++)
			hit = case_at(i)->edge == (enum nvmx_check_id)id;
		if (!hit) {
			fprintf(stderr, "no boundary case for %s\n", name);
			missing++;
		}
	}
	ck_assert_msg(missing == 0, "%d check IDs have no boundary case",
		      missing);
}
END_TEST

/* The baseline passes on every preset; in diagnostic mode it reports
 * nothing. */
START_TEST(test_baseline_passes)
{
	struct eb_state *s = malloc(sizeof(*s));
	struct nvmx_check_failure f, all[4];

	eb_state_64(s, (enum nvmx_preset)_i);
	s->env.opaque = &s->mem;
	ck_assert_msg(eb_check(s, &f) == 0, "preset %s: %s",
		      nvmx_preset_name((enum nvmx_preset)_i),
		      nvmx_check_id_name(f.id));
	ck_assert_int_eq(f.id, NVMX_CHECK_NONE);
	ck_assert_int_eq(entry_all(s, all, 4), 0);
	free(s);
}
END_TEST

static Suite *make_entry_common(void)
{
	Suite *s = suite_create("entry_common");
	TCase *tc = tcase_create("cases");

	tcase_add_test(tc, test_every_id_covered);
	tcase_add_test(tc, test_every_id_has_edge);
	tcase_add_loop_test(tc, test_baseline_passes, 0, NVMX_PRESET_COUNT);
	tcase_add_loop_test(tc, test_case, 0, case_count());
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_entry_common);
