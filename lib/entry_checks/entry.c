// SPDX-License-Identifier: MIT
/*
 * entry.c - nvmx_check_vmentry(): the VM-entry checks of VMLAUNCH and
 * VMRESUME in hardware order (SDM Vol. 3 chapter 27), the check table
 * generated from checks.def, and the failure recorder the groups share.
 *
 * Order (SDM 27.1-27.4): instruction-level checks (27.1) -> VMX controls
 * (27.2.1) -> host state (27.2.2-27.2.4) -> guest state (27.3.1) -> MSR
 * loading (27.4). The SDM lets a CPU check controls and host state in any
 * order; libnvmx is deterministic and does controls first.
 */
#include "entry_internal.h"

/* "No field" in checks.def rows. Note: the VPID field has encoding 0000H
 * too; a failure's field is meaningful together with its check ID. */
#define NVMX_NONE 0u

struct check_row {
	const char *name;
	const char *sdm;
	const char *desc;
	uint8_t outcome;	/* enum nvmx_outcome */
	uint16_t num;		/* VM-instruction error or exit reason */
	uint8_t qual;		/* exit qualification (ENTRY_FAIL) */
	uint32_t field;		/* field encoding, 0 if none */
};

#define NVMX_OC_UD NVMX_OUTCOME_UD
#define NVMX_OC_GP NVMX_OUTCOME_GP
#define NVMX_OC_VMEXIT NVMX_OUTCOME_VMEXIT
#define NVMX_OC_VMFAIL_INVALID NVMX_OUTCOME_VMFAIL_INVALID
#define NVMX_OC_VMFAIL_VALID NVMX_OUTCOME_VMFAIL_VALID
#define NVMX_OC_ENTRY_FAIL NVMX_OUTCOME_ENTRY_FAIL

static const struct check_row check_table[NVMX_CHECK_COUNT] = {
	[NVMX_CHECK_NONE] = { "NONE", "", "no check failed", 0, 0, 0, 0 },
#define NVMX_CHECK(id, cls, n, q, fld, sdm, desc)                              \
	[NVMX_CHECK_##id] = { #id, sdm, desc, NVMX_OC_##cls, n, q, NVMX_##fld },
#include <nvmx/checks.def>
#undef NVMX_CHECK
};

/* A row's class must match its number: catch table typos at build time. */
#define NVMX_CHECK(id, cls, n, q, fld, sdm, desc)                              \
	_Static_assert((NVMX_OC_##cls == NVMX_OUTCOME_VMFAIL_VALID) ==         \
			       ((n) != 0 && NVMX_OC_##cls != NVMX_OUTCOME_VMEXIT &&  \
				NVMX_OC_##cls != NVMX_OUTCOME_ENTRY_FAIL),    \
		       "checks.def row " #id ": class/number mismatch");
#include <nvmx/checks.def>
#undef NVMX_CHECK

static const struct check_row *row_of(enum nvmx_check_id id)
{
	if ((unsigned int)id >= NVMX_CHECK_COUNT)
		return (void *)0;
	return &check_table[nvmx_clamp_index((unsigned int)id,
					     NVMX_CHECK_COUNT)];
}

const char *nvmx_check_id_name(enum nvmx_check_id id)
{
	const struct check_row *r = row_of(id);

	return r ? r->name : (void *)0;
}

const char *nvmx_check_sdm_ref(enum nvmx_check_id id)
{
	const struct check_row *r = row_of(id);

	return r ? r->sdm : (void *)0;
}

const char *nvmx_check_description(enum nvmx_check_id id)
{
	const struct check_row *r = row_of(id);

	return r ? r->desc : (void *)0;
}

static bool name_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

enum nvmx_check_id nvmx_check_by_name(const char *name)
{
	unsigned int i;

	if (!name)
		return NVMX_CHECK_NONE;
	/* accept "NVMX_CHECK_X" as well as "X" */
	if (name[0] == 'N' && name[1] == 'V' && name[2] == 'M' &&
	    name[3] == 'X' && name[4] == '_' && name[5] == 'C' &&
	    name[6] == 'H' && name[7] == 'E' && name[8] == 'C' &&
	    name[9] == 'K' && name[10] == '_')
		name += 11;
	for (i = 1; i < NVMX_CHECK_COUNT; i++)
		if (name_eq(check_table[i].name, name))
			return (enum nvmx_check_id)i;
	return NVMX_CHECK_NONE;
}

bool nvmx_entry_fail_at(struct nvmx_entry_ctx *c, enum nvmx_check_id id,
			uint64_t qual, uint32_t field)
{
	const struct check_row *r = row_of(id);
	struct nvmx_check_failure f;
	struct nvmx_entry_result *out = c->out;

	if (!r)
		r = &check_table[0];
	f.id = id;
	f.outcome = (enum nvmx_outcome)r->outcome;
	f.vm_insn_error = 0;
	f.exit_reason = 0;
	f.exit_qual = 0;
	f.field = field ? field : r->field;
	switch (f.outcome) {
	case NVMX_OUTCOME_VMFAIL_VALID:
		f.vm_insn_error = r->num;
		break;
	case NVMX_OUTCOME_VMEXIT:
		f.exit_reason = r->num;
		/* VMRESUME in VMX non-root operation: basic exit reason 24
		 * (SDM Appendix C); the row gives the VMLAUNCH reason 20. */
		if (id == NVMX_CHECK_INSN_NONROOT && !c->env->launch)
			f.exit_reason = 24;
		break;
	case NVMX_OUTCOME_ENTRY_FAIL:
		f.exit_reason = r->num;
		f.exit_qual = qual ? qual : r->qual;
		break;
	default:
		break;
	}
	if (c->failures == 0)
		out->first = f;
	if (c->all && c->failures < out->all_cap)
		out->all[c->failures] = f;
	c->failures++;
	return !c->all;
}

bool nvmx_entry_fail_qual(struct nvmx_entry_ctx *c, enum nvmx_check_id id,
			  uint64_t qual)
{
	return nvmx_entry_fail_at(c, id, qual, 0);
}

bool nvmx_entry_read(struct nvmx_entry_ctx *c, uint64_t gpa, void *buf,
		     size_t len)
{
	const struct nvmx_entry_env *e = c->env;

	if (e->read_gpa && e->read_gpa(e->opaque, gpa, buf, len) == 0)
		return true;
	__builtin_memset(buf, 0xff, len);
	return false;
}

bool nvmx_entry_fail(struct nvmx_entry_ctx *c, enum nvmx_check_id id)
{
	return nvmx_entry_fail_qual(c, id, 0);
}

/*
 * SDM 27.1 "Basic VM-Entry Checks", in the order the SDM lists them.
 * Faults and VMfailInvalid end the instruction in every mode (there is no
 * VMCS, or no instruction, to check further); the VMfailValid cases (26,
 * 4, 5) let diagnostic mode continue with the VMCS checks.
 * Returns true if checking must stop.
 */
static bool check_insn(struct nvmx_entry_ctx *c)
{
	const struct nvmx_entry_env *e = c->env;

	if (!e->in_vmx_operation)
		return nvmx_entry_fail(c, NVMX_CHECK_INSN_UD_NOT_VMX), true;
	if (e->v86_or_compat)
		return nvmx_entry_fail(c, NVMX_CHECK_INSN_UD_MODE), true;
	if (e->in_vmx_non_root)
		return nvmx_entry_fail(c, NVMX_CHECK_INSN_NONROOT), true;
	if (e->cpl != 0)
		return nvmx_entry_fail(c, NVMX_CHECK_INSN_CPL), true;
	if (e->no_current_vmcs)
		return nvmx_entry_fail(c, NVMX_CHECK_INSN_NO_VMCS), true;
	/* SDM 25.2: bit 31 of the first 4 bytes is the shadow-VMCS indicator */
	if (c->v->revision_id & 0x80000000u)
		return nvmx_entry_fail(c, NVMX_CHECK_INSN_SHADOW_VMCS), true;
	if (e->mov_ss_blocking && nvmx_entry_fail(c, NVMX_CHECK_INSN_MOVSS))
		return true;
	/* The launch state field holds only CLEAR or LAUNCHED; any other
	 * value is neither, so both instructions refuse it. */
	if (e->launch && c->v->launch_state != NVMX_LAUNCH_CLEAR &&
	    nvmx_entry_fail(c, NVMX_CHECK_INSN_LAUNCH_NOT_CLEAR))
		return true;
	if (!e->launch && c->v->launch_state != NVMX_LAUNCH_LAUNCHED &&
	    nvmx_entry_fail(c, NVMX_CHECK_INSN_RESUME_NOT_LAUNCHED))
		return true;
	return false;
}

#define NVMX_RESULT_MIN_SZ                                                     \
	(__builtin_offsetof(struct nvmx_entry_result, all_count) +             \
	 sizeof(unsigned int))
#define NVMX_ENV_MIN_SZ                                                        \
	(__builtin_offsetof(struct nvmx_entry_env, opaque) + sizeof(void *))

int nvmx_check_vmentry(const struct nvmx_model *m, const struct nvmx_vmcs12 *v,
		       const struct nvmx_entry_env *env,
		       struct nvmx_entry_result *out)
{
	struct nvmx_entry_ctx c;

	if (!m || !v || !env || !out)
		return NVMX_EINVAL;
	if (out->sz < NVMX_RESULT_MIN_SZ || env->sz < NVMX_ENV_MIN_SZ)
		return NVMX_EINVAL;
	if (out->all && out->all_cap == 0)
		return NVMX_EINVAL;

	c.m = m;
	c.v = v;
	c.env = env;
	c.out = out;
	c.all = out->all != (void *)0;
	c.failures = 0;
	out->first.id = NVMX_CHECK_NONE;
	out->first.outcome = NVMX_OUTCOME_SUCCESS;
	out->first.vm_insn_error = 0;
	out->first.exit_reason = 0;
	out->first.exit_qual = 0;
	out->first.field = 0;
	out->all_count = 0;

	if (!check_insn(&c)) {
		nvmx_check_controls(&c);
		if (c.all || c.failures == 0)
			nvmx_check_host(&c);
		if (c.all || c.failures == 0)
			nvmx_check_guest(&c);
		if (c.all || c.failures == 0)
			nvmx_check_msr_load(&c);
	}
	out->all_count = c.failures;
	return c.failures ? 1 : 0;
}
