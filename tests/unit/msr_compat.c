// SPDX-License-Identifier: MIT
/*
 * msr_compat.c - the migration matrix: every preset as the saved vCPU
 * model x every preset as the destination host x both policies. The
 * expected verdict is computed here from the restore rules of issue 4
 * (subset/superset/equal per MSR), independently of lib/msr/restore.c.
 */
#include <nvmx/nvmx.h>

#include "suite.h"

static uint64_t get(const struct nvmx_model *m, uint32_t i)
{
	return nvmx_model_get_msr(m, i);
}

static bool subset(uint64_t a, uint64_t b)
{
	return !(a & ~b);
}

/* Revoked bits of MSR i's word, from the table. */
static uint64_t revocable(uint32_t i)
{
	enum nvmx_ctl_word w = nvmx_msr_ctl_word(i);
	const struct nvmx_revoke_entry *e;
	uint64_t m = 0;

	for (unsigned int k = 0; (e = nvmx_revoke_entry_at(k)); k++)
		if (nvmx_msr_ctl_word(e->msr) == w)
			m |= e->bits;
	return m;
}

/* Number of MSRs of src that a restore against lim must refuse. */
static unsigned int expected_conflicts(const struct nvmx_model *src,
				       const struct nvmx_model *lim,
				       bool compat)
{
	unsigned int n = 0;

	for (uint32_t i = NVMX_MSR_VMX_FIRST; i <= NVMX_MSR_VMX_LAST; i++) {
		uint64_t s = get(src, i), l = get(lim, i);
		uint64_t extra = compat ? revocable(i) : 0;
		bool ok;

		switch (i) {
		case NVMX_MSR_VMX_BASIC: {
			uint64_t feat = (1ull << 49) | (1ull << 54) |
					(1ull << 55) | (1ull << 56) |
					(1ull << 58);

			ok = (s & 0x7fffffff) == (l & 0x7fffffff) &&
			     ((s >> 32) & 0x1fff) >= ((l >> 32) & 0x1fff) &&
			     ((s >> 50) & 0xf) == ((l >> 50) & 0xf) &&
			     subset(s & feat, l & feat);
			break;
		}
		case NVMX_MSR_VMX_MISC: {
			/* SDM A.6 feature bits 5-8, 14, 15, 28-30 */
			uint64_t feat = (1ull << 5) | (7ull << 6) |
					(3ull << 14) | (7ull << 28);
			ok = subset(s & feat, l & feat) &&
			     ((s >> 16) & 0x1ff) <= ((l >> 16) & 0x1ff) &&
			     ((s >> 25) & 7) <= ((l >> 25) & 7) &&
			     (s & 0x1f) == (l & 0x1f) && (s >> 32) == (l >> 32);
			break;
		}
		case NVMX_MSR_VMX_CR0_FIXED0:
		case NVMX_MSR_VMX_CR4_FIXED0:
			ok = subset(l, s);
			break;
		case NVMX_MSR_VMX_CR0_FIXED1:
		case NVMX_MSR_VMX_CR4_FIXED1:
			ok = s == l;
			break;
		case NVMX_MSR_VMX_VMCS_ENUM:
			ok = s <= l;
			break;
		case NVMX_MSR_VMX_EPT_VPID_CAP:
			ok = subset(s, l);
			break;
		case NVMX_MSR_VMX_VMFUNC:
		case NVMX_MSR_VMX_PROCBASED_CTLS3:
		case NVMX_MSR_VMX_EXIT_CTLS2:
			ok = subset(s, l | extra);
			break;
		default: /* 32+32 control MSRs */
			ok = subset(s >> 32, (l >> 32) | extra) &&
			     subset(l & 0xffffffff, s & 0xffffffff);
			break;
		}
		n += !ok;
	}
	return n;
}

START_TEST(matrix)
{
	enum nvmx_preset sp = (enum nvmx_preset)(_i / NVMX_PRESET_COUNT);
	enum nvmx_preset dp = (enum nvmx_preset)(_i % NVMX_PRESET_COUNT);
	struct nvmx_model src, dst, lim;
	struct nvmx_msr_verdict out[32];

	nvmx_model_init(&src, sp);
	nvmx_model_init(&dst, dp);
	ck_assert_int_eq(
		nvmx_msr_derive(&lim, &dst, src.cpu, src.maxphyaddr, NULL), 0);
	for (int pol = 0; pol < 2; pol++) {
		struct nvmx_restore_opts o = {
			.policy = pol ? NVMX_RESTORE_COMPAT
				      : NVMX_RESTORE_STRICT};
		unsigned int want = expected_conflicts(&src, &lim, pol) +
				    ((src.cpu & ~dst.cpu) != 0);
		size_t n = 99;
		int r = nvmx_msr_compat(&src, &dst, &o, out, 32, &n);

		ck_assert_msg(r == (want ? 1 : 0) && n == want,
			      "%s -> %s %s: r=%d n=%zu want %u",
			      nvmx_preset_name(sp), nvmx_preset_name(dp),
			      pol ? "compat" : "strict", r, n, want);
		for (size_t k = 0; k < n && k < 32; k++) {
			ck_assert_int_ne(out[k].rule, NVMX_MSR_RULE_NONE);
			ck_assert_uint_ne(out[k].bits, 0);
		}
	}
}
END_TEST

/* A few cells stated outright. */
START_TEST(known_cells)
{
	struct nvmx_model a, b;
	struct nvmx_msr_verdict out[32];
	struct nvmx_restore_opts strict = {.policy = NVMX_RESTORE_STRICT};
	struct nvmx_restore_opts compat = {.policy = NVMX_RESTORE_COMPAT};
	size_t n;

	/* same generation: compatible */
	nvmx_model_init(&a, NVMX_PRESET_SKYLAKE_SERVER);
	ck_assert_int_eq(nvmx_msr_compat(&a, &a, &strict, out, 32, &n), 0);
	ck_assert_uint_eq(n, 0);
	/* an MPX VM cannot go to Ice Lake (no MPX): CPUID first */
	nvmx_model_init(&b, NVMX_PRESET_ICELAKE_SERVER);
	ck_assert_int_eq(nvmx_msr_compat(&a, &b, &compat, out, 32, &n), 1);
	ck_assert_int_eq(out[0].rule, NVMX_MSR_RULE_CPUID_MISSING);
	ck_assert_uint_eq(out[0].bits, NVMX_CPU_MPX);
	/* older to newer: fine */
	nvmx_model_init(&a, NVMX_PRESET_ICELAKE_SERVER);
	nvmx_model_init(&b, NVMX_PRESET_SAPPHIRE_RAPIDS);
	ck_assert_int_eq(nvmx_msr_compat(&a, &b, &strict, out, 32, &n), 0);
	/* a VM whose model still carries withdrawn controls (max offers
	 * them all): STRICT refuses exactly the revoked words, COMPAT takes it
	 */
	nvmx_model_init(&a, NVMX_PRESET_MAX);
	ck_assert_int_eq(nvmx_msr_compat(&a, &a, &strict, out, 32, &n), 1);
	ck_assert_uint_eq(n, 5); /* PROC2, ENTRY, TRUE_ENTRY, PROC3, EXIT2 */
	for (size_t k = 0; k < n; k++) {
		ck_assert(out[k].rule == NVMX_MSR_RULE_CTL_ALLOWED1_SUBSET ||
			  out[k].rule == NVMX_MSR_RULE_CAP_SUBSET);
		ck_assert_uint_eq(
			out[k].bits & ~(out[k].rule == NVMX_MSR_RULE_CAP_SUBSET
						? nvmx_revoked_mask(
							  nvmx_msr_ctl_word(
								  out[k].msr),
							  0)
						: nvmx_revoked_mask(
							  nvmx_msr_ctl_word(
								  out[k].msr),
							  0)
							  << 32),
			0);
	}
	ck_assert_int_eq(nvmx_msr_compat(&a, &a, &compat, out, 32, &n), 0);
	/* a capacity smaller than the list still counts every conflict */
	ck_assert_int_eq(nvmx_msr_compat(&a, &a, &strict, out, 1, &n), 1);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(nvmx_msr_compat(&a, &a, &strict, NULL, 0, &n), 1);
	ck_assert_int_eq(nvmx_msr_compat(NULL, &a, &strict, NULL, 0, &n),
			 NVMX_EINVAL);
}
END_TEST

static Suite *make_msr_compat(void)
{
	Suite *s = suite_create("msr_compat");
	TCase *tc = tcase_create("compat");

	tcase_add_loop_test(tc, matrix, 0,
			    NVMX_PRESET_COUNT * NVMX_PRESET_COUNT);
	tcase_add_test(tc, known_cells);
	suite_add_tcase(s, tc);
	return s;
}

NVMX_TEST_SUITE(make_msr_compat);
