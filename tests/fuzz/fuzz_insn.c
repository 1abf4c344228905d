// SPDX-License-Identifier: MIT
/*
 * fuzz_insn.c - sequences of emulated VMX instructions executed by L1 (or
 * L2) with L1-chosen operands, contexts and memory.
 *
 * Input: preset, IA32_FEATURE_CONTROL value (1 byte, bits 0-2), then
 * records of 1 + 2 + 8 + 8 bytes: instruction (% NVMX_INSN_COUNT; bit 7:
 * L2 is running, i.e. vcpu.non_root is forced), context bits (CPL,
 * RFLAGS.VM, LMA/CS.L, SMM, SMX, A20M, MOV-SS, memory operand, CR0/CR4
 * perturbation, fault injection), reg value, operand value/address.
 *
 * Memory: guest-physical pages 1..4 (gpa 0x1000-0x4fff) hold four
 * vmcs12 regions that map_vmcs returns; read_gpa reads them (other
 * addresses: a pattern, or a failure when the context says so); linear
 * memory is 4 KiB at la 0 (beyond: #PF).
 *
 * Invariants (SDM Vol. 3 chapter 31, <nvmx/insn.h>):
 *  - a function returns 0 with a status other than ERROR, or a negative
 *    code that is also in out->err with status ERROR;
 *  - the deciding rule is in range, has a name, condition and SDM
 *    reference, and belongs to the instruction executed;
 *  - deterministic: the same instruction on copies of the state gives
 *    the same outcome and the same state;
 *  - the nested state (struct nvmx_vcpu) changes only when the status is
 *    SUCCEED or VMENTRY;
 *  - VMfailValid in VMX root operation: a non-zero error number, also
 *    stored in the VM-instruction error field of the current vmcs12
 *    (SDM 31.2);
 *  - VMREAD to a register in VMX root operation returns what nvmx_vmread
 *    reads from the current vmcs12 (with the 32-bit operand rule);
 *  - RFLAGS after the instruction follows SDM 31.2 for the status.
 */
#include <nvmx/insn.h>

#include "fuzz.h"

#define PAGES 4
#define PAGE_BASE 0x1000u

struct world {
	struct nvmx_vmcs12 page[PAGES];
	uint8_t lin[4096];
	bool fail_gpa;
	bool fail_map;
};

static struct nvmx_vmcs12 *map_vmcs(void *opaque, uint64_t gpa)
{
	struct world *w = opaque;

	FUZZ_CHECK((gpa & 0xfff) == 0);
	if (w->fail_map || gpa < PAGE_BASE ||
	    gpa >= PAGE_BASE + PAGES * 4096ull)
		return NULL;
	return &w->page[(gpa - PAGE_BASE) / 4096];
}

static int read_gpa(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct world *w = opaque;
	uint8_t *b = buf;

	FUZZ_CHECK(buf && len > 0 && len <= 4096);
	if (w->fail_gpa)
		return -1;
	for (size_t i = 0; i < len; i++) {
		uint64_t a = gpa + i;

		if (a >= PAGE_BASE && a < PAGE_BASE + PAGES * 4096ull)
			b[i] = ((const uint8_t *)w->page)[a - PAGE_BASE];
		else
			b[i] = (uint8_t)(a * 13);
	}
	return 0;
}

static int lin_access(struct world *w, uint64_t la, void *buf, size_t len,
		      struct nvmx_fault *f, bool write)
{
	FUZZ_CHECK(buf && len > 0 && len <= 16 && f);
	if (la >= sizeof(w->lin) || len > sizeof(w->lin) - la) {
		f->vector = 14;
		f->has_error_code = true;
		f->error_code = write ? 2 : 0;
		f->address = la;
		return -1;
	}
	if (write)
		memcpy(w->lin + la, buf, len);
	else
		memcpy(buf, w->lin + la, len);
	return 0;
}

static int read_lin(void *opaque, uint64_t la, void *buf, size_t len,
		    struct nvmx_fault *f)
{
	return lin_access(opaque, la, buf, len, f, false);
}

static int write_lin(void *opaque, uint64_t la, void *buf, size_t len,
		     struct nvmx_fault *f)
{
	return lin_access(opaque, la, buf, len, f, true);
}

typedef int (*insn_fn)(struct nvmx_vcpu *, const struct nvmx_insn_ctx *,
		       struct nvmx_insn_outcome *);

static const insn_fn fns[NVMX_INSN_COUNT] = {
	[NVMX_INSN_VMXON] = nvmx_insn_vmxon,
	[NVMX_INSN_VMXOFF] = nvmx_insn_vmxoff,
	[NVMX_INSN_VMCLEAR] = nvmx_insn_vmclear,
	[NVMX_INSN_VMPTRLD] = nvmx_insn_vmptrld,
	[NVMX_INSN_VMPTRST] = nvmx_insn_vmptrst,
	[NVMX_INSN_VMREAD] = nvmx_insn_vmread,
	[NVMX_INSN_VMWRITE] = nvmx_insn_vmwrite,
	[NVMX_INSN_VMLAUNCH] = nvmx_insn_vmlaunch,
	[NVMX_INSN_VMRESUME] = nvmx_insn_vmresume,
	[NVMX_INSN_INVEPT] = nvmx_insn_invept,
	[NVMX_INSN_INVVPID] = nvmx_insn_invvpid,
	[NVMX_INSN_VMFUNC] = nvmx_insn_vmfunc,
};

static bool same_outcome(const struct nvmx_insn_outcome *a,
			 const struct nvmx_insn_outcome *b)
{
	return a->status == b->status && a->rule == b->rule &&
	       a->vector == b->vector && a->vm_insn_error == b->vm_insn_error &&
	       a->exit_reason == b->exit_reason &&
	       a->exit_qual == b->exit_qual && a->check == b->check &&
	       a->write_reg == b->write_reg &&
	       (!a->write_reg || a->value == b->value) && a->err == b->err;
}

static void check_rflags(const struct nvmx_insn_outcome *o, uint64_t fl)
{
	const uint64_t arith = 0x8d5; /* CF PF AF ZF SF OF */
	uint64_t r = nvmx_insn_rflags(fl, o);

	FUZZ_CHECK((r & ~arith) == (fl & ~arith));
	if (o->rule == NVMX_RULE_VMFUNC_OK)
		FUZZ_CHECK(r == fl);
	else if (o->status == NVMX_INSN_SUCCEED)
		FUZZ_CHECK((r & arith) == 0);
	else if (o->status == NVMX_INSN_FAIL_INVALID)
		FUZZ_CHECK((r & arith) == 1);
	else if (o->status == NVMX_INSN_FAIL_VALID)
		FUZZ_CHECK((r & arith) == 0x40);
	else
		FUZZ_CHECK(r == fl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct world w, w2;
	struct fuzz_in in = { data, size };
	struct nvmx_model m;
	struct nvmx_vcpu vcpu, before, vcpu2;
	uint8_t preset = fuzz_u8(&in);
	uint64_t fc = fuzz_u8(&in) & 7;

	nvmx_model_init(&m, (enum nvmx_preset)(preset % NVMX_PRESET_COUNT));
	memset(&w, 0, sizeof(w));
	for (unsigned int i = 0; i < PAGES; i++) {
		nvmx_vmcs12_init(&w.page[i], &m);
		if (preset & (0x10 << i)) /* a region with a wrong revision */
			w.page[i].revision_id ^= 1u << (i * 7);
	}
	nvmx_vcpu_init(&vcpu, &m, fc);

	while (fuzz_left(&in)) {
		uint8_t op = fuzz_u8(&in);
		unsigned int c = (unsigned int)fuzz_bytes(&in, 2);
		enum nvmx_insn insn = (enum nvmx_insn)((op & 0x7f) %
						       NVMX_INSN_COUNT);
		struct nvmx_insn_ctx ctx = { .sz = sizeof(ctx) };
		struct nvmx_insn_outcome o1, o2;
		int rc1, rc2;

		ctx.cpl = (c & 1) ? 3 : 0;
		ctx.rflags_vm = c & 2;
		ctx.efer_lma = !(c & 4);
		ctx.cs_l = !(c & 8);
		ctx.in_smm = c & 0x10;
		ctx.in_smx = c & 0x20;
		ctx.a20m = c & 0x40;
		ctx.mov_ss_blocking = c & 0x80;
		ctx.op.is_mem = c & 0x100;
		/* CR0.PE|PG|NE, CR4.VMXE|PAE: flipped by bits 10-11 */
		ctx.cr0 = 0x80000021ull ^ ((c & 0x400) ? 1 : 0);
		ctx.cr4 = 0x2020ull ^ ((c & 0x800) ? 0x2000 : 0);
		w.fail_gpa = c & 0x1000;
		w.fail_map = c & 0x2000;
		ctx.reg = fuzz_u64(&in);
		ctx.op.value = fuzz_u64(&in);
		ctx.op.la = ctx.op.value & ((c & 0x4000) ? ~0ull : 0xff8);
		if (!(c & 0x8000) && (insn == NVMX_INSN_VMXON ||
				      insn == NVMX_INSN_VMCLEAR ||
				      insn == NVMX_INSN_VMPTRLD)) {
			/* a useful pointer: one of the pages, in memory */
			uint64_t pa = PAGE_BASE +
				      4096ull * (ctx.op.value % PAGES);

			memcpy(w.lin + (ctx.op.la & 0xff8), &pa, 8);
			ctx.op.is_mem = true;
		}
		if (!(c & 0x8000) && (insn == NVMX_INSN_VMREAD ||
				      insn == NVMX_INSN_VMWRITE))
			ctx.reg = nvmx_field_at(ctx.reg % NVMX_FIELD_COUNT)
					  ->encoding;
		ctx.ecx = (uint32_t)(ctx.reg >> 32);
		ctx.read_gpa = read_gpa;
		ctx.map_vmcs = map_vmcs;
		ctx.read_linear = read_lin;
		ctx.write_linear = write_lin;
		if (op & 0x80)
			vcpu.non_root = vcpu.in_vmx &&
					vcpu.current_vmcs != NVMX_VMCS_NONE;

		/* the same instruction on a copy of everything first */
		w2 = w;
		vcpu2 = vcpu;
		ctx.opaque = &w2;
		rc2 = fns[insn](&vcpu2, &ctx, &o2);

		before = vcpu;
		ctx.opaque = &w;
		memset(&o1, 0, sizeof(o1));
		rc1 = fns[insn](&vcpu, &ctx, &o1);
		FUZZ_CHECK(rc1 == rc2 && same_outcome(&o1, &o2));
		FUZZ_CHECK(!memcmp(&vcpu, &vcpu2, sizeof(vcpu)));
		FUZZ_CHECK(!memcmp(&w, &w2, sizeof(w)));
		if (rc1 < 0) {
			FUZZ_CHECK(o1.status == NVMX_INSN_ERROR &&
				   o1.err == rc1);
		} else {
			FUZZ_CHECK(rc1 == 0 && o1.status != NVMX_INSN_ERROR);
			FUZZ_CHECK(o1.status <= NVMX_INSN_ENTRY_FAIL);
		}
		if (o1.rule != NVMX_RULE_NONE) {
			FUZZ_CHECK(o1.rule < NVMX_RULE_COUNT);
			FUZZ_CHECK(nvmx_insn_rule_name(o1.rule) &&
				   nvmx_insn_rule_condition(o1.rule) &&
				   nvmx_insn_rule_sdm(o1.rule));
			FUZZ_CHECK(nvmx_insn_rule_insn(o1.rule) == insn);
		} else {
			FUZZ_CHECK(rc1 < 0);
		}
		if (o1.status != NVMX_INSN_SUCCEED &&
		    o1.status != NVMX_INSN_VMENTRY)
			FUZZ_CHECK(!memcmp(&before, &vcpu, sizeof(vcpu)));
		if (o1.status == NVMX_INSN_FAIL_VALID && !before.non_root) {
			struct nvmx_vmcs12 *cur =
				map_vmcs(&w, vcpu.current_vmcs);

			FUZZ_CHECK(o1.vm_insn_error != 0);
			FUZZ_CHECK(vcpu.current_vmcs != NVMX_VMCS_NONE);
			if (cur)
				FUZZ_CHECK(cur->field[NVMX_IDX_VM_INSTRUCTION_ERROR] ==
					   o1.vm_insn_error);
		}
		if (insn == NVMX_INSN_VMREAD && o1.status == NVMX_INSN_SUCCEED &&
		    o1.write_reg && !before.non_root) {
			struct nvmx_vmcs12 *cur =
				map_vmcs(&w, vcpu.current_vmcs);
			bool lm = ctx.efer_lma && ctx.cs_l;
			uint64_t x = 0;

			FUZZ_CHECK(cur);
			FUZZ_CHECK(nvmx_vmread(&m, cur,
					       (uint32_t)nvmx_operand_size(
						       ctx.reg, lm),
					       &x) == 0);
			FUZZ_CHECK(o1.value == nvmx_operand_size(x, lm));
		}
		check_rflags(&o1, 0x2 | (ctx.reg & 0x8d5));
		/* the caller performs the VM exit to L1 */
		if (o1.status == NVMX_INSN_VMEXIT ||
		    o1.status == NVMX_INSN_ENTRY_FAIL)
			vcpu.non_root = false;
	}
	return 0;
}
