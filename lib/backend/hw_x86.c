// SPDX-License-Identifier: MIT
/*
 * hw_x86.c - the hardware backend: the VMX instructions in inline assembly
 * (x86-64 only; VMX root operation, CPL 0).
 *
 * SDM Vol. 3 31.2 "Conventions": a VMX instruction reports VMsucceed
 * (CF = ZF = 0), VMfailInvalid (CF = 1: no current VMCS) or VMfailValid
 * (ZF = 1: the error number is in the VM-instruction error field of the
 * current VMCS, encoding 0x4400). Each wrapper turns the flags into that
 * outcome; nothing returns a flags word. Every access to a VMCS goes
 * through VMREAD/VMWRITE: the region's layout is the processor's secret
 * (SDM 25.2), so the backend never touches the region's memory.
 */
#include <nvmx/backend.h>

#if !defined(__x86_64__)
#error "hw_x86.c is built only for x86-64"
#endif

#define ENC_VM_INSTRUCTION_ERROR 0x4400u	/* SDM B.3.2 */
#define ENC_HOST_RSP 0x6c14u			/* SDM B.4.4 */
#define ENC_HOST_RIP 0x6c16u

/* Flags after a VMX instruction -> outcome (SDM 31.2). */
static int outcome(bool cf, bool zf)
{
	uint64_t err = 0;
	bool rcf, rzf;

	if (cf)
		return NVMX_VMFAIL_INVALID;
	if (!zf)
		return NVMX_VMSUCCEED;
	__asm__ volatile("vmread %[enc], %[val]"
			 : [val] "=rm"(err), "=@ccc"(rcf), "=@ccz"(rzf)
			 : [enc] "r"((uint64_t)ENC_VM_INSTRUCTION_ERROR)
			 : "cc");
	if (rcf || rzf || err == 0 || err > 0xffff)
		return NVMX_VMFAIL_VALID_UNKNOWN;
	return (int)err;
}

int nvmx_hw_vmxon(uint64_t vmxon_pa)
{
	bool cf, zf;

	__asm__ volatile("vmxon %[pa]"
			 : "=@ccc"(cf), "=@ccz"(zf)
			 : [pa] "m"(vmxon_pa)
			 : "cc", "memory");
	return outcome(cf, zf);
}

int nvmx_hw_vmxoff(void)
{
	bool cf, zf;

	__asm__ volatile("vmxoff" : "=@ccc"(cf), "=@ccz"(zf) : : "cc", "memory");
	return outcome(cf, zf);
}

int nvmx_hw_vmclear(uint64_t vmcs_pa)
{
	bool cf, zf;

	__asm__ volatile("vmclear %[pa]"
			 : "=@ccc"(cf), "=@ccz"(zf)
			 : [pa] "m"(vmcs_pa)
			 : "cc", "memory");
	return outcome(cf, zf);
}

int nvmx_hw_vmptrld(uint64_t vmcs_pa)
{
	bool cf, zf;

	__asm__ volatile("vmptrld %[pa]"
			 : "=@ccc"(cf), "=@ccz"(zf)
			 : [pa] "m"(vmcs_pa)
			 : "cc", "memory");
	return outcome(cf, zf);
}

int nvmx_hw_vmptrst(uint64_t *vmcs_pa)
{
	bool cf, zf;
	uint64_t pa = ~0ull;

	if (!vmcs_pa)
		return NVMX_EINVAL;
	__asm__ volatile("vmptrst %[pa]"
			 : [pa] "=m"(pa), "=@ccc"(cf), "=@ccz"(zf)
			 :
			 : "cc", "memory");
	*vmcs_pa = pa;
	return outcome(cf, zf);
}

int nvmx_hw_vmread64(uint64_t encoding, uint64_t *value)
{
	bool cf, zf;
	uint64_t v = 0;
	int r;

	if (!value)
		return NVMX_EINVAL;
	/* AT&T order: vmread <encoding register>, <destination r/m64> */
	__asm__ volatile("vmread %[enc], %[val]"
			 : [val] "=rm"(v), "=@ccc"(cf), "=@ccz"(zf)
			 : [enc] "r"(encoding)
			 : "cc");
	r = outcome(cf, zf);
	if (r == NVMX_VMSUCCEED)
		*value = v;
	return r;
}

int nvmx_hw_vmwrite64(uint64_t encoding, uint64_t value)
{
	bool cf, zf;

	/* AT&T order: vmwrite <source r/m64>, <encoding register> */
	__asm__ volatile("vmwrite %[val], %[enc]"
			 : "=@ccc"(cf), "=@ccz"(zf)
			 : [val] "rm"(value), [enc] "r"(encoding)
			 : "cc", "memory");
	return outcome(cf, zf);
}

int nvmx_hw_vmread(uint32_t encoding, uint64_t *value)
{
	return nvmx_hw_vmread64(encoding, value);
}

int nvmx_hw_vmwrite(uint32_t encoding, uint64_t value)
{
	return nvmx_hw_vmwrite64(encoding, value);
}

int nvmx_hw_invept(uint64_t type, uint64_t eptp)
{
	/* SDM 31.3 INVEPT: 128-bit descriptor, EPTP then 64 reserved bits. */
	struct {
		uint64_t eptp, reserved;
	} desc = { eptp, 0 };
	bool cf, zf;

	__asm__ volatile("invept %[desc], %[type]"
			 : "=@ccc"(cf), "=@ccz"(zf)
			 : [desc] "m"(desc), [type] "r"(type)
			 : "cc", "memory");
	return outcome(cf, zf);
}

int nvmx_hw_invvpid(uint64_t type, uint16_t vpid, uint64_t linear_address)
{
	/* SDM 31.3 INVVPID: VPID in bits 15:0, 63:16 reserved, then the
	 * linear address. */
	struct {
		uint64_t vpid, gla;
	} desc = { vpid, linear_address };
	bool cf, zf;

	__asm__ volatile("invvpid %[desc], %[type]"
			 : "=@ccc"(cf), "=@ccz"(zf)
			 : [desc] "m"(desc), [type] "r"(type)
			 : "cc", "memory");
	return outcome(cf, zf);
}

/*
 * VMLAUNCH / VMRESUME as a function call. The trampoline saves the
 * callee-saved registers, writes its own stack pointer and the address of
 * its exit path into HOST_RSP / HOST_RIP (SDM 28.5.3: a VM exit loads RSP
 * and RIP from there), then executes the instruction. On VMfail it falls through and
 * returns the flags (bit 0 CF, bit 1 ZF) to the C wrapper, which decodes
 * them; after a VM exit the processor arrives at label 2 with RSP as saved,
 * restores the registers and returns 4 ("came back through a VM exit").
 * RFLAGS after a VM exit is 0x2 (SDM 28.5.3), so DF is clear as the ABI
 * wants.
 */
int nvmx_hw_enter_trampoline(uint64_t resume);
/* File-scope asm takes no operands, so the encodings below are literals;
 * these asserts keep them tied to fields.def. */
_Static_assert(NVMX_HOST_RSP == 0x6c14, "HOST_RSP encoding in the asm");
_Static_assert(NVMX_HOST_RIP == 0x6c16, "HOST_RIP encoding in the asm");
__asm__(".text\n"
	".globl nvmx_hw_enter_trampoline\n"
	".hidden nvmx_hw_enter_trampoline\n"
	".type nvmx_hw_enter_trampoline, @function\n"
	"nvmx_hw_enter_trampoline:\n"
	"	push %rbp\n"
	"	push %rbx\n"
	"	push %r12\n"
	"	push %r13\n"
	"	push %r14\n"
	"	push %r15\n"
	"	mov $0x6c14, %eax\n"	/* HOST_RSP */
	"	vmwrite %rsp, %rax\n"
	"	lea 2f(%rip), %rdx\n"
	"	mov $0x6c16, %eax\n"	/* HOST_RIP */
	"	vmwrite %rdx, %rax\n"
	"	test %rdi, %rdi\n"
	"	jnz 1f\n"
	"	vmlaunch\n"
	"	jmp 3f\n"
	"1:	vmresume\n"
	"3:	setc %al\n"
	"	setz %dl\n"
	"	shl $1, %dl\n"
	"	or %dl, %al\n"
	"	movzbl %al, %eax\n"
	"	jmp 4f\n"
	"2:	mov $4, %eax\n"
	"4:	pop %r15\n"
	"	pop %r14\n"
	"	pop %r13\n"
	"	pop %r12\n"
	"	pop %rbx\n"
	"	pop %rbp\n"
	"	ret\n"
	".size nvmx_hw_enter_trampoline, .-nvmx_hw_enter_trampoline\n");

static int enter(bool resume)
{
	int f = nvmx_hw_enter_trampoline(resume);

	if (f == 4)
		return NVMX_VMSUCCEED;
	/* The instruction failed without leaving: CF or ZF is set. */
	return outcome(f & 1, f & 2);
}

int nvmx_hw_vmlaunch(void)
{
	return enter(false);
}

int nvmx_hw_vmresume(void)
{
	return enter(true);
}

/* --- the ops ---------------------------------------------------------- */

static int hw_read(struct nvmx_backend *b, uint32_t encoding, uint64_t *value)
{
	(void)b;
	return nvmx_hw_vmread(encoding, value);
}

static int hw_write(struct nvmx_backend *b, uint32_t encoding, uint64_t value)
{
	(void)b;
	return nvmx_hw_vmwrite(encoding, value);
}

static int hw_load(struct nvmx_backend *b)
{
	return nvmx_hw_vmptrld(b->vmcs_pa);
}

static int hw_clear(struct nvmx_backend *b)
{
	return nvmx_hw_vmclear(b->vmcs_pa);
}

static int hw_launch(struct nvmx_backend *b)
{
	(void)b;
	return nvmx_hw_vmlaunch();
}

static int hw_resume(struct nvmx_backend *b)
{
	(void)b;
	return nvmx_hw_vmresume();
}

static const struct nvmx_backend_ops hw_ops = {
	.name = "hardware",
	.read = hw_read,
	.write = hw_write,
	.load = hw_load,
	.clear = hw_clear,
	.launch = hw_launch,
	.resume = hw_resume,
};

int nvmx_backend_init_hw(struct nvmx_backend *b, uint64_t vmcs_pa)
{
	if (!b)
		return NVMX_EINVAL;
	b->ops = &hw_ops;
	b->model = 0;
	b->vmcs12 = 0;
	b->vmcs_pa = vmcs_pa;
	b->flags = 0;
	b->reserved = 0;
	b->priv = 0;
	return 0;
}
