/* SPDX-License-Identifier: MIT */
/*
 * <nvmx/insn.h> - the VMX instructions as L0 emulates them for L1 (and for
 * L2, when L1 runs a nested guest): VMXON, VMXOFF, VMCLEAR, VMPTRLD,
 * VMPTRST, VMREAD, VMWRITE, VMLAUNCH, VMRESUME, INVEPT, INVVPID, VMFUNC.
 *
 * Authority: SDM Vol. 3 chapter 31 "VMX Instruction Reference" (each
 * instruction's Operation pseudo-code), 31.4 (error numbers), 25.10 (VMCS
 * shadowing), 26.5.6 (VM functions). Every decision the library can take is
 * one row of lib/insn/rules.def (stable rule ID, condition, outcome, SDM
 * reference); doc/instructions.md is generated from that table
 * (nvmx_insn_doc(), `nvmx insn-doc`).
 *
 * Model of use: one struct nvmx_vcpu per virtual CPU of L1 (the nested
 * state). When L1 (or L2) executes a VMX instruction, L0 decodes it, fills
 * a struct nvmx_insn_ctx (the executing context and the operands) and calls
 * the instruction's function. The function returns the architectural
 * outcome in struct nvmx_insn_outcome and applies the instruction's effect
 * on the nested state only when the instruction completes successfully.
 *
 * Freestanding: needs only <stdint.h>, <stdbool.h> and <stddef.h>.
 */
#ifndef NVMX_INSN_H
#define NVMX_INSN_H

#include <nvmx/api.h>
#include <nvmx/entry.h>
#include <nvmx/featctl.h>
#include <nvmx/model.h>
#include <nvmx/vmcs12.h>

NVMX_BEGIN_DECLS

/* "No VMCS": the current-VMCS pointer value FFFFFFFF_FFFFFFFFH (SDM 25.1). */
#define NVMX_VMCS_NONE (~0ull)

/*
 * Per-vCPU nested VMX state. Initialise with nvmx_vcpu_init(); the
 * instruction functions keep it. The caller may change feature_control
 * (WRMSR 3AH emulation), dual_monitor, and must clear non_root when it
 * performs a VM exit from L2 to L1 (the library does not emulate VM exits).
 */
struct nvmx_vcpu {
	const struct nvmx_model *model;	/* L1's virtual CPU */
	uint64_t feature_control;	/* IA32_FEATURE_CONTROL of L1 */
	uint64_t vmxon_ptr;		/* VMXON pointer, NVMX_VMCS_NONE outside VMX */
	uint64_t current_vmcs;		/* current-VMCS pointer or NVMX_VMCS_NONE */
	bool in_vmx;			/* in VMX operation (after VMXON) */
	bool non_root;			/* VMX non-root operation: L2 is running */
	bool dual_monitor;		/* dual-monitor treatment of SMIs active */
};

/* Outside VMX operation, no VMCS, with the given model and FEAT_CTL value. */
NVMX_API void nvmx_vcpu_init(struct nvmx_vcpu *vcpu,
			     const struct nvmx_model *model,
			     uint64_t feature_control);

/* A fault of an L1/L2 memory access, passed through as the outcome. */
struct nvmx_fault {
	uint8_t vector;		/* 13 (#GP), 12 (#SS), 14 (#PF), ... */
	bool has_error_code;
	uint32_t error_code;
	uint64_t address;	/* #PF: the faulting linear address (CR2) */
};

/*
 * Access the executing guest's memory by linear address (segmentation,
 * LAM and paging are the caller's: SDM 31.2 says VMX instructions access
 * memory operands like any other instruction). Return 0 on success, or
 * non-zero with *fault filled in.
 */
typedef int (*nvmx_linear_fn)(void *opaque, uint64_t la, void *buf,
			      size_t len, struct nvmx_fault *fault);

/*
 * The storage of the VMCS whose region is at guest-physical address gpa
 * (L1's view): the caller either maps L1 memory or returns its cached copy
 * (then it writes the cache back when it wants, e.g. after VMCLEAR; the
 * library only calls map_vmcs for a 4-KiB-aligned address inside the
 * physical-address width). The pointer is used only until the called
 * instruction function returns. NULL: the address has no memory behind it;
 * the instruction then ends with NVMX_EFAULT and changes nothing.
 */
typedef struct nvmx_vmcs12 *(*nvmx_map_vmcs_fn)(void *opaque, uint64_t gpa);

/* An instruction operand as L0 decoded it. */
struct nvmx_insn_operand {
	bool is_mem;		/* memory operand (ModRM.mod != 3) */
	uint64_t value;		/* register operand: the register's contents */
	uint64_t la;		/* memory operand: its linear address */
};

/*
 * The executing context (what the pseudo-codes consult) and the operands.
 * sz first (libbpf convention): set it to sizeof(struct nvmx_insn_ctx).
 *
 * Operands per instruction:
 *   VMXON, VMCLEAR, VMPTRLD, VMPTRST  op: the m64 operand
 *   VMREAD      reg: the encoding register; op: the destination
 *   VMWRITE     reg: the encoding register; op: the source
 *   INVEPT, INVVPID  reg: the type register; op: the m128 descriptor
 *   VMFUNC      reg: EAX; ecx: ECX
 * cr0/cr4 are the values in force for the executing software (for L2 the
 * real guest values, not the read shadows).
 */
struct nvmx_insn_ctx {
	size_t sz;
	uint8_t cpl;
	bool rflags_vm;		/* RFLAGS.VM (virtual-8086 mode) */
	bool efer_lma;		/* IA32_EFER.LMA */
	bool cs_l;		/* CS.L: with LMA, 64-bit mode; without, compat */
	bool in_smm;
	bool in_smx;		/* SMX operation (after GETSEC[SENTER]) */
	bool a20m;		/* A20M# asserted/enabled */
	bool mov_ss_blocking;	/* events blocked by MOV SS / POP SS */
	uint64_t cr0;
	uint64_t cr4;
	uint64_t reg;
	uint32_t ecx;
	struct nvmx_insn_operand op;
	nvmx_read_gpa_fn read_gpa;	/* L1 guest-physical reads */
	nvmx_map_vmcs_fn map_vmcs;
	nvmx_linear_fn read_linear;
	nvmx_linear_fn write_linear;
	void *opaque;
};

/* The VMX instructions (row prefix of rules.def). */
enum nvmx_insn {
	NVMX_INSN_VMXON,
	NVMX_INSN_VMXOFF,
	NVMX_INSN_VMCLEAR,
	NVMX_INSN_VMPTRLD,
	NVMX_INSN_VMPTRST,
	NVMX_INSN_VMREAD,
	NVMX_INSN_VMWRITE,
	NVMX_INSN_VMLAUNCH,
	NVMX_INSN_VMRESUME,
	NVMX_INSN_INVEPT,
	NVMX_INSN_INVVPID,
	NVMX_INSN_VMFUNC,
	NVMX_INSN_COUNT
};

/* Kind of a rule's outcome (column 3 of rules.def). */
enum nvmx_insn_kind {
	NVMX_IK_UD,		/* #UD */
	NVMX_IK_GP,		/* #GP(0) */
	NVMX_IK_FAULT,		/* the memory access's fault, passed through */
	NVMX_IK_VMEXIT,		/* VM exit to L1, basic reason = num */
	NVMX_IK_FAIL_INVALID,	/* VMfailInvalid */
	NVMX_IK_VMFAIL,		/* VMfail(num): VMfailValid(num), or
				 * VMfailInvalid without a current VMCS */
	NVMX_IK_ENTRY,		/* the VM-entry checks of doc/checks.md decide */
	NVMX_IK_SUCCEED,	/* VMsucceed (VMFUNC: function completes) */
};

/* Stable rule IDs, generated from <nvmx/insn_rules.def>. */
enum nvmx_insn_rule {
	NVMX_RULE_NONE = 0,
#define NVMX_RULE(insn, id, kind, num, cond, sdm) NVMX_RULE_##insn##_##id,
#include <nvmx/insn_rules.def>
#undef NVMX_RULE
	NVMX_RULE_COUNT
};

enum nvmx_insn_status {
	NVMX_INSN_SUCCEED = 0,	/* VMsucceed: CF=PF=AF=ZF=SF=OF=0 */
	NVMX_INSN_FAIL_INVALID,	/* VMfailInvalid: CF=1 */
	NVMX_INSN_FAIL_VALID,	/* VMfailValid: ZF=1; vm_insn_error, which the
				 * library also wrote to the current vmcs12 */
	NVMX_INSN_EXCEPTION,	/* deliver vector (+ error code) to the
				 * executing guest; RIP not advanced */
	NVMX_INSN_VMEXIT,	/* VM exit L2 -> L1 with exit_reason; L0 takes
				 * the exit qualification and instruction
				 * information from its own exit */
	NVMX_INSN_VMENTRY,	/* VMLAUNCH/VMRESUME: checks passed, run L2 */
	NVMX_INSN_ENTRY_FAIL,	/* VM-entry failure: VM exit to L1 with
				 * exit_reason (bit 31 set) and exit_qual,
				 * both also written to the current vmcs12;
				 * the caller loads L1's host state */
	NVMX_INSN_ERROR,	/* API misuse or callback failure: err */
};

struct nvmx_insn_outcome {
	enum nvmx_insn_status status;
	enum nvmx_insn_rule rule;	/* the row of rules.def that decided */
	uint8_t vector;			/* EXCEPTION */
	bool has_error_code;
	uint32_t error_code;
	uint64_t fault_address;		/* #PF passed through: CR2 */
	uint32_t vm_insn_error;		/* FAIL_VALID */
	uint32_t exit_reason;		/* VMEXIT, ENTRY_FAIL */
	uint64_t exit_qual;		/* ENTRY_FAIL */
	enum nvmx_check_id check;	/* VMLAUNCH/VMRESUME: the entry check */
	bool write_reg;			/* VMREAD to a register: write value */
	uint64_t value;
	int err;			/* ERROR: negative NVMX_E* code */
};

/*
 * The instructions. Each returns 0 when *out holds the architectural
 * outcome, or a negative NVMX_E* code (also in out->err, status ERROR):
 * NVMX_EINVAL for NULL/too-small arguments, NVMX_EFAULT when a
 * guest-physical read or map_vmcs fails. Nested state changes only when
 * the instruction succeeds (status SUCCEED or VMENTRY), except that
 * VMfailValid writes the VM-instruction error field of the current VMCS.
 */
#define NVMX_INSN_FN(name)                                                     \
	NVMX_API int nvmx_insn_##name(struct nvmx_vcpu *vcpu,                  \
				      const struct nvmx_insn_ctx *ctx,         \
				      struct nvmx_insn_outcome *out)
NVMX_INSN_FN(vmxon);
NVMX_INSN_FN(vmxoff);
NVMX_INSN_FN(vmclear);
NVMX_INSN_FN(vmptrld);
NVMX_INSN_FN(vmptrst);
NVMX_INSN_FN(vmread);
NVMX_INSN_FN(vmwrite);
NVMX_INSN_FN(vmlaunch);
NVMX_INSN_FN(vmresume);
NVMX_INSN_FN(invept);
NVMX_INSN_FN(invvpid);
NVMX_INSN_FN(vmfunc);
#undef NVMX_INSN_FN

/*
 * RFLAGS after the instruction (SDM 31.2): the six arithmetic flags per
 * VMsucceed / VMfailInvalid / VMfailValid; unchanged for other statuses.
 */
NVMX_API uint64_t nvmx_insn_rflags(uint64_t rflags,
				   const struct nvmx_insn_outcome *out);

/* The rule table: NULL / NVMX_INSN_COUNT / -1 if id is out of range. */
NVMX_API const char *nvmx_insn_rule_name(enum nvmx_insn_rule id);
NVMX_API const char *nvmx_insn_rule_condition(enum nvmx_insn_rule id);
NVMX_API const char *nvmx_insn_rule_sdm(enum nvmx_insn_rule id);
NVMX_API enum nvmx_insn nvmx_insn_rule_insn(enum nvmx_insn_rule id);
NVMX_API int nvmx_insn_rule_kind(enum nvmx_insn_rule id);
NVMX_API const char *nvmx_insn_name(enum nvmx_insn insn);

/*
 * doc/instructions.md, generated from the rule table: writes at most cap
 * bytes (NUL-terminated when cap > 0) and returns the full length without
 * the NUL, like snprintf.
 */
NVMX_API size_t nvmx_insn_doc(char *buf, size_t cap);

NVMX_END_DECLS

#endif /* NVMX_INSN_H */
