/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - what every harness in tests/fuzz shares.
 *
 * A harness is one fuzz_<name>.c defining LLVMFuzzerTestOneInput(). It is
 * linked twice: with libFuzzer (-Dfuzzing=true, clang, meson target
 * fuzz_<name>) and with replay.c (every build: runs the committed corpus
 * and crashers as an ordinary test, suite 'fuzz').
 *
 * Harnesses assert invariants with FUZZ_CHECK: a violated invariant aborts,
 * which libFuzzer reports as a crash and saves the input.
 */
#ifndef NVMX_FUZZ_H
#define NVMX_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant violated: %s\n",     \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* A cursor over the fuzz input: reads past the end yield zeros. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline int fuzz_left(const struct fuzz_in *in)
{
	return in->n != 0;
}

static inline uint8_t fuzz_u8(struct fuzz_in *in)
{
	uint8_t b = 0;

	if (in->n) {
		b = *in->p++;
		in->n--;
	}
	return b;
}

static inline uint64_t fuzz_bytes(struct fuzz_in *in, unsigned int k)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < k; i++)
		v |= (uint64_t)fuzz_u8(in) << (8 * i);
	return v;
}

static inline uint32_t fuzz_u32(struct fuzz_in *in)
{
	return (uint32_t)fuzz_bytes(in, 4);
}

static inline uint64_t fuzz_u64(struct fuzz_in *in)
{
	return fuzz_bytes(in, 8);
}

#endif
