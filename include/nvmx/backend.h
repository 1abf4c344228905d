/* SPDX-License-Identifier: MIT */
/*
 * <nvmx/backend.h> - where a VMCS lives: one small ops interface with a
 * software backend (a struct nvmx_vmcs12 plus its model) and, on x86-64, a
 * hardware backend that issues the VMX instructions (for code running in
 * VMX root operation at CPL 0: a hypervisor, a test kernel).
 *
 * Every operation returns the architectural outcome of the VMX instruction
 * it stands for (SDM Vol. 3 31.2 "Conventions"), never a raw flags word:
 *   NVMX_VMSUCCEED (0)      VMsucceed
 *   1 .. 0xffff             VMfailValid: the VM-instruction error number
 *                           (SDM 31.4), read from the current VMCS (0x4400)
 *   NVMX_VMFAIL_INVALID     VMfailInvalid (CF = 1: no current VMCS)
 * API misuse (NULL, an operation the backend does not have) is a negative
 * NVMX_E* code. The software backend answers with the same numbers as
 * nvmx_vmread()/nvmx_vmwrite() (0, 12, 13), so code written against the
 * interface runs unchanged on either.
 *
 * Freestanding: no libc, no allocation, the caller owns all memory.
 */
#ifndef NVMX_BACKEND_H
#define NVMX_BACKEND_H

#include <nvmx/api.h>
#include <nvmx/model.h>
#include <nvmx/vmcs12.h>

NVMX_BEGIN_DECLS

enum nvmx_vmx_status {
	NVMX_VMSUCCEED = 0,
	/* 1 .. 0xffff: VMfailValid(n), n = VM-instruction error */
	NVMX_VMFAIL_INVALID = 0x10000,	/* CF = 1 */
	/* ZF = 1 but the VM-instruction error field read as 0 or > 0xffff */
	NVMX_VMFAIL_VALID_UNKNOWN = 0x10001,
};

/* Whether a backend result is VMfailValid (then it is the error number). */
static inline bool nvmx_vmfail_valid(int r)
{
	return r > 0 && r < NVMX_VMFAIL_INVALID;
}

struct nvmx_backend;

/*
 * The operations. read and write are mandatory; the others may be NULL.
 * load:   make this VMCS the current one (VMPTRLD). NULL: always current.
 * clear:  VMCLEAR (launch state clear, data flushed to the region).
 * launch, resume: VMLAUNCH / VMRESUME of the current VMCS. They return
 *         NVMX_VMSUCCEED when the processor came back through a VM exit
 *         (a real exit or a VM-entry failure, exit reason bit 31): read
 *         the exit reason; VMfailValid / VMfailInvalid otherwise.
 */
struct nvmx_backend_ops {
	const char *name;
	int (*read)(struct nvmx_backend *b, uint32_t encoding, uint64_t *value);
	int (*write)(struct nvmx_backend *b, uint32_t encoding, uint64_t value);
	int (*load)(struct nvmx_backend *b);
	int (*clear)(struct nvmx_backend *b);
	int (*launch)(struct nvmx_backend *b);
	int (*resume)(struct nvmx_backend *b);
};

/*
 * A backend instance; the caller owns it. Members beyond ops are for the
 * backend that ops belongs to (a custom backend may use priv).
 */
struct nvmx_backend {
	const struct nvmx_backend_ops *ops;
	const struct nvmx_model *model;	/* software: the model of vmcs12 */
	struct nvmx_vmcs12 *vmcs12;	/* software: the region */
	uint64_t vmcs_pa;		/* hardware: physical address */
	uint32_t flags;			/* NVMX_BACKEND_* */
	uint32_t reserved;
	void *priv;			/* custom backends */
};

/*
 * Software backend flag: writes come from the outer VMM (L0), not from L1,
 * so the read-only rule of VMWRITE (error 13, SDM 31.3) does not apply:
 * L0 fills VM-exit information fields of vmcs12 this way. Existence (12)
 * and width truncation still apply.
 */
#define NVMX_BACKEND_PRIVILEGED 0x1u

/*
 * Software backend over vmcs12 under model m. load is the VMPTRLD checks
 * on the region (SDM 31.3 VMPTRLD: revision identifier -> 11, shadow
 * indicator without VMCS shadowing -> 11); clear sets the launch state to
 * clear (SDM 31.3 VMCLEAR); launch and resume are absent (the VM-entry
 * verdict of a vmcs12 is nvmx_check_vmentry()). NVMX_EINVAL for NULL
 * arguments or unknown flags.
 */
NVMX_API int nvmx_backend_init_sw(struct nvmx_backend *b,
				  const struct nvmx_model *m,
				  struct nvmx_vmcs12 *vmcs12, uint32_t flags);

/* Dispatch wrappers: NVMX_EINVAL for NULL, NVMX_ENOTSUP for a missing op
 * (except load: a backend without load is always current, result 0). */
NVMX_API int nvmx_backend_read(struct nvmx_backend *b, uint32_t encoding,
			       uint64_t *value);
NVMX_API int nvmx_backend_write(struct nvmx_backend *b, uint32_t encoding,
				uint64_t value);
NVMX_API int nvmx_backend_load(struct nvmx_backend *b);
NVMX_API int nvmx_backend_clear(struct nvmx_backend *b);
NVMX_API int nvmx_backend_launch(struct nvmx_backend *b);
NVMX_API int nvmx_backend_resume(struct nvmx_backend *b);

/*
 * Copy the fields set[0 .. n-1] (encodings; a high-access encoding copies
 * the high half only) from src to dst, in order. Works between any two
 * backends: values travel through a small buffer, and before each batch
 * src, then dst, is made current (load), so two hardware VMCSs can be
 * synced too; afterwards dst is current. Returns 0 when every field was
 * copied; otherwise the outcome of the first failing operation (e.g. 12
 * for a field one side lacks) with *done = number of fields copied before
 * it (may be NULL). Negative NVMX_E* for misuse.
 */
NVMX_API int nvmx_backend_sync(struct nvmx_backend *dst,
			       struct nvmx_backend *src, const uint32_t *set,
			       size_t n, size_t *done);

/* Size of one VMREAD or VMWRITE bitmap (SDM 25.6.15). */
#define NVMX_SHADOW_BITMAP_SIZE 4096u

/*
 * Build the VMREAD and VMWRITE bitmaps for VMCS shadowing (SDM 25.6.15,
 * 26.1.3): bit n (n = encoding bits 14:0) = 0 lets L1's VMREAD/VMWRITE of
 * that encoding go to the shadow VMCS, 1 makes it exit to L0. Both bitmaps
 * start all ones; for each field of set that exists in both the hardware
 * model (hw: the shadow VMCS must hold it) and L1's model (l1: otherwise
 * L1 must see error 12), the bit of its full encoding (and of the high
 * encoding for a 64-bit field) is cleared in the VMREAD bitmap, and in the
 * VMWRITE bitmap too unless the field is read-only (VM-exit information)
 * and either model lacks IA32_VMX_MISC[29] (the two would disagree on
 * error 13). Either bitmap pointer may be NULL. Returns the number of
 * fields made shadowable, NVMX_ENOENT for an encoding that names no field
 * (bitmaps then untouched), NVMX_EINVAL for NULL models or set.
 */
NVMX_API int nvmx_shadow_bitmaps(const struct nvmx_model *hw,
				 const struct nvmx_model *l1,
				 const uint32_t *set, size_t n,
				 uint8_t *vmread_bitmap,
				 uint8_t *vmwrite_bitmap);

#if defined(__x86_64__)
/*
 * Hardware backend (x86-64, VMX root operation, CPL 0). The VMCS region
 * at physical address vmcs_pa is the caller's (4 KiB aligned, revision
 * identifier written). read/write act on the *current* VMCS: call load
 * (VMPTRLD vmcs_pa) first. launch/resume save the callee-saved registers,
 * point HOST_RSP/HOST_RIP of the current VMCS at their own return path and
 * come back after the VM exit; guest general-purpose registers are the
 * host's at entry and are discarded at exit.
 */
NVMX_API int nvmx_backend_init_hw(struct nvmx_backend *b, uint64_t vmcs_pa);

/* The instructions themselves (SDM Vol. 3 chapter 31), same results. */
NVMX_API int nvmx_hw_vmxon(uint64_t vmxon_pa);
NVMX_API int nvmx_hw_vmxoff(void);
NVMX_API int nvmx_hw_vmclear(uint64_t vmcs_pa);
NVMX_API int nvmx_hw_vmptrld(uint64_t vmcs_pa);
NVMX_API int nvmx_hw_vmptrst(uint64_t *vmcs_pa);
NVMX_API int nvmx_hw_vmread(uint32_t encoding, uint64_t *value);
NVMX_API int nvmx_hw_vmwrite(uint32_t encoding, uint64_t value);
/* Raw 64-bit encoding operand: bits 63:32 set must give error 12. */
NVMX_API int nvmx_hw_vmread64(uint64_t encoding, uint64_t *value);
NVMX_API int nvmx_hw_vmwrite64(uint64_t encoding, uint64_t value);
NVMX_API int nvmx_hw_vmlaunch(void);
NVMX_API int nvmx_hw_vmresume(void);
/* INVEPT / INVVPID (SDM 31.3): type and the 128-bit descriptor. */
NVMX_API int nvmx_hw_invept(uint64_t type, uint64_t eptp);
NVMX_API int nvmx_hw_invvpid(uint64_t type, uint16_t vpid,
			     uint64_t linear_address);
#endif

NVMX_END_DECLS

#endif /* NVMX_BACKEND_H */
