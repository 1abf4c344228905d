// SPDX-License-Identifier: MIT
/*
 * insn_rw.c - VMREAD and VMWRITE (SDM 31.3): every branch in order in
 * VMX root and non-root operation, the operand forms and sizes, and the
 * VMCS-shadowing decision (SDM 25.6.15, 25.10) for every field of the
 * table (all widths and types, full and high access) against a bitmap.
 */
#include "insn_env.h"
#include "suite.h"

#define RR(i, id) NVMX_RULE_##i##_##id
#define ENC NVMX_GUEST_RIP	/* 681EH: natural-width guest field */
#define NOFIELD 0x7ffeu		/* host natural-width index 511: none */

static void set_misc29(bool on)
{
	uint64_t misc = nvmx_model_get_msr(&T->m, NVMX_MSR_VMX_MISC);

	misc = on ? misc | (1ull << 29) : misc & ~(1ull << 29);
	ck_assert_int_eq(nvmx_model_set_msr(&T->m, NVMX_MSR_VMX_MISC, misc), 0);
}

/* Root: VMXON + IE_VMCS current; register operands, reg = ENC. */
static void setup_root(void)
{
	ie_do_vmxon();
	ie_do_vmptrld(IE_VMCS);
	ie_vmcs(IE_VMCS)->field[NVMX_IDX_GUEST_RIP] = 0x1122334455667788ull;
	T->ctx.reg = ENC;
	T->ctx.op.is_mem = false;
	T->ctx.op.value = 0xfeedull;
}

/* Non-root: L1's VMCS IE_VMCS with VMCS shadowing, bitmaps at
 * IE_RBITMAP / IE_WBITMAP (all zero), shadow VMCS IE_VMCS2. */
static void setup_nonroot(void)
{
	struct nvmx_vmcs12 *v, *sh;

	setup_root();
	v = ie_vmcs(IE_VMCS);
	sh = ie_vmcs(IE_VMCS2);
	v->field[NVMX_IDX_CPU_BASED_VM_EXEC_CONTROL] = 1ull << 31;
	v->field[NVMX_IDX_SECONDARY_VM_EXEC_CONTROL] = 1ull << 14;
	v->field[NVMX_IDX_VMREAD_BITMAP] = IE_RBITMAP;
	v->field[NVMX_IDX_VMWRITE_BITMAP] = IE_WBITMAP;
	v->field[NVMX_IDX_VMCS_LINK_POINTER] = IE_VMCS2;
	sh->revision_id = ie_rev() | 0x80000000u;
	sh->field[NVMX_IDX_GUEST_RIP] = 0xabcdef0123ull;
	T->vcpu.non_root = true;
}

static void set_bitmap_bit(uint64_t bitmap, uint32_t enc)
{
	T->gmem[bitmap - IE_GPA + ((enc & 0x7fff) >> 3)] |=
		(uint8_t)(1u << (enc & 7));
}

static void b_not_vmx(void) { T->vcpu.in_vmx = false; }
static void b_mode(void) { T->ctx.cr0 &= ~1ull; }
static void b_no_shadow(void)
{
	ie_vmcs(IE_VMCS)->field[NVMX_IDX_SECONDARY_VM_EXEC_CONTROL] = 0;
}
static void b_high(void) { T->ctx.reg |= 1ull << 15; }
static void b_rbitmap(void) { set_bitmap_bit(IE_RBITMAP, (uint32_t)T->ctx.reg); }
static void b_wbitmap(void) { set_bitmap_bit(IE_WBITMAP, (uint32_t)T->ctx.reg); }
static void b_cpl(void) { T->ctx.cpl = 3; }
static void b_no_vmcs(void) { T->vcpu.current_vmcs = NVMX_VMCS_NONE; }
static void b_no_link(void)
{
	ie_vmcs(IE_VMCS)->field[NVMX_IDX_VMCS_LINK_POINTER] = ~0ull;
}
static void b_high32(void) { T->ctx.reg |= 1ull << 32; }
static void b_nofield(void) { T->ctx.reg = NOFIELD; }
static void b_readonly(void) { T->ctx.reg = NVMX_VM_EXIT_REASON, set_misc29(false); }
static void b_mem(void)
{
	T->ctx.op.is_mem = true;
	T->lin_fail = true;
}

static const struct ie_breaker vmread_root_b[] = {
	{ RR(VMREAD, UD_NOT_VMX), b_not_vmx },
	{ RR(VMREAD, UD_MODE), b_mode },
	{ RR(VMREAD, CPL), b_cpl },
	{ RR(VMREAD, NO_VMCS), b_no_vmcs },
	{ RR(VMREAD, HIGH32), b_high32 },
	{ RR(VMREAD, UNSUPPORTED), b_nofield },
	{ RR(VMREAD, MEM), b_mem },
};
static const struct ie_breaker vmread_nonroot_b[] = {
	{ RR(VMREAD, UD_NOT_VMX), b_not_vmx },
	{ RR(VMREAD, UD_MODE), b_mode },
	{ RR(VMREAD, EXIT_NO_SHADOW), b_no_shadow },
	{ RR(VMREAD, EXIT_HIGH), b_high },
	{ RR(VMREAD, EXIT_BITMAP), b_rbitmap },
	{ RR(VMREAD, CPL), b_cpl },
	{ RR(VMREAD, NO_LINK), b_no_link },
	{ RR(VMREAD, UNSUPPORTED), b_nofield },
	{ RR(VMREAD, MEM), b_mem },
};
/* VMWRITE reads a memory source before the VMCS checks (rules.def). */
static const struct ie_breaker vmwrite_root_b[] = {
	{ RR(VMWRITE, UD_NOT_VMX), b_not_vmx },
	{ RR(VMWRITE, UD_MODE), b_mode },
	{ RR(VMWRITE, CPL), b_cpl },
	{ RR(VMWRITE, MEM), b_mem },
	{ RR(VMWRITE, NO_VMCS), b_no_vmcs },
	{ RR(VMWRITE, HIGH32), b_high32 },
	{ RR(VMWRITE, UNSUPPORTED), b_nofield },
	{ RR(VMWRITE, READ_ONLY), b_readonly },
};
static const struct ie_breaker vmwrite_nonroot_b[] = {
	{ RR(VMWRITE, UD_NOT_VMX), b_not_vmx },
	{ RR(VMWRITE, UD_MODE), b_mode },
	{ RR(VMWRITE, EXIT_NO_SHADOW), b_no_shadow },
	{ RR(VMWRITE, EXIT_HIGH), b_high },
	{ RR(VMWRITE, EXIT_BITMAP), b_wbitmap },
	{ RR(VMWRITE, CPL), b_cpl },
	{ RR(VMWRITE, MEM), b_mem },
	{ RR(VMWRITE, NO_LINK), b_no_link },
	{ RR(VMWRITE, UNSUPPORTED), b_nofield },
	{ RR(VMWRITE, READ_ONLY), b_readonly },
};
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Breakers of the encoding must come before the bitmap breaker in
 * application order (later rows first): b_nofield / b_readonly set reg,
 * b_rbitmap marks the bit of whatever reg is then. */
START_TEST(vmread_root_order)
{
	ie_run_breakers(vmread_root_b, N(vmread_root_b), (unsigned int)_i,
			false, setup_root, nvmx_insn_vmread);
	ie_run_breakers(vmread_root_b, N(vmread_root_b), (unsigned int)_i,
			true, setup_root, nvmx_insn_vmread);
}
END_TEST

START_TEST(vmread_nonroot_order)
{
	ie_run_breakers(vmread_nonroot_b, N(vmread_nonroot_b),
			(unsigned int)_i, false, setup_nonroot,
			nvmx_insn_vmread);
	ie_run_breakers(vmread_nonroot_b, N(vmread_nonroot_b),
			(unsigned int)_i, true, setup_nonroot,
			nvmx_insn_vmread);
}
END_TEST

START_TEST(vmwrite_root_order)
{
	ie_run_breakers(vmwrite_root_b, N(vmwrite_root_b), (unsigned int)_i,
			false, setup_root, nvmx_insn_vmwrite);
	ie_run_breakers(vmwrite_root_b, N(vmwrite_root_b), (unsigned int)_i,
			true, setup_root, nvmx_insn_vmwrite);
	/* nothing was written */
	ck_assert_uint_eq(ie_vmcs(IE_VMCS)->field[NVMX_IDX_GUEST_RIP],
			  0x1122334455667788ull);
}
END_TEST

START_TEST(vmwrite_nonroot_order)
{
	ie_run_breakers(vmwrite_nonroot_b, N(vmwrite_nonroot_b),
			(unsigned int)_i, false, setup_nonroot,
			nvmx_insn_vmwrite);
	ie_run_breakers(vmwrite_nonroot_b, N(vmwrite_nonroot_b),
			(unsigned int)_i, true, setup_nonroot,
			nvmx_insn_vmwrite);
	ck_assert_uint_eq(ie_vmcs(IE_VMCS2)->field[NVMX_IDX_GUEST_RIP],
			  0xabcdef0123ull);
}
END_TEST

START_TEST(vmread_exact)
{
	ie_reset(NVMX_PRESET_MAX);
	setup_root();
	/* register destination, 64-bit mode */
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMREAD, OK));
	ck_assert(T->out.write_reg);
	ck_assert_uint_eq(T->out.value, 0x1122334455667788ull);
	/* memory destination: 8 bytes */
	T->ctx.op.is_mem = true;
	ie_lin_put(0, ~0ull, 16);
	ie_lin_put(8, ~0ull, 8);
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMREAD, OK));
	ck_assert(!T->out.write_reg);
	ck_assert_uint_eq(ie_lin_get(0, 8), 0x1122334455667788ull);
	ck_assert_uint_eq(ie_lin_get(8, 8), ~0ull);
	/* outside 64-bit mode (32-bit protected mode, IA32_EFER.LMA = 0):
	 * 32-bit operands, bits 63:32 of the encoding register ignored */
	T->ctx.efer_lma = false;
	T->ctx.cs_l = false;
	T->ctx.reg = ENC | (0xffull << 32);
	ie_lin_put(0, ~0ull, 8);
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMREAD, OK));
	ck_assert_uint_eq(ie_lin_get(0, 8), 0xffffffff55667788ull);
	T->ctx.op.is_mem = false;
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	ck_assert_uint_eq(T->out.value, 0x55667788ull);
	/* the same encoding in 64-bit mode: bits 63:32 set -> 12 */
	T->ctx.efer_lma = true;
	T->ctx.cs_l = true;
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 12, RR(VMREAD, HIGH32));
	ck_assert_uint_eq(
		ie_vmcs(IE_VMCS)->field[NVMX_IDX_VM_INSTRUCTION_ERROR], 12);
	/* high access of a 64-bit field: bits 63:32 */
	ie_vmcs(IE_VMCS)->field[NVMX_IDX_TSC_OFFSET] = 0x8877665544332211ull;
	T->ctx.reg = NVMX_TSC_OFFSET | 1;
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMREAD, OK));
	ck_assert_uint_eq(T->out.value, 0x88776655ull);
	/* high access of a 32-bit field: unsupported */
	T->ctx.reg = NVMX_VM_EXIT_REASON | 1;
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 12, RR(VMREAD, UNSUPPORTED));
	/* a field the model lacks: 12 (Skylake has no HLAT prefix size) */
	ie_reset(NVMX_PRESET_SKYLAKE_SERVER);
	setup_root();
	T->ctx.reg = NVMX_HLAT_PREFIX_SIZE;
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 12, RR(VMREAD, UNSUPPORTED));
	/* no current VMCS */
	T->vcpu.current_vmcs = NVMX_VMCS_NONE;
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_INVALID, 0, RR(VMREAD, NO_VMCS));
}
END_TEST

START_TEST(vmwrite_exact)
{
	struct nvmx_vmcs12 *v;

	ie_reset(NVMX_PRESET_MAX);
	setup_root();
	v = ie_vmcs(IE_VMCS);
	/* register source */
	T->ctx.op.value = 0x123456789abcdef0ull;
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMWRITE, OK));
	ck_assert_uint_eq(v->field[NVMX_IDX_GUEST_RIP], 0x123456789abcdef0ull);
	/* memory source, 8 bytes */
	T->ctx.op.is_mem = true;
	ie_lin_put(0, 0x0102030405060708ull, 8);
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMWRITE, OK));
	ck_assert_uint_eq(v->field[NVMX_IDX_GUEST_RIP], 0x0102030405060708ull);
	/* outside 64-bit mode: 4 bytes, zero-extended */
	T->ctx.efer_lma = false;
	T->ctx.cs_l = false;
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMWRITE, OK));
	ck_assert_uint_eq(v->field[NVMX_IDX_GUEST_RIP], 0x05060708ull);
	T->ctx.op.is_mem = false;
	T->ctx.op.value = 0xaaaabbbbccccddddull;
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	ck_assert_uint_eq(v->field[NVMX_IDX_GUEST_RIP], 0xccccddddull);
	T->ctx.efer_lma = true;
	T->ctx.cs_l = true;
	/* 16-bit field: truncated to 16 bits */
	T->ctx.reg = NVMX_GUEST_CS_SELECTOR;
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	ck_assert_uint_eq(v->field[NVMX_IDX_GUEST_CS_SELECTOR], 0xddddull);
	/* read-only field: 13 without IA32_VMX_MISC[29], written with it */
	T->ctx.reg = NVMX_EXIT_QUALIFICATION;
	set_misc29(false);
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 13, RR(VMWRITE, READ_ONLY));
	ck_assert_uint_eq(v->field[NVMX_IDX_VM_INSTRUCTION_ERROR], 13);
	ck_assert_uint_eq(v->field[NVMX_IDX_EXIT_QUALIFICATION], 0);
	set_misc29(true);
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMWRITE, OK));
	ck_assert_uint_eq(v->field[NVMX_IDX_EXIT_QUALIFICATION],
			  0xaaaabbbbccccddddull);
	/* memory fault of the source passes through before VMfailInvalid */
	T->vcpu.current_vmcs = NVMX_VMCS_NONE;
	T->ctx.op.is_mem = true;
	T->ctx.op.la = IE_LA + 60;
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 14, RR(VMWRITE, MEM));
	T->ctx.op.la = IE_LA;
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_INVALID, 0, RR(VMWRITE, NO_VMCS));
	/* VMWRITE in root to a shadow VMCS (current) is allowed */
	ie_vmcs(IE_VMCS2)->revision_id = ie_rev() | 0x80000000u;
	ie_do_vmptrld(IE_VMCS2);
	T->ctx.reg = ENC;
	T->ctx.op.is_mem = false;
	T->ctx.op.value = 77;
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMWRITE, OK));
	ck_assert_uint_eq(ie_vmcs(IE_VMCS2)->field[NVMX_IDX_GUEST_RIP], 77);
}
END_TEST

START_TEST(nonroot_exact)
{
	struct nvmx_vmcs12 *v, *sh;

	ie_reset(NVMX_PRESET_MAX);
	setup_nonroot();
	v = ie_vmcs(IE_VMCS);
	sh = ie_vmcs(IE_VMCS2);
	/* shadow access */
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMREAD, OK));
	ck_assert_uint_eq(T->out.value, 0xabcdef0123ull);
	T->ctx.op.value = 5;
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMWRITE, OK));
	ck_assert_uint_eq(sh->field[NVMX_IDX_GUEST_RIP], 5);
	ck_assert_uint_eq(v->field[NVMX_IDX_GUEST_RIP], 0x1122334455667788ull);
	/* exits carry the basic reasons 23 / 25 */
	b_no_shadow();
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 23, RR(VMREAD, EXIT_NO_SHADOW));
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 25, RR(VMWRITE, EXIT_NO_SHADOW));
	/* "activate secondary controls" = 0 disables shadowing too */
	v->field[NVMX_IDX_SECONDARY_VM_EXEC_CONTROL] = 1ull << 14;
	v->field[NVMX_IDX_CPU_BASED_VM_EXEC_CONTROL] = 0;
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 23, RR(VMREAD, EXIT_NO_SHADOW));
	v->field[NVMX_IDX_CPU_BASED_VM_EXEC_CONTROL] = 1ull << 31;
	/* bits 63:15: in 64-bit mode bit 40 counts, outside it does not */
	T->ctx.reg = ENC | (1ull << 40);
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_VMEXIT, 23, RR(VMREAD, EXIT_HIGH));
	T->ctx.efer_lma = false;
	T->ctx.cs_l = false;
	sh->field[NVMX_IDX_GUEST_RIP] = 0xabcdef0123ull;
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_SUCCEED, 0, RR(VMREAD, OK));
	ck_assert_uint_eq(T->out.value, 0xcdef0123ull);
	T->ctx.efer_lma = true;
	T->ctx.cs_l = true;
	T->ctx.reg = ENC;
	/* L2 at CPL 3 with a clear bitmap bit: #GP(0) to L2 */
	T->ctx.cpl = 3;
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_EXCEPTION, 13, RR(VMWRITE, CPL));
	T->ctx.cpl = 0;
	/* unsupported component through shadowing: VMfailValid(12) in the
	 * ordinary (current) VMCS, not in the shadow VMCS */
	T->ctx.reg = NOFIELD;
	nvmx_insn_vmwrite(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_VALID, 12, RR(VMWRITE, UNSUPPORTED));
	ck_assert_uint_eq(v->field[NVMX_IDX_VM_INSTRUCTION_ERROR], 12);
	ck_assert_uint_eq(sh->field[NVMX_IDX_VM_INSTRUCTION_ERROR], 0);
	/* link pointer FFFFFFFF_FFFFFFFFH: VMfailInvalid */
	b_no_link();
	T->ctx.reg = ENC;
	nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out);
	IE_EXPECT(NVMX_INSN_FAIL_INVALID, 0, RR(VMREAD, NO_LINK));
	/* bitmap unreadable: NVMX_EFAULT */
	v->field[NVMX_IDX_VMREAD_BITMAP] = 0x1000;
	ck_assert_int_eq(nvmx_insn_vmread(&T->vcpu, &T->ctx, &T->out),
			 NVMX_EFAULT);
	ck_assert_int_eq(T->out.status, NVMX_INSN_ERROR);
}
END_TEST

/* Width mask of an encoding, from SDM Table B-1 bits 14:13. */
static uint64_t width_mask(uint32_t enc)
{
	switch ((enc >> 13) & 3) {
	case 0: return 0xffffull;
	case 2: return 0xffffffffull;
	default: return ~0ull;
	}
}

/* Which encodings the test bitmap marks: a fixed pseudo-random third. */
static bool marked(uint32_t enc)
{
	return ((enc * 2654435761u) >> 13) % 3 == 0;
}

/* Every field (full and, for 64-bit ones, high access) in non-root:
 * exit iff its bitmap bit is set, else the access goes to the shadow. */
START_TEST(shadow_every_field)
{
	bool misc29 = _i & 1, write = _i & 2;
	unsigned int exits = 0, accesses = 0, ro_fail = 0;
	struct nvmx_vmcs12 *sh;

	ie_reset(NVMX_PRESET_MAX);
	setup_nonroot();
	set_misc29(misc29);
	sh = ie_vmcs(IE_VMCS2);
	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++) {
		const struct nvmx_field_info *f = nvmx_field_at(i);

		if (!nvmx_field_exists(&T->m, f->encoding))
			continue;
		for (uint32_t hi = 0; hi < (f->width == NVMX_W64 ? 2u : 1u);
		     hi++) {
			uint32_t enc = f->encoding | hi;

			if (marked(enc))
				set_bitmap_bit(write ? IE_WBITMAP : IE_RBITMAP,
					       enc);
		}
	}
	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++) {
		const struct nvmx_field_info *f = nvmx_field_at(i);

		if (!nvmx_field_exists(&T->m, f->encoding))
			continue;
		for (uint32_t hi = 0; hi < (f->width == NVMX_W64 ? 2u : 1u);
		     hi++) {
			uint32_t enc = f->encoding | hi;
			uint64_t pat = 0x0123456789abcdefull ^ ((uint64_t)i << 40);
			uint64_t before;
			bool ro = ((enc >> 10) & 3) == 1 && !misc29;

			sh->field[i] = pat & width_mask(enc);
			before = sh->field[i];
			T->ctx.reg = enc;
			T->ctx.op.is_mem = false;
			T->ctx.op.value = ~pat;
			ck_assert_int_eq((write ? nvmx_insn_vmwrite
						: nvmx_insn_vmread)(
						 &T->vcpu, &T->ctx, &T->out),
					 0);
			if (marked(enc)) {
				ck_assert_msg(T->out.status == NVMX_INSN_VMEXIT &&
						      T->out.exit_reason ==
							      (write ? 25u : 23u),
					      "%s%s: want exit", f->name,
					      hi ? "_HIGH" : "");
				ck_assert_uint_eq(sh->field[i], before);
				exits++;
				continue;
			}
			if (write && ro) {
				IE_EXPECT(NVMX_INSN_FAIL_VALID, 13,
					  RR(VMWRITE, READ_ONLY));
				ck_assert_uint_eq(sh->field[i], before);
				ro_fail++;
				continue;
			}
			ck_assert_msg(T->out.status == NVMX_INSN_SUCCEED,
				      "%s%s: status %d", f->name,
				      hi ? "_HIGH" : "", T->out.status);
			accesses++;
			if (!write) {
				ck_assert_uint_eq(T->out.value,
						  hi ? before >> 32 : before);
			} else if (hi) {
				ck_assert_uint_eq(sh->field[i],
						  (before & 0xffffffffull) |
							  (~pat << 32));
			} else {
				ck_assert_uint_eq(sh->field[i],
						  ~pat & width_mask(enc));
			}
		}
	}
	/* the domain is covered: some of each kind */
	ck_assert_uint_gt(exits, 20);
	ck_assert_uint_gt(accesses, 100);
	ck_assert(!(write && !misc29) || ro_fail > 5);
}
END_TEST

static Suite *make_insn_rw(void)
{
	Suite *s = suite_create("insn_rw");
	TCase *tc = tcase_create("rw");

	tcase_add_loop_test(tc, vmread_root_order, 0, N(vmread_root_b));
	tcase_add_loop_test(tc, vmread_nonroot_order, 0, N(vmread_nonroot_b));
	tcase_add_loop_test(tc, vmwrite_root_order, 0, N(vmwrite_root_b));
	tcase_add_loop_test(tc, vmwrite_nonroot_order, 0,
			    N(vmwrite_nonroot_b));
	tcase_add_test(tc, vmread_exact);
	tcase_add_test(tc, vmwrite_exact);
	tcase_add_test(tc, nonroot_exact);
	tcase_add_loop_test(tc, shadow_every_field, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_insn_rw);
