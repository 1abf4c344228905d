/* SPDX-License-Identifier: MIT */
/* fields_internal.h - the lookup key shared by fields.c, model.c, vmcs12.c. */
#ifndef NVMX_FIELDS_INTERNAL_H
#define NVMX_FIELDS_INTERNAL_H

#include <nvmx/fields.h>

#define NVMX_KEY_SPACE 4096u
/* Bits that must be 0 for an encoding to name a field in the table. */
#define NVMX_KEY_REJECT (NVMX_ENC_RESERVED_MASK | 0x380u)
/*
 * access type + index 5:0 (bits 6:0) | bits 14:10 (type, reserved bit 12,
 * width) -> 12-bit key. Keeping reserved bit 12 in the key costs a 4 KiB
 * table instead of 2 KiB but saves a shift-and-mask on every lookup; keys
 * with bit 12 set hold no field and NVMX_KEY_REJECT rejects them anyway.
 */
#define NVMX_KEY(e) (((e) & 0x7fu) | (((e) >> 3) & 0xf80u))

extern const struct nvmx_field_info nvmx_field_table[NVMX_FIELD_COUNT];
extern const uint8_t nvmx_field_slot[NVMX_KEY_SPACE + NVMX_FIELD_COUNT];

/*
 * Branch-free clamp: i if i < n, else 0, computed without a branch the CPU
 * could speculate past (Spectre v1 "array_index_nospec" idea). Requires
 * i, n < 2^63.
 */
#ifdef NVMX_CLAMP_CHECK
/*
 * Test-only build (tests/spectre, never a shipped library): every clamp
 * reports (i, n, result) to the test, which may hand back another
 * in-range index to prove that the load really uses the clamp's result.
 */
unsigned int nvmx_clamp_check_hook(uint64_t i, uint64_t n, unsigned int r);
#endif

static inline unsigned int nvmx_clamp_index(uint64_t i, uint64_t n)
{
	uint64_t mask = (uint64_t)((int64_t)(i - n) >> 63); /* ~0 iff i < n */

#ifdef NVMX_CLAMP_CHECK
	return nvmx_clamp_check_hook(i, n, (unsigned int)(i & mask));
#else
	return (unsigned int)(i & mask);
#endif
}

/* Dense index + 1 of the field an encoding names, or 0. */
static inline unsigned int nvmx_field_slot_of(uint32_t enc)
{
	unsigned int s = nvmx_field_slot[NVMX_KEY(enc)];
	/* all-ones iff no reject bit is set */
	unsigned int ok = (unsigned int)((enc & NVMX_KEY_REJECT) != 0) - 1u;

	return s & ok;
}

#endif
