/* SPDX-License-Identifier: MIT */
/*
 * blob.h - the vector blob the host runner appends to the kernel image
 * (shared by kernel.c and hwrun.c). Loaded by boot.asm to HW_BLOB_ADDR.
 */
#ifndef NVMX_HW_BLOB_H
#define NVMX_HW_BLOB_H

#include <stdint.h>

#define HW_KERNEL_MAX 0x40000u		/* kernel image bytes (padded) */
#define HW_BLOB_ADDR 0x50000u		/* 0x10000 + HW_KERNEL_MAX */
#define HW_BLOB_MAX 0x48000u		/* up to 0x98000 */
#define HW_BLOB_MAGIC 0x31434556584d564eull /* "NVMXVEC1" */

/* A VMCS field write: encoding and value. */
struct hw_field {
	uint32_t enc;
	uint32_t pad;
	uint64_t val;
};

/* A VM-entry MSR-load entry (SDM 25.8.2 layout). */
struct hw_msr {
	uint32_t index;
	uint32_t reserved;
	uint64_t value;
};

/* One vector: nmut field writes applied over the baseline, nmsr entries
 * copied to the kernel's MSR-load area before VM entry. */
struct hw_vec {
	uint32_t id;
	uint16_t nmut;
	uint16_t nmsr;
	uint32_t mode;		/* enum hw_mode: how the kernel enters */
	uint32_t pad;
	/* struct hw_field mut[nmut]; struct hw_msr msr[nmsr]; follow */
};

/*
 * How the kernel executes a vector (SDM 27.1 basic VM-entry checks need
 * the instruction's context, not only the VMCS):
 *   LAUNCH       VMLAUNCH of the fresh VMCS (baseline + mutations);
 *   RELAUNCH     VMLAUNCH of the baseline (must exit), then the baseline
 *                and the mutations written again, VMLAUNCH again (error 4
 *                before any VMCS check);
 *   RESUME_CLEAR VMRESUME of the fresh (clear) VMCS (error 5);
 *   RESUME       like RELAUNCH but the second instruction is VMRESUME: the
 *                VMCS checks through VMRESUME;
 *   MOVSS        MOV SS immediately before VMLAUNCH (error 26);
 *   NO_VMCS      VMCLEAR of the current VMCS, then VMLAUNCH
 *                (VMfailInvalid);
 *   SHADOW       the region's revision gets bit 31 (shadow VMCS), VMPTRLD,
 *                VMLAUNCH (VMfailInvalid);
 *   NONROOT      the guest (code at HW_GUEST_NONROOT_OFF) executes
 *                VMLAUNCH: VM exit with reason 20;
 *   NOT_VMX      VMXOFF, then VMLAUNCH (#UD), then VMXON again;
 *   CPL3         VMLAUNCH at CPL 3 (#GP(0));
 *   COMPAT       VMLAUNCH in compatibility mode (#UD);
 *   HOST32       VMLAUNCH by a host outside IA-32e mode (32-bit protected
 *                mode with paging; the vector carries the 32-bit host and
 *                guest state, the "H32" lines of the probe run).
 */
enum hw_mode {
	HW_MODE_LAUNCH,
	HW_MODE_RELAUNCH,
	HW_MODE_RESUME_CLEAR,
	HW_MODE_RESUME,
	HW_MODE_MOVSS,
	HW_MODE_NO_VMCS,
	HW_MODE_SHADOW,
	HW_MODE_NONROOT,
	HW_MODE_NOT_VMX,
	HW_MODE_CPL3,
	HW_MODE_COMPAT,
	HW_MODE_HOST32,
	HW_MODE_COUNT
};
/* Offset in the kernel's guest code of "vmlaunch; vmcall" (NONROOT). */
#define HW_GUEST_NONROOT_OFF 64u

struct hw_blob {
	uint64_t magic;
	uint32_t nvec;		/* 0: probe run (self tests + dumps) */
	uint32_t bytes;		/* total blob size */
	/* vectors follow, back to back */
};

#endif
