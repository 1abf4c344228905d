// SPDX-License-Identifier: MIT
/*
 * msr_featctl.c - IA32_FEATURE_CONTROL writes for every bit under every
 * combination of lock, host-initiated, compatibility option and the CPUID
 * features that enable bits; VMXON's checks in SDM order.
 */
#include <nvmx/nvmx.h>

#include "suite.h"

/* The CPUID facts FEAT_CTL depends on (SDM Vol. 4 Table 2-2). */
static const uint64_t fc_cpu[5] = {NVMX_CPU_VMX, NVMX_CPU_SMX, NVMX_CPU_SGX,
				   NVMX_CPU_SGX_LC, NVMX_CPU_LMCE};

/* May a guest set bit b on a vCPU with these facts? (SDM table, issue 4) */
static bool guest_may_set(unsigned int b, uint64_t cpu, bool smx_compat)
{
	bool vmx = cpu & NVMX_CPU_VMX, smx = cpu & NVMX_CPU_SMX;

	switch (b) {
	case 0:
		return true;
	case 1:
		return vmx && (smx || smx_compat);
	case 2:
		return vmx;
	case 8:
	case 9:
	case 10:
	case 11:
	case 12:
	case 13:
	case 14:
	case 15:
		return smx;
	case 17:
		return cpu & NVMX_CPU_SGX_LC;
	case 18:
		return cpu & NVMX_CPU_SGX;
	case 20:
		return cpu & NVMX_CPU_LMCE;
	default:
		return false;
	}
}

static bool library_supports(unsigned int b)
{
	return b <= 2 || (b >= 8 && b <= 15) || b == 17 || b == 18 || b == 20;
}

START_TEST(every_bit_every_combination)
{
	struct nvmx_model m;

	uint64_t base;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	base = m.cpu;
	for (unsigned int combo = 0; combo < 32; combo++) {
		uint64_t cpu = base;

		for (int k = 0; k < 5; k++)
			if (!(combo >> k & 1))
				cpu &= ~fc_cpu[k];
		ck_assert_int_eq(nvmx_model_set_cpu(&m, cpu), 0);
		for (int locked = 0; locked < 2; locked++)
			for (int host = 0; host < 2; host++)
				for (int opt = 0; opt < 2; opt++)
					for (unsigned int b = 0; b < 64; b++) {
						struct nvmx_feat_ctl s = {
							.value =
								locked ? NVMX_FEAT_CTL_LOCKED
								       : 0,
							.options =
								opt ? NVMX_FEAT_CTL_OPT_SMX_COMPAT
								    : 0,
						};
						uint64_t before = s.value;
						uint64_t v = 1ull << b;
						int want,
							r = nvmx_feat_ctl_write(
								&s, &m, v,
								host);

						if (host)
							want = library_supports(
								       b)
								       ? NVMX_FEAT_CTL_DONE
								       : NVMX_EPERM;
						else if (!combo || locked ||
							 !guest_may_set(b, cpu,
									opt))
							want = NVMX_FEAT_CTL_GP;
						else
							want = NVMX_FEAT_CTL_DONE;
						ck_assert_msg(
							r == want,
							"cpu %#x locked %d "
							"host %d opt %d bit "
							"%u: %d want %d",
							combo, locked, host,
							opt, b, r, want);
						ck_assert_uint_eq(
							s.value,
							want == NVMX_FEAT_CTL_DONE
								? v
								: before);
					}
	}
}
END_TEST

START_TEST(lock_and_leave_nested)
{
	struct nvmx_model m;
	struct nvmx_feat_ctl s = {0};
	uint64_t v;

	nvmx_model_init(&m, NVMX_PRESET_SKYLAKE_SERVER);
	/* firmware-style: write enables and lock at once */
	ck_assert_int_eq(nvmx_feat_ctl_write(&s, &m, 0x5, false),
			 NVMX_FEAT_CTL_DONE);
	/* locked: even the same value #GP */
	ck_assert_int_eq(nvmx_feat_ctl_write(&s, &m, 0x5, false),
			 NVMX_FEAT_CTL_GP);
	ck_assert_int_eq(nvmx_feat_ctl_read(&s, &m, false, &v),
			 NVMX_FEAT_CTL_DONE);
	ck_assert_uint_eq(v, 0x5);
	/* host restore overrides the lock, CPUID-independent (SGX on skylake)
	 */
	ck_assert_int_eq(
		nvmx_feat_ctl_write(&s, &m, 0x5 | NVMX_FEAT_CTL_SGX, true),
		NVMX_FEAT_CTL_DONE);
	ck_assert_uint_eq(s.value, 0x5 | NVMX_FEAT_CTL_SGX);
	/* host write of 0: leave nested operation */
	ck_assert_int_eq(nvmx_feat_ctl_write(&s, &m, 0, true),
			 NVMX_FEAT_CTL_LEAVE_NESTED);
	ck_assert_uint_eq(s.value, 0);
	ck_assert_int_eq(nvmx_feat_ctl_write(&s, &m, 1ull << 3, true),
			 NVMX_EPERM);
	/* without any enumerating feature the MSR does not exist */
	nvmx_model_set_cpu(&m, m.cpu & ~(NVMX_CPU_VMX | NVMX_CPU_SMX |
					 NVMX_CPU_SGX | NVMX_CPU_SGX_LC |
					 NVMX_CPU_LMCE));
	ck_assert(!nvmx_feat_ctl_exists(&m));
	ck_assert_int_eq(nvmx_feat_ctl_read(&s, &m, false, &v),
			 NVMX_FEAT_CTL_GP);
	ck_assert_int_eq(nvmx_feat_ctl_read(&s, &m, true, &v),
			 NVMX_FEAT_CTL_DONE);
	ck_assert_int_eq(nvmx_feat_ctl_write(&s, &m, 0, false),
			 NVMX_FEAT_CTL_GP);
	ck_assert_int_eq(nvmx_feat_ctl_write(NULL, &m, 0, false), NVMX_EINVAL);
	ck_assert_uint_eq(nvmx_feat_ctl_guest_allowed(NULL, 0), 0);
}
END_TEST

/* ---- VMXON --------------------------------------------------------- */

static void good_env(const struct nvmx_model *m, struct nvmx_vmxon_env *e)
{
	*e = (struct nvmx_vmxon_env){
		.cr0 = 0x80000031, /* PG, NE, ET, PE */
		.cr4 = 0x2020,	   /* VMXE, PAE */
		.feat_ctl = 0x5,
		.vmxon_pa = 0x1000,
		.region_rev =
			(uint32_t)(nvmx_model_get_msr(m, NVMX_MSR_VMX_BASIC) &
				   0x7fffffff),
	};
}

static void expect(const struct nvmx_model *m, const struct nvmx_vmxon_env *e,
		   enum nvmx_outcome o, enum nvmx_vmxon_check_id id)
{
	struct nvmx_vmxon_result r;

	ck_assert_int_eq(nvmx_vmxon_check(m, e, &r), (int)o);
	ck_assert_msg(r.outcome == o && r.check == id, "got %s want %s",
		      nvmx_vmxon_check_name(r.check),
		      nvmx_vmxon_check_name(id));
	ck_assert_uint_eq(r.vm_insn_error,
			  o == NVMX_OUTCOME_VMFAIL_VALID ? 15 : 0);
	ck_assert_uint_eq(r.exit_reason, o == NVMX_OUTCOME_VMEXIT ? 27 : 0);
}

START_TEST(vmxon_each_check)
{
	struct nvmx_model m;
	struct nvmx_vmxon_env e;

	nvmx_model_init(&m, NVMX_PRESET_SKYLAKE_SERVER); /* MAXPHYADDR 46 */
	good_env(&m, &e);
	expect(&m, &e, NVMX_OUTCOME_SUCCESS, NVMX_VMXON_OK);
	good_env(&m, &e);
	e.reg_operand = true;
	expect(&m, &e, NVMX_OUTCOME_UD, NVMX_VMXON_UD_OPERAND);
	good_env(&m, &e);
	e.cr0 &= ~1ull;
	expect(&m, &e, NVMX_OUTCOME_UD, NVMX_VMXON_UD_MODE);
	good_env(&m, &e);
	e.cr4 &= ~NVMX_CR4_VMXE;
	expect(&m, &e, NVMX_OUTCOME_UD, NVMX_VMXON_UD_MODE);
	good_env(&m, &e);
	e.v86_or_compat = true;
	expect(&m, &e, NVMX_OUTCOME_UD, NVMX_VMXON_UD_MODE);
	good_env(&m, &e);
	e.in_vmx_operation = e.in_vmx_non_root = true;
	expect(&m, &e, NVMX_OUTCOME_VMEXIT, NVMX_VMXON_NONROOT);
	good_env(&m, &e);
	e.in_vmx_operation = true;
	e.cpl = 3;
	expect(&m, &e, NVMX_OUTCOME_GP, NVMX_VMXON_ROOT);
	good_env(&m, &e);
	e.in_vmx_operation = true;
	e.has_current_vmcs = true;
	expect(&m, &e, NVMX_OUTCOME_VMFAIL_VALID, NVMX_VMXON_ROOT);
	good_env(&m, &e);
	e.in_vmx_operation = true;
	expect(&m, &e, NVMX_OUTCOME_VMFAIL_INVALID, NVMX_VMXON_ROOT);
	good_env(&m, &e);
	e.cpl = 1;
	expect(&m, &e, NVMX_OUTCOME_GP, NVMX_VMXON_CPL);
	good_env(&m, &e);
	e.a20m = true;
	expect(&m, &e, NVMX_OUTCOME_GP, NVMX_VMXON_A20M);
	good_env(&m, &e);
	e.cr0 &= ~(1ull << 5); /* NE required by CR0_FIXED0 */
	expect(&m, &e, NVMX_OUTCOME_GP, NVMX_VMXON_CR0_FIXED);
	good_env(&m, &e);
	e.cr0 |= 1ull << 32; /* above CR0_FIXED1 */
	expect(&m, &e, NVMX_OUTCOME_GP, NVMX_VMXON_CR0_FIXED);
	good_env(&m, &e);
	e.cr4 |= NVMX_CR4_LA57; /* skylake: no LA57 in FIXED1 */
	expect(&m, &e, NVMX_OUTCOME_GP, NVMX_VMXON_CR4_FIXED);
	good_env(&m, &e);
	e.feat_ctl = 0x4;
	expect(&m, &e, NVMX_OUTCOME_GP, NVMX_VMXON_FC_LOCK);
	good_env(&m, &e);
	e.in_smx = true;
	expect(&m, &e, NVMX_OUTCOME_GP, NVMX_VMXON_FC_SMX);
	good_env(&m, &e);
	e.in_smx = true;
	e.feat_ctl = 0x3;
	expect(&m, &e, NVMX_OUTCOME_SUCCESS, NVMX_VMXON_OK);
	good_env(&m, &e);
	e.feat_ctl = 0x3;
	expect(&m, &e, NVMX_OUTCOME_GP, NVMX_VMXON_FC_NOSMX);
	good_env(&m, &e);
	e.operand_fault = true;
	expect(&m, &e, NVMX_OUTCOME_GP, NVMX_VMXON_MEMOP);
	good_env(&m, &e);
	e.vmxon_pa = 0x1800;
	expect(&m, &e, NVMX_OUTCOME_VMFAIL_INVALID, NVMX_VMXON_ADDR);
	good_env(&m, &e);
	e.vmxon_pa = 1ull << 46;
	expect(&m, &e, NVMX_OUTCOME_VMFAIL_INVALID, NVMX_VMXON_ADDR);
	good_env(&m, &e);
	e.vmxon_pa = (1ull << 46) - 0x1000;
	expect(&m, &e, NVMX_OUTCOME_SUCCESS, NVMX_VMXON_OK);
	good_env(&m, &e);
	e.region_rev ^= 1;
	expect(&m, &e, NVMX_OUTCOME_VMFAIL_INVALID, NVMX_VMXON_REV);
	good_env(&m, &e);
	e.region_rev |= 0x80000000u;
	expect(&m, &e, NVMX_OUTCOME_VMFAIL_INVALID, NVMX_VMXON_REV);
	/* BASIC[48]: 32-bit physical addresses */
	nvmx_model_set_msr(&m, NVMX_MSR_VMX_BASIC,
			   nvmx_model_get_msr(&m, NVMX_MSR_VMX_BASIC) |
				   NVMX_BASIC_32BIT_PA);
	good_env(&m, &e);
	e.vmxon_pa = 1ull << 32;
	expect(&m, &e, NVMX_OUTCOME_VMFAIL_INVALID, NVMX_VMXON_ADDR);
}
END_TEST

/* With two violations, the earlier check in SDM order wins. */
START_TEST(vmxon_order)
{
	struct nvmx_model m;
	struct nvmx_vmxon_env e;
	struct nvmx_vmxon_result r;

	nvmx_model_init(&m, NVMX_PRESET_ICELAKE_SERVER);
	/* break every check at once, then repair from the first one down */
	good_env(&m, &e);
	e.reg_operand = true;
	e.cr0 = 0;
	e.in_vmx_non_root = true;
	e.cpl = 3;
	e.a20m = true;
	e.feat_ctl = 0;
	e.operand_fault = true;
	e.vmxon_pa = 1;
	e.region_rev = 0xffffffff;
	nvmx_vmxon_check(&m, &e, &r);
	ck_assert_int_eq(r.check, NVMX_VMXON_UD_OPERAND);
	e.reg_operand = false;
	nvmx_vmxon_check(&m, &e, &r);
	ck_assert_int_eq(r.check, NVMX_VMXON_UD_MODE);
	e.cr0 = 0x80000001; /* PE, PG but not NE: fails CR0_FIXED later */
	nvmx_vmxon_check(&m, &e, &r);
	ck_assert_int_eq(r.check, NVMX_VMXON_NONROOT);
	e.in_vmx_non_root = false;
	nvmx_vmxon_check(&m, &e, &r);
	ck_assert_int_eq(r.check, NVMX_VMXON_CPL);
	e.cpl = 0;
	nvmx_vmxon_check(&m, &e, &r);
	ck_assert_int_eq(r.check, NVMX_VMXON_A20M);
	e.a20m = false;
	nvmx_vmxon_check(&m, &e, &r);
	ck_assert_int_eq(r.check, NVMX_VMXON_CR0_FIXED);
	e.cr0 = 0x80000021;
	nvmx_vmxon_check(&m, &e, &r);
	ck_assert_int_eq(r.check, NVMX_VMXON_FC_LOCK);
	e.feat_ctl = 5;
	nvmx_vmxon_check(&m, &e, &r);
	ck_assert_int_eq(r.check, NVMX_VMXON_MEMOP);
	e.operand_fault = false;
	nvmx_vmxon_check(&m, &e, &r);
	ck_assert_int_eq(r.check, NVMX_VMXON_ADDR);
	e.vmxon_pa = 0x2000;
	nvmx_vmxon_check(&m, &e, &r);
	ck_assert_int_eq(r.check, NVMX_VMXON_REV);
	ck_assert_int_eq(nvmx_vmxon_check(NULL, &e, &r), NVMX_EINVAL);
	ck_assert_str_eq(nvmx_vmxon_check_name(NVMX_VMXON_CR4_FIXED),
			 "CR4_FIXED");
	ck_assert_ptr_null(nvmx_vmxon_check_name(NVMX_VMXON_CHECK_COUNT));
}
END_TEST

static Suite *make_msr_featctl(void)
{
	Suite *s = suite_create("msr_featctl");
	TCase *tc = tcase_create("featctl");

	tcase_add_test(tc, every_bit_every_combination);
	tcase_add_test(tc, lock_and_leave_nested);
	tcase_add_test(tc, vmxon_each_check);
	tcase_add_test(tc, vmxon_order);
	suite_add_tcase(s, tc);
	return s;
}

NVMX_TEST_SUITE(make_msr_featctl);
