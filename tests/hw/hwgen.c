// SPDX-License-Identifier: MIT
/*
 * hwgen.c - test vectors for the differential VM-entry test.
 *
 * Every vector is the kernel's valid baseline VMCS plus a few field writes
 * (and, for the MSR-load family, entries in the kernel's MSR-load area).
 * Families:
 *   base     the baseline itself (must enter);
 *   flip     every bit of every input field (control, guest, host) the
 *            model has, one at a time: breaks the checks on that field and,
 *            where the bit is free, keeps the VMCS valid (boundary cases);
 *   value    special values per field (0, all ones, canonical boundaries,
 *            a valid page address, small numbers);
 *   ctl      every allowed-1 control bit switched on alone (secondary ones
 *            with "activate secondary controls"), then again with every
 *            address field pointing at a valid page: the checks each
 *            control brings with it;
 *   msr      VM-entry MSR-load lists with valid and invalid entries;
 *   rand     seeded random combinations of the above.
 * The expectations are not decided here: the runner compares Bochs with
 * nvmx_check_vmentry() on each vector.
 *
 * Safety: a vector must not stop the kernel after a successful VM exit
 * (host CR3/RIP/RSP must stay usable unless invalid) and must not hit a
 * known Bochs hang or panic (see doc/bochs-deviations.md); such vectors
 * are counted as skipped, not generated.
 */
#include "hwgen.h"

#include <stdio.h>
#include <string.h>

unsigned int gen_skip_counts[SKIP_COUNT];
const char *const gen_skip_names[SKIP_COUNT] = {
	[SKIP_NONE] = "none",
	[SKIP_HOST_CR3] = "host CR3 to another valid page",
	[SKIP_HOST_RIP] = "host RIP to another canonical address",
	[SKIP_HOST_RSP] = "host RSP to another canonical address",
	[SKIP_HOST_LA57] = "host CR4.LA57",
	[SKIP_HOST_CET] = "host shadow stack/IBT",
	[SKIP_RUNAWAY] = "guest RIP to another canonical address",
	[SKIP_ACTIVITY] = "wait-for-SIPI, or HLT/shutdown without timer",
	[SKIP_PAE_MEMORY] = "PAE guest with PDPTEs in unmodelled memory",
	[SKIP_TYPE7] = "event type 7 without MTF (Bochs panics)",
};

static bool base_get(const struct gen_target *t, uint32_t enc, uint64_t *v)
{
	for (unsigned int i = 0; i < t->nbase; i++)
		if (t->base[i].enc == enc) {
			*v = t->base[i].val;
			return true;
		}
	*v = 0; /* zeroed region */
	return false;
}

/* The value a field ends up with in vector v. */
static uint64_t final_val(const struct gen_target *t, const struct gen_vec *v,
			  uint32_t enc)
{
	uint64_t x;

	base_get(t, enc, &x);
	for (unsigned int i = 0; i < v->nmut; i++)
		if (v->mut[i].enc == enc)
			x = v->mut[i].val;
	return x;
}

static uint64_t wmask(uint32_t enc)
{
	switch (NVMX_ENC_WIDTH(enc)) {
	case NVMX_W16:
		return 0xffff;
	case NVMX_W32:
		return 0xffffffffull;
	default:
		return ~0ull;
	}
}

static unsigned int wbits(uint32_t enc)
{
	switch (NVMX_ENC_WIDTH(enc)) {
	case NVMX_W16:
		return 16;
	case NVMX_W32:
		return 32;
	default:
		return 64;
	}
}

static bool canonical48(uint64_t x)
{
	uint64_t top = x >> 47;

	return top == 0 || top == 0x1ffff;
}

/* Fields whose mutation the kernel cannot survive or Bochs cannot run
 * are filtered by vector_ok(); these are never mutated at all: */
static bool never_mutate(uint32_t enc)
{
	switch (enc) {
	case NVMX_VM_EXIT_MSR_LOAD_COUNT:	/* would load MSR 0 at exit */
	case NVMX_VM_EXIT_MSR_STORE_COUNT:	/* would store MSR 0 at exit */
	case NVMX_VM_ENTRY_MSR_LOAD_COUNT:	/* msr family only */
		return true;
	default:
		return false;
	}
}

/*
 * Whether Bochs can run v and the kernel survives it:
 * - host CR3 must keep its page-table address unless the value is
 *   invalid (a bit at or above MAXPHYADDR);
 * - host RIP/RSP must be unchanged or non-canonical;
 * - host CR4.LA57 must not appear (4-level tables);
 * - no wait-for-SIPI guest (never exits; the preemption timer does not
 *   count there), no HLT/shutdown guest without the preemption timer;
 * - no injection of event type 7 without MTF (Bochs panics, deviation 12).
 */
static int vector_ok(const struct gen_target *t, const struct gen_vec *v)
{
	uint64_t b, x;
	unsigned int maxphy = t->m.maxphyaddr;
	uint64_t addr_mask = ((1ull << maxphy) - 1) & ~0xfffull;
	bool timer;
	uint64_t act, info;

	base_get(t, NVMX_HOST_CR3, &b);
	x = final_val(t, v, NVMX_HOST_CR3);
	if ((x & addr_mask) != (b & addr_mask) && !(x >> maxphy))
		return SKIP_HOST_CR3;
	base_get(t, NVMX_HOST_RIP, &b);
	x = final_val(t, v, NVMX_HOST_RIP);
	if (x != b && canonical48(x))
		return SKIP_HOST_RIP;
	base_get(t, NVMX_HOST_RSP, &b);
	x = final_val(t, v, NVMX_HOST_RSP);
	if (x != b && canonical48(x))
		return SKIP_HOST_RSP;
	if (final_val(t, v, NVMX_HOST_CR4) & NVMX_CR4_LA57)
		return SKIP_HOST_LA57;
	/* host CET with shadow stacks or IBT on: the kernel has neither */
	if ((final_val(t, v, NVMX_VM_EXIT_CONTROLS) &
	     NVMX_CTL_MASK(EXIT_LOAD_CET_STATE)) &&
	    (final_val(t, v, NVMX_HOST_S_CET) & 0x5))
		return SKIP_HOST_CET;
	timer = final_val(t, v, NVMX_PIN_BASED_VM_EXEC_CONTROL) &
		NVMX_CTL_MASK(PIN_PREEMPTION_TIMER);
	/* a guest that runs off its code (another canonical RIP) may never
	 * exit, or run the kernel's own code (identity mapped) up to its
	 * write to the Bochs shutdown port */
	base_get(t, NVMX_GUEST_RIP, &b);
	x = final_val(t, v, NVMX_GUEST_RIP);
	if (x != b && canonical48(x))
		return SKIP_RUNAWAY;
	act = final_val(t, v, NVMX_GUEST_ACTIVITY_STATE);
	if (act == 3 || ((act == 1 || act == 2) && !timer))
		return SKIP_ACTIVITY;
	/*
	 * A PAE guest without EPT has its PDPTEs read from guest CR3 at VM
	 * entry (SDM 27.3.1.6, 27.3.2.4): only memory the runner knows
	 * (0x0000-0x3fff and the MSR-load area) may be used.
	 */
	{
		uint64_t entry = final_val(t, v, NVMX_VM_ENTRY_CONTROLS);
		uint64_t cr0 = final_val(t, v, NVMX_GUEST_CR0);
		uint64_t cr4 = final_val(t, v, NVMX_GUEST_CR4);
		uint64_t cr3 = final_val(t, v, NVMX_GUEST_CR3);
		bool ept = (final_val(t, v, NVMX_CPU_BASED_VM_EXEC_CONTROL) &
			    NVMX_CTL_MASK(PROC_ACTIVATE_SECONDARY)) &&
			   (final_val(t, v, NVMX_SECONDARY_VM_EXEC_CONTROL) &
			    NVMX_CTL_MASK(PROC2_ENABLE_EPT));

		if (!(entry & NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST)) &&
		    (cr0 & (1ull << 31)) && (cr4 & (1ull << 5)) && !ept &&
		    (cr3 & 0xffffffffull & ~0xfffull) >= GEN_LOW_LIMIT &&
		    (cr3 & 0xffffffffull & ~0xfffull) != t->msr_area)
			return SKIP_PAE_MEMORY;
	}
	info = final_val(t, v, NVMX_VM_ENTRY_INTR_INFO);
	if ((info & 0x80000000u) && ((info >> 8) & 7) == 7 &&
	    !(nvmx_model_allowed1(&t->m, NVMX_WORD_PROC) &
	      NVMX_CTL_MASK(PROC_MONITOR_TRAP_FLAG)))
		return SKIP_TYPE7;
	return SKIP_NONE;
}

struct gen {
	const struct gen_target *t;
	struct gen_vec *out;
	size_t cap, n;
	unsigned int skipped;
	uint64_t rng;
};

static uint64_t rnd(struct gen *g)
{
	/* xorshift64* */
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return g->rng * 0x2545f4914f6cdd1dull;
}

static void vset(struct gen_vec *v, uint32_t enc, uint64_t val)
{
	for (unsigned int i = 0; i < v->nmut; i++)
		if (v->mut[i].enc == enc) {
			v->mut[i].val = val & wmask(enc);
			return;
		}
	if (v->nmut < GEN_MAX_MUT) {
		v->mut[v->nmut].enc = enc;
		v->mut[v->nmut].pad = 0;
		v->mut[v->nmut].val = val & wmask(enc);
		v->nmut++;
	}
}

static void emit(struct gen *g, struct gen_vec *v)
{
	if (g->n >= g->cap)
		return;
	int why = vector_ok(g->t, v);

	if (why != SKIP_NONE) {
		g->skipped++;
		gen_skip_counts[why]++;
		return;
	}
	v->id = (uint32_t)g->n;
	g->out[g->n++] = *v;
}

static void start(struct gen_vec *v, const char *desc, uint32_t field)
{
	memset(v, 0, sizeof(*v));
	snprintf(v->desc, sizeof(v->desc), "%s", desc);
	v->field = field;
}

/* Input fields of the model: controls, guest and host state. */
static size_t input_fields(const struct gen_target *t, uint32_t *enc,
			   size_t cap)
{
	size_t n = 0;

	for (unsigned int i = 0; i < NVMX_FIELD_COUNT && n < cap; i++) {
		const struct nvmx_field_info *f = nvmx_field_at(i);

		if (f->type == NVMX_EXIT || never_mutate(f->encoding) ||
		    !nvmx_field_exists(&t->m, f->encoding))
			continue;
		enc[n++] = f->encoding;
	}
	return n;
}

static void fam_flip(struct gen *g, const uint32_t *enc, size_t nf)
{
	struct gen_vec v;

	for (size_t i = 0; i < nf; i++) {
		uint64_t b;

		base_get(g->t, enc[i], &b);
		for (unsigned int bit = 0; bit < wbits(enc[i]); bit++) {
			char d[96];

			snprintf(d, sizeof(d), "flip %s bit %u",
				 nvmx_field_name(enc[i]), bit);
			start(&v, d, enc[i]);
			vset(&v, enc[i], b ^ (1ull << bit));
			emit(g, &v);
		}
	}
}

static void fam_value(struct gen *g, const uint32_t *enc, size_t nf)
{
	const uint64_t page = g->t->msr_area;
	const uint64_t vals[] = {
		0, ~0ull, 1, 2, 3, 4, 5, 6, 7, 8, 0xf, 0x10, 0xff,
		0x00007fffffffffffull, 0x0000800000000000ull,
		0xffff800000000000ull, 0xffff7fffffffffffull, page,
		page | 0x1e, page + 0x10, page + 1,
		1ull << g->t->m.maxphyaddr,
	};
	struct gen_vec v;

	for (size_t i = 0; i < nf; i++)
		for (size_t k = 0; k < sizeof(vals) / sizeof(vals[0]); k++) {
			char d[96];

			snprintf(d, sizeof(d), "value %s = %#llx",
				 nvmx_field_name(enc[i]),
				 (unsigned long long)vals[k]);
			start(&v, d, enc[i]);
			vset(&v, enc[i], vals[k]);
			emit(g, &v);
		}
}

/* The control words as fields, with their capability word. */
static const struct {
	uint32_t enc;
	enum nvmx_ctl_word w;
} ctl_fields[] = {
	{ NVMX_PIN_BASED_VM_EXEC_CONTROL, NVMX_WORD_PIN },
	{ NVMX_CPU_BASED_VM_EXEC_CONTROL, NVMX_WORD_PROC },
	{ NVMX_SECONDARY_VM_EXEC_CONTROL, NVMX_WORD_PROC2 },
	{ NVMX_VM_EXIT_CONTROLS, NVMX_WORD_EXIT },
	{ NVMX_VM_ENTRY_CONTROLS, NVMX_WORD_ENTRY },
};

/* Address-like control fields: pointed at a valid page by "ctl+addr". */
static const uint32_t addr_fields[] = {
	NVMX_IO_BITMAP_A, NVMX_IO_BITMAP_B, NVMX_MSR_BITMAP,
	NVMX_VIRTUAL_APIC_PAGE_ADDR, NVMX_APIC_ACCESS_ADDR,
	NVMX_POSTED_INTR_DESC_ADDR, NVMX_PML_ADDRESS, NVMX_VMREAD_BITMAP,
	NVMX_VMWRITE_BITMAP, NVMX_VE_INFORMATION_ADDRESS,
	NVMX_EPTP_LIST_ADDRESS, NVMX_XSS_EXIT_BITMAP,
	NVMX_ENCLS_EXITING_BITMAP,
};

static void enable_ctl(const struct gen_target *t, struct gen_vec *v,
		       unsigned int c, unsigned int bit)
{
	uint64_t x = final_val(t, v, ctl_fields[c].enc);

	vset(v, ctl_fields[c].enc, x | (1ull << bit));
	if (ctl_fields[c].w == NVMX_WORD_PROC2)
		vset(v, NVMX_CPU_BASED_VM_EXEC_CONTROL,
		     final_val(t, v, NVMX_CPU_BASED_VM_EXEC_CONTROL) |
			     NVMX_CTL_MASK(PROC_ACTIVATE_SECONDARY));
}

static void point_addrs(const struct gen_target *t, struct gen_vec *v)
{
	for (size_t k = 0; k < sizeof(addr_fields) / sizeof(addr_fields[0]);
	     k++)
		if (nvmx_field_exists(&t->m, addr_fields[k]) &&
		    v->nmut < GEN_MAX_MUT)
			vset(v, addr_fields[k], t->msr_area);
	/* EPT: WB, 4-level walk (SDM 25.6.11) */
	if (nvmx_field_exists(&t->m, NVMX_EPT_POINTER) && v->nmut < GEN_MAX_MUT)
		vset(v, NVMX_EPT_POINTER, t->msr_area | 0x1e);
}

static void fam_ctl(struct gen *g)
{
	struct gen_vec v;

	for (unsigned int c = 0; c < sizeof(ctl_fields) / sizeof(ctl_fields[0]);
	     c++) {
		uint64_t a1 = nvmx_model_allowed1(&g->t->m, ctl_fields[c].w);
		uint64_t b;

		if (!nvmx_field_exists(&g->t->m, ctl_fields[c].enc))
			continue;
		base_get(g->t, ctl_fields[c].enc, &b);
		for (unsigned int bit = 0; bit < 32; bit++) {
			char d[96];

			if (!(a1 & (1ull << bit)) || (b & (1ull << bit)))
				continue;
			snprintf(d, sizeof(d), "ctl %s bit %u",
				 nvmx_field_name(ctl_fields[c].enc), bit);
			start(&v, d, ctl_fields[c].enc);
			enable_ctl(g->t, &v, c, bit);
			emit(g, &v);
			snprintf(d, sizeof(d), "ctl+addr %s bit %u",
				 nvmx_field_name(ctl_fields[c].enc), bit);
			start(&v, d, ctl_fields[c].enc);
			enable_ctl(g->t, &v, c, bit);
			point_addrs(g->t, &v);
			emit(g, &v);
		}
	}
}

static void msr_vec(struct gen *g, const char *desc, uint64_t addr,
		    uint32_t count, const struct hw_msr *e, unsigned int ne)
{
	struct gen_vec v;

	start(&v, desc, NVMX_VM_ENTRY_MSR_LOAD_COUNT);
	vset(&v, NVMX_VM_ENTRY_MSR_LOAD_ADDR, addr);
	vset(&v, NVMX_VM_ENTRY_MSR_LOAD_COUNT, count);
	for (unsigned int i = 0; i < ne && i < GEN_MAX_MSR; i++)
		v.msr[i] = e[i];
	v.nmsr = ne;
	emit(g, &v);
}

/* SDM 27.4 (MSR loading) and 27.2.1.2 (its address). */
static void fam_msr(struct gen *g)
{
	const uint64_t a = g->t->msr_area;
	const struct hw_msr ok1 = { 0x174, 0, 0x8 };	/* SYSENTER_CS */
	const struct hw_msr ok2 = { 0xc0000102u, 0, 0x1234000 }; /* KERNEL_GS */
	const struct hw_msr bad[] = {
		{ 0x174, 1, 0 },		/* reserved bits 63:32 */
		{ 0xc0000100u, 0, 0 },		/* IA32_FS_BASE */
		{ 0xc0000101u, 0, 0 },		/* IA32_GS_BASE */
		{ 0x9b, 0, 0 },			/* IA32_SMM_MONITOR_CTL */
		{ 0x800, 0, 0 },		/* x2APIC range */
		{ 0x808, 0, 0 },
		{ 0x8ff, 0, 0 },
		{ 0x7ff, 0, 0 },		/* just below: not a rule */
	};
	char d[96];

	msr_vec(g, "msr 1 valid", a, 1, &ok1, 1);
	{
		struct hw_msr two[2] = { ok1, ok2 };

		msr_vec(g, "msr 2 valid", a, 2, two, 2);
	}
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hw_msr two[2] = { ok1, bad[i] };

		if (bad[i].index == 0x7ff)
			continue; /* writability of 0x7ff is not modelled */
		snprintf(d, sizeof(d), "msr entry 1 index %#x res %#x",
			 bad[i].index, bad[i].reserved);
		msr_vec(g, d, a, 1, &bad[i], 1);
		snprintf(d, sizeof(d), "msr entry 2 index %#x res %#x",
			 bad[i].index, bad[i].reserved);
		msr_vec(g, d, a, 2, two, 2);
	}
	/* address: 16-byte alignment and physical-address width */
	msr_vec(g, "msr addr +8", a + 8, 1, &ok1, 1);
	msr_vec(g, "msr addr +4", a + 4, 1, &ok1, 1);
	msr_vec(g, "msr addr beyond maxphyaddr",
		a | (1ull << g->t->m.maxphyaddr), 1, &ok1, 1);
	msr_vec(g, "msr addr +16 count 0", a + 8, 0, &ok1, 0);
}

/*
 * Controls and the fields they bring into play (SDM 27.2.1.1, 27.2.1.2,
 * 27.2.1.3, 27.2.2, 27.3.1.1): each field is tried with bad and boundary
 * values while its controls are on and every other address is valid.
 * A control the model cannot set makes the row inapplicable.
 */
#define W_PIN 0
#define W_PROC 1
#define W_PROC2 2
#define W_EXIT 3
#define W_ENTRY 4
struct ctl_ref {
	unsigned char word, bit;
};
static const struct {
	uint32_t field;
	struct ctl_ref need[5];	/* bit 0xff ends the list */
	unsigned char kind;	/* 0 address, 1 small number, 2 bit flips */
} field_ctls[] = {
	{ NVMX_IO_BITMAP_A, { { W_PROC, 25 }, { 0, 0xff } }, 0 },
	{ NVMX_IO_BITMAP_B, { { W_PROC, 25 }, { 0, 0xff } }, 0 },
	{ NVMX_MSR_BITMAP, { { W_PROC, 28 }, { 0, 0xff } }, 0 },
	{ NVMX_VIRTUAL_APIC_PAGE_ADDR, { { W_PROC, 21 }, { 0, 0xff } }, 0 },
	{ NVMX_TPR_THRESHOLD, { { W_PROC, 21 }, { 0, 0xff } }, 1 },
	{ NVMX_APIC_ACCESS_ADDR, { { W_PROC2, 0 }, { 0, 0xff } }, 0 },
	{ NVMX_EPT_POINTER, { { W_PROC2, 1 }, { 0, 0xff } }, 2 },
	{ NVMX_EPT_POINTER, { { W_PROC2, 1 }, { 0, 0xff } }, 0 },
	{ NVMX_VIRTUAL_PROCESSOR_ID, { { W_PROC2, 5 }, { 0, 0xff } }, 1 },
	{ NVMX_PML_ADDRESS, { { W_PROC2, 1 }, { W_PROC2, 17 }, { 0, 0xff } }, 0 },
	{ NVMX_VM_FUNCTION_CONTROL, { { W_PROC2, 1 }, { W_PROC2, 13 }, { 0, 0xff } }, 2 },
	{ NVMX_EPTP_LIST_ADDRESS, { { W_PROC2, 1 }, { W_PROC2, 13 }, { 0, 0xff } }, 0 },
	{ NVMX_VMREAD_BITMAP, { { W_PROC2, 14 }, { 0, 0xff } }, 0 },
	{ NVMX_VMWRITE_BITMAP, { { W_PROC2, 14 }, { 0, 0xff } }, 0 },
	{ NVMX_VE_INFORMATION_ADDRESS, { { W_PROC2, 1 }, { W_PROC2, 18 }, { 0, 0xff } }, 0 },
	{ NVMX_POSTED_INTR_DESC_ADDR, { { W_PIN, 0 }, { W_PIN, 7 }, { W_PROC, 21 }, { W_PROC2, 9 }, { W_EXIT, 15 } }, 0 },
	{ NVMX_POSTED_INTR_NOTIFICATION_VECTOR, { { W_PIN, 0 }, { W_PIN, 7 }, { W_PROC, 21 }, { W_PROC2, 9 }, { W_EXIT, 15 } }, 1 },
	{ NVMX_HOST_IA32_PAT, { { W_EXIT, 19 }, { 0, 0xff } }, 2 },
	{ NVMX_HOST_IA32_EFER, { { W_EXIT, 21 }, { 0, 0xff } }, 2 },
	{ NVMX_HOST_IA32_PERF_GLOBAL_CTRL, { { W_EXIT, 12 }, { 0, 0xff } }, 2 },
	{ NVMX_HOST_IA32_PKRS, { { W_EXIT, 29 }, { 0, 0xff } }, 2 },
	{ NVMX_HOST_S_CET, { { W_EXIT, 28 }, { 0, 0xff } }, 2 },
	{ NVMX_HOST_SSP, { { W_EXIT, 28 }, { 0, 0xff } }, 2 },
	{ NVMX_HOST_INTR_SSP_TABLE, { { W_EXIT, 28 }, { 0, 0xff } }, 2 },
	{ NVMX_GUEST_IA32_PAT, { { W_ENTRY, 14 }, { 0, 0xff } }, 2 },
	{ NVMX_GUEST_IA32_EFER, { { W_ENTRY, 15 }, { 0, 0xff } }, 2 },
	{ NVMX_GUEST_IA32_PERF_GLOBAL_CTRL, { { W_ENTRY, 13 }, { 0, 0xff } }, 2 },
	{ NVMX_GUEST_IA32_DEBUGCTL, { { W_ENTRY, 2 }, { 0, 0xff } }, 2 },
	{ NVMX_GUEST_DR7, { { W_ENTRY, 2 }, { 0, 0xff } }, 2 },
	{ NVMX_GUEST_IA32_BNDCFGS, { { W_ENTRY, 16 }, { 0, 0xff } }, 2 },
	{ NVMX_GUEST_IA32_RTIT_CTL, { { W_ENTRY, 18 }, { 0, 0xff } }, 2 },
	{ NVMX_GUEST_IA32_PKRS, { { W_ENTRY, 22 }, { 0, 0xff } }, 2 },
	{ NVMX_GUEST_S_CET, { { W_ENTRY, 20 }, { 0, 0xff } }, 2 },
	{ NVMX_GUEST_SSP, { { W_ENTRY, 20 }, { 0, 0xff } }, 2 },
	{ NVMX_GUEST_INTR_SSP_TABLE, { { W_ENTRY, 20 }, { 0, 0xff } }, 2 },
	{ NVMX_VMX_PREEMPTION_TIMER_VALUE, { { W_EXIT, 22 }, { 0, 0xff } }, 1 },
	{ NVMX_VM_EXIT_MSR_STORE_ADDR, { { 0, 0xff } }, 3 },
	{ NVMX_VM_EXIT_MSR_LOAD_ADDR, { { 0, 0xff } }, 3 },
};

static bool enable_refs(const struct gen_target *t, struct gen_vec *v,
			const struct ctl_ref *need)
{
	for (unsigned int i = 0; i < 5 && need[i].bit != 0xff; i++) {
		if (!(nvmx_model_allowed1(&t->m, ctl_fields[need[i].word].w) &
		      (1ull << need[i].bit)))
			return false;
		enable_ctl(t, v, need[i].word, need[i].bit);
	}
	return true;
}

static void fam_field_ctls(struct gen *g)
{
	const uint64_t page = g->t->msr_area;
	const unsigned int mp = g->t->m.maxphyaddr;
	const uint64_t addrs[] = { page, page + 1, page + 0x800, page + 0x10,
				   page | (1ull << mp), 1ull << 63, 0 };
	const uint64_t nums[] = { 0, 1, 2, 0xf, 0x10, 0x11, 0xff, 0x100,
				  0xffff, 0xf0000000u, 0x80000000u };
	struct gen_vec v;
	char d[96];

	for (size_t r = 0; r < sizeof(field_ctls) / sizeof(field_ctls[0]);
	     r++) {
		uint32_t f = field_ctls[r].field;
		uint64_t b;

		if (!nvmx_field_exists(&g->t->m, f))
			continue;
		start(&v, "", f);
		if (!enable_refs(g->t, &v, field_ctls[r].need))
			continue;
		base_get(g->t, f, &b);
		switch (field_ctls[r].kind) {
		case 0:
			for (size_t k = 0; k < sizeof(addrs) / sizeof(addrs[0]);
			     k++) {
				start(&v, "", f);
				enable_refs(g->t, &v, field_ctls[r].need);
				point_addrs(g->t, &v);
				vset(&v, f, addrs[k]);
				snprintf(v.desc, sizeof(v.desc),
					 "ctl-field %s = %#llx",
					 nvmx_field_name(f),
					 (unsigned long long)addrs[k]);
				emit(g, &v);
			}
			break;
		case 1:
			for (size_t k = 0; k < sizeof(nums) / sizeof(nums[0]);
			     k++) {
				start(&v, "", f);
				enable_refs(g->t, &v, field_ctls[r].need);
				point_addrs(g->t, &v);
				vset(&v, f, nums[k]);
				snprintf(v.desc, sizeof(v.desc),
					 "ctl-field %s = %#llx",
					 nvmx_field_name(f),
					 (unsigned long long)nums[k]);
				emit(g, &v);
			}
			break;
		case 2:
			for (unsigned int bit = 0; bit < 64; bit++) {
				start(&v, "", f);
				enable_refs(g->t, &v, field_ctls[r].need);
				point_addrs(g->t, &v);
				vset(&v, f, final_val(g->t, &v, f) ^
						    (1ull << bit));
				snprintf(d, sizeof(d), "ctl-field %s bit %u",
					 nvmx_field_name(f), bit);
				snprintf(v.desc, sizeof(v.desc), "%s", d);
				emit(g, &v);
			}
			break;
		default:
			/* exit MSR areas: only invalid addresses with count 1
			 * (a valid one would load MSR 0 at the exit) */
			for (unsigned int k = 1; k < 5; k++) {
				uint64_t a = k == 1 ? page + 8 :
					     k == 2 ? page + 4 :
					     k == 3 ? page | (1ull << mp) :
						      ~0ull << 4;
				start(&v, "", f);
				vset(&v, f, a);
				vset(&v, f == NVMX_VM_EXIT_MSR_STORE_ADDR ?
						 NVMX_VM_EXIT_MSR_STORE_COUNT :
						 NVMX_VM_EXIT_MSR_LOAD_COUNT,
				     1);
				snprintf(v.desc, sizeof(v.desc),
					 "exit-msr %s = %#llx",
					 nvmx_field_name(f),
					 (unsigned long long)a);
				emit(g, &v);
			}
			break;
		}
	}
}

/* Event injection (SDM 27.2.1.3): type x vector x error code x length,
 * in the active state and in HLT. */
static void fam_event(struct gen *g)
{
	static const unsigned int vectors[] = { 0, 1, 2, 3, 6, 8, 13, 14,
						17, 18, 21, 31, 32, 255 };
	struct gen_vec v;

	for (unsigned int type = 0; type < 8; type++)
		for (size_t k = 0; k < sizeof(vectors) / sizeof(vectors[0]);
		     k++)
			for (unsigned int ec = 0; ec < 2; ec++)
				for (unsigned int variant = 0; variant < 4;
				     variant++) {
					uint32_t info = 0x80000000u |
							(type << 8) |
							vectors[k] | (ec << 11);

					if (variant == 3)
						info |= 1u << 12; /* reserved */
					start(&v, "", NVMX_VM_ENTRY_INTR_INFO);
					vset(&v, NVMX_VM_ENTRY_INTR_INFO, info);
					vset(&v, NVMX_VM_ENTRY_INSTRUCTION_LEN,
					     variant == 1 ? 0 :
					     variant == 2 ? 16 : 3);
					vset(&v, NVMX_VM_ENTRY_EXCEPTION_ERROR_CODE,
					     variant == 2 ? 0x10000 : 0);
					snprintf(v.desc, sizeof(v.desc),
						 "event info %#x len-variant %u",
						 info, variant);
					emit(g, &v);
				}
	/* with blocking states and activity states */
	for (unsigned int act = 0; act < 3; act++)
		for (unsigned int intr = 0; intr < 16; intr++)
			for (unsigned int type = 0; type < 3; type++) {
				static const uint32_t ev[] = { 0x80000020u,
							       0x80000202u,
							       0 };

				start(&v, "", NVMX_GUEST_INTERRUPTIBILITY_INFO);
				vset(&v, NVMX_GUEST_ACTIVITY_STATE, act);
				vset(&v, NVMX_GUEST_INTERRUPTIBILITY_INFO, intr);
				vset(&v, NVMX_VM_ENTRY_INTR_INFO, ev[type]);
				vset(&v, NVMX_GUEST_RFLAGS,
				     (intr & 1) ? 0x202 : 0x2);
				snprintf(v.desc, sizeof(v.desc),
					 "blocking act %u intr %#x event %#x",
					 act, intr, ev[type]);
				emit(g, &v);
			}
}

/*
 * Segment registers from a usable state (SDM 27.3.1.2): LDTR made usable
 * (type 2, present), and every segment with each access-rights bit, the
 * selector's TI/RPL bits and the limit/granularity boundaries changed.
 */
static void fam_segment(struct gen *g)
{
	struct gen_vec v;
	char d[96];

	for (unsigned int s = 0; s < 8; s++) {
		uint32_t sel = NVMX_GUEST_ES_SELECTOR + 2 * s;
		uint32_t lim = NVMX_GUEST_ES_LIMIT + 2 * s;
		uint32_t ar = NVMX_GUEST_ES_AR_BYTES + 2 * s;
		uint32_t base = NVMX_GUEST_ES_BASE + 2 * s;
		bool ldtr = sel == NVMX_GUEST_LDTR_SELECTOR;
		static const uint32_t limits[] = { 0, 0xfff, 0x1000, 0xfffff,
						   0x100000, 0xffffffffu,
						   0x7fffffff };

		for (unsigned int bit = 0; bit < 32; bit++) {
			start(&v, "", ar);
			if (ldtr) {
				vset(&v, sel, 0x28);
				vset(&v, ar, 0x82);
				vset(&v, lim, 0xffff);
			}
			vset(&v, ar, final_val(g->t, &v, ar) ^ (1ull << bit));
			snprintf(d, sizeof(d), "segment %s bit %u%s",
				 nvmx_field_name(ar), bit,
				 ldtr ? " (usable LDTR)" : "");
			snprintf(v.desc, sizeof(v.desc), "%s", d);
			emit(g, &v);
		}
		for (unsigned int k = 0; k < sizeof(limits) / sizeof(limits[0]);
		     k++)
			for (unsigned int gbit = 0; gbit < 2; gbit++) {
				start(&v, "", lim);
				if (ldtr) {
					vset(&v, sel, 0x28);
					vset(&v, ar, 0x82);
				}
				vset(&v, lim, limits[k]);
				vset(&v, ar, (final_val(g->t, &v, ar) &
					      ~(1ull << 15)) |
						     ((uint64_t)gbit << 15));
				snprintf(v.desc, sizeof(v.desc),
					 "segment %s = %#x G=%u",
					 nvmx_field_name(lim), limits[k], gbit);
				emit(g, &v);
			}
		for (unsigned int bit = 0; bit < 3; bit++) {
			start(&v, "", sel);
			if (ldtr) {
				vset(&v, sel, 0x28);
				vset(&v, ar, 0x82);
				vset(&v, lim, 0xffff);
			}
			vset(&v, sel, final_val(g->t, &v, sel) ^ (1ull << bit));
			snprintf(v.desc, sizeof(v.desc), "segment %s bit %u",
				 nvmx_field_name(sel), bit);
			emit(g, &v);
		}
		for (unsigned int bit = 31; bit < 64; bit += 8) {
			start(&v, "", base);
			if (ldtr) {
				vset(&v, sel, 0x28);
				vset(&v, ar, 0x82);
				vset(&v, lim, 0xffff);
			}
			vset(&v, base, 1ull << bit);
			snprintf(v.desc, sizeof(v.desc), "segment %s = 1<<%u",
				 nvmx_field_name(base), bit);
			emit(g, &v);
		}
	}
	/* HLT with SS.DPL = 3 and other activity/DPL pairs (SDM 27.3.1.5) */
	for (unsigned int act = 0; act < 3; act++)
		for (unsigned int dpl = 0; dpl < 4; dpl++) {
			start(&v, "", NVMX_GUEST_ACTIVITY_STATE);
			vset(&v, NVMX_GUEST_ACTIVITY_STATE, act);
			vset(&v, NVMX_GUEST_SS_AR_BYTES, 0xc093 | (dpl << 5));
			vset(&v, NVMX_GUEST_SS_SELECTOR, 0x10 | dpl);
			snprintf(v.desc, sizeof(v.desc),
				 "activity %u with SS.DPL %u", act, dpl);
			emit(g, &v);
		}
}

/* Events allowed per activity state (SDM 27.3.1.5). */
static void fam_activity_events(struct gen *g)
{
	static const uint32_t ev[] = {
		0x80000020u,	/* external interrupt 32 */
		0x80000202u,	/* NMI */
		0x80000301u,	/* #DB */
		0x80000312u,	/* #MC */
		0x80000b0du,	/* #GP with error code */
		0x80000306u,	/* #UD */
		0x80000420u,	/* software interrupt 32 */
		0x80000603u,	/* software exception #BP */
		0x80000701u,	/* other event (MTF), if the model has MTF */
	};
	struct gen_vec v;

	for (unsigned int act = 1; act < 3; act++)
		for (size_t k = 0; k < sizeof(ev) / sizeof(ev[0]); k++) {
			start(&v, "", NVMX_VM_ENTRY_INTR_INFO);
			vset(&v, NVMX_GUEST_ACTIVITY_STATE, act);
			vset(&v, NVMX_VM_ENTRY_INTR_INFO, ev[k]);
			vset(&v, NVMX_VM_ENTRY_INSTRUCTION_LEN, 2);
			vset(&v, NVMX_GUEST_RFLAGS, 0x202);
			snprintf(v.desc, sizeof(v.desc),
				 "activity %u event %#x", act, ev[k]);
			emit(g, &v);
		}
}

static void fam_rand(struct gen *g, const uint32_t *enc, size_t nf,
		     unsigned int count)
{
	struct gen_vec v;
	const uint64_t page = g->t->msr_area;

	for (unsigned int k = 0; k < count; k++) {
		unsigned int nctl = (unsigned int)(rnd(g) % 3);
		unsigned int nmut = 1 + (unsigned int)(rnd(g) % 3);

		start(&v, "rand", 0);
		snprintf(v.desc, sizeof(v.desc), "rand #%u", k);
		for (unsigned int c = 0; c < nctl; c++) {
			unsigned int w = (unsigned int)(rnd(g) % 5);
			uint64_t a1 = nvmx_model_allowed1(&g->t->m,
							  ctl_fields[w].w);
			unsigned int bit = (unsigned int)(rnd(g) % 32);

			if ((a1 & (1ull << bit)) &&
			    nvmx_field_exists(&g->t->m, ctl_fields[w].enc))
				enable_ctl(g->t, &v, w, bit);
		}
		if (rnd(g) % 2)
			point_addrs(g->t, &v);
		for (unsigned int m = 0; m < nmut && v.nmut < GEN_MAX_MUT;
		     m++) {
			uint32_t e = enc[rnd(g) % nf];
			uint64_t x = final_val(g->t, &v, e);

			switch (rnd(g) % 6) {
			case 0:
				x ^= 1ull << (rnd(g) % wbits(e));
				break;
			case 1:
				x = rnd(g);
				break;
			case 2:
				x = rnd(g) % 16;
				break;
			case 3:
				x = page;
				break;
			case 4:
				x ^= (1ull << (rnd(g) % wbits(e))) |
				     (1ull << (rnd(g) % wbits(e)));
				break;
			default:
				x = 0;
				break;
			}
			if (!v.field)
				v.field = e;
			vset(&v, e, x);
		}
		emit(g, &v);
	}
}

uint64_t gen_final(const struct gen_target *t, const struct gen_vec *v,
		   uint32_t enc)
{
	return final_val(t, v, enc);
}

uint64_t gen_base(const struct gen_target *t, uint32_t enc)
{
	uint64_t x;

	base_get(t, enc, &x);
	return x;
}

size_t gen_vectors(const struct gen_target *t, struct gen_vec *out,
		   size_t cap, unsigned int *skipped)
{
	struct gen g = { t, out, cap, 0, 0, t->seed | 1 };
	uint32_t enc[NVMX_FIELD_COUNT];
	size_t nf = input_fields(t, enc, NVMX_FIELD_COUNT);
	struct gen_vec v;

	start(&v, "baseline", 0);
	emit(&g, &v);
	fam_ctl(&g);
	fam_field_ctls(&g);
	fam_event(&g);
	fam_segment(&g);
	fam_activity_events(&g);
	fam_msr(&g);
	fam_flip(&g, enc, nf);
	fam_value(&g, enc, nf);
	fam_rand(&g, enc, nf, 1500);
	*skipped = g.skipped;
	return g.n;
}

void gen_vmcs12(const struct gen_target *t, const struct gen_vec *v,
		struct nvmx_vmcs12 *out)
{
	struct nvmx_backend be;

	/* A zeroed region, as the kernel starts every vector (its link
	 * pointer comes from the baseline). */
	nvmx_vmcs12_init(out, &t->m);
	out->field[NVMX_IDX_VMCS_LINK_POINTER] = 0;
	nvmx_backend_init_sw(&be, &t->m, out, NVMX_BACKEND_PRIVILEGED);
	for (unsigned int i = 0; i < t->nbase; i++)
		nvmx_backend_write(&be, t->base[i].enc, t->base[i].val);
	for (unsigned int i = 0; i < v->nmut; i++)
		nvmx_backend_write(&be, v->mut[i].enc, v->mut[i].val);
}
