// SPDX-License-Identifier: MIT
/*
 * backend_shadow.c - VMREAD/VMWRITE bitmaps for VMCS shadowing
 * (SDM 25.6.15: bit n, n = encoding bits 14:0; 0 = shadowed, 1 = exit).
 */
#include <nvmx/backend.h>

#include "suite.h"

static struct nvmx_model hw, l1;
static uint8_t rd[NVMX_SHADOW_BITMAP_SIZE], wr[NVMX_SHADOW_BITMAP_SIZE];

static bool bit(const uint8_t *bm, uint32_t n)
{
	return (bm[n / 8] >> (n % 8)) & 1;
}

static void set_misc29(struct nvmx_model *m, bool on)
{
	uint64_t misc = nvmx_model_get_msr(m, NVMX_MSR_VMX_MISC);

	misc = on ? misc | (1ull << 29) : misc & ~(1ull << 29);
	ck_assert_int_eq(nvmx_model_set_msr(m, NVMX_MSR_VMX_MISC, misc), 0);
}

static void setup(bool hw29, bool l129)
{
	uint64_t proc2;

	nvmx_model_init(&hw, NVMX_PRESET_SKYLAKE_SERVER);
	nvmx_model_init(&l1, NVMX_PRESET_SKYLAKE_SERVER);
	/* L1 without EPT */
	proc2 = nvmx_model_get_msr(&l1, NVMX_MSR_VMX_PROCBASED_CTLS2);
	ck_assert_int_eq(nvmx_model_set_msr(&l1, NVMX_MSR_VMX_PROCBASED_CTLS2,
					    proc2 & ~(2ull << 32)),
			 0);
	set_misc29(&hw, hw29);
	set_misc29(&l1, l129);
}

static const uint32_t set[] = {
	0x6802, /* guest CR3 */
	0x0800, /* guest ES selector */
	0x2800, /* link pointer (64-bit) */
	0x201a, /* EPT pointer: L1 lacks it */
	0x4402, /* exit reason (read-only) */
	0x2402, /* MSR data: neither model has it */
};

START_TEST(test_bits)
{
	setup(false, false);
	ck_assert_int_eq(nvmx_shadow_bitmaps(&hw, &l1, set, 6, rd, wr), 4);
	/* guest CR3 0x6802: byte 0xd00, bit 2, both bitmaps clear */
	ck_assert_uint_eq(rd[0xd00], 0xfb);
	ck_assert_uint_eq(wr[0xd00], 0xfb);
	ck_assert(!bit(rd, 0x0800) && !bit(wr, 0x0800));
	/* 64-bit: full and high encodings */
	ck_assert(!bit(rd, 0x2800) && !bit(rd, 0x2801));
	ck_assert(!bit(wr, 0x2800) && !bit(wr, 0x2801));
	/* not in L1's model: exits */
	ck_assert(bit(rd, 0x201a) && bit(rd, 0x201b));
	ck_assert(bit(wr, 0x201a) && bit(wr, 0x201b));
	/* read-only, MISC[29] clear: read shadowed, write exits */
	ck_assert(!bit(rd, 0x4402));
	ck_assert(bit(wr, 0x4402));
	ck_assert(bit(rd, 0x2402) && bit(wr, 0x2402));
	/* exactly 5 bits clear in the read bitmap, 4 in the write bitmap */
	{
		unsigned int zr = 0, zw = 0;

		for (uint32_t n = 0; n < 8 * NVMX_SHADOW_BITMAP_SIZE; n++) {
			zr += !bit(rd, n);
			zw += !bit(wr, n);
		}
		ck_assert_uint_eq(zr, 5);
		ck_assert_uint_eq(zw, 4);
	}
}
END_TEST

/* Read-only fields are VMWRITE-shadowed only when both models have MISC[29]. */
START_TEST(test_misc29)
{
	static const uint32_t ro[] = { 0x4402 };

	setup(true, false);
	ck_assert_int_eq(nvmx_shadow_bitmaps(&hw, &l1, ro, 1, rd, wr), 1);
	ck_assert(bit(wr, 0x4402));
	setup(false, true);
	ck_assert_int_eq(nvmx_shadow_bitmaps(&hw, &l1, ro, 1, rd, wr), 1);
	ck_assert(bit(wr, 0x4402));
	setup(true, true);
	ck_assert_int_eq(nvmx_shadow_bitmaps(&hw, &l1, ro, 1, rd, wr), 1);
	ck_assert(!bit(wr, 0x4402));
	ck_assert(!bit(rd, 0x4402));
}
END_TEST

/* The hardware model must have the field too. */
START_TEST(test_hw_lacks)
{
	static const uint32_t s[] = { 0x201a };

	setup(false, false);
	/* swap: hw without EPT, L1 with */
	ck_assert_int_eq(nvmx_shadow_bitmaps(&l1, &hw, s, 1, rd, wr), 0);
	ck_assert(bit(rd, 0x201a));
	ck_assert_int_eq(nvmx_shadow_bitmaps(&hw, &hw, s, 1, rd, wr), 1);
	ck_assert(!bit(rd, 0x201a) && !bit(rd, 0x201b));
}
END_TEST

START_TEST(test_errors)
{
	static const uint32_t bad[] = { 0x6802, 0x7fff };

	setup(false, false);
	rd[0] = 0x5a;
	ck_assert_int_eq(nvmx_shadow_bitmaps(&hw, &l1, bad, 2, rd, wr),
			 NVMX_ENOENT);
	ck_assert_uint_eq(rd[0], 0x5a); /* untouched */
	ck_assert_int_eq(nvmx_shadow_bitmaps(NULL, &l1, set, 1, rd, wr),
			 NVMX_EINVAL);
	ck_assert_int_eq(nvmx_shadow_bitmaps(&hw, NULL, set, 1, rd, wr),
			 NVMX_EINVAL);
	ck_assert_int_eq(nvmx_shadow_bitmaps(&hw, &l1, NULL, 1, rd, wr),
			 NVMX_EINVAL);
	/* NULL bitmaps are allowed; empty set gives all ones */
	ck_assert_int_eq(nvmx_shadow_bitmaps(&hw, &l1, set, 6, NULL, NULL), 4);
	ck_assert_int_eq(nvmx_shadow_bitmaps(&hw, &l1, NULL, 0, rd, NULL), 0);
	for (unsigned int i = 0; i < NVMX_SHADOW_BITMAP_SIZE; i++)
		ck_assert_uint_eq(rd[i], 0xff);
}
END_TEST

static Suite *make_backend_shadow(void)
{
	Suite *s = suite_create("backend_shadow");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_bits);
	tcase_add_test(tc, test_misc29);
	tcase_add_test(tc, test_hw_lacks);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_backend_shadow);
