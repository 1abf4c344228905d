// SPDX-License-Identifier: MIT
/*
 * backend_sw.c - the ops dispatch and the software backend.
 *
 * Expected values are derived here from the SDM rules (width from encoding
 * bits 14:13, SDM Table B-1; errors 11/12/13 from SDM 31.3), not from the
 * library's tables.
 */
#include <nvmx/backend.h>

#include "suite.h"

static struct nvmx_model model;
static struct nvmx_vmcs12 vmcs;
static struct nvmx_backend be;

/* A model with IA32_VMX_MISC[29] as asked. */
static void setup_model(bool vmwrite_any)
{
	uint64_t misc;

	nvmx_model_init(&model, NVMX_PRESET_SKYLAKE_SERVER);
	misc = nvmx_model_get_msr(&model, NVMX_MSR_VMX_MISC);
	misc = vmwrite_any ? misc | (1ull << 29) : misc & ~(1ull << 29);
	ck_assert_int_eq(nvmx_model_set_msr(&model, NVMX_MSR_VMX_MISC, misc), 0);
	nvmx_vmcs12_init(&vmcs, &model);
}

/* SDM Table B-1: width by encoding bits 14:13. */
static uint64_t mask_of(uint32_t enc)
{
	switch ((enc >> 13) & 3) {
	case 0:
		return 0xffffull;
	case 2:
		return 0xffffffffull;
	default:
		return ~0ull;
	}
}

START_TEST(test_init_errors)
{
	setup_model(false);
	ck_assert_int_eq(nvmx_backend_init_sw(NULL, &model, &vmcs, 0),
			 NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_init_sw(&be, NULL, &vmcs, 0), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_init_sw(&be, &model, NULL, 0), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_init_sw(&be, &model, &vmcs, 2),
			 NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_init_sw(&be, &model, &vmcs, 0), 0);
	ck_assert_str_eq(be.ops->name, "software");
}
END_TEST

START_TEST(test_dispatch_errors)
{
	uint64_t v;
	struct nvmx_backend empty = { 0 };

	setup_model(false);
	ck_assert_int_eq(nvmx_backend_read(NULL, 0x6802, &v), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_write(NULL, 0x6802, 1), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_load(NULL), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_clear(NULL), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_launch(NULL), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_resume(NULL), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_read(&empty, 0x6802, &v), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_load(&empty), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_init_sw(&be, &model, &vmcs, 0), 0);
	ck_assert_int_eq(nvmx_backend_read(&be, 0x6802, NULL), NVMX_EINVAL);
	/* The software backend has no VMLAUNCH/VMRESUME. */
	ck_assert_int_eq(nvmx_backend_launch(&be), NVMX_ENOTSUP);
	ck_assert_int_eq(nvmx_backend_resume(&be), NVMX_ENOTSUP);
}
END_TEST

START_TEST(test_read_write_width)
{
	uint64_t v = 0;

	setup_model(false);
	ck_assert_int_eq(nvmx_backend_init_sw(&be, &model, &vmcs, 0), 0);
	/* natural width: all 64 bits */
	ck_assert_int_eq(nvmx_backend_write(&be, 0x6802, 0xfedcba9876543210ull),
			 0);
	ck_assert_int_eq(nvmx_backend_read(&be, 0x6802, &v), 0);
	ck_assert_uint_eq(v, 0xfedcba9876543210ull);
	/* 16-bit guest ES selector keeps bits 15:0 */
	ck_assert_int_eq(nvmx_backend_write(&be, 0x0800, 0x12345678ull), 0);
	ck_assert_int_eq(nvmx_backend_read(&be, 0x0800, &v), 0);
	ck_assert_uint_eq(v, 0x5678);
	/* 32-bit guest ES limit keeps bits 31:0 */
	ck_assert_int_eq(nvmx_backend_write(&be, 0x4800, 0x1122334455667788ull),
			 0);
	ck_assert_int_eq(nvmx_backend_read(&be, 0x4800, &v), 0);
	ck_assert_uint_eq(v, 0x55667788ull);
	/* 64-bit link pointer: high access writes and reads bits 63:32 */
	ck_assert_int_eq(nvmx_backend_write(&be, 0x2800, 0x00000000aaaabbbbull),
			 0);
	ck_assert_int_eq(nvmx_backend_write(&be, 0x2801, 0xffffffff12345678ull),
			 0);
	ck_assert_int_eq(nvmx_backend_read(&be, 0x2800, &v), 0);
	ck_assert_uint_eq(v, 0x12345678aaaabbbbull);
	ck_assert_int_eq(nvmx_backend_read(&be, 0x2801, &v), 0);
	ck_assert_uint_eq(v, 0x12345678ull);
}
END_TEST

START_TEST(test_unsupported_and_read_only)
{
	uint64_t v = 77;
	uint64_t proc2;

	setup_model(false);
	ck_assert_int_eq(nvmx_backend_init_sw(&be, &model, &vmcs, 0), 0);
	/* SDM 31.3: no such component -> 12, value untouched */
	ck_assert_int_eq(nvmx_backend_read(&be, 0x7fff, &v), 12);
	ck_assert_uint_eq(v, 77);
	ck_assert_int_eq(nvmx_backend_write(&be, 0x0801, 1), 12); /* high of 16-bit */
	/* exit reason is read-only: 13 without MISC[29] */
	ck_assert_int_eq(nvmx_backend_write(&be, 0x4402, 5), 13);
	ck_assert_int_eq(nvmx_backend_read(&be, 0x4402, &v), 0);
	ck_assert_uint_eq(v, 0);
	/* a field the model lacks: EPT pointer without secondary "enable EPT" */
	proc2 = nvmx_model_get_msr(&model, NVMX_MSR_VMX_PROCBASED_CTLS2);
	proc2 &= ~(2ull << 32);
	ck_assert_int_eq(nvmx_model_set_msr(&model, NVMX_MSR_VMX_PROCBASED_CTLS2,
					    proc2),
			 0);
	ck_assert_int_eq(nvmx_backend_write(&be, 0x201a, 1), 12);
	ck_assert_int_eq(nvmx_backend_read(&be, 0x201b, &v), 12);
}
END_TEST

START_TEST(test_read_only_with_misc29)
{
	uint64_t v = 0;

	setup_model(true);
	ck_assert_int_eq(nvmx_backend_init_sw(&be, &model, &vmcs, 0), 0);
	ck_assert_int_eq(nvmx_backend_write(&be, 0x4402, 0x80000021ull), 0);
	ck_assert_int_eq(nvmx_backend_read(&be, 0x4402, &v), 0);
	ck_assert_uint_eq(v, 0x80000021ull);
}
END_TEST

/* The privileged backend writes read-only fields; existence still holds. */
START_TEST(test_privileged)
{
	uint64_t v = 0, proc2;

	setup_model(false);
	ck_assert_int_eq(nvmx_backend_init_sw(&be, &model, &vmcs,
					      NVMX_BACKEND_PRIVILEGED),
			 0);
	ck_assert_int_eq(nvmx_backend_write(&be, 0x4402, 0x1234567890ull), 0);
	ck_assert_int_eq(nvmx_backend_read(&be, 0x4402, &v), 0);
	ck_assert_uint_eq(v, 0x34567890ull);
	ck_assert_int_eq(nvmx_backend_write(&be, 0x6400, ~0ull), 0);
	ck_assert_int_eq(nvmx_backend_read(&be, 0x6400, &v), 0);
	ck_assert_uint_eq(v, ~0ull);
	ck_assert_int_eq(nvmx_backend_write(&be, 0x2400, 0x1111ull), 0);
	ck_assert_int_eq(nvmx_backend_write(&be, 0x2401, 0x2222ull), 0);
	ck_assert_int_eq(nvmx_backend_read(&be, 0x2400, &v), 0);
	ck_assert_uint_eq(v, 0x0000222200001111ull);
	ck_assert_int_eq(nvmx_backend_write(&be, 0x7fff, 1), 12);
	ck_assert_int_eq(nvmx_backend_write(&be, 0x4401, 1), 12);
	proc2 = nvmx_model_get_msr(&model, NVMX_MSR_VMX_PROCBASED_CTLS2);
	ck_assert_int_eq(nvmx_model_set_msr(&model, NVMX_MSR_VMX_PROCBASED_CTLS2,
					    proc2 & ~(2ull << 32)),
			 0);
	/* guest-physical address exists only with EPT */
	ck_assert_int_eq(nvmx_backend_write(&be, 0x2400, 1), 12);
}
END_TEST

/* Every existing field: privileged write of a pattern, read back masked. */
START_TEST(test_all_fields_round_trip)
{
	unsigned int checked = 0;

	nvmx_model_init(&model, NVMX_PRESET_MAX);
	nvmx_vmcs12_init(&vmcs, &model);
	ck_assert_int_eq(nvmx_backend_init_sw(&be, &model, &vmcs,
					      NVMX_BACKEND_PRIVILEGED),
			 0);
	/* Every encoding with reserved bits 31:15 and 12 clear. */
	for (uint32_t enc = 0; enc < 0x8000; enc++) {
		uint64_t pat = 0x8877665544332211ull ^ ((uint64_t)enc << 24);
		uint64_t v = 0;
		int w;

		if (enc & 0x1000)
			continue;
		w = nvmx_backend_write(&be, enc, pat);
		if (!nvmx_field_exists(&model, enc)) {
			ck_assert_int_eq(w, 12);
			ck_assert_int_eq(nvmx_backend_read(&be, enc, &v), 12);
			continue;
		}
		ck_assert_int_eq(w, 0);
		ck_assert_int_eq(nvmx_backend_read(&be, enc, &v), 0);
		if (enc & 1) /* high access: bits 31:0 of the source */
			ck_assert_uint_eq(v, pat & 0xffffffffull);
		else
			ck_assert_uint_eq(v, pat & mask_of(enc));
		checked++;
	}
	/* 206 fields in the table; 64-bit ones add a high encoding each. */
	ck_assert_uint_gt(checked, 206);
}
END_TEST

START_TEST(test_load_clear)
{
	uint64_t proc2;

	setup_model(false);
	ck_assert_int_eq(nvmx_backend_init_sw(&be, &model, &vmcs, 0), 0);
	ck_assert_int_eq(nvmx_backend_load(&be), 0);
	/* SDM 31.3 VMPTRLD: wrong revision identifier -> 11 */
	vmcs.revision_id ^= 1;
	ck_assert_int_eq(nvmx_backend_load(&be), 11);
	vmcs.revision_id ^= 1;
	/* shadow-VMCS indicator: fine with VMCS shadowing, else 11 */
	vmcs.revision_id |= 0x80000000u;
	ck_assert_int_eq(nvmx_backend_load(&be), 0);
	proc2 = nvmx_model_get_msr(&model, NVMX_MSR_VMX_PROCBASED_CTLS2);
	ck_assert_int_eq(nvmx_model_set_msr(&model, NVMX_MSR_VMX_PROCBASED_CTLS2,
					    proc2 & ~(1ull << (32 + 14))),
			 0);
	ck_assert_int_eq(nvmx_backend_load(&be), 11);
	/* VMCLEAR makes the launch state clear */
	vmcs.launch_state = NVMX_LAUNCH_LAUNCHED;
	ck_assert_int_eq(nvmx_backend_clear(&be), 0);
	ck_assert_uint_eq(vmcs.launch_state, NVMX_LAUNCH_CLEAR);
}
END_TEST

START_TEST(test_status_helpers)
{
	ck_assert(!nvmx_vmfail_valid(NVMX_VMSUCCEED));
	ck_assert(nvmx_vmfail_valid(12));
	ck_assert(nvmx_vmfail_valid(0xffff));
	ck_assert(!nvmx_vmfail_valid(NVMX_VMFAIL_INVALID));
	ck_assert(!nvmx_vmfail_valid(NVMX_VMFAIL_VALID_UNKNOWN));
	ck_assert(!nvmx_vmfail_valid(NVMX_EINVAL));
}
END_TEST

static Suite *make_backend_sw(void)
{
	Suite *s = suite_create("backend_sw");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_init_errors);
	tcase_add_test(tc, test_dispatch_errors);
	tcase_add_test(tc, test_read_write_width);
	tcase_add_test(tc, test_unsupported_and_read_only);
	tcase_add_test(tc, test_read_only_with_misc29);
	tcase_add_test(tc, test_privileged);
	tcase_add_test(tc, test_all_fields_round_trip);
	tcase_add_test(tc, test_load_clear);
	tcase_add_test(tc, test_status_helpers);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_backend_sw);
