// SPDX-License-Identifier: MIT
/*
 * msr_evmcs.c - enlightened VMCS v1: supported controls and filtering per
 * control MSR, legacy vs enforced host accesses, PERF_GLOBAL_CTRL with and
 * without CPUID 0x4000000A EBX[0], the eVMCS VM-entry check, and the
 * layout table round trip for every field.
 */
#include <string.h>

#include <nvmx/nvmx.h>

#include "suite.h"

static uint64_t bits(const unsigned int *b, unsigned int n)
{
	uint64_t m = 0;

	for (unsigned int i = 0; i < n; i++)
		m |= 1ull << b[i];
	return m;
}

#define BITS(...)                                                              \
	bits((const unsigned int[]){__VA_ARGS__},                              \
	     sizeof((const unsigned int[]){__VA_ARGS__}) /                     \
		     sizeof(unsigned int))

/* Expected sets, restated from the TLFS-derived table (spec C.7/C.8). */
static uint64_t want_supported(enum nvmx_ctl_word w, bool upd)
{
	switch (w) {
	case NVMX_WORD_PIN:
		return BITS(0, 3, 5) | BITS(1, 2, 4);
	case NVMX_WORD_PROC:
		return BITS(2, 3, 7, 9, 10, 11, 12, 15, 16, 19, 20, 21, 22, 23,
			    24, 25, 27, 28, 29, 30, 31) |
		       BITS(1, 4, 5, 6, 8, 13, 14, 15, 16, 26);
	case NVMX_WORD_PROC2:
		return BITS(1, 2, 3, 4, 5, 6, 7, 11, 12, 16, 19, 20, 24, 26, 30,
			    31) |
		       (upd ? BITS(15, 25) : 0);
	case NVMX_WORD_EXIT:
		return BITS(2, 9, 15, 18, 19, 20, 21, 23, 24) |
		       BITS(0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 14, 16, 17) |
		       (upd ? BITS(12) : 0);
	case NVMX_WORD_ENTRY:
		return BITS(2, 9, 14, 15, 16, 17) |
		       BITS(0, 1, 2, 3, 4, 5, 6, 7, 8, 12) |
		       (upd ? BITS(13) : 0);
	default:
		return 0;
	}
}

START_TEST(supported_sets)
{
	for (int upd = 0; upd < 2; upd++)
		for (int w = NVMX_WORD_NONE; w < NVMX_WORD_COUNT; w++)
			ck_assert_msg(nvmx_evmcs_supported(w, upd) ==
					      want_supported(w, upd),
				      "word %d upd %d", w, upd);
}
END_TEST

/* Filtering per control MSR: allowed-1 cut to the supported set, the
 * allowed-0 half unchanged; every filtered model still validates. */
START_TEST(filter_per_msr)
{
	struct nvmx_model m, f;
	struct nvmx_msr_verdict why;

	nvmx_model_init(&m, (enum nvmx_preset)_i);
	for (int upd = 0; upd < 2; upd++) {
		for (uint32_t i = NVMX_MSR_VMX_FIRST; i <= NVMX_MSR_VMX_LAST;
		     i++) {
			enum nvmx_ctl_word w = nvmx_msr_ctl_word(i);
			uint64_t v = nvmx_model_get_msr(&m, i);
			uint64_t got = nvmx_evmcs_filter_msr(i, v, upd);
			uint64_t want;

			if (w == NVMX_WORD_NONE)
				want = v;
			else if (w == NVMX_WORD_PROC3 || w == NVMX_WORD_EXIT2 ||
				 w == NVMX_WORD_VMFUNC)
				want = 0;
			else
				want = (v & 0xffffffff) |
				       (((v >> 32) & want_supported(w, upd))
					<< 32);
			ck_assert_msg(got == want, "msr %#x upd %d", i, upd);
		}
		f = m;
		ck_assert_int_eq(nvmx_evmcs_filter_model(&f, upd), 0);
		ck_assert_int_eq(nvmx_model_validate(&f, NULL, &why), 0);
		ck_assert(
			!nvmx_model_has_msr(&f, NVMX_MSR_VMX_PROCBASED_CTLS3));
		ck_assert_uint_eq(nvmx_model_allowed1(&f, NVMX_WORD_VMFUNC), 0);
	}
}
END_TEST

START_TEST(host_reads_legacy_enforced)
{
	struct nvmx_model m;
	struct nvmx_evmcs_cfg legacy = {.enabled = true,
					.mode = NVMX_EVMCS_LEGACY};
	struct nvmx_evmcs_cfg enforced = {.enabled = true,
					  .mode = NVMX_EVMCS_ENFORCED};
	struct nvmx_evmcs_cfg off = {.enabled = false,
				     .mode = NVMX_EVMCS_ENFORCED};
	const uint32_t i = NVMX_MSR_VMX_TRUE_PINBASED_CTLS;
	uint64_t raw, filt, v;

	nvmx_model_init(&m, NVMX_PRESET_SAPPHIRE_RAPIDS);
	raw = nvmx_model_get_msr(&m, i);
	filt = nvmx_evmcs_filter_msr(i, raw, 0);
	ck_assert_uint_ne(raw, filt); /* posted interrupts, preemption timer */
	/* guest reads are always filtered */
	ck_assert_int_eq(nvmx_evmcs_read_msr(&m, &legacy, i, false, &v), 0);
	ck_assert_uint_eq(v, filt);
	ck_assert_int_eq(nvmx_evmcs_read_msr(&m, &enforced, i, false, &v), 0);
	ck_assert_uint_eq(v, filt);
	/* host: legacy unfiltered, enforced filtered */
	ck_assert_int_eq(nvmx_evmcs_read_msr(&m, &legacy, i, true, &v), 0);
	ck_assert_uint_eq(v, raw);
	ck_assert_int_eq(nvmx_evmcs_read_msr(&m, &enforced, i, true, &v), 0);
	ck_assert_uint_eq(v, filt);
	/* eVMCS off, or no configuration: unfiltered */
	ck_assert_int_eq(nvmx_evmcs_read_msr(&m, &off, i, false, &v), 0);
	ck_assert_uint_eq(v, raw);
	ck_assert_int_eq(nvmx_evmcs_read_msr(&m, NULL, i, false, &v), 0);
	ck_assert_uint_eq(v, raw);
	ck_assert_int_eq(nvmx_evmcs_read_msr(&m, &legacy, 0x3a, true, &v),
			 NVMX_ENOENT);
	/* VMCS_ENUM is read derived */
	ck_assert_int_eq(nvmx_evmcs_read_msr(&m, &legacy,
					     NVMX_MSR_VMX_VMCS_ENUM, true, &v),
			 0);
	ck_assert_uint_eq(v, nvmx_vmcs_enum(&m));
}
END_TEST

START_TEST(host_writes_legacy_enforced)
{
	struct nvmx_model lim, vcpu, before;
	struct nvmx_msr_verdict why;
	struct nvmx_evmcs_cfg legacy = {.enabled = true,
					.mode = NVMX_EVMCS_LEGACY};
	struct nvmx_evmcs_cfg enforced = {.enabled = true,
					  .mode = NVMX_EVMCS_ENFORCED};
	struct nvmx_restore_opts o = {0};
	const uint32_t i = NVMX_MSR_VMX_PROCBASED_CTLS2;
	uint64_t raw;

	nvmx_model_init(&before, NVMX_PRESET_ICELAKE_SERVER);
	ck_assert_int_eq(nvmx_msr_derive(&lim, &before, before.cpu, 0, NULL),
			 0);
	vcpu = lim;
	raw = nvmx_model_get_msr(&lim,
				 i); /* has APIC virtualization, PML, ... */
	o.evmcs = &legacy;
	ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim, i, raw, &o, &why), 0);
	o.evmcs = &enforced;
	before = vcpu;
	ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim, i, raw, &o, &why),
			 NVMX_EPERM);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_EVMCS_UNSUPPORTED);
	ck_assert_uint_eq(why.msr, i);
	ck_assert_uint_eq(
		why.bits,
		raw & ~(want_supported(NVMX_WORD_PROC2, false) << 32));
	ck_assert(memcmp(&vcpu, &before, sizeof(vcpu)) == 0);
	/* the filtered value passes enforced mode */
	ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim, i,
					  nvmx_evmcs_filter_msr(i, raw, 0), &o,
					  &why),
			 0);
	/* with the 2022 update TSC scaling / ENCLS exiting become carryable */
	enforced.hv_ebx = NVMX_HV_EVMCS_2022_UPDATE;
	ck_assert_int_eq(nvmx_msr_restore(&vcpu, &lim, i,
					  nvmx_evmcs_filter_msr(i, raw, 1), &o,
					  &why),
			 0);
	ck_assert(nvmx_model_allowed1(&vcpu, NVMX_WORD_PROC2) &
		  NVMX_CTL_MASK(PROC2_USE_TSC_SCALING));
}
END_TEST

START_TEST(perf_global_ctrl_cpuid)
{
	struct nvmx_model m;
	struct nvmx_vmcs12 v;
	struct nvmx_msr_verdict why;
	uint64_t entry = NVMX_ENTRY_DEFAULT1 |
			 NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST) |
			 NVMX_CTL_MASK(ENTRY_LOAD_PERF_GLOBAL_CTRL);
	uint64_t exitc =
		NVMX_EXIT_DEFAULT1 | NVMX_CTL_MASK(EXIT_HOST_ADDR_SPACE_SIZE);

	ck_assert(!(nvmx_evmcs_supported(NVMX_WORD_ENTRY, 0) &
		    NVMX_CTL_MASK(ENTRY_LOAD_PERF_GLOBAL_CTRL)));
	ck_assert(!(nvmx_evmcs_supported(NVMX_WORD_EXIT, 0) &
		    NVMX_CTL_MASK(EXIT_LOAD_PERF_GLOBAL_CTRL)));
	ck_assert(nvmx_evmcs_supported(NVMX_WORD_ENTRY,
				       NVMX_HV_EVMCS_2022_UPDATE) &
		  NVMX_CTL_MASK(ENTRY_LOAD_PERF_GLOBAL_CTRL));
	ck_assert(nvmx_evmcs_supported(NVMX_WORD_EXIT,
				       NVMX_HV_EVMCS_2022_UPDATE) &
		  NVMX_CTL_MASK(EXIT_LOAD_PERF_GLOBAL_CTRL));
	/* save PERF_GLOBAL_CTRL (exit 30) has no eVMCS meaning either way */
	ck_assert(!(nvmx_evmcs_supported(NVMX_WORD_EXIT,
					 NVMX_HV_EVMCS_2022_UPDATE) &
		    NVMX_CTL_MASK(EXIT_SAVE_PERF_GLOBAL_CTRL)));

	nvmx_model_init(&m, NVMX_PRESET_SKYLAKE_SERVER);
	nvmx_vmcs12_init(&v, &m);
	v.field[NVMX_IDX_PIN_BASED_VM_EXEC_CONTROL] = NVMX_PIN_DEFAULT1;
	v.field[NVMX_IDX_CPU_BASED_VM_EXEC_CONTROL] = NVMX_PROC_DEFAULT1;
	v.field[NVMX_IDX_VM_EXIT_CONTROLS] = exitc;
	v.field[NVMX_IDX_VM_ENTRY_CONTROLS] = entry;
	ck_assert_int_eq(nvmx_evmcs_check_controls(&v, 0, &why), 7);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_EVMCS_UNSUPPORTED);
	ck_assert_uint_eq(why.msr, NVMX_MSR_VMX_TRUE_ENTRY_CTLS);
	ck_assert_uint_eq(why.bits, NVMX_CTL_MASK(ENTRY_LOAD_PERF_GLOBAL_CTRL));
	ck_assert_int_eq(
		nvmx_evmcs_check_controls(&v, NVMX_HV_EVMCS_2022_UPDATE, &why),
		0);
	ck_assert_int_eq(why.rule, NVMX_MSR_RULE_NONE);
}
END_TEST

/* Every control of every word: refused iff outside the supported set,
 * and words are checked only when activated. */
START_TEST(entry_check_each_control)
{
	static const struct {
		enum nvmx_field_index f;
		enum nvmx_ctl_word w;
		unsigned int width;
	} words[] = {
		{NVMX_IDX_PIN_BASED_VM_EXEC_CONTROL, NVMX_WORD_PIN, 32},
		{NVMX_IDX_CPU_BASED_VM_EXEC_CONTROL, NVMX_WORD_PROC, 32},
		{NVMX_IDX_SECONDARY_VM_EXEC_CONTROL, NVMX_WORD_PROC2, 32},
		{NVMX_IDX_VM_EXIT_CONTROLS, NVMX_WORD_EXIT, 32},
		{NVMX_IDX_VM_ENTRY_CONTROLS, NVMX_WORD_ENTRY, 32},
		{NVMX_IDX_TERTIARY_VM_EXEC_CONTROL, NVMX_WORD_PROC3, 64},
		{NVMX_IDX_SECONDARY_VM_EXIT_CONTROLS, NVMX_WORD_EXIT2, 64},
	};
	struct nvmx_model m;
	struct nvmx_vmcs12 v;
	struct nvmx_msr_verdict why;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	for (unsigned int k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		for (unsigned int b = 0; b < words[k].width; b++) {
			bool ok = want_supported(words[k].w, false) >> b & 1;

			nvmx_vmcs12_init(&v, &m);
			/* activate the secondary word so it is checked;
			 * tertiary and secondary-exit need bits eVMCS lacks */
			v.field[NVMX_IDX_CPU_BASED_VM_EXEC_CONTROL] =
				NVMX_CTL_MASK(PROC_ACTIVATE_SECONDARY);
			v.field[words[k].f] |= 1ull << b;
			if (words[k].w == NVMX_WORD_PROC3 ||
			    words[k].w == NVMX_WORD_EXIT2) {
				/* not activated: not checked */
				ck_assert_int_eq(
					nvmx_evmcs_check_controls(&v, 0, &why),
					0);
				continue;
			}
			ck_assert_msg(nvmx_evmcs_check_controls(&v, 0, &why) ==
					      (ok ? 0 : 7),
				      "word %d bit %u", words[k].w, b);
		}
	/* secondary word not activated: not checked */
	nvmx_vmcs12_init(&v, &m);
	v.field[NVMX_IDX_SECONDARY_VM_EXEC_CONTROL] =
		NVMX_CTL_MASK(PROC2_ENABLE_PML);
	ck_assert_int_eq(nvmx_evmcs_check_controls(&v, 0, &why), 0);
	ck_assert_int_eq(nvmx_evmcs_check_controls(NULL, 0, &why), NVMX_EINVAL);
}
END_TEST

static unsigned int width_bytes(uint32_t enc)
{
	switch ((enc >> 13) & 3) {
	case 0:
		return 2;
	case 2:
		return 4;
	default:
		return 8;
	}
}

START_TEST(layout_round_trip)
{
	unsigned int n = nvmx_evmcs_field_count(), prev_end = 0x8;

	ck_assert_uint_eq(n, 141);
	for (unsigned int i = 0; i < n; i++) {
		const struct nvmx_evmcs_field *f = nvmx_evmcs_field_at(i);
		const struct nvmx_field_info *fi =
			nvmx_field_lookup(f->encoding);

		ck_assert_ptr_nonnull(fi);
		ck_assert_uint_eq(fi->encoding, f->encoding);
		ck_assert_ptr_eq(nvmx_evmcs_field_by_encoding(f->encoding), f);
		ck_assert_ptr_eq(nvmx_evmcs_field_at_offset(f->offset), f);
		ck_assert_uint_eq(f->size, width_bytes(f->encoding));
		ck_assert_uint_eq(f->offset % f->size, 0);
		ck_assert_uint_ge(f->offset, prev_end); /* sorted, no overlap */
		prev_end = f->offset + f->size;
		ck_assert_uint_le(prev_end, NVMX_EVMCS_SIZE);
		ck_assert_uint_lt(f->group, NVMX_EVMCS_GRP_COUNT);
		/* the members that are not VMCS fields have no row */
		ck_assert(f->offset != NVMX_EVMCS_OFF_CLEAN_FIELDS &&
			  f->offset != NVMX_EVMCS_OFF_VM_ID &&
			  f->offset != NVMX_EVMCS_OFF_PARTITION_ASSIST_PAGE);
		/* a 64-bit field's high access is not a separate slot */
		if (((f->encoding >> 13) & 3) == 1)
			ck_assert_ptr_null(
				nvmx_evmcs_field_by_encoding(f->encoding | 1));
		if (i + 1 < n)
			ck_assert_ptr_null(
				nvmx_evmcs_field_at_offset(f->offset + 1));
	}
	ck_assert_ptr_null(nvmx_evmcs_field_at(n));
	/* spot values from the TLFS layout */
	{
		const struct nvmx_evmcs_field *f =
			nvmx_evmcs_field_by_encoding(NVMX_GUEST_RIP);

		ck_assert_uint_eq(f->offset, 0x330);
		ck_assert_int_eq(f->group, NVMX_EVMCS_GRP_NONE);
		ck_assert_str_eq(f->member, "guest_rip");
		f = nvmx_evmcs_field_at_offset(0x3d0);
		ck_assert_uint_eq(f->encoding, NVMX_HOST_IA32_PERF_GLOBAL_CTRL);
		ck_assert_uint_eq(f->flags, NVMX_EVMCS_F_2022);
		f = nvmx_evmcs_field_at_offset(0x278);
		ck_assert_uint_eq(f->encoding, NVMX_VIRTUAL_PROCESSOR_ID);
		ck_assert_int_eq(f->group, NVMX_EVMCS_GRP_CONTROL_XLAT);
		f = nvmx_evmcs_field_by_encoding(NVMX_CR3_TARGET_COUNT);
		ck_assert_int_eq(f->group, NVMX_EVMCS_GRP_ALL);
	}
	/* fields eVMCS v1 has no room for */
	ck_assert_ptr_null(
		nvmx_evmcs_field_by_encoding(NVMX_POSTED_INTR_DESC_ADDR));
	ck_assert_ptr_null(nvmx_evmcs_field_by_encoding(NVMX_APIC_ACCESS_ADDR));
	ck_assert_ptr_null(
		nvmx_evmcs_field_by_encoding(NVMX_TERTIARY_VM_EXEC_CONTROL));
	ck_assert_ptr_null(nvmx_evmcs_field_by_encoding(0xffffffff));
	ck_assert_ptr_null(
		nvmx_evmcs_field_at_offset(NVMX_EVMCS_OFF_CLEAN_FIELDS));
	ck_assert_ptr_null(nvmx_evmcs_field_at_offset(0x100000));
	/* clean masks */
	ck_assert_uint_eq(nvmx_evmcs_clean_mask(NVMX_EVMCS_GRP_CRDR), 1u << 8);
	ck_assert_uint_eq(nvmx_evmcs_clean_mask(NVMX_EVMCS_GRP_NONE), 0);
	ck_assert_uint_eq(nvmx_evmcs_clean_mask(NVMX_EVMCS_GRP_ALL), 0xffff);
	ck_assert_str_eq(nvmx_evmcs_group_name(NVMX_EVMCS_GRP_HOST_GRP1),
			 "HOST_GRP1");
	ck_assert_ptr_null(nvmx_evmcs_group_name(NVMX_EVMCS_GRP_COUNT));
}
END_TEST

static Suite *make_msr_evmcs(void)
{
	Suite *s = suite_create("msr_evmcs");
	TCase *tc = tcase_create("evmcs");

	tcase_add_test(tc, supported_sets);
	tcase_add_loop_test(tc, filter_per_msr, 0, NVMX_PRESET_COUNT);
	tcase_add_test(tc, host_reads_legacy_enforced);
	tcase_add_test(tc, host_writes_legacy_enforced);
	tcase_add_test(tc, perf_global_ctrl_cpuid);
	tcase_add_test(tc, entry_check_each_control);
	tcase_add_test(tc, layout_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

NVMX_TEST_SUITE(make_msr_evmcs);
