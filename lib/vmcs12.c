// SPDX-License-Identifier: MIT
/*
 * vmcs12.c - the vmcs12 region and VMREAD/VMWRITE with exact outcomes.
 *
 * Hot path. One slot-table load maps the encoding to the field (or to
 * nothing), one bit test against the model's existence bitmap applies the
 * per-model feature gates, and the value lives in an 8-byte slot already
 * truncated to the field width, so VMREAD needs no width dispatch.
 */
#include <nvmx/vmcs12.h>

#include "fields/fields_internal.h"

/* The region is an ABI: 4 KiB, header in the SDM's place (SDM 25.2). */
_Static_assert(sizeof(struct nvmx_vmcs12) == NVMX_VMCS12_SIZE, "4 KiB");
_Static_assert(offsetof(struct nvmx_vmcs12, revision_id) == 0, "SDM 25.2");
_Static_assert(offsetof(struct nvmx_vmcs12, abort_indicator) == 4, "SDM 25.2");
_Static_assert(offsetof(struct nvmx_vmcs12, launch_state) == 8, "ABI");
_Static_assert(offsetof(struct nvmx_vmcs12, field) == NVMX_VMCS12_HEADER,
	       "ABI");
/* Row order is the storage order: anchors that catch a reordered table. */
_Static_assert(NVMX_IDX_VIRTUAL_PROCESSOR_ID == 0, "ABI: fields.def order");
_Static_assert(NVMX_IDX_GUEST_ES_SELECTOR == 6, "ABI: fields.def order");
_Static_assert(NVMX_IDX_IO_BITMAP_A == 24, "ABI: fields.def order");
_Static_assert(NVMX_IDX_PIN_BASED_VM_EXEC_CONTROL == 102,
	       "ABI: fields.def order");
_Static_assert(NVMX_IDX_GUEST_CR0 == 168, "ABI: fields.def order");
_Static_assert(NVMX_IDX_HOST_INTR_SSP_TABLE == 205, "ABI: fields.def order");
_Static_assert(NVMX_FIELD_COUNT == 206, "ABI: append new rows, then update");

/* Value mask per width (SDM 31.3: VMWRITE truncates to the field width). */
static const uint64_t width_mask[4] = {
	[NVMX_W16] = 0xffffull,
	[NVMX_W64] = ~0ull,
	[NVMX_W32] = 0xffffffffull,
	[NVMX_WNAT] = ~0ull,
};

void nvmx_vmcs12_init(struct nvmx_vmcs12 *v, const struct nvmx_model *m)
{
	unsigned char *b = (unsigned char *)v;

	if (!v)
		return;
	for (size_t i = 0; i < sizeof(*v); i++)
		b[i] = 0;
	if (m)
		v->revision_id = (uint32_t)(nvmx_model_get_msr(
						    m, NVMX_MSR_VMX_BASIC) &
					    NVMX_BASIC_REVISION_MASK);
	v->launch_state = NVMX_LAUNCH_CLEAR;
	v->field[NVMX_IDX_VMCS_LINK_POINTER] = ~0ull;
}

/* Dense index + 1 if the encoding names a field this model has, else 0. */
static inline unsigned int existing_slot(const struct nvmx_model *m,
					 uint32_t enc)
{
	unsigned int s = nvmx_field_slot_of(enc);
	unsigned int i = s - 1; /* wraps for s == 0: masked below */

	/* exists[] has NVMX_MODEL_EXIST_WORDS words; (i / 64) is clamped. */
	uint64_t word = m->exists[(i / 64) % NVMX_MODEL_EXIST_WORDS];

	return ((word >> (i % 64)) & 1) ? s : 0;
}

int nvmx_vmread(const struct nvmx_model *m, const struct nvmx_vmcs12 *v,
		uint32_t encoding, uint64_t *value)
{
	unsigned int s;
	uint64_t x;

	if (!m || !v || !value)
		return NVMX_EINVAL;
	s = existing_slot(m, encoding);
	if (!s)
		return NVMX_VMERR_UNSUPPORTED_FIELD; /* SDM 31.3 VMREAD: 12 */
	x = v->field[s - 1];
	/* High access: bits 63:32 of the 64-bit field (SDM B.2). */
	*value = (encoding & NVMX_ENC_HIGH) ? x >> 32 : x;
	return 0;
}

int nvmx_vmwrite(const struct nvmx_model *m, struct nvmx_vmcs12 *v,
		 uint32_t encoding, uint64_t value)
{
	const struct nvmx_field_info *f;
	unsigned int s;
	uint64_t *slot;

	if (!m || !v)
		return NVMX_EINVAL;
	s = existing_slot(m, encoding);
	if (!s)
		return NVMX_VMERR_UNSUPPORTED_FIELD; /* SDM 31.3 VMWRITE: 12 */
	f = &nvmx_field_table[s - 1];
	/* SDM 31.3 VMWRITE: read-only field and not IA32_VMX_MISC[29] -> 13. */
	if (f->type == NVMX_EXIT &&
	    !(m->msr[NVMX_MSR_VMX_MISC - NVMX_MSR_VMX_FIRST] &
	      NVMX_MISC_VMWRITE_ANY))
		return NVMX_VMERR_VMWRITE_READ_ONLY;
	slot = &v->field[s - 1];
	if (encoding & NVMX_ENC_HIGH)
		*slot = (*slot & 0xffffffffull) | (value << 32);
	else
		*slot = value & width_mask[f->width];
	return 0;
}
