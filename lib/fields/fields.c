// SPDX-License-Identifier: MIT
/*
 * fields.c - the field table and O(1) encoding lookup, generated from
 * fields.def.
 *
 * Lookup key: an encoding has 15 meaningful bits (SDM Table B-1), but every
 * field index in use is below 64, so the key keeps only access type (bit 0),
 * index bits 6:1 and bits 14:10 (type, reserved bit 12, width): 12 bits, a
 * 4 KiB table of one-byte slots. Encodings with reserved bits (31:15, 12) or index
 * bits 9:7 set name no field; they are rejected with a mask test after the
 * load, which is always in bounds because the key is masked by
 * construction (Spectre v1: the L1-chosen encoding never indexes past the
 * table).
 */
#include <nvmx/fields.h>

#include "fields_internal.h"

#define W16 NVMX_W16
#define W64 NVMX_W64
#define W32 NVMX_W32
#define WNAT NVMX_WNAT
#define CTRL NVMX_CTRL
#define EXIT NVMX_EXIT
#define GUEST NVMX_GUEST
#define HOST NVMX_HOST

/* Each row's width and type must agree with its encoding (SDM Table B-1). */
#define NVMX_FIELD(name, enc, width, type, gate, sdm)                          \
	_Static_assert(NVMX_ENC_WIDTH(enc) == (width), #name ": width");       \
	_Static_assert(NVMX_ENC_TYPE(enc) == (type), #name ": type");          \
	_Static_assert(((enc) & (NVMX_ENC_RESERVED_MASK | 1u)) == 0,           \
		       #name ": reserved bits");                               \
	_Static_assert(NVMX_ENC_INDEX(enc) < 64, #name ": index fits the key");
#include <nvmx/fields.def>
#undef NVMX_FIELD

_Static_assert(NVMX_FIELD_COUNT < 255, "slot table holds index + 1 in a byte");

const struct nvmx_field_info nvmx_field_table[NVMX_FIELD_COUNT] = {
#define NVMX_FIELD(n_, enc_, w_, t_, g_, sdm_)                                 \
	[NVMX_IDX_##n_] = { .encoding = (enc_),                                \
			    .index = NVMX_IDX_##n_,                            \
			    .width = (w_),                                     \
			    .type = (t_),                                      \
			    .gate = NVMX_GATE_##g_,                            \
			    .name = #n_ "\0" #n_ "_HIGH",                     \
			    .sdm_name = sdm_ },
#include <nvmx/fields.def>
#undef NVMX_FIELD
};

/*
 * Slot table: key -> dense index + 1 (0: no field). 64-bit fields also
 * fill the key of their high encoding. For other widths the "high" entry
 * is parked in a spare slot past the 4096 keys, which no key reaches, so
 * that every row can use the same initializer shape.
 */
const uint8_t nvmx_field_slot[NVMX_KEY_SPACE + NVMX_FIELD_COUNT] = {
#define NVMX_FIELD(name, enc, width, type, gate, sdm)                          \
	[NVMX_KEY(enc)] = NVMX_IDX_##name + 1,                                 \
	[(width) == W64 ? NVMX_KEY((enc) | 1u)                                 \
			: NVMX_KEY_SPACE + NVMX_IDX_##name] =                  \
		(width) == W64 ? NVMX_IDX_##name + 1 : 0,
#include <nvmx/fields.def>
#undef NVMX_FIELD
};

const struct nvmx_field_info *nvmx_field_lookup(uint32_t encoding)
{
	unsigned int s = nvmx_field_slot_of(encoding);

	return s ? &nvmx_field_table[s - 1] : 0;
}

const struct nvmx_field_info *nvmx_field_at(unsigned int index)
{
	if (index >= NVMX_FIELD_COUNT)
		return 0;
	return &nvmx_field_table[nvmx_clamp_index(index, NVMX_FIELD_COUNT)];
}

static bool name_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

const struct nvmx_field_info *nvmx_field_by_name(const char *name)
{
	if (!name)
		return 0;
	if (name[0] == 'N' && name[1] == 'V' && name[2] == 'M' &&
	    name[3] == 'X' && name[4] == '_')
		name += 5;
	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++)
		if (name_eq(nvmx_field_table[i].name, name))
			return &nvmx_field_table[i];
	return 0;
}

const char *nvmx_field_name(uint32_t encoding)
{
	const struct nvmx_field_info *f = nvmx_field_lookup(encoding);
	const char *n;

	if (!f)
		return 0;
	if (!(encoding & NVMX_ENC_HIGH))
		return f->name;
	/* The name string is "NAME\0NAME_HIGH": the high name follows the
	 * first terminator (no second table of pointers). */
	for (n = f->name; *n; n++)
		;
	return n + 1;
}
