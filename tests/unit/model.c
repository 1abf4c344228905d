// SPDX-License-Identifier: MIT
/*
 * model.c - the vCPU model: presets, IA32_VMX_VMCS_ENUM, capability-MSR
 * existence, setters, allowed-0/allowed-1 words.
 *
 * Expected values are derived in the test: VMCS_ENUM from the independent
 * field list (field_list.h) and this test's own existence rule, and again
 * from a hand-written per-preset feature summary below.
 */
#include <string.h>

#include <nvmx/model.h>

#include "field_list.h"
#include "suite.h"

/* IA32_VMX_VMCS_ENUM by the test's own rule: bits 9:1 = highest index
 * (encoding bits 9:1) among the fields the model has (SDM A.9). */
static uint64_t own_vmcs_enum(const struct nvmx_model *m)
{
	unsigned int max = 0;

	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		unsigned int idx = (spec_fields[i].enc >> 1) & 0x1ff;

		if (spec_exists(m, &spec_fields[i]) && idx > max)
			max = idx;
	}
	return (uint64_t)max << 1;
}

/*
 * The same, reasoned by hand from what each preset has (lib/presets.c
 * feature lists; encodings from shared/spec/fields.md):
 *  max:             every field; injected-event data 0x2052, index 41.
 *  skylake-server:  secondary controls up to TSC scaling (0x2032, 25);
 *                   no ENCLS/PCONFIG/SPP, no tertiary, no FRED.
 *  icelake-server:  adds ENCLS exiting and PCONFIG (0x203e, index 31).
 *  sapphire-rapids: adds tertiary controls with IPI virtualization
 *                   (PID-pointer table 0x2042, index 33).
 *  lam:             sapphire-rapids VMX controls plus LAM/LASS CPUID
 *                   facts, which add no VMCS field: index 33.
 */
static const uint64_t hand_enum[NVMX_PRESET_COUNT] = {
	[NVMX_PRESET_MAX] = 0x52,
	[NVMX_PRESET_SKYLAKE_SERVER] = 0x32,
	[NVMX_PRESET_ICELAKE_SERVER] = 0x3e,
	[NVMX_PRESET_SAPPHIRE_RAPIDS] = 0x42,
	[NVMX_PRESET_LAM] = 0x42,
};

START_TEST(test_vmcs_enum_presets)
{
	for (unsigned int p = 0; p < NVMX_PRESET_COUNT; p++) {
		struct nvmx_model m;

		nvmx_model_init(&m, (enum nvmx_preset)p);
		ck_assert_msg(nvmx_vmcs_enum(&m) == own_vmcs_enum(&m),
			      "%s: library 0x%llx, own rule 0x%llx",
			      nvmx_preset_name((enum nvmx_preset)p),
			      (unsigned long long)nvmx_vmcs_enum(&m),
			      (unsigned long long)own_vmcs_enum(&m));
		ck_assert_msg(nvmx_vmcs_enum(&m) == hand_enum[p],
			      "%s: library 0x%llx, expected 0x%llx",
			      nvmx_preset_name((enum nvmx_preset)p),
			      (unsigned long long)nvmx_vmcs_enum(&m),
			      (unsigned long long)hand_enum[p]);
		/* RDMSR 0x48A gives the same computed value */
		ck_assert_uint_eq(nvmx_model_get_msr(&m, NVMX_MSR_VMX_VMCS_ENUM),
				  nvmx_vmcs_enum(&m));
	}
	ck_assert_uint_eq(nvmx_vmcs_enum(NULL), 0);
}
END_TEST

static void clear_allowed1(struct nvmx_model *m, uint32_t msr, uint64_t bit)
{
	ck_assert_int_eq(nvmx_model_set_msr(m, msr,
					    nvmx_model_get_msr(m, msr) & ~bit),
			 0);
}

/* VMCS_ENUM follows the model: computed, never a constant. */
START_TEST(test_vmcs_enum_follows_model)
{
	struct nvmx_model m;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	/* without FRED: the APIC-timer field 0x204e (index 39) is highest */
	ck_assert_int_eq(nvmx_model_set_cpu(&m, m.cpu & ~NVMX_CPU_FRED), 0);
	ck_assert_uint_eq(nvmx_vmcs_enum(&m), 0x52); /* entry bit 23 still */
	clear_allowed1(&m, 0x484, 1ull << (32 + 23));
	clear_allowed1(&m, 0x490, 1ull << (32 + 23));
	ck_assert_uint_eq(nvmx_vmcs_enum(&m), 0x4e);
	ck_assert_uint_eq(nvmx_vmcs_enum(&m), own_vmcs_enum(&m));
	/* without APIC-timer and SPEC_CTRL virtualization: secondary exit
	 * controls 0x2044, index 34 (the spec's example, 0x44) */
	clear_allowed1(&m, 0x492, (1ull << 8) | (1ull << 7));
	ck_assert_uint_eq(nvmx_vmcs_enum(&m), 0x44);
	/* without secondary exit controls: PID-pointer table, index 33 */
	clear_allowed1(&m, 0x483, 1ull << (32 + 31));
	clear_allowed1(&m, 0x48f, 1ull << (32 + 31));
	ck_assert_uint_eq(nvmx_vmcs_enum(&m), 0x42);
	ck_assert_uint_eq(nvmx_vmcs_enum(&m), own_vmcs_enum(&m));
	/* no secondary, no tertiary controls: MAX has the SEAM fact, so
	 * the shared-EPT pointer 0x203c (index 30) is highest */
	clear_allowed1(&m, 0x482, (1ull << (32 + 31)) | (1ull << (32 + 17)));
	clear_allowed1(&m, 0x48e, (1ull << (32 + 31)) | (1ull << (32 + 17)));
	ck_assert_uint_eq(nvmx_vmcs_enum(&m), 0x3c);
	ck_assert_uint_eq(nvmx_vmcs_enum(&m), own_vmcs_enum(&m));
	/* no SEAM: index 23 (preemption timer 0x482e, guest SPEC_CTRL 0x282e) */
	ck_assert_int_eq(nvmx_model_set_cpu(&m, m.cpu & ~NVMX_CPU_SEAM), 0);
	ck_assert_uint_eq(nvmx_vmcs_enum(&m), 23 << 1);
	clear_allowed1(&m, 0x481, 1ull << (32 + 6));
	clear_allowed1(&m, 0x48d, 1ull << (32 + 6));
	ck_assert_uint_eq(nvmx_vmcs_enum(&m), 23 << 1); /* 0x282e remains */
	clear_allowed1(&m, 0x484, 1ull << (32 + 24));
	clear_allowed1(&m, 0x490, 1ull << (32 + 24));
	/* guest interrupt-SSP-table address 0x682c, index 22 (CET) */
	ck_assert_uint_eq(nvmx_vmcs_enum(&m), 22 << 1);
	clear_allowed1(&m, 0x484, 1ull << (32 + 20));
	clear_allowed1(&m, 0x490, 1ull << (32 + 20));
	/* guest IA32_SYSENTER_CS 0x482a, index 21, always present */
	ck_assert_uint_eq(nvmx_vmcs_enum(&m), 21 << 1);
	ck_assert_uint_eq(nvmx_vmcs_enum(&m), own_vmcs_enum(&m));
}
END_TEST

/* Field existence of every preset agrees with the test's own rule. */
START_TEST(test_field_exists_presets)
{
	for (unsigned int p = 0; p < NVMX_PRESET_COUNT; p++) {
		struct nvmx_model m;

		nvmx_model_init(&m, (enum nvmx_preset)p);
		for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
			const struct spec_field *f = &spec_fields[i];
			int want = spec_exists(&m, f);

			ck_assert_msg(nvmx_field_exists(&m, f->enc) == want,
				      "%s: 0x%04x exists=%d, expected %d",
				      nvmx_preset_name((enum nvmx_preset)p),
				      f->enc, !want, want);
			ck_assert_int_eq(nvmx_field_exists(&m, f->enc | 1),
					 want && f->width == SPEC_W64);
		}
		ck_assert(!nvmx_field_exists(&m, 0x4410));
		ck_assert(!nvmx_field_exists(&m, 0x6802 | 1u << 15));
		ck_assert(!nvmx_field_exists(NULL, 0x6802));
	}
}
END_TEST

/* SDM A.1-A.12: which capability MSRs RDMSR may read. */
START_TEST(test_has_msr)
{
	struct nvmx_model m;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	for (uint32_t i = 0x480; i <= 0x493; i++)
		ck_assert_msg(nvmx_model_has_msr(&m, i), "0x%x", i);
	ck_assert(!nvmx_model_has_msr(&m, 0x47f));
	ck_assert(!nvmx_model_has_msr(&m, 0x494));
	ck_assert(!nvmx_model_has_msr(&m, 0x3a));
	ck_assert(!nvmx_model_has_msr(NULL, 0x480));

	/* skylake: no tertiary controls, no secondary exit controls */
	nvmx_model_init(&m, NVMX_PRESET_SKYLAKE_SERVER);
	ck_assert(!nvmx_model_has_msr(&m, 0x492));
	ck_assert(!nvmx_model_has_msr(&m, 0x493));
	ck_assert(nvmx_model_has_msr(&m, 0x48b));
	ck_assert(nvmx_model_has_msr(&m, 0x48c));
	ck_assert(nvmx_model_has_msr(&m, 0x491));

	/* TRUE controls iff BASIC[55] */
	nvmx_model_init(&m, NVMX_PRESET_MAX);
	ck_assert_int_eq(nvmx_model_set_msr(&m, 0x480,
					    nvmx_model_get_msr(&m, 0x480) &
						    ~(1ull << 55)),
			 0);
	for (uint32_t i = 0x48d; i <= 0x490; i++)
		ck_assert_msg(!nvmx_model_has_msr(&m, i), "0x%x", i);
	for (uint32_t i = 0x480; i <= 0x48a; i++)
		ck_assert_msg(nvmx_model_has_msr(&m, i), "0x%x", i);

	/* EPT/VPID cap iff secondary bit 1 or bit 5 may be 1 */
	nvmx_model_init(&m, NVMX_PRESET_MAX);
	clear_allowed1(&m, 0x48b, 1ull << (32 + 1));
	ck_assert(nvmx_model_has_msr(&m, 0x48c));
	clear_allowed1(&m, 0x48b, 1ull << (32 + 5));
	ck_assert(!nvmx_model_has_msr(&m, 0x48c));
	/* VMFUNC iff secondary bit 13 may be 1 */
	ck_assert(nvmx_model_has_msr(&m, 0x491));
	clear_allowed1(&m, 0x48b, 1ull << (32 + 13));
	ck_assert(!nvmx_model_has_msr(&m, 0x491));
	/* PROCBASED_CTLS2 iff primary bit 31; then EPT/VPID cap goes too */
	nvmx_model_init(&m, NVMX_PRESET_MAX);
	clear_allowed1(&m, 0x482, 1ull << (32 + 31));
	ck_assert(!nvmx_model_has_msr(&m, 0x48b));
	ck_assert(!nvmx_model_has_msr(&m, 0x48c));
	ck_assert(!nvmx_model_has_msr(&m, 0x491));
	/* PROCBASED_CTLS3 iff primary bit 17, EXIT_CTLS2 iff exit bit 31 */
	clear_allowed1(&m, 0x482, 1ull << (32 + 17));
	ck_assert(!nvmx_model_has_msr(&m, 0x492));
	ck_assert(nvmx_model_has_msr(&m, 0x493));
	clear_allowed1(&m, 0x483, 1ull << (32 + 31));
	ck_assert(!nvmx_model_has_msr(&m, 0x493));
}
END_TEST

START_TEST(test_setters)
{
	struct nvmx_model m, before;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	memcpy(&before, &m, sizeof(m));
	ck_assert_int_eq(nvmx_model_set_msr(&m, 0x48a, 0x2e), NVMX_EPERM);
	ck_assert_int_eq(nvmx_model_set_msr(&m, 0x47f, 0), NVMX_ENOENT);
	ck_assert_int_eq(nvmx_model_set_msr(&m, 0x494, 0), NVMX_ENOENT);
	ck_assert_int_eq(nvmx_model_set_msr(&m, 0x3a, 0), NVMX_ENOENT);
	ck_assert_int_eq(nvmx_model_set_msr(&m, 0xffffffffu, 0), NVMX_ENOENT);
	ck_assert_int_eq(nvmx_model_set_msr(NULL, 0x480, 0), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_model_set_cpu(&m, 1ull << NVMX_CPUB_COUNT),
			 NVMX_ERANGE);
	ck_assert_int_eq(nvmx_model_set_cpu(NULL, 0), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_model_set_maxphyaddr(&m, 31), NVMX_ERANGE);
	ck_assert_int_eq(nvmx_model_set_maxphyaddr(&m, 53), NVMX_ERANGE);
	ck_assert_int_eq(nvmx_model_set_maxphyaddr(NULL, 40), NVMX_EINVAL);
	/* refused calls change nothing */
	ck_assert_mem_eq(&m, &before, sizeof(m));

	ck_assert_int_eq(nvmx_model_set_maxphyaddr(&m, 32), 0);
	ck_assert_uint_eq(m.maxphyaddr, 32);
	ck_assert_int_eq(nvmx_model_set_maxphyaddr(&m, 52), 0);
	ck_assert_uint_eq(m.maxphyaddr, 52);
	ck_assert_int_eq(nvmx_model_set_msr(&m, 0x485, 0x1234), 0);
	ck_assert_uint_eq(nvmx_model_get_msr(&m, 0x485), 0x1234);
	ck_assert_uint_eq(nvmx_model_get_msr(&m, 0x47f), 0);
	ck_assert_uint_eq(nvmx_model_get_msr(&m, 0x494), 0);
	ck_assert_uint_eq(nvmx_model_get_msr(NULL, 0x480), 0);
}
END_TEST

/* SDM A.2: with BASIC[55] = 1 VM entry uses the TRUE MSRs' allowed-0. */
START_TEST(test_allowed0_true_msrs)
{
	static const struct {
		enum nvmx_ctl_word w;
		uint32_t plain, tru;
	} words[] = {
		{ NVMX_WORD_PIN, 0x481, 0x48d },
		{ NVMX_WORD_PROC, 0x482, 0x48e },
		{ NVMX_WORD_EXIT, 0x483, 0x48f },
		{ NVMX_WORD_ENTRY, 0x484, 0x490 },
	};
	struct nvmx_model m;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	for (size_t i = 0; i < 4; i++) {
		uint64_t hi = nvmx_model_get_msr(&m, words[i].plain) &
			      0xffffffff00000000ull;

		/* distinct must-be-1 halves in the plain and TRUE MSR */
		ck_assert_int_eq(nvmx_model_set_msr(&m, words[i].plain,
						    hi | 0x11),
				 0);
		ck_assert_int_eq(nvmx_model_set_msr(&m, words[i].tru, hi | 0x10),
				 0);
	}
	for (size_t i = 0; i < 4; i++)
		ck_assert_uint_eq(nvmx_model_allowed0(&m, words[i].w), 0x10);
	ck_assert_int_eq(nvmx_model_set_msr(&m, 0x480,
					    nvmx_model_get_msr(&m, 0x480) &
						    ~(1ull << 55)),
			 0);
	for (size_t i = 0; i < 4; i++)
		ck_assert_uint_eq(nvmx_model_allowed0(&m, words[i].w), 0x11);
	/* 64-bit allowed-1-only words have no must-be-1 bits */
	ck_assert_uint_eq(nvmx_model_allowed0(&m, NVMX_WORD_PROC3), 0);
	ck_assert_uint_eq(nvmx_model_allowed0(&m, NVMX_WORD_EXIT2), 0);
	ck_assert_uint_eq(nvmx_model_allowed0(&m, NVMX_WORD_VMFUNC), 0);
	ck_assert_uint_eq(nvmx_model_allowed0(NULL, NVMX_WORD_PIN), 0);
	/* secondary: the low half of 0x48B, while the word is active */
	ck_assert_int_eq(nvmx_model_set_msr(&m, 0x48b,
					    (nvmx_model_get_msr(&m, 0x48b) &
					     0xffffffff00000000ull) | 0x2),
			 0);
	ck_assert_uint_eq(nvmx_model_allowed0(&m, NVMX_WORD_PROC2), 0x2);
}
END_TEST

/* SDM A.3.3, A.3.4, A.4.2, A.11: activation of the dependent words. */
START_TEST(test_effective_allowed1)
{
	struct nvmx_model m;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	ck_assert_uint_eq(nvmx_model_allowed1(&m, NVMX_WORD_PROC2),
			  nvmx_model_get_msr(&m, 0x48b) >> 32);
	ck_assert_uint_eq(nvmx_model_allowed1(&m, NVMX_WORD_PROC3),
			  nvmx_model_get_msr(&m, 0x492));
	ck_assert_uint_eq(nvmx_model_allowed1(&m, NVMX_WORD_EXIT2),
			  nvmx_model_get_msr(&m, 0x493));
	ck_assert_uint_eq(nvmx_model_allowed1(&m, NVMX_WORD_VMFUNC),
			  nvmx_model_get_msr(&m, 0x491));
	ck_assert_uint_eq(nvmx_model_allowed1(&m, NVMX_WORD_PIN),
			  nvmx_model_get_msr(&m, 0x481) >> 32);
	ck_assert_uint_eq(nvmx_model_allowed1(&m, NVMX_WORD_CPU), m.cpu);
	ck_assert_uint_ne(nvmx_model_allowed1(&m, NVMX_WORD_PROC3), 0);

	/* VMFUNC goes with secondary bit 13 */
	clear_allowed1(&m, 0x48b, 1ull << (32 + 13));
	ck_assert_uint_eq(nvmx_model_allowed1(&m, NVMX_WORD_VMFUNC), 0);
	ck_assert_uint_ne(nvmx_model_get_msr(&m, 0x491), 0);

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	clear_allowed1(&m, 0x482, 1ull << (32 + 31));
	ck_assert_uint_eq(nvmx_model_allowed1(&m, NVMX_WORD_PROC2), 0);
	ck_assert_uint_eq(nvmx_model_allowed1(&m, NVMX_WORD_VMFUNC), 0);
	ck_assert_uint_eq(nvmx_model_allowed0(&m, NVMX_WORD_PROC2), 0);
	ck_assert_uint_ne(nvmx_model_get_msr(&m, 0x48b), 0); /* raw kept */

	clear_allowed1(&m, 0x482, 1ull << (32 + 17));
	ck_assert_uint_eq(nvmx_model_allowed1(&m, NVMX_WORD_PROC3), 0);
	ck_assert_uint_ne(nvmx_model_get_msr(&m, 0x492), 0);

	ck_assert_uint_ne(nvmx_model_allowed1(&m, NVMX_WORD_EXIT2), 0);
	clear_allowed1(&m, 0x483, 1ull << (32 + 31));
	ck_assert_uint_eq(nvmx_model_allowed1(&m, NVMX_WORD_EXIT2), 0);
	ck_assert_uint_ne(nvmx_model_get_msr(&m, 0x493), 0);

	ck_assert_uint_eq(nvmx_model_allowed1(&m, NVMX_WORD_COUNT), 0);
	ck_assert_uint_eq(nvmx_model_allowed1(NULL, NVMX_WORD_PIN), 0);
}
END_TEST

START_TEST(test_preset_names)
{
	static const char *const names[] = { "max", "skylake-server",
					     "icelake-server", "sapphire-rapids",
					     "lam" };
	enum nvmx_preset p;

	ck_assert_uint_eq(NVMX_PRESET_COUNT, 5);
	for (unsigned int i = 0; i < NVMX_PRESET_COUNT; i++) {
		const char *n = nvmx_preset_name((enum nvmx_preset)i);

		ck_assert_ptr_nonnull(n);
		ck_assert_str_eq(n, names[i]);
		p = NVMX_PRESET_COUNT;
		ck_assert_int_eq(nvmx_preset_by_name(n, &p), 0);
		ck_assert_int_eq(p, (int)i);
	}
	ck_assert_ptr_null(nvmx_preset_name(NVMX_PRESET_COUNT));
	ck_assert_int_eq(nvmx_preset_by_name("haswell", &p), NVMX_ENOENT);
	ck_assert_int_eq(nvmx_preset_by_name("", &p), NVMX_ENOENT);
	ck_assert_int_eq(nvmx_preset_by_name("maxx", &p), NVMX_ENOENT);
	ck_assert_int_eq(nvmx_preset_by_name("ma", &p), NVMX_ENOENT);
	ck_assert_int_eq(nvmx_preset_by_name(NULL, &p), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_preset_by_name("max", NULL), NVMX_EINVAL);
}
END_TEST

/* Presets: revision, VMX present, CR fixed bits sane, init from scratch. */
START_TEST(test_preset_basics)
{
	for (unsigned int p = 0; p < NVMX_PRESET_COUNT; p++) {
		struct nvmx_model m, m2;

		memset(&m, 0xa5, sizeof(m));
		nvmx_model_init(&m, (enum nvmx_preset)p);
		memset(&m2, 0x00, sizeof(m2));
		nvmx_model_init(&m2, (enum nvmx_preset)p);
		/* init does not depend on what was in the struct before */
		ck_assert_mem_eq(&m, &m2, sizeof(m));
		ck_assert_uint_ne(nvmx_model_get_msr(&m, 0x480) & 0x7fffffff, 0);
		ck_assert(m.cpu & NVMX_CPU_VMX);
		/* SDM A.7/A.8: fixed-0 bits are a subset of fixed-1 bits */
		ck_assert_uint_eq(nvmx_model_get_msr(&m, 0x486) &
					  ~nvmx_model_get_msr(&m, 0x487),
				  0);
		ck_assert_uint_eq(nvmx_model_get_msr(&m, 0x488) &
					  ~nvmx_model_get_msr(&m, 0x489),
				  0);
		ck_assert_uint_ge(m.maxphyaddr, 32);
		ck_assert_uint_le(m.maxphyaddr, 52);
	}
}
END_TEST

START_TEST(test_model_size)
{
	ck_assert_uint_lt(sizeof(struct nvmx_model), 512);
}
END_TEST

static Suite *make_model(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("model");

	tcase_add_test(tc, test_vmcs_enum_presets);
	tcase_add_test(tc, test_vmcs_enum_follows_model);
	tcase_add_test(tc, test_field_exists_presets);
	tcase_add_test(tc, test_has_msr);
	tcase_add_test(tc, test_setters);
	tcase_add_test(tc, test_allowed0_true_msrs);
	tcase_add_test(tc, test_effective_allowed1);
	tcase_add_test(tc, test_preset_names);
	tcase_add_test(tc, test_preset_basics);
	tcase_add_test(tc, test_model_size);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_model);
