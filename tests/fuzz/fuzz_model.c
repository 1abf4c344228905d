// SPDX-License-Identifier: MIT
/*
 * fuzz_model.c - arbitrary models built with the setters, then the
 * derived facts (effective allowed-1 words, field existence,
 * IA32_VMX_VMCS_ENUM) checked against the raw MSRs.
 *
 * Input: preset byte, then operations of 13 bytes: kind (1), index (4),
 * value (8). kind % 4: 0 set_msr with index 0x480 + (index % 24) (covers
 * the range and its neighbours), 1 set_msr with the raw 32-bit index,
 * 2 set_cpu(value) (top byte of kind: keep value within the known bits),
 * 3 set_maxphyaddr(index).
 *
 * Invariants (derived from SDM Appendix A, not from the library tables):
 *  - setters return 0 / NVMX_ENOENT / NVMX_EPERM (VMCS_ENUM) / NVMX_ERANGE
 *    exactly as documented, and a failed setter changes nothing;
 *  - get_msr returns what set_msr stored; VMCS_ENUM reads the derived value;
 *  - effective allowed-1 words follow the activation rules: secondary
 *    controls iff primary bit 31 may be 1 (A.3.3), tertiary iff primary
 *    bit 17 (A.3.4), secondary exit iff exit bit 31 (A.4.2), VM functions
 *    iff secondary bit 13 (A.11);
 *  - allowed-0 words come from the TRUE MSRs iff IA32_VMX_BASIC[55] (A.2);
 *  - VMCS_ENUM bits 9:1 == highest index (encoding bits 9:1) of the
 *    existing fields, every other bit 0 (A.9), and no existing field has a
 *    higher index;
 *  - a 64-bit field exists iff its high access does; other fields have
 *    no high access;
 *  - some SDM chapter 25 existence statements, checked directly:
 *    VPID iff secondary bit 5, EPTP iff secondary bit 1, tertiary
 *    controls field iff primary bit 17, guest CR3 always.
 */
#include <nvmx/model.h>

#include "fuzz.h"

#define MSR(x) nvmx_model_get_msr(m, NVMX_MSR_VMX_##x)

static void check_model(const struct nvmx_model *m)
{
	uint64_t pin = MSR(PINBASED_CTLS) >> 32;
	uint64_t proc = MSR(PROCBASED_CTLS) >> 32;
	uint64_t exit = MSR(EXIT_CTLS) >> 32;
	uint64_t entry = MSR(ENTRY_CTLS) >> 32;
	uint64_t proc2 = (proc >> 31 & 1) ? MSR(PROCBASED_CTLS2) >> 32 : 0;
	uint64_t proc3 = (proc >> 17 & 1) ? MSR(PROCBASED_CTLS3) : 0;
	uint64_t exit2 = (exit >> 31 & 1) ? MSR(EXIT_CTLS2) : 0;
	uint64_t vmfunc = (proc2 >> 13 & 1) ? MSR(VMFUNC) : 0;
	bool true_ctls = MSR(BASIC) >> 55 & 1;
	unsigned int max_index = 0;
	uint64_t e;

	FUZZ_CHECK(nvmx_model_allowed1(m, NVMX_WORD_NONE) == 0);
	FUZZ_CHECK(nvmx_model_allowed1(m, NVMX_WORD_PIN) == pin);
	FUZZ_CHECK(nvmx_model_allowed1(m, NVMX_WORD_PROC) == proc);
	FUZZ_CHECK(nvmx_model_allowed1(m, NVMX_WORD_PROC2) == proc2);
	FUZZ_CHECK(nvmx_model_allowed1(m, NVMX_WORD_PROC3) == proc3);
	FUZZ_CHECK(nvmx_model_allowed1(m, NVMX_WORD_EXIT) == exit);
	FUZZ_CHECK(nvmx_model_allowed1(m, NVMX_WORD_EXIT2) == exit2);
	FUZZ_CHECK(nvmx_model_allowed1(m, NVMX_WORD_ENTRY) == entry);
	FUZZ_CHECK(nvmx_model_allowed1(m, NVMX_WORD_VMFUNC) == vmfunc);
	FUZZ_CHECK(nvmx_model_allowed1(m, NVMX_WORD_CPU) == m->cpu);
	FUZZ_CHECK(nvmx_model_allowed1(m, NVMX_WORD_COUNT) == 0);
	FUZZ_CHECK(nvmx_model_allowed1(m, (enum nvmx_ctl_word)-1) == 0);

	FUZZ_CHECK(nvmx_model_allowed0(m, NVMX_WORD_PIN) ==
		   (uint32_t)(true_ctls ? MSR(TRUE_PINBASED_CTLS) :
					  MSR(PINBASED_CTLS)));
	FUZZ_CHECK(nvmx_model_allowed0(m, NVMX_WORD_PROC) ==
		   (uint32_t)(true_ctls ? MSR(TRUE_PROCBASED_CTLS) :
					  MSR(PROCBASED_CTLS)));
	FUZZ_CHECK(nvmx_model_allowed0(m, NVMX_WORD_EXIT) ==
		   (uint32_t)(true_ctls ? MSR(TRUE_EXIT_CTLS) : MSR(EXIT_CTLS)));
	FUZZ_CHECK(nvmx_model_allowed0(m, NVMX_WORD_ENTRY) ==
		   (uint32_t)(true_ctls ? MSR(TRUE_ENTRY_CTLS) :
					  MSR(ENTRY_CTLS)));

	/* SDM A.1-A.12: which capability MSRs exist */
	for (uint32_t i = NVMX_MSR_VMX_BASIC; i <= NVMX_MSR_VMX_VMCS_ENUM; i++)
		FUZZ_CHECK(nvmx_model_has_msr(m, i));
	for (uint32_t i = NVMX_MSR_VMX_TRUE_PINBASED_CTLS;
	     i <= NVMX_MSR_VMX_TRUE_ENTRY_CTLS; i++)
		FUZZ_CHECK(nvmx_model_has_msr(m, i) == true_ctls);
	FUZZ_CHECK(nvmx_model_has_msr(m, NVMX_MSR_VMX_PROCBASED_CTLS2) ==
		   (proc >> 31 & 1));
	FUZZ_CHECK(nvmx_model_has_msr(m, NVMX_MSR_VMX_PROCBASED_CTLS3) ==
		   (proc >> 17 & 1));
	FUZZ_CHECK(nvmx_model_has_msr(m, NVMX_MSR_VMX_EXIT_CTLS2) ==
		   (exit >> 31 & 1));
	FUZZ_CHECK(!nvmx_model_has_msr(m, NVMX_MSR_VMX_FIRST - 1));
	FUZZ_CHECK(!nvmx_model_has_msr(m, NVMX_MSR_VMX_LAST + 1));

	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++) {
		const struct nvmx_field_info *f = nvmx_field_at(i);
		bool ex;

		FUZZ_CHECK(f && f->index == i);
		ex = nvmx_field_exists(m, f->encoding);
		FUZZ_CHECK(ex == nvmx_gate_open(m, f->gate));
		FUZZ_CHECK(nvmx_field_exists(m, f->encoding | 1u) ==
			   (ex && NVMX_ENC_WIDTH(f->encoding) == NVMX_W64));
		if (ex && NVMX_ENC_INDEX(f->encoding) > max_index)
			max_index = NVMX_ENC_INDEX(f->encoding);
	}
	e = nvmx_vmcs_enum(m);
	FUZZ_CHECK(e == MSR(VMCS_ENUM));
	FUZZ_CHECK((e & ~0x3feull) == 0);
	FUZZ_CHECK(((e >> 1) & 0x1ff) == max_index);

	FUZZ_CHECK(nvmx_field_exists(m, NVMX_VIRTUAL_PROCESSOR_ID) ==
		   (proc2 >> 5 & 1));
	FUZZ_CHECK(nvmx_field_exists(m, NVMX_EPT_POINTER) == (proc2 >> 1 & 1));
	FUZZ_CHECK(nvmx_field_exists(m, NVMX_TERTIARY_VM_EXEC_CONTROL) ==
		   (proc >> 17 & 1));
	FUZZ_CHECK(nvmx_field_exists(m, NVMX_GUEST_CR3));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct nvmx_model m, before;

	nvmx_model_init(&m,
			(enum nvmx_preset)(fuzz_u8(&in) % NVMX_PRESET_COUNT));
	check_model(&m);
	while (fuzz_left(&in)) {
		uint8_t kind = fuzz_u8(&in);
		uint32_t idx = fuzz_u32(&in);
		uint64_t val = fuzz_u64(&in);
		int rc;

		before = m;
		switch (kind % 4) {
		case 0:
			idx = NVMX_MSR_VMX_FIRST - 2 + idx % 24;
			/* fall through */
		case 1:
			rc = nvmx_model_set_msr(&m, idx, val);
			if (idx < NVMX_MSR_VMX_FIRST || idx > NVMX_MSR_VMX_LAST)
				FUZZ_CHECK(rc == NVMX_ENOENT);
			else if (idx == NVMX_MSR_VMX_VMCS_ENUM)
				FUZZ_CHECK(rc == NVMX_EPERM);
			else
				FUZZ_CHECK(rc == 0 &&
					   nvmx_model_get_msr(&m, idx) == val);
			break;
		case 2:
			if (kind & 0x80)
				val &= (1ull << NVMX_CPUB_COUNT) - 1;
			rc = nvmx_model_set_cpu(&m, val);
			FUZZ_CHECK(rc == ((val >> NVMX_CPUB_COUNT) ?
						  NVMX_ERANGE :
						  0));
			break;
		default:
			rc = nvmx_model_set_maxphyaddr(&m, idx);
			FUZZ_CHECK(rc == ((idx >= 32 && idx <= 52) ?
						  0 :
						  NVMX_ERANGE));
			if (!rc)
				FUZZ_CHECK(m.maxphyaddr == idx);
			break;
		}
		if (rc)
			FUZZ_CHECK(memcmp(&before, &m, sizeof(m)) == 0);
		check_model(&m);
	}
	FUZZ_CHECK(nvmx_model_set_msr(NULL, NVMX_MSR_VMX_BASIC, 0) ==
		   NVMX_EINVAL);
	FUZZ_CHECK(nvmx_model_get_msr(NULL, NVMX_MSR_VMX_BASIC) == 0);
	FUZZ_CHECK(!nvmx_field_exists(NULL, NVMX_GUEST_CR3));
	FUZZ_CHECK(nvmx_vmcs_enum(NULL) == 0);
	return 0;
}
