// SPDX-License-Identifier: MIT
/*
 * derive.c - L1's capability MSRs from a host model and the vCPU's CPUID
 * (nvmx_msr_derive). The values follow the vCPU, not the host: a control
 * whose instruction or MSR the vCPU lacks is not offered (cpu_deps.def),
 * CR4_FIXED1 follows the vCPU's CPUID, VMCS_ENUM follows the fields that
 * then exist. Withdrawn controls (revoke.def) are never offered.
 */
#include "msr_internal.h"

struct cpu_dep {
	uint8_t word;
	uint8_t bit;
	uint64_t cpu;
};

static const struct cpu_dep cpu_deps[] = {
#define NVMX_CPU_DEP(word, name, mask, sdm)                                    \
	{NVMX_WORD_##word, NVMX_##word##_##name##_BIT, mask},
#include "cpu_deps.def"
#undef NVMX_CPU_DEP
};

#define CPU_DEPS (sizeof(cpu_deps) / sizeof(cpu_deps[0]))

/* Allowed-1 bits of word w that the vCPU's CPUID rules out. */
static uint64_t cpu_ruled_out(enum nvmx_ctl_word w, uint64_t cpu)
{
	uint64_t m = 0;

	for (unsigned int i = 0; i < CPU_DEPS; i++)
		if (cpu_deps[i].word == w && !(cpu & cpu_deps[i].cpu))
			m |= 1ull << cpu_deps[i].bit;
	return m;
}

/* Bits of word w L1 is not offered: CPUID-dependent and withdrawn ones. */
static uint64_t not_offered(enum nvmx_ctl_word w, uint64_t cpu)
{
	return cpu_ruled_out(w, cpu) | nvmx_revoked_mask(w, 0);
}

static void derive_ctl32(struct nvmx_model *out, const struct nvmx_model *host,
			 uint32_t plain, uint32_t true_index, uint64_t cpu)
{
	const struct msr_desc *d = msr_desc_of(plain);
	bool has_true =
		raw_msr(host, NVMX_MSR_VMX_BASIC) & NVMX_BASIC_TRUE_CTLS;
	uint64_t t = raw_msr(host, has_true ? true_index : plain);
	uint64_t lo = lo32(t);
	/* a must-be-1 control stays allowed-1: L1 cannot avoid it anyway */
	uint64_t hi =
		(hi32(t) & ~not_offered((enum nvmx_ctl_word)d->word, cpu)) | lo;

	if (!has_true)
		lo |= d->default1;
	put_msr(out, true_index, hi << 32 | lo);
	put_msr(out, plain, hi << 32 | lo | d->default1);
}

int nvmx_msr_derive(struct nvmx_model *out, const struct nvmx_model *host,
		    uint64_t vcpu_cpu, unsigned int vcpu_maxphyaddr,
		    struct nvmx_msr_verdict *why)
{
	uint64_t v;
	int r;

	if (why)
		*why = (struct nvmx_msr_verdict){0};
	if (!out || !host || out == host)
		return NVMX_EINVAL;
	if (vcpu_cpu >> NVMX_CPUB_COUNT)
		return NVMX_ERANGE;
	if (vcpu_maxphyaddr && (vcpu_maxphyaddr < 32 || vcpu_maxphyaddr > 52))
		return NVMX_ERANGE;
	r = nvmx_model_validate(host, 0, why);
	if (r)
		return r;

	*out = *host;
	for (unsigned int w = 0; w < NVMX_WORD_COUNT; w++)
		out->revoked[w] = 0;
	out->cpu = vcpu_cpu;
	if (vcpu_maxphyaddr)
		out->maxphyaddr = (uint8_t)vcpu_maxphyaddr;

	derive_ctl32(out, host, NVMX_MSR_VMX_PINBASED_CTLS,
		     NVMX_MSR_VMX_TRUE_PINBASED_CTLS, vcpu_cpu);
	derive_ctl32(out, host, NVMX_MSR_VMX_PROCBASED_CTLS,
		     NVMX_MSR_VMX_TRUE_PROCBASED_CTLS, vcpu_cpu);
	derive_ctl32(out, host, NVMX_MSR_VMX_EXIT_CTLS,
		     NVMX_MSR_VMX_TRUE_EXIT_CTLS, vcpu_cpu);
	derive_ctl32(out, host, NVMX_MSR_VMX_ENTRY_CTLS,
		     NVMX_MSR_VMX_TRUE_ENTRY_CTLS, vcpu_cpu);

	/* Secondary controls: no default1 class (SDM A.3.3). */
	v = raw_msr(host, NVMX_MSR_VMX_PROCBASED_CTLS2);
	v &= ~(not_offered(NVMX_WORD_PROC2, vcpu_cpu) << 32);
	v |= lo32(v) << 32;
	put_msr(out, NVMX_MSR_VMX_PROCBASED_CTLS2, v);

	/* 64-bit allowed-1 words (SDM A.3.4, A.4.2, A.11). */
	put_msr(out, NVMX_MSR_VMX_PROCBASED_CTLS3,
		raw_msr(host, NVMX_MSR_VMX_PROCBASED_CTLS3) &
			~not_offered(NVMX_WORD_PROC3, vcpu_cpu));
	put_msr(out, NVMX_MSR_VMX_EXIT_CTLS2,
		raw_msr(host, NVMX_MSR_VMX_EXIT_CTLS2) &
			~not_offered(NVMX_WORD_EXIT2, vcpu_cpu));
	put_msr(out, NVMX_MSR_VMX_VMFUNC,
		raw_msr(host, NVMX_MSR_VMX_VMFUNC) &
			~not_offered(NVMX_WORD_VMFUNC, vcpu_cpu));

	/* SDM A.6: "Intel PT can be used in VMX operation" needs PT. */
	v = raw_msr(host, NVMX_MSR_VMX_MISC);
	if (!(vcpu_cpu & NVMX_CPU_PT))
		v &= ~NVMX_MISC_PT_IN_VMX;
	put_msr(out, NVMX_MSR_VMX_MISC, v);

	/* SDM A.8: CR4 bits follow the vCPU's CPUID, within the host's. */
	put_msr(out, NVMX_MSR_VMX_CR4_FIXED1,
		nvmx_model_cr4_fixed1_for_cpu(vcpu_cpu) &
			raw_msr(host, NVMX_MSR_VMX_CR4_FIXED1));

	nvmx_model_update(out); /* VMCS_ENUM, field existence */
	return nvmx_model_validate(out, 0, why);
}
