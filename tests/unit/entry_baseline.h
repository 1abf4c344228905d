/* SPDX-License-Identifier: MIT */
/*
 * entry_baseline.h - valid VM-entry states for the entry-check tests and
 * the benchmark: a model, a vmcs12 that passes every VM-entry check
 * (64-bit guest, 64-bit host), an environment, and a small array-backed
 * guest-physical memory for the checks that read L1 memory.
 *
 * Shared by the entry_* unit tests (both helpers) and bench/bench_entry.c.
 * Values are chosen from the SDM rules, not from the checker's code.
 */
#ifndef NVMX_TEST_ENTRY_BASELINE_H
#define NVMX_TEST_ENTRY_BASELINE_H

#include <nvmx/entry.h>
#include <nvmx/model.h>
#include <nvmx/vmcs12.h>

/* Write a field slot directly (also fields the model lacks: the checks
 * consult only fields their controls enable). */
#define EB_SET(v, NAME, val) ((v)->field[NVMX_IDX_##NAME] = (uint64_t)(val))
#define EB_GET(v, NAME) ((v)->field[NVMX_IDX_##NAME])
#define EB_OR(v, NAME, val) ((v)->field[NVMX_IDX_##NAME] |= (uint64_t)(val))
#define EB_CLR(v, NAME, val) ((v)->field[NVMX_IDX_##NAME] &= ~(uint64_t)(val))

/* Test memory: EB_MEM_SIZE bytes of L1 guest-physical memory at
 * EB_MEM_BASE; reads outside it (or all reads, with fail_all) fail. */
#define EB_MEM_BASE 0x100000ull
#define EB_MEM_SIZE 0x10000u
struct eb_mem {
	uint64_t base;
	unsigned int reads;	/* number of read_gpa calls */
	bool fail_all;
	uint8_t bytes[EB_MEM_SIZE];
};
void eb_mem_init(struct eb_mem *mem);
/* nvmx_read_gpa_fn over struct eb_mem */
int eb_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len);
/* Store little-endian values into test memory (gpa must be inside). */
void eb_mem_put64(struct eb_mem *mem, uint64_t gpa, uint64_t val);
void eb_mem_put32(struct eb_mem *mem, uint64_t gpa, uint32_t val);

/* Where the baseline's memory-resident structures sit (all inside mem). */
#define EB_VAPIC_GPA (EB_MEM_BASE + 0x1000)	/* virtual-APIC page */
#define EB_MSRLOAD_GPA (EB_MEM_BASE + 0x2000)	/* VM-entry MSR-load area */
#define EB_PDPT_GPA (EB_MEM_BASE + 0x3000)	/* PAE PDPT (guest helper) */
#define EB_LINK_GPA (EB_MEM_BASE + 0x4000)	/* a VMCS for the link pointer */

/* Host and guest selectors of the baseline (GDT layout of the state). */
#define EB_SEL_CS 0x10
#define EB_SEL_DS 0x18
#define EB_SEL_TR 0x40

/* The model of a preset. */
void eb_model(struct nvmx_model *m, enum nvmx_preset p);

/* Controls only: the model's must-be-1 bits plus EPT (WB, 4-level),
 * VPID, 64-bit host, IA-32e guest, load/save EFER and PAT, debug controls. */
void eb_controls(const struct nvmx_model *m, struct nvmx_vmcs12 *v);
/* Host-state area of a 64-bit host (CR0/CR4 from the model's fixed bits). */
void eb_host64(const struct nvmx_model *m, struct nvmx_vmcs12 *v);
/* Guest-state area of a 64-bit guest in CPL 0 with paging. */
void eb_guest64(const struct nvmx_model *m, struct nvmx_vmcs12 *v);
/* All three after nvmx_vmcs12_init: a state VM entry accepts. */
void eb_vmcs_64(const struct nvmx_model *m, struct nvmx_vmcs12 *v);

/* VMLAUNCH from a 64-bit L1 at CPL 0, memory callback over mem. */
void eb_env(struct nvmx_entry_env *e, struct eb_mem *mem);

/* Everything together. */
struct eb_state {
	struct nvmx_model m;
	struct nvmx_vmcs12 v;
	struct nvmx_entry_env env;
	struct eb_mem mem;
};
void eb_state_64(struct eb_state *s, enum nvmx_preset p);
/* Run the checks in first-failure mode; returns nvmx_check_vmentry's
 * value and fills *f with the first failure. */
int eb_check(const struct eb_state *s, struct nvmx_check_failure *f);

#endif
