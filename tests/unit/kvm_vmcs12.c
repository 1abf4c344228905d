// SPDX-License-Identifier: MIT
/*
 * kvm_vmcs12.c - KVM's vmcs12 page layout and the page <-> nvmx converters.
 *
 * Expected offsets are KVM's migration-frozen layout facts (the offset
 * asserts of arch/x86/kvm/vmx/vmcs12.h), restated here independently of
 * lib/kvm/kvm_vmcs12.def.
 */
#include <string.h>

#include <nvmx/kvm.h>

#include "suite.h"

static const struct {
	uint32_t enc;
	int off;
} known[] = {
	{ NVMX_IO_BITMAP_A, 40 },
	{ NVMX_IO_BITMAP_A | 1, 44 },	/* high half of a 64-bit field */
	{ NVMX_EPT_POINTER, 120 },
	{ NVMX_GUEST_PHYSICAL_ADDRESS, 168 },
	{ NVMX_VMCS_LINK_POINTER, 176 },
	{ NVMX_GUEST_IA32_EFER, 200 },
	{ NVMX_HOST_IA32_PERF_GLOBAL_CTRL, 272 },
	{ NVMX_PML_ADDRESS, 312 },
	{ NVMX_ENCLS_EXITING_BITMAP, 320 },
	{ NVMX_TSC_MULTIPLIER, 328 },
	{ NVMX_CR0_GUEST_HOST_MASK, 344 },
	{ NVMX_CR3_TARGET_VALUE0, 376 },
	{ NVMX_EXIT_QUALIFICATION, 408 },
	{ NVMX_GUEST_CR0, 424 },
	{ NVMX_GUEST_RIP, 544 },
	{ NVMX_HOST_CR0, 584 },
	{ NVMX_HOST_RIP, 672 },
	{ NVMX_HOST_S_CET, 680 },
	{ NVMX_GUEST_INTR_SSP_TABLE, 720 },
	{ NVMX_PIN_BASED_VM_EXEC_CONTROL, 744 },
	{ NVMX_SECONDARY_VM_EXEC_CONTROL, 804 },
	{ NVMX_VM_INSTRUCTION_ERROR, 808 },
	{ NVMX_GUEST_ES_LIMIT, 840 },
	{ NVMX_GUEST_TR_AR_BYTES, 908 },
	{ NVMX_VMX_PREEMPTION_TIMER_VALUE, 928 },
	{ NVMX_VIRTUAL_PROCESSOR_ID, 960 },
	{ NVMX_POSTED_INTR_NOTIFICATION_VECTOR, 962 },
	{ NVMX_GUEST_ES_SELECTOR, 964 },
	{ NVMX_GUEST_INTERRUPT_STATUS, 980 },
	{ NVMX_HOST_TR_SELECTOR, 994 },
	{ NVMX_GUEST_PML_INDEX, 996 },
	/* not in KVM's page */
	{ NVMX_HLAT_POINTER, NVMX_ENOENT },
	{ NVMX_GUEST_IA32_PKRS, NVMX_ENOENT },
	{ NVMX_TERTIARY_VM_EXEC_CONTROL, NVMX_ENOENT },
	{ NVMX_PLE_GAP, NVMX_ENOENT },
	{ NVMX_GUEST_CR0 | 1, NVMX_ENOENT },	/* high access of natural width */
	{ 0xffffffffu, NVMX_ENOENT },
};

START_TEST(test_known_offsets)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		ck_assert_msg(nvmx_kvm_vmcs12_offset(known[i].enc) ==
				      known[i].off,
			      "encoding %#x: %d, want %d", known[i].enc,
			      nvmx_kvm_vmcs12_offset(known[i].enc), known[i].off);
}
END_TEST

/* Rows: in order, no overlap, past the header, inside the 998 used bytes,
 * sizes from the encoding width (natural width stored as 8 bytes). */
START_TEST(test_table_shape)
{
	unsigned int n = nvmx_kvm_vmcs12_field_count(), end = 40;
	uint8_t used[NVMX_KVM_VMCS12_USED] = { 0 };
	unsigned int later = 0, retired = 0, covered = 0;

	ck_assert_uint_eq(n, 151);
	ck_assert_ptr_null(nvmx_kvm_vmcs12_field_at(n));
	for (unsigned int i = 0; i < n; i++) {
		const struct nvmx_kvm_field *k = nvmx_kvm_vmcs12_field_at(i);
		const struct nvmx_field_info *f = nvmx_field_lookup(k->encoding);
		unsigned int want = f->width == NVMX_W16 ? 2
				    : f->width == NVMX_W32 ? 4 : 8;

		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(k->size, want);
		ck_assert_uint_ge(k->offset, end);
		ck_assert_uint_eq(k->offset % k->size, 0);
		end = k->offset + k->size;
		ck_assert_uint_le(end, NVMX_KVM_VMCS12_USED);
		for (unsigned int b = k->offset; b < end; b++) {
			ck_assert_uint_eq(used[b], 0);
			used[b] = 1;
			covered++;
		}
		later += k->kind == NVMX_KVM_FIELD_LATER;
		retired += k->kind == NVMX_KVM_FIELD_RETIRED;
	}
	ck_assert_uint_eq(later, 8);	/* ENCLS, TSC multiplier, 6 CET */
	ck_assert_uint_eq(retired, 4);	/* CR3-target values 0-3 */
	/* 998 used bytes minus 40 header, 8 + 16 + 28 bytes of padding */
	ck_assert_uint_eq(covered, 998 - 40 - 8 - 16 - 28);
}
END_TEST

static void put(uint8_t *p, unsigned int off, unsigned int size, uint64_t x)
{
	for (unsigned int i = 0; i < size; i++)
		p[off + i] = (uint8_t)(x >> (8 * i));
}

START_TEST(test_from_page_values)
{
	static uint8_t page[4096];
	struct nvmx_vmcs12 v;
	struct nvmx_kvm_conv_report r;

	memset(page, 0, sizeof(page));
	put(page, 0, 4, 0x80000000u | NVMX_KVM_VMCS12_REVISION);
	put(page, 4, 4, 3);	/* abort indicator */
	put(page, 8, 4, 1);	/* launched */
	put(page, 176, 8, ~0ull);
	put(page, 424, 8, 0x80050033);
	put(page, 744, 4, 0x16);
	put(page, 966, 2, 0x10);
	put(page, 996, 2, 0x1ff);
	put(page, 328, 8, 0x0001000000000000ull);
	ck_assert_int_eq(nvmx_kvm_vmcs12_from_page(page, sizeof(page), &v, &r), 0);
	ck_assert_uint_eq(v.revision_id, 0x80000000u | 0x11e57ed0u);
	ck_assert_uint_eq(v.abort_indicator, 3);
	ck_assert_uint_eq(v.launch_state, NVMX_LAUNCH_LAUNCHED);
	ck_assert_uint_eq(v.field[NVMX_IDX_VMCS_LINK_POINTER], ~0ull);
	ck_assert_uint_eq(v.field[NVMX_IDX_GUEST_CR0], 0x80050033);
	ck_assert_uint_eq(v.field[NVMX_IDX_PIN_BASED_VM_EXEC_CONTROL], 0x16);
	ck_assert_uint_eq(v.field[NVMX_IDX_GUEST_CS_SELECTOR], 0x10);
	ck_assert_uint_eq(v.field[NVMX_IDX_GUEST_PML_INDEX], 0x1ff);
	ck_assert_uint_eq(v.field[NVMX_IDX_TSC_MULTIPLIER], 0x0001000000000000ull);
	ck_assert_uint_eq(v.field[NVMX_IDX_HLAT_POINTER], 0);
	ck_assert_uint_eq(r.count, 0);
}
END_TEST

/* Nonzero bytes no field covers: reported as runs, not read as a field. */
START_TEST(test_from_page_stray_bytes)
{
	static uint8_t page[4096];
	struct nvmx_vmcs12 v;
	struct nvmx_kvm_conv_report r;

	memset(page, 0, sizeof(page));
	put(page, 336, 2, 0xabcd);	/* 64-bit padding */
	page[12] = 1;			/* header padding */
	page[2000] = 0xff;		/* beyond KVM's struct */
	page[2001] = 0xfe;
	page[4095] = 7;
	ck_assert_int_eq(nvmx_kvm_vmcs12_from_page(page, sizeof(page), &v, &r), 0);
	ck_assert_uint_eq(r.count, 4);
	ck_assert_uint_eq(r.item[0].offset, 12);
	ck_assert_uint_eq(r.item[0].len, 1);
	ck_assert_uint_eq(r.item[1].offset, 336);
	ck_assert_uint_eq(r.item[1].len, 2);
	ck_assert_uint_eq(r.item[2].offset, 2000);
	ck_assert_uint_eq(r.item[2].len, 2);
	ck_assert_uint_eq(r.item[3].offset, 4095);
	ck_assert_uint_eq(r.item[3].encoding, 0);
}
END_TEST

START_TEST(test_to_page_lost_fields)
{
	static uint8_t page[4096];
	struct nvmx_vmcs12 v;
	struct nvmx_kvm_conv_report r;

	memset(&v, 0, sizeof(v));
	v.revision_id = 0x11e57ed0u;
	v.launch_state = 1;
	v.field[NVMX_IDX_GUEST_RIP] = 0xffffffff81000000ull;
	v.field[NVMX_IDX_HOST_TR_SELECTOR] = 0x40;
	v.field[NVMX_IDX_HLAT_POINTER] = 0x5000;
	v.field[NVMX_IDX_GUEST_IA32_PKRS] = 1;
	ck_assert_int_eq(nvmx_kvm_vmcs12_to_page(&v, page, sizeof(page), &r), 0);
	ck_assert_uint_eq(page[0], 0xd0);
	ck_assert_uint_eq(page[3], 0x11);
	ck_assert_uint_eq(page[8], 1);
	ck_assert_uint_eq(page[544 + 7], 0xff);
	ck_assert_uint_eq(page[544 + 3], 0x81);
	ck_assert_uint_eq(page[994], 0x40);
	/* in fields.def order: HLAT pointer (64-bit control) before PKRS */
	ck_assert_uint_eq(r.count, 2);
	ck_assert_uint_eq(r.item[0].encoding, NVMX_HLAT_POINTER);
	ck_assert_uint_eq(r.item[1].encoding, NVMX_GUEST_IA32_PKRS);
}
END_TEST

/* Page -> nvmx -> page is byte-identical for every byte KVM carries. */
START_TEST(test_round_trip_every_field)
{
	static uint8_t page[4096], back[4096];
	struct nvmx_vmcs12 v;
	unsigned int n = nvmx_kvm_vmcs12_field_count();

	memset(page, 0, sizeof(page));
	put(page, 0, 4, NVMX_KVM_VMCS12_REVISION);
	put(page, 8, 4, 1);
	for (unsigned int i = 0; i < n; i++) {
		const struct nvmx_kvm_field *k = nvmx_kvm_vmcs12_field_at(i);

		for (unsigned int b = 0; b < k->size; b++)
			page[k->offset + b] = (uint8_t)(0x11 * (b + 1) + i);
	}
	ck_assert_int_eq(nvmx_kvm_vmcs12_from_page(page, sizeof(page), &v, NULL), 0);
	ck_assert_int_eq(nvmx_kvm_vmcs12_to_page(&v, back, sizeof(back), NULL), 0);
	ck_assert_int_eq(memcmp(page, back, sizeof(page)), 0);
}
END_TEST

START_TEST(test_bad_arguments)
{
	static uint8_t page[4096];
	struct nvmx_vmcs12 v;

	memset(&v, 0, sizeof(v));
	ck_assert_int_eq(nvmx_kvm_vmcs12_from_page(NULL, 4096, &v, NULL), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_kvm_vmcs12_from_page(page, 4096, NULL, NULL), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_kvm_vmcs12_from_page(page, 997, &v, NULL), NVMX_EBADMSG);
	ck_assert_int_eq(nvmx_kvm_vmcs12_from_page(page, 998, &v, NULL), 0);
	ck_assert_int_eq(nvmx_kvm_vmcs12_to_page(&v, page, 4095, NULL), NVMX_ENOSPC);
	ck_assert_int_eq(nvmx_kvm_vmcs12_to_page(NULL, page, 4096, NULL), NVMX_EINVAL);
}
END_TEST

static Suite *make_kvm_vmcs12(void)
{
	Suite *s = suite_create("kvm_vmcs12");
	TCase *tc = tcase_create("layout");

	tcase_add_test(tc, test_known_offsets);
	tcase_add_test(tc, test_table_shape);
	tcase_add_test(tc, test_from_page_values);
	tcase_add_test(tc, test_from_page_stray_bytes);
	tcase_add_test(tc, test_to_page_lost_fields);
	tcase_add_test(tc, test_round_trip_every_field);
	tcase_add_test(tc, test_bad_arguments);
	suite_add_tcase(s, tc);
	return s;
}

NVMX_TEST_SUITE(make_kvm_vmcs12);
