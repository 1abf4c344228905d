// SPDX-License-Identifier: MIT
/* entry_baseline.c - valid VM-entry states; see entry_baseline.h. */
#include <string.h>

#include "entry_baseline.h"

#define B(x) NVMX_CTL_MASK(x)

void eb_mem_init(struct eb_mem *mem)
{
	memset(mem, 0, sizeof(*mem));
	mem->base = EB_MEM_BASE;
}

int eb_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct eb_mem *mem = opaque;

	mem->reads++;
	if (mem->fail_all || gpa < mem->base || len > EB_MEM_SIZE ||
	    gpa - mem->base > EB_MEM_SIZE - len)
		return -1;
	memcpy(buf, mem->bytes + (gpa - mem->base), len);
	return 0;
}

void eb_mem_put64(struct eb_mem *mem, uint64_t gpa, uint64_t val)
{
	for (int i = 0; i < 8; i++)
		mem->bytes[gpa - mem->base + i] = (uint8_t)(val >> (8 * i));
}

void eb_mem_put32(struct eb_mem *mem, uint64_t gpa, uint32_t val)
{
	for (int i = 0; i < 4; i++)
		mem->bytes[gpa - mem->base + i] = (uint8_t)(val >> (8 * i));
}

void eb_model(struct nvmx_model *m, enum nvmx_preset p)
{
	nvmx_model_init(m, p);
}

void eb_controls(const struct nvmx_model *m, struct nvmx_vmcs12 *v)
{
	EB_SET(v, PIN_BASED_VM_EXEC_CONTROL,
	       nvmx_model_allowed0(m, NVMX_WORD_PIN) | B(PIN_EXT_INTR_EXITING) |
		       B(PIN_NMI_EXITING));
	EB_SET(v, CPU_BASED_VM_EXEC_CONTROL,
	       nvmx_model_allowed0(m, NVMX_WORD_PROC) | B(PROC_HLT_EXITING) |
		       B(PROC_ACTIVATE_SECONDARY));
	EB_SET(v, SECONDARY_VM_EXEC_CONTROL,
	       nvmx_model_allowed0(m, NVMX_WORD_PROC2) | B(PROC2_ENABLE_EPT) |
		       B(PROC2_ENABLE_VPID));
	/* SDM 25.6.11: memory type 6 (WB) in bits 2:0, walk length - 1 = 3
	 * in bits 5:3 */
	EB_SET(v, EPT_POINTER, 0x5000 | (3u << 3) | 6u);
	EB_SET(v, VIRTUAL_PROCESSOR_ID, 1);
	EB_SET(v, VM_EXIT_CONTROLS,
	       nvmx_model_allowed0(m, NVMX_WORD_EXIT) |
		       B(EXIT_SAVE_DEBUG_CONTROLS) |
		       B(EXIT_HOST_ADDR_SPACE_SIZE) | B(EXIT_ACK_INTR_ON_EXIT) |
		       B(EXIT_LOAD_PAT) | B(EXIT_SAVE_PAT) | B(EXIT_LOAD_EFER) |
		       B(EXIT_SAVE_EFER));
	EB_SET(v, VM_ENTRY_CONTROLS,
	       nvmx_model_allowed0(m, NVMX_WORD_ENTRY) |
		       B(ENTRY_LOAD_DEBUG_CONTROLS) | B(ENTRY_IA32E_MODE_GUEST) |
		       B(ENTRY_LOAD_PAT) | B(ENTRY_LOAD_EFER));
	EB_SET(v, CR3_TARGET_COUNT, 0);
	EB_SET(v, VM_EXIT_MSR_STORE_COUNT, 0);
	EB_SET(v, VM_EXIT_MSR_LOAD_COUNT, 0);
	EB_SET(v, VM_ENTRY_MSR_LOAD_COUNT, 0);
	EB_SET(v, VM_ENTRY_INTR_INFO, 0);
}

/* CR0: PG, AM, WP, NE, ET, MP, PE (SDM 2.5) */
#define EB_CR0 0x80050033ull
/* CR4: PAE, PGE, OSFXSR, OSXMMEXCPT, VMXE */
#define EB_CR4 0x000026a0ull
/* PAT power-on value (SDM 13.12.4): WB WT UC- UC WB WT UC- UC */
#define EB_PAT 0x0007040600070406ull
/* EFER: SCE, LME, LMA, NXE (SDM 2.2.1) */
#define EB_EFER 0xd01ull

static uint64_t msr(const struct nvmx_model *m, uint32_t i)
{
	return nvmx_model_get_msr(m, i);
}

void eb_host64(const struct nvmx_model *m, struct nvmx_vmcs12 *v)
{
	EB_SET(v, HOST_CR0, (EB_CR0 | msr(m, NVMX_MSR_VMX_CR0_FIXED0)) &
				    msr(m, NVMX_MSR_VMX_CR0_FIXED1));
	EB_SET(v, HOST_CR4, (EB_CR4 | msr(m, NVMX_MSR_VMX_CR4_FIXED0)) &
				    msr(m, NVMX_MSR_VMX_CR4_FIXED1));
	EB_SET(v, HOST_CR3, 0x1000);
	EB_SET(v, HOST_CS_SELECTOR, EB_SEL_CS);
	EB_SET(v, HOST_SS_SELECTOR, EB_SEL_DS);
	EB_SET(v, HOST_DS_SELECTOR, 0);
	EB_SET(v, HOST_ES_SELECTOR, 0);
	EB_SET(v, HOST_FS_SELECTOR, 0);
	EB_SET(v, HOST_GS_SELECTOR, 0);
	EB_SET(v, HOST_TR_SELECTOR, EB_SEL_TR);
	EB_SET(v, HOST_FS_BASE, 0x00007f0000000000ull);
	EB_SET(v, HOST_GS_BASE, 0xffff888000000000ull);
	EB_SET(v, HOST_TR_BASE, 0xfffffe0000003000ull);
	EB_SET(v, HOST_GDTR_BASE, 0xfffffe0000001000ull);
	EB_SET(v, HOST_IDTR_BASE, 0xfffffe0000000000ull);
	EB_SET(v, HOST_IA32_SYSENTER_CS, 0);
	EB_SET(v, HOST_IA32_SYSENTER_ESP, 0xfffffe0000002000ull);
	EB_SET(v, HOST_IA32_SYSENTER_EIP, 0xffffffff81a00000ull);
	EB_SET(v, HOST_RSP, 0xffffc90000004000ull);
	EB_SET(v, HOST_RIP, 0xffffffff81000000ull);
	EB_SET(v, HOST_IA32_PAT, EB_PAT);
	EB_SET(v, HOST_IA32_EFER, EB_EFER);
}

void eb_guest64(const struct nvmx_model *m, struct nvmx_vmcs12 *v)
{
	EB_SET(v, GUEST_CR0, (EB_CR0 | msr(m, NVMX_MSR_VMX_CR0_FIXED0)) &
				     msr(m, NVMX_MSR_VMX_CR0_FIXED1));
	EB_SET(v, GUEST_CR4, (EB_CR4 | msr(m, NVMX_MSR_VMX_CR4_FIXED0)) &
				     msr(m, NVMX_MSR_VMX_CR4_FIXED1));
	EB_SET(v, GUEST_CR3, 0x2000);
	EB_SET(v, GUEST_DR7, 0x400);
	EB_SET(v, GUEST_IA32_DEBUGCTL, 0);
	EB_SET(v, GUEST_IA32_PAT, EB_PAT);
	EB_SET(v, GUEST_IA32_EFER, EB_EFER);
	EB_SET(v, GUEST_RSP, 0x7ffff000);
	EB_SET(v, GUEST_RIP, 0x401000);
	EB_SET(v, GUEST_RFLAGS, 0x2);
	/* CS: 64-bit code, type 11 (execute/read, accessed), S, P, L, G */
	EB_SET(v, GUEST_CS_SELECTOR, EB_SEL_CS);
	EB_SET(v, GUEST_CS_BASE, 0);
	EB_SET(v, GUEST_CS_LIMIT, 0xffffffff);
	EB_SET(v, GUEST_CS_AR_BYTES, 0xa09b);
	/* SS, DS, ES, FS, GS: data type 3 (read/write, accessed), S, P, D/B, G */
	EB_SET(v, GUEST_SS_SELECTOR, EB_SEL_DS);
	EB_SET(v, GUEST_SS_BASE, 0);
	EB_SET(v, GUEST_SS_LIMIT, 0xffffffff);
	EB_SET(v, GUEST_SS_AR_BYTES, 0xc093);
	EB_SET(v, GUEST_DS_SELECTOR, EB_SEL_DS);
	EB_SET(v, GUEST_DS_BASE, 0);
	EB_SET(v, GUEST_DS_LIMIT, 0xffffffff);
	EB_SET(v, GUEST_DS_AR_BYTES, 0xc093);
	EB_SET(v, GUEST_ES_SELECTOR, EB_SEL_DS);
	EB_SET(v, GUEST_ES_BASE, 0);
	EB_SET(v, GUEST_ES_LIMIT, 0xffffffff);
	EB_SET(v, GUEST_ES_AR_BYTES, 0xc093);
	EB_SET(v, GUEST_FS_SELECTOR, EB_SEL_DS);
	EB_SET(v, GUEST_FS_BASE, 0x00007f0000001000ull);
	EB_SET(v, GUEST_FS_LIMIT, 0xffffffff);
	EB_SET(v, GUEST_FS_AR_BYTES, 0xc093);
	EB_SET(v, GUEST_GS_SELECTOR, EB_SEL_DS);
	EB_SET(v, GUEST_GS_BASE, 0xffff888000001000ull);
	EB_SET(v, GUEST_GS_LIMIT, 0xffffffff);
	EB_SET(v, GUEST_GS_AR_BYTES, 0xc093);
	/* TR: busy 64-bit TSS (type 11), P; LDTR unusable (bit 16) */
	EB_SET(v, GUEST_TR_SELECTOR, EB_SEL_TR);
	EB_SET(v, GUEST_TR_BASE, 0xfffffe0000013000ull);
	EB_SET(v, GUEST_TR_LIMIT, 0x67);
	EB_SET(v, GUEST_TR_AR_BYTES, 0x008b);
	EB_SET(v, GUEST_LDTR_SELECTOR, 0);
	EB_SET(v, GUEST_LDTR_BASE, 0);
	EB_SET(v, GUEST_LDTR_LIMIT, 0);
	EB_SET(v, GUEST_LDTR_AR_BYTES, 0x10000);
	EB_SET(v, GUEST_GDTR_BASE, 0xfffffe0000011000ull);
	EB_SET(v, GUEST_GDTR_LIMIT, 0x7f);
	EB_SET(v, GUEST_IDTR_BASE, 0xfffffe0000010000ull);
	EB_SET(v, GUEST_IDTR_LIMIT, 0xfff);
	EB_SET(v, GUEST_SYSENTER_CS, 0);
	EB_SET(v, GUEST_SYSENTER_ESP, 0);
	EB_SET(v, GUEST_SYSENTER_EIP, 0);
	EB_SET(v, GUEST_ACTIVITY_STATE, 0);
	EB_SET(v, GUEST_INTERRUPTIBILITY_INFO, 0);
	EB_SET(v, GUEST_PENDING_DBG_EXCEPTIONS, 0);
	EB_SET(v, VMCS_LINK_POINTER, ~0ull);
}

void eb_vmcs_64(const struct nvmx_model *m, struct nvmx_vmcs12 *v)
{
	nvmx_vmcs12_init(v, m);
	eb_controls(m, v);
	eb_host64(m, v);
	eb_guest64(m, v);
}

void eb_env(struct nvmx_entry_env *e, struct eb_mem *mem)
{
	memset(e, 0, sizeof(*e));
	e->sz = sizeof(*e);
	e->launch = true;
	e->in_vmx_operation = true;
	e->host_ia32e = true;
	e->read_gpa = eb_mem_read;
	e->opaque = mem;
}

void eb_state_64(struct eb_state *s, enum nvmx_preset p)
{
	eb_model(&s->m, p);
	eb_vmcs_64(&s->m, &s->v);
	eb_mem_init(&s->mem);
	eb_env(&s->env, &s->mem);
}

int eb_check(const struct eb_state *s, struct nvmx_check_failure *f)
{
	struct nvmx_entry_result r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.sz = sizeof(r);
	rc = nvmx_check_vmentry(&s->m, &s->v, &s->env, &r);
	if (f)
		*f = r.first;
	return rc;
}
