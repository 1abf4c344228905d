// SPDX-License-Identifier: MIT
/*
 * restore.c - userspace restore of L1's capability MSRs (live migration):
 * a restored value may only restrict what L0 supports (the limit), with
 * the COMPAT exception for withdrawn controls. Every refusal leaves the
 * model untouched and names MSR, bits and rule (msr_rules.def).
 */
#include <nvmx/evmcs.h>

#include "msr_internal.h"

static const struct nvmx_restore_opts strict_opts;

/* Allowed-1 bits beyond the limit that the policy accepts (revoked). */
static uint64_t compat_extra(const struct nvmx_restore_opts *o,
			     enum nvmx_ctl_word w)
{
	if (o->policy != NVMX_RESTORE_COMPAT)
		return 0;
	return nvmx_revoked_mask(w, o->source_release);
}

/* Enforced eVMCS mode: allowed-1 bits eVMCS v1 cannot carry. */
static uint64_t evmcs_refused(const struct nvmx_restore_opts *o,
			      enum nvmx_ctl_word w, uint64_t allowed1)
{
	const struct nvmx_evmcs_cfg *e = o->evmcs;

	if (!e || !e->enabled || e->mode != NVMX_EVMCS_ENFORCED)
		return 0;
	return allowed1 & ~nvmx_evmcs_supported(w, e->hv_ebx);
}

/* 32+32 control MSRs (SDM A.3-A.5). */
static int restore_ctl32(struct nvmx_model *m, const struct nvmx_model *lim,
			 uint32_t index, uint64_t v,
			 const struct nvmx_restore_opts *o,
			 struct nvmx_msr_verdict *why)
{
	const struct msr_desc *d = msr_desc_of(index);
	enum nvmx_ctl_word w = (enum nvmx_ctl_word)d->word;
	uint64_t l = raw_msr(lim, index);
	uint64_t lo = lo32(v), hi = hi32(v), d1 = d->default1;
	uint64_t extra = hi & ~hi32(l);
	uint64_t revoked = extra & compat_extra(o, w);
	uint64_t bad;

	/* The default1 class: reserved-to-1 in the non-TRUE MSR, and always
	 * allowed-1 (else the non-TRUE MSR could not report it as 1). */
	bad = (d->kind == MK_CTL_PLAIN ? (d1 & ~lo) : 0) | ((d1 & ~hi) << 32);
	if (bad)
		return nvmx_verdict(why, index, NVMX_MSR_RULE_CTL_DEFAULT1, bad,
				    v, l);
	if (extra & ~revoked)
		return nvmx_verdict(why, index,
				    NVMX_MSR_RULE_CTL_ALLOWED1_SUBSET,
				    (extra & ~revoked) << 32, v, l);
	bad = lo32(l) & ~lo;
	if (bad)
		return nvmx_verdict(why, index,
				    NVMX_MSR_RULE_CTL_ALLOWED0_SUPERSET, bad, v,
				    l);
	bad = lo & ~hi;
	if (bad)
		return nvmx_verdict(why, index,
				    NVMX_MSR_RULE_CTL_ALLOWED0_IN_ALLOWED1, bad,
				    v, l);
	bad = evmcs_refused(o, w, hi) & ~revoked;
	if (bad)
		return nvmx_verdict(why, index, NVMX_MSR_RULE_EVMCS_UNSUPPORTED,
				    bad << 32, v, l);

	/* Apply: keep TRUE and non-TRUE consistent (SDM A.2). */
	if (d->kind == MK_CTL_SEC) {
		put_msr(m, index, v);
	} else if (d->kind == MK_CTL_TRUE) {
		put_msr(m, index, v);
		put_msr(m, d->pair, v | d1);
	} else if (raw_msr(m, NVMX_MSR_VMX_BASIC) & NVMX_BASIC_TRUE_CTLS) {
		/* The non-TRUE MSR says nothing about which default1 bits
		 * may be 0: the TRUE MSR keeps its own setting there. */
		uint64_t t_lo = (lo & ~d1) | (lo32(raw_msr(m, d->pair)) & d1);

		put_msr(m, index, v);
		put_msr(m, d->pair, hi << 32 | t_lo);
	} else {
		put_msr(m, index, v);
		put_msr(m, d->pair, v);
	}
	m->revoked[w] = revoked;
	return 0;
}

/* 64-bit allowed-1 MSRs and EPT_VPID_CAP (SDM A.10-A.12). */
static int restore_cap64(struct nvmx_model *m, const struct nvmx_model *lim,
			 uint32_t index, uint64_t v,
			 const struct nvmx_restore_opts *o,
			 struct nvmx_msr_verdict *why)
{
	const struct msr_desc *d = msr_desc_of(index);
	enum nvmx_ctl_word w = (enum nvmx_ctl_word)d->word;
	uint64_t l = raw_msr(lim, index);
	uint64_t extra = v & ~l;
	uint64_t revoked = d->kind == MK_CTL64 ? extra & compat_extra(o, w) : 0;
	uint64_t bad;

	if (extra & ~revoked)
		return nvmx_verdict(why, index, NVMX_MSR_RULE_CAP_SUBSET,
				    extra & ~revoked, v, l);
	if (d->kind == MK_CTL64) {
		bad = evmcs_refused(o, w, v) & ~revoked;
		if (bad)
			return nvmx_verdict(why, index,
					    NVMX_MSR_RULE_EVMCS_UNSUPPORTED,
					    bad, v, l);
		m->revoked[w] = revoked;
	}
	put_msr(m, index, v);
	return 0;
}

/* IA32_VMX_BASIC (SDM A.1). */
static int restore_basic(struct nvmx_model *m, const struct nvmx_model *lim,
			 uint64_t v, struct nvmx_msr_verdict *why)
{
	const uint32_t i = NVMX_MSR_VMX_BASIC;
	uint64_t l = raw_msr(lim, i);
	uint64_t vs = (v & NVMX_BASIC_SIZE_MASK) >> NVMX_BASIC_SIZE_SHIFT;
	uint64_t ls = (l & NVMX_BASIC_SIZE_MASK) >> NVMX_BASIC_SIZE_SHIFT;

	/* saved VMCS regions and vmcs12 images carry the revision */
	if ((v ^ l) & NVMX_BASIC_REVISION_MASK)
		return nvmx_verdict(why, i, NVMX_MSR_RULE_BASIC_REVISION,
				    (v ^ l) & NVMX_BASIC_REVISION_MASK, v, l);
	if (v & BASIC_RESERVED_MASK)
		return nvmx_verdict(why, i, NVMX_MSR_RULE_BASIC_RESERVED,
				    v & BASIC_RESERVED_MASK, v, l);
	/* L1 allocates this many bytes; L0 may need all of its own size */
	if (vs < ls || vs > 4096)
		return nvmx_verdict(why, i, NVMX_MSR_RULE_BASIC_SIZE,
				    (v ^ l) & NVMX_BASIC_SIZE_MASK, v, l);
	if (v & NVMX_BASIC_32BIT_PA)
		return nvmx_verdict(why, i, NVMX_MSR_RULE_BASIC_32BIT_PA,
				    NVMX_BASIC_32BIT_PA, v, l);
	/* the memory type is a fact of L0's VMCS accesses, not a feature */
	if ((v ^ l) & NVMX_BASIC_MEMTYPE_MASK)
		return nvmx_verdict(why, i, NVMX_MSR_RULE_BASIC_MEMTYPE,
				    (v ^ l) & NVMX_BASIC_MEMTYPE_MASK, v, l);
	if (v & BASIC_FEATURE_MASK & ~l)
		return nvmx_verdict(why, i, NVMX_MSR_RULE_BASIC_FEATURES,
				    v & BASIC_FEATURE_MASK & ~l, v, l);
	put_msr(m, i, v);
	return 0;
}

/* IA32_VMX_MISC (SDM A.6). */
static int restore_misc(struct nvmx_model *m, const struct nvmx_model *lim,
			uint64_t v, struct nvmx_msr_verdict *why)
{
	const uint32_t i = NVMX_MSR_VMX_MISC;
	uint64_t l = raw_msr(lim, i);

	if (v & MISC_RESERVED_MASK)
		return nvmx_verdict(why, i, NVMX_MSR_RULE_MISC_RESERVED,
				    v & MISC_RESERVED_MASK, v, l);
	if (v & MISC_FEATURE_MASK & ~l)
		return nvmx_verdict(why, i, NVMX_MSR_RULE_MISC_FEATURES,
				    v & MISC_FEATURE_MASK & ~l, v, l);
	if ((v & NVMX_MISC_CR3_TARGETS_MASK) > (l & NVMX_MISC_CR3_TARGETS_MASK))
		return nvmx_verdict(why, i, NVMX_MSR_RULE_MISC_CR3_TARGETS,
				    (v ^ l) & NVMX_MISC_CR3_TARGETS_MASK, v, l);
	if ((v & NVMX_MISC_MAX_MSR_LIST_MASK) >
	    (l & NVMX_MISC_MAX_MSR_LIST_MASK))
		return nvmx_verdict(why, i, NVMX_MSR_RULE_MISC_MSR_LIST,
				    (v ^ l) & NVMX_MISC_MAX_MSR_LIST_MASK, v,
				    l);
	if ((v ^ l) & NVMX_MISC_PREEMPT_RATE_MASK)
		return nvmx_verdict(why, i, NVMX_MSR_RULE_MISC_PREEMPT_RATE,
				    (v ^ l) & NVMX_MISC_PREEMPT_RATE_MASK, v,
				    l);
	if ((v ^ l) & MISC_MSEG_MASK)
		return nvmx_verdict(why, i, NVMX_MSR_RULE_MISC_MSEG_REV,
				    (v ^ l) & MISC_MSEG_MASK, v, l);
	put_msr(m, i, v);
	return 0;
}

static int restore_one(struct nvmx_model *m, const struct nvmx_model *lim,
		       uint32_t index, uint64_t v,
		       const struct nvmx_restore_opts *o,
		       struct nvmx_msr_verdict *why)
{
	const struct msr_desc *d = msr_desc_of(index);
	uint64_t cur = nvmx_model_get_msr(m, index);
	uint64_t l = raw_msr(lim, index), f1;
	int r;

	if (o->vcpu_ran) {
		/* L1 may have read and cached the old value. */
		if (v == cur)
			return 0;
		nvmx_verdict(why, index, NVMX_MSR_RULE_RAN, v ^ cur, v, cur);
		return NVMX_EBUSY;
	}
	switch (d->kind) {
	case MK_BASIC:
		r = restore_basic(m, lim, v, why);
		break;
	case MK_CTL_PLAIN:
	case MK_CTL_TRUE:
	case MK_CTL_SEC:
		r = restore_ctl32(m, lim, index, v, o, why);
		break;
	case MK_CTL64:
	case MK_EPT:
		r = restore_cap64(m, lim, index, v, o, why);
		break;
	case MK_MISC:
		r = restore_misc(m, lim, v, why);
		break;
	case MK_FIXED0:
		f1 = raw_msr(m, d->pair);
		if (l & ~v)
			return nvmx_verdict(why, index,
					    NVMX_MSR_RULE_FIXED0_SUPERSET,
					    l & ~v, v, l);
		if (v & ~f1)
			return nvmx_verdict(why, index,
					    NVMX_MSR_RULE_FIXED0_IN_FIXED1,
					    v & ~f1, v, f1);
		put_msr(m, index, v);
		r = 0;
		break;
	case MK_FIXED1:
		/* Derived from the vCPU's CPUID: L0 enforces exactly this
		 * set, so only the same value can be accepted. */
		if (v != cur)
			return nvmx_verdict(why, index,
					    NVMX_MSR_RULE_FIXED1_DERIVED,
					    v ^ cur, v, cur);
		r = 0;
		break;
	case MK_ENUM:
		/* Derived from the fields that exist after the whole
		 * restore, in any order: validated, never stored. */
		l = nvmx_vmcs_enum(lim);
		if ((v & ~ENUM_INDEX_MASK) || v > l)
			return nvmx_verdict(
				why, index, NVMX_MSR_RULE_VMCS_ENUM_DERIVED,
				(v & ~ENUM_INDEX_MASK) | (v > l ? v & ~l : 0),
				v, l);
		r = 0;
		break;
	default:
		return NVMX_ENOENT;
	}
	if (!r)
		nvmx_model_update(m);
	return r;
}

int nvmx_msr_restore(struct nvmx_model *vcpu, const struct nvmx_model *limit,
		     uint32_t index, uint64_t value,
		     const struct nvmx_restore_opts *opts,
		     struct nvmx_msr_verdict *why)
{
	struct nvmx_model scratch;
	int r;

	if (why)
		*why = (struct nvmx_msr_verdict){0};
	if (!vcpu || !limit)
		return NVMX_EINVAL;
	if (index < NVMX_MSR_VMX_FIRST || index > NVMX_MSR_VMX_LAST)
		return NVMX_ENOENT;
	/* Work on a copy: a refusal leaves the model exactly as it was. */
	scratch = *vcpu;
	r = restore_one(&scratch, limit, index, value,
			opts ? opts : &strict_opts, why);
	if (!r)
		*vcpu = scratch;
	return r;
}

int nvmx_msr_restore_all(struct nvmx_model *vcpu,
			 const struct nvmx_model *limit,
			 const struct nvmx_msr_value *vals, size_t n,
			 const struct nvmx_restore_opts *opts,
			 struct nvmx_msr_verdict *why, size_t *failed)
{
	struct nvmx_model scratch;

	if (why)
		*why = (struct nvmx_msr_verdict){0};
	if (!vcpu || !limit || (n && !vals))
		return NVMX_EINVAL;
	if (!opts)
		opts = &strict_opts;
	scratch = *vcpu;
	for (size_t i = 0; i < n; i++) {
		uint32_t index = vals[i].index;
		int r;

		if (index < NVMX_MSR_VMX_FIRST || index > NVMX_MSR_VMX_LAST)
			r = NVMX_ENOENT;
		else
			r = restore_one(&scratch, limit, index, vals[i].value,
					opts, why);
		if (r) {
			if (failed)
				*failed = i;
			return r;
		}
	}
	*vcpu = scratch;
	return 0;
}

int nvmx_msr_compat(const struct nvmx_model *src,
		    const struct nvmx_model *dst_host,
		    const struct nvmx_restore_opts *opts,
		    struct nvmx_msr_verdict *out, size_t cap, size_t *count)
{
	struct nvmx_model limit, vcpu;
	struct nvmx_msr_verdict v;
	size_t n = 0;
	uint64_t missing;
	int r;

	if (!src || !dst_host || !count || (cap && !out))
		return NVMX_EINVAL;
	*count = 0;
	if (!opts)
		opts = &strict_opts;
	r = nvmx_msr_derive(&limit, dst_host, src->cpu, src->maxphyaddr, &v);
	if (r) {
		if (cap)
			out[0] = v;
		return r;
	}
	missing = src->cpu & ~dst_host->cpu;
	if (missing) {
		if (n < cap)
			out[n] = (struct nvmx_msr_verdict){
				0, NVMX_MSR_RULE_CPUID_MISSING, missing,
				src->cpu, dst_host->cpu};
		n++;
	}
	vcpu = limit;
	for (uint32_t i = NVMX_MSR_VMX_FIRST; i <= NVMX_MSR_VMX_LAST; i++) {
		struct nvmx_restore_opts o = *opts;

		o.vcpu_ran = false; /* a fresh destination vCPU */
		r = restore_one(&vcpu, &limit, i, nvmx_model_get_msr(src, i),
				&o, &v);
		if (!r)
			continue;
		if (n < cap)
			out[n] = v;
		n++;
	}
	*count = n;
	return n ? 1 : 0;
}
