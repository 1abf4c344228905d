// SPDX-License-Identifier: MIT
/*
 * kvm_vmcs12.c - KVM's vmcs12 page layout and the converters between it
 * and struct nvmx_vmcs12. The layout facts are the rows of kvm_vmcs12.def.
 */
#include <string.h>

#include "fields/fields_internal.h"
#include "kvm_internal.h"

/* Bytes a field takes in KVM's page, from its encoding's width bits
 * (SDM Table B-1): natural width is stored as 8 bytes by KVM. */
#define KVM_SIZE_OF(enc)                                                       \
	(NVMX_ENC_WIDTH(enc) == NVMX_W16 ? 2u                                  \
	 : NVMX_ENC_WIDTH(enc) == NVMX_W32 ? 4u                                \
					   : 8u)

static const struct nvmx_kvm_field kvm_fields[] = {
#define NVMX_KVM_FIELD(name, off, kind)                                        \
	{ NVMX_##name, off, KVM_SIZE_OF(NVMX_##name), NVMX_KVM_FIELD_##kind },
#include "kvm_vmcs12.def"
#undef NVMX_KVM_FIELD
};

#define KVM_FIELD_ROWS (sizeof(kvm_fields) / sizeof(kvm_fields[0]))

/* Every row lies past the 40-byte header and inside KVM's struct. */
#define NVMX_KVM_FIELD(name, off, kind)                                        \
	_Static_assert((off) >= 40 &&                                          \
			       (off) + KVM_SIZE_OF(NVMX_##name) <=             \
				       NVMX_KVM_VMCS12_USED,                   \
		       "kvm_vmcs12.def: " #name " outside the used page");
#include "kvm_vmcs12.def"
#undef NVMX_KVM_FIELD

/* Dense field index -> offset; a field listed twice is a compile error
 * (-Woverride-init, part of -Wextra). */
static const uint16_t kvm_offset_by_index[NVMX_FIELD_COUNT] = {
#define NVMX_KVM_FIELD(name, off, kind) [NVMX_IDX_##name] = off,
#include "kvm_vmcs12.def"
#undef NVMX_KVM_FIELD
};

unsigned int nvmx_kvm_vmcs12_field_count(void)
{
	return (unsigned int)KVM_FIELD_ROWS;
}

const struct nvmx_kvm_field *nvmx_kvm_vmcs12_field_at(unsigned int i)
{
	if (i >= KVM_FIELD_ROWS)
		return NULL;
	return &kvm_fields[nvmx_clamp_index(i, KVM_FIELD_ROWS)];
}

unsigned int nvmx_kvm_offset_of_index(unsigned int index)
{
	if (index >= NVMX_FIELD_COUNT)
		return 0;
	return kvm_offset_by_index[nvmx_clamp_index(index, NVMX_FIELD_COUNT)];
}

int nvmx_kvm_vmcs12_offset(uint32_t encoding)
{
	const struct nvmx_field_info *f = nvmx_field_lookup(encoding);
	unsigned int off;

	if (!f)
		return NVMX_ENOENT;
	off = nvmx_kvm_offset_of_index(f->index);
	if (!off)
		return NVMX_ENOENT;
	/* The high access names bits 63:32 of a 64-bit field (SDM B.2). */
	return (int)(off + ((encoding & NVMX_ENC_HIGH) ? 4u : 0u));
}

static void report_add(struct nvmx_kvm_conv_report *r, uint32_t enc,
		       unsigned int off, unsigned int len)
{
	if (!r)
		return;
	if (r->count < NVMX_KVM_REPORT_MAX) {
		r->item[r->count].encoding = enc;
		r->item[r->count].offset = (uint16_t)off;
		r->item[r->count].len = (uint16_t)len;
	}
	r->count++;
}

int nvmx_kvm_vmcs12_from_page(const void *page, size_t len,
			      struct nvmx_vmcs12 *v,
			      struct nvmx_kvm_conv_report *r)
{
	uint8_t buf[NVMX_KVM_VMCS12_PAGE_SIZE];
	uint8_t covered[NVMX_KVM_VMCS12_PAGE_SIZE];

	if (!page || !v)
		return NVMX_EINVAL;
	if (len < NVMX_KVM_VMCS12_USED)
		return NVMX_EBADMSG;
	if (len > sizeof(buf))
		len = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, page, len);
	memset(covered, 0, sizeof(covered));
	memset(v, 0, sizeof(*v));
	if (r)
		memset(r, 0, sizeof(*r));

	v->revision_id = (uint32_t)kvm_le_get(buf + NVMX_KVM_VMCS12_OFF_REVISION, 4);
	v->abort_indicator = (uint32_t)kvm_le_get(buf + NVMX_KVM_VMCS12_OFF_ABORT, 4);
	v->launch_state = (uint32_t)kvm_le_get(buf + NVMX_KVM_VMCS12_OFF_LAUNCH_STATE, 4);
	memset(covered, 1, 12);

	for (size_t i = 0; i < KVM_FIELD_ROWS; i++) {
		const struct nvmx_kvm_field *k = &kvm_fields[i];
		const struct nvmx_field_info *f = nvmx_field_lookup(k->encoding);

		v->field[f->index] = kvm_le_get(buf + k->offset, k->size);
		memset(covered + k->offset, 1, k->size);
	}

	/* Nonzero bytes no field explains: padding, or a newer KVM's fields. */
	for (unsigned int o = 0; o < sizeof(buf);) {
		unsigned int end = o;

		if (covered[o] || !buf[o]) {
			o++;
			continue;
		}
		while (end < sizeof(buf) && !covered[end] && buf[end])
			end++;
		report_add(r, 0, o, end - o);
		o = end;
	}
	return 0;
}

int nvmx_kvm_vmcs12_to_page(const struct nvmx_vmcs12 *v, void *page,
			    size_t cap, struct nvmx_kvm_conv_report *r)
{
	uint8_t *p = page;

	if (!v || !page)
		return NVMX_EINVAL;
	if (cap < NVMX_KVM_VMCS12_PAGE_SIZE)
		return NVMX_ENOSPC;
	memset(p, 0, NVMX_KVM_VMCS12_PAGE_SIZE);
	if (r)
		memset(r, 0, sizeof(*r));

	kvm_le_put(p + NVMX_KVM_VMCS12_OFF_REVISION, 4, v->revision_id);
	kvm_le_put(p + NVMX_KVM_VMCS12_OFF_ABORT, 4, v->abort_indicator);
	kvm_le_put(p + NVMX_KVM_VMCS12_OFF_LAUNCH_STATE, 4, v->launch_state);

	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++) {
		const struct nvmx_field_info *f = &nvmx_field_table[i];
		unsigned int off = kvm_offset_by_index[i];

		if (off)
			kvm_le_put(p + off, KVM_SIZE_OF(f->encoding),
				   v->field[i]);
		else if (v->field[i])
			report_add(r, f->encoding, 0, 0);
	}
	return 0;
}
