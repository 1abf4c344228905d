/* SPDX-License-Identifier: MIT */
/*
 * entry_internal.h - what the check groups (controls.c, host.c, guest.c,
 * msr_load.c) share with entry.c.
 *
 * Each group is one function that walks its checks in SDM order and calls
 * nvmx_entry_fail() for each violated check. In first-failure mode
 * nvmx_entry_fail() returns true and the group returns at once; in
 * diagnostic mode it records the failure and returns false, and the group
 * goes on (a group may still stop early when later checks of the group
 * cannot be evaluated meaningfully, e.g. memory that cannot be read).
 */
/*
 * NOTE (entry helper, additive changes to the contract):
 *  - nvmx_entry_fail_at(c, id, qual, field): like nvmx_entry_fail_qual but
 *    also overrides the row's field (a check that covers several fields,
 *    e.g. HOST_SEL_RPL_TI, reports the one at fault). field 0 keeps the row's.
 *  - nvmx_entry_read(c, gpa, buf, len): reads L1 memory through
 *    env->read_gpa. Policy for a NULL callback or a failed read: the bytes
 *    read as all ones (what a read of non-existent memory returns) and the
 *    function returns false; checks then evaluate the all-ones value (so an
 *    unreadable MSR-load entry fails MSRLOAD_RSVD, an unreadable VTPR passes).
 *  - Tests: tests/unit/entry_common.h has the case-table registry
 *    (ENTRY_CASE_TABLE); every tests/unit/entry_*.c is linked into ONE
 *    executable "entry" whose coverage test requires a failing case for
 *    every check ID. The guest helper's cases go in tests/unit/entry_guest.c
 *    (picked up automatically by tests/meson.build when it exists).
 *  - nvmx_paw_ok/nvmx_page_ok/nvmx_canonical/nvmx_canonical_max are now
 *    static inline here (same names and signatures; speed).
 *  - doc/checks.md is GENERATED from checks.def (doc/gen_checks_md.c); the
 *    unit test "checks_doc" fails when it is stale: after editing rows run
 *    `ninja -C build-<you> checks-doc` and commit doc/checks.md too.
 */
#ifndef NVMX_ENTRY_INTERNAL_H
#define NVMX_ENTRY_INTERNAL_H

#include <nvmx/entry.h>

#include "fields/fields_internal.h"

struct nvmx_entry_ctx {
	const struct nvmx_model *m;
	const struct nvmx_vmcs12 *v;
	const struct nvmx_entry_env *env;
	struct nvmx_entry_result *out;
	bool all;		/* diagnostic mode: collect every failure */
	unsigned int failures;	/* number of failures recorded */
};

/*
 * Record failure of check id (outcome, number and field from checks.def).
 * qual overrides the row's exit qualification when non-zero is needed
 * (MSR-load entry index). Returns true when checking must stop.
 */
bool nvmx_entry_fail(struct nvmx_entry_ctx *c, enum nvmx_check_id id);
bool nvmx_entry_fail_qual(struct nvmx_entry_ctx *c, enum nvmx_check_id id,
			  uint64_t qual);

/* Same, reporting field (an encoding; 0 keeps the row's field). */
bool nvmx_entry_fail_at(struct nvmx_entry_ctx *c, enum nvmx_check_id id,
			uint64_t qual, uint32_t field);

/* Read L1 memory via env->read_gpa; on a NULL callback or a failed read
 * fill buf with all ones and return false (see the note above). */
bool nvmx_entry_read(struct nvmx_entry_ctx *c, uint64_t gpa, void *buf,
		     size_t len);

/* Fail check ID and return from the calling (void) group if told to stop. */
#define NVMX_FAIL(c, ID)                                                       \
	do {                                                                   \
		if (nvmx_entry_fail((c), NVMX_CHECK_##ID))                     \
			return;                                                \
	} while (0)

/* Field value by constant suffix: F(c, GUEST_CR3). Existence is not checked:
 * a field the model lacks reads as whatever the region holds (0 after
 * nvmx_vmcs12_init); checks consult only fields their controls enable. */
#define NVMX_F(c, NAME) ((c)->v->field[NVMX_IDX_##NAME])

/* The check groups, in the order entry.c runs them. */
void nvmx_check_controls(struct nvmx_entry_ctx *c);	/* controls.c */
void nvmx_check_host(struct nvmx_entry_ctx *c);		/* host.c */
void nvmx_check_guest(struct nvmx_entry_ctx *c);	/* guest.c */
void nvmx_check_msr_load(struct nvmx_entry_ctx *c);	/* msr_load.c */

/*
 * Shared helpers (shared/spec/vmentry-checks.md 0.3). static inline since
 * they run dozens of times per VM entry (entry_util.c only documents them).
 */
/* bits 63:N of x are 0, N = MAXPHYADDR of the model (SDM "physical-address
 * width"; IA32_VMX_BASIC[48] is never set on Intel 64 and not modelled) */
static inline bool nvmx_paw_ok(const struct nvmx_model *m, uint64_t x)
{
	return m->maxphyaddr >= 64 || (x >> m->maxphyaddr) == 0;
}

/* 4-KiB aligned and within the physical-address width */
static inline bool nvmx_page_ok(const struct nvmx_model *m, uint64_t x)
{
	return (x & 0xfffu) == 0 && nvmx_paw_ok(m, x);
}

/* x is canonical for an N-bit linear address (bits 63:N-1 all equal) */
static inline bool nvmx_canonical(uint64_t x, unsigned int n)
{
	unsigned int s = 64 - n;

	if (n == 0 || n >= 64)
		return true;
	return (uint64_t)((int64_t)(x << s) >> s) == x;
}

/* canonical for the widest linear address the model supports (57 with
 * LA57, else 48) */
static inline bool nvmx_canonical_max(const struct nvmx_model *m, uint64_t x)
{
	return nvmx_canonical(x, (m->cpu & NVMX_CPU_LA57) ? 57 : 48);
}

#endif
