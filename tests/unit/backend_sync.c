// SPDX-License-Identifier: MIT
/*
 * backend_sync.c - copying field sets between backends.
 */
#include <nvmx/backend.h>

#include "suite.h"

static struct nvmx_model m_full, m_small;
static struct nvmx_vmcs12 va, vb;
static struct nvmx_backend a, b;

static void setup(void)
{
	uint64_t proc2;

	nvmx_model_init(&m_full, NVMX_PRESET_SKYLAKE_SERVER);
	nvmx_model_init(&m_small, NVMX_PRESET_SKYLAKE_SERVER);
	/* no IA32_VMX_MISC[29]: VMWRITE of read-only fields gives 13 */
	ck_assert_int_eq(nvmx_model_set_msr(&m_full, NVMX_MSR_VMX_MISC,
					    nvmx_model_get_msr(&m_full,
							       NVMX_MSR_VMX_MISC) &
						    ~(1ull << 29)),
			 0);
	/* m_small: no "enable EPT" (no EPT pointer, no guest-physical address) */
	proc2 = nvmx_model_get_msr(&m_small, NVMX_MSR_VMX_PROCBASED_CTLS2);
	ck_assert_int_eq(nvmx_model_set_msr(&m_small,
					    NVMX_MSR_VMX_PROCBASED_CTLS2,
					    proc2 & ~(2ull << 32)),
			 0);
	nvmx_vmcs12_init(&va, &m_full);
	nvmx_vmcs12_init(&vb, &m_full);
}

static const uint32_t set[] = {
	0x6802, /* guest CR3 */
	0x681e, /* guest RIP */
	0x0800, /* guest ES selector */
	0x4826, /* activity state */
	0x2800, /* link pointer */
	0x201a, /* EPT pointer */
	0x4402, /* exit reason (read-only) */
};
#define NSET (sizeof(set) / sizeof(set[0]))

START_TEST(test_copy_all)
{
	size_t done = 99;
	uint64_t v;

	setup();
	ck_assert_int_eq(nvmx_backend_init_sw(&a, &m_full, &va,
					      NVMX_BACKEND_PRIVILEGED),
			 0);
	ck_assert_int_eq(nvmx_backend_init_sw(&b, &m_full, &vb,
					      NVMX_BACKEND_PRIVILEGED),
			 0);
	for (size_t i = 0; i < NSET; i++)
		ck_assert_int_eq(nvmx_backend_write(&a, set[i],
						    0x1000 + 0x11 * i),
				 0);
	ck_assert_int_eq(nvmx_backend_sync(&b, &a, set, NSET, &done), 0);
	ck_assert_uint_eq(done, NSET);
	for (size_t i = 0; i < NSET; i++) {
		ck_assert_int_eq(nvmx_backend_read(&b, set[i], &v), 0);
		ck_assert_uint_eq(v, 0x1000 + 0x11 * i);
	}
	/* a field outside the set stays as it was */
	ck_assert_int_eq(nvmx_backend_read(&b, 0x6800, &v), 0);
	ck_assert_uint_eq(v, 0);
	/* empty set */
	ck_assert_int_eq(nvmx_backend_sync(&b, &a, NULL, 0, &done), 0);
	ck_assert_uint_eq(done, 0);
}
END_TEST

START_TEST(test_failures)
{
	size_t done = 99;
	uint64_t v;

	setup();
	ck_assert_int_eq(nvmx_backend_init_sw(&a, &m_full, &va,
					      NVMX_BACKEND_PRIVILEGED),
			 0);
	/* destination model without EPT: stops at index 5 with error 12 */
	ck_assert_int_eq(nvmx_backend_init_sw(&b, &m_small, &vb,
					      NVMX_BACKEND_PRIVILEGED),
			 0);
	ck_assert_int_eq(nvmx_backend_write(&a, 0x681e, 0xabc), 0);
	ck_assert_int_eq(nvmx_backend_sync(&b, &a, set, NSET, &done), 12);
	ck_assert_uint_eq(done, 5);
	ck_assert_int_eq(nvmx_backend_read(&b, 0x681e, &v), 0);
	ck_assert_uint_eq(v, 0xabc);
	/* source lacking the field: same index, read error */
	ck_assert_int_eq(nvmx_backend_sync(&a, &b, set, NSET, &done), 12);
	ck_assert_uint_eq(done, 5);
	/* unprivileged destination: exit reason is read-only -> 13 at 6 */
	ck_assert_int_eq(nvmx_backend_init_sw(&b, &m_full, &vb, 0), 0);
	ck_assert_int_eq(nvmx_backend_sync(&b, &a, set, NSET, &done), 13);
	ck_assert_uint_eq(done, 6);
	/* load failure of the source (bad revision) -> 11, nothing copied */
	va.revision_id ^= 1;
	ck_assert_int_eq(nvmx_backend_sync(&b, &a, set, NSET, &done), 11);
	ck_assert_uint_eq(done, 0);
	/* misuse */
	ck_assert_int_eq(nvmx_backend_sync(NULL, &a, set, NSET, &done),
			 NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_sync(&b, NULL, set, NSET, NULL),
			 NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_sync(&b, &a, NULL, 1, &done),
			 NVMX_EINVAL);
}
END_TEST

/*
 * A recording backend: logs loads, holds 8 fields (encodings 0x6800 +
 * 2*i), and has a "current" flag like a hardware VMCS: accesses fail with
 * VMfailInvalid unless it was the last one loaded.
 */
struct rec {
	uint64_t val[8];
	char log[512];
	size_t len;
	char tag;
};
static struct nvmx_backend *current;

static int rec_read(struct nvmx_backend *be, uint32_t enc, uint64_t *v)
{
	struct rec *r = be->priv;

	if (current != be)
		return NVMX_VMFAIL_INVALID;
	if (enc < 0x6800 || enc > 0x680e || (enc & 1))
		return 12;
	*v = r->val[(enc - 0x6800) / 2];
	return 0;
}

static int rec_write(struct nvmx_backend *be, uint32_t enc, uint64_t v)
{
	struct rec *r = be->priv;

	if (current != be)
		return NVMX_VMFAIL_INVALID;
	if (enc < 0x6800 || enc > 0x680e || (enc & 1))
		return 12;
	r->val[(enc - 0x6800) / 2] = v;
	return 0;
}

static int rec_load(struct nvmx_backend *be)
{
	struct rec *r = be->priv;

	current = be;
	if (r->len < sizeof(r->log) - 1)
		r->log[r->len++] = r->tag;
	return 0;
}

static const struct nvmx_backend_ops rec_ops = {
	.name = "rec", .read = rec_read, .write = rec_write, .load = rec_load,
};

/* Two "current-VMCS" backends can be synced: each batch reloads. */
START_TEST(test_two_current_vmcs_backends)
{
	static struct rec ra, rb;
	struct nvmx_backend x = { .ops = &rec_ops, .priv = &ra };
	struct nvmx_backend y = { .ops = &rec_ops, .priv = &rb };
	uint32_t s[100];
	size_t done;

	ra = (struct rec){ .tag = 's' };
	rb = (struct rec){ .tag = 'd' };
	for (int i = 0; i < 8; i++)
		ra.val[i] = 100 + i;
	/* 100 entries cycling over the 8 fields */
	for (int i = 0; i < 100; i++)
		s[i] = 0x6800 + 2 * (i % 8);
	current = NULL;
	ck_assert_int_eq(nvmx_backend_sync(&y, &x, s, 100, &done), 0);
	ck_assert_uint_eq(done, 100);
	for (int i = 0; i < 8; i++)
		ck_assert_uint_eq(rb.val[i], 100 + i);
	/* the destination is current afterwards */
	ck_assert_ptr_eq(current, &y);
	/* every load of the source is followed by a load of the destination */
	ck_assert_uint_eq(ra.len, rb.len);
	ck_assert_uint_ge(ra.len, 1);
	/* a failing write in the middle: 12 at index 50 */
	s[50] = 0x6812;
	ck_assert_int_eq(nvmx_backend_sync(&y, &x, s, 100, &done), 12);
	ck_assert_uint_eq(done, 50);
}
END_TEST

static Suite *make_backend_sync(void)
{
	Suite *s = suite_create("backend_sync");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_copy_all);
	tcase_add_test(tc, test_failures);
	tcase_add_test(tc, test_two_current_vmcs_backends);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_backend_sync);
