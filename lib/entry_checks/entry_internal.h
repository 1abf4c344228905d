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

/* Shared helpers (entry_util.c). */
/* bits 63:N of x are 0, N = MAXPHYADDR of the model (SDM "physical-address width") */
bool nvmx_paw_ok(const struct nvmx_model *m, uint64_t x);
/* 4-KiB aligned and within the physical-address width */
bool nvmx_page_ok(const struct nvmx_model *m, uint64_t x);
/* x is canonical for an N-bit linear address (bits 63:N-1 all equal) */
bool nvmx_canonical(uint64_t x, unsigned int n);
/* canonical for the widest linear address the model supports (57 with LA57, else 48) */
bool nvmx_canonical_max(const struct nvmx_model *m, uint64_t x);

#endif
