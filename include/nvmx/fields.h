/* SPDX-License-Identifier: MIT */
/*
 * <nvmx/fields.h> - the VMCS field table (SDM Vol. 3 Appendix B).
 *
 * Every constant here is generated from <nvmx/fields.def> (lib/fields/
 * fields.def in the source tree), the one list of VMCS fields.
 */
#ifndef NVMX_FIELDS_H
#define NVMX_FIELDS_H

#include <nvmx/api.h>

NVMX_BEGIN_DECLS

/* Field encodings, named after the SDM: NVMX_GUEST_CR3 == 0x6802. */
enum nvmx_field_encoding {
#define NVMX_FIELD(name, enc, width, type, gate, sdm) NVMX_##name = enc,
#include <nvmx/fields.def>
#undef NVMX_FIELD
};

/* Dense index of each field: its row in fields.def (and storage slot). */
enum nvmx_field_index {
#define NVMX_FIELD(name, enc, width, type, gate, sdm) NVMX_IDX_##name,
#include <nvmx/fields.def>
#undef NVMX_FIELD
	NVMX_FIELD_COUNT
};

/* Encoding bits 14:13 (SDM B, Table B-1 "Structure of VMCS Component Encoding"). */
enum nvmx_field_width {
	NVMX_W16 = 0,
	NVMX_W64 = 1,
	NVMX_W32 = 2,
	NVMX_WNAT = 3,
};

/* Encoding bits 11:10. */
enum nvmx_field_type {
	NVMX_CTRL = 0,
	NVMX_EXIT = 1,	/* VM-exit information: read-only data */
	NVMX_GUEST = 2,
	NVMX_HOST = 3,
};

/* The feature that makes a field exist (rows of lib/fields/gates.def). */
enum nvmx_gate {
#define NVMX_GATE(name, wa, ma, wb, mb, rule) NVMX_GATE_##name,
#include <nvmx/gates.def>
#undef NVMX_GATE
	NVMX_GATE_COUNT
};

/* Encoding layout (SDM Table B-1). */
#define NVMX_ENC_HIGH 0x1u
#define NVMX_ENC_RESERVED_MASK 0xffff9000u /* bits 31:15 and 12 */
#define NVMX_ENC_INDEX(e) (((e) >> 1) & 0x1ffu)
#define NVMX_ENC_TYPE(e) (((e) >> 10) & 0x3u)
#define NVMX_ENC_WIDTH(e) (((e) >> 13) & 0x3u)

struct nvmx_field_info {
	uint16_t encoding;	/* full encoding (access type 0); all fit 15 bits */
	uint16_t index;		/* dense index, enum nvmx_field_index */
	uint8_t width;		/* enum nvmx_field_width */
	uint8_t type;		/* enum nvmx_field_type */
	uint8_t gate;		/* enum nvmx_gate */
	uint8_t reserved;
	const char *name;	/* constant suffix, e.g. "GUEST_CR3" */
	const char *sdm_name;	/* SDM wording, e.g. "Guest CR3" */
};

/*
 * The field an encoding names, or NULL when it names none: reserved
 * encoding bits set, an index no field uses, or the "high" access type on
 * a field that is not 64-bit. A high encoding (enc | 1) of a 64-bit field
 * returns that field. O(1), constant-time with respect to the table, and
 * the table index is masked before the load (safe for L1-chosen values).
 */
NVMX_API const struct nvmx_field_info *nvmx_field_lookup(uint32_t encoding);

/* The field at a dense index (0 .. NVMX_FIELD_COUNT-1), or NULL. */
NVMX_API const struct nvmx_field_info *nvmx_field_at(unsigned int index);

/* By constant name ("GUEST_CR3" or "NVMX_GUEST_CR3"); NULL if unknown. */
NVMX_API const struct nvmx_field_info *nvmx_field_by_name(const char *name);

/* Constant name of an encoding's field (high halves get "_HIGH"); NULL if none. */
NVMX_API const char *nvmx_field_name(uint32_t encoding);

/* Name of a gate and the SDM rule it stands for. */
NVMX_API const char *nvmx_gate_name(unsigned int gate);
NVMX_API const char *nvmx_gate_rule(unsigned int gate);

NVMX_END_DECLS

#endif /* NVMX_FIELDS_H */
