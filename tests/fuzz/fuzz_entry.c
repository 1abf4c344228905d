// SPDX-License-Identifier: MIT
/*
 * fuzz_entry.c - nvmx_check_vmentry() on an arbitrary vmcs12, an arbitrary
 * model, an arbitrary environment and arbitrary guest memory.
 *
 * Input:
 *   byte 0      preset
 *   byte 1      flags: bit 0 raw image (else baseline + writes), bit 1
 *               VMLAUNCH (else VMRESUME), bit 2 host IA-32e, bit 3 MOV-SS
 *               blocking, bit 4 no read_gpa callback, bit 5 memory limit
 *   byte 2      environment faults: bit 0 not in VMX operation, bit 1
 *               v86/compat, bit 2 non-root, bit 3 CPL 3, bit 4 no current
 *               VMCS, bit 5 SMM
 *   byte 3      diagnostic capacity (1 + byte % 64)
 *   byte 4      number of MSR overrides (0..3), each 1 + 8 bytes
 *   8 bytes     memory limit (flag bit 5): reads of [gpa, gpa+len) beyond
 *               it fail
 *   raw image:  4096 bytes copied over the vmcs12 region
 *   baseline:   bytes 1 + 8 per write: field index mod count, value
 *               stored directly in the slot (no width rule, no existence
 *               rule: the entry checks must cope with any region content)
 *   the rest    guest memory: a read of gpa returns rest[(gpa + k) % len]
 *
 * Invariants:
 *  - return value 0 or 1 (never negative: all arguments valid);
 *  - determinism: two runs in first-failure mode give identical results;
 *  - diagnostic mode returns the same verdict, all_count >= 1 iff the
 *    verdict is "fails", all[0] equals the first failure, entries past
 *    all_cap are not written, first == the first-failure-mode result;
 *  - every reported failure is well formed: id in range with a name and
 *    SDM reference, outcome-specific numbers consistent with entry.h;
 *  - the callback is only asked for non-empty ranges into a valid buffer,
 *    and the vmcs12 region is never modified;
 *  - a success verdict reports first.id == NVMX_CHECK_NONE.
 */
#include <nvmx/entry.h>

#include "fuzz.h"

struct guest_mem {
	const uint8_t *p;
	size_t n;
	bool limited;
	uint64_t limit;
	unsigned long calls;
};

static int read_gpa(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct guest_mem *g = opaque;
	uint8_t *b = buf;

	FUZZ_CHECK(g && buf && len > 0);
	FUZZ_CHECK(len <= 1ull << 20); /* no absurd single read */
	g->calls++;
	if (g->limited && (gpa + len < gpa || gpa + len > g->limit))
		return -1;
	for (size_t k = 0; k < len; k++)
		b[k] = g->n ? g->p[(gpa + k) % g->n] : 0;
	return 0;
}

static void baseline(struct nvmx_vmcs12 *v, const struct nvmx_model *m,
		     bool ia32e)
{
	/* must-be-1 controls, the fixed CR bits, a 64-bit host if asked:
	 * a start that gets past the simplest control checks. */
	v->field[NVMX_IDX_PIN_BASED_VM_EXEC_CONTROL] =
		nvmx_model_allowed0(m, NVMX_WORD_PIN);
	v->field[NVMX_IDX_CPU_BASED_VM_EXEC_CONTROL] =
		nvmx_model_allowed0(m, NVMX_WORD_PROC);
	v->field[NVMX_IDX_VM_EXIT_CONTROLS] =
		nvmx_model_allowed0(m, NVMX_WORD_EXIT) |
		(ia32e ? NVMX_CTL_MASK(EXIT_HOST_ADDR_SPACE_SIZE) : 0);
	v->field[NVMX_IDX_VM_ENTRY_CONTROLS] =
		nvmx_model_allowed0(m, NVMX_WORD_ENTRY) |
		(ia32e ? NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST) : 0);
	v->field[NVMX_IDX_HOST_CR0] =
		nvmx_model_get_msr(m, NVMX_MSR_VMX_CR0_FIXED0);
	v->field[NVMX_IDX_HOST_CR4] =
		nvmx_model_get_msr(m, NVMX_MSR_VMX_CR4_FIXED0) |
		(ia32e ? 1ull << 5 : 0); /* CR4.PAE */
	v->field[NVMX_IDX_GUEST_CR0] = v->field[NVMX_IDX_HOST_CR0];
	v->field[NVMX_IDX_GUEST_CR4] = v->field[NVMX_IDX_HOST_CR4];
	v->field[NVMX_IDX_HOST_CS_SELECTOR] = 0x10;
	v->field[NVMX_IDX_HOST_TR_SELECTOR] = 0x40;
	v->field[NVMX_IDX_GUEST_RFLAGS] = 0x2;
	v->field[NVMX_IDX_GUEST_ACTIVITY_STATE] = 0;
}

static bool same_failure(const struct nvmx_check_failure *a,
			 const struct nvmx_check_failure *b)
{
	return a->id == b->id && a->outcome == b->outcome &&
	       a->vm_insn_error == b->vm_insn_error &&
	       a->exit_reason == b->exit_reason &&
	       a->exit_qual == b->exit_qual && a->field == b->field;
}

static void check_failure(const struct nvmx_check_failure *f)
{
	FUZZ_CHECK(f->id > NVMX_CHECK_NONE && f->id < NVMX_CHECK_COUNT);
	FUZZ_CHECK(nvmx_check_id_name(f->id) && nvmx_check_sdm_ref(f->id));
	FUZZ_CHECK(nvmx_check_by_name(nvmx_check_id_name(f->id)) == f->id);
	switch (f->outcome) {
	case NVMX_OUTCOME_UD:
	case NVMX_OUTCOME_GP:
	case NVMX_OUTCOME_VMFAIL_INVALID:
		FUZZ_CHECK(!f->vm_insn_error && !f->exit_reason);
		break;
	case NVMX_OUTCOME_VMFAIL_VALID:
		FUZZ_CHECK(f->vm_insn_error != 0 && !f->exit_reason);
		break;
	case NVMX_OUTCOME_VMEXIT:
		FUZZ_CHECK(f->exit_reason == 20 || f->exit_reason == 24);
		FUZZ_CHECK(!f->vm_insn_error);
		break;
	case NVMX_OUTCOME_ENTRY_FAIL:
		FUZZ_CHECK(f->exit_reason == 33 || f->exit_reason == 34);
		FUZZ_CHECK(!f->vm_insn_error);
		break;
	default:
		FUZZ_CHECK(!"outcome out of range");
	}
	if (f->outcome != NVMX_OUTCOME_ENTRY_FAIL)
		FUZZ_CHECK(f->exit_qual == 0);
}

#define DIAG_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nvmx_vmcs12 v, copy;
	struct fuzz_in in = { data, size };
	struct nvmx_model m;
	struct nvmx_entry_env env = { .sz = sizeof(env) };
	struct nvmx_entry_result r1 = { .sz = sizeof(r1) };
	struct nvmx_entry_result r2 = { .sz = sizeof(r2) };
	struct nvmx_entry_result rd = { .sz = sizeof(rd) };
	struct nvmx_check_failure all[DIAG_MAX + 1];
	struct guest_mem g = { 0 };
	uint8_t preset = fuzz_u8(&in), flags = fuzz_u8(&in);
	uint8_t faults = fuzz_u8(&in);
	unsigned int cap = 1 + fuzz_u8(&in) % DIAG_MAX;
	unsigned int nmsr = fuzz_u8(&in) % 4;
	int rc1, rc2, rcd;

	nvmx_model_init(&m, (enum nvmx_preset)(preset % NVMX_PRESET_COUNT));
	for (unsigned int i = 0; i < nmsr; i++) {
		uint32_t idx = NVMX_MSR_VMX_FIRST + fuzz_u8(&in) % 0x14;

		nvmx_model_set_msr(&m, idx, fuzz_u64(&in));
	}
	g.limited = flags & 0x20;
	g.limit = fuzz_u64(&in);

	nvmx_vmcs12_init(&v, &m);
	if (flags & 1) {
		uint8_t *b = (uint8_t *)&v;

		for (size_t i = 0; i < sizeof(v) && fuzz_left(&in); i++)
			b[i] = fuzz_u8(&in);
	} else {
		unsigned int nw = fuzz_u8(&in);

		baseline(&v, &m, flags & 4);
		v.launch_state = (flags & 2) ? NVMX_LAUNCH_CLEAR :
					       NVMX_LAUNCH_LAUNCHED;
		for (unsigned int i = 0; i < nw && fuzz_left(&in); i++) {
			unsigned int idx = fuzz_u8(&in) % NVMX_FIELD_COUNT;

			v.field[idx] = fuzz_u64(&in);
		}
	}
	g.p = in.p;
	g.n = in.n;

	env.launch = flags & 2;
	env.host_ia32e = flags & 4;
	env.mov_ss_blocking = flags & 8;
	env.read_gpa = (flags & 0x10) ? NULL : read_gpa;
	env.opaque = &g;
	env.in_vmx_operation = !(faults & 1);
	env.v86_or_compat = faults & 2;
	env.in_vmx_non_root = faults & 4;
	env.cpl = (faults & 8) ? 3 : 0;
	env.no_current_vmcs = faults & 0x10;
	env.in_smm = faults & 0x20;

	copy = v;
	rc1 = nvmx_check_vmentry(&m, &v, &env, &r1);
	rc2 = nvmx_check_vmentry(&m, &v, &env, &r2);
	FUZZ_CHECK(rc1 == 0 || rc1 == 1);
	FUZZ_CHECK(rc1 == rc2 && same_failure(&r1.first, &r2.first));
	FUZZ_CHECK(memcmp(&copy, &v, sizeof(v)) == 0);
	if (rc1 == 0)
		FUZZ_CHECK(r1.first.id == NVMX_CHECK_NONE);
	else
		check_failure(&r1.first);

	memset(all, 0xa5, sizeof(all));
	rd.all = all;
	rd.all_cap = cap;
	rcd = nvmx_check_vmentry(&m, &v, &env, &rd);
	FUZZ_CHECK(rcd == rc1);
	FUZZ_CHECK((rd.all_count != 0) == (rcd == 1));
	FUZZ_CHECK(same_failure(&rd.first, &r1.first));
	if (rcd) {
		FUZZ_CHECK(same_failure(&all[0], &r1.first));
		for (unsigned int i = 0; i < rd.all_count && i < cap; i++)
			check_failure(&all[i]);
	}
	for (unsigned int i = rd.all_count < cap ? rd.all_count : cap;
	     i <= DIAG_MAX; i++) {
		const uint8_t *b = (const uint8_t *)&all[i];

		for (size_t k = 0; k < sizeof(all[i]); k++)
			FUZZ_CHECK(b[k] == 0xa5);
	}
	FUZZ_CHECK(memcmp(&copy, &v, sizeof(v)) == 0);

	/* API misuse: an error code, never a crash */
	rd.all_cap = 0;
	FUZZ_CHECK(nvmx_check_vmentry(&m, &v, &env, &rd) == NVMX_EINVAL);
	r1.sz = 1;
	FUZZ_CHECK(nvmx_check_vmentry(&m, &v, &env, &r1) == NVMX_EINVAL);
	FUZZ_CHECK(nvmx_check_vmentry(NULL, &v, &env, &r2) == NVMX_EINVAL);
	FUZZ_CHECK(nvmx_check_vmentry(&m, NULL, &env, &r2) == NVMX_EINVAL);
	FUZZ_CHECK(nvmx_check_vmentry(&m, &v, NULL, &r2) == NVMX_EINVAL);
	FUZZ_CHECK(nvmx_check_vmentry(&m, &v, &env, NULL) == NVMX_EINVAL);
	return 0;
}
