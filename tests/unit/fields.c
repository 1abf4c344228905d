// SPDX-License-Identifier: MIT
/*
 * fields.c - the field table against the independent list of
 * shared/spec/fields.md (tests/unit/field_list.h).
 */
#include <stdio.h>
#include <string.h>

#include <nvmx/fields.h>

#include "field_list.h"
#include "suite.h"

START_TEST(test_count)
{
	ck_assert_uint_eq(SPEC_FIELD_COUNT, SPEC_EXPECTED_COUNT);
	ck_assert_uint_eq(NVMX_FIELD_COUNT, SPEC_EXPECTED_COUNT);
	ck_assert_ptr_null(nvmx_field_at(NVMX_FIELD_COUNT));
	ck_assert_ptr_null(nvmx_field_at(~0u));
}
END_TEST

/* No two spec rows share an encoding (a transcription error would). */
START_TEST(test_spec_list_unique)
{
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++)
		for (size_t j = i + 1; j < SPEC_FIELD_COUNT; j++)
			ck_assert_uint_ne(spec_fields[i].enc, spec_fields[j].enc);
}
END_TEST

/* Every spec row is in the table, with the spec's width and type. */
START_TEST(test_spec_in_table)
{
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		const struct spec_field *s = &spec_fields[i];
		const struct nvmx_field_info *f = nvmx_field_lookup(s->enc);

		ck_assert_msg(f != NULL, "0x%04x missing from table", s->enc);
		ck_assert_uint_eq(f->encoding, s->enc);
		ck_assert_msg(f->width == s->width, "0x%04x width %u, spec %u",
			      s->enc, f->width, s->width);
		ck_assert_msg(f->type == s->type, "0x%04x type %u, spec %u",
			      s->enc, f->type, s->type);
		ck_assert_ptr_eq(nvmx_field_at(f->index), f);
		/* the high half answers only for 64-bit fields */
		if (s->width == SPEC_W64)
			ck_assert_ptr_eq(nvmx_field_lookup(s->enc | 1), f);
		else
			ck_assert_ptr_null(nvmx_field_lookup(s->enc | 1));
	}
}
END_TEST

/* Every table row is in the spec list (so the table has no extra rows). */
START_TEST(test_table_in_spec)
{
	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++) {
		const struct nvmx_field_info *f = nvmx_field_at(i);
		size_t hits = 0;

		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(f->index, i);
		for (size_t j = 0; j < SPEC_FIELD_COUNT; j++)
			hits += spec_fields[j].enc == f->encoding;
		ck_assert_msg(hits == 1, "table row %u (0x%04x, %s): %zu spec rows",
			      i, f->encoding, f->name, hits);
		ck_assert_ptr_nonnull(f->name);
		ck_assert_ptr_nonnull(f->sdm_name);
		ck_assert_uint_lt(f->gate, NVMX_GATE_COUNT);
	}
}
END_TEST

/* Names round trip; high halves are "<NAME>_HIGH". */
START_TEST(test_names)
{
	char buf[96];

	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		uint32_t e = spec_fields[i].enc;
		const char *n = nvmx_field_name(e);
		const struct nvmx_field_info *f;

		ck_assert_ptr_nonnull(n);
		ck_assert_uint_gt(strlen(n), 0);
		f = nvmx_field_by_name(n);
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(f->encoding, e);
		snprintf(buf, sizeof(buf), "NVMX_%s", n);
		ck_assert_ptr_eq(nvmx_field_by_name(buf), f);
		if (spec_fields[i].width == SPEC_W64) {
			snprintf(buf, sizeof(buf), "%s_HIGH", n);
			ck_assert_ptr_nonnull(nvmx_field_name(e | 1));
			ck_assert_str_eq(nvmx_field_name(e | 1), buf);
		} else {
			ck_assert_ptr_null(nvmx_field_name(e | 1));
		}
	}
	/* a few names the SDM-derived constants must have */
	ck_assert_uint_eq(nvmx_field_by_name("GUEST_CR3")->encoding, 0x6802);
	ck_assert_uint_eq(nvmx_field_by_name("NVMX_TSC_MULTIPLIER")->encoding,
			  0x2032);
	ck_assert_ptr_null(nvmx_field_by_name("GUEST_CR3_HIGH"));
	ck_assert_ptr_null(nvmx_field_by_name("NO_SUCH_FIELD"));
	ck_assert_ptr_null(nvmx_field_by_name(""));
	ck_assert_ptr_null(nvmx_field_by_name("NVMX_"));
	ck_assert_ptr_null(nvmx_field_by_name(NULL));
	ck_assert_ptr_null(nvmx_field_name(0x4410));
	ck_assert_ptr_null(nvmx_field_name(0xffffffffu));
}
END_TEST

/* Names are unique (by_name could not round-trip otherwise). */
START_TEST(test_names_unique)
{
	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++)
		for (unsigned int j = i + 1; j < NVMX_FIELD_COUNT; j++)
			ck_assert_str_ne(nvmx_field_at(i)->name,
					 nvmx_field_at(j)->name);
}
END_TEST

/* Encodings named in the issue and the spec's answers (section 2). */
START_TEST(test_known_encodings)
{
	ck_assert_uint_eq(NVMX_GUEST_CR3, 0x6802);
	ck_assert_uint_eq(NVMX_LAST_PID_POINTER_INDEX, 0x0008);
	ck_assert_uint_eq(NVMX_PID_POINTER_TABLE, 0x2042);
	ck_assert_uint_eq(NVMX_TERTIARY_VM_EXEC_CONTROL, 0x2034);
	ck_assert_uint_eq(NVMX_SECONDARY_VM_EXIT_CONTROLS, 0x2044);
	ck_assert_uint_eq(NVMX_HLAT_POINTER, 0x2040);
	ck_assert_uint_eq(NVMX_HLAT_PREFIX_SIZE, 0x0006);
	ck_assert_uint_eq(NVMX_TSC_MULTIPLIER, 0x2032);
	ck_assert_uint_eq(NVMX_XSS_EXIT_BITMAP, 0x202c);
	ck_assert_uint_eq(NVMX_INJECTED_EVENT_DATA, 0x2052);
	ck_assert_uint_eq(NVMX_ORIGINAL_EVENT_DATA, 0x2404);
	ck_assert_uint_eq(NVMX_GUEST_IA32_PKRS, 0x2818);
	ck_assert_uint_eq(NVMX_GUEST_S_CET, 0x6828);
	ck_assert_uint_eq(NVMX_HOST_INTR_SSP_TABLE, 0x6c1c);
	/* spec section 4: gaps that are no field */
	static const uint32_t gaps[] = { 0x2046, 0x2048, 0x2050, 0x282a,
					 0x282c, 0x2c18, 0x482c };
	for (size_t i = 0; i < sizeof(gaps) / sizeof(gaps[0]); i++) {
		ck_assert_ptr_null(nvmx_field_lookup(gaps[i]));
		ck_assert_ptr_null(nvmx_field_lookup(gaps[i] | 1));
	}
}
END_TEST

/* Reserved bits (31:15, 12) make any encoding name nothing. */
START_TEST(test_reserved_bits)
{
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		uint32_t e = spec_fields[i].enc;

		ck_assert_ptr_null(nvmx_field_lookup(e | 1u << 12));
		for (unsigned int b = 15; b < 32; b++)
			ck_assert_ptr_null(nvmx_field_lookup(e | 1u << b));
	}
}
END_TEST

/* Every gate has a name and a rule; out-of-range gates give NULL. */
START_TEST(test_gates)
{
	for (unsigned int g = 0; g < NVMX_GATE_COUNT; g++) {
		ck_assert_ptr_nonnull(nvmx_gate_name(g));
		ck_assert_ptr_nonnull(nvmx_gate_rule(g));
		ck_assert_uint_gt(strlen(nvmx_gate_name(g)), 0);
		ck_assert_uint_gt(strlen(nvmx_gate_rule(g)), 0);
	}
	ck_assert_str_eq(nvmx_gate_name(NVMX_GATE_ALWAYS), "ALWAYS");
	ck_assert_ptr_null(nvmx_gate_name(NVMX_GATE_COUNT));
	ck_assert_ptr_null(nvmx_gate_rule(NVMX_GATE_COUNT));
	ck_assert_ptr_null(nvmx_gate_name(~0u));
	/* ALWAYS fields of the table are exactly the spec's "always" rows */
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		const struct nvmx_field_info *f =
			nvmx_field_lookup(spec_fields[i].enc);

		ck_assert_msg((f->gate == NVMX_GATE_ALWAYS) ==
				      (spec_fields[i].c1 == 0),
			      "0x%04x: gate %s", f->encoding,
			      nvmx_gate_name(f->gate));
	}
}
END_TEST

static Suite *make_fields(void)
{
	Suite *s = suite_create("fields");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_count);
	tcase_add_test(tc, test_spec_list_unique);
	tcase_add_test(tc, test_spec_in_table);
	tcase_add_test(tc, test_table_in_spec);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_names_unique);
	tcase_add_test(tc, test_known_encodings);
	tcase_add_test(tc, test_reserved_bits);
	tcase_add_test(tc, test_gates);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_fields);
