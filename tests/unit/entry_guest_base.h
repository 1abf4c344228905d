/* SPDX-License-Identifier: MIT */
/*
 * entry_guest_base.h - valid guest-state baselines for the guest-state
 * VM-entry checks (SDM 27.3.1), one per guest mode, built on top of the
 * 64-bit baseline of entry_baseline.h (controls and host state unchanged):
 *
 *   gb_prot32()    32-bit protected mode with 32-bit (non-PAE) paging
 *   gb_pae()       32-bit protected mode with PAE paging; without EPT the
 *                  PDPTEs are read from test memory at CR3, with EPT from
 *                  the guest PDPTE fields
 *   gb_real_urg()  real mode under "unrestricted guest" (CR0.PE = PG = 0)
 *   gb_v86()       virtual-8086 mode (RFLAGS.VM = 1)
 *
 * Values follow the SDM's descriptions of the modes (SDM Vol. 3 chapters
 * 3, 4, 20 and 25.4.1), not the checker's code. Header-only (static
 * inline) because tests/meson.build links only entry_guest.c from this
 * helper.
 */
#ifndef NVMX_TEST_ENTRY_GUEST_BASE_H
#define NVMX_TEST_ENTRY_GUEST_BASE_H

#include "entry_baseline.h"

#define GB_SET(s, NAME, val) EB_SET(&(s)->v, NAME, val)
#define GB_GET(s, NAME) EB_GET(&(s)->v, NAME)
#define GB_OR(s, NAME, val) EB_OR(&(s)->v, NAME, val)
#define GB_CLR(s, NAME, val) EB_CLR(&(s)->v, NAME, val)

/* Control and register bits named by the baselines (SDM 2.5, 2.2.1). */
#define GB_CR0_PE (1ull << 0)
#define GB_CR0_ET (1ull << 4)
#define GB_CR0_NE (1ull << 5)
#define GB_CR0_WP (1ull << 16)
#define GB_CR0_PG (1ull << 31)
#define GB_CR4_PAE (1ull << 5)
#define GB_EFER_SCE (1ull << 0)
#define GB_EFER_LME (1ull << 8)
#define GB_EFER_LMA (1ull << 10)
#define GB_EFER_NXE (1ull << 11)
#define GB_RFLAGS_VM (1ull << 17)

/* Where the PAE baseline's PDPT and page directories live. */
#define GB_PDPT_GPA EB_PDPT_GPA
#define GB_PD0_GPA (EB_MEM_BASE + 0x5000)
#define GB_PD1_GPA (EB_MEM_BASE + 0x6000)

static inline void gb_seg(struct eb_state *s, unsigned int sel_idx,
			  unsigned int base_idx, unsigned int lim_idx,
			  unsigned int ar_idx, uint64_t sel, uint64_t base,
			  uint64_t lim, uint64_t ar)
{
	s->v.field[sel_idx] = sel;
	s->v.field[base_idx] = base;
	s->v.field[lim_idx] = lim;
	s->v.field[ar_idx] = ar;
}

#define GB_SEG(s, R, sel, base, lim, ar)                                       \
	gb_seg(s, NVMX_IDX_GUEST_##R##_SELECTOR, NVMX_IDX_GUEST_##R##_BASE,   \
	       NVMX_IDX_GUEST_##R##_LIMIT, NVMX_IDX_GUEST_##R##_AR_BYTES, sel, \
	       base, lim, ar)

static inline void gb_set_ctl(struct eb_state *s, unsigned int idx,
			      uint64_t set, uint64_t clr)
{
	s->v.field[idx] = (s->v.field[idx] | set) & ~clr;
}

#define GB_ENTRY(s, set, clr)                                                  \
	gb_set_ctl(s, NVMX_IDX_VM_ENTRY_CONTROLS, set, clr)
#define GB_PROC2(s, set, clr)                                                  \
	gb_set_ctl(s, NVMX_IDX_SECONDARY_VM_EXEC_CONTROL, set, clr)
#define GB_PIN(s, set, clr)                                                    \
	gb_set_ctl(s, NVMX_IDX_PIN_BASED_VM_EXEC_CONTROL, set, clr)

/* 32-bit protected mode, CPL 0, flat segments, 32-bit paging. */
static inline void gb_prot32(struct eb_state *s)
{
	GB_ENTRY(s, 0, NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST));
	GB_CLR(s, GUEST_CR4, GB_CR4_PAE);
	/* EFER.LME = LMA = 0 outside IA-32e mode (SDM 2.2.1, 9.8.5) */
	GB_SET(s, GUEST_IA32_EFER, GB_EFER_SCE | GB_EFER_NXE);
	/* CS: 32-bit code (D/B), type 11, S, P, G; L = 0 */
	GB_SEG(s, CS, EB_SEL_CS, 0, 0xffffffff, 0xc09b);
	GB_SET(s, GUEST_FS_BASE, 0x10000);
	GB_SET(s, GUEST_GS_BASE, 0x20000);
	/* TR: 32-bit busy TSS (type 11) */
	GB_SEG(s, TR, EB_SEL_TR, 0x13000, 0x67, 0x8b);
	GB_SET(s, GUEST_GDTR_BASE, 0x11000);
	GB_SET(s, GUEST_IDTR_BASE, 0x10000);
	GB_SET(s, GUEST_RIP, 0x401000);
	GB_SET(s, GUEST_RSP, 0x7ffff000);
}

/* PAE paging: present PDPTEs 0 and 1, 2 not present, 3 not present with
 * every other bit set (ignored when P = 0, SDM 4.4.1). */
static inline void gb_pae(struct eb_state *s, bool ept)
{
	static const uint64_t pdpte[4] = {
		GB_PD0_GPA | 1, GB_PD1_GPA | 1, 0, ~1ull,
	};

	gb_prot32(s);
	GB_OR(s, GUEST_CR4, GB_CR4_PAE);
	if (ept) {
		GB_SET(s, GUEST_PDPTE0, pdpte[0]);
		GB_SET(s, GUEST_PDPTE1, pdpte[1]);
		GB_SET(s, GUEST_PDPTE2, pdpte[2]);
		GB_SET(s, GUEST_PDPTE3, pdpte[3]);
		/* CR3 is not used to find the PDPTEs with EPT */
		GB_SET(s, GUEST_CR3, 0x3000);
		return;
	}
	GB_PROC2(s, 0, NVMX_CTL_MASK(PROC2_ENABLE_EPT));
	for (unsigned int i = 0; i < 4; i++)
		eb_mem_put64(&s->mem, GB_PDPT_GPA + 8 * i, pdpte[i]);
	GB_SET(s, GUEST_CR3, GB_PDPT_GPA);
}

/* Real mode under unrestricted guest, as after RESET (SDM 10.1.1): CS
 * F000H, IP FFF0H; 64-KiB segments; busy TSS as the SDM requires for TR. */
static inline void gb_real_urg(struct eb_state *s)
{
	uint64_t f0 = nvmx_model_get_msr(&s->m, NVMX_MSR_VMX_CR0_FIXED0);

	GB_PROC2(s, NVMX_CTL_MASK(PROC2_UNRESTRICTED_GUEST), 0);
	GB_ENTRY(s, 0, NVMX_CTL_MASK(ENTRY_IA32E_MODE_GUEST));
	GB_SET(s, GUEST_CR0, (f0 & ~(GB_CR0_PE | GB_CR0_PG)) | GB_CR0_ET);
	GB_SET(s, GUEST_CR4,
	       nvmx_model_get_msr(&s->m, NVMX_MSR_VMX_CR4_FIXED0));
	GB_SET(s, GUEST_CR3, 0);
	GB_SET(s, GUEST_IA32_EFER, 0);
	GB_SEG(s, CS, 0xf000, 0xf0000, 0xffff, 0x9b);
	GB_SEG(s, SS, 0, 0, 0xffff, 0x93);
	GB_SEG(s, DS, 0, 0, 0xffff, 0x93);
	GB_SEG(s, ES, 0, 0, 0xffff, 0x93);
	GB_SEG(s, FS, 0, 0, 0xffff, 0x93);
	GB_SEG(s, GS, 0, 0, 0xffff, 0x93);
	GB_SEG(s, TR, 0, 0, 0xffff, 0x8b);
	GB_SEG(s, LDTR, 0, 0, 0, 0x10000);
	GB_SET(s, GUEST_GDTR_BASE, 0);
	GB_SET(s, GUEST_GDTR_LIMIT, 0xffff);
	GB_SET(s, GUEST_IDTR_BASE, 0);
	GB_SET(s, GUEST_IDTR_LIMIT, 0x3ff);
	GB_SET(s, GUEST_RIP, 0xfff0);
	GB_SET(s, GUEST_RSP, 0);
	GB_SET(s, GUEST_RFLAGS, 0x2);
}

/* Virtual-8086 task under 32-bit paging: base = selector * 16, limit
 * FFFFH, access rights F3H for CS, SS, DS, ES, FS, GS (SDM 20.2). */
static inline void gb_v86(struct eb_state *s)
{
	gb_prot32(s);
	GB_SET(s, GUEST_RFLAGS, 0x2 | GB_RFLAGS_VM);
	GB_SEG(s, CS, 0x1000, 0x10000, 0xffff, 0xf3);
	GB_SEG(s, SS, 0x2000, 0x20000, 0xffff, 0xf3);
	GB_SEG(s, DS, 0x3000, 0x30000, 0xffff, 0xf3);
	GB_SEG(s, ES, 0x4000, 0x40000, 0xffff, 0xf3);
	GB_SEG(s, FS, 0x5000, 0x50000, 0xffff, 0xf3);
	GB_SEG(s, GS, 0x6000, 0x60000, 0xffff, 0xf3);
	/* TSS with an I/O permission bitmap */
	GB_SEG(s, TR, EB_SEL_TR, 0x13000, 0x2067, 0x8b);
	GB_SET(s, GUEST_RIP, 0x100);
	GB_SET(s, GUEST_RSP, 0xfffe);
}

#endif
