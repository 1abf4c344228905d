// SPDX-License-Identifier: MIT
/*
 * fuzz_featctl.c - IA32_FEATURE_CONTROL (MSR 3AH) write/read sequences by
 * the guest and by the host, and the VMXON checks that consult it.
 *
 * Input: preset, CPUID facts (8 bytes, masked), options byte, then
 * operations of 1 + 8 bytes: op (bit 0 host-initiated, bit 1 read
 * instead of write, bit 2 VMXON check with an environment built from
 * the value and the next 8 bytes), value.
 *
 * Invariants (SDM Vol. 4 Table 2-2 "IA32_FEATURE_CONTROL", SDM Vol. 3
 * 23.7, and <nvmx/featctl.h>):
 *  - the MSR exists iff VMX, SMX, SGX, SGX_LC or LMCE is enumerated;
 *  - guest-writable bits: lock always, bit 2 iff VMX, bit 1 iff VMX and
 *    (SMX or the compat option), 8-15 iff SMX, 17 iff SGX_LC, 18 iff SGX,
 *    20 iff LMCE; never a bit outside NVMX_FEAT_CTL_SUPPORTED;
 *  - a guest write is #GP (nothing written) when the MSR is absent, when
 *    the lock bit is set (even for the same value), or when it sets a bit
 *    not guest-writable; otherwise it is written exactly;
 *  - a host write of a reserved bit is NVMX_EPERM (nothing written), any
 *    other value is written regardless of lock and CPUID, and the value
 *    0 asks the caller to leave VMX operation;
 *  - a read returns the stored value, or #GP for a guest read of an
 *    absent MSR;
 *  - VMXON: deterministic; a register operand is always #UD; outcome and
 *    numbers agree (VMfailValid 15 only in VMX root, VM exit 27 only in
 *    non-root); a failure names a check in range with a name; success
 *    only if the FEATURE_CONTROL lock and the VMX-outside-SMX (or inside
 *    SMX) enable bits are set.
 */
#include <nvmx/featctl.h>

#include "fuzz.h"

static uint64_t expect_allowed(uint64_t cpu, uint32_t opt)
{
	uint64_t a = NVMX_FEAT_CTL_LOCKED;
	bool vmx = cpu & NVMX_CPU_VMX, smx = cpu & NVMX_CPU_SMX;

	if (vmx)
		a |= NVMX_FEAT_CTL_VMX_OUTSIDE_SMX;
	if (vmx && (smx || (opt & NVMX_FEAT_CTL_OPT_SMX_COMPAT)))
		a |= NVMX_FEAT_CTL_VMX_INSIDE_SMX;
	if (smx)
		a |= NVMX_FEAT_CTL_SENTER_LOCAL | NVMX_FEAT_CTL_SENTER_GLOBAL;
	if (cpu & NVMX_CPU_SGX_LC)
		a |= NVMX_FEAT_CTL_SGX_LC;
	if (cpu & NVMX_CPU_SGX)
		a |= NVMX_FEAT_CTL_SGX;
	if (cpu & NVMX_CPU_LMCE)
		a |= NVMX_FEAT_CTL_LMCE;
	return a;
}

static void vmxon(const struct nvmx_model *m, uint64_t a, uint64_t b,
		  uint64_t feat_ctl)
{
	struct nvmx_vmxon_env env = { 0 };
	struct nvmx_vmxon_result r1, r2;
	int o1, o2;

	env.reg_operand = a & 1;
	env.v86_or_compat = a & 2;
	env.in_vmx_operation = a & 4;
	env.in_vmx_non_root = a & 8;
	env.has_current_vmcs = a & 0x10;
	env.a20m = a & 0x20;
	env.in_smx = a & 0x40;
	env.operand_fault = a & 0x80;
	env.cpl = (a >> 8) & 3;
	/* CR0/CR4 near the fixed bits: the model's FIXED0 with some flips */
	env.cr0 = nvmx_model_get_msr(m, NVMX_MSR_VMX_CR0_FIXED0) ^
		  ((a >> 10) & 0x80000021ull);
	env.cr4 = nvmx_model_get_msr(m, NVMX_MSR_VMX_CR4_FIXED0) ^
		  ((a >> 16) & 0xffffull);
	env.feat_ctl = (a & (1ull << 40)) ? feat_ctl : (a >> 41) & 7;
	env.vmxon_pa = b & ((a & (1ull << 44)) ? ~0ull : 0xfffff000ull);
	env.region_rev = (a & (1ull << 45)) ?
				 (uint32_t)(b >> 32) :
				 (uint32_t)(nvmx_model_get_msr(
						    m, NVMX_MSR_VMX_BASIC) &
					    NVMX_BASIC_REVISION_MASK);

	o1 = nvmx_vmxon_check(m, &env, &r1);
	o2 = nvmx_vmxon_check(m, &env, &r2);
	FUZZ_CHECK(o1 >= 0 && o1 == o2);
	FUZZ_CHECK(r1.outcome == r2.outcome && r1.check == r2.check &&
		   r1.vm_insn_error == r2.vm_insn_error &&
		   r1.exit_reason == r2.exit_reason);
	FUZZ_CHECK((int)r1.outcome == o1);
	FUZZ_CHECK(r1.check < NVMX_VMXON_CHECK_COUNT);
	FUZZ_CHECK(nvmx_vmxon_check_name(r1.check));
	FUZZ_CHECK((r1.check == NVMX_VMXON_OK) ==
		   (r1.outcome == NVMX_OUTCOME_SUCCESS));
	if (env.reg_operand)
		FUZZ_CHECK(r1.outcome == NVMX_OUTCOME_UD &&
			   r1.check == NVMX_VMXON_UD_OPERAND);
	FUZZ_CHECK((r1.vm_insn_error != 0) ==
		   (r1.outcome == NVMX_OUTCOME_VMFAIL_VALID));
	if (r1.outcome == NVMX_OUTCOME_VMFAIL_VALID)
		FUZZ_CHECK(r1.vm_insn_error == 15 && env.in_vmx_operation &&
			   !env.in_vmx_non_root);
	FUZZ_CHECK((r1.exit_reason != 0) == (r1.outcome == NVMX_OUTCOME_VMEXIT));
	if (r1.outcome == NVMX_OUTCOME_VMEXIT)
		FUZZ_CHECK(r1.exit_reason == 27 && env.in_vmx_non_root);
	if (r1.outcome == NVMX_OUTCOME_SUCCESS) {
		FUZZ_CHECK(env.feat_ctl & NVMX_FEAT_CTL_LOCKED);
		FUZZ_CHECK(env.feat_ctl & (env.in_smx ?
						   NVMX_FEAT_CTL_VMX_INSIDE_SMX :
						   NVMX_FEAT_CTL_VMX_OUTSIDE_SMX));
		FUZZ_CHECK(!env.in_vmx_operation && env.cpl == 0 &&
			   !env.a20m && !env.v86_or_compat);
		FUZZ_CHECK((env.vmxon_pa & 0xfff) == 0);
		FUZZ_CHECK(!(env.region_rev >> 31));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct nvmx_model m;
	struct nvmx_feat_ctl s = { 0 }, before;
	uint64_t cpu, allowed;
	bool exists;

	nvmx_model_init(&m, (enum nvmx_preset)(fuzz_u8(&in) % NVMX_PRESET_COUNT));
	cpu = fuzz_u64(&in) & ((1ull << NVMX_CPUB_COUNT) - 1);
	FUZZ_CHECK(nvmx_model_set_cpu(&m, cpu) == 0);
	s.options = fuzz_u8(&in) & 1;
	exists = cpu & (NVMX_CPU_VMX | NVMX_CPU_SMX | NVMX_CPU_SGX |
			NVMX_CPU_SGX_LC | NVMX_CPU_LMCE);
	FUZZ_CHECK(nvmx_feat_ctl_exists(&m) == exists);
	allowed = nvmx_feat_ctl_guest_allowed(&m, s.options);
	FUZZ_CHECK(allowed == expect_allowed(cpu, s.options));
	FUZZ_CHECK((allowed & ~NVMX_FEAT_CTL_SUPPORTED) == 0);

	while (fuzz_left(&in)) {
		uint8_t op = fuzz_u8(&in);
		uint64_t val = fuzz_u64(&in);
		bool host = op & 1;
		int rc;

		if (op & 4) {
			vmxon(&m, val, fuzz_u64(&in), s.value);
			continue;
		}
		if (op & 2) {
			uint64_t r = 0x1234;

			rc = nvmx_feat_ctl_read(&s, &m, host, &r);
			if (!host && !exists) {
				FUZZ_CHECK(rc == NVMX_FEAT_CTL_GP);
			} else {
				FUZZ_CHECK(rc == NVMX_FEAT_CTL_DONE);
				FUZZ_CHECK(r == s.value);
			}
			continue;
		}
		if (op & 8) /* rewrite the current value, or flip one bit */
			val = s.value ^ ((op & 16) ? 1ull << (val % 64) : 0);
		before = s;
		rc = nvmx_feat_ctl_write(&s, &m, val, host);
		if (host) {
			if (val & ~NVMX_FEAT_CTL_SUPPORTED) {
				FUZZ_CHECK(rc == NVMX_EPERM);
			} else {
				FUZZ_CHECK(rc == (val ? NVMX_FEAT_CTL_DONE :
							NVMX_FEAT_CTL_LEAVE_NESTED));
				FUZZ_CHECK(s.value == val);
			}
		} else if (!exists || (before.value & NVMX_FEAT_CTL_LOCKED) ||
			   (val & ~allowed)) {
			FUZZ_CHECK(rc == NVMX_FEAT_CTL_GP);
		} else {
			FUZZ_CHECK(rc == NVMX_FEAT_CTL_DONE && s.value == val);
		}
		if (rc != NVMX_FEAT_CTL_DONE &&
		    rc != NVMX_FEAT_CTL_LEAVE_NESTED)
			FUZZ_CHECK(!memcmp(&before, &s, sizeof(s)));
		FUZZ_CHECK(s.options == before.options);
	}
	FUZZ_CHECK(nvmx_feat_ctl_write(NULL, &m, 0, true) == NVMX_EINVAL);
	FUZZ_CHECK(nvmx_feat_ctl_write(&s, NULL, 0, true) == NVMX_EINVAL);
	return 0;
}
