/* SPDX-License-Identifier: MIT */
/*
 * <nvmx/kvm.h> - interop with Linux KVM's nested VMX state.
 *
 * HOSTED header (not part of the freestanding set, not included by
 * <nvmx/nvmx.h>): it includes the kernel UAPI header <linux/kvm.h> for
 * struct kvm_nested_state, struct kvm_vmx_nested_state_hdr and the
 * KVM_STATE_NESTED_* flags, so it is usable on Linux only. The functions
 * live in the hosted part of libnvmx (lib/kvm/).
 *
 * Three things:
 *  - KVM's vmcs12 page layout (the 4 KiB "vmcs12" that KVM_GET_NESTED_STATE
 *    returns): a table keyed by VMCS encoding, converters to and from
 *    struct nvmx_vmcs12 that report what exists on one side only.
 *  - Import of a KVM_SET_NESTED_STATE blob with the acceptance rules KVM
 *    applies, plus the full VM-entry checks when the vCPU is in guest mode;
 *    export of a blob in the form KVM_GET_NESTED_STATE produces.
 *  - A parser for the VMCS dump KVM prints to the kernel log when a VM
 *    entry fails (kvm_intel.dump_invalid_vmcs=1).
 */
#ifndef NVMX_KVM_H
#define NVMX_KVM_H

#if !defined(__linux__)
#error "<nvmx/kvm.h> needs Linux: it is built on the KVM UAPI <linux/kvm.h>"
#endif

#include <linux/kvm.h>

#include <nvmx/api.h>
#include <nvmx/entry.h>
#include <nvmx/model.h>
#include <nvmx/vmcs12.h>

NVMX_BEGIN_DECLS

/* ---- KVM's vmcs12 page --------------------------------------------- */

/*
 * The revision identifier KVM reports to L1 in IA32_VMX_BASIC and checks
 * on VMPTRLD and KVM_SET_NESTED_STATE (fixed for migration compatibility).
 */
#define NVMX_KVM_VMCS12_REVISION 0x11e57ed0u
/* The vmcs12 page in a nested-state blob (KVM_STATE_NESTED_VMX_VMCS_SIZE). */
#define NVMX_KVM_VMCS12_PAGE_SIZE KVM_STATE_NESTED_VMX_VMCS_SIZE
/*
 * Bytes of the page KVM's struct vmcs12 actually uses (it is packed; the
 * last member, the PML index, ends at byte 998). KVM_SET_NESTED_STATE
 * compares the blob size against header + this, not header + 4 KiB.
 */
#define NVMX_KVM_VMCS12_USED 998u
/* Header offsets in KVM's page: revision (bit 31 = shadow), abort, launch. */
#define NVMX_KVM_VMCS12_OFF_REVISION 0u
#define NVMX_KVM_VMCS12_OFF_ABORT 4u
#define NVMX_KVM_VMCS12_OFF_LAUNCH_STATE 8u

/* How a field came to be in KVM's layout (column 3 of kvm_vmcs12.def). */
enum nvmx_kvm_field_kind {
	NVMX_KVM_FIELD_BASE = 0,    /* in the original layout */
	NVMX_KVM_FIELD_LATER = 1,   /* placed in former padding by a later
				     * kernel; older kernels leave it zero */
	NVMX_KVM_FIELD_RETIRED = 2, /* bytes still in the page, but KVM no
				     * longer maps the encoding (CR3-target
				     * values: KVM reports 0 CR3 targets) */
};

struct nvmx_kvm_field {
	uint32_t encoding; /* VMCS encoding (access type full) */
	uint16_t offset;   /* byte offset in KVM's vmcs12 page */
	uint8_t size;	   /* 2, 4 or 8 bytes (natural width is 8) */
	uint8_t kind;	   /* enum nvmx_kvm_field_kind */
};

/* Number of rows of KVM's layout table, and row i (NULL past the end). */
NVMX_API unsigned int nvmx_kvm_vmcs12_field_count(void);
NVMX_API const struct nvmx_kvm_field *nvmx_kvm_vmcs12_field_at(unsigned int i);
/*
 * Byte offset of a field in KVM's page, by encoding; the high access of a
 * 64-bit field (encoding | 1) gives the offset of its upper 4 bytes.
 * NVMX_ENOENT if KVM's page does not carry the field.
 */
NVMX_API int nvmx_kvm_vmcs12_offset(uint32_t encoding);

/* What exists on one side of a conversion only. */
#define NVMX_KVM_REPORT_MAX 64
struct nvmx_kvm_conv_item {
	uint32_t encoding; /* to_page: field KVM has no room for; else 0 */
	uint16_t offset;   /* from_page: first byte of a nonzero run that
			    * no known field covers; else 0 */
	uint16_t len;	   /* from_page: length of that run */
};
struct nvmx_kvm_conv_report {
	unsigned int count; /* items found (may exceed NVMX_KVM_REPORT_MAX;
			     * the first NVMX_KVM_REPORT_MAX are stored) */
	struct nvmx_kvm_conv_item item[NVMX_KVM_REPORT_MAX];
};

/*
 * KVM page -> struct nvmx_vmcs12. len must be at least NVMX_KVM_VMCS12_USED
 * (a shorter buffer is NVMX_EBADMSG); bytes past len count as zero. The
 * header words are copied verbatim (revision incl. bit 31, abort, launch
 * state), every field of the table is read at its width; fields KVM does
 * not carry are zero. r (may be NULL) lists nonzero byte runs of the page
 * that no field covers (padding, or fields of a newer KVM).
 */
NVMX_API int nvmx_kvm_vmcs12_from_page(const void *page, size_t len,
				       struct nvmx_vmcs12 *v,
				       struct nvmx_kvm_conv_report *r);
/*
 * struct nvmx_vmcs12 -> KVM page. cap must be at least
 * NVMX_KVM_VMCS12_PAGE_SIZE (else NVMX_ENOSPC); the page is zeroed first.
 * r (may be NULL) lists the fields with a nonzero value that KVM's page
 * cannot hold (they are lost).
 */
NVMX_API int nvmx_kvm_vmcs12_to_page(const struct nvmx_vmcs12 *v, void *page,
				     size_t cap,
				     struct nvmx_kvm_conv_report *r);

/* ---- KVM_SET_NESTED_STATE / KVM_GET_NESTED_STATE --------------------- */

/* Every rule an import can fail, generated from lib/kvm/kvm_rules.def. */
enum nvmx_kvm_rule {
	NVMX_KVM_RULE_NONE = 0,
#define NVMX_KVM_RULE(id, err, where, msg) NVMX_KVM_RULE_##id,
#include <nvmx/kvm_rules.def>
#undef NVMX_KVM_RULE
	NVMX_KVM_RULE_COUNT
};

/* Conditions KVM accepts but ignores (bits of verdict.warnings). */
#define NVMX_KVM_WARN_MTF_NOT_GUEST (1u << 0)	/* MTF_PENDING outside guest mode */
#define NVMX_KVM_WARN_GIF_SET_VMX (1u << 1)	/* GIF_SET is an SVM flag */
#define NVMX_KVM_WARN_DEADLINE_NOT_GUEST (1u << 2) /* deadline flag, no guest mode */
#define NVMX_KVM_WARN_DEADLINE_NO_TIMER (1u << 3) /* deadline flag, vmcs12 has no
						   * preemption timer */
#define NVMX_KVM_WARN_EVMCS_NO_VMXON (1u << 4)	/* EVMCS flag without VMXON
						 * (legacy meaning, ignored) */

/* The decoded nested state (caller-owned; about 8.3 KiB). */
struct nvmx_kvm_state {
	uint64_t vmxon_pa;  /* ~0: the vCPU is not in VMX operation */
	uint64_t vmcs12_pa; /* ~0: no current VMCS */
	bool guest_mode;    /* L2 is running (KVM_STATE_NESTED_GUEST_MODE) */
	bool run_pending;   /* VMLAUNCH/VMRESUME emulation not finished */
	bool mtf_pending;
	bool evmcs;	    /* Hyper-V enlightened VMCS in use */
	bool gif_set;	    /* SVM flag; kept so that a blob round-trips */
	bool smm_vmxon;	    /* in SMM with VMX operation suspended */
	bool smm_guest_mode;
	bool has_preemption_deadline;
	uint64_t preemption_timer_deadline; /* in L1 TSC ticks */
	bool has_vmcs12;
	bool has_shadow_vmcs12;
	struct nvmx_vmcs12 vmcs12;
	struct nvmx_vmcs12 shadow_vmcs12;
};

/* What KVM knows that is not in the blob. All false/NULL: a plain vCPU. */
struct nvmx_kvm_import_env {
	size_t sz;	       /* sizeof(struct nvmx_kvm_import_env) */
	bool in_smm;	       /* the vCPU is in SMM (after KVM_SET_VCPU_EVENTS) */
	bool evmcs_enabled;    /* KVM_CAP_HYPERV_ENLIGHTENED_VMCS enabled */
	nvmx_read_gpa_fn read_gpa; /* L1 memory for the entry checks */
	void *opaque;
};

struct nvmx_kvm_verdict {
	size_t sz;		/* sizeof(struct nvmx_kvm_verdict) */
	enum nvmx_kvm_rule rule; /* NONE when accepted */
	int kvm_errno;		/* what the ioctl returns: 0, -EINVAL, -EFAULT */
	const char *where;	/* static: the KVM check the rule mirrors */
	const char *message;	/* static: the rule in words */
	unsigned int warnings;	/* NVMX_KVM_WARN_* */
	/* rule == ENTRY_CHECK: the VM-entry verdict on the imported vmcs12 */
	struct nvmx_entry_result entry;
};

/*
 * Validate a KVM_SET_NESTED_STATE blob (format VMX) the way KVM does, in
 * KVM's order, and decode it into *out (may be NULL). When the state is in
 * guest mode, the imported vmcs12 must also pass every VM-entry check of
 * nvmx_check_vmentry() for model m (which stands for the VMX capabilities
 * KVM reports to L1; its MAXPHYADDR bounds vmxon_pa and vmcs12_pa; for the
 * entry checks its IA32_VMX_BASIC revision is taken to be KVM's).
 * env may be NULL. Returns 0 if KVM would accept the blob, 1 if it would
 * refuse it (rule, errno and message in *v), negative NVMX_E* on misuse.
 * *out is filled as far as decoding got, also on refusal.
 */
NVMX_API int nvmx_kvm_nested_state_import(const struct nvmx_model *m,
					  const void *blob, size_t len,
					  const struct nvmx_kvm_import_env *env,
					  struct nvmx_kvm_state *out,
					  struct nvmx_kvm_verdict *v);

/* Size of the blob export would write for s (128, +4 KiB, +4 KiB). */
NVMX_API size_t nvmx_kvm_nested_state_size(const struct nvmx_kvm_state *s);

/*
 * Write s as KVM_GET_NESTED_STATE would: flags only where KVM sets them,
 * the vmcs12 and shadow pages in KVM's layout with KVM's revision
 * identifier stamped in (bit 31 set on the shadow page), size as KVM
 * computes it. The result is then run through the import; if KVM would
 * refuse it, returns 1 with the verdict in *v (may be NULL) and the blob
 * is still written. 0 on success, NVMX_ENOSPC if cap is too small,
 * other negative codes on misuse. *len_out gets the blob size.
 */
NVMX_API int nvmx_kvm_nested_state_export(const struct nvmx_model *m,
					  const struct nvmx_kvm_state *s,
					  const struct nvmx_kvm_import_env *env,
					  void *blob, size_t cap,
					  size_t *len_out,
					  struct nvmx_kvm_verdict *v);

/* Stable name ("VMXON_PA_INVALID"), KVM check and message of a rule;
 * NULL if out of range. */
NVMX_API const char *nvmx_kvm_rule_name(enum nvmx_kvm_rule r);
NVMX_API const char *nvmx_kvm_rule_where(enum nvmx_kvm_rule r);
NVMX_API const char *nvmx_kvm_rule_message(enum nvmx_kvm_rule r);

/* ---- the kernel-log VMCS dump ----------------------------------------- */

enum nvmx_kvm_dump_issue_kind {
	NVMX_KVM_DUMP_UNKNOWN_LINE = 1, /* a line in a dump matching nothing */
	NVMX_KVM_DUMP_UNKNOWN_KEY,	/* key=value with a key of no field */
	NVMX_KVM_DUMP_TRUNCATED,	/* value shorter than KVM prints it,
					 * or the line ends inside a pair */
	NVMX_KVM_DUMP_BAD_VALUE,	/* not a hexadecimal number */
	NVMX_KVM_DUMP_NOT_A_FIELD,	/* a value that is not a VMCS field
					 * (derived EFER, MSR-area entry) */
	NVMX_KVM_DUMP_CONFLICT,		/* a field given twice, differently */
};

struct nvmx_kvm_dump_issue {
	unsigned int line; /* 1-based line number in the input */
	enum nvmx_kvm_dump_issue_kind kind;
	uint32_t field;	   /* encoding concerned, or 0 */
	char text[96];	   /* the offending text (clipped) */
};

struct nvmx_kvm_dump_result {
	size_t sz;		 /* sizeof(struct nvmx_kvm_dump_result) */
	unsigned int lines;	 /* lines read */
	unsigned int dumps;	 /* dumps found; the last one is decoded */
	unsigned int dump_lines; /* lines of the decoded dump */
	unsigned int mapped_lines; /* of those, fully mapped to fields */
	unsigned int fields_set; /* distinct fields assigned */
	uint64_t set[NVMX_MODEL_EXIST_WORDS]; /* bit i: field index i set */
	bool guest_section, host_section, control_section;
	struct nvmx_kvm_dump_issue *issues; /* caller's array, may be NULL */
	unsigned int issue_cap;
	unsigned int issue_count; /* issues found (may exceed issue_cap) */
};

/*
 * Parse KVM's VMCS dump (the "*** Guest State ***", "*** Host State ***"
 * and "*** Control State ***" blocks of dump_vmcs()) from kernel-log text:
 * dmesg timestamps "[  123.456789]", syslog levels "<3>", journal
 * "... kernel: " and "kvm_intel: " / "kvm: " prefixes are tolerated, and
 * lines outside a dump are ignored. Fields are written into *v, which is
 * first reset with nvmx_vmcs12_init(v, m) (m may be NULL); fields the dump
 * does not show keep those values. Anything the parser cannot map exactly
 * is reported in r->issues, never guessed. Returns 0 if a dump was found,
 * NVMX_EBADMSG if the text holds none, other negative codes on misuse.
 */
NVMX_API int nvmx_kvm_dump_parse(const char *text, size_t len,
				 const struct nvmx_model *m,
				 struct nvmx_vmcs12 *v,
				 struct nvmx_kvm_dump_result *r);

/* "unknown-line", "unknown-key", ...; NULL if out of range. */
NVMX_API const char *nvmx_kvm_dump_issue_name(enum nvmx_kvm_dump_issue_kind k);

NVMX_END_DECLS

#endif /* NVMX_KVM_H */
