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
	/* struct hw_field mut[nmut]; struct hw_msr msr[nmsr]; follow */
};

struct hw_blob {
	uint64_t magic;
	uint32_t nvec;		/* 0: probe run (self tests + dumps) */
	uint32_t bytes;		/* total blob size */
	/* vectors follow, back to back */
};

#endif
