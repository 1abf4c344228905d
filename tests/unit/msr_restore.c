// SPDX-License-Identifier: MIT
/*
 * msr_restore.c - nvmx_msr_restore / nvmx_msr_restore_all: every bit of
 * every control MSR flipped, under both policies, with the expected
 * verdict derived here from the rules of issue 4 (not from the code).
 */
#include <string.h>

#include <nvmx/nvmx.h>

#include "suite.h"

static const uint32_t ctl32_msrs[] = {
	NVMX_MSR_VMX_PINBASED_CTLS,	  NVMX_MSR_VMX_PROCBASED_CTLS,
	NVMX_MSR_VMX_EXIT_CTLS,		  NVMX_MSR_VMX_ENTRY_CTLS,
	NVMX_MSR_VMX_PROCBASED_CTLS2,	  NVMX_MSR_VMX_TRUE_PINBASED_CTLS,
	NVMX_MSR_VMX_TRUE_PROCBASED_CTLS, NVMX_MSR_VMX_TRUE_EXIT_CTLS,
	NVMX_MSR_VMX_TRUE_ENTRY_CTLS,
};
static const uint32_t ctl64_msrs[] = {
	NVMX_MSR_VMX_VMFUNC,
	NVMX_MSR_VMX_PROCBASED_CTLS3,
	NVMX_MSR_VMX_EXIT_CTLS2,
};

static bool is_plain(uint32_t i)
{
	return i >= NVMX_MSR_VMX_PINBASED_CTLS && i <= NVMX_MSR_VMX_ENTRY_CTLS;
}

static bool is_true(uint32_t i)
{
	return i >= NVMX_MSR_VMX_TRUE_PINBASED_CTLS &&
	       i <= NVMX_MSR_VMX_TRUE_ENTRY_CTLS;
}

/* SDM A.2 default1 classes, restated here from the SDM table. */
static uint32_t default1_of(uint32_t i)
{
	switch (i) {
	case NVMX_MSR_VMX_PINBASED_CTLS:
	case NVMX_MSR_VMX_TRUE_PINBASED_CTLS:
		return (1u << 1) | (1u << 2) | (1u << 4);
	case NVMX_MSR_VMX_PROCBASED_CTLS:
	case NVMX_MSR_VMX_TRUE_PROCBASED_CTLS:
		return (1u << 1) | (7u << 4) | (1u << 8) | (0xfu << 13) |
		       (1u << 26);
	case NVMX_MSR_VMX_EXIT_CTLS:
	case NVMX_MSR_VMX_TRUE_EXIT_CTLS:
		return 0x1ffu | (3u << 10) | (3u << 13) | (3u << 16);
	case NVMX_MSR_VMX_ENTRY_CTLS:
	case NVMX_MSR_VMX_TRUE_ENTRY_CTLS:
		return 0x1ffu | (1u << 12);
	default:
		return 0;
	}
}

static uint32_t partner(uint32_t i)
{
	return is_plain(i) ? i + (NVMX_MSR_VMX_TRUE_PINBASED_CTLS -
				  NVMX_MSR_VMX_PINBASED_CTLS)
			   : i - (NVMX_MSR_VMX_TRUE_PINBASED_CTLS -
				  NVMX_MSR_VMX_PINBASED_CTLS);
}

/* Bits of MSR i's control word on the revoke list, read from the table. */
static uint64_t listed_revoked(uint32_t i, uint32_t source_release)
{
	enum nvmx_ctl_word w = nvmx_msr_ctl_word(i);
	uint64_t m = 0;
	const struct nvmx_revoke_entry *e;

	for (unsigned int k = 0; (e = nvmx_revoke_entry_at(k)); k++)
		if (nvmx_msr_ctl_word(e->msr) == w &&
		    (!source_release || source_release < e->release))
			m |= e->bits;
	return m;
}

static void limit_from(struct nvmx_model *lim, enum nvmx_preset p)
{
	struct nvmx_model host;

	nvmx_model_init(&host, p);
	ck_assert_int_eq(nvmx_msr_derive(lim, &host, host.cpu, 0, NULL), 0);
}

struct expect {
	bool ok;
	enum nvmx_msr_rule rule;
	uint64_t bits;
};

/* The rules of issue 4 for a 32+32 control MSR. */
static struct expect expect_ctl32(uint32_t i, uint64_t l, unsigned int b,
				  bool compat, uint64_t revocable)
{
	uint64_t lo = l & 0xffffffff, hi = l >> 32;
	uint32_t d1 = default1_of(i);
	unsigned int x = b % 32;
	struct expect e = {true, NVMX_MSR_RULE_NONE, 0};

	if (b < 32) {
		if (lo >> x & 1) { /* must-be-1 bit dropped */
			e.ok = false;
			e.rule = (is_plain(i) && (d1 >> x & 1))
					 ? NVMX_MSR_RULE_CTL_DEFAULT1
					 : NVMX_MSR_RULE_CTL_ALLOWED0_SUPERSET;
			e.bits = 1ull << b;
		} else if (!(hi >> x & 1)) { /* must-be-1 but not allowed-1 */
			e.ok = false;
			e.rule = NVMX_MSR_RULE_CTL_ALLOWED0_IN_ALLOWED1;
			e.bits = 1ull << b;
		}
		return e;
	}
	if (hi >> x & 1) { /* allowed-1 bit dropped: restricts */
		if (d1 >> x & 1) {
			e.ok = false;
			e.rule = NVMX_MSR_RULE_CTL_DEFAULT1;
			e.bits = 1ull << b;
		} else if (lo >> x & 1) {
			e.ok = false;
			e.rule = NVMX_MSR_RULE_CTL_ALLOWED0_IN_ALLOWED1;
			e.bits = 1ull << x;
		}
		return e;
	}
	/* allowed-1 bit added beyond the limit */
	if (!(compat && (revocable >> x & 1))) {
		e.ok = false;
		e.rule = NVMX_MSR_RULE_CTL_ALLOWED1_SUBSET;
		e.bits = 1ull << b;
	}
	return e;
}

static void check_one(const struct nvmx_model *lim, uint32_t i, unsigned int b,
		      const struct nvmx_restore_opts *o, struct expect e)
{
	struct nvmx_model vcpu = *lim, before = *lim;
	struct nvmx_msr_verdict why;
	uint64_t v = nvmx_model_get_msr(lim, i) ^ (1ull << b);
	enum nvmx_ctl_word w = nvmx_msr_ctl_word(i);
	int r = nvmx_msr_restore(&vcpu, lim, i, v, o, &why);

	if (e.ok) {
		ck_assert_msg(r == 0, "msr %#x bit %u: refused (%s)", i, b,
			      nvmx_msr_rule_name(why.rule));
		ck_assert_uint_eq(nvmx_model_get_msr(&vcpu, i), v);
		ck_assert_int_eq(why.rule, NVMX_MSR_RULE_NONE);
		if (is_true(i))
			ck_assert_uint_eq(nvmx_model_get_msr(&vcpu, partner(i)),
					  v | default1_of(i));
		if (is_plain(i))
			ck_assert_uint_eq(
				nvmx_model_get_msr(&vcpu, partner(i)) >> 32,
				v >> 32);
		/* a bit accepted beyond the limit is revoked: visible to
		 * L1, refused by VM entry */
		if (!(nvmx_model_get_msr(lim, i) >> b & 1) &&
		    (b >= 32 || i == NVMX_MSR_VMX_VMFUNC ||
		     i == NVMX_MSR_VMX_PROCBASED_CTLS3 ||
		     i == NVMX_MSR_VMX_EXIT_CTLS2)) {
			unsigned int x = (i == NVMX_MSR_VMX_VMFUNC ||
					  i == NVMX_MSR_VMX_PROCBASED_CTLS3 ||
					  i == NVMX_MSR_VMX_EXIT_CTLS2)
						 ? b
						 : b - 32;

			ck_assert_uint_eq(nvmx_control_revoked(&vcpu, w, ~0ull),
					  1ull << x);
			ck_assert_uint_eq(nvmx_control_revoked(&vcpu, w, 0), 0);
			ck_assert_uint_eq(nvmx_control_revoked(lim, w, ~0ull),
					  0);
		} else {
			ck_assert_uint_eq(nvmx_control_revoked(&vcpu, w, ~0ull),
					  0);
		}
	} else {
		ck_assert_msg(r == NVMX_EPERM, "msr %#x bit %u: accepted", i,
			      b);
		ck_assert_msg(why.rule == e.rule,
			      "msr %#x bit %u: rule %s, want %s", i, b,
			      nvmx_msr_rule_name(why.rule),
			      nvmx_msr_rule_name(e.rule));
		ck_assert_uint_eq(why.msr, i);
		ck_assert_uint_eq(why.bits, e.bits);
		ck_assert_uint_eq(why.value, v);
		ck_assert(memcmp(&vcpu, &before, sizeof(vcpu)) == 0);
	}
}

static void per_bit_ctl(enum nvmx_preset p)
{
	struct nvmx_model lim;
	static const uint32_t releases[] = {0, NVMX_RELEASE(0, 0, 9),
					    NVMX_RELEASE(0, 1, 0)};

	limit_from(&lim, p);
	for (unsigned int k = 0; k < 3; k++)
		for (int pol = 0; pol < 2; pol++) {
			struct nvmx_restore_opts o = {
				.policy = pol ? NVMX_RESTORE_COMPAT
					      : NVMX_RESTORE_STRICT,
				.source_release = releases[k],
			};

			for (unsigned int m = 0; m < 9; m++) {
				uint32_t i = ctl32_msrs[m];
				uint64_t rev = listed_revoked(i, releases[k]);

				for (unsigned int b = 0; b < 64; b++)
					check_one(
						&lim, i, b, &o,
						expect_ctl32(i,
							     nvmx_model_get_msr(
								     &lim, i),
							     b, pol, rev));
			}
			for (unsigned int m = 0; m < 3; m++) {
				uint32_t i = ctl64_msrs[m];
				uint64_t l = nvmx_model_get_msr(&lim, i);
				uint64_t rev = listed_revoked(i, releases[k]);

				for (unsigned int b = 0; b < 64; b++) {
					struct expect e = {
						true, NVMX_MSR_RULE_NONE, 0};

					if (!(l >> b & 1) &&
					    !(pol && (rev >> b & 1))) {
						e.ok = false;
						e.rule =
							NVMX_MSR_RULE_CAP_SUBSET;
						e.bits = 1ull << b;
					}
					check_one(&lim, i, b, &o, e);
				}
			}
		}
}

START_TEST(per_bit_max)
{
	per_bit_ctl(NVMX_PRESET_MAX);
}
END_TEST

START_TEST(per_bit_presets)
{
	per_bit_ctl((enum nvmx_preset)_i);
}
END_TEST

/* The revoke list has the entries the docs promise, and COMPAT makes them
 * visible but revoked. */
START_TEST(revoke_list_compat)
{
	struct nvmx_model lim, vcpu;
	struct nvmx_msr_verdict why;
	struct nvmx_restore_opts o = {.policy = NVMX_RESTORE_COMPAT};
	uint64_t v;

	limit_from(&lim, NVMX_PRESET_MAX);
	/* derivation never offers a withdrawn control */
	ck_assert_uint_eq(nvmx_model_allowed1(&lim, NVMX_WORD_PROC2) &
				  NVMX_CTL_MASK(PROC2_SUBPAGE_WRITE_PERM),
			  0);
	vcpu = lim;
	v = nvmx_model_get_msr(&lim, NVMX_MSR_VMX_PROCBASED_CTLS2) |
	    (NVMX_CTL_MASK(PROC2_SUBPAGE_WRITE_PERM) << 32);
	ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim,
					  NVMX_MSR_VMX_PROCBASED_CTLS2, v, NULL,
					  &why),
			 NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_CTL_ALLOWED1_SUBSET);
	ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim,
					  NVMX_MSR_VMX_PROCBASED_CTLS2, v, &o,
					  &why),
			 0);
	/* L1 sees it ... */
	ck_assert(nvmx_model_allowed1(&vcpu, NVMX_WORD_PROC2) &
		  NVMX_CTL_MASK(PROC2_SUBPAGE_WRITE_PERM));
	/* ... VM entry refuses a control value that uses it */
	ck_assert_uint_eq(
		nvmx_control_revoked(
			&vcpu, NVMX_WORD_PROC2,
			NVMX_CTL_MASK(PROC2_ENABLE_EPT) |
				NVMX_CTL_MASK(PROC2_SUBPAGE_WRITE_PERM)),
		NVMX_CTL_MASK(PROC2_SUBPAGE_WRITE_PERM));
	ck_assert_uint_eq(nvmx_control_revoked(&vcpu, NVMX_WORD_PROC2,
					       NVMX_CTL_MASK(PROC2_ENABLE_EPT)),
			  0);
	/* restoring without it clears the revocation */
	ck_assert_int_eq(
		nvmx_msr_restore(
			&vcpu, &lim, NVMX_MSR_VMX_PROCBASED_CTLS2,
			nvmx_model_get_msr(&lim, NVMX_MSR_VMX_PROCBASED_CTLS2),
			&o, &why),
		0);
	ck_assert_uint_eq(nvmx_control_revoked(&vcpu, NVMX_WORD_PROC2, ~0ull),
			  0);
	/* a VM saved by 0.1.0, which had withdrawn the bit, cannot carry it */
	o.source_release = NVMX_RELEASE(0, 1, 0);
	ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim,
					  NVMX_MSR_VMX_PROCBASED_CTLS2, v, &o,
					  &why),
			 NVMX_EPERM);
	/* table sanity: every entry names a control MSR and a release */
	for (unsigned int k = 0; nvmx_revoke_entry_at(k); k++) {
		const struct nvmx_revoke_entry *e = nvmx_revoke_entry_at(k);

		ck_assert(nvmx_msr_ctl_word(e->msr) != NVMX_WORD_NONE);
		ck_assert(e->bits && e->release && e->reason);
	}
	ck_assert_ptr_null(nvmx_revoke_entry_at(1000));
}
END_TEST

/* IA32_VMX_BASIC, every bit, from SDM A.1 and the rules. */
START_TEST(basic_per_bit)
{
	struct nvmx_model lim;

	limit_from(&lim, (enum nvmx_preset)_i);
	for (unsigned int b = 0; b < 64; b++) {
		uint64_t l = nvmx_model_get_msr(&lim, NVMX_MSR_VMX_BASIC);
		uint64_t v = l ^ (1ull << b);
		uint64_t ls = (l >> 32) & 0x1fff, vs = (v >> 32) & 0x1fff;
		struct nvmx_model vcpu = lim;
		struct nvmx_msr_verdict why;
		enum nvmx_msr_rule want = NVMX_MSR_RULE_NONE;
		int r;

		if (b <= 30)
			want = NVMX_MSR_RULE_BASIC_REVISION;
		else if (b == 31 || (b >= 45 && b <= 47) || b == 57 || b >= 59)
			want = NVMX_MSR_RULE_BASIC_RESERVED;
		else if (b >= 32 && b <= 44)
			want = (vs < ls || vs > 4096) ? NVMX_MSR_RULE_BASIC_SIZE
						      : NVMX_MSR_RULE_NONE;
		else if (b == 48)
			want = NVMX_MSR_RULE_BASIC_32BIT_PA;
		else if (b >= 50 && b <= 53)
			want = NVMX_MSR_RULE_BASIC_MEMTYPE;
		else /* feature bits 49, 54, 55, 56, 58: only clearing */
			want = (l >> b & 1) ? NVMX_MSR_RULE_NONE
					    : NVMX_MSR_RULE_BASIC_FEATURES;
		r = nvmx_msr_restore(&vcpu, &lim, NVMX_MSR_VMX_BASIC, v, NULL,
				     &why);
		ck_assert_msg(r == (want ? NVMX_EPERM : 0), "bit %u", b);
		ck_assert_msg(why.rule == want, "bit %u: %s", b,
			      nvmx_msr_rule_name(why.rule));
		if (want)
			ck_assert_uint_eq(why.bits, 1ull << b);
	}
}
END_TEST

/* IA32_VMX_MISC and IA32_VMX_EPT_VPID_CAP, every bit (SDM A.6, A.10). */
START_TEST(misc_ept_per_bit)
{
	struct nvmx_model lim;

	limit_from(&lim, (enum nvmx_preset)_i);
	for (unsigned int b = 0; b < 64; b++) {
		uint64_t l = nvmx_model_get_msr(&lim, NVMX_MSR_VMX_MISC);
		uint64_t v = l ^ (1ull << b);
		bool set = !(l >> b & 1);
		struct nvmx_model vcpu = lim;
		struct nvmx_msr_verdict why;
		enum nvmx_msr_rule want = NVMX_MSR_RULE_NONE;

		if (b <= 4)
			want = NVMX_MSR_RULE_MISC_PREEMPT_RATE;
		else if ((b >= 9 && b <= 13) || b == 31)
			want = NVMX_MSR_RULE_MISC_RESERVED;
		else if (b >= 16 && b <= 24)
			want = ((v >> 16) & 0x1ff) > ((l >> 16) & 0x1ff)
				       ? NVMX_MSR_RULE_MISC_CR3_TARGETS
				       : NVMX_MSR_RULE_NONE;
		else if (b >= 25 && b <= 27)
			want = ((v >> 25) & 7) > ((l >> 25) & 7)
				       ? NVMX_MSR_RULE_MISC_MSR_LIST
				       : NVMX_MSR_RULE_NONE;
		else if (b >= 32)
			want = NVMX_MSR_RULE_MISC_MSEG_REV;
		else /* 5-8, 14, 15, 28-30: features, only clearing */
			want = set ? NVMX_MSR_RULE_MISC_FEATURES
				   : NVMX_MSR_RULE_NONE;
		ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim,
						  NVMX_MSR_VMX_MISC, v, NULL,
						  &why),
				 want ? NVMX_EPERM : 0);
		ck_assert_msg(why.rule == want, "MISC bit %u: %s", b,
			      nvmx_msr_rule_name(why.rule));
		if (want)
			ck_assert_uint_eq(why.bits, 1ull << b);

		l = nvmx_model_get_msr(&lim, NVMX_MSR_VMX_EPT_VPID_CAP);
		v = l ^ (1ull << b);
		vcpu = lim;
		ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim,
						  NVMX_MSR_VMX_EPT_VPID_CAP, v,
						  NULL, &why),
				 (l >> b & 1) ? 0 : NVMX_EPERM);
		if (!(l >> b & 1)) {
			ck_assert_int_eq(why.rule, NVMX_MSR_RULE_CAP_SUBSET);
			ck_assert_uint_eq(why.bits, 1ull << b);
		}
	}
}
END_TEST

/* CR0/CR4 FIXED0 and FIXED1, VMCS_ENUM, every bit (SDM A.7-A.9). */
START_TEST(fixed_enum_per_bit)
{
	static const uint32_t f0[2] = {NVMX_MSR_VMX_CR0_FIXED0,
				       NVMX_MSR_VMX_CR4_FIXED0};
	static const uint32_t f1[2] = {NVMX_MSR_VMX_CR0_FIXED1,
				       NVMX_MSR_VMX_CR4_FIXED1};
	struct nvmx_model lim;

	limit_from(&lim, (enum nvmx_preset)_i);
	for (unsigned int b = 0; b < 64; b++) {
		struct nvmx_msr_verdict why;
		struct nvmx_model vcpu;
		uint64_t e = nvmx_vmcs_enum(&lim), ev = e ^ (1ull << b);
		bool enum_ok;

		for (int k = 0; k < 2; k++) {
			uint64_t l = nvmx_model_get_msr(&lim, f0[k]);
			uint64_t one = nvmx_model_get_msr(&lim, f1[k]);
			enum nvmx_msr_rule want;

			/* FIXED0: dropping a required bit never; adding one
			 * only within FIXED1 */
			if (l >> b & 1)
				want = NVMX_MSR_RULE_FIXED0_SUPERSET;
			else if (!(one >> b & 1))
				want = NVMX_MSR_RULE_FIXED0_IN_FIXED1;
			else
				want = NVMX_MSR_RULE_NONE;
			vcpu = lim;
			ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim, f0[k],
							  l ^ (1ull << b), NULL,
							  &why),
					 want ? NVMX_EPERM : 0);
			ck_assert_int_eq(why.rule, want);
			/* FIXED1: derived, any change refused */
			vcpu = lim;
			ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim, f1[k],
							  one ^ (1ull << b),
							  NULL, &why),
					 NVMX_EPERM);
			ck_assert_int_eq(why.rule,
					 NVMX_MSR_RULE_FIXED1_DERIVED);
			ck_assert_uint_eq(why.bits, 1ull << b);
		}
		/* VMCS_ENUM: bits 9:1 only, index not above the limit's */
		enum_ok = b >= 1 && b <= 9 && ev <= e;
		vcpu = lim;
		ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim,
						  NVMX_MSR_VMX_VMCS_ENUM, ev,
						  NULL, &why),
				 enum_ok ? 0 : NVMX_EPERM);
		if (!enum_ok)
			ck_assert_int_eq(why.rule,
					 NVMX_MSR_RULE_VMCS_ENUM_DERIVED);
		ck_assert_uint_eq(nvmx_vmcs_enum(&vcpu), e);
	}
}
END_TEST

static int restore1(struct nvmx_model *vcpu, const struct nvmx_model *lim,
		    uint32_t i, uint64_t v, struct nvmx_msr_verdict *why)
{
	return nvmx_msr_restore(vcpu, lim, i, v, NULL, why);
}

START_TEST(misc_rules)
{
	struct nvmx_model lim, vcpu;
	struct nvmx_msr_verdict why;
	const uint32_t i = NVMX_MSR_VMX_MISC;
	uint64_t l;

	limit_from(&lim, NVMX_PRESET_SKYLAKE_SERVER);
	l = nvmx_model_get_msr(&lim, i);
	vcpu = lim;
	/* activity state dropped: restricts */
	ck_assert_int_eq(
		restore1(&vcpu, &lim, i, l & ~NVMX_MISC_ACT_WAIT_SIPI, &why),
		0);
	vcpu = lim;
	/* fewer CR3 targets: fine; more: refused */
	ck_assert_int_eq(
		restore1(&vcpu, &lim, i,
			 (l & ~NVMX_MISC_CR3_TARGETS_MASK) | (1ull << 16),
			 &why),
		0);
	ck_assert_int_eq(
		restore1(&vcpu, &lim, i,
			 (l & ~NVMX_MISC_CR3_TARGETS_MASK) | (5ull << 16),
			 &why),
		NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_MISC_CR3_TARGETS);
	ck_assert_int_eq(restore1(&vcpu, &lim, i, l | (1ull << 25), &why),
			 NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_MISC_MSR_LIST);
	ck_assert_int_eq(restore1(&vcpu, &lim, i, l ^ 1, &why), NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_MISC_PREEMPT_RATE);
	ck_assert_uint_eq(why.bits, 1);
	ck_assert_int_eq(restore1(&vcpu, &lim, i, l | (1ull << 32), &why),
			 NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_MISC_MSEG_REV);
	ck_assert_int_eq(restore1(&vcpu, &lim, i, l | (1ull << 9), &why),
			 NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_MISC_RESERVED);
	ck_assert_int_eq(restore1(&vcpu, &lim, i, l | (1ull << 31), &why),
			 NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_MISC_RESERVED);
	/* a feature the limit lacks */
	nvmx_model_set_msr(&lim, i, l & ~NVMX_MISC_ZERO_LEN_INJECT);
	ck_assert_int_eq(restore1(&vcpu, &lim, i, l, &why), NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_MISC_FEATURES);
	ck_assert_uint_eq(why.bits, NVMX_MISC_ZERO_LEN_INJECT);
}
END_TEST

START_TEST(fixed_and_enum)
{
	struct nvmx_model lim, vcpu, before;
	struct nvmx_msr_verdict why;
	uint64_t f0, f1, e;

	limit_from(&lim, NVMX_PRESET_ICELAKE_SERVER);
	vcpu = lim;
	/* FIXED0: may add a required bit (CR4.PAE, bit 5), never drop one */
	f0 = nvmx_model_get_msr(&lim, NVMX_MSR_VMX_CR4_FIXED0);
	ck_assert_int_eq(
		restore1(&vcpu, &lim, NVMX_MSR_VMX_CR4_FIXED0, f0 | 0x20, &why),
		0);
	ck_assert_uint_eq(nvmx_model_get_msr(&vcpu, NVMX_MSR_VMX_CR4_FIXED0),
			  f0 | 0x20);
	vcpu = lim;
	ck_assert_int_eq(restore1(&vcpu, &lim, NVMX_MSR_VMX_CR0_FIXED0,
				  0x80000020, &why),
			 NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_FIXED0_SUPERSET);
	ck_assert_uint_eq(why.bits, 1);
	/* CR4 bit 26 is reserved: not in FIXED1, so it cannot be fixed to 1 */
	ck_assert_int_eq(restore1(&vcpu, &lim, NVMX_MSR_VMX_CR4_FIXED0,
				  f0 | (1ull << 26), &why),
			 NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_FIXED0_IN_FIXED1);
	/* FIXED1: only the derived value */
	f1 = nvmx_model_get_msr(&lim, NVMX_MSR_VMX_CR4_FIXED1);
	ck_assert_uint_eq(f1, nvmx_model_cr4_fixed1_for_cpu(lim.cpu));
	ck_assert_int_eq(
		restore1(&vcpu, &lim, NVMX_MSR_VMX_CR4_FIXED1, f1, &why), 0);
	before = vcpu;
	ck_assert_int_eq(restore1(&vcpu, &lim, NVMX_MSR_VMX_CR4_FIXED1,
				  f1 | NVMX_CR4_LAM_SUP, &why),
			 NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_FIXED1_DERIVED);
	ck_assert_uint_eq(why.bits, NVMX_CR4_LAM_SUP);
	ck_assert(memcmp(&vcpu, &before, sizeof(vcpu)) == 0);
	ck_assert_int_eq(restore1(&vcpu, &lim, NVMX_MSR_VMX_CR0_FIXED1,
				  0xfffffffe, &why),
			 NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_FIXED1_DERIVED);
	/* VMCS_ENUM: validated, never stored */
	e = nvmx_vmcs_enum(&lim);
	ck_assert_int_eq(restore1(&vcpu, &lim, NVMX_MSR_VMX_VMCS_ENUM, e, &why),
			 0);
	ck_assert_int_eq(restore1(&vcpu, &lim, NVMX_MSR_VMX_VMCS_ENUM, 2, &why),
			 0);
	ck_assert_uint_eq(nvmx_vmcs_enum(&vcpu), e);
	ck_assert_int_eq(
		restore1(&vcpu, &lim, NVMX_MSR_VMX_VMCS_ENUM, e | 1, &why),
		NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_VMCS_ENUM_DERIVED);
	ck_assert_uint_eq(why.bits, 1);
	ck_assert_int_eq(
		restore1(&vcpu, &lim, NVMX_MSR_VMX_VMCS_ENUM, e + 2, &why),
		NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_VMCS_ENUM_DERIVED);
	ck_assert(memcmp(&vcpu, &before, sizeof(vcpu)) == 0);
	/* EPT_VPID_CAP: subset */
	ck_assert_int_eq(
		restore1(&vcpu, &lim, NVMX_MSR_VMX_EPT_VPID_CAP,
			 nvmx_model_get_msr(&lim, NVMX_MSR_VMX_EPT_VPID_CAP) |
				 NVMX_EPT_CAP_SSS,
			 &why),
		NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_CAP_SUBSET);
	ck_assert_uint_eq(why.bits, NVMX_EPT_CAP_SSS);
	ck_assert_int_eq(
		restore1(&vcpu, &lim, NVMX_MSR_VMX_EPT_VPID_CAP,
			 nvmx_model_get_msr(&lim, NVMX_MSR_VMX_EPT_VPID_CAP) &
				 ~NVMX_EPT_CAP_1GB,
			 &why),
		0);
}
END_TEST

START_TEST(after_run)
{
	struct nvmx_model lim, vcpu, before;
	struct nvmx_msr_verdict why;
	struct nvmx_restore_opts o = {.vcpu_ran = true};

	limit_from(&lim, NVMX_PRESET_SAPPHIRE_RAPIDS);
	vcpu = lim;
	before = vcpu;
	for (uint32_t i = NVMX_MSR_VMX_FIRST; i <= NVMX_MSR_VMX_LAST; i++) {
		uint64_t cur = nvmx_model_get_msr(&vcpu, i);

		/* the same value is not a change */
		ck_assert_int_eq(
			nvmx_msr_restore(&vcpu, &lim, i, cur, &o, &why), 0);
		/* even a pure restriction is a change */
		ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim, i,
						  cur ^ (1ull << 40), &o, &why),
				 NVMX_EBUSY);
		ck_assert_int_eq(why.rule, NVMX_MSR_RULE_RAN);
		ck_assert_uint_eq(why.msr, i);
		ck_assert_uint_eq(why.bits, 1ull << 40);
	}
	ck_assert(memcmp(&vcpu, &before, sizeof(vcpu)) == 0);
}
END_TEST

START_TEST(restore_all_atomic)
{
	struct nvmx_model lim, vcpu, before, a, b;
	struct nvmx_msr_verdict why;
	size_t failed = 99;
	uint64_t tp, pp;

	limit_from(&lim, NVMX_PRESET_SKYLAKE_SERVER);
	vcpu = lim;
	tp = nvmx_model_get_msr(&lim, NVMX_MSR_VMX_TRUE_PROCBASED_CTLS) &
	     ~(NVMX_CTL_MASK(PROC_HLT_EXITING) << 32);
	pp = nvmx_model_get_msr(&lim, NVMX_MSR_VMX_PROCBASED_CTLS) &
	     ~(NVMX_CTL_MASK(PROC_HLT_EXITING) << 32);
	{
		struct nvmx_msr_value vals[] = {
			{NVMX_MSR_VMX_TRUE_PROCBASED_CTLS, 0, tp},
			{NVMX_MSR_VMX_PROCBASED_CTLS, 0, pp},
			{NVMX_MSR_VMX_BASIC, 0, 5}, /* wrong revision */
		};

		before = vcpu;
		ck_assert_int_eq(nvmx_msr_restore_all(&vcpu, &lim, vals, 3,
						      NULL, &why, &failed),
				 NVMX_EPERM);
		ck_assert_uint_eq(failed, 2);
		ck_assert_int_eq(why.rule, NVMX_MSR_RULE_BASIC_REVISION);
		ck_assert(memcmp(&vcpu, &before, sizeof(vcpu)) == 0);
		ck_assert_int_eq(nvmx_msr_restore_all(&vcpu, &lim, vals, 2,
						      NULL, &why, &failed),
				 0);
		a = vcpu;
	}
	{
		/* the other order gives the same model */
		struct nvmx_msr_value vals[] = {
			{NVMX_MSR_VMX_PROCBASED_CTLS, 0, pp},
			{NVMX_MSR_VMX_TRUE_PROCBASED_CTLS, 0, tp},
		};

		b = lim;
		ck_assert_int_eq(nvmx_msr_restore_all(&b, &lim, vals, 2, NULL,
						      &why, &failed),
				 0);
		ck_assert(memcmp(&a, &b, sizeof(a)) == 0);
	}
	ck_assert(!(nvmx_model_allowed1(&a, NVMX_WORD_PROC) &
		    NVMX_CTL_MASK(PROC_HLT_EXITING)));
	{
		struct nvmx_msr_value bad[] = {{0x47f, 0, 0}};

		ck_assert_int_eq(nvmx_msr_restore_all(&vcpu, &lim, bad, 1, NULL,
						      &why, &failed),
				 NVMX_ENOENT);
	}
	ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim, 0x494, 0, NULL, &why),
			 NVMX_ENOENT);
	ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim, 0x3a, 0, NULL, &why),
			 NVMX_ENOENT);
	ck_assert_int_eq(nvmx_msr_restore(NULL, &lim, 0x480, 0, NULL, &why),
			 NVMX_EINVAL);
	ck_assert_int_eq(nvmx_msr_restore(&vcpu, NULL, 0x480, 0, NULL, &why),
			 NVMX_EINVAL);
	ck_assert_int_eq(
		nvmx_msr_restore_all(&vcpu, &lim, NULL, 1, NULL, &why, NULL),
		NVMX_EINVAL);
}
END_TEST

/* A non-TRUE restore keeps the TRUE MSR's own default1 setting. */
START_TEST(non_true_keeps_true_default1)
{
	struct nvmx_model lim, vcpu;
	struct nvmx_msr_verdict why;
	uint64_t p, t;

	limit_from(&lim, NVMX_PRESET_ICELAKE_SERVER);
	vcpu = lim;
	p = nvmx_model_get_msr(&lim, NVMX_MSR_VMX_PROCBASED_CTLS) |
	    NVMX_CTL_MASK(PROC_HLT_EXITING); /* HLT exiting becomes must-be-1 */
	ck_assert_int_eq(
		restore1(&vcpu, &lim, NVMX_MSR_VMX_PROCBASED_CTLS, p, &why), 0);
	t = nvmx_model_get_msr(&vcpu, NVMX_MSR_VMX_TRUE_PROCBASED_CTLS);
	ck_assert(t & NVMX_CTL_MASK(PROC_HLT_EXITING));
	/* CR3-load/store exiting stay flexible in the TRUE MSR */
	ck_assert(!(t & NVMX_CTL_MASK(PROC_CR3_LOAD_EXITING)));
	ck_assert_uint_eq(nvmx_model_allowed0(&vcpu, NVMX_WORD_PROC),
			  (uint32_t)t);
	ck_assert_int_eq(nvmx_model_validate(&vcpu, NULL, &why), 0);
}
END_TEST

static Suite *make_msr_restore(void)
{
	Suite *s = suite_create("msr_restore");
	TCase *tc = tcase_create("restore");

	tcase_add_test(tc, per_bit_max);
	tcase_add_loop_test(tc, per_bit_presets, 0, NVMX_PRESET_COUNT);
	tcase_add_test(tc, revoke_list_compat);
	tcase_add_loop_test(tc, basic_per_bit, 0, NVMX_PRESET_COUNT);
	tcase_add_loop_test(tc, misc_ept_per_bit, 0, NVMX_PRESET_COUNT);
	tcase_add_loop_test(tc, fixed_enum_per_bit, 0, NVMX_PRESET_COUNT);
	tcase_add_test(tc, misc_rules);
	tcase_add_test(tc, fixed_and_enum);
	tcase_add_test(tc, after_run);
	tcase_add_test(tc, restore_all_atomic);
	tcase_add_test(tc, non_true_keeps_true_default1);
	suite_add_tcase(s, tc);
	return s;
}

NVMX_TEST_SUITE(make_msr_restore);
