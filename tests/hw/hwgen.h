/* SPDX-License-Identifier: MIT */
/* hwgen.h - differential VM-entry vectors (host side). */
#ifndef NVMX_HW_HWGEN_H
#define NVMX_HW_HWGEN_H

#include <nvmx/backend.h>
#include <nvmx/entry.h>

#include <stddef.h>
#include <stdint.h>

#include "blob.h"

#define GEN_MAX_MUT 40
#define GEN_MAX_MSR 4
#define GEN_LOW_LIMIT 0x4000u

/* One generated vector. */
struct gen_vec {
	uint32_t id;
	unsigned int nmut, nmsr;
	struct hw_field mut[GEN_MAX_MUT];
	struct hw_msr msr[GEN_MAX_MSR];
	char desc[96];		/* what was mutated, for reports */
	uint32_t field;		/* the main field mutated (allowlist key) */
	uint32_t mode;		/* enum hw_mode (blob.h) */
};

/* What the generator knows about the target. */
struct gen_target {
	struct nvmx_model m;
	struct hw_field base[200];
	unsigned int nbase;
	uint64_t msr_area;	/* VM-entry MSR-load area of the kernel */
	uint64_t vmcs_v;	/* the vectors' VMCS region (0: unknown) */
	uint64_t low[0x4000 / 8]; /* memory 0x0000-0x3fff as the kernel has it */
	/* HOST32 mode (blob.h): the 32-bit host and guest state every such
	 * vector writes first (the kernel's "H32" lines) */
	struct hw_field h32[16];
	unsigned int nh32;
	uint64_t seed;
};

/* Why a vector was not generated (see vector_ok() in hwgen.c). */
enum gen_skip {
	SKIP_NONE,
	SKIP_HOST_CR3,
	SKIP_HOST_RIP,
	SKIP_HOST_RSP,
	SKIP_HOST_LA57,
	SKIP_HOST_CET,
	SKIP_RUNAWAY,
	SKIP_ACTIVITY,
	SKIP_PAE_MEMORY,
	SKIP_TYPE7,
	SKIP_LMA_REAL,
	SKIP_COUNT
};
extern unsigned int gen_skip_counts[SKIP_COUNT];
extern const char *const gen_skip_names[SKIP_COUNT];

/*
 * Fill out[0..cap-1] with vectors for target t; returns the count.
 * Families: baseline; single-bit flips of every input field of the model;
 * special values; control enables; MSR-load lists; seeded random
 * combinations. Vectors that Bochs cannot run (known hang or panic, see
 * doc/bochs-deviations.md) are not generated; *skipped counts them.
 */
size_t gen_vectors(const struct gen_target *t, struct gen_vec *out,
		   size_t cap, unsigned int *skipped);

/* Final value of a field in a vector (baseline, then mutations). */
uint64_t gen_final(const struct gen_target *t, const struct gen_vec *v,
		   uint32_t enc);
/* Baseline value of a field (0 if the baseline does not write it). */
uint64_t gen_base(const struct gen_target *t, uint32_t enc);

/* The vmcs12 of a vector (baseline + mutations) under t's model. */
void gen_vmcs12(const struct gen_target *t, const struct gen_vec *v,
		struct nvmx_vmcs12 *out);

#endif
