/* SPDX-License-Identifier: MIT */
/*
 * field_list.h - an INDEPENDENT list of every VMCS field, for the tests.
 *
 * Written by hand from shared/spec/fields.md section 3 (one row per table
 * row there), NOT generated from lib/fields/fields.def: the tests compare
 * the library's table against this list, so the two must be separate
 * transcriptions. Width and type are written per section as stated in the
 * spec headings, not decoded from the encoding bits.
 *
 * The existence rule is also restated here in its own form: a field exists
 * iff its first condition holds, or its second one does (0 = none). A
 * condition names a capability word and a bit of its allowed-1 setting
 * (for CPU: an NVMX_CPUB_* fact). Condition 0 in the first column means
 * "always exists".
 */
#ifndef NVMX_TEST_FIELD_LIST_H
#define NVMX_TEST_FIELD_LIST_H

#include <stdint.h>

#include <nvmx/model.h>

/* Capability words as this test sees them (own numbering). */
enum spec_word {
	SW_NONE = 0,
	SW_PIN,	   /* IA32_VMX_PINBASED_CTLS 0x481 [63:32] */
	SW_PROC,   /* IA32_VMX_PROCBASED_CTLS 0x482 [63:32] */
	SW_PROC2,  /* 0x48B [63:32], only if primary bit 31 may be 1 */
	SW_PROC3,  /* 0x492, only if primary bit 17 may be 1 */
	SW_EXIT,   /* 0x483 [63:32] */
	SW_EXIT2,  /* 0x493, only if exit bit 31 may be 1 */
	SW_ENTRY,  /* 0x484 [63:32] */
	SW_VMFUNC, /* 0x491, only if secondary bit 13 may be 1 */
	SW_CPU,	   /* CPUID fact, bit = NVMX_CPUB_* */
};

#define SC(w, b) ((uint16_t)((SW_##w << 8) | (b)))
#define SC_WORD(c) ((c) >> 8)
#define SC_BIT(c) ((c)&0xff)

/* width / type as in the spec's section headings */
enum { SPEC_W16, SPEC_W64, SPEC_W32, SPEC_WNAT };
enum { SPEC_CTRL, SPEC_RO, SPEC_GUEST, SPEC_HOST };

struct spec_field {
	uint32_t enc;
	uint8_t width, type;
	uint16_t c1, c2;
};

#define A 0 /* always */
#define R(enc, w, t, c1, c2) { enc, SPEC_##w, SPEC_##t, c1, c2 }

static const struct spec_field spec_fields[] = {
	/* 16-bit control */
	R(0x0000, W16, CTRL, SC(PROC2, 5), 0),
	R(0x0002, W16, CTRL, SC(PIN, 7), 0),
	R(0x0004, W16, CTRL, SC(PROC2, 18), 0),
	R(0x0006, W16, CTRL, SC(PROC3, 1), 0),
	R(0x0008, W16, CTRL, SC(PROC3, 4), 0),
	R(0x000a, W16, CTRL, SC(PROC3, 8), 0),
	/* 16-bit guest */
	R(0x0800, W16, GUEST, A, 0),
	R(0x0802, W16, GUEST, A, 0),
	R(0x0804, W16, GUEST, A, 0),
	R(0x0806, W16, GUEST, A, 0),
	R(0x0808, W16, GUEST, A, 0),
	R(0x080a, W16, GUEST, A, 0),
	R(0x080c, W16, GUEST, A, 0),
	R(0x080e, W16, GUEST, A, 0),
	R(0x0810, W16, GUEST, SC(PROC2, 9), 0),
	R(0x0812, W16, GUEST, SC(PROC2, 17), 0),
	R(0x0814, W16, GUEST, SC(ENTRY, 19), SC(EXIT, 27)),
	/* 16-bit host */
	R(0x0c00, W16, HOST, A, 0),
	R(0x0c02, W16, HOST, A, 0),
	R(0x0c04, W16, HOST, A, 0),
	R(0x0c06, W16, HOST, A, 0),
	R(0x0c08, W16, HOST, A, 0),
	R(0x0c0a, W16, HOST, A, 0),
	R(0x0c0c, W16, HOST, A, 0),
	/* 64-bit control */
	R(0x2000, W64, CTRL, A, 0),
	R(0x2002, W64, CTRL, A, 0),
	R(0x2004, W64, CTRL, SC(PROC, 28), 0),
	R(0x2006, W64, CTRL, A, 0),
	R(0x2008, W64, CTRL, A, 0),
	R(0x200a, W64, CTRL, A, 0),
	R(0x200c, W64, CTRL, A, 0),
	R(0x200e, W64, CTRL, SC(PROC2, 17), 0),
	R(0x2010, W64, CTRL, A, 0),
	R(0x2012, W64, CTRL, SC(PROC, 21), 0),
	R(0x2014, W64, CTRL, SC(PROC2, 0), 0),
	R(0x2016, W64, CTRL, SC(PIN, 7), 0),
	R(0x2018, W64, CTRL, SC(PROC2, 13), 0),
	R(0x201a, W64, CTRL, SC(PROC2, 1), 0),
	R(0x201c, W64, CTRL, SC(PROC2, 9), 0),
	R(0x201e, W64, CTRL, SC(PROC2, 9), 0),
	R(0x2020, W64, CTRL, SC(PROC2, 9), 0),
	R(0x2022, W64, CTRL, SC(PROC2, 9), 0),
	R(0x2024, W64, CTRL, SC(VMFUNC, 0), 0),
	R(0x2026, W64, CTRL, SC(PROC2, 14), 0),
	R(0x2028, W64, CTRL, SC(PROC2, 14), 0),
	R(0x202a, W64, CTRL, SC(PROC2, 18), 0),
	R(0x202c, W64, CTRL, SC(PROC2, 20), 0),
	R(0x202e, W64, CTRL, SC(PROC2, 15), 0),
	R(0x2030, W64, CTRL, SC(PROC2, 23), 0),
	R(0x2032, W64, CTRL, SC(PROC2, 25), 0),
	R(0x2034, W64, CTRL, SC(PROC, 17), 0),
	R(0x2036, W64, CTRL, SC(PROC2, 28), 0),
	R(0x2038, W64, CTRL, SC(PROC2, 21), 0),
	R(0x203a, W64, CTRL, SC(PROC2, 21), 0),
	R(0x203c, W64, CTRL, SC(CPU, NVMX_CPUB_SEAM), 0),
	R(0x203e, W64, CTRL, SC(PROC2, 27), 0),
	R(0x2040, W64, CTRL, SC(PROC3, 1), 0),
	R(0x2042, W64, CTRL, SC(PROC3, 4), 0),
	R(0x2044, W64, CTRL, SC(EXIT, 31), 0),
	R(0x204a, W64, CTRL, SC(PROC3, 7), 0),
	R(0x204c, W64, CTRL, SC(PROC3, 7), 0),
	R(0x204e, W64, CTRL, SC(PROC3, 8), 0),
	R(0x2052, W64, CTRL, SC(CPU, NVMX_CPUB_FRED), SC(ENTRY, 23)),
	/* 64-bit read-only data */
	R(0x2400, W64, RO, SC(PROC2, 1), 0),
	/* spec: "RDMSRLIST/WRMSRLIST supported"; the VMX side of that is
	 * tertiary control 6 "enable MSR-list instructions" */
	R(0x2402, W64, RO, SC(PROC3, 6), 0),
	/* spec: "FRED supported"; same two-way rule as 0x2052 */
	R(0x2404, W64, RO, SC(CPU, NVMX_CPUB_FRED), SC(ENTRY, 23)),
	/* 64-bit guest */
	R(0x2800, W64, GUEST, A, 0),
	R(0x2802, W64, GUEST, A, 0),
	R(0x2804, W64, GUEST, SC(ENTRY, 14), SC(EXIT, 18)),
	R(0x2806, W64, GUEST, SC(ENTRY, 15), SC(EXIT, 20)),
	R(0x2808, W64, GUEST, SC(ENTRY, 13), SC(EXIT, 30)),
	R(0x280a, W64, GUEST, SC(PROC2, 1), 0),
	R(0x280c, W64, GUEST, SC(PROC2, 1), 0),
	R(0x280e, W64, GUEST, SC(PROC2, 1), 0),
	R(0x2810, W64, GUEST, SC(PROC2, 1), 0),
	R(0x2812, W64, GUEST, SC(ENTRY, 16), SC(EXIT, 23)),
	R(0x2814, W64, GUEST, SC(ENTRY, 18), SC(EXIT, 25)),
	R(0x2816, W64, GUEST, SC(ENTRY, 21), SC(EXIT, 26)),
	R(0x2818, W64, GUEST, SC(ENTRY, 22), 0),
	R(0x281a, W64, GUEST, SC(ENTRY, 23), SC(EXIT2, 0)),
	R(0x281c, W64, GUEST, SC(ENTRY, 23), SC(EXIT2, 0)),
	R(0x281e, W64, GUEST, SC(ENTRY, 23), SC(EXIT2, 0)),
	R(0x2820, W64, GUEST, SC(ENTRY, 23), SC(EXIT2, 0)),
	R(0x2822, W64, GUEST, SC(ENTRY, 23), SC(EXIT2, 0)),
	R(0x2824, W64, GUEST, SC(ENTRY, 23), SC(EXIT2, 0)),
	R(0x2826, W64, GUEST, SC(ENTRY, 23), SC(EXIT2, 0)),
	R(0x2828, W64, GUEST, SC(ENTRY, 23), SC(EXIT2, 0)),
	R(0x282e, W64, GUEST, SC(ENTRY, 24), 0),
	R(0x2830, W64, GUEST, SC(PROC3, 8), 0),
	/* 64-bit host */
	R(0x2c00, W64, HOST, SC(EXIT, 19), 0),
	R(0x2c02, W64, HOST, SC(EXIT, 21), 0),
	R(0x2c04, W64, HOST, SC(EXIT, 12), 0),
	R(0x2c06, W64, HOST, SC(EXIT, 29), 0),
	R(0x2c08, W64, HOST, SC(EXIT2, 1), 0),
	R(0x2c0a, W64, HOST, SC(EXIT2, 1), 0),
	R(0x2c0c, W64, HOST, SC(EXIT2, 1), 0),
	R(0x2c0e, W64, HOST, SC(EXIT2, 1), 0),
	R(0x2c10, W64, HOST, SC(EXIT2, 1), 0),
	R(0x2c12, W64, HOST, SC(EXIT2, 1), 0),
	R(0x2c14, W64, HOST, SC(EXIT2, 1), 0),
	R(0x2c16, W64, HOST, SC(EXIT2, 1), 0),
	R(0x2c1a, W64, HOST, SC(EXIT2, 2), 0),
	/* 32-bit control */
	R(0x4000, W32, CTRL, A, 0),
	R(0x4002, W32, CTRL, A, 0),
	R(0x4004, W32, CTRL, A, 0),
	R(0x4006, W32, CTRL, A, 0),
	R(0x4008, W32, CTRL, A, 0),
	R(0x400a, W32, CTRL, A, 0),
	R(0x400c, W32, CTRL, A, 0),
	R(0x400e, W32, CTRL, A, 0),
	R(0x4010, W32, CTRL, A, 0),
	R(0x4012, W32, CTRL, A, 0),
	R(0x4014, W32, CTRL, A, 0),
	R(0x4016, W32, CTRL, A, 0),
	R(0x4018, W32, CTRL, A, 0),
	R(0x401a, W32, CTRL, A, 0),
	R(0x401c, W32, CTRL, SC(PROC, 21), 0),
	R(0x401e, W32, CTRL, SC(PROC, 31), 0),
	R(0x4020, W32, CTRL, SC(PROC2, 10), 0),
	R(0x4022, W32, CTRL, SC(PROC2, 10), 0),
	R(0x4024, W32, CTRL, SC(PROC2, 31), 0),
	R(0x4026, W32, CTRL, SC(CPU, NVMX_CPUB_SEAM), 0),
	/* 32-bit read-only data */
	R(0x4400, W32, RO, A, 0),
	R(0x4402, W32, RO, A, 0),
	R(0x4404, W32, RO, A, 0),
	R(0x4406, W32, RO, A, 0),
	R(0x4408, W32, RO, A, 0),
	R(0x440a, W32, RO, A, 0),
	R(0x440c, W32, RO, A, 0),
	R(0x440e, W32, RO, A, 0),
	/* 32-bit guest */
	R(0x4800, W32, GUEST, A, 0),
	R(0x4802, W32, GUEST, A, 0),
	R(0x4804, W32, GUEST, A, 0),
	R(0x4806, W32, GUEST, A, 0),
	R(0x4808, W32, GUEST, A, 0),
	R(0x480a, W32, GUEST, A, 0),
	R(0x480c, W32, GUEST, A, 0),
	R(0x480e, W32, GUEST, A, 0),
	R(0x4810, W32, GUEST, A, 0),
	R(0x4812, W32, GUEST, A, 0),
	R(0x4814, W32, GUEST, A, 0),
	R(0x4816, W32, GUEST, A, 0),
	R(0x4818, W32, GUEST, A, 0),
	R(0x481a, W32, GUEST, A, 0),
	R(0x481c, W32, GUEST, A, 0),
	R(0x481e, W32, GUEST, A, 0),
	R(0x4820, W32, GUEST, A, 0),
	R(0x4822, W32, GUEST, A, 0),
	R(0x4824, W32, GUEST, A, 0),
	R(0x4826, W32, GUEST, A, 0),
	R(0x4828, W32, GUEST, A, 0),
	R(0x482a, W32, GUEST, A, 0),
	R(0x482e, W32, GUEST, SC(PIN, 6), 0),
	/* 32-bit host */
	R(0x4c00, W32, HOST, A, 0),
	/* natural-width control */
	R(0x6000, WNAT, CTRL, A, 0),
	R(0x6002, WNAT, CTRL, A, 0),
	R(0x6004, WNAT, CTRL, A, 0),
	R(0x6006, WNAT, CTRL, A, 0),
	R(0x6008, WNAT, CTRL, A, 0),
	R(0x600a, WNAT, CTRL, A, 0),
	R(0x600c, WNAT, CTRL, A, 0),
	R(0x600e, WNAT, CTRL, A, 0),
	/* natural-width read-only data */
	R(0x6400, WNAT, RO, A, 0),
	R(0x6402, WNAT, RO, A, 0),
	R(0x6404, WNAT, RO, A, 0),
	R(0x6406, WNAT, RO, A, 0),
	R(0x6408, WNAT, RO, A, 0),
	R(0x640a, WNAT, RO, A, 0),
	/* natural-width guest */
	R(0x6800, WNAT, GUEST, A, 0),
	R(0x6802, WNAT, GUEST, A, 0),
	R(0x6804, WNAT, GUEST, A, 0),
	R(0x6806, WNAT, GUEST, A, 0),
	R(0x6808, WNAT, GUEST, A, 0),
	R(0x680a, WNAT, GUEST, A, 0),
	R(0x680c, WNAT, GUEST, A, 0),
	R(0x680e, WNAT, GUEST, A, 0),
	R(0x6810, WNAT, GUEST, A, 0),
	R(0x6812, WNAT, GUEST, A, 0),
	R(0x6814, WNAT, GUEST, A, 0),
	R(0x6816, WNAT, GUEST, A, 0),
	R(0x6818, WNAT, GUEST, A, 0),
	R(0x681a, WNAT, GUEST, A, 0),
	R(0x681c, WNAT, GUEST, A, 0),
	R(0x681e, WNAT, GUEST, A, 0),
	R(0x6820, WNAT, GUEST, A, 0),
	R(0x6822, WNAT, GUEST, A, 0),
	R(0x6824, WNAT, GUEST, A, 0),
	R(0x6826, WNAT, GUEST, A, 0),
	R(0x6828, WNAT, GUEST, SC(ENTRY, 20), 0),
	R(0x682a, WNAT, GUEST, SC(ENTRY, 20), 0),
	R(0x682c, WNAT, GUEST, SC(ENTRY, 20), 0),
	/* natural-width host */
	R(0x6c00, WNAT, HOST, A, 0),
	R(0x6c02, WNAT, HOST, A, 0),
	R(0x6c04, WNAT, HOST, A, 0),
	R(0x6c06, WNAT, HOST, A, 0),
	R(0x6c08, WNAT, HOST, A, 0),
	R(0x6c0a, WNAT, HOST, A, 0),
	R(0x6c0c, WNAT, HOST, A, 0),
	R(0x6c0e, WNAT, HOST, A, 0),
	R(0x6c10, WNAT, HOST, A, 0),
	R(0x6c12, WNAT, HOST, A, 0),
	R(0x6c14, WNAT, HOST, A, 0),
	R(0x6c16, WNAT, HOST, A, 0),
	R(0x6c18, WNAT, HOST, SC(EXIT, 28), 0),
	R(0x6c1a, WNAT, HOST, SC(EXIT, 28), 0),
	R(0x6c1c, WNAT, HOST, SC(EXIT, 28), 0),
};

#undef A
#undef R

#define SPEC_FIELD_COUNT (sizeof(spec_fields) / sizeof(spec_fields[0]))

/* The number of rows of shared/spec/fields.md section 3. */
#define SPEC_EXPECTED_COUNT 206

/* Value mask of a width (SDM 31.3: VMWRITE truncates to the width). */
static inline uint64_t spec_width_mask(unsigned int w)
{
	return w == SPEC_W16 ? 0xffffull : w == SPEC_W32 ? 0xffffffffull : ~0ull;
}

/*
 * Effective allowed-1 word of a model, computed from its raw capability
 * MSRs (read back with nvmx_model_get_msr) by this test's own reading of
 * SDM A.3.2-A.3.4, A.4.2, A.11: a secondary/tertiary/secondary-exit/
 * VM-function word counts only if the control that activates it may be 1.
 */
static inline uint64_t spec_word(const struct nvmx_model *m, unsigned int w)
{
	uint64_t proc = nvmx_model_get_msr(m, 0x482) >> 32;
	uint64_t exit = nvmx_model_get_msr(m, 0x483) >> 32;
	uint64_t proc2 = (proc >> 31 & 1) ? nvmx_model_get_msr(m, 0x48b) >> 32 : 0;

	switch (w) {
	case SW_PIN:
		return nvmx_model_get_msr(m, 0x481) >> 32;
	case SW_PROC:
		return proc;
	case SW_PROC2:
		return proc2;
	case SW_PROC3:
		return (proc >> 17 & 1) ? nvmx_model_get_msr(m, 0x492) : 0;
	case SW_EXIT:
		return exit;
	case SW_EXIT2:
		return (exit >> 31 & 1) ? nvmx_model_get_msr(m, 0x493) : 0;
	case SW_ENTRY:
		return nvmx_model_get_msr(m, 0x484) >> 32;
	case SW_VMFUNC:
		return (proc2 >> 13 & 1) ? nvmx_model_get_msr(m, 0x491) : 0;
	case SW_CPU:
		return m->cpu;
	default:
		return 0;
	}
}

static inline int spec_cond(const struct nvmx_model *m, uint16_t c)
{
	if (!c)
		return 0;
	return (int)((spec_word(m, SC_WORD(c)) >> SC_BIT(c)) & 1);
}

/* This test's own existence rule for a field on a model. */
static inline int spec_exists(const struct nvmx_model *m,
			      const struct spec_field *f)
{
	if (!f->c1)
		return 1;
	return spec_cond(m, f->c1) || spec_cond(m, f->c2);
}

#endif
