// SPDX-License-Identifier: MIT
/*
 * kvm_nested.c - KVM_SET_NESTED_STATE acceptance rules, export, round trip.
 *
 * Blobs are built field by field on the real UAPI struct kvm_nested_state
 * (not with the exporter), from five valid bases; each rule of
 * kvm_rules.def has a case that breaks exactly that rule.
 */
#include <errno.h>
#include <string.h>

#include <nvmx/kvm.h>

#include "entry_baseline.h"
#include "suite.h"

#define VMXON_PA 0x10000ull
#define VMCS12_PA 0x20000ull
#define HDR 128u
#define PAGE 4096u

enum base { OFF, VMXON, L1, L2, L2_SHADOW };

struct tblob {
	union {
		struct kvm_nested_state h;
		uint8_t b[HDR + 2 * PAGE];
	} u;
	size_t len;
};

static struct eb_state st;	/* valid 64-bit state, model MAX */

static void put_page(uint8_t *p, const struct nvmx_vmcs12 *v, uint32_t rev)
{
	struct nvmx_vmcs12 c = *v;

	c.revision_id = rev;
	ck_assert_int_eq(nvmx_kvm_vmcs12_to_page(&c, p, PAGE, NULL), 0);
}

static void mk(struct tblob *t, enum base b)
{
	struct kvm_nested_state *h = &t->u.h;
	struct nvmx_vmcs12 v;

	eb_state_64(&st, NVMX_PRESET_MAX);
	memset(t, 0, sizeof(*t));
	h->format = KVM_STATE_NESTED_FORMAT_VMX;
	h->size = HDR;
	h->hdr.vmx.vmxon_pa = ~0ull;
	h->hdr.vmx.vmcs12_pa = ~0ull;
	t->len = HDR;
	if (b == OFF)
		return;
	h->hdr.vmx.vmxon_pa = VMXON_PA;
	if (b == VMXON)
		return;
	h->hdr.vmx.vmcs12_pa = VMCS12_PA;
	h->size = HDR + PAGE;
	t->len = HDR + PAGE;
	v = st.v;
	if (b == L2_SHADOW) {
		v.field[NVMX_IDX_SECONDARY_VM_EXEC_CONTROL] |=
			NVMX_CTL_MASK(PROC2_VMCS_SHADOWING);
		v.field[NVMX_IDX_VMCS_LINK_POINTER] = EB_LINK_GPA;
		h->size = HDR + 2 * PAGE;
		t->len = HDR + 2 * PAGE;
		put_page(t->u.b + HDR + PAGE, &st.v,
			 NVMX_KVM_VMCS12_REVISION | 0x80000000u);
	}
	put_page(t->u.b + HDR, &v, NVMX_KVM_VMCS12_REVISION);
	if (b == L2 || b == L2_SHADOW)
		h->flags = KVM_STATE_NESTED_GUEST_MODE;
}

static int import(struct nvmx_model *m, const struct tblob *t,
		  const struct nvmx_kvm_import_env *env,
		  struct nvmx_kvm_state *s, struct nvmx_kvm_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->sz = sizeof(*v);
	return nvmx_kvm_nested_state_import(m, t->u.b, t->len, env, s, v);
}

static void env_init(struct nvmx_kvm_import_env *e)
{
	memset(e, 0, sizeof(*e));
	e->sz = sizeof(*e);
	e->read_gpa = eb_mem_read;
	e->opaque = &st.mem;
}

/* The baseline the guest-mode cases rest on must pass the entry checks. */
START_TEST(test_baseline_passes)
{
	struct nvmx_check_failure f;

	eb_state_64(&st, NVMX_PRESET_MAX);
	ck_assert_int_eq(eb_check(&st, &f), 0);
}
END_TEST

START_TEST(test_valid_bases)
{
	static struct tblob t;
	static struct nvmx_kvm_state s;
	struct nvmx_kvm_import_env env;
	struct nvmx_kvm_verdict v;

	for (int b = OFF; b <= L2; b++) {
		mk(&t, (enum base)b);
		env_init(&env);
		ck_assert_msg(import(&st.m, &t, &env, &s, &v) == 0,
			      "base %d refused: %s", b,
			      nvmx_kvm_rule_name(v.rule));
		ck_assert_int_eq(v.rule, NVMX_KVM_RULE_NONE);
		ck_assert_int_eq(v.kvm_errno, 0);
		ck_assert_uint_eq(v.warnings, 0);
		ck_assert(s.has_vmcs12 == (b >= L1));
		ck_assert(s.guest_mode == (b == L2));
	}
	ck_assert_uint_eq(s.vmxon_pa, VMXON_PA);
	ck_assert_uint_eq(s.vmcs12_pa, VMCS12_PA);
	ck_assert_uint_eq(s.vmcs12.revision_id, 0x11e57ed0u);
	ck_assert_uint_eq(s.vmcs12.field[NVMX_IDX_HOST_RIP],
			  st.v.field[NVMX_IDX_HOST_RIP]);
}
END_TEST

struct rule_case {
	const char *what;
	enum base base;
	void (*mutate)(struct tblob *t);
	bool in_smm, evmcs_enabled, no_vmx;
	enum nvmx_kvm_rule rule;
};

#define H(t) (&(t)->u.h)
static void m_short(struct tblob *t) { t->len = 127; }
static void m_size_beyond(struct tblob *t) { H(t)->size = (uint32_t)t->len + 1; }
static void m_size_small(struct tblob *t) { H(t)->size = 127; }
static void m_flags_unknown(struct tblob *t) { H(t)->flags |= 0x10; }
static void m_run_pending(struct tblob *t) { H(t)->flags = KVM_STATE_NESTED_RUN_PENDING; }
static void m_format(struct tblob *t) { H(t)->format = KVM_STATE_NESTED_FORMAT_SVM; }
static void m_smm_vmxon(struct tblob *t) { H(t)->hdr.vmx.smm.flags = KVM_STATE_NESTED_SMM_VMXON; }
static void m_vmcs12_pa(struct tblob *t) { H(t)->hdr.vmx.vmcs12_pa = VMCS12_PA; }
static void m_guest_flag(struct tblob *t) { H(t)->flags = KVM_STATE_NESTED_GUEST_MODE; }
static void m_vmxon_unaligned(struct tblob *t) { H(t)->hdr.vmx.vmxon_pa = VMXON_PA + 0x10; }
static void m_vmxon_high(struct tblob *t) { H(t)->hdr.vmx.vmxon_pa = 1ull << 52; }
static void m_smm_guest(struct tblob *t) { H(t)->hdr.vmx.smm.flags = KVM_STATE_NESTED_SMM_GUEST_MODE; }
static void m_smm_unknown(struct tblob *t) { H(t)->hdr.vmx.smm.flags = 4; }
static void m_vmx_flags(struct tblob *t) { H(t)->hdr.vmx.flags = 2; }
static void m_evmcs(struct tblob *t) { H(t)->flags |= KVM_STATE_NESTED_EVMCS; }
static void m_pa_is_vmxon(struct tblob *t) { H(t)->hdr.vmx.vmcs12_pa = VMXON_PA; }
static void m_pa_unaligned(struct tblob *t) { H(t)->hdr.vmx.vmcs12_pa = VMCS12_PA | 8; }
static void m_no_pa(struct tblob *t) { H(t)->hdr.vmx.vmcs12_pa = ~0ull; }
static void m_revision(struct tblob *t) { t->u.b[HDR] ^= 1; }
static void m_shadow_cut(struct tblob *t) { H(t)->size = HDR + PAGE; }
static void m_shadow_rev(struct tblob *t) { t->u.b[HDR + PAGE] ^= 1; }
static void m_shadow_bit(struct tblob *t) { t->u.b[HDR + PAGE + 3] &= 0x7f; }
static void m_rflags(struct tblob *t)
{
	/* RFLAGS bit 1 must be 1 (SDM 27.3.1.4): guest RFLAGS at 552 */
	t->u.b[HDR + 552] = 0;
}

static const struct rule_case cases[] = {
	{ "buffer < 128", OFF, m_short, 0, 0, 0, NVMX_KVM_RULE_BLOB_TOO_SHORT },
	{ "size > buffer", L1, m_size_beyond, 0, 0, 0, NVMX_KVM_RULE_SIZE_BEYOND_BUFFER },
	{ "size < 128", OFF, m_size_small, 0, 0, 0, NVMX_KVM_RULE_SIZE_BELOW_HEADER },
	{ "flag 0x10", L1, m_flags_unknown, 0, 0, 0, NVMX_KVM_RULE_FLAGS_UNKNOWN },
	{ "run pending", L1, m_run_pending, 0, 0, 0, NVMX_KVM_RULE_RUN_PENDING_NOT_GUEST },
	{ "format svm", L1, m_format, 0, 0, 0, NVMX_KVM_RULE_FORMAT_NOT_VMX },
	{ "off + smm", OFF, m_smm_vmxon, 0, 0, 0, NVMX_KVM_RULE_NO_VMXON_SMM_FLAGS },
	{ "off + vmcs12", OFF, m_vmcs12_pa, 0, 0, 0, NVMX_KVM_RULE_NO_VMXON_VMCS12_PA },
	{ "off + guest", OFF, m_guest_flag, 0, 0, 0, NVMX_KVM_RULE_NO_VMXON_FLAGS },
	{ "no vmx", L1, NULL, 0, 0, 1, NVMX_KVM_RULE_VMX_NOT_ALLOWED },
	{ "vmxon unaligned", L1, m_vmxon_unaligned, 0, 0, 0, NVMX_KVM_RULE_VMXON_PA_INVALID },
	{ "vmxon > maxphy", L1, m_vmxon_high, 0, 0, 0, NVMX_KVM_RULE_VMXON_PA_INVALID },
	{ "smm guest + guest", L2, m_smm_guest, 0, 0, 0, NVMX_KVM_RULE_SMM_GUEST_MODE_AND_GUEST_MODE },
	{ "smm flag 4", L1, m_smm_unknown, 1, 0, 0, NVMX_KVM_RULE_SMM_FLAGS_UNKNOWN },
	{ "vmx flag 2", L1, m_vmx_flags, 0, 0, 0, NVMX_KVM_RULE_VMX_FLAGS_UNKNOWN },
	{ "guest in smm", L2, NULL, 1, 0, 0, NVMX_KVM_RULE_IN_SMM_GUEST_MODE },
	{ "smm flags, no smm", L1, m_smm_vmxon, 0, 0, 0, NVMX_KVM_RULE_SMM_FLAGS_OUTSIDE_SMM },
	{ "smm guest only", L1, m_smm_guest, 1, 0, 0, NVMX_KVM_RULE_SMM_GUEST_MODE_WITHOUT_VMXON },
	{ "evmcs off", L1, m_evmcs, 0, 0, 0, NVMX_KVM_RULE_EVMCS_NOT_ENABLED },
	{ "vmcs12_pa, no page", VMXON, m_vmcs12_pa, 0, 0, 0, NVMX_KVM_RULE_NO_VMCS12_BUT_STATE },
	{ "guest, no page", VMXON, m_guest_flag, 0, 0, 0, NVMX_KVM_RULE_NO_VMCS12_BUT_STATE },
	{ "vmcs12_pa == vmxon_pa", L1, m_pa_is_vmxon, 0, 0, 0, NVMX_KVM_RULE_VMCS12_PA_IS_VMXON },
	{ "vmcs12_pa unaligned", L1, m_pa_unaligned, 0, 0, 0, NVMX_KVM_RULE_VMCS12_PA_INVALID },
	{ "page, no vmcs12_pa", L1, m_no_pa, 0, 0, 0, NVMX_KVM_RULE_NO_CURRENT_VMCS },
	{ "revision", L1, m_revision, 0, 0, 0, NVMX_KVM_RULE_VMCS12_REVISION },
	{ "shadow cut", L2_SHADOW, m_shadow_cut, 0, 0, 0, NVMX_KVM_RULE_SHADOW_VMCS12_MISSING },
	{ "shadow revision", L2_SHADOW, m_shadow_rev, 0, 0, 0, NVMX_KVM_RULE_SHADOW_VMCS12_REVISION },
	{ "shadow bit 31", L2_SHADOW, m_shadow_bit, 0, 0, 0, NVMX_KVM_RULE_SHADOW_VMCS12_NOT_SHADOW },
	{ "rflags bit 1", L2, m_rflags, 0, 0, 0, NVMX_KVM_RULE_ENTRY_CHECK },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

static void run_case(const struct rule_case *c, struct nvmx_kvm_verdict *v)
{
	static struct tblob t;
	static struct nvmx_kvm_state s;
	struct nvmx_kvm_import_env env;
	struct nvmx_model m;

	mk(&t, c->base);
	if (c->mutate)
		c->mutate(&t);
	m = st.m;
	if (c->no_vmx)
		ck_assert_int_eq(nvmx_model_set_cpu(&m, m.cpu & ~NVMX_CPU_VMX), 0);
	env_init(&env);
	env.in_smm = c->in_smm;
	env.evmcs_enabled = c->evmcs_enabled;
	ck_assert_msg(import(&m, &t, &env, &s, v) == 1, "%s: accepted", c->what);
}

START_TEST(test_rule)
{
	const struct rule_case *c = &cases[_i];
	struct nvmx_kvm_verdict v;
	int want_errno = c->rule <= NVMX_KVM_RULE_SIZE_BEYOND_BUFFER ? -EFAULT
								     : -EINVAL;

	run_case(c, &v);
	ck_assert_msg(v.rule == c->rule, "%s: rule %s, want %s", c->what,
		      nvmx_kvm_rule_name(v.rule), nvmx_kvm_rule_name(c->rule));
	ck_assert_int_eq(v.kvm_errno, want_errno);
	ck_assert_str_eq(v.message, nvmx_kvm_rule_message(c->rule));
}
END_TEST

/* Every rule of kvm_rules.def has a case above. */
START_TEST(test_every_rule_covered)
{
	for (int r = 1; r < NVMX_KVM_RULE_COUNT; r++) {
		bool found = false;

		for (size_t i = 0; i < NCASES; i++)
			found |= cases[i].rule == (enum nvmx_kvm_rule)r;
		ck_assert_msg(found, "no case for %s",
			      nvmx_kvm_rule_name((enum nvmx_kvm_rule)r));
	}
	ck_assert_str_eq(nvmx_kvm_rule_name(NVMX_KVM_RULE_VMXON_PA_INVALID),
			 "VMXON_PA_INVALID");
	ck_assert_ptr_null(nvmx_kvm_rule_name(NVMX_KVM_RULE_COUNT));
	ck_assert_ptr_null(nvmx_kvm_rule_message((enum nvmx_kvm_rule)-1));
}
END_TEST

/* The entry-check refusal carries the same first failure as the checker. */
START_TEST(test_entry_check_detail)
{
	struct nvmx_kvm_verdict v;
	struct nvmx_check_failure f;

	run_case(&cases[NCASES - 1], &v);
	eb_state_64(&st, NVMX_PRESET_MAX);
	st.v.field[NVMX_IDX_GUEST_RFLAGS] = 0;
	ck_assert_int_eq(eb_check(&st, &f), 1);
	ck_assert_int_ne(f.id, NVMX_CHECK_NONE);
	ck_assert_int_eq(v.entry.first.id, f.id);
	ck_assert_int_eq(v.entry.first.exit_reason, f.exit_reason);
}
END_TEST

/*
 * Guest mode with VMCS shadowing: the shadow vmcs12 travels in the blob and
 * the link pointer names a VMCS in L1 memory, which L1 created with the
 * revision KVM reports in IA32_VMX_BASIC (KVM's, not the CPU's).
 */
START_TEST(test_shadow_accepted)
{
	static struct tblob t;
	static struct nvmx_kvm_state s;
	struct nvmx_kvm_import_env env;
	struct nvmx_kvm_verdict v;

	mk(&t, L2_SHADOW);
	env_init(&env);
	eb_mem_put32(&st.mem, EB_LINK_GPA, NVMX_KVM_VMCS12_REVISION | 0x80000000u);
	ck_assert_msg(import(&st.m, &t, &env, &s, &v) == 0, "refused: %s %s",
		      nvmx_kvm_rule_name(v.rule),
		      nvmx_check_id_name(v.entry.first.id));
	ck_assert(s.has_shadow_vmcs12);
	ck_assert_uint_eq(s.shadow_vmcs12.revision_id, 0x80000000u | 0x11e57ed0u);
	/* the CPU's revision in L1 memory is wrong for a KVM guest */
	eb_mem_put32(&st.mem, EB_LINK_GPA,
		     (uint32_t)(nvmx_model_get_msr(&st.m, NVMX_MSR_VMX_BASIC) &
				0x7fffffff) | 0x80000000u);
	ck_assert_int_eq(import(&st.m, &t, &env, &s, &v), 1);
	ck_assert_int_eq(v.rule, NVMX_KVM_RULE_ENTRY_CHECK);
}
END_TEST

/* KVM compares sizes with its struct (998 bytes), not with the 4 KiB page. */
START_TEST(test_size_boundaries)
{
	static struct tblob t;
	struct nvmx_kvm_import_env env;
	struct nvmx_kvm_verdict v;

	env_init(&env);
	mk(&t, L1);
	H(&t)->size = HDR + 997;
	ck_assert_int_eq(import(&st.m, &t, &env, NULL, &v), 1);
	ck_assert_int_eq(v.rule, NVMX_KVM_RULE_NO_VMCS12_BUT_STATE);
	H(&t)->size = HDR + 998;
	ck_assert_int_eq(import(&st.m, &t, &env, NULL, &v), 0);
	/* the same 997 bytes without a current VMCS: empty VMXON state */
	H(&t)->size = HDR + 997;
	H(&t)->hdr.vmx.vmcs12_pa = ~0ull;
	ck_assert_int_eq(import(&st.m, &t, &env, NULL, &v), 0);

	mk(&t, L2_SHADOW);
	t.u.b[HDR + 552] = 0; /* fails the entry checks after the shadow rules */
	H(&t)->size = HDR + PAGE + 997;
	ck_assert_int_eq(import(&st.m, &t, &env, NULL, &v), 1);
	ck_assert_int_eq(v.rule, NVMX_KVM_RULE_SHADOW_VMCS12_MISSING);
	H(&t)->size = HDR + PAGE + 998;
	ck_assert_int_eq(import(&st.m, &t, &env, NULL, &v), 1);
	ck_assert_int_eq(v.rule, NVMX_KVM_RULE_ENTRY_CHECK);
	/* MAXPHYADDR bounds the pointers: the highest valid page and one past */
	mk(&t, L1);
	H(&t)->hdr.vmx.vmcs12_pa = (1ull << st.m.maxphyaddr) - PAGE;
	ck_assert_int_eq(import(&st.m, &t, &env, NULL, &v), 0);
	H(&t)->hdr.vmx.vmcs12_pa = 1ull << st.m.maxphyaddr;
	ck_assert_int_eq(import(&st.m, &t, &env, NULL, &v), 1);
	ck_assert_int_eq(v.rule, NVMX_KVM_RULE_VMCS12_PA_INVALID);
}
END_TEST

START_TEST(test_warnings)
{
	static struct tblob t;
	struct nvmx_kvm_import_env env;
	struct nvmx_kvm_verdict v;

	env_init(&env);
	mk(&t, L1);
	H(&t)->flags = KVM_STATE_NESTED_MTF_PENDING | KVM_STATE_NESTED_GIF_SET;
	H(&t)->hdr.vmx.flags = KVM_STATE_VMX_PREEMPTION_TIMER_DEADLINE;
	ck_assert_int_eq(import(&st.m, &t, &env, NULL, &v), 0);
	ck_assert_uint_eq(v.warnings, NVMX_KVM_WARN_MTF_NOT_GUEST |
					      NVMX_KVM_WARN_GIF_SET_VMX |
					      NVMX_KVM_WARN_DEADLINE_NOT_GUEST);
	mk(&t, L2);
	H(&t)->hdr.vmx.flags = KVM_STATE_VMX_PREEMPTION_TIMER_DEADLINE;
	ck_assert_int_eq(import(&st.m, &t, &env, NULL, &v), 0);
	ck_assert_uint_eq(v.warnings, NVMX_KVM_WARN_DEADLINE_NO_TIMER);
	/* EVMCS without VMXON: accepted only where eVMCS is enabled */
	mk(&t, OFF);
	H(&t)->flags = KVM_STATE_NESTED_EVMCS;
	ck_assert_int_eq(import(&st.m, &t, &env, NULL, &v), 1);
	ck_assert_int_eq(v.rule, NVMX_KVM_RULE_EVMCS_NOT_ENABLED);
	env.evmcs_enabled = true;
	ck_assert_int_eq(import(&st.m, &t, &env, NULL, &v), 0);
	ck_assert_uint_eq(v.warnings, NVMX_KVM_WARN_EVMCS_NO_VMXON);
}
END_TEST

/* The preemption-timer deadline travels only with guest mode and a vmcs12
 * that activates the timer; it round-trips then. */
START_TEST(test_deadline_round_trip)
{
	static struct tblob t, out;
	static struct nvmx_kvm_state s;
	struct nvmx_kvm_import_env env;
	struct nvmx_kvm_verdict v;
	struct nvmx_vmcs12 vm;
	size_t n;

	mk(&t, L2);
	vm = st.v;
	vm.field[NVMX_IDX_PIN_BASED_VM_EXEC_CONTROL] |=
		NVMX_CTL_MASK(PIN_PREEMPTION_TIMER);
	put_page(t.u.b + HDR, &vm, NVMX_KVM_VMCS12_REVISION);
	H(&t)->hdr.vmx.flags = KVM_STATE_VMX_PREEMPTION_TIMER_DEADLINE;
	H(&t)->hdr.vmx.preemption_timer_deadline = 0x123456789abcull;
	env_init(&env);
	ck_assert_int_eq(import(&st.m, &t, &env, &s, &v), 0);
	ck_assert_uint_eq(v.warnings, 0);
	ck_assert(s.has_preemption_deadline);
	ck_assert_uint_eq(s.preemption_timer_deadline, 0x123456789abcull);
	ck_assert_int_eq(nvmx_kvm_nested_state_export(&st.m, &s, &env, out.u.b,
						      sizeof(out.u.b), &n, &v), 0);
	ck_assert_uint_eq(n, t.len);
	ck_assert_int_eq(memcmp(t.u.b, out.u.b, n), 0);
	/* without guest mode KVM would not report it: export drops it */
	s.guest_mode = false;
	ck_assert_int_eq(nvmx_kvm_nested_state_export(&st.m, &s, &env, out.u.b,
						      sizeof(out.u.b), &n, &v), 0);
	ck_assert_uint_eq(out.u.h.hdr.vmx.flags, 0);
	ck_assert_uint_eq(out.u.h.hdr.vmx.preemption_timer_deadline, 0);
}
END_TEST

/* blob -> nvmx -> blob is byte-identical (header and both pages). */
START_TEST(test_round_trip)
{
	static struct tblob t, out;
	static struct nvmx_kvm_state s;
	struct nvmx_kvm_import_env env;
	struct nvmx_kvm_verdict v;
	size_t n;

	for (int b = OFF; b <= L2_SHADOW; b++) {
		mk(&t, (enum base)b);
		if (b == L2) {
			H(&t)->flags |= KVM_STATE_NESTED_RUN_PENDING |
					KVM_STATE_NESTED_MTF_PENDING;
		}
		env_init(&env);
		ck_assert_int_ge(import(&st.m, &t, &env, &s, &v), 0);
		memset(&out, 0xa5, sizeof(out));
		memset(&v, 0, sizeof(v));
		v.sz = sizeof(v);
		ck_assert_int_ge(nvmx_kvm_nested_state_export(&st.m, &s, &env,
							      out.u.b, sizeof(out.u.b),
							      &n, &v), 0);
		ck_assert_uint_eq(n, t.len);
		ck_assert_uint_eq(nvmx_kvm_nested_state_size(&s), t.len);
		ck_assert_msg(!memcmp(t.u.b, out.u.b, n), "base %d differs", b);
	}
}
END_TEST

START_TEST(test_export)
{
	static struct nvmx_kvm_state s;
	static uint8_t buf[HDR + 2 * PAGE];
	struct nvmx_kvm_verdict v = { .sz = sizeof(v) };
	struct kvm_nested_state h;
	size_t n = 0;

	eb_state_64(&st, NVMX_PRESET_MAX);
	memset(&s, 0, sizeof(s));
	s.vmxon_pa = VMXON_PA;
	s.vmcs12_pa = VMCS12_PA;
	s.guest_mode = true;
	s.run_pending = true;
	s.vmcs12 = st.v; /* the model's revision: export stamps KVM's */
	ck_assert_int_eq(nvmx_kvm_nested_state_export(&st.m, &s, NULL, buf, 100,
						      &n, &v), NVMX_ENOSPC);
	ck_assert_uint_eq(n, HDR + PAGE);
	/* no memory callback: still accepted (the baseline reads nothing) */
	ck_assert_int_eq(nvmx_kvm_nested_state_export(&st.m, &s, NULL, buf,
						      sizeof(buf), &n, &v), 0);
	memcpy(&h, buf, sizeof(h));
	ck_assert_uint_eq(h.size, HDR + PAGE);
	ck_assert_uint_eq(h.flags, KVM_STATE_NESTED_GUEST_MODE |
					   KVM_STATE_NESTED_RUN_PENDING);
	ck_assert_uint_eq(h.format, KVM_STATE_NESTED_FORMAT_VMX);
	ck_assert_uint_eq(buf[HDR + 0], 0xd0);
	ck_assert_uint_eq(buf[HDR + 3], 0x11);
	/* the VMX-off state: header only, every PA -1 */
	s.vmxon_pa = ~0ull;
	ck_assert_int_eq(nvmx_kvm_nested_state_export(&st.m, &s, NULL, buf,
						      sizeof(buf), &n, &v), 0);
	memcpy(&h, buf, sizeof(h));
	ck_assert_uint_eq(n, HDR);
	ck_assert_uint_eq(h.flags, 0);
	ck_assert_uint_eq(h.hdr.vmx.vmcs12_pa, ~0ull);
	/* a refused state is still written, with the verdict */
	s.vmxon_pa = VMXON_PA;
	s.vmcs12.field[NVMX_IDX_GUEST_RFLAGS] = 0;
	ck_assert_int_eq(nvmx_kvm_nested_state_export(&st.m, &s, NULL, buf,
						      sizeof(buf), &n, &v), 1);
	ck_assert_int_eq(v.rule, NVMX_KVM_RULE_ENTRY_CHECK);
}
END_TEST

START_TEST(test_misuse)
{
	static struct tblob t;
	struct nvmx_kvm_verdict v = { .sz = sizeof(v) };
	struct nvmx_kvm_import_env env = { .sz = 1 };

	mk(&t, OFF);
	ck_assert_int_eq(nvmx_kvm_nested_state_import(NULL, t.u.b, t.len, NULL, NULL, &v), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_kvm_nested_state_import(&st.m, NULL, t.len, NULL, NULL, &v), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_kvm_nested_state_import(&st.m, t.u.b, t.len, NULL, NULL, NULL), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_kvm_nested_state_import(&st.m, t.u.b, t.len, &env, NULL, &v), NVMX_EINVAL);
	v.sz = 4;
	ck_assert_int_eq(nvmx_kvm_nested_state_import(&st.m, t.u.b, t.len, NULL, NULL, &v), NVMX_EINVAL);
}
END_TEST

/*
 * Every value of kvm_nested_state.flags on a valid VMXON + vmcs12 state,
 * against KVM's rules written out independently: unknown bits, then
 * RUN_PENDING without GUEST_MODE, then EVMCS without eVMCS support.
 */
START_TEST(test_exhaustive_flags)
{
	static struct tblob t;
	struct nvmx_kvm_import_env env;
	struct nvmx_kvm_verdict v;
	const uint32_t known = 0x1 | 0x2 | 0x4 | 0x8 | 0x100;

	env_init(&env);
	mk(&t, L1);
	for (uint32_t f = 0; f <= 0xffff; f++) {
		enum nvmx_kvm_rule want = NVMX_KVM_RULE_NONE;
		unsigned int warn = 0;
		int rc;

		if (f & ~known)
			want = NVMX_KVM_RULE_FLAGS_UNKNOWN;
		else if ((f & 2) && !(f & 1))
			want = NVMX_KVM_RULE_RUN_PENDING_NOT_GUEST;
		else if (f & 4)
			want = NVMX_KVM_RULE_EVMCS_NOT_ENABLED;
		else
			warn = ((f & 8) && !(f & 1) ? NVMX_KVM_WARN_MTF_NOT_GUEST : 0) |
			       (f & 0x100 ? NVMX_KVM_WARN_GIF_SET_VMX : 0);
		H(&t)->flags = (uint16_t)f;
		rc = import(&st.m, &t, &env, NULL, &v);
		if (rc != (want != NVMX_KVM_RULE_NONE) || v.rule != want ||
		    (rc == 0 && v.warnings != warn))
			ck_abort_msg("flags %#x: rc %d rule %s warnings %#x", f, rc,
				     nvmx_kvm_rule_name(v.rule), v.warnings);
	}
}
END_TEST

/* Every value of hdr.vmx.smm.flags, in and outside SMM, with and without
 * guest mode. */
START_TEST(test_exhaustive_smm_flags)
{
	static struct tblob t;
	struct nvmx_kvm_import_env env;
	struct nvmx_kvm_verdict v;

	for (int guest = 0; guest <= 1; guest++) {
		mk(&t, guest ? L2 : L1);
		for (int smm = 0; smm <= 1; smm++) {
			env_init(&env);
			env.in_smm = smm;
			for (uint32_t f = 0; f <= 0xffff; f++) {
				enum nvmx_kvm_rule want = NVMX_KVM_RULE_NONE;
				int rc;

				if ((f & 1) && guest)
					want = NVMX_KVM_RULE_SMM_GUEST_MODE_AND_GUEST_MODE;
				else if (f & ~3u)
					want = NVMX_KVM_RULE_SMM_FLAGS_UNKNOWN;
				else if (smm && guest)
					want = NVMX_KVM_RULE_IN_SMM_GUEST_MODE;
				else if (!smm && f)
					want = NVMX_KVM_RULE_SMM_FLAGS_OUTSIDE_SMM;
				else if ((f & 1) && !(f & 2))
					want = NVMX_KVM_RULE_SMM_GUEST_MODE_WITHOUT_VMXON;
				H(&t)->hdr.vmx.smm.flags = (uint16_t)f;
				rc = import(&st.m, &t, &env, NULL, &v);
				if (rc != (want != NVMX_KVM_RULE_NONE) || v.rule != want)
					ck_abort_msg("guest %d smm %d flags %#x: %s, want %s",
						     guest, smm, f,
						     nvmx_kvm_rule_name(v.rule),
						     nvmx_kvm_rule_name(want));
			}
		}
	}
}
END_TEST

/* hdr.vmx.flags: 0, the deadline bit, and every other single bit. */
START_TEST(test_vmx_flag_bits)
{
	static struct tblob t;
	struct nvmx_kvm_import_env env;
	struct nvmx_kvm_verdict v;

	env_init(&env);
	mk(&t, L1);
	for (int b = -1; b < 32; b++) {
		H(&t)->hdr.vmx.flags = b < 0 ? 0 : 1u << b;
		ck_assert_int_eq(import(&st.m, &t, &env, NULL, &v), b > 0);
		ck_assert_int_eq(v.rule, b > 0 ? NVMX_KVM_RULE_VMX_FLAGS_UNKNOWN
					     : NVMX_KVM_RULE_NONE);
	}
}
END_TEST

static Suite *make_kvm_nested(void)
{
	Suite *s = suite_create("kvm_nested");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_baseline_passes);
	tcase_add_test(tc, test_valid_bases);
	tcase_add_loop_test(tc, test_rule, 0, (int)NCASES);
	tcase_add_test(tc, test_every_rule_covered);
	tcase_add_test(tc, test_entry_check_detail);
	tcase_add_test(tc, test_shadow_accepted);
	tcase_add_test(tc, test_size_boundaries);
	tcase_add_test(tc, test_warnings);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_deadline_round_trip);
	tcase_add_test(tc, test_export);
	tcase_add_test(tc, test_misuse);
	tcase_add_test(tc, test_exhaustive_flags);
	tcase_add_test(tc, test_exhaustive_smm_flags);
	tcase_add_test(tc, test_vmx_flag_bits);
	suite_add_tcase(s, tc);
	return s;
}

NVMX_TEST_SUITE(make_kvm_nested);
