// SPDX-License-Identifier: MIT
/*
 * insn.c - the rule table of the emulated VMX instructions and what every
 * instruction shares: outcome builders, the #UD / VM-exit / #GP prologue,
 * the VMfail convention (SDM 31.2) and the RFLAGS it produces.
 */
#include "insn_internal.h"

struct rule_row {
	const char *name;
	const char *cond;
	const char *sdm;
	uint8_t insn;	/* enum nvmx_insn */
	uint8_t kind;	/* enum nvmx_insn_kind */
	uint16_t num;	/* exit reason or VM-instruction error */
};

static const struct rule_row rule_table[NVMX_RULE_COUNT] = {
	[NVMX_RULE_NONE] = { "NONE", "", "", NVMX_INSN_COUNT, 0, 0 },
#define NVMX_RULE(insn, id, kind, num, cond, sdm)                              \
	[NVMX_RULE_##insn##_##id] = { #insn "_" #id, cond, sdm,                \
				      NVMX_INSN_##insn, NVMX_IK_##kind, num },
#include "insn_rules.def"
#undef NVMX_RULE
};

/* Numbers only where the kind has one: catch table typos at build time. */
#define NVMX_RULE(insn, id, kind, num, cond, sdm)                              \
	_Static_assert(((num) != 0) == (NVMX_IK_##kind == NVMX_IK_VMEXIT ||    \
					NVMX_IK_##kind == NVMX_IK_VMFAIL),     \
		       "insn_rules.def row " #insn "_" #id ": kind/number");
#include "insn_rules.def"
#undef NVMX_RULE

static const char *const insn_names[NVMX_INSN_COUNT] = {
	[NVMX_INSN_VMXON] = "VMXON",	 [NVMX_INSN_VMXOFF] = "VMXOFF",
	[NVMX_INSN_VMCLEAR] = "VMCLEAR", [NVMX_INSN_VMPTRLD] = "VMPTRLD",
	[NVMX_INSN_VMPTRST] = "VMPTRST", [NVMX_INSN_VMREAD] = "VMREAD",
	[NVMX_INSN_VMWRITE] = "VMWRITE", [NVMX_INSN_VMLAUNCH] = "VMLAUNCH",
	[NVMX_INSN_VMRESUME] = "VMRESUME", [NVMX_INSN_INVEPT] = "INVEPT",
	[NVMX_INSN_INVVPID] = "INVVPID", [NVMX_INSN_VMFUNC] = "VMFUNC",
};

static const struct rule_row *row_of(enum nvmx_insn_rule id)
{
	if ((unsigned int)id >= NVMX_RULE_COUNT || id == NVMX_RULE_NONE)
		return (void *)0;
	return &rule_table[nvmx_clamp_index((unsigned int)id, NVMX_RULE_COUNT)];
}

const char *nvmx_insn_rule_name(enum nvmx_insn_rule id)
{
	const struct rule_row *r = row_of(id);

	return r ? r->name : (void *)0;
}

const char *nvmx_insn_rule_condition(enum nvmx_insn_rule id)
{
	const struct rule_row *r = row_of(id);

	return r ? r->cond : (void *)0;
}

const char *nvmx_insn_rule_sdm(enum nvmx_insn_rule id)
{
	const struct rule_row *r = row_of(id);

	return r ? r->sdm : (void *)0;
}

enum nvmx_insn nvmx_insn_rule_insn(enum nvmx_insn_rule id)
{
	const struct rule_row *r = row_of(id);

	return r ? (enum nvmx_insn)r->insn : NVMX_INSN_COUNT;
}

int nvmx_insn_rule_kind(enum nvmx_insn_rule id)
{
	const struct rule_row *r = row_of(id);

	return r ? r->kind : -1;
}

unsigned int nvmx_insn_rule_num(enum nvmx_insn_rule id)
{
	const struct rule_row *r = row_of(id);

	return r ? r->num : 0;
}

const char *nvmx_insn_name(enum nvmx_insn insn)
{
	if ((unsigned int)insn >= NVMX_INSN_COUNT)
		return (void *)0;
	return insn_names[nvmx_clamp_index((unsigned int)insn,
					   NVMX_INSN_COUNT)];
}

void nvmx_vcpu_init(struct nvmx_vcpu *vcpu, const struct nvmx_model *model,
		    uint64_t feature_control)
{
	if (!vcpu)
		return;
	vcpu->model = model;
	vcpu->feature_control = feature_control;
	vcpu->vmxon_ptr = NVMX_VMCS_NONE;
	vcpu->current_vmcs = NVMX_VMCS_NONE;
	vcpu->in_vmx = false;
	vcpu->non_root = false;
	vcpu->dual_monitor = false;
}

#define CTX_MIN_SZ (__builtin_offsetof(struct nvmx_insn_ctx, opaque) + \
		    sizeof(void *))

int nvmx_insn_begin(const struct nvmx_vcpu *vcpu,
		    const struct nvmx_insn_ctx *ctx,
		    struct nvmx_insn_outcome *out)
{
	if (!out)
		return NVMX_EINVAL;
	__builtin_memset(out, 0, sizeof(*out));
	if (!vcpu || !vcpu->model || !ctx || ctx->sz < CTX_MIN_SZ) {
		out->status = NVMX_INSN_ERROR;
		out->err = NVMX_EINVAL;
		return NVMX_EINVAL;
	}
	return 0;
}

int nvmx_insn_error(struct nvmx_insn_outcome *out, enum nvmx_insn_rule r,
		    int err)
{
	out->status = NVMX_INSN_ERROR;
	out->rule = r;
	out->err = err;
	return err;
}

int nvmx_insn_fault(struct nvmx_insn_outcome *out, enum nvmx_insn_rule r,
		    const struct nvmx_fault *f)
{
	out->status = NVMX_INSN_EXCEPTION;
	out->rule = r;
	out->vector = f->vector;
	out->has_error_code = f->has_error_code;
	out->error_code = f->error_code;
	out->fault_address = f->address;
	return 0;
}

struct nvmx_vmcs12 *nvmx_insn_map(const struct nvmx_insn_ctx *ctx,
				  uint64_t gpa)
{
	if (!ctx->map_vmcs)
		return (void *)0;
	return ctx->map_vmcs(ctx->opaque, gpa);
}

int nvmx_insn_finish(struct nvmx_vcpu *vcpu, const struct nvmx_insn_ctx *ctx,
		     struct nvmx_insn_outcome *out, enum nvmx_insn_rule r)
{
	const struct rule_row *row = row_of(r);
	struct nvmx_vmcs12 *v;

	if (!row)
		return nvmx_insn_error(out, r, NVMX_EINVAL);
	out->rule = r;
	switch (row->kind) {
	case NVMX_IK_UD:
		out->status = NVMX_INSN_EXCEPTION;
		out->vector = 6;
		break;
	case NVMX_IK_GP:	/* #GP(0): error code 0 (SDM 6.15) */
		out->status = NVMX_INSN_EXCEPTION;
		out->vector = 13;
		out->has_error_code = true;
		out->error_code = 0;
		break;
	case NVMX_IK_VMEXIT:
		out->status = NVMX_INSN_VMEXIT;
		out->exit_reason = row->num;
		break;
	case NVMX_IK_FAIL_INVALID:
		out->status = NVMX_INSN_FAIL_INVALID;
		break;
	case NVMX_IK_VMFAIL:
		/* SDM 31.2 "VMfail(ErrorNumber): IF VMCS pointer is valid
		 * THEN VMfailValid ELSE VMfailInvalid". VMfailValid stores
		 * the number in the VM-instruction error field (31.4). */
		if (vcpu->current_vmcs == NVMX_VMCS_NONE) {
			out->status = NVMX_INSN_FAIL_INVALID;
			break;
		}
		v = nvmx_insn_map(ctx, vcpu->current_vmcs);
		if (!v)
			return nvmx_insn_error(out, r, NVMX_EFAULT);
		v->field[NVMX_IDX_VM_INSTRUCTION_ERROR] = row->num;
		out->status = NVMX_INSN_FAIL_VALID;
		out->vm_insn_error = row->num;
		break;
	case NVMX_IK_SUCCEED:
		out->status = NVMX_INSN_SUCCEED;
		break;
	default:	/* FAULT and ENTRY rows are finished by their callers */
		return nvmx_insn_error(out, r, NVMX_EINVAL);
	}
	return 0;
}

enum nvmx_insn_rule nvmx_insn_prologue(const struct nvmx_vcpu *vcpu,
				       const struct nvmx_insn_ctx *ctx,
				       const struct nvmx_prologue *p)
{
	/* One #UD condition list in the SDM; any order gives #UD. */
	if (p->ud_reg && !ctx->op.is_mem)
		return p->ud_reg;
	if (p->ud_not_vmx && !vcpu->in_vmx)
		return p->ud_not_vmx;
	if (p->ud_mode && nvmx_ctx_bad_mode(ctx))
		return p->ud_mode;
	if (p->exit && vcpu->non_root)
		return p->exit;
	if (p->cpl && ctx->cpl > 0)
		return p->cpl;
	return NVMX_RULE_NONE;
}

int nvmx_insn_read_mem(const struct nvmx_insn_ctx *ctx, uint64_t la,
		       void *buf, size_t len, struct nvmx_fault *f)
{
	__builtin_memset(f, 0, sizeof(*f));
	if (!ctx->read_linear) {
		/* No memory access possible: report #GP(0), what an access
		 * outside every segment would raise. */
		f->vector = 13;
		f->has_error_code = true;
		return 1;
	}
	return ctx->read_linear(ctx->opaque, la, buf, len, f) ? 1 : 0;
}

int nvmx_insn_write_mem(const struct nvmx_insn_ctx *ctx, uint64_t la,
			const void *buf, size_t len, struct nvmx_fault *f)
{
	__builtin_memset(f, 0, sizeof(*f));
	if (!ctx->write_linear) {
		f->vector = 13;
		f->has_error_code = true;
		return 1;
	}
	/* The callback type takes a non-const buffer (it is shared with
	 * reads); a write callback must not modify it. */
	return ctx->write_linear(ctx->opaque, la, (void *)(uintptr_t)buf, len,
				 f) ? 1 : 0;
}

bool nvmx_insn_vmcs_ptr_ok(const struct nvmx_model *m, uint64_t pa)
{
	unsigned int width = m->maxphyaddr;

	if (nvmx_msr(m, NVMX_MSR_VMX_BASIC) & NVMX_BASIC_32BIT_PA)
		width = 32;
	if (width > 63)
		width = 63;
	return (pa & 0xfffull) == 0 && (pa >> width) == 0;
}

bool nvmx_insn_eptp_ok(const struct nvmx_model *m, uint64_t eptp)
{
	uint64_t cap = nvmx_msr(m, NVMX_MSR_VMX_EPT_VPID_CAP);
	unsigned int mt = eptp & 7, pwl = (eptp >> 3) & 7;
	unsigned int width = m->maxphyaddr > 63 ? 63 : m->maxphyaddr;

	/* SDM 27.2.1.1 "EPTP" bullets, A.10 for the capability bits. */
	if (!((mt == 0 && (cap & NVMX_EPT_CAP_MT_UC)) ||
	      (mt == 6 && (cap & NVMX_EPT_CAP_MT_WB))))
		return false;
	if (!((pwl == 3 && (cap & NVMX_EPT_CAP_PWL4)) ||
	      (pwl == 4 && (cap & NVMX_EPT_CAP_PWL5))))
		return false;
	if ((eptp & (1ull << 6)) && !(cap & NVMX_EPT_CAP_AD))
		return false;
	if ((eptp & (1ull << 7)) && !(cap & NVMX_EPT_CAP_SSS))
		return false;
	if (eptp & 0xf00ull)
		return false;
	return (eptp >> width) == 0;
}

uint64_t nvmx_insn_proc2(const struct nvmx_vmcs12 *v)
{
	if (!(v->field[NVMX_IDX_CPU_BASED_VM_EXEC_CONTROL] &
	      NVMX_CTL_MASK(PROC_ACTIVATE_SECONDARY)))
		return 0;
	return v->field[NVMX_IDX_SECONDARY_VM_EXEC_CONTROL];
}

uint64_t nvmx_insn_rflags(uint64_t rflags, const struct nvmx_insn_outcome *out)
{
	/* CF, PF, AF, ZF, SF, OF (SDM 31.2) */
	const uint64_t arith = (1ull << 0) | (1ull << 2) | (1ull << 4) |
			       (1ull << 6) | (1ull << 7) | (1ull << 11);

	/* VMFUNC is not a VMsucceed instruction: it leaves RFLAGS alone. */
	if (!out || out->rule == NVMX_RULE_VMFUNC_OK)
		return rflags;
	switch (out->status) {
	case NVMX_INSN_SUCCEED:
		return rflags & ~arith;
	case NVMX_INSN_FAIL_INVALID:
		return (rflags & ~arith) | (1ull << 0);
	case NVMX_INSN_FAIL_VALID:
		return (rflags & ~arith) | (1ull << 6);
	default:
		return rflags;
	}
}
