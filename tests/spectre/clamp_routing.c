// SPDX-License-Identifier: MIT
/*
 * clamp_routing.c - Spectre v1: every table index derived from an L1- or
 * userspace-chosen value goes through nvmx_clamp_index() before the load.
 *
 * How it verifies (see doc/robustness.md, "Spectre v1"): this program is
 * linked with a second build of the whole library compiled with
 * -DNVMX_CLAMP_CHECK, where nvmx_clamp_index() calls
 * nvmx_clamp_check_hook() below. The hook logs every (index, bound) pair,
 * and when armed for a bound n it returns the NEXT row, (i + 1) % n,
 * instead of i. For each public lookup and each in-range argument the
 * test then checks
 *   1. routed:  the clamp saw the argument's table index with the table's
 *               bound (the lookup called the clamp on the right value);
 *   2. used:    with the hook armed, the lookup returns what the
 *               unarmed lookup returns for the next row, i.e. the load
 *               really used the clamp's result and not the raw index.
 * Lookups by VMCS encoding do not clamp: their index is a bit mask of the
 * encoding (NVMX_KEY) that cannot exceed the table by construction; the
 * test proves the bound (mask of all-ones encoding, every slot value).
 *
 * Completeness: the inventory below classifies every symbol of
 * lib/nvmx.sym (ROUTED with a test, MASKED, or NO_INDEX with the reason);
 * a new public function that is not classified fails the test.
 *
 * Limits: the architectural path is observed, not the speculative one; a
 * lookup that clamps and then ALSO indexes with the raw value elsewhere
 * would pass check 2 only if both loads agree, which the armed
 * permutation makes impossible for the returned row but not for loads
 * whose result is discarded. Internal indexing (inside the VM-entry
 * checks, the instruction emulation) is covered only by the audit in
 * doc/robustness.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvmx/evmcs.h>
#include <nvmx/featctl.h>
#include <nvmx/insn.h>
#include <nvmx/kvm.h>
#include <nvmx/msr.h>
#include <nvmx/nvmx.h>

#include "fields/fields_internal.h"
#include "../unit/suite.h"

/* ---- the hook ------------------------------------------------------ */

#define LOG_MAX 256
static struct {
	uint64_t i, n;
} calls[LOG_MAX];
static unsigned int ncalls;
static uint64_t armed_n; /* 0: off */

unsigned int nvmx_clamp_check_hook(uint64_t i, uint64_t n, unsigned int r);
unsigned int nvmx_clamp_check_hook(uint64_t i, uint64_t n, unsigned int r)
{
	if (ncalls < LOG_MAX) {
		calls[ncalls].i = i;
		calls[ncalls].n = n;
	}
	ncalls++;
	if (armed_n && n == armed_n && r < n)
		return (unsigned int)((r + 1) % n);
	return r;
}

static bool saw(uint64_t i, uint64_t n)
{
	for (unsigned int k = 0; k < ncalls && k < LOG_MAX; k++)
		if (calls[k].i == i && calls[k].n == n)
			return true;
	return false;
}

/* ---- the generic check ----------------------------------------------- */

typedef uintptr_t (*lookup_fn)(uint64_t arg);

/*
 * f takes arguments base .. base + count - 1, whose table index is
 * arg - base + first, in a table of bound rows. skip(i) (may be NULL)
 * excludes indices whose row or next row the function answers without
 * the table (documented special cases).
 */
static char route_msg[256];

/* NULL if f is routed through the clamp and uses its result, else why. */
static const char *route_error(const char *name, lookup_fn f, uint64_t base,
			       uint64_t first, uint64_t count, uint64_t bound,
			       bool (*skip)(uint64_t idx))
{
	bool differ = false;

	for (uint64_t a = 0; a < count; a++) {
		uint64_t idx = a + first, next = (idx + 1) % bound;
		uintptr_t plain, want, got;

		if (skip && (skip(idx) || skip(next)))
			continue;
		if (next < first || next >= first + count)
			continue; /* next row not reachable through f */
		armed_n = 0;
		plain = f(base + a);
		want = f(base + next - first);
		ncalls = 0;
		armed_n = bound;
		got = f(base + a);
		armed_n = 0;
		if (!saw(idx, bound)) {
			snprintf(route_msg, sizeof(route_msg),
				 "%s(%#llx): index %llu not clamped with bound %llu",
				 name, (unsigned long long)(base + a),
				 (unsigned long long)idx,
				 (unsigned long long)bound);
			return route_msg;
		}
		if (got != want) {
			snprintf(route_msg, sizeof(route_msg),
				 "%s(%#llx): the load does not use the clamped index",
				 name, (unsigned long long)(base + a));
			return route_msg;
		}
		differ |= plain != want;
	}
	if (!differ) {
		snprintf(route_msg, sizeof(route_msg),
			 "%s: rows all equal, the check proves nothing", name);
		return route_msg;
	}
	return NULL;
}

static void check_routed(const char *name, lookup_fn f, uint64_t base,
			 uint64_t first, uint64_t count, uint64_t bound,
			 bool (*skip)(uint64_t idx))
{
	const char *e = route_error(name, f, base, first, count, bound, skip);

	ck_assert_msg(!e, "%s", e);
}

/*
 * Negative controls: the check must catch a lookup that never clamps and
 * one that clamps but then loads with the raw index. (Here the hook is
 * called by hand, as the -DNVMX_CLAMP_CHECK build of the library does.)
 */
static const char *const demo_table[4] = { "a", "b", "c", "d" };

static uintptr_t demo_good(uint64_t i)
{
	if (i >= 4)
		return 0;
	return (uintptr_t)demo_table[nvmx_clamp_check_hook(i, 4, (unsigned int)i)];
}

static uintptr_t demo_unclamped(uint64_t i)
{
	return i < 4 ? (uintptr_t)demo_table[i] : 0;
}

static uintptr_t demo_raw_load(uint64_t i)
{
	if (i >= 4)
		return 0;
	(void)nvmx_clamp_check_hook(i, 4, (unsigned int)i);
	return (uintptr_t)demo_table[i];
}

START_TEST(negative_controls)
{
	ck_assert_ptr_null(route_error("good", demo_good, 0, 0, 4, 4, NULL));
	ck_assert_ptr_nonnull(
		route_error("unclamped", demo_unclamped, 0, 0, 4, 4, NULL));
	ck_assert_ptr_nonnull(
		route_error("raw load", demo_raw_load, 0, 0, 4, 4, NULL));
}
END_TEST

/* ---- lookups (wrappers give them one shape) --------------------------- */

static struct nvmx_model model;

#define W(fn, expr)                                                            \
	static uintptr_t w_##fn(uint64_t a)                                    \
	{                                                                      \
		return (uintptr_t)(expr);                                      \
	}

W(field_at, nvmx_field_at((unsigned int)a))
W(gate_name, nvmx_gate_name((unsigned int)a))
W(gate_rule, nvmx_gate_rule((unsigned int)a))
W(gate_open, nvmx_gate_open(&model, (unsigned int)a))
W(allowed1, nvmx_model_allowed1(&model, (enum nvmx_ctl_word)a))
W(get_msr, nvmx_model_get_msr(&model, (uint32_t)a))
W(check_id_name, nvmx_check_id_name((enum nvmx_check_id)a))
W(check_sdm_ref, nvmx_check_sdm_ref((enum nvmx_check_id)a))
W(check_description, nvmx_check_description((enum nvmx_check_id)a))
W(preset_name, nvmx_preset_name((enum nvmx_preset)a))
W(msr_rule_name, nvmx_msr_rule_name((enum nvmx_msr_rule)a))
W(msr_rule_sdm, nvmx_msr_rule_sdm((enum nvmx_msr_rule)a))
W(msr_rule_description, nvmx_msr_rule_description((enum nvmx_msr_rule)a))
W(msr_name, nvmx_msr_name((uint32_t)a))
W(cpu_feature_name, nvmx_cpu_feature_name((unsigned int)a))
W(revoke_entry_at, nvmx_revoke_entry_at((unsigned int)a))
W(control_revoked, nvmx_control_revoked(&model, (enum nvmx_ctl_word)a, ~0ull))
W(vmxon_check_name, nvmx_vmxon_check_name((enum nvmx_vmxon_check_id)a))
W(evmcs_field_at, nvmx_evmcs_field_at((unsigned int)a))
W(evmcs_group_name, nvmx_evmcs_group_name((enum nvmx_evmcs_group)a))
W(insn_rule_name, nvmx_insn_rule_name((enum nvmx_insn_rule)a))
W(insn_rule_condition, nvmx_insn_rule_condition((enum nvmx_insn_rule)a))
W(insn_rule_sdm, nvmx_insn_rule_sdm((enum nvmx_insn_rule)a))
W(insn_rule_insn, nvmx_insn_rule_insn((enum nvmx_insn_rule)a))
W(insn_name, nvmx_insn_name((enum nvmx_insn)a))
W(kvm_field_at, nvmx_kvm_vmcs12_field_at((unsigned int)a))
W(kvm_rule_name, nvmx_kvm_rule_name((enum nvmx_kvm_rule)a))
W(kvm_rule_where, nvmx_kvm_rule_where((enum nvmx_kvm_rule)a))
W(kvm_rule_message, nvmx_kvm_rule_message((enum nvmx_kvm_rule)a))
W(kvm_dump_issue_name,
  nvmx_kvm_dump_issue_name((enum nvmx_kvm_dump_issue_kind)a))

/* IA32_VMX_VMCS_ENUM (index 10) is answered from the derived member. */
static bool skip_vmcs_enum(uint64_t idx)
{
	return idx == NVMX_MSR_VMX_VMCS_ENUM - NVMX_MSR_VMX_FIRST;
}

/* ---- tests ------------------------------------------------------------- */

START_TEST(fields_and_model)
{
	nvmx_model_init(&model, NVMX_PRESET_SKYLAKE_SERVER);
	/* distinct raw MSR values so that neighbouring rows differ */
	for (uint32_t i = NVMX_MSR_VMX_FIRST; i <= NVMX_MSR_VMX_LAST; i++)
		nvmx_model_set_msr(&model, i,
				   nvmx_model_get_msr(&model, i) ^ ((uint64_t)i << 40));
	check_routed("nvmx_field_at", w_field_at, 0, 0, NVMX_FIELD_COUNT,
		     NVMX_FIELD_COUNT, NULL);
	check_routed("nvmx_gate_name", w_gate_name, 0, 0, NVMX_GATE_COUNT,
		     NVMX_GATE_COUNT, NULL);
	check_routed("nvmx_gate_rule", w_gate_rule, 0, 0, NVMX_GATE_COUNT,
		     NVMX_GATE_COUNT, NULL);
	check_routed("nvmx_gate_open", w_gate_open, 0, 0, NVMX_GATE_COUNT,
		     NVMX_GATE_COUNT, NULL);
	check_routed("nvmx_model_allowed1", w_allowed1, 0, 0, NVMX_WORD_COUNT,
		     NVMX_WORD_COUNT, NULL);
	check_routed("nvmx_model_get_msr", w_get_msr, NVMX_MSR_VMX_FIRST, 0,
		     NVMX_VMX_MSR_COUNT, NVMX_VMX_MSR_COUNT, skip_vmcs_enum);
}
END_TEST

START_TEST(presets)
{
	check_routed("nvmx_preset_name", w_preset_name, 0, 0,
		     NVMX_PRESET_COUNT, NVMX_PRESET_COUNT, NULL);
}
END_TEST

START_TEST(entry_checks)
{
	check_routed("nvmx_check_id_name", w_check_id_name, 0, 0,
		     NVMX_CHECK_COUNT, NVMX_CHECK_COUNT, NULL);
	check_routed("nvmx_check_sdm_ref", w_check_sdm_ref, 0, 0,
		     NVMX_CHECK_COUNT, NVMX_CHECK_COUNT, NULL);
	check_routed("nvmx_check_description", w_check_description, 0, 0,
		     NVMX_CHECK_COUNT, NVMX_CHECK_COUNT, NULL);
}
END_TEST

START_TEST(msr)
{
	unsigned int nrev = 0;

	nvmx_model_init(&model, NVMX_PRESET_MAX);
	for (unsigned int w = 0; w < NVMX_WORD_COUNT; w++)
		model.revoked[w] = 1ull << w; /* test only: distinct rows */
	check_routed("nvmx_msr_rule_name", w_msr_rule_name, 0, 0,
		     NVMX_MSR_RULE_COUNT, NVMX_MSR_RULE_COUNT, NULL);
	check_routed("nvmx_msr_rule_sdm", w_msr_rule_sdm, 0, 0,
		     NVMX_MSR_RULE_COUNT, NVMX_MSR_RULE_COUNT, NULL);
	check_routed("nvmx_msr_rule_description", w_msr_rule_description, 0,
		     0, NVMX_MSR_RULE_COUNT, NVMX_MSR_RULE_COUNT, NULL);
	check_routed("nvmx_msr_name", w_msr_name, NVMX_MSR_VMX_FIRST, 0,
		     NVMX_VMX_MSR_COUNT, NVMX_VMX_MSR_COUNT, NULL);
	check_routed("nvmx_cpu_feature_name", w_cpu_feature_name, 0, 0,
		     NVMX_CPUB_COUNT, NVMX_CPUB_COUNT, NULL);
	while (nvmx_revoke_entry_at(nrev))
		nrev++;
	if (nrev > 1)
		check_routed("nvmx_revoke_entry_at", w_revoke_entry_at, 0, 0,
			     nrev, nrev, NULL);
	check_routed("nvmx_control_revoked", w_control_revoked, 0, 0,
		     NVMX_WORD_COUNT, NVMX_WORD_COUNT, NULL);
	check_routed("nvmx_vmxon_check_name", w_vmxon_check_name, 0, 0,
		     NVMX_VMXON_CHECK_COUNT, NVMX_VMXON_CHECK_COUNT, NULL);
}
END_TEST

START_TEST(evmcs)
{
	unsigned int n = nvmx_evmcs_field_count();

	check_routed("nvmx_evmcs_field_at", w_evmcs_field_at, 0, 0, n, n,
		     NULL);
	check_routed("nvmx_evmcs_group_name", w_evmcs_group_name, 0, 0,
		     NVMX_EVMCS_GRP_COUNT, NVMX_EVMCS_GRP_COUNT, NULL);
	/* by encoding: field index clamped, then the layout row clamped;
	 * armed on the layout bound the answer is the next layout row. */
	for (unsigned int r = 0; r + 1 < n; r++) {
		const struct nvmx_evmcs_field *f = nvmx_evmcs_field_at(r);
		const struct nvmx_field_info *fi = nvmx_field_lookup(f->encoding);
		const struct nvmx_evmcs_field *got;

		ncalls = 0;
		armed_n = n;
		got = nvmx_evmcs_field_by_encoding(f->encoding);
		armed_n = 0;
		ck_assert_msg(saw(fi->index, NVMX_FIELD_COUNT) && saw(r, n),
			      "nvmx_evmcs_field_by_encoding(%#x) not clamped",
			      f->encoding);
		/* the row's encoding check then refuses the wrong row */
		ck_assert_msg(got == NULL,
			      "nvmx_evmcs_field_by_encoding(%#x) used a raw index",
			      f->encoding);
		ncalls = 0;
		ck_assert(nvmx_evmcs_field_at_offset(f->offset) == f);
		ck_assert_msg(saw(r, n),
			      "nvmx_evmcs_field_at_offset(%#x) not clamped",
			      f->offset);
	}
}
END_TEST

START_TEST(insn)
{
	/* NONE (0) is refused by a branch: rows 1 .. COUNT-1 */
	check_routed("nvmx_insn_rule_name", w_insn_rule_name, 1, 1,
		     NVMX_RULE_COUNT - 1, NVMX_RULE_COUNT, NULL);
	check_routed("nvmx_insn_rule_condition", w_insn_rule_condition, 1, 1,
		     NVMX_RULE_COUNT - 1, NVMX_RULE_COUNT, NULL);
	check_routed("nvmx_insn_rule_sdm", w_insn_rule_sdm, 1, 1,
		     NVMX_RULE_COUNT - 1, NVMX_RULE_COUNT, NULL);
	check_routed("nvmx_insn_rule_insn", w_insn_rule_insn, 1, 1,
		     NVMX_RULE_COUNT - 1, NVMX_RULE_COUNT, NULL);
	check_routed("nvmx_insn_name", w_insn_name, 0, 0, NVMX_INSN_COUNT,
		     NVMX_INSN_COUNT, NULL);
}
END_TEST

START_TEST(kvm)
{
	unsigned int n = nvmx_kvm_vmcs12_field_count();

	check_routed("nvmx_kvm_vmcs12_field_at", w_kvm_field_at, 0, 0, n, n,
		     NULL);
	/* by encoding: the field index must be clamped */
	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++) {
		ncalls = 0;
		nvmx_kvm_vmcs12_offset(nvmx_field_at(i)->encoding);
		ck_assert_msg(saw(i, NVMX_FIELD_COUNT),
			      "nvmx_kvm_vmcs12_offset(%#x) not clamped",
			      nvmx_field_at(i)->encoding);
	}
}
END_TEST

START_TEST(kvm_names)
{
	check_routed("nvmx_kvm_rule_name", w_kvm_rule_name, 0, 0,
		     NVMX_KVM_RULE_COUNT, NVMX_KVM_RULE_COUNT, NULL);
	check_routed("nvmx_kvm_rule_where", w_kvm_rule_where, 0, 0,
		     NVMX_KVM_RULE_COUNT, NVMX_KVM_RULE_COUNT, NULL);
	check_routed("nvmx_kvm_rule_message", w_kvm_rule_message, 0, 0,
		     NVMX_KVM_RULE_COUNT, NVMX_KVM_RULE_COUNT, NULL);
}
END_TEST

START_TEST(kvm_dump_names)
{
	/* kinds 1 .. CONFLICT; the table has CONFLICT + 1 rows */
	check_routed("nvmx_kvm_dump_issue_name", w_kvm_dump_issue_name, 1, 1,
		     NVMX_KVM_DUMP_CONFLICT, NVMX_KVM_DUMP_CONFLICT + 1, NULL);
}
END_TEST

/*
 * Lookups by VMCS encoding (nvmx_field_lookup/_name/_exists, nvmx_vmread,
 * nvmx_vmwrite, and the first step of the eVMCS/KVM lookups): the slot
 * table index is NVMX_KEY(encoding), a bit mask; prove it cannot leave
 * the table for any encoding, and that every slot value is a valid
 * dense index + 1 (so the second load, nvmx_field_table[s - 1] or the
 * vmcs12 slot, stays in its table for s != 0).
 */
_Static_assert(NVMX_KEY(0xffffffffu) < NVMX_KEY_SPACE,
	       "NVMX_KEY is bounded by the slot table");

START_TEST(masked_encoding_lookups)
{
	/* NVMX_KEY is a bitwise OR of masked parts: all-ones is the maximum */
	for (uint32_t b = 0; b < 32; b++)
		ck_assert_uint_le(NVMX_KEY(1u << b), NVMX_KEY(0xffffffffu));
	for (size_t k = 0; k < sizeof(nvmx_field_slot); k++)
		ck_assert_uint_le(nvmx_field_slot[k], NVMX_FIELD_COUNT);
	/* the existence-bitmap word index is (i / 64) % words: a power of
	 * two, so a mask */
	ck_assert_uint_eq(NVMX_MODEL_EXIST_WORDS & (NVMX_MODEL_EXIST_WORDS - 1),
			  0);
}
END_TEST

/* ---- inventory ---------------------------------------------------------- */

enum cls { ROUTED, MASKED, NO_INDEX };
static const struct {
	const char *name;
	enum cls cls;
	const char *why; /* NO_INDEX: why no caller value indexes a table */
} inventory[] = {
	{ "nvmx_field_at", ROUTED, "" },
	{ "nvmx_gate_name", ROUTED, "" },
	{ "nvmx_gate_rule", ROUTED, "" },
	{ "nvmx_gate_open", ROUTED, "" },
	{ "nvmx_model_allowed1", ROUTED, "" },
	{ "nvmx_model_get_msr", ROUTED, "" },
	{ "nvmx_preset_name", ROUTED, "" },
	{ "nvmx_check_id_name", ROUTED, "" },
	{ "nvmx_check_sdm_ref", ROUTED, "" },
	{ "nvmx_check_description", ROUTED, "" },
	{ "nvmx_msr_rule_name", ROUTED, "" },
	{ "nvmx_msr_rule_sdm", ROUTED, "" },
	{ "nvmx_msr_rule_description", ROUTED, "" },
	{ "nvmx_msr_name", ROUTED, "" },
	{ "nvmx_cpu_feature_name", ROUTED, "" },
	{ "nvmx_revoke_entry_at", ROUTED, "" },
	{ "nvmx_control_revoked", ROUTED, "" },
	{ "nvmx_vmxon_check_name", ROUTED, "" },
	{ "nvmx_evmcs_field_at", ROUTED, "" },
	{ "nvmx_evmcs_group_name", ROUTED, "" },
	{ "nvmx_evmcs_field_by_encoding", ROUTED, "" },
	{ "nvmx_evmcs_field_at_offset", ROUTED, "" },
	{ "nvmx_insn_rule_name", ROUTED, "" },
	{ "nvmx_insn_rule_condition", ROUTED, "" },
	{ "nvmx_insn_rule_sdm", ROUTED, "" },
	{ "nvmx_insn_rule_insn", ROUTED, "" },
	{ "nvmx_insn_rule_kind", ROUTED, "same row_of() as the rule name" },
	{ "nvmx_insn_name", ROUTED, "" },
	{ "nvmx_kvm_vmcs12_field_at", ROUTED, "" },
	{ "nvmx_kvm_vmcs12_offset", ROUTED, "" },
	{ "nvmx_kvm_rule_name", ROUTED, "" },
	{ "nvmx_kvm_rule_where", ROUTED, "" },
	{ "nvmx_kvm_rule_message", ROUTED, "" },
	{ "nvmx_kvm_dump_issue_name", ROUTED, "" },
	{ "nvmx_field_lookup", MASKED, "" },
	{ "nvmx_field_name", MASKED, "" },
	{ "nvmx_field_exists", MASKED, "" },
	{ "nvmx_vmread", MASKED, "" },
	{ "nvmx_vmwrite", MASKED, "" },
	{ "nvmx_backend_read", MASKED, "encoding lookup as nvmx_vmread, then a clamped slot" },
	{ "nvmx_backend_write", MASKED, "encoding lookup as nvmx_vmwrite, then a clamped slot" },
	{ "nvmx_model_init", NO_INDEX, "preset index: see nvmx_preset_name (same table)" },
	{ "nvmx_field_by_name", NO_INDEX, "string scan, loop counter indexes" },
	{ "nvmx_check_by_name", NO_INDEX, "string scan" },
	{ "nvmx_msr_by_name", NO_INDEX, "string scan" },
	{ "nvmx_cpu_feature_by_name", NO_INDEX, "string scan" },
	{ "nvmx_preset_by_name", NO_INDEX, "string scan" },
	{ "nvmx_msr_bit_name", NO_INDEX, "MSR row clamped (msr_desc_of); bit names found by range scan" },
	{ "nvmx_msr_ctl_word", NO_INDEX, "MSR row clamped (msr_desc_of)" },
	{ "nvmx_strerror", NO_INDEX, "switch" },
	{ "nvmx_model_has_msr", NO_INDEX, "range tests and switch" },
	{ "nvmx_model_allowed0", NO_INDEX, "switch over words" },
	{ "nvmx_model_set_msr", NO_INDEX, "index range-checked; write (no load to leak)" },
	{ "nvmx_model_set_cpu", NO_INDEX, "no table" },
	{ "nvmx_model_set_maxphyaddr", NO_INDEX, "no table" },
	{ "nvmx_model_cr4_fixed1_for_cpu", NO_INDEX, "no table" },
	{ "nvmx_model_validate", NO_INDEX, "fixed loops over the model" },
	{ "nvmx_vmcs_enum", NO_INDEX, "no table" },
	{ "nvmx_vmcs12_init", NO_INDEX, "no table" },
	{ "nvmx_check_vmentry", NO_INDEX, "internal: see the audit in doc/robustness.md" },
	{ "nvmx_evmcs_clean_mask", NO_INDEX, "shift" },
	{ "nvmx_evmcs_field_count", NO_INDEX, "constant" },
	{ "nvmx_evmcs_supported", NO_INDEX, "switch over words" },
	{ "nvmx_evmcs_filter_msr", NO_INDEX, "MSR row clamped (msr_desc_of)" },
	{ "nvmx_evmcs_filter_model", NO_INDEX, "fixed loop" },
	{ "nvmx_evmcs_read_msr", NO_INDEX, "MSR row clamped" },
	{ "nvmx_evmcs_check_controls", NO_INDEX, "fixed loop over control fields" },
	{ "nvmx_feat_ctl_exists", NO_INDEX, "no table" },
	{ "nvmx_feat_ctl_guest_allowed", NO_INDEX, "no table" },
	{ "nvmx_feat_ctl_read", NO_INDEX, "no table" },
	{ "nvmx_feat_ctl_write", NO_INDEX, "no table" },
	{ "nvmx_vmxon_check", NO_INDEX, "no table" },
	{ "nvmx_msr_derive", NO_INDEX, "fixed loops" },
	{ "nvmx_msr_restore", NO_INDEX, "MSR row clamped (msr_desc_of, msr_get/put)" },
	{ "nvmx_msr_restore_all", NO_INDEX, "as nvmx_msr_restore; vals[] is the caller's array, bounded by n" },
	{ "nvmx_msr_compat", NO_INDEX, "fixed loops; out[] bounded by cap" },
	{ "nvmx_revoked_mask", NO_INDEX, "loop over the revoke list" },
	{ "nvmx_vcpu_init", NO_INDEX, "no table" },
	{ "nvmx_insn_vmxon", NO_INDEX, "internal: see the audit" },
	{ "nvmx_insn_vmxoff", NO_INDEX, "internal" },
	{ "nvmx_insn_vmclear", NO_INDEX, "internal" },
	{ "nvmx_insn_vmptrld", NO_INDEX, "internal" },
	{ "nvmx_insn_vmptrst", NO_INDEX, "internal" },
	{ "nvmx_insn_vmread", NO_INDEX, "encoding lookup as nvmx_vmread (MASKED); bitmap via read_gpa" },
	{ "nvmx_insn_vmwrite", NO_INDEX, "as nvmx_insn_vmread" },
	{ "nvmx_insn_vmlaunch", NO_INDEX, "internal" },
	{ "nvmx_insn_vmresume", NO_INDEX, "internal" },
	{ "nvmx_insn_invept", NO_INDEX, "type: clamped (inv.c)" },
	{ "nvmx_insn_invvpid", NO_INDEX, "type: clamped (inv.c)" },
	{ "nvmx_insn_vmfunc", NO_INDEX, "internal" },
	{ "nvmx_insn_rflags", NO_INDEX, "switch" },
	{ "nvmx_insn_doc", NO_INDEX, "fixed loop" },
	{ "nvmx_kvm_vmcs12_field_count", NO_INDEX, "constant" },
	{ "nvmx_kvm_vmcs12_from_page", NO_INDEX, "fixed loops over the layout table" },
	{ "nvmx_kvm_vmcs12_to_page", NO_INDEX, "fixed loops over the layout table" },
	{ "nvmx_kvm_nested_state_import", NO_INDEX, "internal rule table indexed by constants" },
	{ "nvmx_kvm_nested_state_export", NO_INDEX, "as import" },
	{ "nvmx_kvm_nested_state_size", NO_INDEX, "no table" },
	{ "nvmx_kvm_dump_parse", NO_INDEX, "key tables scanned; field index from the table" },
	{ "nvmx_backend_init_sw", NO_INDEX, "no table" },
	{ "nvmx_backend_init_hw", NO_INDEX, "no table" },
	{ "nvmx_backend_load", NO_INDEX, "no table" },
	{ "nvmx_backend_clear", NO_INDEX, "no table" },
	{ "nvmx_backend_launch", NO_INDEX, "no table" },
	{ "nvmx_backend_resume", NO_INDEX, "no table" },
	{ "nvmx_backend_sync", NO_INDEX, "encodings from the caller's set[], looked up as nvmx_vmread" },
	{ "nvmx_shadow_bitmaps", NO_INDEX, "encodings looked up as nvmx_vmread; bitmap bytes bounded" },
	{ "nvmx_hw_vmxon", NO_INDEX, "hardware instruction" },
	{ "nvmx_hw_vmxoff", NO_INDEX, "hardware instruction" },
	{ "nvmx_hw_vmclear", NO_INDEX, "hardware instruction" },
	{ "nvmx_hw_vmptrld", NO_INDEX, "hardware instruction" },
	{ "nvmx_hw_vmptrst", NO_INDEX, "hardware instruction" },
	{ "nvmx_hw_vmread", NO_INDEX, "hardware instruction" },
	{ "nvmx_hw_vmread64", NO_INDEX, "hardware instruction" },
	{ "nvmx_hw_vmwrite", NO_INDEX, "hardware instruction" },
	{ "nvmx_hw_vmwrite64", NO_INDEX, "hardware instruction" },
	{ "nvmx_hw_vmlaunch", NO_INDEX, "hardware instruction" },
	{ "nvmx_hw_vmresume", NO_INDEX, "hardware instruction" },
	{ "nvmx_hw_invept", NO_INDEX, "hardware instruction" },
	{ "nvmx_hw_invvpid", NO_INDEX, "hardware instruction" },
};

START_TEST(inventory_complete)
{
	const char *path = getenv("NVMX_SYM_FILE");
	char line[256];
	unsigned int missing = 0, seen = 0;
	FILE *f;

	ck_assert_msg(path, "NVMX_SYM_FILE not set");
	f = fopen(path, "r");
	ck_assert_msg(f, "cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *e;
		bool found = false;

		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "nvmx_", 5))
			continue;
		e = strchr(p, ';');
		if (e)
			*e = 0;
		seen++;
		for (size_t i = 0; i < sizeof(inventory) / sizeof(inventory[0]);
		     i++)
			found |= !strcmp(inventory[i].name, p);
		if (!found) {
			fprintf(stderr,
				"public %s is not classified in tests/spectre/clamp_routing.c\n",
				p);
			missing++;
		}
	}
	fclose(f);
	ck_assert_uint_gt(seen, 0);
	ck_assert_msg(missing == 0,
		      "%u public function(s) not classified (see stderr)",
		      missing);
}
END_TEST

static Suite *make_clamp_routing(void)
{
	Suite *s = suite_create("clamp_routing");
	TCase *t = tcase_create("routed");

	tcase_add_test(t, negative_controls);
	tcase_add_test(t, fields_and_model);
	tcase_add_test(t, presets);
	tcase_add_test(t, entry_checks);
	tcase_add_test(t, msr);
	tcase_add_test(t, evmcs);
	tcase_add_test(t, insn);
	tcase_add_test(t, kvm);
	tcase_add_test(t, kvm_names);
	tcase_add_test(t, kvm_dump_names);
	tcase_add_test(t, masked_encoding_lookups);
	tcase_add_test(t, inventory_complete);
	suite_add_tcase(s, t);
	return s;
}

NVMX_TEST_SUITE(make_clamp_routing);
