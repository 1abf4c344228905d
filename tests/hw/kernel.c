// SPDX-License-Identifier: MIT
/*
 * kernel.c - freestanding 64-bit test kernel for Bochs' emulated VMX CPUs.
 *
 * Booted by boot.asm (long mode, identity-mapped 2 MiB pages). Links the
 * freestanding core (built for the kernel) and the hardware backend.
 *
 * Probe run (blob with nvec == 0):
 *   - reads the VMX capability MSRs and CPUID, builds an nvmx_model,
 *     prints them ("MSR", "CPU", "ENUM" lines);
 *   - VMXON, VMCLEAR, VMPTRLD, VMPTRST; VMWRITE+VMREAD of every field the
 *     library says exists (round trip, width truncation, error 13 exactly
 *     when IA32_VMX_MISC[29] = 0 for read-only fields); VMREAD/VMWRITE of
 *     every other encoding expecting 12;
 *   - runs a 64-bit guest to VMCALL exits through the backend (VMLAUNCH,
 *     VMRESUME) and checks the launch-state errors 4 and 5;
 *   - prints the baseline VMCS it builds ("BASE" lines) for the host side.
 * Vector run: applies each vector's mutations over the same baseline on a
 * zeroed VMCS region, attempts VM entry and prints the outcome (HOST32
 * vectors from 32-bit protected mode, see h32_run).
 *
 * Output goes to port 0xE9 as lines; disagreements are "DIFF" lines that
 * the host runner judges against the allowlist. The run ends with "DONE"
 * and the Bochs shutdown port (0x8900).
 */
#include <nvmx/backend.h>
#include <nvmx/insn.h>
#include <nvmx/model.h>

#include "arch.h"
#include "blob.h"

/* The compiler may emit these for struct copies and loops. */
void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);
int memcmp(const void *a, const void *b, unsigned long n);
void kmain(void);
int try_call(void (*fn)(void *), void *arg);
void exception_report(uint64_t *frame);
int vec_enter(void);
extern uint8_t kstack[];

void *memset(void *d, int c, unsigned long n)
{
	void *p = d;

	/* rep stosb: one instruction, fast under emulation */
	__asm__ volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(c) : "memory");
	return d;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
	void *p = d;

	__asm__ volatile("rep movsb" : "+D"(p), "+S"(s), "+c"(n) : : "memory");
	return d;
}

int memcmp(const void *a, const void *b, unsigned long n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

/* --- console ---------------------------------------------------------- */

static void putc(char c)
{
	outb(0xe9, (uint8_t)c);
}

static void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

static void puthex(uint64_t v)
{
	char b[17];
	int i = 16;

	b[i] = 0;
	do {
		b[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	puts(b + i);
}

static void putdec(uint64_t v)
{
	char b[21];
	int i = 20;

	b[i] = 0;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	puts(b + i);
}

/* "tag a b c\n" with hex numbers */
static void line(const char *tag, int n, uint64_t a, uint64_t b, uint64_t c,
		 uint64_t d)
{
	uint64_t x[4] = { a, b, c, d };

	puts(tag);
	for (int i = 0; i < n; i++) {
		putc(' ');
		puthex(x[i]);
	}
	putc('\n');
}

static void shutdown(void)
{
	const char *s = "Shutdown";

	while (*s)
		outb(0x8900, (uint8_t)*s++);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* --- memory layout (bss at 0x200000, identity mapped) ------------------ */

#define PAGE 4096
static uint8_t vmxon_region[PAGE] __attribute__((aligned(PAGE)));
static uint8_t vmcs_a[PAGE] __attribute__((aligned(PAGE)));
static uint8_t vmcs_g[PAGE] __attribute__((aligned(PAGE)));
static uint8_t vmcs_v[PAGE] __attribute__((aligned(PAGE)));
static uint8_t msr_area[PAGE] __attribute__((aligned(PAGE)));
static uint8_t guest_stack[PAGE] __attribute__((aligned(PAGE)));
static uint8_t exit_stack[PAGE] __attribute__((aligned(PAGE)));
uint8_t kstack[4 * PAGE] __attribute__((aligned(PAGE)));
static uint64_t gdt[9] __attribute__((aligned(16)));
static uint64_t idt[64] __attribute__((aligned(16)));
static uint8_t tss[104] __attribute__((aligned(16)));
static uint8_t ring0_stack[PAGE] __attribute__((aligned(PAGE)));
static uint8_t user_stack[PAGE] __attribute__((aligned(PAGE)));
/* CPL 3 code: vmlaunch; jmp $ */
static uint8_t user_code[16] __attribute__((aligned(16))); /* in bss */
/* Guest code: mov al,'!'; out 0xe9,al; vmcall; vmcall; jmp $ */
static uint8_t guest_code[128] __attribute__((aligned(64)));
static const uint8_t guest_bytes[] = { 0xb0, 0x21, 0xe6, 0xe9, 0x0f, 0x01,
				       0xc1, 0x0f, 0x01, 0xc1, 0xeb, 0xfe };
/* at HW_GUEST_NONROOT_OFF: vmlaunch; vmcall; jmp $ */
static const uint8_t guest_nonroot[] = { 0x0f, 0x01, 0xc2, 0x0f, 0x01,
					 0xc1, 0xeb, 0xfe };
#define GUEST_VMCALL1 4u
#define GUEST_VMCALL2 7u

static uint64_t pa(const void *p)
{
	return (uint64_t)(uintptr_t)p; /* identity mapping */
}

/* --- entry, descriptor tables, exceptions ------------------------------ */

__asm__(".section .text.start, \"ax\"\n"
	".globl _start\n"
	"_start:\n"
	"	cli\n"
	"	lea kstack+16384(%rip), %rsp\n"
	"	lea _bss_start(%rip), %rdi\n"
	"	lea _bss_end(%rip), %rcx\n"
	"	sub %rdi, %rcx\n"
	"	xor %eax, %eax\n"
	"	rep stosb\n"
	"	lea kstack+16384(%rip), %rsp\n"
	"	call kmain\n"
	"1:	hlt\n"
	"	jmp 1b\n"
	".text\n");


/* Exception stubs: push a dummy error code where the CPU pushes none. */
__asm__(".text\n"
	".align 16\n"
	"exc_common:\n"
	"	push %rbx\n"
	"	lea 8(%rsp), %rdi\n"
	"	mov %rsp, %rbx\n"
	"	and $-16, %rsp\n"
	"	call exception_report\n"
	/* returns only for an expected fault: frame RIP was redirected */
	"	mov %rbx, %rsp\n"
	"	pop %rbx\n"
	"	add $16, %rsp\n"
	"	iretq\n"
	".altmacro\n"
	".macro EXC v\n"
	"	.align 16\n"
	"	exc_stub_\\v:\n"
	"	.if (\\v == 8) || ((\\v >= 10) && (\\v <= 14)) || (\\v == 17) || (\\v == 21) || (\\v == 29) || (\\v == 30)\n"
	"	.else\n"
	"	push $0\n"
	"	.endif\n"
	"	push $\\v\n"
	"	jmp exc_common\n"
	".endm\n"
	/* the IDT points at exc_stubs + 16 * vector: aligned like the stubs
	 * (entering alignment padding would run the middle of a long NOP) */
	".globl exc_stubs\n"
	"	.align 16\n"
	"exc_stubs:\n"
	".set i, 0\n"
	".rept 32\n"
	"	EXC %i\n"
	"	.set i, i + 1\n"
	".endr\n"
	".noaltmacro\n");
extern char exc_stubs[];

/*
 * Expected faults: code that executes an instruction which may fault sets
 * exc_resume to a landing address; the handler records the vector and
 * error code and returns there (same CPL, same stack). Every other
 * exception fails the run.
 */
uint64_t exc_resume, exc_resume_rsp;
uint64_t exc_vector = ~0ull, exc_error;

void exception_report(uint64_t *frame)
{
	/* frame: vector, error code, RIP, CS, RFLAGS, RSP, SS */
	if (exc_resume) {
		exc_vector = frame[0];
		exc_error = frame[1];
		frame[2] = exc_resume;
		/* back to 64-bit ring 0 (the fault may come from CPL 3 or
		 * compatibility mode) */
		frame[3] = 0x08;
		frame[6] = 0x10;
		if (exc_resume_rsp)
			frame[5] = exc_resume_rsp;
		exc_resume = 0;
		exc_resume_rsp = 0;
		return;
	}
	line("EXC", 4, frame[0], frame[1], frame[2], frame[5]);
	line("EXCX", 4, read_cr2(), read_cr3(), frame[3], frame[4]);
	puts("FAIL exception\n");
	shutdown();
}

static void setup_tables(void)
{
	struct dtr g, i;
	uint64_t t = pa(tss);

	gdt[0] = 0;
	gdt[1] = 0x00af9b000000ffffull; /* 0x08 code64, accessed */
	gdt[2] = 0x00cf93000000ffffull; /* 0x10 data, accessed */
	/* 0x18 TSS (available, type 9), 16-byte descriptor */
	gdt[3] = 0x67 | ((t & 0xffffff) << 16) | (0x89ull << 40) |
		 (((t >> 24) & 0xff) << 56);
	gdt[4] = t >> 32;
	gdt[5] = 0x00cf9b000000ffffull; /* 0x28 code32 (compatibility mode) */
	gdt[6] = 0x00cff3000000ffffull; /* 0x30 data, DPL 3 */
	gdt[7] = 0x00affb000000ffffull; /* 0x38 code64, DPL 3 */
	gdt[8] = 0;
	/* TSS.RSP0: the stack of an exception taken at CPL 3 */
	{
		uint64_t r0 = pa(ring0_stack) + PAGE;

		memcpy(&tss[4], &r0, 8);
	}
	for (int v = 0; v < 32; v++) {
		uint64_t h = pa(exc_stubs) + 16 * (uint64_t)v;

		idt[2 * v] = (h & 0xffff) | (0x08ull << 16) | (0x8eull << 40) |
			     (((h >> 16) & 0xffff) << 48);
		idt[2 * v + 1] = h >> 32;
	}
	g.limit = sizeof(gdt) - 1;
	g.base = pa(gdt);
	i.limit = 32 * 16 - 1;
	i.base = pa(idt);
	__asm__ volatile("lgdt %0\n\t"
			 "lidt %1\n\t"
			 "mov $0x10, %%ax\n\t"
			 "mov %%ax, %%ds\n\t"
			 "mov %%ax, %%es\n\t"
			 "mov %%ax, %%ss\n\t"
			 "mov %%ax, %%fs\n\t"
			 "mov %%ax, %%gs\n\t"
			 "pushq $0x08\n\t"
			 "lea 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov $0x18, %%ax\n\t"
			 "ltr %%ax"
			 :
			 : "m"(g), "m"(i)
			 : "rax", "memory");
	/* Mask both PICs: no external interrupt may reach a guest. */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

/* --- the model from the capability MSRs -------------------------------- */

static struct nvmx_model model;
static uint64_t hw_msr[NVMX_VMX_MSR_COUNT];
static bool hw_has[NVMX_VMX_MSR_COUNT];

static uint64_t cpu_features(void)
{
	uint32_t r[4], max, xmax;
	uint64_t c = 0;

	cpuid(0, 0, r);
	max = r[0];
	cpuid(1, 0, r);
	c |= (r[2] & (1u << 5)) ? NVMX_CPU_VMX : 0;
	c |= (r[2] & (1u << 6)) ? NVMX_CPU_SMX : 0;
	c |= (r[2] & (1u << 15)) ? NVMX_CPU_PDCM : 0;
	c |= (r[2] & (1u << 17)) ? NVMX_CPU_PCID : 0;
	c |= (r[2] & (1u << 26)) ? NVMX_CPU_XSAVE : 0;
	c |= (r[2] & (1u << 30)) ? NVMX_CPU_RDRAND : 0;
	if (max >= 7) {
		uint32_t s1[4] = { 0 };

		cpuid(7, 0, r);
		c |= (r[1] & (1u << 0)) ? NVMX_CPU_FSGSBASE : 0;
		c |= (r[1] & (1u << 2)) ? NVMX_CPU_SGX : 0;
		c |= (r[1] & (1u << 7)) ? NVMX_CPU_SMEP : 0;
		c |= (r[1] & (1u << 10)) ? NVMX_CPU_INVPCID : 0;
		c |= (r[1] & (1u << 14)) ? NVMX_CPU_MPX : 0;
		c |= (r[1] & (1u << 18)) ? NVMX_CPU_RDSEED : 0;
		c |= (r[1] & (1u << 20)) ? NVMX_CPU_SMAP : 0;
		c |= (r[1] & (1u << 25)) ? NVMX_CPU_PT : 0;
		c |= (r[2] & (1u << 2)) ? NVMX_CPU_UMIP : 0;
		c |= (r[2] & (1u << 3)) ? NVMX_CPU_PKU : 0;
		c |= (r[2] & (1u << 5)) ? NVMX_CPU_WAITPKG : 0;
		c |= (r[2] & (1u << 7)) ? NVMX_CPU_CET_SS : 0;
		c |= (r[2] & (1u << 16)) ? NVMX_CPU_LA57 : 0;
		c |= (r[2] & (1u << 23)) ? NVMX_CPU_KL : 0;
		c |= (r[2] & (1u << 29)) ? NVMX_CPU_ENQCMD : 0;
		c |= (r[2] & (1u << 30)) ? NVMX_CPU_SGX_LC : 0;
		c |= (r[2] & (1u << 31)) ? NVMX_CPU_PKS : 0;
		c |= (r[3] & (1u << 5)) ? NVMX_CPU_UINTR : 0;
		c |= (r[3] & (1u << 18)) ? NVMX_CPU_PCONFIG : 0;
		c |= (r[3] & (1u << 19)) ? NVMX_CPU_ARCH_LBR : 0;
		c |= (r[3] & (1u << 20)) ? NVMX_CPU_CET_IBT : 0;
		if (r[0] >= 1)
			cpuid(7, 1, s1);
		c |= (s1[0] & (1u << 6)) ? NVMX_CPU_LASS : 0;
		c |= (s1[0] & (1u << 17)) ? NVMX_CPU_FRED : 0;
		c |= (s1[0] & (1u << 26)) ? NVMX_CPU_LAM : 0;
		c |= (s1[0] & (1u << 27)) ? NVMX_CPU_MSRLIST : 0;
	}
	if (max >= 0xa) {
		cpuid(0xa, 0, r);
		c |= ((r[0] & 0xff) >= 2) ? NVMX_CPU_PERFMON : 0;
	}
	if (max >= 0xd) {
		cpuid(0xd, 1, r);
		c |= (r[0] & (1u << 3)) ? NVMX_CPU_XSAVES : 0;
	}
	cpuid(0x80000000u, 0, r);
	xmax = r[0];
	if (xmax >= 0x80000001u) {
		cpuid(0x80000001u, 0, r);
		c |= (r[3] & (1u << 20)) ? NVMX_CPU_NX : 0;
		c |= (r[3] & (1u << 27)) ? NVMX_CPU_RDTSCP : 0;
		c |= (r[3] & (1u << 29)) ? NVMX_CPU_LM : 0;
	}
	return c;
}

static unsigned int maxphyaddr(void)
{
	uint32_t r[4];

	cpuid(0x80000000u, 0, r);
	if (r[0] < 0x80000008u)
		return 36;
	cpuid(0x80000008u, 0, r);
	return r[0] & 0xff;
}

/*
 * Read the MSRs in dependency order: which of them exist is decided by
 * the library (nvmx_model_has_msr) from the ones read so far. If the
 * library were wrong, RDMSR would #GP and the exception line fails the run.
 */
static void build_model(void)
{
	nvmx_model_init(&model, NVMX_PRESET_MAX);
	for (uint32_t i = NVMX_MSR_VMX_FIRST; i <= NVMX_MSR_VMX_LAST; i++)
		if (i != NVMX_MSR_VMX_VMCS_ENUM)
			nvmx_model_set_msr(&model, i, 0);
	nvmx_model_set_cpu(&model, cpu_features());
	nvmx_model_set_maxphyaddr(&model, maxphyaddr());
	/* BASIC first, then the primary words, then what they enable. */
	static const uint32_t order[] = {
		0x480, 0x481, 0x482, 0x483, 0x484, 0x485, 0x486, 0x487,
		0x488, 0x489, 0x48a, 0x48d, 0x48e, 0x48f, 0x490, 0x48b,
		0x492, 0x493, 0x48c, 0x491,
	};
	for (unsigned int k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		uint32_t i = order[k];
		unsigned int s = i - NVMX_MSR_VMX_FIRST;

		if (!nvmx_model_has_msr(&model, i))
			continue;
		hw_msr[s] = rdmsr(i);
		hw_has[s] = true;
		if (i != NVMX_MSR_VMX_VMCS_ENUM)
			nvmx_model_set_msr(&model, i, hw_msr[s]);
	}
}

/* --- VMX on ------------------------------------------------------------- */

static uint32_t revision(void)
{
	return (uint32_t)(nvmx_model_get_msr(&model, NVMX_MSR_VMX_BASIC) &
			  NVMX_BASIC_REVISION_MASK);
}

static bool vmx_on(void)
{
	uint64_t fc = rdmsr(NVMX_MSR_IA32_FEATURE_CONTROL);
	uint64_t cr0 = read_cr0(), cr4 = read_cr4();
	int r;

	/* SDM 24.7: lock bit with "VMXON outside SMX" */
	if (!(fc & 1))
		wrmsr(NVMX_MSR_IA32_FEATURE_CONTROL, fc | 5);
	/* SDM 24.8: CR0/CR4 fixed bits (NE, VMXE) */
	cr0 |= nvmx_model_get_msr(&model, NVMX_MSR_VMX_CR0_FIXED0);
	cr0 &= nvmx_model_get_msr(&model, NVMX_MSR_VMX_CR0_FIXED1);
	write_cr0(cr0);
	cr4 |= nvmx_model_get_msr(&model, NVMX_MSR_VMX_CR4_FIXED0);
	cr4 &= nvmx_model_get_msr(&model, NVMX_MSR_VMX_CR4_FIXED1);
	write_cr4(cr4);
	*(uint32_t *)vmxon_region = revision();
	r = nvmx_hw_vmxon(pa(vmxon_region));
	if (r) {
		line("FAIL vmxon", 1, (uint64_t)r, 0, 0, 0);
		return false;
	}
	return true;
}

/* --- field tests --------------------------------------------------------- */

static unsigned int diffs;

static void diff(const char *what, uint64_t a, uint64_t b, uint64_t c)
{
	puts("DIFF ");
	line(what, 3, a, b, c, 0);
	diffs++;
}

/* Width mask from encoding bits 14:13 (SDM Table B-1). */
static uint64_t width_mask(uint32_t enc)
{
	switch ((enc >> 13) & 3) {
	case 0:
		return 0xffffull;
	case 2:
		return 0xffffffffull;
	default:
		return ~0ull;
	}
}

static void field_round_trip(void)
{
	static const uint64_t pats[] = { 0xa5a5a5a55a5a5a5aull, ~0ull, 0,
					 0x8000000180000001ull };
	bool any_write = nvmx_model_get_msr(&model, NVMX_MSR_VMX_MISC) &
			 NVMX_MISC_VMWRITE_ANY;
	unsigned int ok = 0, nx = 0, nfields = 0;

	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++) {
		const struct nvmx_field_info *f = nvmx_field_at(i);

		for (uint32_t hi = 0; hi < (f->width == NVMX_W64 ? 2u : 1u);
		     hi++) {
			uint32_t enc = f->encoding | hi;
			bool ro = f->type == NVMX_EXIT && !any_write;

			if (!nvmx_field_exists(&model, enc))
				continue;
			nfields++;
			for (unsigned int p = 0; p < 4; p++) {
				uint64_t v = ~pats[p], want;
				int w = nvmx_hw_vmwrite(enc, pats[p]);
				int r = nvmx_hw_vmread(enc, &v);

				if (w != (ro ? 13 : 0)) {
					diff("WRITE", enc, (uint64_t)w,
					     ro ? 13 : 0);
					break;
				}
				if (r != 0) {
					diff("READ", enc, (uint64_t)r, 0);
					break;
				}
				if (ro)
					break;
				want = hi ? pats[p] & 0xffffffffull :
					    pats[p] & width_mask(enc);
				if (v != want) {
					diff("VALUE", enc, v, want);
					break;
				}
				ok++;
			}
		}
	}
	/* Every other encoding with bits 31:15 and 12 clear: error 12. */
	for (uint32_t enc = 0; enc < 0x8000; enc++) {
		uint64_t v;
		int r, w;

		if ((enc & 0x1000) || nvmx_field_exists(&model, enc))
			continue;
		r = nvmx_hw_vmread(enc, &v);
		w = nvmx_hw_vmwrite(enc, 0);
		if (r != 12 || w != 12)
			diff("NOFIELD", enc, (uint64_t)r, (uint64_t)w);
		else
			nx++;
	}
	/* Reserved encoding bits on an existing field (guest CR3). */
	{
		static const uint64_t bad[] = { 0x6802 | 0x1000,
						0x6802 | 0x8000,
						0x6802 | 0x80000000ull,
						0x6802 | (1ull << 32) };
		for (unsigned int k = 0; k < 4; k++) {
			uint64_t v;
			int r = nvmx_hw_vmread64(bad[k], &v);
			int w = nvmx_hw_vmwrite64(bad[k], 0);

			if (r != 12 || w != 12)
				diff("RESERVED", bad[k], (uint64_t)r,
				     (uint64_t)w);
			else
				nx++;
		}
	}
	puts("FIELDS exist=");
	putdec(nfields);
	puts(" roundtrips=");
	putdec(ok);
	puts(" unsupported_ok=");
	putdec(nx);
	putc('\n');
}

/* --- the baseline VMCS --------------------------------------------------- */

#define MAX_BASE 160
static struct hw_field base[MAX_BASE];
static unsigned int nbase;

static void b(uint32_t enc, uint64_t v)
{
	if (!nvmx_field_exists(&model, enc) || nbase >= MAX_BASE)
		return;
	base[nbase].enc = enc;
	base[nbase].val = v;
	nbase++;
}

/* Exit landing for vector runs (see vec_enter). */
extern char vec_exit[];

/*
 * A valid 64-bit guest and this kernel as the host (SDM 27.2, 27.3):
 * controls at their must-be-1 settings, "IA-32e mode guest", "host
 * address-space size", the VMX-preemption timer as a watchdog when the
 * model has it.
 */
static void build_baseline(void)
{
	struct dtr g, i;
	uint64_t pin = nvmx_model_allowed0(&model, NVMX_WORD_PIN);
	uint64_t proc = nvmx_model_allowed0(&model, NVMX_WORD_PROC);
	uint64_t exitc = nvmx_model_allowed0(&model, NVMX_WORD_EXIT);
	uint64_t entry = nvmx_model_allowed0(&model, NVMX_WORD_ENTRY);
	uint64_t efer = rdmsr(0xc0000080u);
	uint64_t pat = rdmsr(0x277);
	bool timer = nvmx_model_allowed1(&model, NVMX_WORD_PIN) &
		     NVMX_CTL_MASK(PIN_PREEMPTION_TIMER);

	__asm__ volatile("sgdt %0; sidt %1" : "=m"(g), "=m"(i));
	nbase = 0;
	if (timer)
		pin |= NVMX_CTL_MASK(PIN_PREEMPTION_TIMER);
	exitc |= NVMX_CTL_MASK(EXIT_HOST_ADDR_SPACE_SIZE);
	entry |= NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST);
	b(NVMX_PIN_BASED_VM_EXEC_CONTROL, pin);
	b(NVMX_CPU_BASED_VM_EXEC_CONTROL, proc);
	b(NVMX_VM_EXIT_CONTROLS, exitc);
	b(NVMX_VM_ENTRY_CONTROLS, entry);
	b(NVMX_VMX_PREEMPTION_TIMER_VALUE, timer ? 20000 : 0);
	b(NVMX_CR3_TARGET_COUNT, 0);
	b(NVMX_VMCS_LINK_POINTER, ~0ull);
	/* host state: this kernel */
	b(NVMX_HOST_CR0, read_cr0());
	b(NVMX_HOST_CR3, read_cr3());
	b(NVMX_HOST_CR4, read_cr4());
	b(NVMX_HOST_CS_SELECTOR, 0x08);
	b(NVMX_HOST_SS_SELECTOR, 0x10);
	b(NVMX_HOST_DS_SELECTOR, 0x10);
	b(NVMX_HOST_ES_SELECTOR, 0x10);
	b(NVMX_HOST_FS_SELECTOR, 0x10);
	b(NVMX_HOST_GS_SELECTOR, 0x10);
	b(NVMX_HOST_TR_SELECTOR, 0x18);
	b(NVMX_HOST_TR_BASE, pa(tss));
	b(NVMX_HOST_GDTR_BASE, g.base);
	b(NVMX_HOST_IDTR_BASE, i.base);
	b(NVMX_HOST_RSP, pa(exit_stack) + PAGE);
	b(NVMX_HOST_RIP, pa(vec_exit));
	b(NVMX_HOST_IA32_PAT, pat);
	b(NVMX_HOST_IA32_EFER, efer);
	/* guest state: 64-bit, same paging, flat segments */
	b(NVMX_GUEST_CR0, read_cr0());
	b(NVMX_GUEST_CR3, read_cr3());
	b(NVMX_GUEST_CR4, read_cr4());
	b(NVMX_GUEST_DR7, 0x400);
	b(NVMX_GUEST_RSP, pa(guest_stack) + PAGE);
	b(NVMX_GUEST_RIP, pa(guest_code));
	b(NVMX_GUEST_RFLAGS, 0x2);
	b(NVMX_GUEST_CS_SELECTOR, 0x08);
	b(NVMX_GUEST_CS_LIMIT, 0xffffffff);
	b(NVMX_GUEST_CS_AR_BYTES, 0xa09b);
	for (uint32_t s = 0; s < 6; s++) {
		if (s == 1)
			continue; /* CS above */
		b(NVMX_GUEST_ES_SELECTOR + 2 * s, 0x10);
		b(NVMX_GUEST_ES_LIMIT + 2 * s, 0xffffffff);
		b(NVMX_GUEST_ES_AR_BYTES + 2 * s, 0xc093);
	}
	b(NVMX_GUEST_LDTR_AR_BYTES, 0x10000); /* unusable */
	b(NVMX_GUEST_TR_SELECTOR, 0x18);
	b(NVMX_GUEST_TR_BASE, pa(tss));
	b(NVMX_GUEST_TR_LIMIT, 0x67);
	b(NVMX_GUEST_TR_AR_BYTES, 0x8b);
	b(NVMX_GUEST_GDTR_BASE, g.base);
	b(NVMX_GUEST_GDTR_LIMIT, g.limit);
	/* IDTR limit 0: any guest exception ends in a triple-fault exit */
	b(NVMX_GUEST_IDTR_BASE, 0);
	b(NVMX_GUEST_IDTR_LIMIT, 0);
	b(NVMX_GUEST_IA32_PAT, pat);
	b(NVMX_GUEST_IA32_EFER, efer);
	b(NVMX_VM_ENTRY_MSR_LOAD_ADDR, pa(msr_area));
	b(NVMX_VM_EXIT_MSR_LOAD_ADDR, pa(msr_area) + 2048);
	b(NVMX_VM_EXIT_MSR_STORE_ADDR, pa(msr_area) + 2048);
}

static int write_fields(const struct hw_field *f, unsigned int n,
			uint32_t *bad)
{
	for (unsigned int k = 0; k < n; k++) {
		int r = nvmx_hw_vmwrite(f[k].enc, f[k].val);

		if (r) {
			*bad = f[k].enc;
			return r;
		}
	}
	return 0;
}

/* --- guest run through the backend ---------------------------------------- */

static void guest_run(void)
{
	struct nvmx_backend be;
	uint64_t reason = 0, len = 0, rip = 0, qual = 0;
	uint32_t bad = 0;
	int r;

	nvmx_backend_init_hw(&be, pa(vmcs_g));
	*(uint32_t *)vmcs_g = revision();
	if ((r = nvmx_backend_clear(&be)) || (r = nvmx_backend_load(&be))) {
		line("FAIL guest load", 1, (uint64_t)r, 0, 0, 0);
		return;
	}
	r = write_fields(base, nbase, &bad);
	if (r) {
		line("FAIL guest baseline write", 2, bad, (uint64_t)r, 0, 0);
		return;
	}
	r = nvmx_backend_launch(&be);
	nvmx_hw_vmread(NVMX_VM_EXIT_REASON, &reason);
	nvmx_hw_vmread(NVMX_VM_EXIT_INSTRUCTION_LEN, &len);
	nvmx_hw_vmread(NVMX_GUEST_RIP, &rip);
	nvmx_hw_vmread(NVMX_EXIT_QUALIFICATION, &qual);
	/* SDM C: exit reason 18 = VMCALL; RIP is the VMCALL's address */
	if (r || reason != 18 || len != 3 ||
	    rip != pa(guest_code) + GUEST_VMCALL1) {
		line("FAIL guest launch", 4, (uint64_t)r, reason, qual, rip);
		diffs++;
		return;
	}
	nvmx_hw_vmwrite(NVMX_GUEST_RIP, rip + len);
	r = nvmx_backend_resume(&be);
	nvmx_hw_vmread(NVMX_VM_EXIT_REASON, &reason);
	nvmx_hw_vmread(NVMX_GUEST_RIP, &rip);
	if (r || reason != 18 || rip != pa(guest_code) + GUEST_VMCALL2) {
		line("FAIL guest resume", 3, (uint64_t)r, reason, rip, 0);
		diffs++;
		return;
	}
	/* SDM 31.3: VMLAUNCH of a launched VMCS -> 4; VMRESUME of a clear
	 * VMCS -> 5. */
	r = nvmx_backend_launch(&be);
	if (r != 4) {
		line("FAIL relaunch", 1, (uint64_t)r, 0, 0, 0);
		diffs++;
	}
	nvmx_backend_clear(&be);
	nvmx_backend_load(&be);
	r = nvmx_backend_resume(&be);
	if (r != 5) {
		line("FAIL resume-clear", 1, (uint64_t)r, 0, 0, 0);
		diffs++;
	}
	puts("GUEST ok launch+resume vmcall exits\n");
}

/* --- sync between backends, shadow bitmaps on the CPU ------------------- */

static struct nvmx_vmcs12 v12a, v12b;
static uint8_t vmcs_s[PAGE] __attribute__((aligned(PAGE)));
static uint8_t rd_bm[PAGE] __attribute__((aligned(PAGE)));
static uint8_t wr_bm[PAGE] __attribute__((aligned(PAGE)));
static volatile uint64_t shadow_out;

/*
 * vmcs12 -> hardware VMCS -> another vmcs12 with nvmx_backend_sync(), over
 * every writable field of the model: both copies must be equal.
 */
static void sync_test(void)
{
	static uint32_t set[NVMX_FIELD_COUNT];
	struct nvmx_backend sw, hw, sw2;
	size_t n = 0, done = 0;
	unsigned int bad = 0;
	int r;

	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++) {
		const struct nvmx_field_info *f = nvmx_field_at(i);

		if (f->type != NVMX_EXIT &&
		    nvmx_field_exists(&model, f->encoding))
			set[n++] = f->encoding;
	}
	nvmx_vmcs12_init(&v12a, &model);
	nvmx_vmcs12_init(&v12b, &model);
	nvmx_backend_init_sw(&sw, &model, &v12a, NVMX_BACKEND_PRIVILEGED);
	nvmx_backend_init_sw(&sw2, &model, &v12b, NVMX_BACKEND_PRIVILEGED);
	for (size_t k = 0; k < n; k++)
		nvmx_backend_write(&sw, set[k],
				   0x0123456789abcdefull ^ (set[k] * 0x10001ull));
	*(uint32_t *)vmcs_a = revision();
	nvmx_backend_init_hw(&hw, pa(vmcs_a));
	nvmx_backend_clear(&hw);
	r = nvmx_backend_sync(&hw, &sw, set, n, &done);
	if (r || done != n) {
		line("FAIL sync sw->hw", 2, (uint64_t)r, done, 0, 0);
		return;
	}
	r = nvmx_backend_sync(&sw2, &hw, set, n, &done);
	if (r || done != n) {
		line("FAIL sync hw->sw", 2, (uint64_t)r, done, 0, 0);
		return;
	}
	for (size_t k = 0; k < n; k++) {
		const struct nvmx_field_info *f = nvmx_field_lookup(set[k]);

		if (v12a.field[f->index] != v12b.field[f->index]) {
			diff("SYNC", set[k], v12a.field[f->index],
			     v12b.field[f->index]);
			bad++;
		}
	}
	puts("SYNC fields=");
	putdec(n);
	puts(bad ? " mismatches\n" : " ok\n");
}

/*
 * VMCS shadowing with bitmaps from nvmx_shadow_bitmaps(): the guest
 * VMREADs a shadowed field (no exit, value from the shadow VMCS) and then
 * a field outside the set (VM exit, reason 23 VMREAD; SDM 26.1.3, 25.10).
 */
static void shadow_test(void)
{
	static const uint32_t set[] = { NVMX_GUEST_CR3, NVMX_GUEST_RSP,
					NVMX_EXIT_QUALIFICATION,
					NVMX_VM_EXIT_REASON };
	/* mov eax,0x6802; vmread rbx,rax; mov [abs32],rbx;
	 * mov eax,0x4826; vmread rbx,rax; vmcall */
	uint8_t code[] = { 0xb8, 0x02, 0x68, 0x00, 0x00, 0x0f, 0x78, 0xc3,
			   0x48, 0x89, 0x1c, 0x25, 0, 0, 0, 0,
			   0xb8, 0x26, 0x48, 0x00, 0x00, 0x0f, 0x78, 0xc3,
			   0x0f, 0x01, 0xc1 };
	uint32_t out = (uint32_t)pa((const void *)&shadow_out);
	uint64_t reason = 0, rip = 0, proc;
	uint32_t bad = 0;
	int r, cnt;

	if (!(nvmx_model_allowed1(&model, NVMX_WORD_PROC2) &
	      NVMX_CTL_MASK(PROC2_VMCS_SHADOWING))) {
		puts("SHADOW n/a (no VMCS shadowing)\n");
		return;
	}
	memcpy(&code[12], &out, 4);
	memcpy(guest_code + 32, code, sizeof(code));
	cnt = nvmx_shadow_bitmaps(&model, &model, set, 4, rd_bm, wr_bm);
	if (cnt != 4) {
		line("FAIL shadow bitmaps", 1, (uint64_t)cnt, 0, 0, 0);
		return;
	}
	/* the shadow VMCS: revision with bit 31 (SDM 25.10) */
	*(uint32_t *)vmcs_s = revision() | 0x80000000u;
	if ((r = nvmx_hw_vmclear(pa(vmcs_s))) ||
	    (r = nvmx_hw_vmptrld(pa(vmcs_s))) ||
	    (r = nvmx_hw_vmwrite(NVMX_GUEST_CR3, 0x1234000))) {
		line("FAIL shadow vmcs", 1, (uint64_t)r, 0, 0, 0);
		return;
	}
	*(uint32_t *)vmcs_g = revision();
	shadow_out = 0;
	if ((r = nvmx_hw_vmclear(pa(vmcs_g))) ||
	    (r = nvmx_hw_vmptrld(pa(vmcs_g))) ||
	    (r = write_fields(base, nbase, &bad))) {
		line("FAIL shadow main", 2, (uint64_t)r, bad, 0, 0);
		return;
	}
	nvmx_hw_vmread(NVMX_CPU_BASED_VM_EXEC_CONTROL, &proc);
	nvmx_hw_vmwrite(NVMX_CPU_BASED_VM_EXEC_CONTROL,
			proc | NVMX_CTL_MASK(PROC_ACTIVATE_SECONDARY));
	nvmx_hw_vmwrite(NVMX_SECONDARY_VM_EXEC_CONTROL,
			NVMX_CTL_MASK(PROC2_VMCS_SHADOWING) |
				nvmx_model_allowed0(&model, NVMX_WORD_PROC2));
	nvmx_hw_vmwrite(NVMX_VMREAD_BITMAP, pa(rd_bm));
	nvmx_hw_vmwrite(NVMX_VMWRITE_BITMAP, pa(wr_bm));
	nvmx_hw_vmwrite(NVMX_VMCS_LINK_POINTER, pa(vmcs_s));
	nvmx_hw_vmwrite(NVMX_GUEST_RIP, pa(guest_code) + 32);
	r = nvmx_hw_vmlaunch();
	nvmx_hw_vmread(NVMX_VM_EXIT_REASON, &reason);
	nvmx_hw_vmread(NVMX_GUEST_RIP, &rip);
	if (r || reason != 23 || rip != pa(guest_code) + 32 + 21 ||
	    shadow_out != 0x1234000) {
		line("FAIL shadow run", 4, (uint64_t)r, reason, rip,
		     shadow_out);
		diffs++;
		return;
	}
	nvmx_hw_vmclear(pa(vmcs_g));
	puts("SHADOW ok: shadowed VMREAD from the shadow VMCS, other field exits\n");
}

/* --- other instructions ------------------------------------------------- */

static void insn_tests(void)
{
	uint64_t cur = 0, cap = nvmx_model_get_msr(&model,
						   NVMX_MSR_VMX_EPT_VPID_CAP);
	uint64_t v;
	int r;

	/* no current VMCS yet: VMfailInvalid */
	r = nvmx_hw_vmread(NVMX_GUEST_CR3, &v);
	if (r != NVMX_VMFAIL_INVALID)
		diff("NOVMCS-READ", (uint64_t)r, NVMX_VMFAIL_INVALID, 0);
	r = nvmx_hw_vmptrst(&cur);
	if (r || cur != ~0ull)
		diff("VMPTRST-NONE", (uint64_t)r, cur, 0);
	*(uint32_t *)vmcs_a = revision();
	r = nvmx_hw_vmclear(pa(vmcs_a));
	if (r)
		diff("VMCLEAR", (uint64_t)r, 0, 0);
	r = nvmx_hw_vmptrld(pa(vmcs_a));
	if (r)
		diff("VMPTRLD", (uint64_t)r, 0, 0);
	r = nvmx_hw_vmptrst(&cur);
	if (r || cur != pa(vmcs_a))
		diff("VMPTRST", (uint64_t)r, cur, pa(vmcs_a));
	/* SDM 31.3 VMPTRLD: the VMXON pointer -> 10; bad revision -> 11 */
	r = nvmx_hw_vmptrld(pa(vmxon_region));
	if (r != 10)
		diff("VMPTRLD-VMXON", (uint64_t)r, 10, 0);
	*(uint32_t *)vmcs_v = revision() ^ 1;
	r = nvmx_hw_vmptrld(pa(vmcs_v));
	if (r != 11)
		diff("VMPTRLD-REV", (uint64_t)r, 11, 0);
	/* VMCLEAR of an unaligned address -> 2 */
	r = nvmx_hw_vmclear(pa(vmcs_v) + 8);
	if (r != 2)
		diff("VMCLEAR-ALIGN", (uint64_t)r, 2, 0);
	/* VMXON again in VMX root -> 15 */
	r = nvmx_hw_vmxon(pa(vmxon_region));
	if (r != 15)
		diff("VMXON-ROOT", (uint64_t)r, 15, 0);
	nvmx_hw_vmptrld(pa(vmcs_a));
	/* INVEPT / INVVPID all-context when supported, bad type -> 28 */
	if (cap & NVMX_EPT_CAP_INVEPT) {
		r = nvmx_hw_invept(2, 0);
		if (r != ((cap & NVMX_EPT_CAP_INVEPT_ALL) ? 0 : 28))
			diff("INVEPT-ALL", (uint64_t)r, 0, 0);
		r = nvmx_hw_invept(0, 0);
		if (r != 28)
			diff("INVEPT-TYPE0", (uint64_t)r, 28, 0);
	}
	if (cap & NVMX_VPID_CAP_INVVPID) {
		r = nvmx_hw_invvpid(2, 0, 0);
		if (r != ((cap & NVMX_VPID_CAP_ALL) ? 0 : 28))
			diff("INVVPID-ALL", (uint64_t)r, 0, 0);
		r = nvmx_hw_invvpid(4, 1, 0);
		if (r != 28)
			diff("INVVPID-TYPE4", (uint64_t)r, 28, 0);
	}
	puts("INSN done\n");
}

/* --- vector runs -------------------------------------------------------- */

/*
 * vec_enter: VMLAUNCH the current VMCS without touching HOST_RSP/HOST_RIP
 * (vectors may mutate them). Saves the callee-saved registers and RSP in
 * vec_save; clears the other GPRs so that a wild guest writes to address
 * 0 only. Returns flags (bit 0 CF, bit 1 ZF) if VMLAUNCH falls through,
 * 4 via vec_exit after a VM exit, which reloads GDTR/IDTR, the segment
 * registers and the saved registers (a vector may have changed host
 * selectors or descriptor-table bases in harmless ways).
 */
uint64_t vec_save[8];
struct dtr vec_gdtr, vec_idtr;
/* 0: VMLAUNCH, 1: VMRESUME, 2: MOV SS then VMLAUNCH (SDM 27.1) */
uint32_t vec_insn;
__asm__(".text\n"
	".globl vec_enter\n"
	"vec_enter:\n"
	"	lea vec_save(%rip), %rax\n"
	"	mov %rbx, 0(%rax)\n"
	"	mov %rbp, 8(%rax)\n"
	"	mov %r12, 16(%rax)\n"
	"	mov %r13, 24(%rax)\n"
	"	mov %r14, 32(%rax)\n"
	"	mov %r15, 40(%rax)\n"
	"	mov %rsp, 48(%rax)\n"
	"	xor %eax, %eax\n"
	"	xor %ebx, %ebx\n"
	"	xor %ecx, %ecx\n"
	"	xor %edx, %edx\n"
	"	xor %esi, %esi\n"
	"	xor %edi, %edi\n"
	"	xor %ebp, %ebp\n"
	"	xor %r8d, %r8d\n"
	"	xor %r9d, %r9d\n"
	"	xor %r10d, %r10d\n"
	"	xor %r11d, %r11d\n"
	"	xor %r12d, %r12d\n"
	"	xor %r13d, %r13d\n"
	"	xor %r14d, %r14d\n"
	"	xor %r15d, %r15d\n"
	"	cmpl $1, vec_insn(%rip)\n"
	"	je 3f\n"
	"	cmpl $2, vec_insn(%rip)\n"
	"	je 4f\n"
	"	vmlaunch\n"
	"	jmp 5f\n"
	"3:	vmresume\n"
	"	jmp 5f\n"
	/* MOV SS blocks events until after the next instruction */
	"4:	mov %ss, %eax\n"
	"	mov %eax, %ss\n"
	"	vmlaunch\n"
	"5:	setc %al\n"
	"	setz %dl\n"
	"	shl $1, %dl\n"
	"	or %dl, %al\n"
	"	movzbl %al, %eax\n"
	"	jmp 1f\n"
	".globl vec_exit\n"
	"vec_exit:\n"
	"	lgdt vec_gdtr(%rip)\n"
	"	lidt vec_idtr(%rip)\n"
	"	mov $0x10, %ax\n"
	"	mov %ax, %ds\n"
	"	mov %ax, %es\n"
	"	mov %ax, %ss\n"
	"	mov %ax, %fs\n"
	"	mov %ax, %gs\n"
	"	lea vec_save(%rip), %rax\n"
	"	mov 48(%rax), %rsp\n"
	"	pushq $0x08\n"
	"	lea 2f(%rip), %rdx\n"
	"	pushq %rdx\n"
	"	lretq\n"
	"2:	mov $4, %eax\n"
	"1:	lea vec_save(%rip), %rcx\n"
	"	mov 0(%rcx), %rbx\n"
	"	mov 8(%rcx), %rbp\n"
	"	mov 16(%rcx), %r12\n"
	"	mov 24(%rcx), %r13\n"
	"	mov 32(%rcx), %r14\n"
	"	mov 40(%rcx), %r15\n"
	"	mov 48(%rcx), %rsp\n"
	"	ret\n");

/* VMLAUNCH (0, 2) or VMRESUME (1) with the host context restored after. */
static int enter_restore(uint32_t insn, uint64_t cr0, uint64_t cr3,
			 uint64_t cr4)
{
	int r;

	vec_insn = insn;
	r = vec_enter();
	vec_insn = 0;
	/* a vector may have loaded odd but valid host CR0/CR3/CR4 bits;
	 * restore only what changed (each write flushes) */
	if (read_cr0() != cr0)
		write_cr0(cr0);
	if (read_cr4() != cr4)
		write_cr4(cr4);
	if (read_cr3() != cr3)
		write_cr3(cr3);
	return r;
}

/* VMLAUNCH outside VMX operation: the vector number of the fault, or ~0
 * if there was none (SDM 31.3 VMLAUNCH: #UD outside VMX operation). */
static uint64_t launch_not_vmx(void)
{
	uint64_t v;

	exc_vector = ~0ull;
	if (nvmx_hw_vmxoff())
		return 0x100;
	__asm__ volatile("lea 1f(%%rip), %%rax\n\t"
			 "mov %%rax, exc_resume(%%rip)\n\t"
			 "vmlaunch\n"
			 "1:\n\t"
			 "movq $0, exc_resume(%%rip)"
			 :
			 :
			 : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9",
			   "r10", "r11", "memory", "cc");
	v = exc_vector;
	if (nvmx_hw_vmxon(pa(vmxon_region)))
		return 0x200;
	return v;
}

/*
 * VMLAUNCH at CPL 3 (#GP(0)) and in compatibility mode (#UD), SDM 31.3.
 * The 2-MiB page holding user_code and user_stack gets the U/S bit for
 * the duration (restored after: the page tables are also what VM entry
 * reads as PDPTEs of PAE guests).
 */
static uint8_t compat_code[32] __attribute__((aligned(16))); /* in bss */
static uint64_t launch_cpl3(void);

/* Run code[0..n) at CPL 3 (from user_code); it must fault. Returns the
 * vector of the fault. */
static uint64_t run_cpl3(const uint8_t *code, unsigned int n)
{
	memcpy(user_code, code, n);
	return launch_cpl3();
}

static uint64_t launch_compat(void);

/* Run code[0..n) in compatibility mode (from compat_code, followed by
 * INT3 so that an instruction that does not fault shows as vector 3). */
static uint64_t run_compat(const uint8_t *code, unsigned int n)
{
	memcpy(compat_code, code, n);
	compat_code[n] = 0xcc;
	return launch_compat();
}

static uint64_t launch_cpl3(void)
{
	uint64_t *pml4 = (uint64_t *)(uintptr_t)(read_cr3() & ~0xfffull);
	uint64_t *pdpt = (uint64_t *)(uintptr_t)(pml4[0] & 0xfffff000ull);
	uint64_t *pd = (uint64_t *)(uintptr_t)(pdpt[0] & 0xfffff000ull);
	unsigned int i = (unsigned int)(pa(user_code) >> 21);
	uint64_t s4 = pml4[0], s3 = pdpt[0], s2 = pd[i], v;

	if ((pa(user_stack) >> 21) != i)
		return 0x300;
	pml4[0] |= 4;
	pdpt[0] |= 4;
	pd[i] |= 4;
	write_cr3(read_cr3());
	exc_vector = ~0ull;
	__asm__ volatile("mov %%rsp, %%rax\n\t"
			 "mov %%rax, exc_resume_rsp(%%rip)\n\t"
			 "lea 1f(%%rip), %%rax\n\t"
			 "mov %%rax, exc_resume(%%rip)\n\t"
			 "pushq $0x33\n\t"
			 "pushq %0\n\t"
			 "pushfq\n\t"
			 "pushq $0x3b\n\t"
			 "pushq %1\n\t"
			 "iretq\n"
			 "1:\n\t"
			 "mov $0x10, %%eax\n\t"
			 "mov %%eax, %%ds\n\t"
			 "mov %%eax, %%es\n\t"
			 "mov %%eax, %%fs\n\t"
			 "mov %%eax, %%gs"
			 :
			 : "r"(pa(user_stack) + PAGE), "r"(pa(user_code))
			 : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9",
			   "r10", "r11", "memory", "cc");
	v = exc_vector;
	pml4[0] = s4;
	pdpt[0] = s3;
	pd[i] = s2;
	write_cr3(read_cr3());
	return v;
}

static uint64_t launch_compat(void)
{
	exc_vector = ~0ull;
	__asm__ volatile("lea 1f(%%rip), %%rax\n\t"
			 "mov %%rax, exc_resume(%%rip)\n\t"
			 "pushq $0x28\n\t"
			 "pushq %0\n\t"
			 "lretq\n"
			 "1:"
			 :
			 : "r"(pa(compat_code))
			 : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9",
			   "r10", "r11", "memory", "cc");
	return exc_vector;
}

/*
 * HOST32 mode: VM entry executed by a host outside IA-32e mode (SDM
 * 27.2.3, 27.2.4: the host address-space size rules depend on IA32_EFER.LMA
 * at VMLAUNCH). The VMCS is written in 64-bit mode, then VMCLEAR (its data
 * reaches memory, SDM 25.11.3) and VMXOFF: CR0.PG cannot be cleared in VMX
 * operation (IA32_VMX_CR0_FIXED0). h32_run leaves IA-32e mode as SDM
 * 10.8.5.4 says (compatibility mode, CR0.PG = 0, EFER.LME = 0), enables
 * 32-bit paging with 4-MiB pages (pd32, identity map of the first GiB),
 * VMXON, VMPTRLD, VMLAUNCH; the VM exit of the vector lands at h32_exit
 * (32-bit code, host address-space size 0). Then VMCLEAR, VMXOFF, and
 * IA-32e mode again (SDM 10.8.5: PAE, CR3, EFER.LME, CR0.PG, a far jump to
 * the 64-bit code segment). Returns like vec_enter (flags or 4), or
 * 0x100 | flags if the 32-bit VMXON/VMPTRLD failed.
 */
static uint32_t pd32[1024] __attribute__((aligned(PAGE)));
uint64_t h32_vmxon_ptr, h32_vmcs_ptr, h32_rsp;
uint32_t h32_cr3, h32_cr4, h32_cr3_64, h32_cr4_64, h32_result;
extern char h32_exit[];
int h32_run(void);
__asm__(".text\n"
	".globl h32_run\n"
	"h32_run:\n"
	"	push %rbx\n"
	"	push %rbp\n"
	"	push %r12\n"
	"	push %r13\n"
	"	push %r14\n"
	"	push %r15\n"
	"	mov %rsp, h32_rsp(%rip)\n"
	"	pushq $0x28\n"
	"	lea h32_compat(%rip), %rax\n"
	"	push %rax\n"
	"	lretq\n"
	".code32\n"
	"h32_compat:\n"
	"	mov %cr0, %eax\n"
	"	and $0x7fffffff, %eax\n"
	"	mov %eax, %cr0\n"		/* leaves IA-32e mode: LMA = 0 */
	"	mov $0xc0000080, %ecx\n"
	"	rdmsr\n"
	"	and $0xfffffeff, %eax\n"	/* EFER.LME = 0 */
	"	wrmsr\n"
	"	mov h32_cr4, %eax\n"
	"	mov %eax, %cr4\n"		/* PSE, no PAE */
	"	mov h32_cr3, %eax\n"
	"	mov %eax, %cr3\n"
	"	mov %cr0, %eax\n"
	"	or $0x80000000, %eax\n"
	"	mov %eax, %cr0\n"		/* 32-bit paging */
	"	jmp 1f\n"
	"1:	vmxon h32_vmxon_ptr\n"
	"	jbe 3f\n"
	"	vmptrld h32_vmcs_ptr\n"
	"	jbe 2f\n"
	"	vmlaunch\n"
	"	setc %al\n"
	"	setz %dl\n"
	"	shl $1, %dl\n"
	"	or %dl, %al\n"
	"	movzbl %al, %eax\n"
	"	jmp 4f\n"
	".globl h32_exit\n"
	"h32_exit:\n"
	"	mov $0x10, %eax\n"	/* a vector may load null DS/ES */
	"	mov %eax, %ds\n"
	"	mov %eax, %es\n"
	"	mov $4, %eax\n"
	"4:	mov %eax, h32_result\n"
	"	vmclear h32_vmcs_ptr\n"
	"	vmxoff\n"
	"	jmp 5f\n"
	"2:	vmxoff\n"
	"3:	setc %al\n"
	"	setz %dl\n"
	"	shl $1, %dl\n"
	"	or %dl, %al\n"
	"	movzbl %al, %eax\n"
	"	or $0x100, %eax\n"
	"	mov %eax, h32_result\n"
	"5:	mov $0x10, %eax\n"
	"	mov %eax, %ds\n"
	"	mov %eax, %es\n"
	"	mov %eax, %ss\n"
	"	mov %cr0, %eax\n"
	"	and $0x7fffffff, %eax\n"
	"	mov %eax, %cr0\n"
	"	mov h32_cr4_64, %eax\n"
	"	mov %eax, %cr4\n"		/* PAE */
	"	mov h32_cr3_64, %eax\n"
	"	mov %eax, %cr3\n"
	"	mov $0xc0000080, %ecx\n"
	"	rdmsr\n"
	"	or $0x100, %eax\n"		/* EFER.LME */
	"	wrmsr\n"
	"	mov %cr0, %eax\n"
	"	or $0x80000000, %eax\n"
	"	mov %eax, %cr0\n"		/* IA-32e mode, compatibility */
	"	ljmp $0x08, $h32_back64\n"
	".code64\n"
	"h32_back64:\n"
	"	lgdt vec_gdtr(%rip)\n"
	"	lidt vec_idtr(%rip)\n"
	"	mov $0x10, %ax\n"
	"	mov %ax, %ds\n"
	"	mov %ax, %es\n"
	"	mov %ax, %ss\n"
	"	mov %ax, %fs\n"
	"	mov %ax, %gs\n"
	"	mov h32_rsp(%rip), %rsp\n"
	"	pop %r15\n"
	"	pop %r14\n"
	"	pop %r13\n"
	"	pop %r12\n"
	"	pop %rbp\n"
	"	pop %rbx\n"
	"	mov h32_result(%rip), %eax\n"
	"	ret\n");

/* The 32-bit host's paging state (kernel CR4 without PAE and PCIDE, with
 * PSE; CR0 unchanged) and the fields every HOST32 vector writes first:
 * printed as "H32" lines in the probe run for the host side. */
static void h32_setup(void)
{
	uint64_t cr4 = read_cr4();

	for (uint32_t i = 0; i < 256; i++)
		pd32[i] = (i << 22) | 0x83; /* P, W, PS: 4 MiB */
	h32_cr3 = (uint32_t)pa(pd32);
	h32_cr4 = (uint32_t)((cr4 & ~(0x20ull | NVMX_CR4_PCIDE)) | 0x10);
	h32_cr3_64 = (uint32_t)read_cr3();
	h32_cr4_64 = (uint32_t)cr4;
	h32_vmxon_ptr = pa(vmxon_region);
	h32_vmcs_ptr = pa(vmcs_v);
}

static void h32_print(void)
{
	uint64_t efer = rdmsr(0xc0000080u) & ~0x500ull; /* LMA, LME */
	uint64_t exitc = 0, entry = 0;

	for (unsigned int k = 0; k < nbase; k++) {
		if (base[k].enc == NVMX_VM_EXIT_CONTROLS)
			exitc = base[k].val;
		if (base[k].enc == NVMX_VM_ENTRY_CONTROLS)
			entry = base[k].val;
	}
	line("H32", 2, NVMX_VM_EXIT_CONTROLS,
	     exitc & ~NVMX_CTL_MASK(EXIT_HOST_ADDR_SPACE_SIZE), 0, 0);
	line("H32", 2, NVMX_VM_ENTRY_CONTROLS,
	     entry & ~NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST), 0, 0);
	line("H32", 2, NVMX_HOST_CR3, h32_cr3, 0, 0);
	line("H32", 2, NVMX_HOST_CR4, h32_cr4, 0, 0);
	line("H32", 2, NVMX_HOST_CS_SELECTOR, 0x28, 0, 0);
	line("H32", 2, NVMX_HOST_RIP, pa(h32_exit), 0, 0);
	line("H32", 2, NVMX_HOST_IA32_EFER, efer, 0, 0);
	line("H32", 2, NVMX_GUEST_CR3, h32_cr3, 0, 0);
	line("H32", 2, NVMX_GUEST_CR4, h32_cr4, 0, 0);
	line("H32", 2, NVMX_GUEST_CS_SELECTOR, 0x28, 0, 0);
	line("H32", 2, NVMX_GUEST_CS_AR_BYTES, 0xc09b, 0, 0);
	line("H32", 2, NVMX_GUEST_IA32_EFER, efer, 0, 0);
}

/* Run the current VMCS (vmcs_v) from the 32-bit host; the VMCS is current
 * again afterwards (64-bit VMX root operation). */
static int launch_host32(void)
{
	int r;

	if (nvmx_hw_vmclear(pa(vmcs_v)) || nvmx_hw_vmxoff())
		return 0x200;
	r = h32_run();
	if (nvmx_hw_vmxon(pa(vmxon_region)) || nvmx_hw_vmptrld(pa(vmcs_v)))
		return 0x300;
	return r;
}

static void report(uint32_t id, uint32_t mode, int r)
{
	uint64_t reason = 0, qual = 0;

	if (r == 4) {
		nvmx_hw_vmread(NVMX_VM_EXIT_REASON, &reason);
		nvmx_hw_vmread(NVMX_EXIT_QUALIFICATION, &qual);
		if (reason & 0x80000000u)
			line("R X", 3, id, reason & 0xffff, qual, 0);
		else
			line("R E", 2, id, reason, 0, 0);
	} else if (r & 1) {
		line("R I", 1, id, 0, 0, 0);
	} else {
		uint64_t err = 0;

		nvmx_hw_vmread(NVMX_VM_INSTRUCTION_ERROR, &err);
		line("R F", 2, id, err, 0, 0);
	}
	(void)mode;
}

static void run_vectors(const struct hw_blob *hb)
{
	const uint8_t *p = (const uint8_t *)(hb + 1);
	uint64_t cr4 = read_cr4(), cr0 = read_cr0(), cr3 = read_cr3();

	__asm__ volatile("sgdt %0; sidt %1" : "=m"(vec_gdtr), "=m"(vec_idtr));
	for (uint32_t k = 0; k < hb->nvec; k++) {
		const struct hw_vec *v = (const void *)p;
		const struct hw_field *mut = (const void *)(v + 1);
		const struct hw_msr *msr = (const void *)(mut + v->nmut);
		uint32_t bad = 0, mode = v->mode;
		int r;

		p = (const uint8_t *)(msr + v->nmsr);
		/* SDM 25.11.3: a fresh, zeroed region for every vector */
		memset(vmcs_v, 0, PAGE);
		*(uint32_t *)vmcs_v = revision();
		memset(msr_area, 0, PAGE);
		memcpy(msr_area, msr, v->nmsr * sizeof(*msr));
		if ((r = nvmx_hw_vmclear(pa(vmcs_v))) ||
		    (r = nvmx_hw_vmptrld(pa(vmcs_v)))) {
			line("FAIL vmptrld", 2, v->id, (uint64_t)r, 0, 0);
			return;
		}
		r = write_fields(base, nbase, &bad);
		line("L", 1, v->id, 0, 0, 0);
		if (!r && (mode == HW_MODE_RELAUNCH || mode == HW_MODE_RESUME)) {
			/* launch the baseline first: the VMCS becomes
			 * launched (SDM 27.1), then rewrite it */
			r = enter_restore(0, cr0, cr3, cr4);
			if (r != 4) {
				line("R N", 2, v->id, (uint64_t)r, 0, 0);
				continue;
			}
			r = write_fields(base, nbase, &bad);
		}
		if (!r)
			r = write_fields(mut, v->nmut, &bad);
		if (r) {
			line("W", 3, v->id, bad, (uint64_t)r, 0);
			continue;
		}
		switch (mode) {
		case HW_MODE_NO_VMCS:
			/* SDM 31.3 VMCLEAR: clearing the current VMCS makes
			 * the current-VMCS pointer invalid */
			nvmx_hw_vmclear(pa(vmcs_v));
			break;
		case HW_MODE_SHADOW:
			nvmx_hw_vmclear(pa(vmcs_v));
			*(volatile uint32_t *)vmcs_v = revision() | 0x80000000u;
			r = nvmx_hw_vmptrld(pa(vmcs_v));
			if (r) {
				line("R P", 2, v->id, (uint64_t)r, 0, 0);
				continue;
			}
			break;
		case HW_MODE_CPL3:
		case HW_MODE_COMPAT:
		case HW_MODE_NOT_VMX: {
			static const uint8_t vml[] = { 0x0f, 0x01, 0xc2 };
			uint64_t x = mode == HW_MODE_CPL3 ? run_cpl3(vml, 3) :
				     mode == HW_MODE_COMPAT ?
							 run_compat(vml, 3) :
							 launch_not_vmx();

			line("R U", 2, v->id, x, 0, 0);
			continue;
		}
		case HW_MODE_HOST32:
			r = launch_host32();
			if (r & ~7) {
				line("R U", 2, v->id, 0x1000 | (uint64_t)r, 0,
				     0);
				continue;
			}
			report(v->id, mode, r);
			continue;
		default:
			break;
		}
		r = enter_restore(mode == HW_MODE_RESUME ||
						  mode == HW_MODE_RESUME_CLEAR ?
					  1 :
				  mode == HW_MODE_MOVSS ? 2 :
							  0,
				  cr0, cr3, cr4);
		report(v->id, mode, r);
	}
}

/* --- instruction differential (issue 5) --------------------------------- */

/*
 * The VMX instructions executed on the emulated CPU and emulated by
 * nvmx_insn_*() on a struct nvmx_vcpu that mirrors the CPU's state (VMX
 * operation, VMXON pointer, current VMCS, model, IA32_FEATURE_CONTROL);
 * the outcomes (VMsucceed "S", VMfailInvalid "I", VMfailValid "F<n>",
 * exception "U<vector>", plus the value read by VMREAD/VMPTRST) must be
 * equal. A disagreement is a "DIFF INSN-<case>" line (probe allowlist).
 */

/* try_call(fn, arg): fn(arg) with expected faults recovered; returns 1
 * if fn faulted (vector in exc_vector), else 0. */
uint64_t try_rsp;
__asm__(".text\n"
	".globl try_call\n"
	"try_call:\n"
	"	push %rbx\n"
	"	push %rbp\n"
	"	push %r12\n"
	"	push %r13\n"
	"	push %r14\n"
	"	push %r15\n"
	"	sub $8, %rsp\n"
	"	mov %rsp, try_rsp(%rip)\n"
	"	movq $-1, exc_vector(%rip)\n"
	"	lea 1f(%rip), %rax\n"
	"	mov %rax, exc_resume(%rip)\n"
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rdi\n"
	"	call *%rax\n"
	"	movq $0, exc_resume(%rip)\n"
	"	xor %eax, %eax\n"
	"	jmp 2f\n"
	"1:	mov try_rsp(%rip), %rsp\n"
	"	mov $1, %eax\n"
	"2:	add $8, %rsp\n"
	"	pop %r15\n"
	"	pop %r14\n"
	"	pop %r13\n"
	"	pop %r12\n"
	"	pop %rbp\n"
	"	pop %rbx\n"
	"	ret\n");

enum hw_op {
	H_VMXON, H_VMXOFF, H_VMCLEAR, H_VMPTRLD, H_VMPTRST, H_VMREAD,
	H_VMWRITE, H_INVEPT, H_INVVPID, H_VMLAUNCH, H_VMRESUME, H_VMFUNC,
};

struct hw_call {
	enum hw_op op;
	uint64_t a, b;		/* pointer / encoding / type, value */
	const uint64_t *desc;	/* INVEPT/INVVPID descriptor */
	int r;
	uint64_t v;		/* VMREAD / VMPTRST result */
};

/* INVEPT/INVVPID with a caller-made 128-bit descriptor and a full 64-bit
 * type register (the backend's forms build the descriptor themselves). */
static int raw_inv(bool ept, uint64_t type, const uint64_t *desc)
{
	uint8_t cf, zf;
	uint64_t e = 0;

	if (ept)
		__asm__ volatile("invept (%2), %3\n\tsetc %0\n\tsetz %1"
				 : "=r"(cf), "=r"(zf)
				 : "r"(desc), "r"(type)
				 : "cc", "memory");
	else
		__asm__ volatile("invvpid (%2), %3\n\tsetc %0\n\tsetz %1"
				 : "=r"(cf), "=r"(zf)
				 : "r"(desc), "r"(type)
				 : "cc", "memory");
	if (cf)
		return NVMX_VMFAIL_INVALID;
	if (zf) {
		nvmx_hw_vmread(NVMX_VM_INSTRUCTION_ERROR, &e);
		return (int)e;
	}
	return 0;
}

static void hw_do(void *p)
{
	struct hw_call *c = p;

	switch (c->op) {
	case H_VMXON:
		c->r = nvmx_hw_vmxon(c->a);
		break;
	case H_VMXOFF:
		c->r = nvmx_hw_vmxoff();
		break;
	case H_VMCLEAR:
		c->r = nvmx_hw_vmclear(c->a);
		break;
	case H_VMPTRLD:
		c->r = nvmx_hw_vmptrld(c->a);
		break;
	case H_VMPTRST:
		c->r = nvmx_hw_vmptrst(&c->v);
		break;
	case H_VMREAD:
		c->r = nvmx_hw_vmread64(c->a, &c->v);
		break;
	case H_VMWRITE:
		c->r = nvmx_hw_vmwrite64(c->a, c->b);
		break;
	case H_INVEPT:
		c->r = raw_inv(true, c->a, c->desc);
		break;
	case H_INVVPID:
		c->r = raw_inv(false, c->a, c->desc);
		break;
	case H_VMLAUNCH:
		c->r = nvmx_hw_vmlaunch();
		break;
	case H_VMRESUME:
		c->r = nvmx_hw_vmresume();
		break;
	case H_VMFUNC:
		__asm__ volatile("xor %%eax, %%eax\n\txor %%ecx, %%ecx\n\t"
				 "vmfunc"
				 :
				 :
				 : "rax", "rcx", "cc", "memory");
		c->r = 0;
		break;
	}
}

/* The mirror: library vmcs12 copies of the regions the cases use. */
static struct nvmx_vcpu ivcpu;
static struct {
	uint64_t gpa;
	bool used;
	struct nvmx_vmcs12 v;
} mirror[4];

static struct nvmx_vmcs12 *map_vmcs(void *opaque, uint64_t gpa)
{
	(void)opaque;
	for (unsigned int i = 0; i < 4; i++)
		if (!mirror[i].used || mirror[i].gpa == gpa) {
			if (!mirror[i].used) {
				mirror[i].used = true;
				mirror[i].gpa = gpa;
				nvmx_vmcs12_init(&mirror[i].v, &model);
			}
			/* the revision identifier lives in memory: the CPU
			 * reads it there on every VMPTRLD */
			mirror[i].v.revision_id =
				*(volatile uint32_t *)(uintptr_t)gpa;
			return &mirror[i].v;
		}
	return 0;
}

/* identity mapping: guest-physical = linear = this kernel's memory */
static int read_phys(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	(void)opaque;
	if (gpa >= 0x1000000 || len > 0x1000000 - gpa)
		return -1;
	memcpy(buf, (const void *)(uintptr_t)gpa, len);
	return 0;
}

static int read_lin(void *opaque, uint64_t la, void *buf, size_t len,
		    struct nvmx_fault *f)
{
	(void)opaque;
	(void)f;
	memcpy(buf, (const void *)(uintptr_t)la, len);
	return 0;
}

static int write_lin(void *opaque, uint64_t la, void *buf, size_t len,
		     struct nvmx_fault *f)
{
	(void)opaque;
	(void)f;
	memcpy((void *)(uintptr_t)la, buf, len);
	return 0;
}

static unsigned int icases, iagree;

static void put_outcome(char *b, char kind, uint64_t num, bool val,
			uint64_t v)
{
	/* "K<num>[:<value>]" in hex, at most 40 bytes */
	char t[17];
	int i = 16, k = 0;

	b[k++] = kind;
	t[i] = 0;
	do {
		t[--i] = "0123456789abcdef"[num & 15];
		num >>= 4;
	} while (num);
	while (t[i])
		b[k++] = t[i++];
	if (val) {
		b[k++] = ':';
		i = 16;
		do {
			t[--i] = "0123456789abcdef"[v & 15];
			v >>= 4;
		} while (v);
		while (t[i])
			b[k++] = t[i++];
	}
	b[k] = 0;
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/*
 * One case: the hardware call c and the library call fn on the mirror
 * with context x. want_val: compare the value read (VMREAD, VMPTRST).
 */
typedef int (*insn_fn)(struct nvmx_vcpu *, const struct nvmx_insn_ctx *,
		       struct nvmx_insn_outcome *);

static void icase(const char *name, struct hw_call *c, insn_fn fn,
		  struct nvmx_insn_ctx *x, bool want_val)
{
	struct nvmx_insn_outcome o;
	char hb[48], lb[48];
	uint64_t lv = 0;
	int e;

	if (try_call(hw_do, c))
		put_outcome(hb, 'U', exc_vector, false, 0);
	else if (c->r == 0)
		put_outcome(hb, 'S', 0, want_val, c->v);
	else if (c->r == NVMX_VMFAIL_INVALID)
		put_outcome(hb, 'I', 0, false, 0);
	else
		put_outcome(hb, 'F', (uint64_t)c->r, false, 0);
	e = fn(&ivcpu, x, &o);
	if (want_val && c->op == H_VMPTRST)
		lv = *(volatile uint64_t *)(uintptr_t)x->op.la;
	else if (want_val)
		lv = o.value;
	if (e)
		put_outcome(lb, 'E', (uint64_t)-e, false, 0);
	else if (o.status == NVMX_INSN_SUCCEED)
		put_outcome(lb, 'S', 0, want_val, lv);
	else if (o.status == NVMX_INSN_FAIL_INVALID)
		put_outcome(lb, 'I', 0, false, 0);
	else if (o.status == NVMX_INSN_FAIL_VALID)
		put_outcome(lb, 'F', o.vm_insn_error, false, 0);
	else if (o.status == NVMX_INSN_EXCEPTION)
		put_outcome(lb, 'U', o.vector, false, 0);
	else
		put_outcome(lb, 'O', o.status, false, 0);
	icases++;
	/* every case with the CPU's outcome (hwrun -v lists them) */
	puts("IC ");
	puts(name);
	putc(' ');
	puts(hb);
	putc('\n');
	if (streq(hb, lb)) {
		iagree++;
		return;
	}
	puts("DIFF INSN-");
	puts(name);
	puts(" hw=");
	puts(hb);
	puts(" lib=");
	puts(lb);
	putc('\n');
	diffs++;
}

static struct nvmx_insn_ctx ictx(void)
{
	struct nvmx_insn_ctx x;

	memset(&x, 0, sizeof(x));
	x.sz = sizeof(x);
	x.efer_lma = true;
	x.cs_l = true;
	x.cr0 = read_cr0();
	x.cr4 = read_cr4();
	x.read_gpa = read_phys;
	x.map_vmcs = map_vmcs;
	x.read_linear = read_lin;
	x.write_linear = write_lin;
	return x;
}

static uint64_t iop;		/* m64 operand of the pointer instructions */
static uint64_t idesc[2] __attribute__((aligned(16)));

static void ptr_case(const char *name, enum hw_op op, insn_fn fn,
		     uint64_t ptr)
{
	struct nvmx_insn_ctx x = ictx();
	struct hw_call c = { op, ptr, 0, 0, 0, 0 };

	iop = ptr;
	x.op.is_mem = true;
	x.op.la = pa(&iop);
	icase(name, &c, fn, &x, false);
}

static void rw_case(const char *name, bool write, uint64_t enc, uint64_t val)
{
	struct nvmx_insn_ctx x = ictx();
	struct hw_call c = { write ? H_VMWRITE : H_VMREAD, enc, val, 0, 0, 0 };

	x.reg = enc;
	x.op.value = val;
	icase(name, &c, write ? nvmx_insn_vmwrite : nvmx_insn_vmread, &x,
	      !write);
}

static void inv_case(const char *name, bool ept, uint64_t type, uint64_t lo,
		     uint64_t hi)
{
	struct nvmx_insn_ctx x = ictx();
	struct hw_call c = { ept ? H_INVEPT : H_INVVPID, type, 0, idesc, 0, 0 };

	idesc[0] = lo;
	idesc[1] = hi;
	x.reg = type;
	x.op.is_mem = true;
	x.op.la = pa(idesc);
	icase(name, &c, ept ? nvmx_insn_invept : nvmx_insn_invvpid, &x,
	      false);
}

static void simple_case(const char *name, enum hw_op op, insn_fn fn)
{
	struct nvmx_insn_ctx x = ictx();
	struct hw_call c = { op, 0, 0, 0, 0, 0 };

	icase(name, &c, fn, &x, false);
}

static void vmptrst_case(const char *name)
{
	struct nvmx_insn_ctx x = ictx();
	struct hw_call c = { H_VMPTRST, 0, 0, 0, 0, 0 };

	x.op.is_mem = true;
	x.op.la = pa(&iop);
	icase(name, &c, nvmx_insn_vmptrst, &x, true);
}

/*
 * Every VMX instruction at CPL 3 (#GP(0), or #UD where the SDM checks
 * that first) and in compatibility mode (#UD), SDM 31.3. The operands are
 * never used: the mode and privilege checks come first. The CPL 3 code
 * ends with a read of address 0 from CPL 3 (#PF: "no fault before").
 */
static void priv_cases(void)
{
	static const struct {
		const char *name;
		uint8_t len;
		uint8_t code[6];
		bool mem;
		insn_fn fn;
	} c[] = {
		{ "vmxon", 4, { 0xf3, 0x0f, 0xc7, 0x30 }, true, nvmx_insn_vmxon },
		{ "vmxoff", 3, { 0x0f, 0x01, 0xc4 }, false, nvmx_insn_vmxoff },
		{ "vmclear", 4, { 0x66, 0x0f, 0xc7, 0x30 }, true, nvmx_insn_vmclear },
		{ "vmptrld", 3, { 0x0f, 0xc7, 0x30 }, true, nvmx_insn_vmptrld },
		{ "vmptrst", 3, { 0x0f, 0xc7, 0x38 }, true, nvmx_insn_vmptrst },
		{ "vmread", 3, { 0x0f, 0x78, 0xc3 }, false, nvmx_insn_vmread },
		{ "vmwrite", 3, { 0x0f, 0x79, 0xc3 }, false, nvmx_insn_vmwrite },
		{ "invept", 5, { 0x66, 0x0f, 0x38, 0x80, 0x18 }, true, nvmx_insn_invept },
		{ "invvpid", 5, { 0x66, 0x0f, 0x38, 0x81, 0x18 }, true, nvmx_insn_invvpid },
		{ "vmresume", 3, { 0x0f, 0x01, 0xc3 }, false, nvmx_insn_vmresume },
		{ "vmfunc", 3, { 0x0f, 0x01, 0xd4 }, false, nvmx_insn_vmfunc },
	};
	static const uint8_t rd0[] = { 0x8a, 0x04, 0x25, 0, 0, 0, 0 };

	for (unsigned int k = 0; k < sizeof(c) / sizeof(c[0]); k++)
		for (unsigned int cm = 0; cm < 2; cm++) {
			struct nvmx_insn_ctx x = ictx();
			struct nvmx_insn_outcome o;
			uint8_t code[16];
			char hb[48], lb[48], n[48];
			uint64_t v;
			unsigned int i = 0, j = 0;
			int e;

			memcpy(code, c[k].code, c[k].len);
			memcpy(code + c[k].len, rd0, sizeof(rd0));
			v = cm ? run_compat(c[k].code, c[k].len) :
				 run_cpl3(code, c[k].len + sizeof(rd0));
			put_outcome(hb, 'U', v, false, 0);
			x.op.is_mem = c[k].mem;
			if (cm)
				x.cs_l = false;
			else
				x.cpl = 3;
			e = c[k].fn(&ivcpu, &x, &o);
			if (!e && o.status == NVMX_INSN_EXCEPTION)
				put_outcome(lb, 'U', o.vector, false, 0);
			else
				put_outcome(lb, 'O', e ? 0x100 : o.status,
					    false, 0);
			while (c[k].name[i])
				n[j++] = c[k].name[i++];
			for (i = 0; (cm ? "-compat" : "-cpl3")[i]; i++)
				n[j++] = (cm ? "-compat" : "-cpl3")[i];
			n[j] = 0;
			icases++;
			puts("IC ");
			puts(n);
			putc(' ');
			puts(hb);
			putc('\n');
			if (streq(hb, lb)) {
				iagree++;
				continue;
			}
			puts("DIFF INSN-");
			puts(n);
			puts(" hw=");
			puts(hb);
			puts(" lib=");
			puts(lb);
			putc('\n');
			diffs++;
		}
}

/* The field and type cases, with and without a current VMCS. */
static void field_cases(const char *sfx)
{
	char n[64];
	static const struct {
		const char *name;
		bool write;
		uint64_t enc, val;
	} f[] = {
		{ "vmwrite-guest-cr3", true, NVMX_GUEST_CR3, 0x123456789000ull },
		{ "vmread-guest-cr3", false, NVMX_GUEST_CR3, 0 },
		{ "vmwrite-16bit-wide", true, NVMX_GUEST_ES_SELECTOR, 0xabcdef12 },
		{ "vmread-16bit", false, NVMX_GUEST_ES_SELECTOR, 0 },
		{ "vmwrite-64bit-high", true, NVMX_GUEST_IA32_PAT | 1, 0x1122334455ull },
		{ "vmread-64bit-full", false, NVMX_GUEST_IA32_PAT, 0 },
		{ "vmread-64bit-high", false, NVMX_GUEST_IA32_PAT | 1, 0 },
		{ "vmwrite-readonly-exit-reason", true, NVMX_VM_EXIT_REASON, 1 },
		{ "vmread-readonly-exit-reason", false, NVMX_VM_EXIT_REASON, 0 },
		{ "vmread-unsupported-0x0001", false, 0x0001, 0 },
		{ "vmwrite-unsupported-0x0001", true, 0x0001, 0 },
		{ "vmread-unsupported-0x6c40", false, 0x6c40, 0 },
		{ "vmread-reserved-bit12", false, NVMX_GUEST_CR3 | 0x1000, 0 },
		{ "vmwrite-reserved-bit15", true, NVMX_GUEST_CR3 | 0x8000, 0 },
		{ "vmread-reg-bit32", false, NVMX_GUEST_CR3 | (1ull << 32), 0 },
		{ "vmwrite-reg-bit63", true, NVMX_GUEST_CR3 | (1ull << 63), 0 },
		{ "vmread-high-of-32bit", false, NVMX_PIN_BASED_VM_EXEC_CONTROL | 1, 0 },
	};

	for (unsigned int k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
		unsigned int i = 0, j = 0;

		while (f[k].name[i])
			n[j++] = f[k].name[i++];
		for (i = 0; sfx[i]; i++)
			n[j++] = sfx[i];
		n[j] = 0;
		rw_case(n, f[k].write, f[k].enc, f[k].val);
	}
}

static void inv_cases(void)
{
	uint64_t page = pa(msr_area);
	static const char *const tn[] = { "0", "1", "2", "3" };
	char n[64];

	/* INVEPT: every type with a valid EPTP (WB, 4 levels), a bad memory
	 * type, a bad walk length and an address beyond the width; a type
	 * register with bits 63:32 (SDM 31.3 INVEPT) */
	for (uint64_t t = 0; t < 4; t++) {
		static const struct {
			const char *name;
			uint64_t low;
		} e[] = { { "valid", 0x1e }, { "memtype2", 0x1a },
			  { "walk3", 0x16 }, { "rsvd-bit7", 0x9e } };

		for (unsigned int k = 0; k < 4; k++) {
			unsigned int i = 0, j = 0;
			const char *p1 = "invept-type";

			while (p1[i])
				n[j++] = p1[i++];
			n[j++] = tn[t][0];
			n[j++] = '-';
			for (i = 0; e[k].name[i]; i++)
				n[j++] = e[k].name[i];
			n[j] = 0;
			inv_case(n, true, t, page | e[k].low, 0);
		}
	}
	inv_case("invept-type1-beyond-width", true, 1,
		 page | 0x1e | (1ull << model.maxphyaddr), 0);
	inv_case("invept-type2-high-qword", true, 2, page | 0x1e, 1);
	inv_case("invept-type4", true, 4, page | 0x1e, 0);
	inv_case("invept-type-bit32", true, (1ull << 32) | 2, page | 0x1e, 0);
	/* INVVPID: every type with VPID 1 and a canonical address, VPID 0,
	 * reserved descriptor bits, a non-canonical address */
	for (uint64_t t = 0; t < 4; t++) {
		static const struct {
			const char *name;
			uint64_t lo, hi;
		} d[] = { { "vpid1", 1, 0x1000 },
			  { "vpid0", 0, 0x1000 },
			  { "rsvd-bit16", 0x10001, 0x1000 },
			  { "noncanonical", 1, 0x0000800000000000ull } };

		for (unsigned int k = 0; k < 4; k++) {
			unsigned int i = 0, j = 0;
			const char *p1 = "invvpid-type";

			while (p1[i])
				n[j++] = p1[i++];
			n[j++] = tn[t][0];
			n[j++] = '-';
			for (i = 0; d[k].name[i]; i++)
				n[j++] = d[k].name[i];
			n[j] = 0;
			inv_case(n, false, t, d[k].lo, d[k].hi);
		}
	}
	inv_case("invvpid-type4", false, 4, 1, 0);
	inv_case("invvpid-type-bit32", false, (1ull << 32) | 2, 1, 0);
}

static void insn_differential(void)
{
	uint64_t cur = ~0ull, maxpa = 1ull << model.maxphyaddr;
	uint32_t rev = revision();
	int r;

	nvmx_vcpu_init(&ivcpu, &model, rdmsr(NVMX_MSR_IA32_FEATURE_CONTROL));
	ivcpu.in_vmx = true;
	ivcpu.vmxon_ptr = pa(vmxon_region);
	nvmx_hw_vmptrst(&cur);
	ivcpu.current_vmcs = cur;
	icases = iagree = 0;
	/* a clean start: no current VMCS on either side */
	if (cur != ~0ull) {
		nvmx_hw_vmclear(cur);
		ivcpu.current_vmcs = NVMX_VMCS_NONE;
	}
	memset(vmcs_v, 0, PAGE);
	*(uint32_t *)vmcs_v = rev;

	/* without a current VMCS: VMfail gives VMfailInvalid */
	vmptrst_case("vmptrst-none");
	field_cases("-nocur");
	ptr_case("vmclear-misaligned-nocur", H_VMCLEAR, nvmx_insn_vmclear,
		 pa(vmcs_v) + 8);
	ptr_case("vmptrld-vmxon-nocur", H_VMPTRLD, nvmx_insn_vmptrld,
		 pa(vmxon_region));
	ptr_case("vmxon-in-root-nocur", H_VMXON, nvmx_insn_vmxon,
		 pa(vmxon_region));
	simple_case("vmlaunch-nocur", H_VMLAUNCH, nvmx_insn_vmlaunch);
	simple_case("vmresume-nocur", H_VMRESUME, nvmx_insn_vmresume);
	inv_cases();
	/* VMCLEAR and VMPTRLD operands (SDM 31.3) */
	ptr_case("vmclear-valid", H_VMCLEAR, nvmx_insn_vmclear, pa(vmcs_v));
	ptr_case("vmptrld-valid", H_VMPTRLD, nvmx_insn_vmptrld, pa(vmcs_v));
	vmptrst_case("vmptrst-current");
	ptr_case("vmclear-misaligned", H_VMCLEAR, nvmx_insn_vmclear,
		 pa(vmcs_v) + 8);
	ptr_case("vmclear-page-plus-1", H_VMCLEAR, nvmx_insn_vmclear,
		 pa(vmcs_v) + 1);
	ptr_case("vmclear-beyond-width", H_VMCLEAR, nvmx_insn_vmclear,
		 pa(vmcs_v) | maxpa);
	ptr_case("vmclear-bit63", H_VMCLEAR, nvmx_insn_vmclear,
		 pa(vmcs_v) | (1ull << 63));
	ptr_case("vmclear-vmxon", H_VMCLEAR, nvmx_insn_vmclear,
		 pa(vmxon_region));
	ptr_case("vmptrld-misaligned", H_VMPTRLD, nvmx_insn_vmptrld,
		 pa(vmcs_v) + 0x800);
	ptr_case("vmptrld-beyond-width", H_VMPTRLD, nvmx_insn_vmptrld,
		 pa(vmcs_v) | maxpa);
	ptr_case("vmptrld-vmxon", H_VMPTRLD, nvmx_insn_vmptrld,
		 pa(vmxon_region));
	*(uint32_t *)vmcs_a = rev ^ 1;
	ptr_case("vmptrld-wrong-revision", H_VMPTRLD, nvmx_insn_vmptrld,
		 pa(vmcs_a));
	*(uint32_t *)vmcs_a = rev | 0x80000000u;
	ptr_case("vmptrld-shadow", H_VMPTRLD, nvmx_insn_vmptrld, pa(vmcs_a));
	vmptrst_case("vmptrst-after-shadow");
	ptr_case("vmptrld-valid-again", H_VMPTRLD, nvmx_insn_vmptrld,
		 pa(vmcs_v));
	ptr_case("vmxon-in-root", H_VMXON, nvmx_insn_vmxon, pa(vmxon_region));
	/* with a current VMCS: VMfailValid with the error number */
	field_cases("");
	inv_cases();
	/* launch state (SDM 31.3 VMLAUNCH/VMRESUME): clear -> 5; after a
	 * successful VMLAUNCH of the baseline (the mirror records the
	 * entry, which the library leaves to its caller) -> 4 */
	simple_case("vmresume-clear", H_VMRESUME, nvmx_insn_vmresume);
	{
		uint32_t bad = 0;
		uint64_t cr0 = read_cr0(), cr3 = read_cr3(), cr4 = read_cr4();
		struct nvmx_vmcs12 *m = map_vmcs(0, pa(vmcs_v));

		__asm__ volatile("sgdt %0; sidt %1"
				 : "=m"(vec_gdtr), "=m"(vec_idtr));
		r = write_fields(base, nbase, &bad);
		if (!r)
			r = enter_restore(0, cr0, cr3, cr4);
		if (r != 4) {
			line("FAIL insn-diff launch", 2, (uint64_t)r, bad, 0, 0);
			diffs++;
		} else if (m) {
			m->launch_state = NVMX_LAUNCH_LAUNCHED;
			simple_case("vmlaunch-launched", H_VMLAUNCH,
				    nvmx_insn_vmlaunch);
		}
	}
	simple_case("vmfunc-in-root", H_VMFUNC, nvmx_insn_vmfunc);
	priv_cases();
	ptr_case("vmclear-current", H_VMCLEAR, nvmx_insn_vmclear, pa(vmcs_v));
	vmptrst_case("vmptrst-after-clear");
	/* leave VMX operation: then every VMX instruction but VMXON is #UD,
	 * and VMXON checks its pointer (VMfailInvalid) */
	simple_case("vmxoff", H_VMXOFF, nvmx_insn_vmxoff);
	ptr_case("vmclear-outside-vmx", H_VMCLEAR, nvmx_insn_vmclear,
		 pa(vmcs_v));
	ptr_case("vmptrld-outside-vmx", H_VMPTRLD, nvmx_insn_vmptrld,
		 pa(vmcs_v));
	rw_case("vmread-outside-vmx", false, NVMX_GUEST_CR3, 0);
	simple_case("vmxoff-outside-vmx", H_VMXOFF, nvmx_insn_vmxoff);
	inv_case("invept-outside-vmx", true, 2, 0, 0);
	/* SDM 31.3 VMXON: CR4.VMXE = 0 -> #UD; a CR0 bit fixed to 1 (NE)
	 * cleared -> #GP(0); each restored right after */
	{
		uint64_t cr0 = read_cr0(), cr4 = read_cr4();

		write_cr4(cr4 & ~(1ull << 13));
		ptr_case("vmxon-cr4-vmxe-clear", H_VMXON, nvmx_insn_vmxon,
			 pa(vmxon_region));
		write_cr4(cr4);
		write_cr0(cr0 & ~(1ull << 5));
		ptr_case("vmxon-cr0-ne-clear", H_VMXON, nvmx_insn_vmxon,
			 pa(vmxon_region));
		write_cr0(cr0);
	}
	ptr_case("vmxon-misaligned", H_VMXON, nvmx_insn_vmxon,
		 pa(vmxon_region) + 8);
	ptr_case("vmxon-beyond-width", H_VMXON, nvmx_insn_vmxon,
		 pa(vmxon_region) | maxpa);
	*(uint32_t *)vmxon_region = rev ^ 1;
	ptr_case("vmxon-wrong-revision", H_VMXON, nvmx_insn_vmxon,
		 pa(vmxon_region));
	*(uint32_t *)vmxon_region = rev | 0x80000000u;
	ptr_case("vmxon-revision-bit31", H_VMXON, nvmx_insn_vmxon,
		 pa(vmxon_region));
	*(uint32_t *)vmxon_region = rev;
	ptr_case("vmxon-valid", H_VMXON, nvmx_insn_vmxon, pa(vmxon_region));
	vmptrst_case("vmptrst-after-vmxon");
	if (!ivcpu.in_vmx && !nvmx_hw_vmxon(pa(vmxon_region)))
		ivcpu.in_vmx = true;
	puts("INSNDIFF cases=");
	putdec(icases);
	puts(" agree=");
	putdec(iagree);
	puts(" disagree=");
	putdec(icases - iagree);
	putc('\n');
}

/* --- main ----------------------------------------------------------------- */

void kmain(void)
{
	const struct hw_blob *hb = (const void *)(uintptr_t)HW_BLOB_ADDR;
	uint32_t r[4];

	setup_tables();
	puts("\nHELLO nvmx hw kernel\n");
	cpuid(1, 0, r);
	if (!(r[2] & (1u << 5))) {
		puts("FAIL no VMX in CPUID\n");
		shutdown();
	}
	build_model();
	for (unsigned int s = 0; s < NVMX_VMX_MSR_COUNT; s++)
		if (hw_has[s])
			line("MSR", 2, NVMX_MSR_VMX_FIRST + s, hw_msr[s], 0, 0);
	line("CPU", 2, model.cpu, model.maxphyaddr, 0, 0);
	/* VMCS_ENUM is derived by the library; compare with the CPU's. */
	line("ENUM", 2, hw_msr[NVMX_MSR_VMX_VMCS_ENUM - NVMX_MSR_VMX_FIRST],
	     nvmx_vmcs_enum(&model), 0, 0);
	if (hw_msr[NVMX_MSR_VMX_VMCS_ENUM - NVMX_MSR_VMX_FIRST] !=
	    nvmx_vmcs_enum(&model))
		diff("ENUM", hw_msr[NVMX_MSR_VMX_VMCS_ENUM - NVMX_MSR_VMX_FIRST],
		     nvmx_vmcs_enum(&model), 0);
	for (unsigned int k = 0; k < sizeof(guest_bytes); k++)
		guest_code[k] = guest_bytes[k];
	for (unsigned int k = 0; k < sizeof(guest_nonroot); k++)
		guest_code[HW_GUEST_NONROOT_OFF + k] = guest_nonroot[k];
	if (!vmx_on())
		shutdown();
	build_baseline();
	h32_setup();
	if (hb->magic == HW_BLOB_MAGIC && hb->nvec) {
		run_vectors(hb);
	} else {
		insn_tests();
		field_round_trip();
		guest_run();
		sync_test();
		shadow_test();
		insn_differential();
		for (unsigned int k = 0; k < nbase; k++)
			line("BASE", 2, base[k].enc, base[k].val, 0, 0);
		h32_print();
		line("AREA", 1, pa(msr_area), 0, 0, 0);
		/* the vectors' VMCS region (link pointer = current VMCS) */
		line("VMCSV", 1, pa(vmcs_v), 0, 0, 0);
		/* Low memory as VM entry may read it (PDPTEs of a PAE guest,
		 * a shadow VMCS revision): the non-zero quadwords of
		 * 0x0000-0x3fff, which hold the page tables. */
		for (uint64_t a = 0; a < 0x4000; a += 8) {
			uint64_t q = *(volatile uint64_t *)(uintptr_t)a;

			if (q)
				line("MEM", 2, a, q, 0, 0);
		}
		line("DIFFS", 1, diffs, 0, 0, 0);
	}
	if (nvmx_hw_vmxoff())
		puts("FAIL vmxoff\n");
	puts("DONE\n");
	shutdown();
}
