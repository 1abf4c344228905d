// SPDX-License-Identifier: MIT
/* insn_env.c - fixture of the insn_* tests; see insn_env.h. */
#include <stdlib.h>
#include <string.h>

#include "insn_env.h"

struct ie *T;

static int ie_read_gpa(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct ie *t = opaque;

	t->gpa_reads++;
	if (gpa >= IE_GPA && len <= sizeof(t->gmem) &&
	    gpa - IE_GPA <= sizeof(t->gmem) - len) {
		memcpy(buf, t->gmem + (gpa - IE_GPA), len);
		return 0;
	}
	return -1;
}

static struct nvmx_vmcs12 *ie_map(void *opaque, uint64_t gpa)
{
	struct ie *t = opaque;

	t->map_calls++;
	if (t->map_fail || gpa < IE_GPA || gpa - IE_GPA >= sizeof(t->gmem) ||
	    (gpa & 0xfff))
		return NULL;
	return (struct nvmx_vmcs12 *)(t->gmem + (gpa - IE_GPA));
}

static int lin_access(struct ie *t, uint64_t la, void *buf, size_t len,
		      struct nvmx_fault *f, bool write)
{
	if (t->lin_fail || la < IE_LA || len > sizeof(t->lin) ||
	    la - IE_LA > sizeof(t->lin) - len) {
		f->vector = t->fault_vector;
		f->has_error_code = true;
		f->error_code = write ? 2 : 0;
		f->address = la;
		return -1;
	}
	if (write)
		memcpy(t->lin + (la - IE_LA), buf, len);
	else
		memcpy(buf, t->lin + (la - IE_LA), len);
	return 0;
}

static int ie_read_lin(void *opaque, uint64_t la, void *buf, size_t len,
		       struct nvmx_fault *f)
{
	((struct ie *)opaque)->lin_reads++;
	return lin_access(opaque, la, buf, len, f, false);
}

static int ie_write_lin(void *opaque, uint64_t la, void *buf, size_t len,
			struct nvmx_fault *f)
{
	((struct ie *)opaque)->lin_writes++;
	return lin_access(opaque, la, buf, len, f, true);
}

uint32_t ie_rev(void)
{
	return (uint32_t)(nvmx_model_get_msr(&T->m, NVMX_MSR_VMX_BASIC) &
			  0x7fffffffu);
}

void ie_reset(enum nvmx_preset p)
{
	if (!T) {
		T = aligned_alloc(4096, (sizeof(*T) + 4095) & ~(size_t)4095);
		ck_assert_ptr_nonnull(T);
	}
	memset(T, 0, sizeof(*T));
	nvmx_model_init(&T->m, p);
	nvmx_vcpu_init(&T->vcpu, &T->m, IE_FEAT_CTL);
	T->fault_vector = 14;
	T->ctx.sz = sizeof(T->ctx);
	T->ctx.cpl = 0;
	T->ctx.efer_lma = true;
	T->ctx.cs_l = true;
	/* PG | NE | ET | PE: CR0 with the bits VMX operation fixes to 1 */
	T->ctx.cr0 = 0x80000031ull;
	/* PAE | VMXE */
	T->ctx.cr4 = 0x20ull | NVMX_CR4_VMXE;
	T->ctx.op.is_mem = true;
	T->ctx.op.la = IE_LA;
	T->ctx.read_gpa = ie_read_gpa;
	T->ctx.map_vmcs = ie_map;
	T->ctx.read_linear = ie_read_lin;
	T->ctx.write_linear = ie_write_lin;
	T->ctx.opaque = T;
	/* VMXON region: revision identifier at offset 0 (SDM 25.11.5) */
	ie_gpa_put64(IE_VMXON, ie_rev());
	nvmx_vmcs12_init(ie_vmcs(IE_VMCS), &T->m);
	nvmx_vmcs12_init(ie_vmcs(IE_VMCS2), &T->m);
}

struct nvmx_vmcs12 *ie_vmcs(uint64_t gpa)
{
	return (struct nvmx_vmcs12 *)(T->gmem + (gpa - IE_GPA));
}

void ie_lin_put(unsigned int off, uint64_t v, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++)
		T->lin[off + i] = i < 8 ? (uint8_t)(v >> (8 * i)) : 0;
}

uint64_t ie_lin_get(unsigned int off, unsigned int len)
{
	uint64_t v = 0;

	for (unsigned int i = len; i-- > 0;)
		v = (v << 8) | T->lin[off + i];
	return v;
}

void ie_gpa_put64(uint64_t gpa, uint64_t v)
{
	for (unsigned int i = 0; i < 8; i++)
		T->gmem[gpa - IE_GPA + i] = (uint8_t)(v >> (8 * i));
}

void ie_op_mem64(uint64_t v)
{
	T->ctx.op.is_mem = true;
	T->ctx.op.la = IE_LA;
	ie_lin_put(0, v, 8);
}

void ie_do_vmxon(void)
{
	ie_op_mem64(IE_VMXON);
	ck_assert_int_eq(nvmx_insn_vmxon(&T->vcpu, &T->ctx, &T->out), 0);
	ck_assert_int_eq(T->out.status, NVMX_INSN_SUCCEED);
	ck_assert(T->vcpu.in_vmx);
}

void ie_do_vmptrld(uint64_t gpa)
{
	ie_op_mem64(gpa);
	ck_assert_int_eq(nvmx_insn_vmptrld(&T->vcpu, &T->ctx, &T->out), 0);
	ck_assert_int_eq(T->out.status, NVMX_INSN_SUCCEED);
	ck_assert_uint_eq(T->vcpu.current_vmcs, gpa);
}

void ie_expect_at(enum nvmx_insn_status st, unsigned int num,
		  enum nvmx_insn_rule rule, int line)
{
	const struct nvmx_insn_outcome *o = &T->out;
	unsigned int got = 0;

	if (o->status == NVMX_INSN_EXCEPTION)
		got = o->vector;
	else if (o->status == NVMX_INSN_VMEXIT ||
		 o->status == NVMX_INSN_ENTRY_FAIL)
		got = o->exit_reason;
	else if (o->status == NVMX_INSN_FAIL_VALID)
		got = o->vm_insn_error;
	ck_assert_msg(o->status == st && got == num && o->rule == rule,
		      "line %d: got status %d num %u rule %s, want status %d "
		      "num %u rule %s",
		      line, o->status, got, nvmx_insn_rule_name(o->rule), st,
		      num, nvmx_insn_rule_name(rule));
}

void ie_run_breakers(const struct ie_breaker *b, unsigned int n,
		     unsigned int from, bool cumulative, void (*setup)(void),
		     ie_insn_fn fn)
{
	ie_reset(NVMX_PRESET_MAX);
	if (setup)
		setup();
	if (cumulative) {
		for (unsigned int i = n; i-- > from;)
			b[i].apply();
	} else {
		b[from].apply();
	}
	ck_assert_int_eq(fn(&T->vcpu, &T->ctx, &T->out), 0);
	ck_assert_msg(T->out.rule == b[from].rule,
		      "breaker %u (%s, %s): got rule %s", from,
		      nvmx_insn_rule_name(b[from].rule),
		      cumulative ? "cumulative" : "alone",
		      nvmx_insn_rule_name(T->out.rule));
}
