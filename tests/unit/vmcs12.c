// SPDX-License-Identifier: MIT
/*
 * vmcs12.c - the vmcs12 region and VMREAD/VMWRITE per field (SDM Vol. 3
 * 31.3 "VMREAD", "VMWRITE"; Appendix B; 25.11.3).
 *
 * Fields, widths, types and existence rules come from the independent list
 * field_list.h; only the dense index (the slot in the region) is taken
 * from nvmx_field_lookup().
 */
#include <stdio.h>
#include <string.h>

#include <nvmx/vmcs12.h>

#include "field_list.h"
#include "suite.h"

static struct nvmx_vmcs12 v, before;

/*
 * Check's ck_assert* report a checkpoint to the parent process on every
 * PASSING assertion (a pipe write); in the per-field loops below that
 * would dominate the run time, so they test with a plain if and abort
 * only on failure.
 */
#define EXPECT(cond, ...)                                                      \
	do {                                                                   \
		if (!(cond))                                                   \
			ck_abort_msg(__VA_ARGS__);                             \
	} while (0)
#define EXPECT_EQ(a, b, what)                                                  \
	do {                                                                   \
		uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);               \
		if (a_ != b_)                                                  \
			ck_abort_msg("%s: %s = 0x%llx, expected 0x%llx", what, \
				     #a, (unsigned long long)a_,               \
				     (unsigned long long)b_);                  \
	} while (0)
#define SAME_REGION(what)                                                      \
	EXPECT(memcmp(&v, &before, sizeof(v)) == 0,                            \
	       "%s: a failed access changed the region", what)

static uint64_t pattern(size_t i)
{
	/* distinct per field, every byte non-zero, bits set in every half */
	return 0x8877665544332211ull ^ (0x0101010101010101ull * (i + 1)) ^
	       ((uint64_t)i << 40);
}

static void model_misc29(struct nvmx_model *m, int on)
{
	uint64_t misc = nvmx_model_get_msr(m, NVMX_MSR_VMX_MISC);

	misc = on ? misc | NVMX_MISC_VMWRITE_ANY : misc & ~NVMX_MISC_VMWRITE_ANY;
	ck_assert_int_eq(nvmx_model_set_msr(m, NVMX_MSR_VMX_MISC, misc), 0);
}

START_TEST(test_init)
{
	struct nvmx_model m;
	uint64_t x;

	nvmx_model_init(&m, NVMX_PRESET_SKYLAKE_SERVER);
	memset(&v, 0xee, sizeof(v));
	nvmx_vmcs12_init(&v, &m);
	ck_assert_uint_eq(sizeof(v), 4096);
	ck_assert_uint_eq(v.revision_id,
			  nvmx_model_get_msr(&m, NVMX_MSR_VMX_BASIC) & 0x7fffffff);
	ck_assert_uint_eq(v.revision_id >> 31, 0); /* not a shadow VMCS */
	ck_assert_uint_eq(v.abort_indicator, 0);
	ck_assert_uint_eq(v.launch_state, NVMX_LAUNCH_CLEAR);
	/* SDM 25.2: revision in bytes 0-3, abort indicator in bytes 4-7 */
	ck_assert_uint_eq(*(uint32_t *)(void *)&v, v.revision_id);
	ck_assert_uint_eq(*((uint32_t *)(void *)&v + 1), 0);
	ck_assert_int_eq(nvmx_vmread(&m, &v, 0x2800, &x), 0);
	ck_assert_uint_eq(x, ~0ull);
	ck_assert_int_eq(nvmx_vmread(&m, &v, 0x2801, &x), 0);
	ck_assert_uint_eq(x, 0xffffffffull);
	/* everything else reads 0 */
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		const struct spec_field *f = &spec_fields[i];

		if (f->enc == 0x2800 || !spec_exists(&m, f))
			continue;
		x = 1;
		ck_assert_int_eq(nvmx_vmread(&m, &v, f->enc, &x), 0);
		ck_assert_msg(x == 0, "0x%04x = 0x%llx after init", f->enc,
			      (unsigned long long)x);
	}
	/* a different model's revision */
	nvmx_model_init(&m, NVMX_PRESET_MAX);
	nvmx_vmcs12_init(&v, &m);
	ck_assert_uint_eq(v.revision_id,
			  nvmx_model_get_msr(&m, NVMX_MSR_VMX_BASIC) & 0x7fffffff);
	nvmx_vmcs12_init(NULL, &m); /* defined: does nothing */
}
END_TEST

/* Write every field with a distinct value, then read all back. */
START_TEST(test_round_trip_all)
{
	struct nvmx_model m;
	uint64_t x;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	model_misc29(&m, 1);
	nvmx_vmcs12_init(&v, &m);
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++)
		ck_assert_int_eq(nvmx_vmwrite(&m, &v, spec_fields[i].enc,
					      pattern(i)),
				 0);
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		const struct spec_field *f = &spec_fields[i];
		uint64_t want = pattern(i) & spec_width_mask(f->width);

		ck_assert_int_eq(nvmx_vmread(&m, &v, f->enc, &x), 0);
		ck_assert_msg(x == want, "0x%04x: read 0x%llx, want 0x%llx",
			      f->enc, (unsigned long long)x,
			      (unsigned long long)want);
		if (f->width == SPEC_W64) {
			ck_assert_int_eq(nvmx_vmread(&m, &v, f->enc | 1, &x), 0);
			ck_assert_uint_eq(x, pattern(i) >> 32);
		}
	}
	/* the header is not a field: untouched */
	ck_assert_uint_eq(v.launch_state, NVMX_LAUNCH_CLEAR);
	ck_assert_uint_eq(v.abort_indicator, 0);
}
END_TEST

/* Truncation and zero extension per width, and which bytes change. */
START_TEST(test_widths)
{
	struct nvmx_model m;
	uint64_t x;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	nvmx_vmcs12_init(&v, &m);
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		const struct spec_field *f = &spec_fields[i];
		const struct nvmx_field_info *fi = nvmx_field_lookup(f->enc);
		size_t off = offsetof(struct nvmx_vmcs12, field) + 8 * fi->index;
		const unsigned char *a = (const unsigned char *)&v;
		const unsigned char *b = (const unsigned char *)&before;

		/* a value with every bit set: wider than any field */
		memcpy(&before, &v, sizeof(v));
		ck_assert_int_eq(nvmx_vmwrite(&m, &v, f->enc, ~0ull), 0);
		ck_assert_int_eq(nvmx_vmread(&m, &v, f->enc, &x), 0);
		ck_assert_uint_eq(x, spec_width_mask(f->width));
		/* only this field's 8-byte slot may differ */
		for (size_t k = 0; k < sizeof(v); k++)
			EXPECT(a[k] == b[k] || (k >= off && k < off + 8),
			       "0x%04x wrote byte %zu", f->enc, k);
		/* zero extension: a small value reads back exactly */
		ck_assert_int_eq(nvmx_vmwrite(&m, &v, f->enc, 0x5a), 0);
		ck_assert_int_eq(nvmx_vmread(&m, &v, f->enc, &x), 0);
		ck_assert_uint_eq(x, 0x5a);
		/* the truncated bits are really gone, not hidden */
		ck_assert_int_eq(nvmx_vmwrite(&m, &v, f->enc,
					      0xabcdef0123456789ull),
				 0);
		ck_assert_int_eq(nvmx_vmread(&m, &v, f->enc, &x), 0);
		switch (f->width) {
		case SPEC_W16:
			ck_assert_uint_eq(x, 0x6789);
			break;
		case SPEC_W32:
			ck_assert_uint_eq(x, 0x23456789);
			break;
		default: /* 64-bit and natural width: all 64 bits */
			ck_assert_uint_eq(x, 0xabcdef0123456789ull);
		}
	}
}
END_TEST

/* High access (encoding bit 0) reads and writes bits 63:32 (SDM B.2). */
START_TEST(test_high_access)
{
	struct nvmx_model m;
	uint64_t x;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	nvmx_vmcs12_init(&v, &m);
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		const struct spec_field *f = &spec_fields[i];

		if (f->width != SPEC_W64) {
			/* high access to any other width: error 12 */
			memcpy(&before, &v, sizeof(v));
			x = 7;
			ck_assert_int_eq(nvmx_vmread(&m, &v, f->enc | 1, &x), 12);
			ck_assert_uint_eq(x, 7);
			ck_assert_int_eq(nvmx_vmwrite(&m, &v, f->enc | 1, 1), 12);
			ck_assert_mem_eq(&v, &before, sizeof(v));
			continue;
		}
		ck_assert_int_eq(nvmx_vmwrite(&m, &v, f->enc,
					      0x1111111122222222ull),
				 0);
		/* value bits 63:32 are ignored: a 32-bit quantity */
		ck_assert_int_eq(nvmx_vmwrite(&m, &v, f->enc | 1,
					      0xffffffff33333333ull),
				 0);
		ck_assert_int_eq(nvmx_vmread(&m, &v, f->enc, &x), 0);
		ck_assert_uint_eq(x, 0x3333333322222222ull);
		ck_assert_int_eq(nvmx_vmread(&m, &v, f->enc | 1, &x), 0);
		ck_assert_uint_eq(x, 0x33333333);
		/* a full write replaces both halves */
		ck_assert_int_eq(nvmx_vmwrite(&m, &v, f->enc,
					      0x4444444455555555ull),
				 0);
		ck_assert_int_eq(nvmx_vmread(&m, &v, f->enc | 1, &x), 0);
		ck_assert_uint_eq(x, 0x44444444);
	}
}
END_TEST

/* Outside 64-bit mode the operand is 32 bits (SDM 31.3). */
START_TEST(test_operand_size)
{
	struct nvmx_model m;
	uint64_t x;

	ck_assert_uint_eq(nvmx_operand_size(0x123456789abcdef0ull, true),
			  0x123456789abcdef0ull);
	ck_assert_uint_eq(nvmx_operand_size(0x123456789abcdef0ull, false),
			  0x9abcdef0ull);
	nvmx_model_init(&m, NVMX_PRESET_MAX);
	nvmx_vmcs12_init(&v, &m);
	/* 32-bit VMWRITE to a natural-width field: bits 31:0 only */
	ck_assert_int_eq(nvmx_vmwrite(&m, &v, 0x6802,
				      nvmx_operand_size(0xfedcba9876543210ull,
							false)),
			 0);
	ck_assert_int_eq(nvmx_vmread(&m, &v, 0x6802, &x), 0);
	ck_assert_uint_eq(x, 0x76543210);
	/* 32-bit VMREAD of a full 64-bit field: bits 31:0; the high access
	 * gives bits 63:32 */
	ck_assert_int_eq(nvmx_vmwrite(&m, &v, 0x2010, 0xfedcba9876543210ull), 0);
	ck_assert_int_eq(nvmx_vmread(&m, &v, 0x2010, &x), 0);
	ck_assert_uint_eq(nvmx_operand_size(x, false), 0x76543210);
	ck_assert_int_eq(nvmx_vmread(&m, &v, 0x2011, &x), 0);
	ck_assert_uint_eq(nvmx_operand_size(x, false), 0xfedcba98);
}
END_TEST

/* VM-exit information fields: 13 unless IA32_VMX_MISC[29] (SDM 31.3). */
START_TEST(test_read_only)
{
	struct nvmx_model m;
	unsigned int ro = 0;
	uint64_t x;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	model_misc29(&m, 0);
	nvmx_vmcs12_init(&v, &m);
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		const struct spec_field *f = &spec_fields[i];
		int want = f->type == SPEC_RO ? 13 : 0;

		memcpy(&before, &v, sizeof(v));
		ck_assert_msg(nvmx_vmwrite(&m, &v, f->enc, pattern(i)) == want,
			      "0x%04x", f->enc);
		if (f->width == SPEC_W64)
			ck_assert_int_eq(nvmx_vmwrite(&m, &v, f->enc | 1, 1),
					 want);
		if (want) {
			ro++;
			ck_assert_mem_eq(&v, &before, sizeof(v));
		}
		/* VMREAD of a read-only field works */
		ck_assert_int_eq(nvmx_vmread(&m, &v, f->enc, &x), 0);
	}
	ck_assert_uint_eq(ro, 3 + 8 + 6); /* 64-, 32-bit, natural RO rows */

	model_misc29(&m, 1);
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		const struct spec_field *f = &spec_fields[i];

		if (f->type != SPEC_RO)
			continue;
		ck_assert_int_eq(nvmx_vmwrite(&m, &v, f->enc, pattern(i)), 0);
		ck_assert_int_eq(nvmx_vmread(&m, &v, f->enc, &x), 0);
		ck_assert_uint_eq(x, pattern(i) & spec_width_mask(f->width));
	}
}
END_TEST

/* Error 12 has priority over 13: a read-only encoding that names no
 * field of this model is unsupported, not read-only. */
START_TEST(test_12_before_13)
{
	static const uint32_t bad[] = {
		0x4410,		  /* 32-bit RO, index 8: no such field */
		0x4401,		  /* high access to a 32-bit RO field */
		0x6401,		  /* high access to a natural-width RO field */
		0x640c,		  /* natural RO, index 6: no such field */
		0x2406,		  /* 64-bit RO, index 3: no such field */
		0x4400 | 1u << 12, /* reserved bit 12 */
		0x6400 | 1u << 15, /* reserved bit 15 */
		0x4402 | 1u << 31, /* reserved bit 31 */
	};
	struct nvmx_model m;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	model_misc29(&m, 0);
	/* guest-physical address (RO) exists only with EPT (secondary 1) */
	ck_assert_int_eq(nvmx_model_set_msr(&m, 0x48b,
					    nvmx_model_get_msr(&m, 0x48b) &
						    ~(1ull << 33)),
			 0);
	nvmx_vmcs12_init(&v, &m);
	memcpy(&before, &v, sizeof(v));
	ck_assert_int_eq(nvmx_vmwrite(&m, &v, 0x2400, 1), 12);
	ck_assert_int_eq(nvmx_vmwrite(&m, &v, 0x2401, 1), 12);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(nvmx_vmwrite(&m, &v, bad[i], 1) == 12, "0x%x",
			      bad[i]);
	ck_assert_mem_eq(&v, &before, sizeof(v));
	/* and an existing RO field still gives 13 in this model */
	ck_assert_int_eq(nvmx_vmwrite(&m, &v, 0x4402, 1), 13);
}
END_TEST

/* Remove the feature behind condition c from the model (allowed-1 bit in
 * the plain and TRUE MSR, or the CPUID fact). */
static void clear_cond(struct nvmx_model *m, uint16_t c)
{
	static const uint32_t plain[] = { [SW_PIN] = 0x481, [SW_PROC] = 0x482,
					  [SW_EXIT] = 0x483, [SW_ENTRY] = 0x484,
					  [SW_PROC2] = 0x48b };
	static const uint32_t tru[] = { [SW_PIN] = 0x48d, [SW_PROC] = 0x48e,
					[SW_EXIT] = 0x48f, [SW_ENTRY] = 0x490 };
	unsigned int w = SC_WORD(c), b = SC_BIT(c);
	uint32_t msr;

	switch (w) {
	case SW_CPU:
		ck_assert_int_eq(nvmx_model_set_cpu(m, m->cpu & ~(1ull << b)), 0);
		return;
	case SW_PROC3:
	case SW_EXIT2:
	case SW_VMFUNC: /* 64-bit allowed-1 MSRs */
		msr = w == SW_PROC3 ? 0x492 : w == SW_EXIT2 ? 0x493 : 0x491;
		ck_assert_int_eq(nvmx_model_set_msr(m, msr,
						    nvmx_model_get_msr(m, msr) &
							    ~(1ull << b)),
				 0);
		return;
	default:
		ck_assert_uint_lt(w, sizeof(plain) / sizeof(plain[0]));
		ck_assert_uint_ne(plain[w], 0);
		ck_assert_int_eq(nvmx_model_set_msr(m, plain[w],
						    nvmx_model_get_msr(m, plain[w]) &
							    ~(1ull << (32 + b))),
				 0);
		if (w < sizeof(tru) / sizeof(tru[0]) && tru[w])
			ck_assert_int_eq(nvmx_model_set_msr(
						 m, tru[w],
						 nvmx_model_get_msr(m, tru[w]) &
							 ~(1ull << (32 + b))),
					 0);
	}
}

/* Every field's VMREAD/VMWRITE outcome on m agrees with the own rule. */
static void check_all_fields(const struct nvmx_model *m, const char *what)
{
	char w[96];

	nvmx_vmcs12_init(&v, m);
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		const struct spec_field *f = &spec_fields[i];
		int want = spec_exists(m, f) ? 0 : 12;
		uint64_t x = 0x77;

		snprintf(w, sizeof(w), "%s, field 0x%04x", what, f->enc);
		memcpy(&before, &v, sizeof(v));
		EXPECT_EQ(nvmx_vmread(m, &v, f->enc, &x), want, w);
		EXPECT_EQ(nvmx_vmwrite(m, &v, f->enc, 0), want, w);
		if (f->width == SPEC_W64) {
			EXPECT_EQ(nvmx_vmread(m, &v, f->enc | 1, &x), want, w);
			EXPECT_EQ(nvmx_vmwrite(m, &v, f->enc | 1, 0), want, w);
		}
		if (want) {
			EXPECT_EQ(x, 0x77, w);
			SAME_REGION(w);
		}
	}
}

/*
 * For every feature-gated field: in MAX it exists; in MAX without that
 * field's feature(s) VMREAD and VMWRITE give 12, and every other field
 * still behaves per the own rule (only that feature went away).
 */
START_TEST(test_existence_per_feature)
{
	struct nvmx_model max, m;
	unsigned int gated = 0;
	char what[64];
	uint64_t x;

	nvmx_model_init(&max, NVMX_PRESET_MAX);
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		const struct spec_field *f = &spec_fields[i];

		if (!f->c1)
			continue;
		gated++;
		nvmx_vmcs12_init(&v, &max);
		ck_assert_int_eq(nvmx_vmread(&max, &v, f->enc, &x), 0);
		/* the library marks it gated too */
		ck_assert_uint_ne(nvmx_field_lookup(f->enc)->gate,
				  NVMX_GATE_ALWAYS);

		memcpy(&m, &max, sizeof(m));
		clear_cond(&m, f->c1);
		if (f->c2)
			clear_cond(&m, f->c2);
		ck_assert(!spec_exists(&m, f));
		ck_assert(!nvmx_field_exists(&m, f->enc));
		snprintf(what, sizeof(what), "MAX without feature of 0x%04x",
			 f->enc);
		check_all_fields(&m, what);
	}
	ck_assert_uint_eq(gated, 91); /* spec rows with an "exists iff" condition */
}
END_TEST

/* Words that switch other words off (SDM A.3.3, A.3.4, A.4.2, A.11). */
START_TEST(test_existence_activation)
{
	static const uint16_t acts[] = { SC(PROC, 31), SC(PROC, 17),
					 SC(EXIT, 31), SC(PROC2, 13) };
	struct nvmx_model m;

	for (unsigned int p = 0; p < NVMX_PRESET_COUNT; p++) {
		nvmx_model_init(&m, (enum nvmx_preset)p);
		check_all_fields(&m, nvmx_preset_name((enum nvmx_preset)p));
	}
	for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++) {
		nvmx_model_init(&m, NVMX_PRESET_MAX);
		clear_cond(&m, acts[i]);
		check_all_fields(&m, "MAX without an activating control");
	}
	/* concretely: no "activate secondary controls", no EPT pointer,
	 * no secondary controls field, although 0x48B still allows EPT */
	nvmx_model_init(&m, NVMX_PRESET_MAX);
	clear_cond(&m, SC(PROC, 31));
	ck_assert_uint_ne(nvmx_model_get_msr(&m, 0x48b) & (1ull << 33), 0);
	nvmx_vmcs12_init(&v, &m);
	ck_assert_int_eq(nvmx_vmwrite(&m, &v, 0x201a, 0), 12);
	ck_assert_int_eq(nvmx_vmwrite(&m, &v, 0x401e, 0), 12);
	ck_assert_int_eq(nvmx_vmwrite(&m, &v, 0x2024, 0), 12); /* via VMFUNC */
}
END_TEST

START_TEST(test_null_args)
{
	struct nvmx_model m;
	uint64_t x = 5;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	nvmx_vmcs12_init(&v, &m);
	memcpy(&before, &v, sizeof(v));
	ck_assert_int_eq(nvmx_vmread(NULL, &v, 0x6802, &x), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_vmread(&m, NULL, 0x6802, &x), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_vmread(&m, &v, 0x6802, NULL), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_vmread(&m, &v, 0xffffffffu, NULL), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_vmwrite(NULL, &v, 0x6802, 1), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_vmwrite(&m, NULL, 0x6802, 1), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_vmwrite(NULL, NULL, 0xffffffffu, 1), NVMX_EINVAL);
	ck_assert_uint_eq(x, 5);
	ck_assert_mem_eq(&v, &before, sizeof(v));
	ck_assert(NVMX_EINVAL < 0);
}
END_TEST

static Suite *make_vmcs12(void)
{
	Suite *s = suite_create("vmcs12");
	TCase *tc = tcase_create("vmcs12");

	tcase_add_test(tc, test_init);
	tcase_add_test(tc, test_round_trip_all);
	tcase_add_test(tc, test_widths);
	tcase_add_test(tc, test_high_access);
	tcase_add_test(tc, test_operand_size);
	tcase_add_test(tc, test_read_only);
	tcase_add_test(tc, test_12_before_13);
	tcase_add_test(tc, test_existence_per_feature);
	tcase_add_test(tc, test_existence_activation);
	tcase_add_test(tc, test_null_args);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_vmcs12);
