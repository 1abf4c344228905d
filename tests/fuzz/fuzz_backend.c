// SPDX-License-Identifier: MIT
/*
 * fuzz_backend.c - the software backend (VMREAD/VMWRITE/VMPTRLD/VMCLEAR
 * through struct nvmx_backend), nvmx_backend_sync() and
 * nvmx_shadow_bitmaps() with L1-chosen encodings and values.
 *
 * Input: two presets (source, destination), flags (bit 0 destination
 * privileged, bit 1 flip MISC[29] of the destination model, bit 2 source
 * revision corrupted), then records of 1 + 4 + 8 bytes: op % 4: 0 read,
 * 1 write (on the destination), 2 sync of the next (b % 8) + 1 encodings,
 * 3 shadow bitmaps for the next (b % 8) + 1 encodings. Encodings: raw, or
 * a field-table encoding when op bit 2 is set.
 *
 * Invariants:
 *  - an unprivileged software backend answers exactly as nvmx_vmread /
 *    nvmx_vmwrite on a reference copy (same result, same region);
 *  - a privileged write answers as nvmx_vmwrite on a model with
 *    IA32_VMX_MISC[29] set (existence and width apply, error 13 never);
 *  - load returns 0 or 11, clear sets the launch state to clear;
 *  - sync: *done <= n; the destination equals a reference that received
 *    the first *done fields (values read from the source), the source is
 *    unchanged; result 0 iff every field was copied;
 *  - shadow bitmaps: NVMX_ENOENT iff an encoding names no field, and then
 *    both bitmaps are untouched; otherwise a cleared VMREAD bit names an
 *    encoding of the set that exists in both models, a cleared VMWRITE bit
 *    is also cleared for VMREAD and is not a read-only field unless both
 *    models have MISC[29]; nothing is written past 4096 bytes.
 */
#include <nvmx/backend.h>

#include "fuzz.h"

static uint32_t pick(uint32_t raw, uint8_t op)
{
	if (!(op & 4))
		return raw;
	return nvmx_field_at((raw & 0xffff) % NVMX_FIELD_COUNT)->encoding |
	       ((raw >> 16) & 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nvmx_vmcs12 sv, dv, ref, src_before;
	static uint8_t rb[NVMX_SHADOW_BITMAP_SIZE + 16];
	static uint8_t wb[NVMX_SHADOW_BITMAP_SIZE + 16];
	struct fuzz_in in = { data, size };
	struct nvmx_model sm, dm, dm_any;
	struct nvmx_backend src, dst;
	uint8_t p1 = fuzz_u8(&in), p2 = fuzz_u8(&in), fl = fuzz_u8(&in);
	bool priv = fl & 1;

	nvmx_model_init(&sm, (enum nvmx_preset)(p1 % NVMX_PRESET_COUNT));
	nvmx_model_init(&dm, (enum nvmx_preset)(p2 % NVMX_PRESET_COUNT));
	if (fl & 2)
		nvmx_model_set_msr(&dm, NVMX_MSR_VMX_MISC,
				   nvmx_model_get_msr(&dm, NVMX_MSR_VMX_MISC) ^
					   NVMX_MISC_VMWRITE_ANY);
	dm_any = dm;
	nvmx_model_set_msr(&dm_any, NVMX_MSR_VMX_MISC,
			   nvmx_model_get_msr(&dm, NVMX_MSR_VMX_MISC) |
				   NVMX_MISC_VMWRITE_ANY);
	nvmx_vmcs12_init(&sv, &sm);
	nvmx_vmcs12_init(&dv, &dm);
	if (fl & 4)
		sv.revision_id ^= 0x80000001u;
	/* some non-zero source content to copy */
	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++)
		nvmx_vmwrite(&sm, &sv, nvmx_field_at(i)->encoding,
			     0x0123456789abcdefull * (i + 1));
	FUZZ_CHECK(nvmx_backend_init_sw(&src, &sm, &sv, 0) == 0);
	FUZZ_CHECK(nvmx_backend_init_sw(&dst, &dm, &dv,
					priv ? NVMX_BACKEND_PRIVILEGED : 0) == 0);
	FUZZ_CHECK(nvmx_backend_init_sw(NULL, &dm, &dv, 0) == NVMX_EINVAL);
	ref = dv;

	while (fuzz_left(&in)) {
		uint8_t op = fuzz_u8(&in);
		uint32_t a = fuzz_u32(&in);
		uint64_t b = fuzz_u64(&in);
		int rc, want;

		switch (op % 4) {
		case 0: {
			uint64_t x = 1, y = 2;
			uint32_t enc = pick(a, op);

			rc = nvmx_backend_read(&dst, enc, &x);
			want = nvmx_vmread(&dm, &ref, enc, &y);
			FUZZ_CHECK(rc == want && (rc || x == y));
			break;
		}
		case 1: {
			uint32_t enc = pick(a, op);

			rc = nvmx_backend_write(&dst, enc, b);
			want = nvmx_vmwrite(priv ? &dm_any : &dm, &ref, enc, b);
			FUZZ_CHECK(rc == want);
			FUZZ_CHECK(!memcmp(&dv, &ref, sizeof(dv)));
			break;
		}
		case 2: {
			uint32_t set[8];
			size_t n = (b % 8) + 1, done = 99;

			for (size_t i = 0; i < n; i++)
				set[i] = pick(fuzz_u32(&in), op);
			src_before = sv;
			rc = nvmx_backend_sync(&dst, &src, set, n, &done);
			FUZZ_CHECK(rc >= 0 && done <= n);
			FUZZ_CHECK((rc == 0) == (done == n));
			FUZZ_CHECK(!memcmp(&sv, &src_before, sizeof(sv)));
			for (size_t i = 0; i < done; i++) {
				uint64_t x = 0;

				FUZZ_CHECK(nvmx_vmread(&sm, &sv, set[i], &x) ==
					   0);
				FUZZ_CHECK(nvmx_vmwrite(priv ? &dm_any : &dm,
							&ref, set[i], x) == 0);
			}
			FUZZ_CHECK(!memcmp(&dv, &ref, sizeof(dv)));
			break;
		}
		default: {
			uint32_t set[8];
			size_t n = (b % 8) + 1;
			bool unknown = false;

			for (size_t i = 0; i < n; i++) {
				set[i] = pick(fuzz_u32(&in), op);
				unknown |= !nvmx_field_lookup(set[i]);
			}
			memset(rb, 0x5a, sizeof(rb));
			memset(wb, 0x5a, sizeof(wb));
			rc = nvmx_shadow_bitmaps(&dm, &sm, set, n, rb, wb);
			FUZZ_CHECK((rc == NVMX_ENOENT) == unknown);
			FUZZ_CHECK(rc == NVMX_ENOENT || (rc >= 0 && (size_t)rc <= n));
			for (size_t k = 0; k < sizeof(rb); k++) {
				if (rc == NVMX_ENOENT || k >= NVMX_SHADOW_BITMAP_SIZE) {
					FUZZ_CHECK(rb[k] == 0x5a && wb[k] == 0x5a);
					continue;
				}
				for (unsigned int bit = 0; bit < 8; bit++) {
					uint32_t e = (uint32_t)(k * 8 + bit);
					bool in_set = false, rd, wr;
					const struct nvmx_field_info *f;

					rd = !((rb[k] >> bit) & 1);
					wr = !((wb[k] >> bit) & 1);
					if (!rd && !wr)
						continue;
					FUZZ_CHECK(rd);
					for (size_t i = 0; i < n; i++)
						in_set |= (set[i] & ~1u) == (e & ~1u);
					FUZZ_CHECK(in_set);
					FUZZ_CHECK(nvmx_field_exists(&dm, e) &&
						   nvmx_field_exists(&sm, e));
					f = nvmx_field_lookup(e);
					if (wr && f->type == NVMX_EXIT)
						FUZZ_CHECK((nvmx_model_get_msr(&dm, NVMX_MSR_VMX_MISC) &
							    nvmx_model_get_msr(&sm, NVMX_MSR_VMX_MISC) &
							    NVMX_MISC_VMWRITE_ANY) != 0);
				}
			}
			break;
		}
		}
		if (op & 0x80) {
			rc = nvmx_backend_load(&src);
			FUZZ_CHECK(rc == 0 || rc == 11);
			rc = nvmx_backend_clear(&dst);
			FUZZ_CHECK(rc == 0 && dv.launch_state == NVMX_LAUNCH_CLEAR);
			ref.launch_state = NVMX_LAUNCH_CLEAR;
			FUZZ_CHECK(nvmx_backend_launch(&dst) == NVMX_ENOTSUP);
		}
	}
	return 0;
}
