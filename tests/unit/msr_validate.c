// SPDX-License-Identifier: MIT
/*
 * msr_validate.c - nvmx_model_validate on every preset and on one crafted
 * broken model per rule; nvmx_msr_derive (its output always validates,
 * and follows the vCPU's CPUID).
 */
#include <nvmx/nvmx.h>

#include "suite.h"

START_TEST(presets_pass)
{
	struct nvmx_model m;
	struct nvmx_msr_verdict why;

	nvmx_model_init(&m, (enum nvmx_preset)_i);
	ck_assert_int_eq(nvmx_model_validate(&m, NULL, &why), 0);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_NONE);
	ck_assert_int_eq(nvmx_model_validate(NULL, NULL, &why), NVMX_EINVAL);
}
END_TEST

struct broken {
	enum nvmx_msr_rule rule;
	uint32_t msr; /* MSR to change, 0 = none (FEAT_CTL cases) */
	uint64_t set, clear;
	uint64_t feat_ctl;
	uint64_t want_bits;
};

#define B(x) NVMX_CTL_MASK(x)
#define HI(x) ((uint64_t)(x) << 32)

/* Each case breaks exactly one rule of a valid skylake-server model. */
static const struct broken cases[] = {
	{NVMX_MSR_RULE_CTL_DEFAULT1, NVMX_MSR_VMX_PINBASED_CTLS, 0, 1u << 1, 0,
	 1u << 1},
	{NVMX_MSR_RULE_TRUE_ALLOWED1_MISMATCH, NVMX_MSR_VMX_TRUE_PINBASED_CTLS,
	 0, HI(B(PIN_EXT_INTR_EXITING)), 0, HI(B(PIN_EXT_INTR_EXITING))},
	{NVMX_MSR_RULE_NONTRUE_NOT_TRUE_PLUS_DEFAULT1,
	 NVMX_MSR_VMX_TRUE_PROCBASED_CTLS, B(PROC_HLT_EXITING), 0, 0,
	 B(PROC_HLT_EXITING)},
	{NVMX_MSR_RULE_CTL_ALLOWED0_IN_ALLOWED1, NVMX_MSR_VMX_PROCBASED_CTLS2,
	 1u << 29, 0, 0, 1u << 29},
	{NVMX_MSR_RULE_CTL_RESERVED, NVMX_MSR_VMX_PROCBASED_CTLS2, HI(1u << 29),
	 0, 0, HI(1u << 29)},
	{NVMX_MSR_RULE_SEC_WITHOUT_PRIMARY, NVMX_MSR_VMX_PROCBASED_CTLS2, 0, 0,
	 0, 0 /* set below: both primary MSRs */},
	{NVMX_MSR_RULE_TER_WITHOUT_PRIMARY, NVMX_MSR_VMX_PROCBASED_CTLS3,
	 B(PROC3_IPI_VIRT), 0, 0, B(PROC3_IPI_VIRT)},
	{NVMX_MSR_RULE_EXIT2_WITHOUT_EXIT, NVMX_MSR_VMX_EXIT_CTLS2,
	 B(EXIT2_SAVE_FRED), 0, 0, B(EXIT2_SAVE_FRED)},
	{NVMX_MSR_RULE_VMFUNC_WITHOUT_SEC, NVMX_MSR_VMX_PROCBASED_CTLS2, 0,
	 HI(B(PROC2_ENABLE_VMFUNC)), 0, 1},
	{NVMX_MSR_RULE_EPT_CAP_WITHOUT_EPT, NVMX_MSR_VMX_PROCBASED_CTLS2, 0,
	 HI(B(PROC2_ENABLE_VPID)), 0, 0xffffffff00000000ull},
	{NVMX_MSR_RULE_FIXED0_IN_FIXED1, NVMX_MSR_VMX_CR0_FIXED1, 0, 1, 0, 1},
	{NVMX_MSR_RULE_CR4_FIXED1_FEATURE, NVMX_MSR_VMX_CR4_FIXED1,
	 NVMX_CR4_LA57, 0, 0, NVMX_CR4_LA57},
	{NVMX_MSR_RULE_CR4_FIXED1_FEATURE, NVMX_MSR_VMX_CR4_FIXED1,
	 NVMX_CR4_LAM_SUP, 0, 0, NVMX_CR4_LAM_SUP},
	{NVMX_MSR_RULE_CR4_FIXED1_FEATURE, NVMX_MSR_VMX_CR4_FIXED1,
	 NVMX_CR4_PKS, 0, 0, NVMX_CR4_PKS},
	{NVMX_MSR_RULE_CR4_FIXED1_FEATURE, NVMX_MSR_VMX_CR4_FIXED1,
	 NVMX_CR4_CET, 0, 0, NVMX_CR4_CET},
	{NVMX_MSR_RULE_BASIC_RESERVED, NVMX_MSR_VMX_BASIC, 1ull << 31, 0, 0,
	 1ull << 31},
	{NVMX_MSR_RULE_BASIC_SIZE, NVMX_MSR_VMX_BASIC, 0, NVMX_BASIC_SIZE_MASK,
	 0, NVMX_BASIC_SIZE_MASK},
	{NVMX_MSR_RULE_BASIC_MEMTYPE, NVMX_MSR_VMX_BASIC, 1ull << 50, 0, 0,
	 NVMX_BASIC_MEMTYPE_MASK},
	{NVMX_MSR_RULE_BASIC_32BIT_PA, NVMX_MSR_VMX_BASIC, NVMX_BASIC_32BIT_PA,
	 0, 0, NVMX_BASIC_32BIT_PA},
	{NVMX_MSR_RULE_MISC_RESERVED, NVMX_MSR_VMX_MISC, 1ull << 9, 0, 0,
	 1ull << 9},
	{NVMX_MSR_RULE_MISC_LMA_UG, NVMX_MSR_VMX_MISC, 0,
	 NVMX_MISC_SAVE_EFER_LMA, 0, NVMX_MISC_SAVE_EFER_LMA},
	{NVMX_MSR_RULE_FEAT_CTL_RESERVED, 0, 0, 0, 1ull << 3, 1ull << 3},
	{NVMX_MSR_RULE_FEAT_CTL_FEATURE, 0, 0, 0, 1ull << 18, 1ull << 18},
	{NVMX_MSR_RULE_FEAT_CTL_FEATURE, 0, 0, 0, 1ull << 17, 1ull << 17},
};

START_TEST(broken_models)
{
	const struct broken *c = &cases[_i];
	struct nvmx_model m;
	struct nvmx_msr_verdict why;
	uint64_t fc = 0x5; /* locked, VMX outside SMX: valid on skylake */

	nvmx_model_init(&m, NVMX_PRESET_SKYLAKE_SERVER);
	ck_assert_int_eq(nvmx_model_validate(&m, &fc, &why), 0);
	if (c->rule == NVMX_MSR_RULE_SEC_WITHOUT_PRIMARY) {
		uint64_t sec = HI(B(PROC_ACTIVATE_SECONDARY));

		nvmx_model_set_msr(
			&m, NVMX_MSR_VMX_PROCBASED_CTLS,
			nvmx_model_get_msr(&m, NVMX_MSR_VMX_PROCBASED_CTLS) &
				~sec);
		nvmx_model_set_msr(
			&m, NVMX_MSR_VMX_TRUE_PROCBASED_CTLS,
			nvmx_model_get_msr(&m,
					   NVMX_MSR_VMX_TRUE_PROCBASED_CTLS) &
				~sec);
	} else if (c->msr) {
		ck_assert_int_eq(
			nvmx_model_set_msr(
				&m, c->msr,
				(nvmx_model_get_msr(&m, c->msr) | c->set) &
					~c->clear),
			0);
	}
	if (c->msr == NVMX_MSR_VMX_PROCBASED_CTLS2 &&
	    c->clear == HI(B(PROC2_ENABLE_VPID))) {
		/* EPT stays; only the VPID half loses its control */
	}
	fc = c->feat_ctl ? c->feat_ctl : fc;
	ck_assert_int_eq(nvmx_model_validate(&m, &fc, &why), NVMX_EPERM);
	ck_assert_msg(why.rule == c->rule, "case %d: got %s want %s", _i,
		      nvmx_msr_rule_name(why.rule),
		      nvmx_msr_rule_name(c->rule));
	if (c->rule == NVMX_MSR_RULE_SEC_WITHOUT_PRIMARY)
		ck_assert_uint_eq(
			why.bits,
			nvmx_model_get_msr(&m, NVMX_MSR_VMX_PROCBASED_CTLS2) &
				0xffffffff00000000ull);
	else if (c->rule == NVMX_MSR_RULE_EPT_CAP_WITHOUT_EPT)
		ck_assert_uint_eq(
			why.bits,
			nvmx_model_get_msr(&m, NVMX_MSR_VMX_EPT_VPID_CAP) &
				c->want_bits);
	else
		ck_assert_uint_eq(why.bits, c->want_bits);
	if (c->msr && c->rule != NVMX_MSR_RULE_SEC_WITHOUT_PRIMARY &&
	    c->rule != NVMX_MSR_RULE_VMFUNC_WITHOUT_SEC &&
	    c->rule != NVMX_MSR_RULE_EPT_CAP_WITHOUT_EPT &&
	    c->rule != NVMX_MSR_RULE_FIXED0_IN_FIXED1 &&
	    c->rule != NVMX_MSR_RULE_TRUE_ALLOWED1_MISMATCH &&
	    c->rule != NVMX_MSR_RULE_NONTRUE_NOT_TRUE_PLUS_DEFAULT1)
		ck_assert_uint_eq(why.msr, c->msr);
	if (!c->msr)
		ck_assert_uint_eq(why.msr, NVMX_MSR_IA32_FEATURE_CONTROL);
	ck_assert_ptr_nonnull(nvmx_msr_rule_name(why.rule));
	ck_assert_ptr_nonnull(nvmx_msr_rule_description(why.rule));
}
END_TEST

/* Every validation rule of msr_rules.def has a crafted case above. */
START_TEST(every_rule_covered)
{
	static const enum nvmx_msr_rule model_rules[] = {
		NVMX_MSR_RULE_CTL_DEFAULT1,
		NVMX_MSR_RULE_CTL_ALLOWED0_IN_ALLOWED1,
		NVMX_MSR_RULE_BASIC_SIZE,
		NVMX_MSR_RULE_BASIC_32BIT_PA,
		NVMX_MSR_RULE_BASIC_MEMTYPE,
		NVMX_MSR_RULE_BASIC_RESERVED,
		NVMX_MSR_RULE_MISC_RESERVED,
		NVMX_MSR_RULE_FIXED0_IN_FIXED1,
	};
	for (unsigned int r = NVMX_MSR_RULE_TRUE_ALLOWED1_MISMATCH;
	     r <
	     NVMX_MSR_RULE_COUNT + sizeof(model_rules) / sizeof(model_rules[0]);
	     r++) {
		enum nvmx_msr_rule want =
			r < NVMX_MSR_RULE_COUNT
				? (enum nvmx_msr_rule)r
				: model_rules[r - NVMX_MSR_RULE_COUNT];
		bool found = false;

		for (unsigned int k = 0; k < sizeof(cases) / sizeof(cases[0]);
		     k++)
			found |= cases[k].rule == want;
		ck_assert_msg(found, "no broken model for %s",
			      nvmx_msr_rule_name(want));
	}
}
END_TEST

/* ---- derivation ---------------------------------------------------- */

static void check_derived(const struct nvmx_model *host, uint64_t cpu)
{
	struct nvmx_model l1;
	struct nvmx_msr_verdict why;
	static const uint32_t pairs[4][2] = {
		{NVMX_MSR_VMX_PINBASED_CTLS, NVMX_MSR_VMX_TRUE_PINBASED_CTLS},
		{NVMX_MSR_VMX_PROCBASED_CTLS, NVMX_MSR_VMX_TRUE_PROCBASED_CTLS},
		{NVMX_MSR_VMX_EXIT_CTLS, NVMX_MSR_VMX_TRUE_EXIT_CTLS},
		{NVMX_MSR_VMX_ENTRY_CTLS, NVMX_MSR_VMX_TRUE_ENTRY_CTLS},
	};
	static const uint32_t d1[4] = {NVMX_PIN_DEFAULT1, NVMX_PROC_DEFAULT1,
				       NVMX_EXIT_DEFAULT1, NVMX_ENTRY_DEFAULT1};

	ck_assert_int_eq(nvmx_msr_derive(&l1, host, cpu, 0, &why), 0);
	ck_assert_int_eq(nvmx_model_validate(&l1, NULL, &why), 0);
	ck_assert_uint_eq(l1.cpu, cpu);
	/* TRUE and non-TRUE agree with each other and the default1 class */
	for (int k = 0; k < 4; k++) {
		uint64_t p = nvmx_model_get_msr(&l1, pairs[k][0]);
		uint64_t t = nvmx_model_get_msr(&l1, pairs[k][1]);

		ck_assert_uint_eq(p, t | d1[k]);
	}
	/* never more than the host */
	for (int w = NVMX_WORD_PIN; w < NVMX_WORD_CPU; w++)
		ck_assert_uint_eq(nvmx_model_allowed1(&l1, w) &
					  ~nvmx_model_allowed1(host, w),
				  0);
	ck_assert_uint_eq(
		nvmx_model_get_msr(&l1, NVMX_MSR_VMX_CR4_FIXED1),
		nvmx_model_cr4_fixed1_for_cpu(cpu) &
			nvmx_model_get_msr(host, NVMX_MSR_VMX_CR4_FIXED1));
	/* VMCS_ENUM follows the fields of the derived model: never above
	 * the host's when the vCPU claims nothing the host lacks (CPUID
	 * gates fields too, e.g. FRED) */
	if (!(cpu & ~host->cpu))
		ck_assert_uint_le(nvmx_vmcs_enum(&l1), nvmx_vmcs_enum(host));
	/* withdrawn controls are never offered */
	for (int w = NVMX_WORD_PIN; w < NVMX_WORD_CPU; w++)
		ck_assert_uint_eq(nvmx_model_allowed1(&l1, w) &
					  nvmx_revoked_mask(w, 0),
				  0);
}

START_TEST(derive_always_validates)
{
	struct nvmx_model host, other;

	nvmx_model_init(&host, (enum nvmx_preset)_i);
	for (int q = 0; q < NVMX_PRESET_COUNT; q++) {
		nvmx_model_init(&other, (enum nvmx_preset)q);
		check_derived(&host, other.cpu);
	}
	/* every CPUID fact removed one at a time, and none at all */
	for (unsigned int b = 0; b < NVMX_CPUB_COUNT; b++)
		check_derived(&host, host.cpu & ~(1ull << b));
	check_derived(&host, 0);
}
END_TEST

struct dep {
	enum nvmx_ctl_word w;
	uint64_t ctl;
	uint64_t cpu;
};

START_TEST(derive_follows_cpuid)
{
	/* SDM 25.6.2: secondary controls for instructions the vCPU has */
	static const struct dep deps[] = {
		{NVMX_WORD_PROC2, B(PROC2_RDRAND_EXITING), NVMX_CPU_RDRAND},
		{NVMX_WORD_PROC2, B(PROC2_RDSEED_EXITING), NVMX_CPU_RDSEED},
		{NVMX_WORD_PROC2, B(PROC2_ENABLE_XSAVES), NVMX_CPU_XSAVES},
		{NVMX_WORD_PROC2, B(PROC2_ENABLE_INVPCID), NVMX_CPU_INVPCID},
		{NVMX_WORD_PROC2, B(PROC2_ENABLE_RDTSCP), NVMX_CPU_RDTSCP},
		{NVMX_WORD_PROC2, B(PROC2_ENABLE_USER_WAIT_PAUSE),
		 NVMX_CPU_WAITPKG},
		{NVMX_WORD_PROC2, B(PROC2_ENABLE_PCONFIG), NVMX_CPU_PCONFIG},
		{NVMX_WORD_PROC2, B(PROC2_ENCLS_EXITING), NVMX_CPU_SGX},
		{NVMX_WORD_PROC2, B(PROC2_ENCLV_EXITING), NVMX_CPU_SGX},
		{NVMX_WORD_ENTRY, B(ENTRY_LOAD_PKRS), NVMX_CPU_PKS},
		{NVMX_WORD_EXIT, B(EXIT_LOAD_PKRS), NVMX_CPU_PKS},
		{NVMX_WORD_ENTRY, B(ENTRY_LOAD_BNDCFGS), NVMX_CPU_MPX},
		{NVMX_WORD_EXIT2, B(EXIT2_LOAD_FRED), NVMX_CPU_FRED},
	};
	struct nvmx_model host, l1;

	nvmx_model_init(&host, NVMX_PRESET_MAX);
	for (unsigned int k = 0; k < sizeof(deps) / sizeof(deps[0]); k++) {
		ck_assert(nvmx_model_allowed1(&host, deps[k].w) & deps[k].ctl);
		ck_assert_int_eq(nvmx_msr_derive(&l1, &host,
						 host.cpu & ~deps[k].cpu, 0,
						 NULL),
				 0);
		ck_assert_msg(
			!(nvmx_model_allowed1(&l1, deps[k].w) & deps[k].ctl),
			"dep %u", k);
		ck_assert_int_eq(nvmx_msr_derive(&l1, &host, host.cpu, 0, NULL),
				 0);
		ck_assert(nvmx_model_allowed1(&l1, deps[k].w) & deps[k].ctl);
	}
	/* PT: MISC[14], and the RTIT_CTL guest field disappears with its
	 * controls */
	ck_assert_int_eq(
		nvmx_msr_derive(&l1, &host, host.cpu & ~NVMX_CPU_PT, 0, NULL),
		0);
	ck_assert(!(nvmx_model_get_msr(&l1, NVMX_MSR_VMX_MISC) &
		    NVMX_MISC_PT_IN_VMX));
	ck_assert(nvmx_field_exists(&host, NVMX_GUEST_IA32_RTIT_CTL));
	ck_assert(!nvmx_field_exists(&l1, NVMX_GUEST_IA32_RTIT_CTL));
	ck_assert_uint_eq(
		nvmx_vmcs_enum(&l1),
		nvmx_vmcs_enum(&host)); /* index 0x0a unchanged elsewhere */
	/* CR4_FIXED1: LA57, LAM_SUP, PKS, CET follow CPUID */
	ck_assert_int_eq(
		nvmx_msr_derive(&l1, &host,
				host.cpu & ~(NVMX_CPU_LA57 | NVMX_CPU_LAM |
					     NVMX_CPU_PKS | NVMX_CPU_CET_SS |
					     NVMX_CPU_CET_IBT),
				0, NULL),
		0);
	ck_assert_uint_eq(nvmx_model_get_msr(&l1, NVMX_MSR_VMX_CR4_FIXED1) &
				  (NVMX_CR4_LA57 | NVMX_CR4_LAM_SUP |
				   NVMX_CR4_PKS | NVMX_CR4_CET),
			  0);
	ck_assert_uint_eq(nvmx_model_get_msr(&host, NVMX_MSR_VMX_CR4_FIXED1) &
				  (NVMX_CR4_LA57 | NVMX_CR4_LAM_SUP |
				   NVMX_CR4_PKS | NVMX_CR4_CET),
			  NVMX_CR4_LA57 | NVMX_CR4_LAM_SUP | NVMX_CR4_PKS |
				  NVMX_CR4_CET);
	/* maxphyaddr */
	ck_assert_int_eq(nvmx_msr_derive(&l1, &host, host.cpu, 39, NULL), 0);
	ck_assert_uint_eq(l1.maxphyaddr, 39);
	ck_assert_int_eq(nvmx_msr_derive(&l1, &host, host.cpu, 31, NULL),
			 NVMX_ERANGE);
	ck_assert_int_eq(nvmx_msr_derive(&l1, &host, ~0ull, 0, NULL),
			 NVMX_ERANGE);
	ck_assert_int_eq(nvmx_msr_derive(&host, &host, host.cpu, 0, NULL),
			 NVMX_EINVAL);
}
END_TEST

START_TEST(derive_refuses_broken_host)
{
	struct nvmx_model host, l1;
	struct nvmx_msr_verdict why;

	nvmx_model_init(&host, NVMX_PRESET_ICELAKE_SERVER);
	nvmx_model_set_msr(&host, NVMX_MSR_VMX_BASIC,
			   nvmx_model_get_msr(&host, NVMX_MSR_VMX_BASIC) |
				   (1ull << 57));
	ck_assert_int_eq(nvmx_msr_derive(&l1, &host, host.cpu, 0, &why),
			 NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_BASIC_RESERVED);
	ck_assert_uint_eq(why.bits, 1ull << 57);
}
END_TEST

START_TEST(names)
{
	uint32_t idx;
	unsigned int bit;

	ck_assert_str_eq(nvmx_msr_name(0x480), "IA32_VMX_BASIC");
	ck_assert_str_eq(nvmx_msr_name(0x493), "IA32_VMX_EXIT_CTLS2");
	ck_assert_str_eq(nvmx_msr_name(0x3a), "IA32_FEATURE_CONTROL");
	ck_assert_ptr_null(nvmx_msr_name(0x494));
	ck_assert_int_eq(nvmx_msr_by_name("VMX_TRUE_ENTRY_CTLS", &idx), 0);
	ck_assert_uint_eq(idx, 0x490);
	ck_assert_int_eq(nvmx_msr_by_name("IA32_VMX_PROCBASED_CTLS2", &idx), 0);
	ck_assert_uint_eq(idx, 0x48b);
	ck_assert_int_eq(nvmx_msr_by_name("nope", &idx), NVMX_ENOENT);
	ck_assert_str_eq(nvmx_msr_bit_name(0x48b, 32 + 1), "Enable EPT");
	ck_assert_str_eq(nvmx_msr_bit_name(0x48b, 1), "Enable EPT");
	ck_assert_str_eq(nvmx_msr_bit_name(0x492, 4), "IPI virtualization");
	ck_assert_str_eq(nvmx_msr_bit_name(0x491, 0), "EPTP switching");
	ck_assert_str_eq(nvmx_msr_bit_name(0x480, 55),
			 "default1 controls may be 0 (TRUE MSRs)");
	ck_assert_ptr_null(nvmx_msr_bit_name(0x48b, 29));
	ck_assert_ptr_null(nvmx_msr_bit_name(0x480, 64));
	ck_assert_str_eq(nvmx_cpu_feature_name(NVMX_CPUB_LA57), "LA57");
	ck_assert_int_eq(nvmx_cpu_feature_by_name("SGX_LC", &bit), 0);
	ck_assert_uint_eq(bit, NVMX_CPUB_SGX_LC);
	ck_assert_int_eq(nvmx_cpu_feature_by_name("NVMX_CPU_PKS", &bit), 0);
	ck_assert_uint_eq(bit, NVMX_CPUB_PKS);
	ck_assert_int_eq(nvmx_cpu_feature_by_name("AVX", &bit), NVMX_ENOENT);
	for (unsigned int b = 0; b < NVMX_CPUB_COUNT; b++)
		ck_assert_ptr_nonnull(nvmx_cpu_feature_name(b));
	for (int r = 0; r < NVMX_MSR_RULE_COUNT; r++)
		ck_assert_ptr_nonnull(nvmx_msr_rule_sdm(r));
	ck_assert_ptr_null(nvmx_msr_rule_name(NVMX_MSR_RULE_COUNT));
	ck_assert_str_eq(nvmx_strerror(NVMX_EBUSY),
			 "state is frozen (the vCPU has already run)");
}
END_TEST

static Suite *make_msr_validate(void)
{
	Suite *s = suite_create("msr_validate");
	TCase *tc = tcase_create("validate");

	tcase_add_loop_test(tc, presets_pass, 0, NVMX_PRESET_COUNT);
	tcase_add_loop_test(tc, broken_models, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, every_rule_covered);
	tcase_add_loop_test(tc, derive_always_validates, 0, NVMX_PRESET_COUNT);
	tcase_add_test(tc, derive_follows_cpuid);
	tcase_add_test(tc, derive_refuses_broken_host);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}

NVMX_TEST_SUITE(make_msr_validate);
