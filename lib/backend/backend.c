// SPDX-License-Identifier: MIT
/*
 * backend.c - the ops dispatch and the software backend (a vmcs12 region
 * plus its model).
 *
 * The software backend answers exactly like the VMX instructions it stands
 * for (SDM Vol. 3 31.3), so the same caller code (a sync loop, a test) runs
 * on a vmcs12 and on a hardware VMCS.
 */
#include <nvmx/backend.h>

#include "fields/fields_internal.h"

int nvmx_backend_read(struct nvmx_backend *b, uint32_t encoding,
		      uint64_t *value)
{
	if (!b || !b->ops || !b->ops->read || !value)
		return NVMX_EINVAL;
	return b->ops->read(b, encoding, value);
}

int nvmx_backend_write(struct nvmx_backend *b, uint32_t encoding,
		       uint64_t value)
{
	if (!b || !b->ops || !b->ops->write)
		return NVMX_EINVAL;
	return b->ops->write(b, encoding, value);
}

/* A backend without load has no notion of a current VMCS: always current. */
int nvmx_backend_load(struct nvmx_backend *b)
{
	if (!b || !b->ops)
		return NVMX_EINVAL;
	return b->ops->load ? b->ops->load(b) : NVMX_VMSUCCEED;
}

int nvmx_backend_clear(struct nvmx_backend *b)
{
	if (!b || !b->ops)
		return NVMX_EINVAL;
	return b->ops->clear ? b->ops->clear(b) : NVMX_ENOTSUP;
}

int nvmx_backend_launch(struct nvmx_backend *b)
{
	if (!b || !b->ops)
		return NVMX_EINVAL;
	return b->ops->launch ? b->ops->launch(b) : NVMX_ENOTSUP;
}

int nvmx_backend_resume(struct nvmx_backend *b)
{
	if (!b || !b->ops)
		return NVMX_EINVAL;
	return b->ops->resume ? b->ops->resume(b) : NVMX_ENOTSUP;
}

/* --- software backend ------------------------------------------------- */

static int sw_read(struct nvmx_backend *b, uint32_t encoding, uint64_t *value)
{
	return nvmx_vmread(b->model, b->vmcs12, encoding, value);
}

/* Width masks for the privileged write path (SDM 31.3 VMWRITE truncation). */
static uint64_t width_mask(unsigned int width)
{
	switch (width) {
	case NVMX_W16:
		return 0xffffull;
	case NVMX_W32:
		return 0xffffffffull;
	default:
		return ~0ull;
	}
}

static int sw_write(struct nvmx_backend *b, uint32_t encoding, uint64_t value)
{
	const struct nvmx_field_info *f;
	uint64_t *slot;

	if (!(b->flags & NVMX_BACKEND_PRIVILEGED))
		return nvmx_vmwrite(b->model, b->vmcs12, encoding, value);
	/* L0's write: existence and width as VMWRITE, no read-only rule. */
	if (!nvmx_field_exists(b->model, encoding))
		return NVMX_VMERR_UNSUPPORTED_FIELD;
	f = nvmx_field_lookup(encoding);
	if (!f)
		return NVMX_VMERR_UNSUPPORTED_FIELD;
	slot = &b->vmcs12->field[nvmx_clamp_index(f->index, NVMX_FIELD_COUNT)];
	if (encoding & NVMX_ENC_HIGH)
		*slot = (*slot & 0xffffffffull) | (value << 32);
	else
		*slot = value & width_mask(f->width);
	return NVMX_VMSUCCEED;
}

/* SDM 31.3 VMPTRLD: the region's revision identifier must be the model's,
 * and the shadow-VMCS indicator (bit 31) needs "VMCS shadowing". */
static int sw_load(struct nvmx_backend *b)
{
	uint32_t rev = b->vmcs12->revision_id;
	uint64_t want = nvmx_model_get_msr(b->model, NVMX_MSR_VMX_BASIC) &
			NVMX_BASIC_REVISION_MASK;

	if ((rev & 0x7fffffffu) != want)
		return NVMX_VMERR_VMPTRLD_BAD_REVISION;
	if ((rev & 0x80000000u) &&
	    !(nvmx_model_allowed1(b->model, NVMX_WORD_PROC2) &
	      NVMX_CTL_MASK(PROC2_VMCS_SHADOWING)))
		return NVMX_VMERR_VMPTRLD_BAD_REVISION;
	return NVMX_VMSUCCEED;
}

/* SDM 31.3 VMCLEAR: the launch state becomes clear. */
static int sw_clear(struct nvmx_backend *b)
{
	b->vmcs12->launch_state = NVMX_LAUNCH_CLEAR;
	return NVMX_VMSUCCEED;
}

static const struct nvmx_backend_ops sw_ops = {
	.name = "software",
	.read = sw_read,
	.write = sw_write,
	.load = sw_load,
	.clear = sw_clear,
};

int nvmx_backend_init_sw(struct nvmx_backend *b, const struct nvmx_model *m,
			 struct nvmx_vmcs12 *vmcs12, uint32_t flags)
{
	if (!b || !m || !vmcs12 || (flags & ~NVMX_BACKEND_PRIVILEGED))
		return NVMX_EINVAL;
	b->ops = &sw_ops;
	b->model = m;
	b->vmcs12 = vmcs12;
	b->vmcs_pa = 0;
	b->flags = flags;
	b->reserved = 0;
	b->priv = 0;
	return 0;
}
