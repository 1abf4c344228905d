/* SPDX-License-Identifier: MIT */
/*
 * <nvmx/evmcs.h> - Hyper-V enlightened VMCS version 1 (Hyper-V TLFS
 * "HV_VMX_ENLIGHTENED_VMCS"): which controls it can carry, filtering of
 * L1's capability MSRs, and the field layout.
 */
#ifndef NVMX_EVMCS_H
#define NVMX_EVMCS_H

#include <nvmx/api.h>
#include <nvmx/model.h>
#include <nvmx/msr.h>
#include <nvmx/vmcs12.h>

NVMX_BEGIN_DECLS

/*
 * CPUID 0x4000000A EBX[0] (Linux: HV_X64_NESTED_EVMCS1_PERF_GLOBAL_CTRL):
 * the 2022 update of eVMCS v1 (guest/host PERF_GLOBAL_CTRL, ENCLS-exiting
 * bitmap, TSC multiplier, CET and LBR fields). Pass the EBX value as
 * hv_ebx below.
 */
#define NVMX_HV_EVMCS_2022_UPDATE (1u << 0)

/* Host-initiated MSR access policy when eVMCS is enabled. */
enum nvmx_evmcs_mode {
	/* Host reads see the unfiltered values (as older hypervisors
	 * returned them); host writes follow only the restore rules. */
	NVMX_EVMCS_LEGACY = 0,
	/* Host reads are filtered like L1's; host writes (restore) of
	 * allowed-1 bits eVMCS v1 cannot carry are refused. */
	NVMX_EVMCS_ENFORCED = 1,
};

struct nvmx_evmcs_cfg {
	bool enabled; /* L1 uses the enlightened VMCS */
	uint8_t mode; /* enum nvmx_evmcs_mode */
	uint16_t reserved;
	uint32_t hv_ebx; /* CPUID 0x4000000A EBX as L0 presents it */
};

/*
 * Allowed-1 bits of control word w that eVMCS v1 can carry (the default1
 * class included): pin {0,3,5}; primary all but 17; secondary {1-7, 11,
 * 12, 16, 19, 20, 24, 26, 30, 31} plus {15, 25} with the 2022 update;
 * exit {2, 9, 15, 18-21, 23, 24} plus 12 with the 2022 update; entry
 * {2, 9, 14-17} plus 13 with the 2022 update; tertiary, secondary-exit
 * and VM functions none. (Fields missing from the layout rule out the
 * others; RTIT_CTL load/clear are not offered because the layout has no
 * guest IA32_RTIT_CTL.)
 */
NVMX_API uint64_t nvmx_evmcs_supported(enum nvmx_ctl_word w, uint32_t hv_ebx);
/* A capability MSR value as L1 sees it with eVMCS (allowed-1 bits filtered,
 * must-be-1 bits kept). Non-control MSRs are returned unchanged. */
NVMX_API uint64_t nvmx_evmcs_filter_msr(uint32_t index, uint64_t value,
					uint32_t hv_ebx);
/* Filter every control MSR of a model in place (result passes validation). */
NVMX_API int nvmx_evmcs_filter_model(struct nvmx_model *m, uint32_t hv_ebx);
/*
 * RDMSR of a capability MSR with eVMCS configuration cfg (NULL or
 * !enabled: unfiltered). Guest reads are filtered; host-initiated reads
 * are filtered only in ENFORCED mode. NVMX_ENOENT for an index outside
 * 0x480..0x493.
 */
NVMX_API int nvmx_evmcs_read_msr(const struct nvmx_model *m,
				 const struct nvmx_evmcs_cfg *cfg,
				 uint32_t index, bool host_initiated,
				 uint64_t *value);
/*
 * The eVMCS VM-entry check: 0 if every control in vmcs12 is one eVMCS v1
 * can carry, else 7 (VMfailValid, "VM entry with invalid control
 * field(s)") with *why naming the control MSR, the bits and rule
 * EVMCS_UNSUPPORTED. Words activated by a control (secondary, tertiary,
 * secondary exit, VM functions) are checked only when activated.
 */
NVMX_API int nvmx_evmcs_check_controls(const struct nvmx_vmcs12 *v,
				       uint32_t hv_ebx,
				       struct nvmx_msr_verdict *why);

/* ---- field layout (lib/msr/evmcs.def) ------------------------------ */

/* Clean-field groups (bit numbers of hv_clean_fields), plus NONE and ALL. */
enum nvmx_evmcs_group {
	NVMX_EVMCS_GRP_IO_BITMAP = 0,
	NVMX_EVMCS_GRP_MSR_BITMAP = 1,
	NVMX_EVMCS_GRP_CONTROL_GRP2 = 2,
	NVMX_EVMCS_GRP_CONTROL_GRP1 = 3,
	NVMX_EVMCS_GRP_CONTROL_PROC = 4,
	NVMX_EVMCS_GRP_CONTROL_EVENT = 5,
	NVMX_EVMCS_GRP_CONTROL_ENTRY = 6,
	NVMX_EVMCS_GRP_CONTROL_EXCPN = 7,
	NVMX_EVMCS_GRP_CRDR = 8,
	NVMX_EVMCS_GRP_CONTROL_XLAT = 9,
	NVMX_EVMCS_GRP_GUEST_BASIC = 10,
	NVMX_EVMCS_GRP_GUEST_GRP1 = 11,
	NVMX_EVMCS_GRP_GUEST_GRP2 = 12,
	NVMX_EVMCS_GRP_HOST_POINTER = 13,
	NVMX_EVMCS_GRP_HOST_GRP1 = 14,
	NVMX_EVMCS_GRP_ENLIGHTENMENTSCONTROL = 15,
	NVMX_EVMCS_GRP_NONE = 16, /* no clean bit: reload on every entry */
	NVMX_EVMCS_GRP_ALL = 17,  /* no TLFS group: reload on every entry */
	NVMX_EVMCS_GRP_COUNT
};

/* Offsets of the eVMCS members that are not VMCS fields. */
#define NVMX_EVMCS_OFF_REVISION_ID 0x000u
#define NVMX_EVMCS_OFF_ABORT 0x004u
#define NVMX_EVMCS_OFF_CLEAN_FIELDS 0x338u
#define NVMX_EVMCS_OFF_SYNTHETIC_CONTROLS 0x340u
#define NVMX_EVMCS_OFF_ENLIGHTENMENTS_CONTROL 0x344u
#define NVMX_EVMCS_OFF_VP_ID 0x348u
#define NVMX_EVMCS_OFF_VM_ID 0x350u
#define NVMX_EVMCS_OFF_PARTITION_ASSIST_PAGE 0x358u
#define NVMX_EVMCS_SIZE 0x400u /* used part of the 4 KiB page */

#define NVMX_EVMCS_F_2022                                                      \
	0x1u /* meaningful only with NVMX_HV_EVMCS_2022_UPDATE */

struct nvmx_evmcs_field {
	uint32_t encoding; /* VMCS field encoding */
	uint16_t offset;   /* byte offset in the eVMCS */
	uint8_t size;	   /* bytes: 2, 4 or 8 */
	uint8_t group;	   /* enum nvmx_evmcs_group */
	uint8_t flags;	   /* NVMX_EVMCS_F_* */
	uint8_t reserved[3];
	const char *member; /* TLFS/Linux member name, "guest_rip" */
};

/* Number of VMCS fields in the eVMCS v1 layout, and row i (NULL past the end).
 */
NVMX_API unsigned int nvmx_evmcs_field_count(void);
NVMX_API const struct nvmx_evmcs_field *nvmx_evmcs_field_at(unsigned int i);
/* The eVMCS slot of a VMCS field (exact full encoding), NULL if eVMCS v1 has
 * none. */
NVMX_API const struct nvmx_evmcs_field *
nvmx_evmcs_field_by_encoding(uint32_t encoding);
/* The VMCS field stored at byte offset `offset` (its first byte), NULL if none.
 */
NVMX_API const struct nvmx_evmcs_field *
nvmx_evmcs_field_at_offset(uint32_t offset);
/* hv_clean_fields bit(s) of a group: 1 << g, 0 for NONE, 0xffff for ALL. */
NVMX_API uint32_t nvmx_evmcs_clean_mask(enum nvmx_evmcs_group g);
NVMX_API const char *nvmx_evmcs_group_name(enum nvmx_evmcs_group g);

NVMX_END_DECLS

#endif /* NVMX_EVMCS_H */
