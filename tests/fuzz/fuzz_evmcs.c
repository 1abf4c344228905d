// SPDX-License-Identifier: MIT
/*
 * fuzz_evmcs.c - Hyper-V enlightened VMCS v1: layout lookups by L1-chosen
 * encoding and offset, capability-MSR filtering, and the eVMCS VM-entry
 * control check on an arbitrary vmcs12.
 *
 * Input: hv_ebx byte (bit 0: 2022 update), then records of 1 + 4 + 8
 * bytes: op % 4: 0 lookup by encoding (raw, or a field-table encoding
 * when op bit 2 is set), 1 lookup by offset and by row, 2 filter an MSR
 * value (index 0x480 + b % 20), 3 write a vmcs12 control field (table
 * index) and run the eVMCS control check.
 *
 * Invariants (Hyper-V TLFS eVMCS v1, <nvmx/evmcs.h>):
 *  - a slot found by encoding carries that encoding, names a real VMCS
 *    field of the same size (16-bit: 2 bytes, 32-bit: 4, 64-bit and
 *    natural: 8), lies inside the used part, is aligned to its size, and
 *    is found again by its offset; a slot found by offset starts there;
 *  - rows 0..count-1 exist, row count does not; each row is found by its
 *    encoding and its offset; slots do not overlap the header members;
 *  - clean masks: group g < 16 is bit g, NONE 0, ALL 0xffff;
 *  - filtering keeps the must-be-1 half, only removes allowed-1 bits, and
 *    leaves non-control MSRs alone; it is idempotent;
 *  - the control check returns 0 or 7; 7 names rule EVMCS_UNSUPPORTED and
 *    non-zero bits, which are outside nvmx_evmcs_supported() of the word.
 */
#include <nvmx/evmcs.h>

#include "fuzz.h"

static unsigned int width_bytes(uint32_t enc)
{
	switch (NVMX_ENC_WIDTH(enc)) {
	case NVMX_W16:
		return 2;
	case NVMX_W32:
		return 4;
	default:
		return 8;
	}
}

static void check_slot(const struct nvmx_evmcs_field *f)
{
	const struct nvmx_field_info *vf = nvmx_field_lookup(f->encoding);

	FUZZ_CHECK(vf && vf->encoding == f->encoding);
	FUZZ_CHECK(f->size == width_bytes(f->encoding));
	FUZZ_CHECK(f->offset % f->size == 0);
	FUZZ_CHECK(f->offset + f->size <= NVMX_EVMCS_SIZE);
	FUZZ_CHECK(f->group < NVMX_EVMCS_GRP_COUNT);
	FUZZ_CHECK(f->member);
	/* not over the header members (revision, abort, clean fields, ...) */
	FUZZ_CHECK(f->offset >= 8);
	FUZZ_CHECK(f->offset + f->size <= NVMX_EVMCS_OFF_CLEAN_FIELDS ||
		   f->offset >= NVMX_EVMCS_OFF_PARTITION_ASSIST_PAGE + 8);
	FUZZ_CHECK(nvmx_evmcs_field_by_encoding(f->encoding) == f);
	FUZZ_CHECK(nvmx_evmcs_field_at_offset(f->offset) == f);
}

static const uint32_t split_msrs[] = { 0x481, 0x482, 0x483, 0x484, 0x48b,
				       0x48d, 0x48e, 0x48f, 0x490 };

static bool is_split(uint32_t idx)
{
	for (size_t i = 0; i < sizeof(split_msrs) / sizeof(split_msrs[0]); i++)
		if (split_msrs[i] == idx)
			return true;
	return false;
}

static enum nvmx_ctl_word word_of(uint32_t msr)
{
	switch (msr) {
	case 0x481: case 0x48d: return NVMX_WORD_PIN;
	case 0x482: case 0x48e: return NVMX_WORD_PROC;
	case 0x483: case 0x48f: return NVMX_WORD_EXIT;
	case 0x484: case 0x490: return NVMX_WORD_ENTRY;
	case 0x48b: return NVMX_WORD_PROC2;
	case 0x491: return NVMX_WORD_VMFUNC;
	case 0x492: return NVMX_WORD_PROC3;
	case 0x493: return NVMX_WORD_EXIT2;
	default: return NVMX_WORD_NONE;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nvmx_vmcs12 v;
	struct fuzz_in in = { data, size };
	struct nvmx_model m;
	uint32_t ebx = fuzz_u8(&in) & NVMX_HV_EVMCS_2022_UPDATE;
	unsigned int count = nvmx_evmcs_field_count();

	FUZZ_CHECK(count > 0 && nvmx_evmcs_field_at(count) == NULL);
	for (unsigned int g = 0; g < 16; g++)
		FUZZ_CHECK(nvmx_evmcs_clean_mask((enum nvmx_evmcs_group)g) ==
			   1u << g);
	FUZZ_CHECK(nvmx_evmcs_clean_mask(NVMX_EVMCS_GRP_NONE) == 0);
	FUZZ_CHECK(nvmx_evmcs_clean_mask(NVMX_EVMCS_GRP_ALL) == 0xffff);
	nvmx_model_init(&m, NVMX_PRESET_MAX);
	nvmx_vmcs12_init(&v, &m);

	while (fuzz_left(&in)) {
		uint8_t op = fuzz_u8(&in);
		uint32_t a = fuzz_u32(&in);
		uint64_t b = fuzz_u64(&in);
		const struct nvmx_evmcs_field *f;

		switch (op % 4) {
		case 0:
			if (op & 4)
				a = nvmx_field_at(a % NVMX_FIELD_COUNT)->encoding;
			f = nvmx_evmcs_field_by_encoding(a);
			if (f) {
				FUZZ_CHECK(f->encoding == a);
				check_slot(f);
			}
			break;
		case 1:
			f = nvmx_evmcs_field_at_offset(a);
			if (f)
				FUZZ_CHECK(f->offset == a);
			f = nvmx_evmcs_field_at(a);
			FUZZ_CHECK((f != NULL) == (a < count));
			if (f)
				check_slot(f);
			FUZZ_CHECK(nvmx_evmcs_group_name(
					   (enum nvmx_evmcs_group)(a % 32)) ==
					   NULL ||
				   a % 32 < NVMX_EVMCS_GRP_COUNT);
			break;
		case 2: {
			uint32_t idx = NVMX_MSR_VMX_FIRST + a % 20;
			uint64_t r = nvmx_evmcs_filter_msr(idx, b, ebx);
			enum nvmx_ctl_word w = word_of(idx);

			FUZZ_CHECK(nvmx_evmcs_filter_msr(idx, r, ebx) == r);
			if (w == NVMX_WORD_NONE) {
				FUZZ_CHECK(r == b);
			} else if (is_split(idx)) {
				FUZZ_CHECK((uint32_t)r == (uint32_t)b);
				FUZZ_CHECK(((r >> 32) & ~(b >> 32)) == 0);
				FUZZ_CHECK(((r >> 32) &
					    ~nvmx_evmcs_supported(w, ebx) &
					    ~(uint32_t)b) == 0);
			} else {
				FUZZ_CHECK((r & ~b) == 0);
				FUZZ_CHECK((r & ~nvmx_evmcs_supported(w, ebx)) ==
					   0);
			}
			break;
		}
		default: {
			struct nvmx_msr_verdict why = { 0 };
			static const unsigned int ctl[] = {
				NVMX_IDX_PIN_BASED_VM_EXEC_CONTROL,
				NVMX_IDX_CPU_BASED_VM_EXEC_CONTROL,
				NVMX_IDX_SECONDARY_VM_EXEC_CONTROL,
				NVMX_IDX_TERTIARY_VM_EXEC_CONTROL,
				NVMX_IDX_VM_EXIT_CONTROLS,
				NVMX_IDX_SECONDARY_VM_EXIT_CONTROLS,
				NVMX_IDX_VM_ENTRY_CONTROLS,
				NVMX_IDX_VM_FUNCTION_CONTROL,
			};
			int rc;

			v.field[ctl[a % 8]] = (a & 8) ? b : (uint32_t)b;
			rc = nvmx_evmcs_check_controls(&v, ebx, &why);
			FUZZ_CHECK(rc == 0 || rc == 7);
			if (rc) {
				FUZZ_CHECK(why.rule == NVMX_MSR_RULE_EVMCS_UNSUPPORTED);
				FUZZ_CHECK(why.bits != 0);
				{
					enum nvmx_ctl_word w = word_of(why.msr);

					if (w != NVMX_WORD_NONE)
						FUZZ_CHECK((why.bits &
							    nvmx_evmcs_supported(
								    w, ebx)) ==
							   0);
				}
			}
			FUZZ_CHECK(nvmx_evmcs_check_controls(&v, ebx, NULL) ==
				   rc);
			break;
		}
		}
	}
	return 0;
}
