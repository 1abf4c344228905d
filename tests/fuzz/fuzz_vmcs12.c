// SPDX-License-Identifier: MIT
/*
 * fuzz_vmcs12.c - VMREAD/VMWRITE sequences with L1-chosen encodings and
 * values on a model that may have arbitrary capability MSRs.
 *
 * Input: preset byte, flags byte, optional MSR override, then operations
 * of 13 bytes: op, encoding (4), value (8). op bit 0: 0 VMREAD, 1 VMWRITE;
 * op bit 1: the encoding is taken from the field table (index = encoding
 * bits 15:0 mod count, bit 16 selects the high access) so that the fuzzer
 * reaches real fields often; op bit 2: 32-bit operand size (outside
 * 64-bit mode, SDM 31.3).
 *
 * Invariants (expected values are derived from the encoding bits and the
 * SDM, not from the library's tables):
 *  - return value is 0, 12 or 13 (never negative with valid pointers);
 *  - 12 iff the field does not exist; an existing field has no reserved
 *    encoding bit set and a high access only on a 64-bit field;
 *  - VMWRITE returns 13 iff the field is a VM-exit information field
 *    (encoding bits 11:10 = 1) and IA32_VMX_MISC[29] is clear;
 *  - a failed VMREAD leaves *value untouched, a failed VMWRITE leaves the
 *    whole 4-KiB region untouched;
 *  - a successful VMWRITE changes only the field's own 8-byte slot and
 *    reads back with the width rule (SDM 31.3, Table B-1): 16-bit keeps
 *    bits 15:0, 32-bit bits 31:0, 64-bit and natural width all; a high
 *    access writes bits 63:32 and keeps bits 31:0.
 */
#include <nvmx/vmcs12.h>

#include "fuzz.h"

static uint64_t width_mask(uint32_t enc)
{
	switch (NVMX_ENC_WIDTH(enc)) {
	case NVMX_W16:
		return 0xffffull;
	case NVMX_W32:
		return 0xffffffffull;
	default:
		return ~0ull;
	}
}

static uint32_t pick_encoding(uint32_t raw, uint8_t op)
{
	const struct nvmx_field_info *f;

	if (!(op & 2))
		return raw;
	f = nvmx_field_at((raw & 0xffffu) % NVMX_FIELD_COUNT);
	FUZZ_CHECK(f);
	return f->encoding | ((raw >> 16) & 1u);
}

/* A successful VMWRITE changes bytes of one 8-byte slot of field[] and
 * nothing else: not the header (revision, abort indicator, launch state),
 * not another field, not the unused tail. */
static void check_only_slot_changed(const struct nvmx_vmcs12 *before,
				    const struct nvmx_vmcs12 *after)
{
	const uint8_t *a = (const uint8_t *)before;
	const uint8_t *b = (const uint8_t *)after;
	size_t first = sizeof(*before), last = 0;

	for (size_t i = 0; i < sizeof(*before); i++)
		if (a[i] != b[i]) {
			if (i < first)
				first = i;
			last = i;
		}
	if (first > last)
		return;
	/* all changed bytes within one aligned 8-byte slot of field[] */
	FUZZ_CHECK(first >= NVMX_VMCS12_HEADER);
	FUZZ_CHECK((first - NVMX_VMCS12_HEADER) / 8 ==
		   (last - NVMX_VMCS12_HEADER) / 8);
	FUZZ_CHECK(last < NVMX_VMCS12_HEADER + 8 * NVMX_FIELD_COUNT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	static struct nvmx_vmcs12 v, before;
	struct nvmx_model m;
	uint8_t preset = fuzz_u8(&in), flags = fuzz_u8(&in);
	bool any_write;

	nvmx_model_init(&m, (enum nvmx_preset)(preset % NVMX_PRESET_COUNT));
	if (flags & 1) {
		uint32_t idx = NVMX_MSR_VMX_FIRST + fuzz_u8(&in) % 0x14;

		nvmx_model_set_msr(&m, idx, fuzz_u64(&in));
	}
	if (flags & 2) /* IA32_VMX_MISC[29]: VMWRITE to exit-info fields */
		nvmx_model_set_msr(&m, NVMX_MSR_VMX_MISC,
				   nvmx_model_get_msr(&m, NVMX_MSR_VMX_MISC) ^
					   NVMX_MISC_VMWRITE_ANY);
	any_write = nvmx_model_get_msr(&m, NVMX_MSR_VMX_MISC) &
		    NVMX_MISC_VMWRITE_ANY;
	nvmx_vmcs12_init(&v, &m);
	FUZZ_CHECK(v.launch_state == NVMX_LAUNCH_CLEAR);

	while (fuzz_left(&in)) {
		uint8_t op = fuzz_u8(&in);
		uint32_t enc = pick_encoding(fuzz_u32(&in), op);
		uint64_t val = fuzz_u64(&in);
		bool high = enc & NVMX_ENC_HIGH;
		bool exists = nvmx_field_exists(&m, enc);
		const struct nvmx_field_info *f = nvmx_field_lookup(enc);
		uint64_t r = 0x5a5a5a5a5a5a5a5aull, full_before = 0;
		int rc;

		if (exists) {
			FUZZ_CHECK(f);
			FUZZ_CHECK((enc & NVMX_ENC_RESERVED_MASK) == 0);
			FUZZ_CHECK(f->encoding == (enc & ~NVMX_ENC_HIGH));
			FUZZ_CHECK(!high || NVMX_ENC_WIDTH(enc) == NVMX_W64);
			FUZZ_CHECK(f->width == NVMX_ENC_WIDTH(enc));
			FUZZ_CHECK(f->type == NVMX_ENC_TYPE(enc));
		}
		if (!(op & 1)) {
			rc = nvmx_vmread(&m, &v, enc, &r);
			FUZZ_CHECK(rc == (exists ? 0 : 12));
			if (rc)
				FUZZ_CHECK(r == 0x5a5a5a5a5a5a5a5aull);
			else if (high)
				FUZZ_CHECK(r <= 0xffffffffull);
			else
				FUZZ_CHECK((r & ~width_mask(enc)) == 0);
			continue;
		}
		if (op & 4) /* 32-bit operand: source zero-extended */
			val = nvmx_operand_size(val, false);
		if (exists)
			FUZZ_CHECK(nvmx_vmread(&m, &v, enc & ~NVMX_ENC_HIGH,
					       &full_before) == 0);
		before = v;
		rc = nvmx_vmwrite(&m, &v, enc, val);
		if (!exists) {
			FUZZ_CHECK(rc == 12);
		} else if (NVMX_ENC_TYPE(enc) == NVMX_EXIT && !any_write) {
			FUZZ_CHECK(rc == 13);
		} else {
			FUZZ_CHECK(rc == 0);
		}
		if (rc) {
			FUZZ_CHECK(memcmp(&before, &v, sizeof(v)) == 0);
			continue;
		}
		check_only_slot_changed(&before, &v);
		FUZZ_CHECK(nvmx_vmread(&m, &v, enc, &r) == 0);
		if (high) {
			uint64_t full = 0;

			FUZZ_CHECK(r == (val & 0xffffffffull));
			FUZZ_CHECK(nvmx_vmread(&m, &v, enc & ~NVMX_ENC_HIGH,
					       &full) == 0);
			FUZZ_CHECK((full & 0xffffffffull) ==
				   (full_before & 0xffffffffull));
			FUZZ_CHECK(full >> 32 == (val & 0xffffffffull));
		} else {
			FUZZ_CHECK(r == (val & width_mask(enc)));
			if (NVMX_ENC_WIDTH(enc) == NVMX_W64) {
				uint64_t hi = 0;

				FUZZ_CHECK(nvmx_vmread(&m, &v, enc | 1u,
						       &hi) == 0);
				FUZZ_CHECK(hi == val >> 32);
			}
		}
		/* a 32-bit VMREAD sees bits 31:0 (SDM 31.3) */
		FUZZ_CHECK(nvmx_operand_size(r, false) == (r & 0xffffffffull));
	}
	/* NULL pointers: an error code, never a crash */
	FUZZ_CHECK(nvmx_vmread(NULL, &v, 0, &(uint64_t){ 0 }) == NVMX_EINVAL);
	FUZZ_CHECK(nvmx_vmread(&m, NULL, 0, &(uint64_t){ 0 }) == NVMX_EINVAL);
	FUZZ_CHECK(nvmx_vmread(&m, &v, 0, NULL) == NVMX_EINVAL);
	FUZZ_CHECK(nvmx_vmwrite(NULL, &v, 0, 0) == NVMX_EINVAL);
	FUZZ_CHECK(nvmx_vmwrite(&m, NULL, 0, 0) == NVMX_EINVAL);
	return 0;
}
