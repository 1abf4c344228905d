// SPDX-License-Identifier: MIT
/*
 * revoke.c - the versioned revoke list (revoke.def) and the query the
 * VM-entry checks use for controls L1 sees but L0 no longer honours.
 */
#include "msr_internal.h"

static const struct nvmx_revoke_entry revoke_list[] = {
#define NVMX_REVOKE(msr, ctl, release, reason)                                 \
	{NVMX_MSR_VMX_##msr, release, NVMX_CTL_MASK(ctl), reason},
#include "revoke.def"
#undef NVMX_REVOKE
};

#define REVOKE_COUNT (sizeof(revoke_list) / sizeof(revoke_list[0]))

const struct nvmx_revoke_entry *nvmx_revoke_entry_at(unsigned int i)
{
	if (i >= REVOKE_COUNT)
		return 0;
	return &revoke_list[nvmx_clamp_index(i, REVOKE_COUNT)];
}

uint64_t nvmx_revoked_mask(enum nvmx_ctl_word w, uint32_t source_release)
{
	uint64_t m = 0;

	for (unsigned int i = 0; i < REVOKE_COUNT; i++) {
		const struct nvmx_revoke_entry *e = &revoke_list[i];

		if (msr_desc_of(e->msr)->word != w)
			continue;
		/* A VM saved by a release that had already withdrawn the bit
		 * cannot carry it legitimately. */
		if (source_release && source_release >= e->release)
			continue;
		m |= e->bits;
	}
	return m;
}

uint64_t nvmx_control_revoked(const struct nvmx_model *m, enum nvmx_ctl_word w,
			      uint64_t value)
{
	if (!m || (unsigned int)w >= NVMX_WORD_COUNT)
		return 0;
	return m->revoked[nvmx_clamp_index(w, NVMX_WORD_COUNT)] & value;
}
