// SPDX-License-Identifier: MIT
/*
 * fuzz_msr.c - userspace restore of VMX capability MSRs (live migration)
 * under both policies, single values and all-or-nothing sets.
 *
 * Input: host preset, vCPU CPUID facts (8 bytes, masked to the known
 * facts), policy flags (bit 0 COMPAT, bit 1 vcpu_ran, bit 2 eVMCS
 * enforced, bit 3 eVMCS 2022 update), source release (4 bytes), then
 * operations of 1 + 1 + 8 bytes: kind (bit 0: batch of the next
 * 1 + kind/2 % 4 values via nvmx_msr_restore_all), MSR (0x480 + b % 20;
 * b >= 240: 0x47f or 0x494, outside the range), value. Values whose
 * byte 7 bit 7 is set are taken relative to the current value (XOR),
 * which keeps most candidates near acceptable ones.
 *
 * The limit is nvmx_msr_derive(host preset, CPUID facts); the vCPU starts
 * as a copy of the limit.
 *
 * Invariants:
 *  - derive's result passes nvmx_model_validate (documented);
 *  - return value is one of 0, NVMX_EPERM, NVMX_EBUSY, NVMX_ENOENT;
 *    NVMX_ENOENT iff the index is outside 0x480..0x493;
 *  - a refused restore changes nothing and names a rule (with a name);
 *  - vcpu_ran: a value equal to the current one is accepted (a no-op),
 *    a different one is refused with NVMX_EBUSY;
 *  - STRICT: after any sequence of accepted restores no control word has
 *    an effective allowed-1 bit the limit lacks, and the raw allowed-1
 *    halves of every control MSR stay within the limit's (SDM A.3-A.5:
 *    L1 must never be offered a control L0 cannot run);
 *  - COMPAT: the same, plus the revoked bits nvmx_revoked_mask() names;
 *  - an accepted value of a stored MSR reads back unchanged;
 *  - restore_all is all or nothing, and when it accepts it gives the same
 *    model as the same values restored one by one.
 */
#include <nvmx/evmcs.h>
#include <nvmx/msr.h>

#include "fuzz.h"

static const enum nvmx_ctl_word words[] = {
	NVMX_WORD_PIN,	 NVMX_WORD_PROC,  NVMX_WORD_PROC2,
	NVMX_WORD_PROC3, NVMX_WORD_EXIT,  NVMX_WORD_EXIT2,
	NVMX_WORD_ENTRY, NVMX_WORD_VMFUNC,
};

/* The capability MSR holding word w's allowed-1 bits and their position. */
static void check_within_limit(const struct nvmx_model *v,
			       const struct nvmx_model *limit, bool compat,
			       uint32_t release)
{
	static const uint32_t split[] = { 0x481, 0x482, 0x483, 0x484, 0x48b,
					  0x48d, 0x48e, 0x48f, 0x490 };
	static const uint32_t whole[] = { 0x48c, 0x491, 0x492, 0x493 };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		uint64_t extra = nvmx_model_allowed1(v, words[i]) &
				 ~nvmx_model_allowed1(limit, words[i]);

		if (compat)
			extra &= ~nvmx_revoked_mask(words[i], release);
		FUZZ_CHECK(extra == 0);
	}
	for (size_t i = 0; i < sizeof(split) / sizeof(split[0]); i++) {
		uint64_t extra = (nvmx_model_get_msr(v, split[i]) >> 32) &
				 ~(nvmx_model_get_msr(limit, split[i]) >> 32);

		if (compat)
			extra = 0; /* checked per word above */
		FUZZ_CHECK(extra == 0);
	}
	for (size_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++) {
		uint64_t extra = nvmx_model_get_msr(v, whole[i]) &
				 ~nvmx_model_get_msr(limit, whole[i]);

		if (compat && whole[i] != 0x48c)
			extra = 0;
		FUZZ_CHECK(extra == 0);
	}
}

/* MSRs whose accepted value is stored as given (FIXED1 and VMCS_ENUM are
 * derived, never stored). */
static bool stored(uint32_t idx)
{
	return idx != NVMX_MSR_VMX_CR0_FIXED1 &&
	       idx != NVMX_MSR_VMX_CR4_FIXED1 &&
	       idx != NVMX_MSR_VMX_VMCS_ENUM;
}

static uint32_t pick_index(uint8_t b)
{
	if (b >= 240)
		return (b & 1) ? NVMX_MSR_VMX_LAST + 1 : NVMX_MSR_VMX_FIRST - 1;
	return NVMX_MSR_VMX_FIRST + b % 20;
}

static void check_refusal(int rc, const struct nvmx_msr_verdict *why)
{
	if (rc != NVMX_EPERM && rc != NVMX_EBUSY)
		return;
	FUZZ_CHECK(why->rule > NVMX_MSR_RULE_NONE && why->rule < NVMX_MSR_RULE_COUNT);
	FUZZ_CHECK(nvmx_msr_rule_name(why->rule));
	if (rc == NVMX_EBUSY)
		FUZZ_CHECK(why->rule == NVMX_MSR_RULE_RAN);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct nvmx_model host, limit, vcpu, before, seq;
	struct nvmx_msr_verdict why;
	struct nvmx_evmcs_cfg ecfg = { 0 };
	struct nvmx_restore_opts opts = { 0 };
	uint8_t preset = fuzz_u8(&in);
	uint64_t cpu = fuzz_u64(&in) & ((1ull << NVMX_CPUB_COUNT) - 1);
	uint8_t flags = fuzz_u8(&in);
	int rc;

	nvmx_model_init(&host, (enum nvmx_preset)(preset % NVMX_PRESET_COUNT));
	if (preset & 0x80)
		cpu = host.cpu; /* the host's own facts: nothing taken away */
	rc = nvmx_msr_derive(&limit, &host, cpu, 0, &why);
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(nvmx_model_validate(&limit, NULL, &why) == 0);

	opts.policy = (flags & 1) ? NVMX_RESTORE_COMPAT : NVMX_RESTORE_STRICT;
	opts.vcpu_ran = flags & 2;
	opts.source_release = fuzz_u32(&in);
	if (flags & 4) {
		ecfg.enabled = true;
		ecfg.mode = NVMX_EVMCS_ENFORCED;
		ecfg.hv_ebx = (flags & 8) ? NVMX_HV_EVMCS_2022_UPDATE : 0;
		opts.evmcs = &ecfg;
	}
	vcpu = limit;

	while (fuzz_left(&in)) {
		uint8_t kind = fuzz_u8(&in);

		if (!(kind & 1)) {
			uint32_t idx = pick_index(fuzz_u8(&in));
			uint64_t val = fuzz_u64(&in);
			uint64_t cur = nvmx_model_get_msr(&vcpu, idx);

			if (val >> 63)
				val = cur ^ (val & ~(1ull << 63));
			before = vcpu;
			memset(&why, 0, sizeof(why));
			rc = nvmx_msr_restore(&vcpu, &limit, idx, val, &opts,
					      &why);
			FUZZ_CHECK(rc == 0 || rc == NVMX_EPERM ||
				   rc == NVMX_EBUSY || rc == NVMX_ENOENT);
			FUZZ_CHECK((rc == NVMX_ENOENT) ==
				   (idx < NVMX_MSR_VMX_FIRST ||
				    idx > NVMX_MSR_VMX_LAST));
			check_refusal(rc, &why);
			if (opts.vcpu_ran && rc != NVMX_ENOENT)
				FUZZ_CHECK(val == cur ? rc == 0 :
							(rc == NVMX_EBUSY ||
							 rc == NVMX_EPERM));
			if (rc) {
				FUZZ_CHECK(!memcmp(&before, &vcpu,
						   sizeof(vcpu)));
			} else if (stored(idx)) {
				FUZZ_CHECK(nvmx_model_get_msr(&vcpu, idx) ==
					   val);
			}
		} else {
			struct nvmx_msr_value vals[4];
			size_t n = 1 + (kind >> 1) % 4, failed = 99;

			for (size_t i = 0; i < n; i++) {
				vals[i].index = pick_index(fuzz_u8(&in));
				vals[i].reserved = 0;
				vals[i].value = fuzz_u64(&in);
				if (vals[i].value >> 63)
					vals[i].value =
						nvmx_model_get_msr(
							&vcpu, vals[i].index) ^
						(vals[i].value &
						 ~(1ull << 63));
			}
			before = vcpu;
			rc = nvmx_msr_restore_all(&vcpu, &limit, vals, n,
						  &opts, &why, &failed);
			if (rc) {
				FUZZ_CHECK(rc < 0);
				FUZZ_CHECK(!memcmp(&before, &vcpu,
						   sizeof(vcpu)));
				if (rc == NVMX_EPERM || rc == NVMX_EBUSY)
					FUZZ_CHECK(failed < n);
				check_refusal(rc, &why);
			} else {
				/* the same values one by one */
				seq = before;
				for (size_t i = 0; i < n; i++)
					FUZZ_CHECK(nvmx_msr_restore(
							   &seq, &limit,
							   vals[i].index,
							   vals[i].value, &opts,
							   NULL) == 0);
				FUZZ_CHECK(!memcmp(&seq, &vcpu, sizeof(vcpu)));
			}
		}
		check_within_limit(&vcpu, &limit,
				   opts.policy == NVMX_RESTORE_COMPAT,
				   opts.source_release);
	}
	FUZZ_CHECK(nvmx_msr_restore(NULL, &limit, 0x480, 0, &opts, NULL) ==
		   NVMX_EINVAL);
	FUZZ_CHECK(nvmx_msr_restore(&vcpu, NULL, 0x480, 0, &opts, NULL) ==
		   NVMX_EINVAL);
	return 0;
}
