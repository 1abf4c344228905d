/* SPDX-License-Identifier: MIT */
/*
 * <nvmx/featctl.h> - IA32_FEATURE_CONTROL (MSR 0x3A) and the VMXON checks
 * that consult it (SDM Vol. 4 Table 2-2; Vol. 3 23.7 and the VMXON
 * operation in 31.3).
 */
#ifndef NVMX_FEATCTL_H
#define NVMX_FEATCTL_H

#include <nvmx/api.h>
#include <nvmx/entry.h>
#include <nvmx/model.h>

NVMX_BEGIN_DECLS

/* Bits of IA32_FEATURE_CONTROL (SDM Vol. 4 Table 2-2). */
#define NVMX_FEAT_CTL_LOCKED (1ull << 0)
#define NVMX_FEAT_CTL_VMX_INSIDE_SMX (1ull << 1)
#define NVMX_FEAT_CTL_VMX_OUTSIDE_SMX (1ull << 2)
#define NVMX_FEAT_CTL_SENTER_LOCAL (0x7full << 8)
#define NVMX_FEAT_CTL_SENTER_GLOBAL (1ull << 15)
#define NVMX_FEAT_CTL_SGX_LC (1ull << 17)
#define NVMX_FEAT_CTL_SGX (1ull << 18)
#define NVMX_FEAT_CTL_LMCE (1ull << 20)
/* Every bit the library supports; all others are reserved. */
#define NVMX_FEAT_CTL_SUPPORTED                                                \
	(NVMX_FEAT_CTL_LOCKED | NVMX_FEAT_CTL_VMX_INSIDE_SMX |                 \
	 NVMX_FEAT_CTL_VMX_OUTSIDE_SMX | NVMX_FEAT_CTL_SENTER_LOCAL |          \
	 NVMX_FEAT_CTL_SENTER_GLOBAL | NVMX_FEAT_CTL_SGX_LC |                  \
	 NVMX_FEAT_CTL_SGX | NVMX_FEAT_CTL_LMCE)

/*
 * Compatibility option: a guest may set bit 1 "VMX inside SMX" on a vCPU
 * with VMX but without SMX. The SDM gives #GP(0); KVM accepts it because it
 * once reported that value to guests, so a guest (or firmware) written
 * against it rewrites the value it read. Off by default.
 */
#define NVMX_FEAT_CTL_OPT_SMX_COMPAT (1u << 0)

struct nvmx_feat_ctl {
	uint64_t value;
	uint32_t options; /* NVMX_FEAT_CTL_OPT_* */
	uint32_t reserved;
};

/* Results of nvmx_feat_ctl_write (architectural outcomes, >= 0). */
enum nvmx_feat_ctl_result {
	NVMX_FEAT_CTL_DONE = 0, /* value written */
	NVMX_FEAT_CTL_GP =
		1, /* guest WRMSR/RDMSR raises #GP(0), nothing written */
	NVMX_FEAT_CTL_LEAVE_NESTED =
		2, /* host wrote 0: written; the caller must
		    * force the vCPU out of VMX operation */
};

/* The MSR exists iff VMX, SMX, SGX, SGX_LC or LMCE is enumerated. */
NVMX_API bool nvmx_feat_ctl_exists(const struct nvmx_model *m);
/*
 * Bits a guest write may set on this model: lock always; bit 1 with VMX
 * and SMX (or VMX and NVMX_FEAT_CTL_OPT_SMX_COMPAT); bit 2 with VMX; bits
 * 8-15 with SMX; 17 with SGX_LC; 18 with SGX; 20 with LMCE.
 */
NVMX_API uint64_t nvmx_feat_ctl_guest_allowed(const struct nvmx_model *m,
					      uint32_t options);

/*
 * WRMSR 0x3A.
 * Guest (host_initiated false), in this order: MSR absent -> GP; locked
 * -> GP (even rewriting the same value); a bit outside
 * nvmx_feat_ctl_guest_allowed() -> GP; else written (DONE).
 * Host-initiated (userspace restore): any bit of NVMX_FEAT_CTL_SUPPORTED
 * regardless of CPUID and of the lock -> written (DONE, or LEAVE_NESTED
 * for the value 0); a reserved bit -> NVMX_EPERM, nothing written.
 * NVMX_EINVAL for NULL.
 */
NVMX_API int nvmx_feat_ctl_write(struct nvmx_feat_ctl *s,
				 const struct nvmx_model *m, uint64_t value,
				 bool host_initiated);
/* RDMSR 0x3A: DONE and *value, or GP for a guest read when the MSR is absent.
 */
NVMX_API int nvmx_feat_ctl_read(const struct nvmx_feat_ctl *s,
				const struct nvmx_model *m, bool host_initiated,
				uint64_t *value);

/* ---- VMXON --------------------------------------------------------- */

/* The checks of VMXON in SDM order (shared/spec lam-featctl-evmcs.md B.3). */
enum nvmx_vmxon_check_id {
	NVMX_VMXON_OK = 0,
	NVMX_VMXON_UD_OPERAND, /* register operand: #UD */
	NVMX_VMXON_UD_MODE,   /* CR0.PE=0, CR4.VMXE=0, RFLAGS.VM=1, compat mode:
				 #UD */
	NVMX_VMXON_NONROOT,   /* in VMX non-root operation: VM exit 27 */
	NVMX_VMXON_ROOT,      /* in VMX root: #GP if CPL>0, else VMfail 15 */
	NVMX_VMXON_CPL,	      /* CPL > 0: #GP */
	NVMX_VMXON_A20M,      /* A20M mode: #GP */
	NVMX_VMXON_CR0_FIXED, /* CR0 vs CR0_FIXED0/1: #GP */
	NVMX_VMXON_CR4_FIXED, /* CR4 vs CR4_FIXED0/1: #GP */
	NVMX_VMXON_FC_LOCK,   /* IA32_FEATURE_CONTROL[0] = 0: #GP */
	NVMX_VMXON_FC_SMX,    /* in SMX and IA32_FEATURE_CONTROL[1] = 0: #GP */
	NVMX_VMXON_FC_NOSMX, /* outside SMX and IA32_FEATURE_CONTROL[2] = 0: #GP
			      */
	NVMX_VMXON_MEMOP,    /* fetching the operand faulted: caller's fault */
	NVMX_VMXON_ADDR,     /* region address unaligned / beyond MAXPHYADDR:
				VMfailInvalid */
	NVMX_VMXON_REV, /* region revision mismatch or bit 31 set: VMfailInvalid
			 */
	NVMX_VMXON_CHECK_COUNT
};

/* What VMXON consults besides the model. All fields are the L1 state. */
struct nvmx_vmxon_env {
	bool reg_operand;   /* ModRM designates a register */
	bool v86_or_compat; /* RFLAGS.VM = 1, or IA32_EFER.LMA = 1 and CS.L = 0
			     */
	bool in_vmx_operation;
	bool in_vmx_non_root;
	bool has_current_vmcs; /* in VMX root: current-VMCS pointer valid */
	bool a20m;
	bool in_smx;
	bool operand_fault; /* fetching the 64-bit operand faulted */
	uint8_t cpl;
	uint64_t cr0, cr4;
	uint64_t feat_ctl;   /* IA32_FEATURE_CONTROL */
	uint64_t vmxon_pa;   /* the operand: physical address of the region */
	uint32_t region_rev; /* first 32 bits of the region */
};

struct nvmx_vmxon_result {
	enum nvmx_outcome outcome;
	enum nvmx_vmxon_check_id check;
	uint32_t vm_insn_error; /* VMFAIL_VALID: 15 */
	uint32_t exit_reason;	/* VMEXIT: 27 */
};

/*
 * VMXON's checks in SDM order. Returns the outcome (enum nvmx_outcome:
 * SUCCESS, UD, GP, VMEXIT, VMFAIL_INVALID, VMFAIL_VALID) and fills *out;
 * negative NVMX_E* for NULL. For NVMX_VMXON_MEMOP the outcome is GP and
 * the caller raises the fault its operand fetch produced (#GP, #SS or
 * #PF) instead. The caller reads the operand and the region's first 32
 * bits (env->vmxon_pa, env->region_rev) before calling; they are only
 * consulted if every earlier check passes.
 */
NVMX_API int nvmx_vmxon_check(const struct nvmx_model *m,
			      const struct nvmx_vmxon_env *env,
			      struct nvmx_vmxon_result *out);
/* Stable name of a VMXON check ("CR0_FIXED"), NULL if out of range. */
NVMX_API const char *nvmx_vmxon_check_name(enum nvmx_vmxon_check_id id);

NVMX_END_DECLS

#endif /* NVMX_FEATCTL_H */
