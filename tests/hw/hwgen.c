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
	[SKIP_LMA_REAL] = "URG, IA-32e mode guest with CR0.PE = 0 (Bochs panics)",
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
/* The host value the kernel survives: the 32-bit host's for HOST32. */
static void host_ref(const struct gen_target *t, const struct gen_vec *v,
		     uint32_t enc, uint64_t *x)
{
	base_get(t, enc, x);
	if (v->mode == HW_MODE_HOST32)
		for (unsigned int i = 0; i < t->nh32; i++)
			if (t->h32[i].enc == enc)
				*x = t->h32[i].val;
}

static int vector_ok(const struct gen_target *t, const struct gen_vec *v)
{
	uint64_t b, x;
	unsigned int maxphy = t->m.maxphyaddr;
	uint64_t addr_mask = ((1ull << maxphy) - 1) & ~0xfffull;
	bool timer;
	uint64_t act, info;

	host_ref(t, v, NVMX_HOST_CR3, &b);
	x = final_val(t, v, NVMX_HOST_CR3);
	if ((x & addr_mask) != (b & addr_mask) && !(x >> maxphy))
		return SKIP_HOST_CR3;
	host_ref(t, v, NVMX_HOST_RIP, &b);
	x = final_val(t, v, NVMX_HOST_RIP);
	/* a 32-bit host RIP with bits 63:32 set fails the entry (SDM
	 * 27.2.4), and if not, the exit runs its low 32 bits */
	if (x != b && canonical48(x) &&
	    !(v->mode == HW_MODE_HOST32 && (x & 0xffffffffull) == b))
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
	/* the NONROOT code is part of the kernel's guest code; a RIP with
	 * bits 63:32 set for a guest outside IA-32e mode fails the entry
	 * (SDM 27.3.1.4), and if not, the guest runs its low 32 bits */
	if (x != b && canonical48(x) &&
	    !(v->mode == HW_MODE_NONROOT && x == b + HW_GUEST_NONROOT_OFF) &&
	    !((x & 0xffffffffull) == b &&
	      !(final_val(t, v, NVMX_VM_ENTRY_CONTROLS) &
		NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST))))
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
	/* Bochs PANICs ("EFER.LMA is set when CR0.PE=0") instead of failing
	 * the entry (SDM 27.3.1.1: IA-32e mode guest needs CR0.PG = 1, and
	 * PG = 1 needs PE = 1) */
	if ((final_val(t, v, NVMX_VM_ENTRY_CONTROLS) &
	     NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST)) &&
	    !(final_val(t, v, NVMX_GUEST_CR0) & 1) &&
	    (final_val(t, v, NVMX_CPU_BASED_VM_EXEC_CONTROL) &
	     NVMX_CTL_MASK(PROC_ACTIVATE_SECONDARY)) &&
	    (final_val(t, v, NVMX_SECONDARY_VM_EXEC_CONTROL) &
	     NVMX_CTL_MASK(PROC2_UNRESTRICTED_GUEST)))
		return SKIP_LMA_REAL;
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
	/* HLT with a consistent CPL 3 (CS, SS DPL and RPL 3) */
	for (unsigned int act = 0; act < 3; act++) {
		start(&v, "", NVMX_GUEST_ACTIVITY_STATE);
		vset(&v, NVMX_GUEST_ACTIVITY_STATE, act);
		vset(&v, NVMX_GUEST_CS_AR_BYTES, 0xa0fb);
		vset(&v, NVMX_GUEST_CS_SELECTOR, 0x0b);
		vset(&v, NVMX_GUEST_SS_AR_BYTES, 0xc0f3);
		vset(&v, NVMX_GUEST_SS_SELECTOR, 0x13);
		snprintf(v.desc, sizeof(v.desc), "activity %u at CPL 3", act);
		emit(g, &v);
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

/* --- instruction-level checks (SDM 27.1), run in their own modes ------ */

static bool can(const struct gen_target *t, enum nvmx_ctl_word w,
		uint64_t mask)
{
	return (nvmx_model_allowed1(&t->m, w) & mask) == mask;
}

/* A few VMCS states for the instruction modes: valid, and one broken
 * control, host-state and guest-state check each, so that the outcome
 * shows the instruction check comes first (or, for RESUME, that VMRESUME
 * runs the same VMCS checks as VMLAUNCH). */
static void insn_states(struct gen *g, uint32_t mode, const char *name)
{
	static const struct {
		const char *what;
		uint32_t enc;
		uint64_t xor;
	} st[] = {
		{ "valid", 0, 0 },
		{ "pin must-be-1 bit 1 clear", NVMX_PIN_BASED_VM_EXEC_CONTROL, 0x2 },
		{ "host CR0.PE clear", NVMX_HOST_CR0, 0x1 },
		{ "host CS.TI set", NVMX_HOST_CS_SELECTOR, 0x4 },
		{ "guest RFLAGS bit 1 clear", NVMX_GUEST_RFLAGS, 0x2 },
		{ "guest CR0.PE clear", NVMX_GUEST_CR0, 0x1 },
		{ "guest TR type 9", NVMX_GUEST_TR_AR_BYTES, 0x2 },
	};
	struct gen_vec v;

	for (size_t k = 0; k < sizeof(st) / sizeof(st[0]); k++) {
		start(&v, "", st[k].enc);
		v.mode = mode;
		if (st[k].enc)
			vset(&v, st[k].enc,
			     gen_base(g->t, st[k].enc) ^ st[k].xor);
		snprintf(v.desc, sizeof(v.desc), "insn %s, %s", name,
			 st[k].what);
		emit(g, &v);
	}
}

static void fam_insn(struct gen *g)
{
	insn_states(g, HW_MODE_RELAUNCH, "VMLAUNCH of a launched VMCS");
	insn_states(g, HW_MODE_RESUME_CLEAR, "VMRESUME of a clear VMCS");
	insn_states(g, HW_MODE_RESUME, "VMRESUME of a launched VMCS");
	insn_states(g, HW_MODE_MOVSS, "VMLAUNCH after MOV SS");
	insn_states(g, HW_MODE_NO_VMCS, "VMLAUNCH without current VMCS");
	insn_states(g, HW_MODE_NOT_VMX, "VMLAUNCH outside VMX operation");
	insn_states(g, HW_MODE_CPL3, "VMLAUNCH at CPL 3");
	insn_states(g, HW_MODE_COMPAT, "VMLAUNCH in compatibility mode");
	if (can(g->t, NVMX_WORD_PROC2, NVMX_CTL_MASK(PROC2_VMCS_SHADOWING)))
		insn_states(g, HW_MODE_SHADOW, "VMLAUNCH of a shadow VMCS");
	{
		struct gen_vec v;

		start(&v, "insn VMLAUNCH in VMX non-root operation",
		      NVMX_GUEST_RIP);
		v.mode = HW_MODE_NONROOT;
		vset(&v, NVMX_GUEST_RIP, gen_base(g->t, NVMX_GUEST_RIP) +
						 HW_GUEST_NONROOT_OFF);
		emit(g, &v);
	}
}

/* --- guests outside IA-32e mode (SDM 27.3.1) ---------------------------- */

/* Segment registers ES, CS, SS, DS, FS, GS (encoding order). */
#define SEG_SEL(s) (NVMX_GUEST_ES_SELECTOR + 2 * (s))
#define SEG_LIM(s) (NVMX_GUEST_ES_LIMIT + 2 * (s))
#define SEG_AR(s) (NVMX_GUEST_ES_AR_BYTES + 2 * (s))
#define SEG_BASE(s) (NVMX_GUEST_ES_BASE + 2 * (s))

/*
 * A 32-bit protected-mode guest with 32-bit paging: "IA-32e mode guest"
 * off, CR4.PAE and PCIDE off (no PDPTEs are read), CS a 32-bit code
 * segment. It runs the same guest code (the page walk through the
 * kernel's tables faults; IDTR limit 0 turns that into a triple-fault
 * exit: any exit is an "enters" outcome).
 */
static void nonia32e(const struct gen_target *t, struct gen_vec *v)
{
	vset(v, NVMX_VM_ENTRY_CONTROLS,
	     final_val(t, v, NVMX_VM_ENTRY_CONTROLS) &
		     ~NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST));
	vset(v, NVMX_GUEST_CR4,
	     final_val(t, v, NVMX_GUEST_CR4) & ~(0x20ull | (1ull << 17)));
	vset(v, NVMX_GUEST_CS_AR_BYTES, 0xc09b);
}

/* Virtual-8086 guest (SDM 27.3.1.2): RFLAGS.VM, every segment with base
 * selector * 16, limit FFFFH, access rights F3H. */
static void v86(const struct gen_target *t, struct gen_vec *v)
{
	nonia32e(t, v);
	vset(v, NVMX_GUEST_RFLAGS, 0x20002);
	for (unsigned int s = 0; s < 6; s++) {
		uint64_t sel = 0x1000 + 0x10 * s;

		vset(v, SEG_SEL(s), sel);
		vset(v, SEG_BASE(s), sel << 4);
		vset(v, SEG_LIM(s), 0xffff);
		vset(v, SEG_AR(s), 0xf3);
	}
}

/* Unrestricted guest in real mode (CR0.PE = PG = 0) with EPT over empty
 * tables (the MSR area): the first access exits. */
static void urg_real(const struct gen_target *t, struct gen_vec *v,
		     bool pe)
{
	nonia32e(t, v);
	enable_ctl(t, v, 2, 7);
	enable_ctl(t, v, 2, 1);
	vset(v, NVMX_EPT_POINTER, t->msr_area | 0x1e);
	vset(v, NVMX_GUEST_CR0, (final_val(t, v, NVMX_GUEST_CR0) &
				 ~(1ull << 31) & ~1ull) | (pe ? 1 : 0));
	for (unsigned int s = 0; s < 6; s++)
		vset(v, SEG_AR(s), s == 1 ? 0x809b : 0x8093);
}

static void fam_modes(struct gen *g)
{
	const struct gen_target *t = g->t;
	struct gen_vec v;
	bool urg = can(t, NVMX_WORD_PROC2,
		       NVMX_CTL_MASK(PROC2_UNRESTRICTED_GUEST) |
			       NVMX_CTL_MASK(PROC2_ENABLE_EPT)) &&
		   can(t, NVMX_WORD_PROC, NVMX_CTL_MASK(PROC_ACTIVATE_SECONDARY));

	start(&v, "non-IA-32e guest", NVMX_VM_ENTRY_CONTROLS);
	nonia32e(t, &v);
	emit(g, &v);
	/* CR4.PCIDE outside IA-32e mode; RIP bits 63:32 (SDM 27.3.1.1, 4) */
	start(&v, "non-IA-32e guest, CR4.PCIDE", NVMX_GUEST_CR4);
	nonia32e(t, &v);
	vset(&v, NVMX_GUEST_CR4, final_val(t, &v, NVMX_GUEST_CR4) | (1ull << 17));
	emit(g, &v);
	for (unsigned int bit = 32; bit < 64; bit += 7) {
		start(&v, "", NVMX_GUEST_RIP);
		nonia32e(t, &v);
		vset(&v, NVMX_GUEST_RIP,
		     gen_base(t, NVMX_GUEST_RIP) | (1ull << bit));
		snprintf(v.desc, sizeof(v.desc),
			 "non-IA-32e guest, RIP bit %u", bit);
		emit(g, &v);
	}
	/* virtual-8086 */
	start(&v, "v86 guest", NVMX_GUEST_RFLAGS);
	v86(t, &v);
	emit(g, &v);
	start(&v, "v86 guest with IA-32e mode guest", NVMX_GUEST_RFLAGS);
	v86(t, &v);
	vset(&v, NVMX_VM_ENTRY_CONTROLS,
	     final_val(t, &v, NVMX_VM_ENTRY_CONTROLS) |
		     NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST));
	vset(&v, NVMX_GUEST_CR4, final_val(t, &v, NVMX_GUEST_CR4) | 0x20);
	emit(g, &v);
	/* CET state of a 32-bit guest: bits 63:32 (SDM 27.3.1.1) */
	if (can(t, NVMX_WORD_ENTRY, NVMX_CTL_MASK(ENTRY_LOAD_CET_STATE)))
		for (unsigned int k = 0; k < 3; k++) {
			static const uint32_t f[] = { NVMX_GUEST_S_CET,
						      NVMX_GUEST_SSP,
						      NVMX_GUEST_INTR_SSP_TABLE };

			start(&v, "", f[k]);
			nonia32e(t, &v);
			enable_ctl(t, &v, 4, 20);
			vset(&v, f[k], 1ull << 32);
			snprintf(v.desc, sizeof(v.desc),
				 "non-IA-32e guest, load CET, %s bit 32",
				 nvmx_field_name(f[k]));
			emit(g, &v);
		}
	for (unsigned int s = 0; s < 6; s++) {
		static const uint64_t lims[] = { 0xfffe, 0x1ffff, 0xffffffff,
						 0 };
		char d[96];

		for (unsigned int k = 0; k < 3; k++) {
			start(&v, "", SEG_BASE(s));
			v86(t, &v);
			vset(&v, SEG_BASE(s),
			     final_val(t, &v, SEG_BASE(s)) ^
				     (k == 0 ? 0x10 : k == 1 ? 1 : 1ull << 31));
			snprintf(d, sizeof(d), "v86 %s changed (%u)",
				 nvmx_field_name(SEG_BASE(s)), k);
			snprintf(v.desc, sizeof(v.desc), "%s", d);
			emit(g, &v);
		}
		for (unsigned int k = 0; k < 4; k++) {
			start(&v, "", SEG_LIM(s));
			v86(t, &v);
			vset(&v, SEG_LIM(s), lims[k]);
			snprintf(v.desc, sizeof(v.desc), "v86 %s = %#llx",
				 nvmx_field_name(SEG_LIM(s)),
				 (unsigned long long)lims[k]);
			emit(g, &v);
		}
		for (unsigned int bit = 0; bit < 17; bit++) {
			start(&v, "", SEG_AR(s));
			v86(t, &v);
			vset(&v, SEG_AR(s), 0xf3 ^ (1ull << bit));
			snprintf(v.desc, sizeof(v.desc), "v86 %s bit %u",
				 nvmx_field_name(SEG_AR(s)), bit);
			emit(g, &v);
		}
	}
	if (!urg)
		return;
	/* unrestricted guest: real mode and protected mode without paging */
	for (unsigned int pe = 0; pe < 2; pe++) {
		start(&v, pe ? "URG protected, no paging" : "URG real mode",
		      NVMX_GUEST_CR0);
		urg_real(t, &v, pe);
		emit(g, &v);
		for (unsigned int s = 0; s < 6; s++) {
			for (unsigned int bit = 0; bit < 17; bit++) {
				start(&v, "", SEG_AR(s));
				urg_real(t, &v, pe);
				vset(&v, SEG_AR(s), final_val(t, &v, SEG_AR(s)) ^
							   (1ull << bit));
				snprintf(v.desc, sizeof(v.desc),
					 "URG PE=%u %s bit %u", pe,
					 nvmx_field_name(SEG_AR(s)), bit);
				emit(g, &v);
			}
			for (unsigned int bit = 0; bit < 2; bit++) {
				start(&v, "", SEG_SEL(s));
				urg_real(t, &v, pe);
				vset(&v, SEG_SEL(s),
				     final_val(t, &v, SEG_SEL(s)) ^ (1ull << bit));
				snprintf(v.desc, sizeof(v.desc),
					 "URG PE=%u %s bit %u", pe,
					 nvmx_field_name(SEG_SEL(s)), bit);
				emit(g, &v);
			}
		}
		/* v86 segments with CR0.PE = 0: RFLAGS.VM (SDM 27.3.1.4) */
		start(&v, "", NVMX_GUEST_RFLAGS);
		v86(t, &v);
		urg_real(t, &v, pe);
		for (unsigned int s2 = 0; s2 < 6; s2++)
			vset(&v, SEG_AR(s2), 0xf3);
		snprintf(v.desc, sizeof(v.desc), "URG PE=%u v86 guest", pe);
		emit(g, &v);
		/* CS type 3 with DPL 0 and SS.DPL != 0 */
		for (unsigned int dpl = 1; dpl < 4; dpl++) {
			start(&v, "", NVMX_GUEST_SS_AR_BYTES);
			urg_real(t, &v, pe);
			vset(&v, NVMX_GUEST_CS_AR_BYTES, 0x8093);
			vset(&v, NVMX_GUEST_SS_AR_BYTES, 0x8093 | (dpl << 5));
			vset(&v, NVMX_GUEST_SS_SELECTOR, 0x10 | dpl);
			snprintf(v.desc, sizeof(v.desc),
				 "URG PE=%u CS type 3, SS DPL %u", pe, dpl);
			emit(g, &v);
		}
		/* CS type 3 (accessed read/write data) with each DPL; SS DPL */
		for (unsigned int dpl = 0; dpl < 4; dpl++) {
			start(&v, "", NVMX_GUEST_CS_AR_BYTES);
			urg_real(t, &v, pe);
			vset(&v, NVMX_GUEST_CS_AR_BYTES, 0x8093 | (dpl << 5));
			snprintf(v.desc, sizeof(v.desc),
				 "URG PE=%u CS type 3 DPL %u", pe, dpl);
			emit(g, &v);
			start(&v, "", NVMX_GUEST_SS_AR_BYTES);
			urg_real(t, &v, pe);
			vset(&v, NVMX_GUEST_SS_AR_BYTES, 0x8093 | (dpl << 5));
			snprintf(v.desc, sizeof(v.desc),
				 "URG PE=%u SS DPL %u", pe, dpl);
			emit(g, &v);
		}
		/* CR0.PG = 1 with PE = 0; IA-32e guest without paging */
		start(&v, "", NVMX_GUEST_CR0);
		urg_real(t, &v, pe);
		vset(&v, NVMX_GUEST_CR0,
		     final_val(t, &v, NVMX_GUEST_CR0) | (1ull << 31));
		snprintf(v.desc, sizeof(v.desc), "URG PE=%u with CR0.PG", pe);
		emit(g, &v);
		start(&v, "", NVMX_VM_ENTRY_CONTROLS);
		urg_real(t, &v, pe);
		vset(&v, NVMX_VM_ENTRY_CONTROLS,
		     final_val(t, &v, NVMX_VM_ENTRY_CONTROLS) |
			     NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST));
		vset(&v, NVMX_GUEST_CR4,
		     final_val(t, &v, NVMX_GUEST_CR4) | 0x20);
		vset(&v, NVMX_GUEST_CS_AR_BYTES, 0xa09b);
		snprintf(v.desc, sizeof(v.desc),
			 "URG PE=%u IA-32e mode guest without paging", pe);
		emit(g, &v);
		start(&v, "", NVMX_GUEST_RFLAGS);
		urg_real(t, &v, pe);
		vset(&v, NVMX_GUEST_RFLAGS, 0x20002);
		snprintf(v.desc, sizeof(v.desc), "URG PE=%u RFLAGS.VM", pe);
		emit(g, &v);
	}
}

/* 64-bit guest: CS/SS RPL and DPL combinations (SDM 27.3.1.2). */
static void fam_privilege(struct gen *g)
{
	struct gen_vec v;

	for (unsigned int type = 11; type <= 15; type += 4)
		for (unsigned int csd = 0; csd < 4; csd += 3)
			for (unsigned int rpl = 0; rpl < 4; rpl++)
				for (unsigned int ssd = 0; ssd < 4; ssd++) {
					start(&v, "", NVMX_GUEST_SS_AR_BYTES);
					vset(&v, NVMX_GUEST_CS_AR_BYTES,
					     0xa090 | type | (csd << 5));
					vset(&v, NVMX_GUEST_CS_SELECTOR,
					     0x08 | rpl);
					vset(&v, NVMX_GUEST_SS_SELECTOR,
					     0x10 | rpl);
					vset(&v, NVMX_GUEST_SS_AR_BYTES,
					     0xc093 | (ssd << 5));
					snprintf(v.desc, sizeof(v.desc),
						 "CS type %u DPL %u, RPL %u, "
						 "SS DPL %u",
						 type, csd, rpl, ssd);
					emit(g, &v);
				}
}

/* Control pairs that only fail together (SDM 27.2.1.1, 27.2.1.2). */
static void fam_pairs(struct gen *g)
{
	const struct gen_target *t = g->t;
	const uint64_t page = t->msr_area;
	const unsigned int mp = t->m.maxphyaddr;
	struct gen_vec v;

	if (can(t, NVMX_WORD_PROC2, NVMX_CTL_MASK(PROC2_VIRT_X2APIC_MODE) |
					    NVMX_CTL_MASK(PROC2_VIRT_APIC_ACCESSES)) &&
	    can(t, NVMX_WORD_PROC, NVMX_CTL_MASK(PROC_USE_TPR_SHADOW))) {
		start(&v, "virtualize x2APIC mode and APIC accesses",
		      NVMX_SECONDARY_VM_EXEC_CONTROL);
		enable_ctl(t, &v, 1, 21);
		enable_ctl(t, &v, 2, 4);
		enable_ctl(t, &v, 2, 0);
		point_addrs(t, &v);
		emit(g, &v);
	}
	if (can(t, NVMX_WORD_PROC2, NVMX_CTL_MASK(PROC2_VIRT_INTR_DELIVERY)) &&
	    can(t, NVMX_WORD_PROC, NVMX_CTL_MASK(PROC_USE_TPR_SHADOW))) {
		for (unsigned int ext = 0; ext < 2; ext++) {
			start(&v, "", NVMX_SECONDARY_VM_EXEC_CONTROL);
			enable_ctl(t, &v, 1, 21);
			enable_ctl(t, &v, 2, 9);
			if (ext)
				enable_ctl(t, &v, 0, 0);
			point_addrs(t, &v);
			snprintf(v.desc, sizeof(v.desc),
				 "virtual-interrupt delivery, TPR shadow, "
				 "external-interrupt exiting %u", ext);
			emit(g, &v);
		}
	}
	if (can(t, NVMX_WORD_EXIT, NVMX_CTL_MASK(EXIT_SAVE_PREEMPTION_TIMER)))
		for (unsigned int on = 0; on < 2; on++) {
			start(&v, "", NVMX_VM_EXIT_CONTROLS);
			enable_ctl(t, &v, 3, 22);
			if (!on)
				vset(&v, NVMX_PIN_BASED_VM_EXEC_CONTROL,
				     final_val(t, &v,
					       NVMX_PIN_BASED_VM_EXEC_CONTROL) &
					     ~NVMX_CTL_MASK(PIN_PREEMPTION_TIMER));
			snprintf(v.desc, sizeof(v.desc),
				 "save preemption timer, timer %u", on);
			/* without the timer the guest must still exit: it
			 * does (VMCALL) */
			emit(g, &v);
		}
	if (can(t, NVMX_WORD_PROC2, NVMX_CTL_MASK(PROC2_ENABLE_VMFUNC)) &&
	    nvmx_field_exists(&t->m, NVMX_VM_FUNCTION_CONTROL)) {
		const uint64_t addrs[] = { page, page + 8, page + 0x800,
					   page | (1ull << mp), 1ull << 63 };

		for (unsigned int ept = 0; ept < 2; ept++) {
			start(&v, "", NVMX_VM_FUNCTION_CONTROL);
			enable_ctl(t, &v, 2, 13);
			if (ept)
				enable_ctl(t, &v, 2, 1);
			point_addrs(t, &v);
			vset(&v, NVMX_VM_FUNCTION_CONTROL, 1);
			snprintf(v.desc, sizeof(v.desc),
				 "EPTP switching, EPT %u", ept);
			emit(g, &v);
		}
		for (size_t k = 0; k < sizeof(addrs) / sizeof(addrs[0]); k++) {
			start(&v, "", NVMX_EPTP_LIST_ADDRESS);
			enable_ctl(t, &v, 2, 13);
			enable_ctl(t, &v, 2, 1);
			point_addrs(t, &v);
			vset(&v, NVMX_VM_FUNCTION_CONTROL, 1);
			vset(&v, NVMX_EPTP_LIST_ADDRESS, addrs[k]);
			snprintf(v.desc, sizeof(v.desc),
				 "EPTP switching, list at %#llx",
				 (unsigned long long)addrs[k]);
			emit(g, &v);
		}
	}
	if (can(t, NVMX_WORD_PROC2, NVMX_CTL_MASK(PROC2_MODE_BASED_EPT_EXEC))) {
		start(&v, "mode-based EPT execute without EPT",
		      NVMX_SECONDARY_VM_EXEC_CONTROL);
		enable_ctl(t, &v, 2, 22);
		emit(g, &v);
	}
	/* virtual NMIs: NMI injection while blocking by NMI (SDM 27.3.1.5) */
	if (can(t, NVMX_WORD_PIN, NVMX_CTL_MASK(PIN_VIRTUAL_NMIS) |
					  NVMX_CTL_MASK(PIN_NMI_EXITING)))
		for (unsigned int blk = 0; blk < 2; blk++) {
			start(&v, "", NVMX_GUEST_INTERRUPTIBILITY_INFO);
			enable_ctl(t, &v, 0, 3);
			enable_ctl(t, &v, 0, 5);
			vset(&v, NVMX_GUEST_INTERRUPTIBILITY_INFO, blk ? 8 : 0);
			vset(&v, NVMX_VM_ENTRY_INTR_INFO, 0x80000202u);
			snprintf(v.desc, sizeof(v.desc),
				 "virtual NMIs, NMI injection, NMI blocking %u",
				 blk);
			emit(g, &v);
		}
	/* pending debug exceptions BS with TF and STI/MOV-SS blocking or
	 * HLT (SDM 27.3.1.5) */
	for (unsigned int tf = 0; tf < 2; tf++)
		for (unsigned int bs = 0; bs < 2; bs++)
			for (unsigned int blk = 0; blk < 3; blk++) {
				start(&v, "", NVMX_GUEST_PENDING_DBG_EXCEPTIONS);
				vset(&v, NVMX_GUEST_RFLAGS,
				     0x202 | (tf ? 0x100 : 0));
				vset(&v, NVMX_GUEST_INTERRUPTIBILITY_INFO,
				     blk == 0 ? 1 : blk == 1 ? 2 : 0);
				if (blk == 2)
					vset(&v, NVMX_GUEST_ACTIVITY_STATE, 1);
				vset(&v, NVMX_GUEST_PENDING_DBG_EXCEPTIONS,
				     bs ? 0x4000 : 0);
				snprintf(v.desc, sizeof(v.desc),
					 "pending BS %u TF %u %s", bs, tf,
					 blk == 0 ? "STI" :
					 blk == 1 ? "MOV SS" : "HLT");
				emit(g, &v);
			}
	/* VMCS link pointer: shadow indicator of the linked region; the
	 * current VMCS itself (SDM 27.3.1.5) */
	if (can(t, NVMX_WORD_PROC2, NVMX_CTL_MASK(PROC2_VMCS_SHADOWING)))
		for (unsigned int sh = 0; sh < 2; sh++) {
			uint32_t rev = (uint32_t)(nvmx_model_get_msr(
							  &t->m, NVMX_MSR_VMX_BASIC) &
						  NVMX_BASIC_REVISION_MASK);

			start(&v, "", NVMX_VMCS_LINK_POINTER);
			enable_ctl(t, &v, 2, 14);
			point_addrs(t, &v);
			vset(&v, NVMX_VMCS_LINK_POINTER, page);
			v.msr[0].index = rev | (sh ? 0x80000000u : 0);
			v.nmsr = 1; /* region bytes; the load count stays 0 */
			snprintf(v.desc, sizeof(v.desc),
				 "shadowing, link region shadow bit %u", sh);
			emit(g, &v);
		}
	if (t->vmcs_v) {
		start(&v, "link pointer = current VMCS", NVMX_VMCS_LINK_POINTER);
		vset(&v, NVMX_VMCS_LINK_POINTER, t->vmcs_v);
		emit(g, &v);
	}
}

/* MSR areas that end beyond the physical-address width, MSR-load values
 * that WRMSR refuses, MSRs that VM entry may not load (SDM 27.2.1.2, 27.4) */
static void fam_msr_more(struct gen *g)
{
	const struct gen_target *t = g->t;
	const uint64_t lim = 1ull << t->m.maxphyaddr;
	const struct hw_msr bad[] = {
		{ 0x176, 0, 0x0000800000000000ull },	/* SYSENTER_EIP */
		{ 0x175, 0, 0x8000000000000000ull },	/* SYSENTER_ESP */
		{ 0xc0000102u, 0, 0x0000800000000000ull }, /* KERNEL_GS_BASE */
		{ 0x277, 0, 0x0007040600070402ull },	/* PAT type 2 */
		{ 0x277, 0, 0x0007040600070408ull },	/* PAT type 8 */
		{ 0xc0000080u, 0, 0x500 | (1ull << 20) }, /* EFER reserved */
		{ 0x79, 0, 0 },				/* BIOS_UPDT_TRIG */
		{ 0x8b, 0, 0 },				/* BIOS_SIGN_ID */
		{ 0x176, 0, 0xffff800000001000ull },	/* valid */
	};
	const struct {
		uint64_t addr;
		uint32_t count;
	} ends[] = {
		{ lim - 16, 2 }, { lim - 32, 3 }, { lim - 0x1000, 0x101 },
		{ lim - 16, 0x200 },
	};
	struct gen_vec v;

	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		char d[96];

		snprintf(d, sizeof(d), "msr entry %#x value %#llx",
			 bad[k].index, (unsigned long long)bad[k].value);
		msr_vec(g, d, t->msr_area, 1, &bad[k], 1);
	}
	/* the valid side of the exit-area checks (SDM 27.2.1.2): aligned
	 * areas in real memory (the kernel's MSR area, 16-byte entries of
	 * SYSENTER_CS/ESP, harmless to store and to load at the exit), with
	 * count 1 and 2; near the top of the physical-address space there is
	 * no memory, so valid areas there would end in a VMX abort */
	for (unsigned int cnt = 1; cnt <= 2; cnt++)
		for (unsigned int ld = 0; ld < 2; ld++) {
			start(&v, "", ld ? NVMX_VM_EXIT_MSR_LOAD_COUNT :
					   NVMX_VM_EXIT_MSR_STORE_COUNT);
			vset(&v, ld ? NVMX_VM_EXIT_MSR_LOAD_ADDR :
				      NVMX_VM_EXIT_MSR_STORE_ADDR,
			     t->msr_area);
			vset(&v, ld ? NVMX_VM_EXIT_MSR_LOAD_COUNT :
				      NVMX_VM_EXIT_MSR_STORE_COUNT,
			     cnt);
			v.msr[0] = (struct hw_msr){ 0x174, 0, 0x8 };
			v.msr[1] = (struct hw_msr){ 0x175, 0, 0 };
			v.nmsr = 2;
			snprintf(v.desc, sizeof(v.desc),
				 "exit MSR-%s area valid, count %u",
				 ld ? "load" : "store", cnt);
			emit(g, &v);
		}
	for (size_t k = 0; k < sizeof(ends) / sizeof(ends[0]); k++) {
		static const uint32_t af[3][2] = {
			{ NVMX_VM_ENTRY_MSR_LOAD_ADDR, NVMX_VM_ENTRY_MSR_LOAD_COUNT },
			{ NVMX_VM_EXIT_MSR_STORE_ADDR, NVMX_VM_EXIT_MSR_STORE_COUNT },
			{ NVMX_VM_EXIT_MSR_LOAD_ADDR, NVMX_VM_EXIT_MSR_LOAD_COUNT },
		};

		for (unsigned int a = 0; a < 3; a++) {
			start(&v, "", af[a][1]);
			vset(&v, af[a][0], ends[k].addr);
			vset(&v, af[a][1], ends[k].count);
			snprintf(v.desc, sizeof(v.desc),
				 "msr area %s = %#llx count %#x",
				 nvmx_field_name(af[a][0]),
				 (unsigned long long)ends[k].addr,
				 ends[k].count);
			emit(g, &v);
		}
	}
}

/* --- a host outside IA-32e mode (SDM 27.2.3, 27.2.4), HOST32 mode ------ */

/* Start a HOST32 vector: the 32-bit host and guest state first. */
static void host32(const struct gen_target *t, struct gen_vec *v,
		   const char *desc, uint32_t field)
{
	start(v, "", field);
	snprintf(v->desc, sizeof(v->desc), "host32 %s", desc);
	v->mode = HW_MODE_HOST32;
	for (unsigned int i = 0; i < t->nh32; i++)
		vset(v, t->h32[i].enc, t->h32[i].val);
}

static void fam_host32(struct gen *g)
{
	const struct gen_target *t = g->t;
	uint64_t exitc, entry, cr4, rip;
	struct gen_vec v;

	if (!t->nh32)
		return;
	host32(t, &v, "valid", 0);
	emit(g, &v);
	exitc = final_val(t, &v, NVMX_VM_EXIT_CONTROLS);
	entry = final_val(t, &v, NVMX_VM_ENTRY_CONTROLS);
	cr4 = final_val(t, &v, NVMX_HOST_CR4);
	rip = final_val(t, &v, NVMX_HOST_RIP);
	/* HOST_ASZ_OUTSIDE_LM: either control set outside IA-32e mode
	 * (HOST_ASZ0_GUEST64 is violated too when only the guest one is) */
	host32(t, &v, "host address-space size 1", NVMX_VM_EXIT_CONTROLS);
	vset(&v, NVMX_VM_EXIT_CONTROLS,
	     exitc | NVMX_CTL_MASK(EXIT_HOST_ADDR_SPACE_SIZE));
	emit(g, &v);
	host32(t, &v, "IA-32e mode guest 1", NVMX_VM_ENTRY_CONTROLS);
	vset(&v, NVMX_VM_ENTRY_CONTROLS,
	     entry | NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST));
	emit(g, &v);
	host32(t, &v, "both 1", NVMX_VM_EXIT_CONTROLS);
	vset(&v, NVMX_VM_EXIT_CONTROLS,
	     exitc | NVMX_CTL_MASK(EXIT_HOST_ADDR_SPACE_SIZE));
	vset(&v, NVMX_VM_ENTRY_CONTROLS,
	     entry | NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST));
	emit(g, &v);
	/* HOST_ASZ0_PCIDE (CR4_FIXED1 first on a model without PCID) */
	host32(t, &v, "host CR4.PCIDE", NVMX_HOST_CR4);
	vset(&v, NVMX_HOST_CR4, cr4 | NVMX_CR4_PCIDE);
	emit(g, &v);
	/* HOST_ASZ0_RIP: bits 63:32; bit 31 alone is a valid 32-bit RIP
	 * (not run: the exit would go there) */
	for (unsigned int b = 32; b < 64; b += 31) {
		char d[48];

		snprintf(d, sizeof(d), "host RIP bit %u", b);
		host32(t, &v, d, NVMX_HOST_RIP);
		vset(&v, NVMX_HOST_RIP, rip | (1ull << b));
		emit(g, &v);
	}
	/* HOST_SEL_SS_NULL; null DS, ES, FS, GS stay valid */
	host32(t, &v, "host SS selector 0", NVMX_HOST_SS_SELECTOR);
	vset(&v, NVMX_HOST_SS_SELECTOR, 0);
	emit(g, &v);
	host32(t, &v, "host DS, ES, FS, GS selectors 0", NVMX_HOST_DS_SELECTOR);
	vset(&v, NVMX_HOST_DS_SELECTOR, 0);
	vset(&v, NVMX_HOST_ES_SELECTOR, 0);
	vset(&v, NVMX_HOST_FS_SELECTOR, 0);
	vset(&v, NVMX_HOST_GS_SELECTOR, 0);
	emit(g, &v);
	/* "load IA32_EFER" at exit: LMA and LME must equal the host
	 * address-space size, 0 here (SDM 27.2.2) */
	if (can(t, NVMX_WORD_EXIT, NVMX_CTL_MASK(EXIT_LOAD_EFER))) {
		uint64_t efer = final_val(t, &v, NVMX_HOST_IA32_EFER);

		host32(t, &v, "load EFER, LMA = LME = 0", NVMX_HOST_IA32_EFER);
		vset(&v, NVMX_VM_EXIT_CONTROLS,
		     exitc | NVMX_CTL_MASK(EXIT_LOAD_EFER));
		emit(g, &v);
		host32(t, &v, "load EFER, LMA = 1", NVMX_HOST_IA32_EFER);
		vset(&v, NVMX_VM_EXIT_CONTROLS,
		     exitc | NVMX_CTL_MASK(EXIT_LOAD_EFER));
		vset(&v, NVMX_HOST_IA32_EFER, efer | 0x400);
		emit(g, &v);
		host32(t, &v, "load EFER, LME = 1", NVMX_HOST_IA32_EFER);
		vset(&v, NVMX_VM_EXIT_CONTROLS,
		     exitc | NVMX_CTL_MASK(EXIT_LOAD_EFER));
		vset(&v, NVMX_HOST_IA32_EFER, efer | 0x100);
		emit(g, &v);
	}
	/* HOST_CET_32BIT: bits 63:32 of host S_CET or SSP (a 32-bit host
	 * loads only bits 31:0); bit 31 and an aligned SSP below 4 GiB are
	 * valid (the host has CR4.CET = 0: nothing enforces them) */
	if (can(t, NVMX_WORD_EXIT, NVMX_CTL_MASK(EXIT_LOAD_CET_STATE))) {
		static const struct {
			const char *what;
			uint32_t enc;
			uint64_t val;
		} cet[] = {
			{ "S_CET 0", NVMX_HOST_S_CET, 0 },
			{ "S_CET bit 32", NVMX_HOST_S_CET, 1ull << 32 },
			{ "S_CET bit 63", NVMX_HOST_S_CET, 1ull << 63 },
			{ "S_CET bit 31", NVMX_HOST_S_CET, 1ull << 31 },
			{ "SSP bit 32", NVMX_HOST_SSP, 1ull << 32 },
			{ "SSP bit 63", NVMX_HOST_SSP, 1ull << 63 },
			{ "SSP 0xfffffff8", NVMX_HOST_SSP, 0xfffffff8ull },
		};

		for (size_t k = 0; k < sizeof(cet) / sizeof(cet[0]); k++) {
			char d[48];

			snprintf(d, sizeof(d), "load CET state, %s",
				 cet[k].what);
			host32(t, &v, d, cet[k].enc);
			vset(&v, NVMX_VM_EXIT_CONTROLS,
			     exitc | NVMX_CTL_MASK(EXIT_LOAD_CET_STATE));
			vset(&v, cet[k].enc, cet[k].val);
			emit(g, &v);
		}
	}
	/* the other groups through the 32-bit host: a control (VMfail 7),
	 * a host-state (8) and a guest-state check (exit 33 to the 32-bit
	 * host RIP) */
	host32(t, &v, "pin must-be-1 bit 1 clear",
	       NVMX_PIN_BASED_VM_EXEC_CONTROL);
	vset(&v, NVMX_PIN_BASED_VM_EXEC_CONTROL,
	     final_val(t, &v, NVMX_PIN_BASED_VM_EXEC_CONTROL) & ~2ull);
	emit(g, &v);
	host32(t, &v, "host CS selector 0", NVMX_HOST_CS_SELECTOR);
	vset(&v, NVMX_HOST_CS_SELECTOR, 0);
	emit(g, &v);
	host32(t, &v, "guest RFLAGS bit 1 clear", NVMX_GUEST_RFLAGS);
	vset(&v, NVMX_GUEST_RFLAGS, 0);
	emit(g, &v);
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
	fam_insn(&g);
	fam_host32(&g);
	fam_modes(&g);
	fam_privilege(&g);
	fam_pairs(&g);
	fam_msr_more(&g);
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
