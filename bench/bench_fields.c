// SPDX-License-Identifier: MIT
/*
 * bench_fields.c - field lookup, VMREAD and VMWRITE against two baselines
 * built into the same binary and run in the same process:
 *
 *  linear  a linear search over the field list (encoding -> row), then
 *          the same 8-byte slot storage as libnvmx;
 *  rotidx  a rotate-and-index table as a vmcs12 in a hypervisor is often
 *          done: index = the 16-bit encoding rotated left by 6, bounds
 *          check (and a branch-free index clamp, for a fair Spectre-v1
 *          comparison), a table of 16-bit offsets into a packed struct
 *          (0 = no field), then a load or store dispatched on the width
 *          bits of the encoding (a high access is a 32-bit access at
 *          offset + 4). No per-model existence check.
 *
 * libnvmx's nvmx_vmread/nvmx_vmwrite include the per-model existence
 * check. All candidates are called through a non-inlined function (the
 * library through libnvmx.a, the baselines marked noinline), so each pays
 * one call.
 *
 * usage: bench-fields [--runs N] [--iters N]
 *        bench-fields --callgrind OP   run only operation OP (0-11) over the
 *            mix once and print the name of the function measured; under
 *            valgrind --tool=callgrind --toggle-collect=FUNCTION the
 *            instructions counted are those inside FUNCTION for exactly
 *            4096 calls (see bench/run.sh)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nvmx/vmcs12.h>

#include "fields/fields_internal.h"

/* noclone: no constant-propagated copy that drops the pointer argument
 * (the library's functions cannot get one either) */
#if defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE __attribute__((noinline, noclone))
#endif
#define NENC 4096	/* encodings in the mix (a power of two) */

static uint32_t mix[NENC];
static unsigned int n_valid_in_mix;

/* ---- baseline (a): linear search over the field list --------------- */

struct lin_row {
	uint32_t enc;
	uint32_t width;
};
static struct lin_row lin[NVMX_FIELD_COUNT];

static const uint64_t lin_mask[4] = { 0xffffull, ~0ull, 0xffffffffull, ~0ull };

/* Row + 1 of the field an encoding names, or 0. */
static NOINLINE unsigned int lin_lookup(uint32_t e)
{
	uint32_t full = e & ~1u;

	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++)
		if (lin[i].enc == full)
			return (!(e & 1) || lin[i].width == NVMX_W64) ? i + 1 : 0;
	return 0;
}

static NOINLINE int lin_vmread(const struct nvmx_vmcs12 *v, uint32_t e,
			       uint64_t *val)
{
	unsigned int s = lin_lookup(e);

	if (!s)
		return 12;
	*val = (e & 1) ? v->field[s - 1] >> 32 : v->field[s - 1];
	return 0;
}

static NOINLINE int lin_vmwrite(struct nvmx_vmcs12 *v, uint32_t e,
				uint64_t val)
{
	unsigned int s = lin_lookup(e);
	uint64_t *p;

	if (!s)
		return 12;
	p = &v->field[s - 1];
	if (e & 1)
		*p = (*p & 0xffffffffull) | (val << 32);
	else
		*p = val & lin_mask[lin[s - 1].width];
	return 0;
}

/* ---- baseline (b): rotate-and-index, 16-bit offset table ------------ */

static inline unsigned int rol16_6(uint32_t e)
{
	uint16_t x = (uint16_t)e;

	return (uint16_t)((x << 6) | (x >> 10));
}

static unsigned int rot_size;		/* entries in rot_off */
static uint16_t rot_off[1u << 16];	/* only rot_size are used */
static unsigned char rot_store[4096];	/* packed fields at natural size */

/* branch-free "i < n ? i : 0" (as array_index_nospec does) */
static inline unsigned int rot_clamp(unsigned int i, unsigned int n)
{
	unsigned long mask = (unsigned long)((long)((unsigned long)i - n) >> 63);

	return i & (unsigned int)mask;
}

static NOINLINE int rot_offset(uint32_t e)
{
	unsigned int i;

	if (e >> 15)
		return -1;
	i = rol16_6(e);
	if (i >= rot_size)
		return -1;
	i = rot_clamp(i, rot_size);
	return rot_off[i] ? rot_off[i] : -1;
}

/* width of an access: the encoding's width bits, high access = 32 bits */
static inline unsigned int rot_width(uint32_t e)
{
	return (e & 1) ? NVMX_W32 : (e >> 13) & 3;
}

static NOINLINE int rot_vmread(const unsigned char *base, uint32_t e,
			       uint64_t *val)
{
	int off = rot_offset(e);
	const unsigned char *p;

	if (off < 0)
		return 12;
	p = base + off;
	switch (rot_width(e)) {
	case NVMX_W16:
		*val = *(const uint16_t *)(const void *)p;
		break;
	case NVMX_W32:
		*val = *(const uint32_t *)(const void *)p;
		break;
	default:
		*val = *(const uint64_t *)(const void *)p;
	}
	return 0;
}

static NOINLINE int rot_vmwrite(unsigned char *base, uint32_t e, uint64_t val)
{
	int off = rot_offset(e);
	unsigned char *p;

	if (off < 0)
		return 12;
	p = base + off;
	switch (rot_width(e)) {
	case NVMX_W16:
		*(uint16_t *)(void *)p = (uint16_t)val;
		break;
	case NVMX_W32:
		*(uint32_t *)(void *)p = (uint32_t)val;
		break;
	default:
		*(uint64_t *)(void *)p = val;
	}
	return 0;
}

static void build_baselines(void)
{
	static const unsigned int size[4] = { 2, 8, 4, 8 };
	unsigned int off = 16; /* header, as in a VMCS region */

	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++) {
		const struct nvmx_field_info *f = nvmx_field_at(i);
		unsigned int sz = size[f->width], idx;

		lin[i].enc = f->encoding;
		lin[i].width = f->width;

		off = (off + sz - 1) & ~(sz - 1);
		idx = rol16_6(f->encoding);
		rot_off[idx] = (uint16_t)off;
		if (idx + 1 > rot_size)
			rot_size = idx + 1;
		if (f->width == NVMX_W64) {
			idx = rol16_6(f->encoding | 1);
			rot_off[idx] = (uint16_t)(off + 4);
			if (idx + 1 > rot_size)
				rot_size = idx + 1;
		}
		off += sz;
	}
	if (off > sizeof(rot_store)) {
		fprintf(stderr, "packed baseline does not fit 4 KiB\n");
		exit(1);
	}
}

/* ---- the encoding mix ---------------------------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/*
 * 90 % existing fields (uniform over the table; a 64-bit field's high half
 * in 1 of 8 of its picks), 10 % invalid encodings (half random 32-bit
 * values, half well-formed encodings of unused indices).
 */
static void build_mix(void)
{
	n_valid_in_mix = 0;
	for (unsigned int i = 0; i < NENC; i++) {
		uint32_t r = next_rand();

		if (r % 10) {
			const struct nvmx_field_info *f =
				nvmx_field_at(next_rand() % NVMX_FIELD_COUNT);

			mix[i] = f->encoding;
			if (f->width == NVMX_W64 && next_rand() % 8 == 0)
				mix[i] |= 1;
			n_valid_in_mix++;
		} else if (r & 0x10000) {
			mix[i] = next_rand() | 0x8000; /* reserved bit set */
		} else {
			/* index 0x100 + small: unused in every type/width */
			mix[i] = ((r & 3u) << 13) | ((r >> 2 & 3u) << 10) |
				 ((0x100u + (r >> 4 & 0x3f)) << 1);
		}
	}
}

/* ---- timing -------------------------------------------------------- */

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static struct nvmx_model model;
static struct nvmx_vmcs12 v12;
static volatile uint64_t sink;

enum op {
	OP_NVMX_LOOKUP, OP_LIN_LOOKUP, OP_ROT_LOOKUP,
	OP_NVMX_READ, OP_LIN_READ, OP_ROT_READ,
	OP_NVMX_WRITE, OP_LIN_WRITE, OP_ROT_WRITE,
	OP_COUNT
};

/* the function each operation calls (for callgrind --toggle-collect) */
static const char *const op_fn[OP_COUNT] = {
	"nvmx_field_lookup", "lin_lookup", "rot_offset",
	"nvmx_vmread", "lin_vmread", "rot_vmread",
	"nvmx_vmwrite", "lin_vmwrite", "rot_vmwrite",
};

static const char *const op_name[OP_COUNT] = {
	"lookup nvmx_field_lookup", "lookup linear", "lookup rotate-index",
	"VMREAD nvmx_vmread", "VMREAD linear", "VMREAD rotate-index",
	"VMWRITE nvmx_vmwrite", "VMWRITE linear", "VMWRITE rotate-index",
};

/* the linear and rotate-index baselines of the same kind of operation */
static int op_base(int op)
{
	return op - op % 3;
}

/* One pass over the mix, `iters` times. Returns a checksum. */
static uint64_t run_op(enum op op, unsigned long iters)
{
	uint64_t acc = 0, x = 0;

	for (unsigned long it = 0; it < iters; it++) {
		for (unsigned int i = 0; i < NENC; i++) {
			uint32_t e = mix[i];

			switch (op) {
			case OP_NVMX_LOOKUP:
				acc += (uintptr_t)nvmx_field_lookup(e);
				break;
			case OP_LIN_LOOKUP:
				acc += lin_lookup(e);
				break;
			case OP_ROT_LOOKUP:
				acc += (uint64_t)rot_offset(e);
				break;
			case OP_NVMX_READ:
				acc += (uint64_t)nvmx_vmread(&model, &v12, e, &x) + x;
				break;
			case OP_LIN_READ:
				acc += (uint64_t)lin_vmread(&v12, e, &x) + x;
				break;
			case OP_ROT_READ:
				acc += (uint64_t)rot_vmread(rot_store, e, &x) + x;
				break;
			case OP_NVMX_WRITE:
				acc += (uint64_t)nvmx_vmwrite(&model, &v12, e, i);
				break;
			case OP_LIN_WRITE:
				acc += (uint64_t)lin_vmwrite(&v12, e, i);
				break;
			case OP_ROT_WRITE:
				acc += (uint64_t)rot_vmwrite(rot_store, e, i);
				break;
			default:
				break;
			}
		}
	}
	return acc;
}

/*
 * Sanity: the three implementations agree on which encodings succeed, so
 * the comparison is between equivalent answers.
 */
static int cross_check(void)
{
	for (unsigned int i = 0; i < NENC; i++) {
		uint32_t e = mix[i];
		int a = nvmx_field_lookup(e) != NULL;
		int b = lin_lookup(e) != 0;
		int c = rot_offset(e) >= 0;
		if (a != b || a != c) {
			fprintf(stderr, "disagree on 0x%x: %d %d %d\n", e, a, b, c);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long iters = 200;
	int runs = 31, callgrind = -1;
	double best[OP_COUNT];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--iters") && i + 1 < argc)
			iters = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--callgrind") && i + 1 < argc)
			callgrind = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: %s [--runs N] [--iters N] [--callgrind OP]\n",
				argv[0]);
			return 2;
		}
	}

	nvmx_model_init(&model, NVMX_PRESET_MAX);
	nvmx_vmcs12_init(&v12, &model);
	build_baselines();
	build_mix();
	if (callgrind >= 0) {
		/* exactly NENC calls of one function (no cross-check, which
		 * would call the lookups too): run.sh divides by NENC */
		if (callgrind >= OP_COUNT)
			return 2;
		sink += run_op((enum op)callgrind, 1);
		printf("%s\t%u\t%s\n", op_fn[callgrind], NENC, op_name[callgrind]);
		return 0;
	}
	if (cross_check())
		return 1;

	printf("mix: %u encodings, %u existing fields (%.0f%%), rest invalid\n",
	       NENC, n_valid_in_mix, 100.0 * n_valid_in_mix / NENC);
	for (int op = 0; op < OP_COUNT; op++)
		best[op] = 1e300;
	/* interleave the candidates in every run, so a noisy period of the
	 * shared machine hits all of them alike; keep the best run. Runs are
	 * short (200 passes, about 3 ms for libnvmx) so that on a loaded
	 * machine some of them run without being preempted. */
	for (int r = 0; r < runs; r++) {
		for (int op = 0; op < OP_COUNT; op++) {
			/* the linear search is ~20x slower: fewer passes */
			unsigned long n = op < 9 && op % 3 == 1 ? (iters + 15) / 16
							       : iters;
			double t0 = now_ns(), t;

			sink += run_op((enum op)op, n);
			t = (now_ns() - t0) / ((double)n * NENC);
			if (t < best[op])
				best[op] = t;
		}
	}

	printf("%-26s %9s %11s %11s\n", "operation", "ns/op", "vs linear",
	       "vs rot-idx");
	for (int op = 0; op < OP_COUNT; op++) {
		int base = op_base(op);

		printf("%-26s %9.2f %10.2fx %10.2fx\n", op_name[op], best[op],
		       best[op] / best[base + 1], best[op] / best[base + 2]);
	}

	printf("\nmemory:\n");
	printf("  nvmx_field_table   %6zu bytes (%u rows x %zu)\n",
	       sizeof(nvmx_field_table), NVMX_FIELD_COUNT,
	       sizeof(nvmx_field_table[0]));
	printf("  nvmx_field_slot    %6zu bytes\n", sizeof(nvmx_field_slot));
	printf("  struct nvmx_model  %6zu bytes\n", sizeof(struct nvmx_model));
	printf("  struct nvmx_vmcs12 %6zu bytes\n", sizeof(struct nvmx_vmcs12));
	printf("  (baseline rotate-index offset table: %u entries x 2 = %u bytes)\n",
	       rot_size, rot_size * 2);
	return 0;
}
