// SPDX-License-Identifier: MIT
/*
 * kvm_nested.c - KVM_SET_NESTED_STATE acceptance (VMX format) and the
 * KVM_GET_NESTED_STATE form of a state.
 *
 * The import walks KVM's checks in KVM's order so that the first refusal
 * is the one the ioctl would report; each refusal is one row of
 * kvm_rules.def. Layout facts come from the real UAPI <linux/kvm.h>.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "fields/fields_internal.h"
#include "kvm_internal.h"

/* The header KVM copies first is the whole struct without its data. */
#define KVM_HDR_SIZE sizeof(struct kvm_nested_state)
_Static_assert(sizeof(struct kvm_nested_state) == 128,
	       "KVM UAPI: 128-byte kvm_nested_state header");
_Static_assert(offsetof(struct kvm_nested_state, data) == 128,
	       "KVM UAPI: data follows the header");
_Static_assert(sizeof(struct kvm_vmx_nested_state_data) ==
		       2 * NVMX_KVM_VMCS12_PAGE_SIZE,
	       "KVM UAPI: vmcs12 and shadow vmcs12 pages");

#define KVM_VMCS12_AT KVM_HDR_SIZE
#define KVM_SHADOW_AT (KVM_HDR_SIZE + NVMX_KVM_VMCS12_PAGE_SIZE)
#define KVM_FULL_SIZE (KVM_HDR_SIZE + 2 * NVMX_KVM_VMCS12_PAGE_SIZE)

#define KVM_ALLOWED_FLAGS                                                      \
	(KVM_STATE_NESTED_RUN_PENDING | KVM_STATE_NESTED_GUEST_MODE |          \
	 KVM_STATE_NESTED_EVMCS | KVM_STATE_NESTED_MTF_PENDING |               \
	 KVM_STATE_NESTED_GIF_SET)
#define KVM_SMM_FLAGS                                                          \
	(KVM_STATE_NESTED_SMM_GUEST_MODE | KVM_STATE_NESTED_SMM_VMXON)
#define NO_PA (~0ull)

static const struct {
	const char *name, *where, *msg;
	int err;
} rules[NVMX_KVM_RULE_COUNT] = {
	[NVMX_KVM_RULE_NONE] = { "NONE", "", "accepted", 0 },
#define NVMX_KVM_RULE(id, e, w, m) [NVMX_KVM_RULE_##id] = { #id, w, m, e },
#include "kvm_rules.def"
#undef NVMX_KVM_RULE
};

const char *nvmx_kvm_rule_name(enum nvmx_kvm_rule r)
{
	if ((unsigned int)r >= NVMX_KVM_RULE_COUNT)
		return NULL;
	return rules[nvmx_clamp_index((unsigned int)r, NVMX_KVM_RULE_COUNT)].name;
}

const char *nvmx_kvm_rule_where(enum nvmx_kvm_rule r)
{
	if ((unsigned int)r >= NVMX_KVM_RULE_COUNT)
		return NULL;
	return rules[nvmx_clamp_index((unsigned int)r, NVMX_KVM_RULE_COUNT)].where;
}

const char *nvmx_kvm_rule_message(enum nvmx_kvm_rule r)
{
	if ((unsigned int)r >= NVMX_KVM_RULE_COUNT)
		return NULL;
	return rules[nvmx_clamp_index((unsigned int)r, NVMX_KVM_RULE_COUNT)].msg;
}

/* Returns 1: the refusal. */
static int refuse(struct nvmx_kvm_verdict *v, enum nvmx_kvm_rule r)
{
	v->rule = r;
	v->kvm_errno = -rules[r].err;
	v->where = rules[r].where;
	v->message = rules[r].msg;
	return 1;
}

/*
 * KVM's page_address_valid(): 4-KiB aligned and no bit at or above the
 * guest's MAXPHYADDR, the VMXON/VMPTRLD operand rule of SDM 31.3.
 */
static bool page_address_valid(const struct nvmx_model *m, uint64_t pa)
{
	return !(pa & 0xfffull) && !(pa >> m->maxphyaddr);
}

/* nested_cpu_has_shadow_vmcs(): secondary controls active and VMCS
 * shadowing set (SDM 25.6.2). */
static bool uses_shadow_vmcs(const struct nvmx_vmcs12 *v)
{
	return (v->field[NVMX_IDX_CPU_BASED_VM_EXEC_CONTROL] &
		NVMX_CTL_MASK(PROC_ACTIVATE_SECONDARY)) &&
	       (v->field[NVMX_IDX_SECONDARY_VM_EXEC_CONTROL] &
		NVMX_CTL_MASK(PROC2_VMCS_SHADOWING));
}

static bool has_preemption_timer(const struct nvmx_vmcs12 *v)
{
	return v->field[NVMX_IDX_PIN_BASED_VM_EXEC_CONTROL] &
	       NVMX_CTL_MASK(PIN_PREEMPTION_TIMER);
}

static void verdict_reset(struct nvmx_kvm_verdict *v)
{
	size_t sz = v->sz;

	memset(v, 0, sizeof(*v));
	v->sz = sz;
	v->where = rules[NVMX_KVM_RULE_NONE].where;
	v->message = rules[NVMX_KVM_RULE_NONE].msg;
	v->entry.sz = sizeof(v->entry);
}

/* The VM-entry checks KVM runs on a guest-mode vmcs12. */
static int entry_checks(const struct nvmx_model *m, const struct nvmx_vmcs12 *v,
			const struct nvmx_kvm_import_env *ienv,
			uint64_t vmcs12_pa, struct nvmx_entry_result *res)
{
	struct nvmx_entry_env env;
	struct nvmx_model km = *m;
	uint64_t basic = nvmx_model_get_msr(m, NVMX_MSR_VMX_BASIC);

	/*
	 * KVM reports its own revision identifier to L1 in IA32_VMX_BASIC
	 * bits 30:0, so a VMCS that L1 created (the one the link pointer
	 * names) carries KVM's revision, not the CPU's (SDM 27.3.1.5).
	 */
	nvmx_model_set_msr(&km, NVMX_MSR_VMX_BASIC,
			   (basic & ~NVMX_BASIC_REVISION_MASK) |
				   NVMX_KVM_VMCS12_REVISION);
	memset(&env, 0, sizeof(env));
	env.sz = sizeof(env);
	/*
	 * The state describes L2 already entered (or an entry in flight), so
	 * the instruction-level preconditions held: L1 ran VMLAUNCH on a clear
	 * VMCS or VMRESUME on a launched one, at CPL 0, outside SMM. L1's own
	 * mode is the one the exit returns to: IA-32e iff "host address-space
	 * size" is set (SDM 27.2.4 requires exactly that).
	 */
	env.launch = v->launch_state == NVMX_LAUNCH_CLEAR;
	env.in_vmx_operation = true;
	env.host_ia32e = v->field[NVMX_IDX_VM_EXIT_CONTROLS] &
			 NVMX_CTL_MASK(EXIT_HOST_ADDR_SPACE_SIZE);
	if (ienv) {
		env.read_gpa = ienv->read_gpa;
		env.opaque = ienv->opaque;
	}
	if (vmcs12_pa != NO_PA) {
		env.vmptr_known = true;
		env.current_vmptr = vmcs12_pa;
		env.executive_vmptr = vmcs12_pa;
	}
	memset(res, 0, sizeof(*res));
	res->sz = sizeof(*res);
	return nvmx_check_vmentry(&km, v, &env, res);
}

int nvmx_kvm_nested_state_import(const struct nvmx_model *m, const void *blob,
				 size_t len,
				 const struct nvmx_kvm_import_env *env,
				 struct nvmx_kvm_state *out,
				 struct nvmx_kvm_verdict *v)
{
	struct kvm_nested_state h;
	const struct kvm_vmx_nested_state_hdr *x = &h.hdr.vmx;
	const uint8_t *b = blob;
	bool in_smm, evmcs_enabled, guest, run_pending;
	struct nvmx_kvm_state *s = out;
	static const struct nvmx_kvm_import_env no_env = { .sz = sizeof(no_env) };
	int ret;

	if (!m || !blob || !v || v->sz < sizeof(*v))
		return NVMX_EINVAL;
	if (env && env->sz < sizeof(*env))
		return NVMX_EINVAL;
	if (!env)
		env = &no_env;
	verdict_reset(v);
	if (s) {
		memset(s, 0, sizeof(*s));
		s->vmxon_pa = NO_PA;
		s->vmcs12_pa = NO_PA;
	}

	if (len < KVM_HDR_SIZE)
		return refuse(v, NVMX_KVM_RULE_BLOB_TOO_SHORT);
	memcpy(&h, b, sizeof(h));

	if (s) {
		s->vmxon_pa = x->vmxon_pa;
		s->vmcs12_pa = x->vmcs12_pa;
		s->guest_mode = h.flags & KVM_STATE_NESTED_GUEST_MODE;
		s->run_pending = h.flags & KVM_STATE_NESTED_RUN_PENDING;
		s->mtf_pending = h.flags & KVM_STATE_NESTED_MTF_PENDING;
		s->evmcs = h.flags & KVM_STATE_NESTED_EVMCS;
		s->gif_set = h.flags & KVM_STATE_NESTED_GIF_SET;
		s->smm_vmxon = x->smm.flags & KVM_STATE_NESTED_SMM_VMXON;
		s->smm_guest_mode = x->smm.flags & KVM_STATE_NESTED_SMM_GUEST_MODE;
		s->has_preemption_deadline =
			x->flags & KVM_STATE_VMX_PREEMPTION_TIMER_DEADLINE;
		s->preemption_timer_deadline = x->preemption_timer_deadline;
	}

	/* Generic ioctl checks (x86.c). */
	if (h.size < KVM_HDR_SIZE)
		return refuse(v, NVMX_KVM_RULE_SIZE_BELOW_HEADER);
	if (h.size > len)
		return refuse(v, NVMX_KVM_RULE_SIZE_BEYOND_BUFFER);
	if (h.flags & ~KVM_ALLOWED_FLAGS)
		return refuse(v, NVMX_KVM_RULE_FLAGS_UNKNOWN);
	guest = h.flags & KVM_STATE_NESTED_GUEST_MODE;
	run_pending = h.flags & KVM_STATE_NESTED_RUN_PENDING;
	if (run_pending && !guest)
		return refuse(v, NVMX_KVM_RULE_RUN_PENDING_NOT_GUEST);

	/* vmx_set_nested_state(). */
	if (h.format != KVM_STATE_NESTED_FORMAT_VMX)
		return refuse(v, NVMX_KVM_RULE_FORMAT_NOT_VMX);
	if (x->vmxon_pa == NO_PA) {
		if (x->smm.flags)
			return refuse(v, NVMX_KVM_RULE_NO_VMXON_SMM_FLAGS);
		if (x->vmcs12_pa != NO_PA)
			return refuse(v, NVMX_KVM_RULE_NO_VMXON_VMCS12_PA);
		if (h.flags & ~KVM_STATE_NESTED_EVMCS)
			return refuse(v, NVMX_KVM_RULE_NO_VMXON_FLAGS);
	} else {
		if (!(m->cpu & NVMX_CPU_VMX))
			return refuse(v, NVMX_KVM_RULE_VMX_NOT_ALLOWED);
		if (!page_address_valid(m, x->vmxon_pa))
			return refuse(v, NVMX_KVM_RULE_VMXON_PA_INVALID);
	}
	if ((x->smm.flags & KVM_STATE_NESTED_SMM_GUEST_MODE) && guest)
		return refuse(v, NVMX_KVM_RULE_SMM_GUEST_MODE_AND_GUEST_MODE);
	if (x->smm.flags & ~KVM_SMM_FLAGS)
		return refuse(v, NVMX_KVM_RULE_SMM_FLAGS_UNKNOWN);
	if (x->flags & ~KVM_STATE_VMX_PREEMPTION_TIMER_DEADLINE)
		return refuse(v, NVMX_KVM_RULE_VMX_FLAGS_UNKNOWN);
	in_smm = env->in_smm;
	if (in_smm && (guest || run_pending))
		return refuse(v, NVMX_KVM_RULE_IN_SMM_GUEST_MODE);
	if (!in_smm && x->smm.flags)
		return refuse(v, NVMX_KVM_RULE_SMM_FLAGS_OUTSIDE_SMM);
	if ((x->smm.flags & KVM_STATE_NESTED_SMM_GUEST_MODE) &&
	    !(x->smm.flags & KVM_STATE_NESTED_SMM_VMXON))
		return refuse(v, NVMX_KVM_RULE_SMM_GUEST_MODE_WITHOUT_VMXON);
	evmcs_enabled = env->evmcs_enabled && (m->cpu & NVMX_CPU_VMX);
	if ((h.flags & KVM_STATE_NESTED_EVMCS) && !evmcs_enabled)
		return refuse(v, NVMX_KVM_RULE_EVMCS_NOT_ENABLED);

	/* Accepted-but-ignored conditions (KVM_GET never produces them). */
	if ((h.flags & KVM_STATE_NESTED_MTF_PENDING) && !guest)
		v->warnings |= NVMX_KVM_WARN_MTF_NOT_GUEST;
	if (h.flags & KVM_STATE_NESTED_GIF_SET)
		v->warnings |= NVMX_KVM_WARN_GIF_SET_VMX;
	if ((x->flags & KVM_STATE_VMX_PREEMPTION_TIMER_DEADLINE) && !guest)
		v->warnings |= NVMX_KVM_WARN_DEADLINE_NOT_GUEST;

	if (x->vmxon_pa == NO_PA) {
		if (h.flags & KVM_STATE_NESTED_EVMCS)
			v->warnings |= NVMX_KVM_WARN_EVMCS_NO_VMXON;
		return 0; /* VMX off: nothing more to restore */
	}

	/* An empty VMXON state is allowed when no VMCS is loaded. */
	if (h.size < KVM_HDR_SIZE + NVMX_KVM_VMCS12_USED) {
		if (guest || (h.flags & KVM_STATE_NESTED_EVMCS) ||
		    x->vmcs12_pa != NO_PA)
			return refuse(v, NVMX_KVM_RULE_NO_VMCS12_BUT_STATE);
		return 0;
	}
	if (x->vmcs12_pa != NO_PA) {
		if (x->vmcs12_pa == x->vmxon_pa)
			return refuse(v, NVMX_KVM_RULE_VMCS12_PA_IS_VMXON);
		if (!page_address_valid(m, x->vmcs12_pa))
			return refuse(v, NVMX_KVM_RULE_VMCS12_PA_INVALID);
	} else if (!(h.flags & KVM_STATE_NESTED_EVMCS)) {
		return refuse(v, NVMX_KVM_RULE_NO_CURRENT_VMCS);
	}

	{
		struct nvmx_vmcs12 tmp;
		struct nvmx_vmcs12 *vm = s ? &s->vmcs12 : &tmp;
		size_t have = h.size - KVM_VMCS12_AT;

		if (have > NVMX_KVM_VMCS12_PAGE_SIZE)
			have = NVMX_KVM_VMCS12_PAGE_SIZE;
		nvmx_kvm_vmcs12_from_page(b + KVM_VMCS12_AT, have, vm, NULL);
		if (s)
			s->has_vmcs12 = true;
		if ((vm->revision_id & NVMX_BASIC_REVISION_MASK) !=
		    NVMX_KVM_VMCS12_REVISION)
			return refuse(v, NVMX_KVM_RULE_VMCS12_REVISION);
		if (!guest)
			return 0;

		if ((x->flags & KVM_STATE_VMX_PREEMPTION_TIMER_DEADLINE) &&
		    !has_preemption_timer(vm))
			v->warnings |= NVMX_KVM_WARN_DEADLINE_NO_TIMER;

		if (uses_shadow_vmcs(vm) &&
		    vm->field[NVMX_IDX_VMCS_LINK_POINTER] != NO_PA) {
			struct nvmx_vmcs12 stmp;
			struct nvmx_vmcs12 *sh = s ? &s->shadow_vmcs12 : &stmp;

			if (h.size < KVM_SHADOW_AT + NVMX_KVM_VMCS12_USED)
				return refuse(v,
					      NVMX_KVM_RULE_SHADOW_VMCS12_MISSING);
			have = h.size - KVM_SHADOW_AT;
			if (have > NVMX_KVM_VMCS12_PAGE_SIZE)
				have = NVMX_KVM_VMCS12_PAGE_SIZE;
			nvmx_kvm_vmcs12_from_page(b + KVM_SHADOW_AT, have, sh,
						  NULL);
			if (s)
				s->has_shadow_vmcs12 = true;
			if ((sh->revision_id & NVMX_BASIC_REVISION_MASK) !=
			    NVMX_KVM_VMCS12_REVISION)
				return refuse(v,
					      NVMX_KVM_RULE_SHADOW_VMCS12_REVISION);
			if (!(sh->revision_id & 0x80000000u))
				return refuse(v,
					      NVMX_KVM_RULE_SHADOW_VMCS12_NOT_SHADOW);
		}

		ret = entry_checks(m, vm, env, x->vmcs12_pa, &v->entry);
		if (ret < 0)
			return ret;
		if (ret)
			return refuse(v, NVMX_KVM_RULE_ENTRY_CHECK);
	}
	return 0;
}

/* vmx_has_valid_vmcs12(): a current VMCS, or an enlightened one. */
static bool export_has_vmcs12(const struct nvmx_kvm_state *s)
{
	return s->vmxon_pa != NO_PA && (s->vmcs12_pa != NO_PA || s->evmcs);
}

static bool export_has_shadow(const struct nvmx_kvm_state *s)
{
	return export_has_vmcs12(s) && s->guest_mode &&
	       uses_shadow_vmcs(&s->vmcs12) &&
	       s->vmcs12.field[NVMX_IDX_VMCS_LINK_POINTER] != NO_PA;
}

size_t nvmx_kvm_nested_state_size(const struct nvmx_kvm_state *s)
{
	size_t n = KVM_HDR_SIZE;

	if (!s)
		return 0;
	if (export_has_vmcs12(s))
		n += NVMX_KVM_VMCS12_PAGE_SIZE;
	if (export_has_shadow(s))
		n += NVMX_KVM_VMCS12_PAGE_SIZE;
	return n;
}

int nvmx_kvm_nested_state_export(const struct nvmx_model *m,
				 const struct nvmx_kvm_state *s,
				 const struct nvmx_kvm_import_env *env,
				 void *blob, size_t cap, size_t *len_out,
				 struct nvmx_kvm_verdict *v)
{
	struct kvm_nested_state h;
	struct nvmx_kvm_verdict local;
	struct nvmx_vmcs12 page12;
	uint8_t *b = blob;
	size_t n;

	if (!m || !s || !blob)
		return NVMX_EINVAL;
	if (v && v->sz < sizeof(*v))
		return NVMX_EINVAL;
	n = nvmx_kvm_nested_state_size(s);
	if (len_out)
		*len_out = n;
	if (cap < n)
		return NVMX_ENOSPC;

	memset(&h, 0, sizeof(h));
	h.format = KVM_STATE_NESTED_FORMAT_VMX;
	h.size = (uint32_t)n;
	h.hdr.vmx.vmxon_pa = NO_PA;
	h.hdr.vmx.vmcs12_pa = NO_PA;
	if (s->vmxon_pa != NO_PA) {
		h.hdr.vmx.vmxon_pa = s->vmxon_pa;
		h.hdr.vmx.vmcs12_pa = s->vmcs12_pa;
		if (export_has_vmcs12(s) && s->evmcs)
			h.flags |= KVM_STATE_NESTED_EVMCS;
		if (s->smm_vmxon)
			h.hdr.vmx.smm.flags |= KVM_STATE_NESTED_SMM_VMXON;
		if (s->smm_guest_mode)
			h.hdr.vmx.smm.flags |= KVM_STATE_NESTED_SMM_GUEST_MODE;
		if (s->guest_mode) {
			h.flags |= KVM_STATE_NESTED_GUEST_MODE;
			if (s->run_pending)
				h.flags |= KVM_STATE_NESTED_RUN_PENDING;
			if (s->mtf_pending)
				h.flags |= KVM_STATE_NESTED_MTF_PENDING;
			if (has_preemption_timer(&s->vmcs12) &&
			    s->has_preemption_deadline) {
				h.hdr.vmx.flags |=
					KVM_STATE_VMX_PREEMPTION_TIMER_DEADLINE;
				h.hdr.vmx.preemption_timer_deadline =
					s->preemption_timer_deadline;
			}
		}
	}
	memset(b, 0, n);
	memcpy(b, &h, sizeof(h));

	/*
	 * KVM's page carries KVM's revision in bits 30:0. Bit 31 (the
	 * shadow-VMCS indicator, SDM 25.2) is L1's and is kept: KVM compares
	 * only bits 30:0, and clearing it would change the VMLAUNCH verdict
	 * of the migrated vmcs12 (INSN_SHADOW_VMCS).
	 */
	if (export_has_vmcs12(s)) {
		page12 = s->vmcs12;
		page12.revision_id = NVMX_KVM_VMCS12_REVISION |
				     (s->vmcs12.revision_id & 0x80000000u);
		nvmx_kvm_vmcs12_to_page(&page12, b + KVM_VMCS12_AT,
					NVMX_KVM_VMCS12_PAGE_SIZE, NULL);
	}
	if (export_has_shadow(s)) {
		page12 = s->shadow_vmcs12;
		page12.revision_id = NVMX_KVM_VMCS12_REVISION | 0x80000000u;
		nvmx_kvm_vmcs12_to_page(&page12, b + KVM_SHADOW_AT,
					NVMX_KVM_VMCS12_PAGE_SIZE, NULL);
	}

	if (!v) {
		memset(&local, 0, sizeof(local));
		local.sz = sizeof(local);
		v = &local;
	}
	return nvmx_kvm_nested_state_import(m, b, n, env, NULL, v);
}
