// SPDX-License-Identifier: MIT
/*
 * insn_doc.c - doc/instructions.md is what nvmx_insn_doc() generates from
 * the rule table (regenerate: `nvmx insn-doc > doc/instructions.md`), and
 * the rule table itself is well formed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insn_env.h"
#include "suite.h"

#ifndef NVMX_SRCDIR
#error "tests/meson.build passes NVMX_SRCDIR"
#endif

START_TEST(doc_up_to_date)
{
	const char *path = NVMX_SRCDIR "/doc/instructions.md";
	size_t n = nvmx_insn_doc(NULL, 0), got;
	char *want = malloc(n + 1), *have = malloc(n + 2);
	FILE *f = fopen(path, "rb");

	ck_assert_ptr_nonnull(want);
	ck_assert_ptr_nonnull(have);
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_uint_eq(nvmx_insn_doc(want, n + 1), n);
	ck_assert_uint_eq(strlen(want), n);
	got = fread(have, 1, n + 1, f);
	fclose(f);
	ck_assert_msg(got == n && memcmp(want, have, n) == 0,
		      "%s is stale: run `nvmx insn-doc > doc/instructions.md`",
		      path);
	free(want);
	free(have);
}
END_TEST

START_TEST(doc_truncation)
{
	char small[16];
	size_t n = nvmx_insn_doc(NULL, 0);

	ck_assert_uint_gt(n, 1000);
	ck_assert_uint_eq(nvmx_insn_doc(small, sizeof(small)), n);
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
	ck_assert(memcmp(small, "# VMX instructi", 15) == 0);
}
END_TEST

/* Every rule has a name with its instruction's prefix, a condition and an
 * SDM reference; every instruction has rules and ends with its success
 * row; out-of-range IDs give NULL. */
START_TEST(rule_table)
{
	unsigned int per_insn[NVMX_INSN_COUNT] = { 0 };
	enum nvmx_insn last = NVMX_INSN_COUNT;

	for (unsigned int r = 1; r < NVMX_RULE_COUNT; r++) {
		enum nvmx_insn in = nvmx_insn_rule_insn(r);
		const char *name = nvmx_insn_rule_name(r);
		const char *iname = nvmx_insn_name(in);

		ck_assert_uint_lt(in, NVMX_INSN_COUNT);
		ck_assert_ptr_nonnull(name);
		ck_assert_ptr_nonnull(iname);
		ck_assert_msg(strncmp(name, iname, strlen(iname)) == 0 &&
				      name[strlen(iname)] == '_',
			      "%s not under %s", name, iname);
		ck_assert_uint_gt(strlen(nvmx_insn_rule_condition(r)), 5);
		ck_assert_ptr_nonnull(strstr(nvmx_insn_rule_sdm(r), "."));
		ck_assert_int_ge(nvmx_insn_rule_kind(r), 0);
		/* contiguous blocks */
		if (in != last)
			ck_assert_uint_eq(per_insn[in], 0);
		last = in;
		per_insn[in]++;
		/* the block's last row is its success row */
		if (r + 1 == NVMX_RULE_COUNT || nvmx_insn_rule_insn(r + 1) != in)
			ck_assert_int_eq(nvmx_insn_rule_kind(r), NVMX_IK_SUCCEED);
		/* no '|' that would break the markdown table */
		ck_assert_ptr_null(strchr(nvmx_insn_rule_condition(r), '|'));
	}
	for (unsigned int i = 0; i < NVMX_INSN_COUNT; i++)
		ck_assert_uint_ge(per_insn[i], 5);
	ck_assert_ptr_null(nvmx_insn_rule_name(NVMX_RULE_NONE));
	ck_assert_ptr_null(nvmx_insn_rule_name(NVMX_RULE_COUNT));
	ck_assert_ptr_null(nvmx_insn_rule_sdm((enum nvmx_insn_rule)-1));
	ck_assert_int_eq(nvmx_insn_rule_kind(NVMX_RULE_COUNT), -1);
	ck_assert_uint_eq(nvmx_insn_rule_insn(NVMX_RULE_COUNT),
			  NVMX_INSN_COUNT);
	ck_assert_ptr_null(nvmx_insn_name(NVMX_INSN_COUNT));
	ck_assert_str_eq(nvmx_insn_name(NVMX_INSN_INVVPID), "INVVPID");
}
END_TEST

/* RFLAGS conventions of SDM 31.2 for every status. */
START_TEST(rflags)
{
	struct nvmx_insn_outcome o = { 0 };
	const uint64_t all = 0x8d5 | 0x2 | (1ull << 9);	/* arith + IF */

	o.status = NVMX_INSN_SUCCEED;
	ck_assert_uint_eq(nvmx_insn_rflags(all, &o), 0x202);
	o.status = NVMX_INSN_FAIL_INVALID;
	ck_assert_uint_eq(nvmx_insn_rflags(all, &o), 0x203);
	o.status = NVMX_INSN_FAIL_VALID;
	ck_assert_uint_eq(nvmx_insn_rflags(all, &o), 0x242);
	o.status = NVMX_INSN_EXCEPTION;
	ck_assert_uint_eq(nvmx_insn_rflags(all, &o), all);
	o.status = NVMX_INSN_VMEXIT;
	ck_assert_uint_eq(nvmx_insn_rflags(all, &o), all);
	ck_assert_uint_eq(nvmx_insn_rflags(all, NULL), all);
}
END_TEST

static Suite *make_insn_doc(void)
{
	Suite *s = suite_create("insn_doc");
	TCase *tc = tcase_create("doc");

	tcase_add_test(tc, doc_up_to_date);
	tcase_add_test(tc, doc_truncation);
	tcase_add_test(tc, rule_table);
	tcase_add_test(tc, rflags);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_insn_doc);
