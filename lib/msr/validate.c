// SPDX-License-Identifier: MIT
/*
 * validate.c - model consistency (nvmx_model_validate): the parts of a
 * model must not contradict each other. One function per group of rules,
 * run in the order of msr_rules.def.
 */
#include <nvmx/featctl.h>

#include "msr_internal.h"

static const uint32_t pairs[4][2] = {
	{NVMX_MSR_VMX_PINBASED_CTLS, NVMX_MSR_VMX_TRUE_PINBASED_CTLS},
	{NVMX_MSR_VMX_PROCBASED_CTLS, NVMX_MSR_VMX_TRUE_PROCBASED_CTLS},
	{NVMX_MSR_VMX_EXIT_CTLS, NVMX_MSR_VMX_TRUE_EXIT_CTLS},
	{NVMX_MSR_VMX_ENTRY_CTLS, NVMX_MSR_VMX_TRUE_ENTRY_CTLS},
};

/* SDM A.2: TRUE and non-TRUE MSRs, and the default1 classes. */
static int check_true_pairs(const struct nvmx_model *m,
			    struct nvmx_msr_verdict *why)
{
	bool has_true = raw_msr(m, NVMX_MSR_VMX_BASIC) & NVMX_BASIC_TRUE_CTLS;

	for (unsigned int i = 0; i < 4; i++) {
		uint32_t pi = pairs[i][0], ti = pairs[i][1];
		uint64_t p = raw_msr(m, pi), t = raw_msr(m, ti);
		uint64_t d1 = msr_desc_of(pi)->default1;

		if ((lo32(p) & d1) != d1)
			return nvmx_verdict(why, pi, NVMX_MSR_RULE_CTL_DEFAULT1,
					    d1 & ~lo32(p), p, p | d1);
		if (!has_true)
			continue;
		if (hi32(p) != hi32(t))
			return nvmx_verdict(
				why, ti, NVMX_MSR_RULE_TRUE_ALLOWED1_MISMATCH,
				(p ^ t) & ~0xffffffffull, t, p);
		if (lo32(p) != (lo32(t) | d1))
			return nvmx_verdict(
				why, pi,
				NVMX_MSR_RULE_NONTRUE_NOT_TRUE_PLUS_DEFAULT1,
				lo32(p) ^ (lo32(t) | d1), p,
				(p & ~0xffffffffull) | lo32(t) | d1);
	}
	return 0;
}

static const uint32_t ctl32[] = {
	NVMX_MSR_VMX_PINBASED_CTLS,	  NVMX_MSR_VMX_PROCBASED_CTLS,
	NVMX_MSR_VMX_EXIT_CTLS,		  NVMX_MSR_VMX_ENTRY_CTLS,
	NVMX_MSR_VMX_PROCBASED_CTLS2,	  NVMX_MSR_VMX_TRUE_PINBASED_CTLS,
	NVMX_MSR_VMX_TRUE_PROCBASED_CTLS, NVMX_MSR_VMX_TRUE_EXIT_CTLS,
	NVMX_MSR_VMX_TRUE_ENTRY_CTLS,
};

/* SDM A.3: a must-be-1 control must be allowed to be 1; allowed-1 bits
 * only for controls that exist (25.6-25.8 mark all others reserved). */
static int check_ctl_bits(const struct nvmx_model *m,
			  struct nvmx_msr_verdict *why)
{
	bool has_true = raw_msr(m, NVMX_MSR_VMX_BASIC) & NVMX_BASIC_TRUE_CTLS;

	for (unsigned int i = 0; i < sizeof(ctl32) / sizeof(ctl32[0]); i++) {
		uint64_t v = raw_msr(m, ctl32[i]);
		const struct msr_desc *d = msr_desc_of(ctl32[i]);
		uint64_t bad;

		if (d->kind == MK_CTL_TRUE && !has_true)
			continue;
		bad = lo32(v) & ~hi32(v);
		if (bad)
			return nvmx_verdict(
				why, ctl32[i],
				NVMX_MSR_RULE_CTL_ALLOWED0_IN_ALLOWED1, bad, v,
				v | (bad << 32));
		bad = hi32(v) &
		      ~nvmx_ctl_known_mask((enum nvmx_ctl_word)d->word);
		if (bad)
			return nvmx_verdict(why, ctl32[i],
					    NVMX_MSR_RULE_CTL_RESERVED,
					    bad << 32, v, v & ~(bad << 32));
	}
	static const uint32_t ctl64[] = {NVMX_MSR_VMX_PROCBASED_CTLS3,
					 NVMX_MSR_VMX_EXIT_CTLS2,
					 NVMX_MSR_VMX_VMFUNC};
	for (unsigned int i = 0; i < 3; i++) {
		uint64_t v = raw_msr(m, ctl64[i]);
		uint64_t bad =
			v & ~nvmx_ctl_known_mask(
				    (enum nvmx_ctl_word)msr_desc_of(ctl64[i])
					    ->word);

		if (bad)
			return nvmx_verdict(why, ctl64[i],
					    NVMX_MSR_RULE_CTL_RESERVED, bad, v,
					    v & ~bad);
	}
	return 0;
}

/* SDM A.3.3, A.3.4, A.4.2, A.11, A.10: a word (or capability) reported
 * although the control that activates it cannot be 1. */
static int check_activation(const struct nvmx_model *m,
			    struct nvmx_msr_verdict *why)
{
	uint64_t proc = hi32(raw_msr(m, NVMX_MSR_VMX_PROCBASED_CTLS));
	uint64_t exit = hi32(raw_msr(m, NVMX_MSR_VMX_EXIT_CTLS));
	uint64_t v;

	v = raw_msr(m, NVMX_MSR_VMX_PROCBASED_CTLS2);
	if (hi32(v) && !(proc & NVMX_CTL_MASK(PROC_ACTIVATE_SECONDARY)))
		return nvmx_verdict(why, NVMX_MSR_VMX_PROCBASED_CTLS2,
				    NVMX_MSR_RULE_SEC_WITHOUT_PRIMARY,
				    v & ~0xffffffffull, v, lo32(v));
	v = raw_msr(m, NVMX_MSR_VMX_PROCBASED_CTLS3);
	if (v && !(proc & NVMX_CTL_MASK(PROC_ACTIVATE_TERTIARY)))
		return nvmx_verdict(why, NVMX_MSR_VMX_PROCBASED_CTLS3,
				    NVMX_MSR_RULE_TER_WITHOUT_PRIMARY, v, v, 0);
	v = raw_msr(m, NVMX_MSR_VMX_EXIT_CTLS2);
	if (v && !(exit & NVMX_CTL_MASK(EXIT_ACTIVATE_SECONDARY)))
		return nvmx_verdict(why, NVMX_MSR_VMX_EXIT_CTLS2,
				    NVMX_MSR_RULE_EXIT2_WITHOUT_EXIT, v, v, 0);
	v = raw_msr(m, NVMX_MSR_VMX_VMFUNC);
	if (v && !(m->allowed1[NVMX_WORD_PROC2] &
		   NVMX_CTL_MASK(PROC2_ENABLE_VMFUNC)))
		return nvmx_verdict(why, NVMX_MSR_VMX_VMFUNC,
				    NVMX_MSR_RULE_VMFUNC_WITHOUT_SEC, v, v, 0);
	v = raw_msr(m, NVMX_MSR_VMX_EPT_VPID_CAP);
	{
		uint64_t bad = 0;

		if (!(m->allowed1[NVMX_WORD_PROC2] &
		      NVMX_CTL_MASK(PROC2_ENABLE_EPT)))
			bad |= lo32(v);
		if (!(m->allowed1[NVMX_WORD_PROC2] &
		      NVMX_CTL_MASK(PROC2_ENABLE_VPID)))
			bad |= v & ~0xffffffffull;
		if (bad)
			return nvmx_verdict(why, NVMX_MSR_VMX_EPT_VPID_CAP,
					    NVMX_MSR_RULE_EPT_CAP_WITHOUT_EPT,
					    bad, v, v & ~bad);
	}
	return 0;
}

/* SDM A.7, A.8 and 2.5. */
static int check_fixed(const struct nvmx_model *m, struct nvmx_msr_verdict *why)
{
	static const uint32_t f0[2] = {NVMX_MSR_VMX_CR0_FIXED0,
				       NVMX_MSR_VMX_CR4_FIXED0};
	uint64_t f1, want;

	for (unsigned int i = 0; i < 2; i++) {
		uint64_t v = raw_msr(m, f0[i]);

		f1 = raw_msr(m, msr_desc_of(f0[i])->pair);
		if (v & ~f1)
			return nvmx_verdict(why, f0[i],
					    NVMX_MSR_RULE_FIXED0_IN_FIXED1,
					    v & ~f1, v, v & f1);
	}
	f1 = raw_msr(m, NVMX_MSR_VMX_CR4_FIXED1);
	want = nvmx_model_cr4_fixed1_for_cpu(m->cpu);
	if (f1 & ~want)
		return nvmx_verdict(why, NVMX_MSR_VMX_CR4_FIXED1,
				    NVMX_MSR_RULE_CR4_FIXED1_FEATURE,
				    f1 & ~want, f1, f1 & want);
	return 0;
}

/* SDM A.1 and A.6. */
static int check_basic_misc(const struct nvmx_model *m,
			    struct nvmx_msr_verdict *why)
{
	uint64_t b = raw_msr(m, NVMX_MSR_VMX_BASIC);
	uint64_t misc = raw_msr(m, NVMX_MSR_VMX_MISC);
	uint64_t size = (b & NVMX_BASIC_SIZE_MASK) >> NVMX_BASIC_SIZE_SHIFT;
	uint64_t mt = (b & NVMX_BASIC_MEMTYPE_MASK) >> NVMX_BASIC_MEMTYPE_SHIFT;

	if (b & BASIC_RESERVED_MASK)
		return nvmx_verdict(
			why, NVMX_MSR_VMX_BASIC, NVMX_MSR_RULE_BASIC_RESERVED,
			b & BASIC_RESERVED_MASK, b, b & ~BASIC_RESERVED_MASK);
	if (size == 0 || size > 4096)
		return nvmx_verdict(why, NVMX_MSR_VMX_BASIC,
				    NVMX_MSR_RULE_BASIC_SIZE,
				    NVMX_BASIC_SIZE_MASK, b, 0);
	if (mt != 0 && mt != 6)
		return nvmx_verdict(why, NVMX_MSR_VMX_BASIC,
				    NVMX_MSR_RULE_BASIC_MEMTYPE,
				    NVMX_BASIC_MEMTYPE_MASK, b, 0);
	/* "always 0 on processors that support Intel 64 architecture" */
	if ((b & NVMX_BASIC_32BIT_PA) && (m->cpu & NVMX_CPU_LM))
		return nvmx_verdict(
			why, NVMX_MSR_VMX_BASIC, NVMX_MSR_RULE_BASIC_32BIT_PA,
			NVMX_BASIC_32BIT_PA, b, b & ~NVMX_BASIC_32BIT_PA);
	if (misc & MISC_RESERVED_MASK)
		return nvmx_verdict(why, NVMX_MSR_VMX_MISC,
				    NVMX_MSR_RULE_MISC_RESERVED,
				    misc & MISC_RESERVED_MASK, misc,
				    misc & ~MISC_RESERVED_MASK);
	if ((m->allowed1[NVMX_WORD_PROC2] &
	     NVMX_CTL_MASK(PROC2_UNRESTRICTED_GUEST)) &&
	    !(misc & NVMX_MISC_SAVE_EFER_LMA))
		return nvmx_verdict(why, NVMX_MSR_VMX_MISC,
				    NVMX_MSR_RULE_MISC_LMA_UG,
				    NVMX_MISC_SAVE_EFER_LMA, misc,
				    misc | NVMX_MISC_SAVE_EFER_LMA);
	return 0;
}

/* SDM Vol. 4 Table 2-2: each bit's enumeration condition. */
static int check_feat_ctl(const struct nvmx_model *m, uint64_t fc,
			  struct nvmx_msr_verdict *why)
{
	uint64_t bad = fc & ~NVMX_FEAT_CTL_SUPPORTED;
	uint64_t ok;

	if (bad)
		return nvmx_verdict(why, NVMX_MSR_IA32_FEATURE_CONTROL,
				    NVMX_MSR_RULE_FEAT_CTL_RESERVED, bad, fc,
				    fc & ~bad);
	/* host view: what the CPUID enumerates, no compatibility option */
	ok = nvmx_feat_ctl_guest_allowed(m, 0);
	bad = fc & ~ok;
	if (bad)
		return nvmx_verdict(why, NVMX_MSR_IA32_FEATURE_CONTROL,
				    NVMX_MSR_RULE_FEAT_CTL_FEATURE, bad, fc,
				    fc & ok);
	return 0;
}

int nvmx_model_validate(const struct nvmx_model *m, const uint64_t *feat_ctl,
			struct nvmx_msr_verdict *why)
{
	int r;

	if (why)
		*why = (struct nvmx_msr_verdict){0};
	if (!m)
		return NVMX_EINVAL;
	if ((r = check_true_pairs(m, why)) || (r = check_ctl_bits(m, why)) ||
	    (r = check_activation(m, why)) || (r = check_fixed(m, why)) ||
	    (r = check_basic_misc(m, why)))
		return r;
	if (feat_ctl)
		return check_feat_ctl(m, *feat_ctl, why);
	return 0;
}
