/* SPDX-License-Identifier: MIT */
/*
 * <nvmx/vmcs12.h> - L1's virtual VMCS and VMREAD/VMWRITE on it.
 */
#ifndef NVMX_VMCS12_H
#define NVMX_VMCS12_H

#include <nvmx/api.h>
#include <nvmx/fields.h>
#include <nvmx/model.h>

NVMX_BEGIN_DECLS

#define NVMX_VMCS12_SIZE 4096u
#define NVMX_VMCS12_HEADER 16u

/* VM-instruction error numbers (SDM Vol. 3 31.4, Table 31-1). */
enum nvmx_vm_insn_error {
	NVMX_VMERR_VMCALL_IN_ROOT = 1,
	NVMX_VMERR_VMCLEAR_INVALID_ADDR = 2,
	NVMX_VMERR_VMCLEAR_VMXON_PTR = 3,
	NVMX_VMERR_VMLAUNCH_NONCLEAR = 4,
	NVMX_VMERR_VMRESUME_NONLAUNCHED = 5,
	NVMX_VMERR_VMRESUME_AFTER_VMXOFF = 6,
	NVMX_VMERR_ENTRY_INVALID_CONTROL = 7,
	NVMX_VMERR_ENTRY_INVALID_HOST_STATE = 8,
	NVMX_VMERR_VMPTRLD_INVALID_ADDR = 9,
	NVMX_VMERR_VMPTRLD_VMXON_PTR = 10,
	NVMX_VMERR_VMPTRLD_BAD_REVISION = 11,
	NVMX_VMERR_UNSUPPORTED_FIELD = 12,
	NVMX_VMERR_VMWRITE_READ_ONLY = 13,
	NVMX_VMERR_VMXON_IN_ROOT = 15,
	NVMX_VMERR_ENTRY_INVALID_EXEC_VMCS = 16,
	NVMX_VMERR_ENTRY_NONLAUNCHED_EXEC_VMCS = 17,
	NVMX_VMERR_ENTRY_EXEC_VMCS_NOT_VMXON = 18,
	NVMX_VMERR_VMCALL_NONCLEAR = 19,
	NVMX_VMERR_VMCALL_INVALID_EXIT_CTLS = 20,
	NVMX_VMERR_VMCALL_BAD_MSEG_REV = 22,
	NVMX_VMERR_VMXOFF_DUAL_MONITOR = 23,
	NVMX_VMERR_VMCALL_INVALID_SMM_FEATURES = 24,
	NVMX_VMERR_ENTRY_INVALID_EXEC_CTRL_EXEC_VMCS = 25,
	NVMX_VMERR_ENTRY_MOV_SS_BLOCKING = 26,
	NVMX_VMERR_INVEPT_INVVPID_INVALID = 28,
};

enum nvmx_launch_state {
	NVMX_LAUNCH_CLEAR = 0,
	NVMX_LAUNCH_LAUNCHED = 1,
};

/*
 * The vmcs12 region: exactly 4 KiB. Bytes 0-3 hold the revision identifier
 * (bit 31: shadow-VMCS indicator) and bytes 4-7 the VMX-abort indicator
 * (SDM 25.2). The launch state and the fields follow; each field has an
 * 8-byte slot in the row order of fields.def, holding the value already
 * truncated to the field's width. That layout is an ABI (a saved vmcs12 is
 * read back by later versions): compile-time asserts in lib/vmcs12.c
 * freeze it.
 */
struct nvmx_vmcs12 {
	uint32_t revision_id;
	uint32_t abort_indicator;
	uint32_t launch_state;	/* enum nvmx_launch_state */
	uint32_t reserved;
	uint64_t field[NVMX_FIELD_COUNT];
	uint8_t unused[NVMX_VMCS12_SIZE - NVMX_VMCS12_HEADER -
		       8 * NVMX_FIELD_COUNT];
};

/*
 * Zero the region, write the model's revision identifier (IA32_VMX_BASIC
 * bits 30:0) and set the launch state to clear, as software does before
 * VMCLEAR (SDM 25.11.3). The VMCS link pointer is set to ~0 (the value
 * VM entry requires unless shadowing is used, SDM 27.3.1.5).
 */
NVMX_API void nvmx_vmcs12_init(struct nvmx_vmcs12 *v, const struct nvmx_model *m);

/*
 * VMREAD (SDM Vol. 3 31.3 "VMREAD", operation): 0 and *value set, or the
 * VM-instruction error number 12 (unsupported component: unknown or
 * reserved encoding, high access to a non-64-bit field, a field this model
 * does not have). *value is untouched on failure. The value is the field
 * zero-extended to 64 bits (high access: bits 63:32 of a 64-bit field in
 * bits 31:0). NVMX_EINVAL for a NULL pointer.
 */
NVMX_API int nvmx_vmread(const struct nvmx_model *m, const struct nvmx_vmcs12 *v,
			 uint32_t encoding, uint64_t *value);

/*
 * VMWRITE (SDM Vol. 3 31.3 "VMWRITE", operation): 0, or 12 as for VMREAD,
 * or 13 for a VM-exit information field unless IA32_VMX_MISC[29] is set.
 * The value is truncated to the field width (high access writes bits
 * 63:32 from value bits 31:0). A failed VMWRITE changes nothing.
 */
NVMX_API int nvmx_vmwrite(const struct nvmx_model *m, struct nvmx_vmcs12 *v,
			  uint32_t encoding, uint64_t value);

/*
 * The VMREAD/VMWRITE operand size rule outside 64-bit mode (SDM 31.3):
 * the operand is 32 bits, so a VMREAD result is truncated to bits 31:0 and
 * a VMWRITE source is zero-extended from bits 31:0 (natural-width and
 * 64-bit full fields then hold only bits 31:0).
 */
static inline uint64_t nvmx_operand_size(uint64_t value, bool long_mode)
{
	return long_mode ? value : (value & 0xffffffffull);
}

/*
 * Fast internal-field accessors for code that already knows the field
 * exists (entry checks, converters): no existence check, full 64 bits.
 */
static inline uint64_t nvmx_vmcs12_get(const struct nvmx_vmcs12 *v,
				       enum nvmx_field_index i)
{
	return v->field[i];
}

NVMX_END_DECLS

#endif /* NVMX_VMCS12_H */
