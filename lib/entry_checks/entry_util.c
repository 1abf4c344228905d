// SPDX-License-Identifier: MIT
/* entry_util.c - address predicates shared by the VM-entry check groups
 * (shared/spec/vmentry-checks.md section 0.3). */
#include "entry_internal.h"

/* SDM 27.2.1.1 etc.: "does not set any bits beyond the processor's
 * physical-address width" (MAXPHYADDR of the model). IA32_VMX_BASIC[48]
 * (32-bit VMX addresses) is never set on Intel 64 CPUs and not modelled
 * here. */
bool nvmx_paw_ok(const struct nvmx_model *m, uint64_t x)
{
	unsigned int w = m->maxphyaddr;

	if (w >= 64)
		return true;
	return (x >> w) == 0;
}

bool nvmx_page_ok(const struct nvmx_model *m, uint64_t x)
{
	return (x & 0xfffu) == 0 && nvmx_paw_ok(m, x);
}

/* Bits 63:n-1 all equal: sign-extend from bit n-1 and compare. */
bool nvmx_canonical(uint64_t x, unsigned int n)
{
	unsigned int s;

	if (n == 0 || n >= 64)
		return true;
	s = 64 - n;
	return (uint64_t)((int64_t)(x << s) >> s) == x;
}

/* Linear-address width the L1 sees: 57 with LA57 enumerated, else 48
 * (shared/spec/vmentry-checks.md 0.3 CANON_MAX). */
bool nvmx_canonical_max(const struct nvmx_model *m, uint64_t x)
{
	return nvmx_canonical(x, (m->cpu & NVMX_CPU_LA57) ? 57 : 48);
}
