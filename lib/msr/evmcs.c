// SPDX-License-Identifier: MIT
/*
 * evmcs.c - Hyper-V enlightened VMCS v1: the controls it can carry (those
 * whose fields exist in its layout, shared/spec lam-featctl-evmcs.md C.7,
 * C.8), filtering of L1's capability MSRs, the eVMCS VM-entry check, and
 * the layout table of evmcs.def.
 */
#include <nvmx/evmcs.h>

#include "msr_internal.h"

#define B(x) NVMX_CTL_MASK(x)

/* Controls eVMCS v1 can carry, by word (default1 classes added below). */
#define EV_PIN                                                                 \
	(B(PIN_EXT_INTR_EXITING) | B(PIN_NMI_EXITING) | B(PIN_VIRTUAL_NMIS))
/* every primary control but "activate tertiary controls": no 0x2034 field */
#define EV_PROC_EXCLUDED B(PROC_ACTIVATE_TERTIARY)
#define EV_PROC2                                                               \
	(B(PROC2_ENABLE_EPT) | B(PROC2_DESC_TABLE_EXITING) |                   \
	 B(PROC2_ENABLE_RDTSCP) | B(PROC2_VIRT_X2APIC_MODE) |                  \
	 B(PROC2_ENABLE_VPID) | B(PROC2_WBINVD_EXITING) |                      \
	 B(PROC2_UNRESTRICTED_GUEST) | B(PROC2_RDRAND_EXITING) |               \
	 B(PROC2_ENABLE_INVPCID) | B(PROC2_RDSEED_EXITING) |                   \
	 B(PROC2_PT_CONCEAL_VMX) | B(PROC2_ENABLE_XSAVES) |                    \
	 B(PROC2_PT_USE_GPA) | B(PROC2_ENABLE_USER_WAIT_PAUSE) |               \
	 B(PROC2_BUS_LOCK_DETECTION) | B(PROC2_INSTRUCTION_TIMEOUT))
/* ENCLS-exiting bitmap and TSC multiplier exist only in the 2022 layout */
#define EV_PROC2_2022 (B(PROC2_ENCLS_EXITING) | B(PROC2_USE_TSC_SCALING))
#define EV_EXIT                                                                \
	(B(EXIT_SAVE_DEBUG_CONTROLS) | B(EXIT_HOST_ADDR_SPACE_SIZE) |          \
	 B(EXIT_ACK_INTR_ON_EXIT) | B(EXIT_SAVE_PAT) | B(EXIT_LOAD_PAT) |      \
	 B(EXIT_SAVE_EFER) | B(EXIT_LOAD_EFER) | B(EXIT_CLEAR_BNDCFGS) |       \
	 B(EXIT_PT_CONCEAL_VMX))
#define EV_EXIT_2022 B(EXIT_LOAD_PERF_GLOBAL_CTRL)
#define EV_ENTRY                                                               \
	(B(ENTRY_LOAD_DEBUG_CONTROLS) | B(ENTRY_IA32E_MODE_GUEST) |            \
	 B(ENTRY_LOAD_PAT) | B(ENTRY_LOAD_EFER) | B(ENTRY_LOAD_BNDCFGS) |      \
	 B(ENTRY_PT_CONCEAL_VMX))
#define EV_ENTRY_2022 B(ENTRY_LOAD_PERF_GLOBAL_CTRL)

uint64_t nvmx_evmcs_supported(enum nvmx_ctl_word w, uint32_t hv_ebx)
{
	bool upd = hv_ebx & NVMX_HV_EVMCS_2022_UPDATE;

	switch (w) {
	case NVMX_WORD_PIN:
		return EV_PIN | NVMX_PIN_DEFAULT1;
	case NVMX_WORD_PROC:
		return nvmx_ctl_known_mask(NVMX_WORD_PROC) & ~EV_PROC_EXCLUDED;
	case NVMX_WORD_PROC2:
		return EV_PROC2 | (upd ? EV_PROC2_2022 : 0);
	case NVMX_WORD_EXIT:
		return EV_EXIT | NVMX_EXIT_DEFAULT1 | (upd ? EV_EXIT_2022 : 0);
	case NVMX_WORD_ENTRY:
		return EV_ENTRY | NVMX_ENTRY_DEFAULT1 |
		       (upd ? EV_ENTRY_2022 : 0);
	default:
		/* tertiary, secondary exit, VM functions: no fields */
		return 0;
	}
}

uint64_t nvmx_evmcs_filter_msr(uint32_t index, uint64_t value, uint32_t hv_ebx)
{
	const struct msr_desc *d;
	uint64_t ok;

	if (index < NVMX_MSR_VMX_FIRST || index > NVMX_MSR_VMX_LAST)
		return value;
	d = msr_desc_of(index);
	ok = nvmx_evmcs_supported((enum nvmx_ctl_word)d->word, hv_ebx);
	switch (d->kind) {
	case MK_CTL_PLAIN:
	case MK_CTL_TRUE:
	case MK_CTL_SEC:
		/* a must-be-1 control stays allowed-1 */
		return value & ((ok | lo32(value)) << 32 | 0xffffffffull);
	case MK_CTL64:
		return value & ok;
	default:
		return value;
	}
}

int nvmx_evmcs_filter_model(struct nvmx_model *m, uint32_t hv_ebx)
{
	if (!m)
		return NVMX_EINVAL;
	for (uint32_t i = NVMX_MSR_VMX_FIRST; i <= NVMX_MSR_VMX_LAST; i++)
		if (i != NVMX_MSR_VMX_VMCS_ENUM)
			put_msr(m, i,
				nvmx_evmcs_filter_msr(i, raw_msr(m, i),
						      hv_ebx));
	nvmx_model_update(m);
	return 0;
}

int nvmx_evmcs_read_msr(const struct nvmx_model *m,
			const struct nvmx_evmcs_cfg *cfg, uint32_t index,
			bool host_initiated, uint64_t *value)
{
	uint64_t v;

	if (!m || !value)
		return NVMX_EINVAL;
	if (index < NVMX_MSR_VMX_FIRST || index > NVMX_MSR_VMX_LAST)
		return NVMX_ENOENT;
	v = nvmx_model_get_msr(m, index);
	/* Legacy: userspace reads what older hypervisors returned, the
	 * unfiltered values (and restores them on a legacy destination). */
	if (cfg && cfg->enabled &&
	    (!host_initiated || cfg->mode == NVMX_EVMCS_ENFORCED))
		v = nvmx_evmcs_filter_msr(index, v, cfg->hv_ebx);
	*value = v;
	return 0;
}

int nvmx_evmcs_check_controls(const struct nvmx_vmcs12 *v, uint32_t hv_ebx,
			      struct nvmx_msr_verdict *why)
{
	struct word_check {
		enum nvmx_field_index field;
		enum nvmx_ctl_word word;
		uint32_t msr;
	};
	static const struct word_check words[] = {
		{NVMX_IDX_PIN_BASED_VM_EXEC_CONTROL, NVMX_WORD_PIN,
		 NVMX_MSR_VMX_TRUE_PINBASED_CTLS},
		{NVMX_IDX_CPU_BASED_VM_EXEC_CONTROL, NVMX_WORD_PROC,
		 NVMX_MSR_VMX_TRUE_PROCBASED_CTLS},
		{NVMX_IDX_SECONDARY_VM_EXEC_CONTROL, NVMX_WORD_PROC2,
		 NVMX_MSR_VMX_PROCBASED_CTLS2},
		{NVMX_IDX_TERTIARY_VM_EXEC_CONTROL, NVMX_WORD_PROC3,
		 NVMX_MSR_VMX_PROCBASED_CTLS3},
		{NVMX_IDX_VM_EXIT_CONTROLS, NVMX_WORD_EXIT,
		 NVMX_MSR_VMX_TRUE_EXIT_CTLS},
		{NVMX_IDX_SECONDARY_VM_EXIT_CONTROLS, NVMX_WORD_EXIT2,
		 NVMX_MSR_VMX_EXIT_CTLS2},
		{NVMX_IDX_VM_ENTRY_CONTROLS, NVMX_WORD_ENTRY,
		 NVMX_MSR_VMX_TRUE_ENTRY_CTLS},
		{NVMX_IDX_VM_FUNCTION_CONTROL, NVMX_WORD_VMFUNC,
		 NVMX_MSR_VMX_VMFUNC},
	};
	uint64_t proc, proc2, exit;

	if (why)
		*why = (struct nvmx_msr_verdict){0};
	if (!v)
		return NVMX_EINVAL;
	proc = v->field[NVMX_IDX_CPU_BASED_VM_EXEC_CONTROL];
	proc2 = (proc & B(PROC_ACTIVATE_SECONDARY))
			? v->field[NVMX_IDX_SECONDARY_VM_EXEC_CONTROL]
			: 0;
	exit = v->field[NVMX_IDX_VM_EXIT_CONTROLS];
	for (unsigned int i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const struct word_check *c = &words[i];
		uint64_t val = v->field[c->field], bad;

		/* SDM 27.2.1.1: a word is checked only when activated */
		if ((c->word == NVMX_WORD_PROC2 &&
		     !(proc & B(PROC_ACTIVATE_SECONDARY))) ||
		    (c->word == NVMX_WORD_PROC3 &&
		     !(proc & B(PROC_ACTIVATE_TERTIARY))) ||
		    (c->word == NVMX_WORD_EXIT2 &&
		     !(exit & B(EXIT_ACTIVATE_SECONDARY))) ||
		    (c->word == NVMX_WORD_VMFUNC &&
		     !(proc2 & B(PROC2_ENABLE_VMFUNC))))
			continue;
		bad = val & ~nvmx_evmcs_supported(c->word, hv_ebx);
		if (bad) {
			nvmx_verdict(why, c->msr,
				     NVMX_MSR_RULE_EVMCS_UNSUPPORTED, bad, val,
				     val & ~bad);
			return 7; /* VM entry with invalid control field(s) */
		}
	}
	return 0;
}

/* ---- layout ------------------------------------------------------- */

enum evmcs_row {
#define NVMX_EVMCS_FIELD(off, size, member, field, grp, flags) EV_ROW_##member,
#include "evmcs.def"
#undef NVMX_EVMCS_FIELD
	EV_ROWS
};

#define F2022 NVMX_EVMCS_F_2022

static const struct nvmx_evmcs_field layout[EV_ROWS] = {
#define NVMX_EVMCS_FIELD(off, size, member, field, grp, flags)                 \
	[EV_ROW_##member] = {NVMX_##field, off, size,	NVMX_EVMCS_GRP_##grp,  \
			     flags,	   {0}, #member},
#include "evmcs.def"
#undef NVMX_EVMCS_FIELD
};

/* Each row's size must match the VMCS field's width (SDM Table B-1):
 * 16-bit 2 bytes, 32-bit 4, 64-bit and natural width 8. */
#define WIDTH_BYTES(enc)                                                       \
	(NVMX_ENC_WIDTH(enc) == NVMX_W16   ? 2                                 \
	 : NVMX_ENC_WIDTH(enc) == NVMX_W32 ? 4                                 \
					   : 8)
#define NVMX_EVMCS_FIELD(off, size, member, field, grp, flags)                 \
	_Static_assert(WIDTH_BYTES(NVMX_##field) == size,                      \
		       "eVMCS size of " #member);                              \
	_Static_assert((off) % (size) == 0, "eVMCS alignment of " #member);    \
	_Static_assert((off) + (size) <= NVMX_EVMCS_SIZE, #member);
#include "evmcs.def"
#undef NVMX_EVMCS_FIELD

/* Row + 1 of each VMCS field (dense index), 0 if eVMCS has none. */
static const uint8_t row_of_field[NVMX_FIELD_COUNT] = {
#define NVMX_EVMCS_FIELD(off, size, member, field, grp, flags)                 \
	[NVMX_IDX_##field] = EV_ROW_##member + 1,
#include "evmcs.def"
#undef NVMX_EVMCS_FIELD
};

_Static_assert(EV_ROWS < 255, "row_of_field holds row + 1 in a byte");

unsigned int nvmx_evmcs_field_count(void)
{
	return EV_ROWS;
}

const struct nvmx_evmcs_field *nvmx_evmcs_field_at(unsigned int i)
{
	if (i >= EV_ROWS)
		return 0;
	return &layout[nvmx_clamp_index(i, EV_ROWS)];
}

const struct nvmx_evmcs_field *nvmx_evmcs_field_by_encoding(uint32_t enc)
{
	unsigned int s = nvmx_field_slot_of(enc), r;

	if (!s)
		return 0;
	r = row_of_field[nvmx_clamp_index(s - 1, NVMX_FIELD_COUNT)];
	if (!r)
		return 0;
	r = nvmx_clamp_index(r - 1, EV_ROWS);
	/* the "high" access encoding of a 64-bit field is not a slot */
	if (layout[r].encoding != enc)
		return 0;
	return &layout[r];
}

const struct nvmx_evmcs_field *nvmx_evmcs_field_at_offset(uint32_t offset)
{
	unsigned int lo = 0, hi = EV_ROWS;

	/* rows are in offset order (checked by the tests) */
	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (layout[mid].offset < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < EV_ROWS &&
	    layout[nvmx_clamp_index(lo, EV_ROWS)].offset == offset)
		return &layout[nvmx_clamp_index(lo, EV_ROWS)];
	return 0;
}

uint32_t nvmx_evmcs_clean_mask(enum nvmx_evmcs_group g)
{
	if ((unsigned int)g < 16)
		return 1u << g;
	if (g == NVMX_EVMCS_GRP_ALL)
		return 0xffffu;
	return 0;
}

static const char *const group_names[NVMX_EVMCS_GRP_COUNT] = {
	"IO_BITMAP",	 "MSR_BITMAP",
	"CONTROL_GRP2",	 "CONTROL_GRP1",
	"CONTROL_PROC",	 "CONTROL_EVENT",
	"CONTROL_ENTRY", "CONTROL_EXCPN",
	"CRDR",		 "CONTROL_XLAT",
	"GUEST_BASIC",	 "GUEST_GRP1",
	"GUEST_GRP2",	 "HOST_POINTER",
	"HOST_GRP1",	 "ENLIGHTENMENTSCONTROL",
	"NONE",		 "ALL",
};

const char *nvmx_evmcs_group_name(enum nvmx_evmcs_group g)
{
	if ((unsigned int)g >= NVMX_EVMCS_GRP_COUNT)
		return 0;
	return group_names[nvmx_clamp_index(g, NVMX_EVMCS_GRP_COUNT)];
}
