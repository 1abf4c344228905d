/* SPDX-License-Identifier: MIT */
/*
 * <nvmx/msr.h> - L1's VMX capability MSRs: model consistency, derivation
 * from a host model and the vCPU's CPUID, userspace restore (live
 * migration) with a compatibility policy, and withdrawn ("revoked")
 * controls. Semantics and a worked example: doc/migration.md.
 *
 * Freestanding: no allocation; the caller owns every struct.
 */
#ifndef NVMX_MSR_H
#define NVMX_MSR_H

#include <nvmx/api.h>
#include <nvmx/model.h>

NVMX_BEGIN_DECLS

/* Rules that can refuse a value, generated from <nvmx/msr_rules.def>. */
enum nvmx_msr_rule {
	NVMX_MSR_RULE_NONE = 0,
#define NVMX_MSR_RULE(id, sdm, desc) NVMX_MSR_RULE_##id,
#include <nvmx/msr_rules.def>
#undef NVMX_MSR_RULE
	NVMX_MSR_RULE_COUNT
};

/* Stable name ("CTL_ALLOWED1_SUBSET"), SDM reference, description; NULL if out
 * of range. */
NVMX_API const char *nvmx_msr_rule_name(enum nvmx_msr_rule r);
NVMX_API const char *nvmx_msr_rule_sdm(enum nvmx_msr_rule r);
NVMX_API const char *nvmx_msr_rule_description(enum nvmx_msr_rule r);

/*
 * Why a value (or a model, or a VM entry) was refused: the MSR, the rule,
 * the offending bits of that MSR, the value examined and the value it was
 * compared with (the limit's, or the derived one). msr is 0x3A for
 * IA32_FEATURE_CONTROL and 0 for CPUID facts (rule CPUID_MISSING, bits are
 * NVMX_CPU_* facts). rule == NVMX_MSR_RULE_NONE means "accepted".
 */
struct nvmx_msr_verdict {
	uint32_t msr;
	enum nvmx_msr_rule rule;
	uint64_t bits;
	uint64_t value;
	uint64_t expected;
};

/* ---- names -------------------------------------------------------- */

/* "IA32_VMX_BASIC" for 0x480 (0x3A and 0x480..0x493); NULL otherwise. */
NVMX_API const char *nvmx_msr_name(uint32_t index);
/* Index by name (with or without "IA32_"); NVMX_ENOENT if unknown. */
NVMX_API int nvmx_msr_by_name(const char *name, uint32_t *index);
/*
 * Name of bit `bit` (0..63) of a capability MSR: for control MSRs the
 * control's SDM name (allowed-0 half and allowed-1 half alike), for
 * BASIC, MISC, EPT_VPID_CAP, VMFUNC and FEATURE_CONTROL the bit's meaning.
 * NULL for a reserved or unnamed bit.
 */
NVMX_API const char *nvmx_msr_bit_name(uint32_t index, unsigned int bit);
/* The control word a control MSR describes, NVMX_WORD_NONE otherwise. */
NVMX_API enum nvmx_ctl_word nvmx_msr_ctl_word(uint32_t index);
/* Name of a CPUID fact (enum nvmx_cpu_feature_bit), "VMX"; NULL if out of
 * range. */
NVMX_API const char *nvmx_cpu_feature_name(unsigned int bit);
NVMX_API int nvmx_cpu_feature_by_name(const char *name, unsigned int *bit);

/* ---- 0. model consistency ------------------------------------------ */

/*
 * Whether the parts of a model agree with each other (rules of the
 * "model consistency" section of msr_rules.def: TRUE vs non-TRUE MSRs and
 * the default1 classes, allowed-0 within allowed-1, reserved controls,
 * secondary/tertiary/secondary-exit/VM-function words only with the
 * control that activates them, EPT/VPID capabilities, FIXED0 within
 * FIXED1, CR4_FIXED1 only with the CPUID features, IA32_VMX_BASIC/MISC
 * reserved bits, and, if feat_ctl is not NULL, IA32_FEATURE_CONTROL bits
 * only for CPUID features the model has). Rules are checked in that
 * order; the first violation is reported.
 *
 * IA32_VMX_VMCS_ENUM cannot be inconsistent: the library always derives
 * it from the fields that exist (nvmx_model_set_msr refuses 0x48A).
 *
 * Returns 0 (consistent), NVMX_EPERM with *why filled, or NVMX_EINVAL.
 * why may be NULL.
 */
NVMX_API int nvmx_model_validate(const struct nvmx_model *m,
				 const uint64_t *feat_ctl,
				 struct nvmx_msr_verdict *why);

/* ---- 1. derivation ------------------------------------------------- */

/*
 * L1's model from a host model (what hardware and L0 can do) and the
 * vCPU's CPUID facts: every control's allowed-1 bit is the host's, minus
 * controls whose instruction or MSR the vCPU's CPUID lacks (table
 * lib/msr/cpu_deps.def) and minus withdrawn controls (the revoke list);
 * must-be-1 bits are the host's; non-TRUE MSRs = TRUE MSRs plus the
 * default1 class; CR4_FIXED1 = nvmx_model_cr4_fixed1_for_cpu(vcpu_cpu) &
 * host CR4_FIXED1; IA32_VMX_MISC[14] only with Intel PT; BASIC,
 * EPT_VPID_CAP, CR0 FIXED0/1, CR4_FIXED0 are the host's; VMCS_ENUM is
 * derived from the resulting fields. vcpu_maxphyaddr 0 takes the host's.
 * The host must pass nvmx_model_validate (else NVMX_EPERM and *why); the
 * result always passes it. out may not alias host.
 */
NVMX_API int nvmx_msr_derive(struct nvmx_model *out,
			     const struct nvmx_model *host, uint64_t vcpu_cpu,
			     unsigned int vcpu_maxphyaddr,
			     struct nvmx_msr_verdict *why);

/* ---- 2./3. restore and the compatibility policy -------------------- */

enum nvmx_restore_policy {
	/* Only the restore rules: the value may only restrict the limit. */
	NVMX_RESTORE_STRICT = 0,
	/*
	 * As STRICT, but allowed-1 bits of the revoke list (controls an
	 * earlier release offered and a later one withdrew) are accepted
	 * beyond the limit: L1 keeps seeing them, VM entry refuses them
	 * (nvmx_control_revoked).
	 */
	NVMX_RESTORE_COMPAT = 1,
};

/* Release numbers of the revoke list (libnvmx releases). */
#define NVMX_RELEASE(maj, min, patch) (((maj) << 16) | ((min) << 8) | (patch))

struct nvmx_evmcs_cfg; /* <nvmx/evmcs.h> */

/* How a restore is judged. A NULL pointer means all-zero: STRICT, not run. */
struct nvmx_restore_opts {
	enum nvmx_restore_policy policy;
	/* The vCPU has run (entered guest mode once): any change -> NVMX_EBUSY.
	 */
	bool vcpu_ran;
	/*
	 * Release of the hypervisor that saved the values (NVMX_RELEASE),
	 * 0 if unknown. COMPAT accepts a revoked bit only if it was withdrawn
	 * after that release (source_release < withdrawn release).
	 */
	uint32_t source_release;
	/* eVMCS configuration, or NULL: in enforced mode a restore of
	 * allowed-1 bits that eVMCS v1 cannot carry is refused. */
	const struct nvmx_evmcs_cfg *evmcs;
};

/*
 * Restore one VMX capability MSR (0x480..0x493) of a vCPU, as userspace
 * does on the destination of a live migration. limit is what L0 supports
 * for this vCPU (normally nvmx_msr_derive's output). Rules, per MSR
 * (reasons in msr_rules.def and doc/migration.md):
 *  - control MSRs 0x481-0x484, 0x48B, 0x48D-0x490: allowed-1 a subset of
 *    the limit's (COMPAT: plus revoked bits), allowed-0 a superset of the
 *    limit's, allowed-0 within allowed-1; the default1 class stays
 *    allowed-1 and, in a non-TRUE MSR, must-be-1. A TRUE MSR sets the
 *    non-TRUE one to TRUE plus the default1 class; a non-TRUE MSR sets
 *    the TRUE allowed-1 half and the TRUE allowed-0 bits outside the
 *    default1 class (inside it the TRUE MSR keeps its value, which the
 *    non-TRUE MSR cannot express). Either order gives the same model.
 *  - IA32_VMX_BASIC: revision equal, region size not smaller (and
 *    <= 4096), bit 48 clear, memory type equal, features a subset,
 *    reserved bits zero.
 *  - IA32_VMX_MISC: activity states and features a subset, CR3 targets
 *    and MSR-list size not larger, preemption rate and MSEG revision equal,
 *    reserved bits zero.
 *  - EPT_VPID_CAP, VMFUNC, PROCBASED_CTLS3, EXIT_CTLS2: subset (the last
 *    three, COMPAT: plus revoked bits).
 *  - CR0/CR4 FIXED0: a superset of the limit's, within the vCPU's FIXED1.
 *  - CR0/CR4 FIXED1: derived from the vCPU model; accepted only if equal
 *    to the vCPU's current value (a no-op), else FIXED1_DERIVED.
 *  - VMCS_ENUM: derived; accepted if only bits 9:1 are set and the index
 *    is not above the limit's, and then ignored (never stored).
 *  - if opts->vcpu_ran: a value different from the current one is refused
 *    with rule RAN and NVMX_EBUSY (an equal value is accepted).
 * Returns 0, NVMX_EPERM (refused, *why names MSR, bits and rule; the
 * model is untouched), NVMX_EBUSY (vCPU ran), NVMX_ENOENT (index outside
 * 0x480..0x493), NVMX_EINVAL (NULL vcpu/limit). why may be NULL.
 */
NVMX_API int nvmx_msr_restore(struct nvmx_model *vcpu,
			      const struct nvmx_model *limit, uint32_t index,
			      uint64_t value,
			      const struct nvmx_restore_opts *opts,
			      struct nvmx_msr_verdict *why);

struct nvmx_msr_value {
	uint32_t index;
	uint32_t reserved;
	uint64_t value;
};

/*
 * Restore a whole set of MSR values, all or nothing: every value is
 * validated (in the given order, each against the state the earlier ones
 * produce) on a private copy; the vCPU model changes only if all are
 * accepted. On refusal *failed (if not NULL) is the index into vals.
 */
NVMX_API int nvmx_msr_restore_all(struct nvmx_model *vcpu,
				  const struct nvmx_model *limit,
				  const struct nvmx_msr_value *vals, size_t n,
				  const struct nvmx_restore_opts *opts,
				  struct nvmx_msr_verdict *why, size_t *failed);

/*
 * Migration compatibility of a VM whose vCPU model is src to a
 * destination host dst_host: derives the limit from dst_host and src's
 * CPUID, checks src's CPUID against dst_host's (CPUID_MISSING), then
 * restores every MSR 0x480..0x493 of src, continuing after refusals.
 * Every refusal is written to out[0 .. cap-1]; *count is their number
 * (may exceed cap). Returns 0 (compatible), 1 (not), or a negative
 * NVMX_E* (NULL, or dst_host inconsistent: out[0] names the rule).
 */
NVMX_API int nvmx_msr_compat(const struct nvmx_model *src,
			     const struct nvmx_model *dst_host,
			     const struct nvmx_restore_opts *opts,
			     struct nvmx_msr_verdict *out, size_t cap,
			     size_t *count);

/* ---- the revoke list ----------------------------------------------- */

struct nvmx_revoke_entry {
	uint32_t msr; /* control MSR (the TRUE one for pin/proc/exit/entry) */
	uint32_t release; /* NVMX_RELEASE that withdrew the bits */
	uint64_t bits; /* allowed-1 bits (bit X of the control = bit X here) */
	const char *reason;
};

/* Entry i of the versioned revoke list (lib/msr/revoke.def), NULL past the end.
 */
NVMX_API const struct nvmx_revoke_entry *nvmx_revoke_entry_at(unsigned int i);
/*
 * Control bits of word w that COMPAT accepts beyond the limit for a VM
 * saved by source_release (0 = unknown: every listed bit).
 */
NVMX_API uint64_t nvmx_revoked_mask(enum nvmx_ctl_word w,
				    uint32_t source_release);

/*
 * For the VM-entry checks: the bits of control value `value` of word w
 * that are revoked in model m (L1 sees them allowed-1, but VM entry must
 * fail as for an unsupported control, VMfailValid 7). 0 = nothing revoked
 * in use. Words: PIN, PROC, PROC2, PROC3, EXIT, EXIT2, ENTRY, VMFUNC.
 */
NVMX_API uint64_t nvmx_control_revoked(const struct nvmx_model *m,
				       enum nvmx_ctl_word w, uint64_t value);

NVMX_END_DECLS

#endif /* NVMX_MSR_H */
