// SPDX-License-Identifier: MIT
/*
 * exhaustive.c - all 2^32 encodings through nvmx_field_lookup, VMREAD and
 * VMWRITE.
 *
 * Expected outcome per encoding comes from the independent list
 * (field_list.h) and this test's own existence rule, not from the library:
 * exactly the listed full encodings, and enc | 1 of the listed 64-bit
 * fields, succeed when the model has the field; every other encoding gives
 * VM-instruction error 12 (SDM 31.3 VMREAD/VMWRITE, Table B-1).
 *
 * "A failed VMREAD/VMWRITE changes nothing": the region is filled with a
 * byte pattern and kept as a snapshot. A failed VMREAD must leave the
 * output untouched; after a successful VMWRITE the region is restored from
 * the snapshot; the whole 4 KiB region is compared with the snapshot every
 * 64 Ki encodings and at the end, so any byte a failed VMWRITE wrote is
 * caught (the written value 0x5a.. never equals the pattern's 8 bytes).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvmx/vmcs12.h>

#include "field_list.h"
#include "suite.h"

#define WVAL 0x5a5a5a5a5a5a5a5aull
#define RSENTINEL 0xc3c3c3c3c3c3c3c3ull

struct sweep_result {
	uint64_t ok_lookup, ok_read, ok_write;	/* successes seen */
	uint64_t bad;				/* wrong outcomes */
	uint32_t first_bad;			/* first wrong encoding */
	const char *first_what;
	uint64_t region_changed;		/* memcmp mismatches */
};

static uint8_t expect_ok[0x8000];

static void fill_pattern(struct nvmx_vmcs12 *v)
{
	unsigned char *b = (unsigned char *)v;

	for (size_t i = 0; i < sizeof(*v); i++)
		b[i] = (unsigned char)(i * 0x9d + 0x3b);
}

/* Which encodings below 2^15 must succeed on model m (own rule). */
static unsigned int build_expect(const struct nvmx_model *m)
{
	unsigned int n = 0;

	memset(expect_ok, 0, sizeof(expect_ok));
	for (size_t i = 0; i < SPEC_FIELD_COUNT; i++) {
		const struct spec_field *f = &spec_fields[i];

		if (!spec_exists(m, f))
			continue;
		expect_ok[f->enc] = 1;
		n++;
		if (f->width == SPEC_W64) {
			expect_ok[f->enc | 1] = 1;
			n++;
		}
	}
	return n;
}

static inline void note_bad(struct sweep_result *r, uint32_t e, const char *what)
{
	if (!r->bad++) {
		r->first_bad = e;
		r->first_what = what;
	}
}

/* One thread's share of the sweep: encodings first, first + step, ...
 * up to last. */
struct sweep_job {
	const struct nvmx_model *m;
	int with_lookup;
	uint32_t first, last, step;
	struct sweep_result r;
	struct nvmx_vmcs12 region, snapshot;
};

static void *sweep_range(void *arg)
{
	struct sweep_job *j = arg;
	const struct nvmx_model *m = j->m;
	struct nvmx_vmcs12 *region = &j->region;
	struct sweep_result *r = &j->r;
	uint32_t e = j->first, step = j->step ? j->step : 1;
	uint32_t since_check = 0;

	memset(r, 0, sizeof(*r));
	fill_pattern(region);
	memcpy(&j->snapshot, region, sizeof(*region));
	for (;;) {
		int ok = e < 0x8000 && expect_ok[e];
		uint64_t val = RSENTINEL;
		int rc;

		if (j->with_lookup) {
			const struct nvmx_field_info *f = nvmx_field_lookup(e);

			if (!f != !ok)
				note_bad(r, e, "lookup");
			else if (f) {
				r->ok_lookup++;
				if (f->encoding != (e & ~1u))
					note_bad(r, e, "lookup encoding");
			}
		}

		rc = nvmx_vmread(m, region, e, &val);
		if (ok) {
			if (rc != 0)
				note_bad(r, e, "vmread should succeed");
			else
				r->ok_read++;
		} else if (rc != NVMX_VMERR_UNSUPPORTED_FIELD ||
			   val != RSENTINEL) {
			note_bad(r, e, "vmread should fail with 12, untouched");
		}

		rc = nvmx_vmwrite(m, region, e, WVAL);
		if (ok) {
			if (rc != 0)
				note_bad(r, e, "vmwrite should succeed");
			else
				r->ok_write++;
			memcpy(region, &j->snapshot, sizeof(*region));
		} else if (rc != NVMX_VMERR_UNSUPPORTED_FIELD) {
			note_bad(r, e, "vmwrite should fail with 12");
		}

		if (++since_check == 0x10000) {
			since_check = 0;
			if (memcmp(region, &j->snapshot, sizeof(*region)) != 0) {
				r->region_changed++;
				note_bad(r, e, "region changed by a failed access");
				memcpy(region, &j->snapshot, sizeof(*region));
			}
		}
		if (j->last - e < step)
			break;
		e += step;
	}
	if (memcmp(region, &j->snapshot, sizeof(*region)) != 0)
		r->region_changed++;
	return NULL;
}

/*
 * NVMX_EXHAUSTIVE_STRIDE=S (set by scripts/ci-sanitize.sh and
 * ci-coverage.sh, where 2^32 instrumented calls take too long): every
 * encoding below 2^16 (all fields, all reserved-bit-free encodings) is
 * still visited, above it only every S-th value. Unset or 1: everything.
 */
static uint32_t stride(void)
{
	const char *s = getenv("NVMX_EXHAUSTIVE_STRIDE");
	unsigned long v = s ? strtoul(s, NULL, 0) : 1;

	return v > 1 && v < 0x10000 ? (uint32_t)v : 1;
}

/*
 * The whole 2^32 space in two halves on two threads (the machine has two
 * cores; the halves are independent: each has its own region). Strided:
 * the low 2^16 on one thread, the strided rest on the other.
 */
static void sweep(const struct nvmx_model *m, int with_lookup,
		  struct sweep_result *out)
{
	static struct sweep_job jobs[2];
	uint32_t st = stride();
	pthread_t t;

	for (int i = 0; i < 2; i++) {
		jobs[i].m = m;
		jobs[i].with_lookup = with_lookup;
		jobs[i].step = 1;
	}
	if (st == 1) {
		jobs[0].first = 0;
		jobs[0].last = 0x7fffffffu;
		jobs[1].first = 0x80000000u;
		jobs[1].last = 0xffffffffu;
	} else {
		fprintf(stderr, "NVMX_EXHAUSTIVE_STRIDE=%u: encodings >= 2^16 "
				"strided\n", st);
		jobs[0].first = 0;
		jobs[0].last = 0xffffu;
		jobs[1].first = 0x10000u;
		jobs[1].last = 0xffffffffu;
		jobs[1].step = st;
	}
	ck_assert_int_eq(pthread_create(&t, NULL, sweep_range, &jobs[1]), 0);
	sweep_range(&jobs[0]);
	ck_assert_int_eq(pthread_join(t, NULL), 0);

	*out = jobs[0].r;
	out->ok_lookup += jobs[1].r.ok_lookup;
	out->ok_read += jobs[1].r.ok_read;
	out->ok_write += jobs[1].r.ok_write;
	out->region_changed += jobs[1].r.region_changed;
	if (jobs[1].r.bad && !out->bad) {
		out->first_bad = jobs[1].r.first_bad;
		out->first_what = jobs[1].r.first_what;
	}
	out->bad += jobs[1].r.bad;
}

static void report(const char *what, const struct sweep_result *r)
{
	if (r->bad)
		fprintf(stderr, "%s: %llu wrong outcomes, first at 0x%08x (%s)\n",
			what, (unsigned long long)r->bad, r->first_bad,
			r->first_what);
}

START_TEST(test_sweep_max)
{
	struct nvmx_model m;
	struct sweep_result r;
	unsigned int n;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	n = build_expect(&m);
	/* MAX has every field: 206 full encodings + one high per 64-bit field */
	ck_assert_uint_eq(n, SPEC_EXPECTED_COUNT + 78);
	/* MAX allows VMWRITE to read-only fields, so all of them succeed */
	ck_assert(nvmx_model_get_msr(&m, NVMX_MSR_VMX_MISC) &
		  NVMX_MISC_VMWRITE_ANY);
	sweep(&m, 1, &r);
	report("max", &r);
	ck_assert_uint_eq(r.bad, 0);
	ck_assert_uint_eq(r.region_changed, 0);
	ck_assert_uint_eq(r.ok_lookup, n);
	ck_assert_uint_eq(r.ok_read, n);
	ck_assert_uint_eq(r.ok_write, n);
}
END_TEST

/*
 * A preset without many features: the gated fields it lacks must give 12.
 * Existence depends only on bits 14:0 of an encoding (the rest must be 0),
 * so this sweep covers every value of bits 15:0, each combined with bits
 * 31:16 = 0, each single bit of 31:16, and all of 31:16: 18 x 2^16
 * encodings. (The full 2^32 space, reserved bits included, is swept for
 * MAX above; sweeping it again here would double the test's run time.)
 * Lookup is model-independent and was swept above.
 */
START_TEST(test_sweep_skylake)
{
	static struct sweep_job job;
	struct nvmx_model m, max;
	uint64_t ok_read = 0, ok_write = 0;
	unsigned int n, n_max;

	nvmx_model_init(&max, NVMX_PRESET_MAX);
	n_max = build_expect(&max);
	nvmx_model_init(&m, NVMX_PRESET_SKYLAKE_SERVER);
	n = build_expect(&m);
	ck_assert_uint_lt(n, n_max); /* the sweep really covers missing fields */
	/* e.g. tertiary controls, HLAT, FRED, CET are not on Skylake */
	ck_assert(!expect_ok[0x2034] && !expect_ok[0x2040] &&
		  !expect_ok[0x281a] && !expect_ok[0x6828]);
	for (int hb = -1; hb <= 16; hb++) {
		uint32_t hi = hb < 0 ? 0 : hb == 16 ? 0xffff0000u
						    : 1u << (16 + hb);

		job.m = &m;
		job.with_lookup = 0;
		job.first = hi;
		job.last = hi | 0xffffu;
		job.step = 1;
		sweep_range(&job);
		report("skylake-server", &job.r);
		ck_assert_uint_eq(job.r.bad, 0);
		ck_assert_uint_eq(job.r.region_changed, 0);
		ok_read += job.r.ok_read;
		ok_write += job.r.ok_write;
	}
	ck_assert_uint_eq(ok_read, n);
	ck_assert_uint_eq(ok_write, n);
}
END_TEST

static Suite *make_exhaustive(void)
{
	Suite *s = suite_create("exhaustive");
	TCase *tc = tcase_create("sweep");

	/* timeout comes from CK_DEFAULT_TIMEOUT (tests/meson.build) */
	tcase_add_test(tc, test_sweep_max);
	tcase_add_test(tc, test_sweep_skylake);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_exhaustive);
