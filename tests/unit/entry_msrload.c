// SPDX-License-Identifier: MIT
/*
 * entry_msrload.c - loading MSRs from the VM-entry MSR-load area (SDM
 * 27.4): VM-entry failure, exit reason 34, qualification = 1-based index
 * of the failing entry.
 */
#include <stdlib.h>

#include "entry_common.h"

#define MAXP NVMX_PRESET_MAX
#define SKX NVMX_PRESET_SKYLAKE_SERVER

static void put_entry(struct eb_state *s, unsigned int i, uint64_t lo, uint64_t val)
{
	eb_mem_put64(&s->mem, EB_MSRLOAD_GPA + 16 * i, lo);
	eb_mem_put64(&s->mem, EB_MSRLOAD_GPA + 16 * i + 8, val);
}

#define LOAD(n)                                                                \
	(EB_SET(v, VM_ENTRY_MSR_LOAD_COUNT, n),                                \
	 EB_SET(v, VM_ENTRY_MSR_LOAD_ADDR, EB_MSRLOAD_GPA))
/* entry 0: IA32_TSC_AUX 5 (valid), entry 1: the one under test */
#define TWO(idx, val) (LOAD(2), put_entry(s, 0, 0xc0000103u, 5), put_entry(s, 1, idx, val))

MUT(ok3, LOAD(3); put_entry(s, 0, 0x10, 12345); put_entry(s, 1, 0x277, 0x0007040600070406ull);
    put_entry(s, 2, 0xc0000082u, 0xffffffff81000000ull))
MUT(fs_base, TWO(0xc0000100u, 0))
MUT(gs_base, TWO(0xc0000101u, 0))
MUT(kgs_base_ok, TWO(0xc0000102u, 0xffff888000000000ull))
MUT(x2apic_lo, TWO(0x800, 0))
MUT(x2apic_hi, TWO(0x8ff, 0))
MUT(x2apic_edge, TWO(0x900, 0))
MUT(smm_ctl, TWO(0x9b, 0))
MUT(bios_updt, TWO(0x79, 0))
MUT(bios_sign, TWO(0x8b, 0))
MUT(rsvd, TWO(0x10ull | (1ull << 32), 0))
MUT(rsvd_hi, TWO(0x10ull | (1ull << 63), 0))
MUT(efer_gp, TWO(0xc0000080u, 0x2))
MUT(pat_gp, TWO(0x277, 0x0000000000000002ull))
MUT(lstar_gp, TWO(0xc0000082u, 0x0000800000000000ull))
MUT(lstar_la57, TWO(0xc0000082u, 0x0000800000000000ull))
MUT(fmask_gp, TWO(0xc0000084u, 1ull << 32))
MUT(first_of_two_bad, LOAD(2); put_entry(s, 0, 0x808, 0); put_entry(s, 1, 0xc0000100u, 0))
/* count above 512 * (MISC[27:25] + 1) = 512: entries 1..512 are loaded
 * (zero-filled memory = MSR 0 with value 0, accepted), entry 513 fails */
MUT(count_513, LOAD(513))
MUT(count_512, LOAD(512))
MUT(no_callback, LOAD(1); e->read_gpa = NULL)
MUT(read_fails, EB_SET(v, VM_ENTRY_MSR_LOAD_COUNT, 1);
    EB_SET(v, VM_ENTRY_MSR_LOAD_ADDR, 0x200000))
/* SMM: IA32_SMM_MONITOR_CTL may be loaded by an entry executed in SMM */
MUT(x2apic_7ff, TWO(0x7ff, 0))
MUT(smm_ctl_in_smm, TWO(0x9b, 0); e->in_smm = true)
MUT(bios_neighbour, TWO(0x8a, 0))
MUT(ctl_and_msr, TWO(0xc0000100u, 0); EB_SET(v, CR3_TARGET_COUNT, 9))

#define MSRF(ID, q, preset, fn)                                                \
	EC_ENTRYFAIL(ID, 34, q, NONE, preset, fn)

static const struct entry_case msr_cases[] = {
	EC_PASS(ok3, MAXP),
	EC_PASS(ok3, SKX),
	MSRF(MSRLOAD_FSGS_BASE, 2, MAXP, fs_base),
	MSRF(MSRLOAD_FSGS_BASE, 2, MAXP, gs_base),
	EC_PASS(kgs_base_ok, MAXP),
	MSRF(MSRLOAD_X2APIC, 2, MAXP, x2apic_lo),
	MSRF(MSRLOAD_X2APIC, 2, MAXP, x2apic_hi),
	EC_PASS(x2apic_edge, MAXP),
	MSRF(MSRLOAD_SMM_ONLY, 2, MAXP, smm_ctl),
	MSRF(MSRLOAD_MODEL_SPECIFIC, 2, MAXP, bios_updt),
	MSRF(MSRLOAD_MODEL_SPECIFIC, 2, MAXP, bios_sign),
	MSRF(MSRLOAD_RSVD, 2, MAXP, rsvd),
	MSRF(MSRLOAD_RSVD, 2, MAXP, rsvd_hi),
	MSRF(MSRLOAD_WRMSR_GP, 2, MAXP, efer_gp),
	MSRF(MSRLOAD_WRMSR_GP, 2, MAXP, pat_gp),
	MSRF(MSRLOAD_WRMSR_GP, 2, SKX, lstar_gp),
	EC_PASS(lstar_la57, MAXP),
	MSRF(MSRLOAD_WRMSR_GP, 2, MAXP, fmask_gp),
	MSRF(MSRLOAD_X2APIC, 1, MAXP, first_of_two_bad),
	MSRF(MSRLOAD_COUNT, 513, MAXP, count_513),
	EC_PASS(count_512, MAXP),
	MSRF(MSRLOAD_RSVD, 1, MAXP, no_callback),
	MSRF(MSRLOAD_RSVD, 1, MAXP, read_fails),
	EC_CTL(CTL_EXEC_CR3_COUNT, CR3_TARGET_COUNT, MAXP, ctl_and_msr),
	EC_EDGE(MSRLOAD_FSGS_BASE, kgs_base_ok, MAXP),
	EC_EDGE(MSRLOAD_X2APIC, x2apic_edge, MAXP),
	EC_EDGE(MSRLOAD_X2APIC, x2apic_7ff, MAXP),
	EC_EDGE(MSRLOAD_SMM_ONLY, smm_ctl_in_smm, MAXP),
	EC_EDGE(MSRLOAD_MODEL_SPECIFIC, bios_neighbour, MAXP),
	EC_EDGE(MSRLOAD_RSVD, ok3, MAXP),
	EC_EDGE(MSRLOAD_WRMSR_GP, lstar_la57, MAXP),
	EC_EDGE(MSRLOAD_COUNT, count_512, MAXP),
};
ENTRY_CASE_TABLE(msr_cases);

/* A guest-state failure comes before the MSR load (SDM 27.3 before 27.4). */
START_TEST(test_guest_before_msrload)
{
	struct eb_state *s = malloc(sizeof(*s));
	struct nvmx_check_failure f;
	struct nvmx_vmcs12 *v = &s->v;

	eb_state_64(s, MAXP);
	s->env.opaque = &s->mem;
	TWO(0xc0000100u, 0);
	EB_SET(v, GUEST_RFLAGS, 0); /* reserved bit 1 must be 1 (27.3.1.4) */
	ck_assert_int_eq(eb_check(s, &f), 1);
	ck_assert_int_eq(f.outcome, NVMX_OUTCOME_ENTRY_FAIL);
	ck_assert_uint_eq(f.exit_reason, 33);
	free(s);
}
END_TEST

/* Each entry is read once; the reads stop at the failing entry. */
START_TEST(test_reads_stop_at_failure)
{
	struct eb_state *s = malloc(sizeof(*s));
	struct nvmx_check_failure f;
	struct nvmx_vmcs12 *v = &s->v;

	eb_state_64(s, MAXP);
	s->env.opaque = &s->mem;
	LOAD(10);
	put_entry(s, 3, 0xc0000100u, 0);
	ck_assert_int_eq(eb_check(s, &f), 1);
	ck_assert_int_eq(f.id, NVMX_CHECK_MSRLOAD_FSGS_BASE);
	ck_assert_uint_eq(f.exit_qual, 4);
	ck_assert_uint_eq(s->mem.reads, 4);
	free(s);
}
END_TEST

static Suite *make_entry_msrload(void)
{
	Suite *s = suite_create("entry_msrload");
	TCase *tc = tcase_create("msrload");

	tcase_add_test(tc, test_guest_before_msrload);
	tcase_add_test(tc, test_reads_stop_at_failure);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_entry_msrload);
