/* SPDX-License-Identifier: MIT */
/*
 * <nvmx/entry.h> - VM-entry consistency checks of VMLAUNCH/VMRESUME
 * (SDM Vol. 3 chapter 27 "VM Entries").
 *
 * Every check is one row of lib/entry_checks/checks.def with a stable ID
 * (enum nvmx_check_id), its SDM section, its outcome and the field it
 * concerns.
 */
#ifndef NVMX_ENTRY_H
#define NVMX_ENTRY_H

#include <nvmx/api.h>
#include <nvmx/model.h>
#include <nvmx/vmcs12.h>

NVMX_BEGIN_DECLS

/* Stable check IDs, generated from <nvmx/checks.def>. */
enum nvmx_check_id {
	NVMX_CHECK_NONE = 0,
#define NVMX_CHECK(id, cls, num, qual, field, sdm, desc) NVMX_CHECK_##id,
#include <nvmx/checks.def>
#undef NVMX_CHECK
	NVMX_CHECK_COUNT
};

/* How a VM entry ends (SDM 27.1-27.8; see shared/spec/errors.md). */
enum nvmx_outcome {
	NVMX_OUTCOME_SUCCESS = 0,	/* VM entry completes */
	NVMX_OUTCOME_UD,		/* #UD */
	NVMX_OUTCOME_GP,		/* #GP(0) */
	NVMX_OUTCOME_VMEXIT,		/* VM exit to the outer VMM (exit_reason) */
	NVMX_OUTCOME_VMFAIL_INVALID,	/* CF = 1 */
	NVMX_OUTCOME_VMFAIL_VALID,	/* ZF = 1, error in vm_insn_error */
	NVMX_OUTCOME_ENTRY_FAIL,	/* VM-entry failure: exit_reason | 1<<31 */
};

/* One failed check. */
struct nvmx_check_failure {
	enum nvmx_check_id id;
	enum nvmx_outcome outcome;
	uint32_t vm_insn_error;	/* VMFAIL_VALID: 4, 5, 7, 8, 26, ... */
	uint32_t exit_reason;	/* ENTRY_FAIL: 33 or 34 (bit 31 not included);
				 * VMEXIT: 20 or 24 */
	uint64_t exit_qual;	/* ENTRY_FAIL: 0, 2, 3, 4, or MSR entry index */
	uint32_t field;		/* encoding of the field at fault, or 0 */
};

/*
 * The verdict. The first member is the size of the struct as the caller
 * knows it (libbpf convention): set it to sizeof(struct nvmx_entry_result)
 * so that later versions can grow the struct without breaking callers.
 */
struct nvmx_entry_result {
	size_t sz;
	/* The first failure in hardware order (id NONE on success). */
	struct nvmx_check_failure first;
	/*
	 * Diagnostic mode: if all != NULL, every violated check is written
	 * to all[0 .. all_cap-1] in hardware order; all_count is the number
	 * of violations found (may exceed all_cap). all[0] == first.
	 */
	struct nvmx_check_failure *all;
	unsigned int all_cap;
	unsigned int all_count;
};

/*
 * Read guest-physical memory of L1 (MSR-load area, PDPTEs, ...).
 * Returns 0 on success, non-zero if the range cannot be read.
 */
typedef int (*nvmx_read_gpa_fn)(void *opaque, uint64_t gpa, void *buf,
				size_t len);

/* What VM entry consults that is not in the VMCS. Same size convention. */
struct nvmx_entry_env {
	size_t sz;
	bool launch;		/* true: VMLAUNCH, false: VMRESUME */
	bool in_vmx_operation;	/* false: #UD (INSN_UD_NOT_VMX) */
	bool in_vmx_non_root;	/* executed by L2: VM exit (INSN_NONROOT) */
	bool v86_or_compat;	/* RFLAGS.VM = 1, or IA32_EFER.LMA = 1 and CS.L = 0 */
	uint8_t cpl;
	bool no_current_vmcs;	/* current-VMCS pointer is FFFFFFFF_FFFFFFFFH */
	bool mov_ss_blocking;	/* events blocked by MOV SS */
	bool in_smm;
	bool host_ia32e;	/* L1 (the "host" of the entry) is in IA-32e mode */
	nvmx_read_gpa_fn read_gpa; /* may be NULL: memory checks then fail
				    * as unreadable (see doc/checks.md) */
	void *opaque;
	/*
	 * Physical addresses of the current VMCS (the VMPTRLD operand) and,
	 * in SMM under dual-monitor treatment, of the executive VMCS: the VMCS
	 * link pointer must differ from them (SDM 27.3.1.5). Consulted only
	 * when vmptr_known is true (and sz covers these members); otherwise
	 * those two rules are not checked.
	 */
	bool vmptr_known;
	uint64_t current_vmptr;
	uint64_t executive_vmptr;
};

/*
 * Run every VM-entry check on vmcs12 for the given model and environment,
 * in hardware order. Returns 0 when VM entry succeeds, 1 when it fails
 * (details in *out), or a negative NVMX_E* code for API misuse (NULL,
 * sz too small).
 */
NVMX_API int nvmx_check_vmentry(const struct nvmx_model *m,
				const struct nvmx_vmcs12 *v,
				const struct nvmx_entry_env *env,
				struct nvmx_entry_result *out);

/* Stable name of a check ("GUEST_CR3_RESERVED"), NULL if out of range. */
NVMX_API const char *nvmx_check_id_name(enum nvmx_check_id id);
/* SDM section of a check ("27.3.1.1"), NULL if out of range. */
NVMX_API const char *nvmx_check_sdm_ref(enum nvmx_check_id id);
/* One-line description of the rule, NULL if out of range. */
NVMX_API const char *nvmx_check_description(enum nvmx_check_id id);
/* Check ID by name, NVMX_CHECK_NONE if unknown. */
NVMX_API enum nvmx_check_id nvmx_check_by_name(const char *name);

NVMX_END_DECLS

#endif /* NVMX_ENTRY_H */
