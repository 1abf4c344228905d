// SPDX-License-Identifier: MIT
/*
 * shadow.c - VMREAD/VMWRITE bitmaps for VMCS shadowing.
 *
 * SDM Vol. 3 25.6.15 and 26.1.3: with "VMCS shadowing", VMREAD/VMWRITE in
 * VMX non-root operation consult bit n of the VMREAD/VMWRITE bitmap, n =
 * bits 14:0 of the field encoding (an encoding with bits 63:15 set always
 * exits). A 0 bit lets the instruction act on the shadow VMCS, a 1 bit
 * causes a VM exit. The shadow VMCS is a hardware VMCS, so a field may
 * only be shadowed if the hardware has it; and L1 must get error 12 for a
 * field its own model lacks, so the field must exist in L1's model too.
 */
#include <nvmx/backend.h>

static void set_all(uint8_t *bm)
{
	if (!bm)
		return;
	for (size_t i = 0; i < NVMX_SHADOW_BITMAP_SIZE; i++)
		bm[i] = 0xff;
}

static void clear_bit(uint8_t *bm, uint32_t enc)
{
	uint32_t n = enc & 0x7fffu;

	if (bm)
		bm[n >> 3] &= (uint8_t) ~(1u << (n & 7));
}

int nvmx_shadow_bitmaps(const struct nvmx_model *hw,
			const struct nvmx_model *l1, const uint32_t *set,
			size_t n, uint8_t *vmread_bitmap,
			uint8_t *vmwrite_bitmap)
{
	bool any_write_ro;
	int count = 0;

	if (!hw || !l1 || (!set && n))
		return NVMX_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!nvmx_field_lookup(set[i]))
			return NVMX_ENOENT;
	/*
	 * SDM 31.3 VMWRITE: a read-only field gives error 13 unless
	 * IA32_VMX_MISC[29]; the hardware applies its own bit, so a shadowed
	 * VMWRITE of such a field is right only when both models allow it.
	 */
	any_write_ro = (nvmx_model_get_msr(hw, NVMX_MSR_VMX_MISC) &
			NVMX_MISC_VMWRITE_ANY) &&
		       (nvmx_model_get_msr(l1, NVMX_MSR_VMX_MISC) &
			NVMX_MISC_VMWRITE_ANY);
	set_all(vmread_bitmap);
	set_all(vmwrite_bitmap);
	for (size_t i = 0; i < n; i++) {
		const struct nvmx_field_info *f = nvmx_field_lookup(set[i]);
		uint32_t enc = f->encoding;

		if (!nvmx_field_exists(hw, enc) || !nvmx_field_exists(l1, enc))
			continue;
		clear_bit(vmread_bitmap, enc);
		if (f->width == NVMX_W64)
			clear_bit(vmread_bitmap, enc | NVMX_ENC_HIGH);
		if (f->type != NVMX_EXIT || any_write_ro) {
			clear_bit(vmwrite_bitmap, enc);
			if (f->width == NVMX_W64)
				clear_bit(vmwrite_bitmap, enc | NVMX_ENC_HIGH);
		}
		count++;
	}
	return count;
}
