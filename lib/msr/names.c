// SPDX-License-Identifier: MIT
/*
 * names.c - names of the capability MSRs, their bits, the CPUID facts and
 * the rules; the per-MSR description table the rules use.
 */
#include "msr_internal.h"

struct rule_row {
	const char *name, *sdm, *desc;
};

static const struct rule_row rules[NVMX_MSR_RULE_COUNT] = {
	[NVMX_MSR_RULE_NONE] = {"NONE", "", "accepted"},
#define NVMX_MSR_RULE(id, sdm, desc) [NVMX_MSR_RULE_##id] = {#id, sdm, desc},
#include <nvmx/msr_rules.def>
#undef NVMX_MSR_RULE
};

const char *nvmx_msr_rule_name(enum nvmx_msr_rule r)
{
	if ((unsigned int)r >= NVMX_MSR_RULE_COUNT)
		return 0;
	return rules[nvmx_clamp_index(r, NVMX_MSR_RULE_COUNT)].name;
}

const char *nvmx_msr_rule_sdm(enum nvmx_msr_rule r)
{
	if ((unsigned int)r >= NVMX_MSR_RULE_COUNT)
		return 0;
	return rules[nvmx_clamp_index(r, NVMX_MSR_RULE_COUNT)].sdm;
}

const char *nvmx_msr_rule_description(enum nvmx_msr_rule r)
{
	if ((unsigned int)r >= NVMX_MSR_RULE_COUNT)
		return 0;
	return rules[nvmx_clamp_index(r, NVMX_MSR_RULE_COUNT)].desc;
}

int nvmx_verdict(struct nvmx_msr_verdict *why, uint32_t msr,
		 enum nvmx_msr_rule rule, uint64_t bits, uint64_t value,
		 uint64_t expected)
{
	if (why) {
		why->msr = msr;
		why->rule = rule;
		why->bits = bits;
		why->value = value;
		why->expected = expected;
	}
	return NVMX_EPERM;
}

#define I(x) (NVMX_MSR_VMX_##x - NVMX_MSR_VMX_FIRST)

/* SDM Appendix A: the layout class of each capability MSR. */
const struct msr_desc nvmx_msr_desc[NVMX_VMX_MSR_COUNT] = {
	[I(BASIC)] = {MK_BASIC, NVMX_WORD_NONE, 0, 0},
	[I(PINBASED_CTLS)] = {MK_CTL_PLAIN, NVMX_WORD_PIN,
			      NVMX_MSR_VMX_TRUE_PINBASED_CTLS,
			      NVMX_PIN_DEFAULT1},
	[I(PROCBASED_CTLS)] = {MK_CTL_PLAIN, NVMX_WORD_PROC,
			       NVMX_MSR_VMX_TRUE_PROCBASED_CTLS,
			       NVMX_PROC_DEFAULT1},
	[I(EXIT_CTLS)] = {MK_CTL_PLAIN, NVMX_WORD_EXIT,
			  NVMX_MSR_VMX_TRUE_EXIT_CTLS, NVMX_EXIT_DEFAULT1},
	[I(ENTRY_CTLS)] = {MK_CTL_PLAIN, NVMX_WORD_ENTRY,
			   NVMX_MSR_VMX_TRUE_ENTRY_CTLS, NVMX_ENTRY_DEFAULT1},
	[I(MISC)] = {MK_MISC, NVMX_WORD_NONE, 0, 0},
	[I(CR0_FIXED0)] = {MK_FIXED0, NVMX_WORD_NONE, NVMX_MSR_VMX_CR0_FIXED1,
			   0},
	[I(CR0_FIXED1)] = {MK_FIXED1, NVMX_WORD_NONE, NVMX_MSR_VMX_CR0_FIXED0,
			   0},
	[I(CR4_FIXED0)] = {MK_FIXED0, NVMX_WORD_NONE, NVMX_MSR_VMX_CR4_FIXED1,
			   0},
	[I(CR4_FIXED1)] = {MK_FIXED1, NVMX_WORD_NONE, NVMX_MSR_VMX_CR4_FIXED0,
			   0},
	[I(VMCS_ENUM)] = {MK_ENUM, NVMX_WORD_NONE, 0, 0},
	[I(PROCBASED_CTLS2)] = {MK_CTL_SEC, NVMX_WORD_PROC2, 0, 0},
	[I(EPT_VPID_CAP)] = {MK_EPT, NVMX_WORD_NONE, 0, 0},
	[I(TRUE_PINBASED_CTLS)] = {MK_CTL_TRUE, NVMX_WORD_PIN,
				   NVMX_MSR_VMX_PINBASED_CTLS,
				   NVMX_PIN_DEFAULT1},
	[I(TRUE_PROCBASED_CTLS)] = {MK_CTL_TRUE, NVMX_WORD_PROC,
				    NVMX_MSR_VMX_PROCBASED_CTLS,
				    NVMX_PROC_DEFAULT1},
	[I(TRUE_EXIT_CTLS)] = {MK_CTL_TRUE, NVMX_WORD_EXIT,
			       NVMX_MSR_VMX_EXIT_CTLS, NVMX_EXIT_DEFAULT1},
	[I(TRUE_ENTRY_CTLS)] = {MK_CTL_TRUE, NVMX_WORD_ENTRY,
				NVMX_MSR_VMX_ENTRY_CTLS, NVMX_ENTRY_DEFAULT1},
	[I(VMFUNC)] = {MK_CTL64, NVMX_WORD_VMFUNC, 0, 0},
	[I(PROCBASED_CTLS3)] = {MK_CTL64, NVMX_WORD_PROC3, 0, 0},
	[I(EXIT_CTLS2)] = {MK_CTL64, NVMX_WORD_EXIT2, 0, 0},
};

static const char *const msr_names[NVMX_VMX_MSR_COUNT] = {
	[I(BASIC)] = "IA32_VMX_BASIC",
	[I(PINBASED_CTLS)] = "IA32_VMX_PINBASED_CTLS",
	[I(PROCBASED_CTLS)] = "IA32_VMX_PROCBASED_CTLS",
	[I(EXIT_CTLS)] = "IA32_VMX_EXIT_CTLS",
	[I(ENTRY_CTLS)] = "IA32_VMX_ENTRY_CTLS",
	[I(MISC)] = "IA32_VMX_MISC",
	[I(CR0_FIXED0)] = "IA32_VMX_CR0_FIXED0",
	[I(CR0_FIXED1)] = "IA32_VMX_CR0_FIXED1",
	[I(CR4_FIXED0)] = "IA32_VMX_CR4_FIXED0",
	[I(CR4_FIXED1)] = "IA32_VMX_CR4_FIXED1",
	[I(VMCS_ENUM)] = "IA32_VMX_VMCS_ENUM",
	[I(PROCBASED_CTLS2)] = "IA32_VMX_PROCBASED_CTLS2",
	[I(EPT_VPID_CAP)] = "IA32_VMX_EPT_VPID_CAP",
	[I(TRUE_PINBASED_CTLS)] = "IA32_VMX_TRUE_PINBASED_CTLS",
	[I(TRUE_PROCBASED_CTLS)] = "IA32_VMX_TRUE_PROCBASED_CTLS",
	[I(TRUE_EXIT_CTLS)] = "IA32_VMX_TRUE_EXIT_CTLS",
	[I(TRUE_ENTRY_CTLS)] = "IA32_VMX_TRUE_ENTRY_CTLS",
	[I(VMFUNC)] = "IA32_VMX_VMFUNC",
	[I(PROCBASED_CTLS3)] = "IA32_VMX_PROCBASED_CTLS3",
	[I(EXIT_CTLS2)] = "IA32_VMX_EXIT_CTLS2",
};
#undef I

static const char feat_ctl_name[] = "IA32_FEATURE_CONTROL";

static bool in_vmx_range(uint32_t index)
{
	return index >= NVMX_MSR_VMX_FIRST && index <= NVMX_MSR_VMX_LAST;
}

const char *nvmx_msr_name(uint32_t index)
{
	if (index == NVMX_MSR_IA32_FEATURE_CONTROL)
		return feat_ctl_name;
	if (!in_vmx_range(index))
		return 0;
	return msr_names[nvmx_clamp_index(index - NVMX_MSR_VMX_FIRST,
					  NVMX_VMX_MSR_COUNT)];
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static const char *skip_prefix(const char *s, const char *p)
{
	const char *t = s;

	while (*p && *p == *t) {
		p++;
		t++;
	}
	return *p ? s : t;
}

int nvmx_msr_by_name(const char *name, uint32_t *index)
{
	if (!name || !index)
		return NVMX_EINVAL;
	for (uint32_t i = 0; i < NVMX_VMX_MSR_COUNT; i++)
		if (str_eq(msr_names[i], name) ||
		    str_eq(msr_names[i] + 5, name)) {
			*index = NVMX_MSR_VMX_FIRST + i;
			return 0;
		}
	if (str_eq(feat_ctl_name, name) || str_eq(feat_ctl_name + 5, name)) {
		*index = NVMX_MSR_IA32_FEATURE_CONTROL;
		return 0;
	}
	return NVMX_ENOENT;
}

enum nvmx_ctl_word nvmx_msr_ctl_word(uint32_t index)
{
	if (!in_vmx_range(index))
		return NVMX_WORD_NONE;
	return (enum nvmx_ctl_word)msr_desc_of(index)->word;
}

/* ---- control bits (controls.def) ---------------------------------- */

struct ctl_row {
	uint8_t word, bit;
	const char *sdm_name;
};

static const struct ctl_row ctl_rows[] = {
#define NVMX_CTL(word, bit, name, sdm) {NVMX_WORD_##word, bit, sdm},
#include <nvmx/controls.def>
#undef NVMX_CTL
};

#define CTL_ROWS (sizeof(ctl_rows) / sizeof(ctl_rows[0]))

uint32_t nvmx_ctl_default1(enum nvmx_ctl_word w)
{
	switch (w) {
	case NVMX_WORD_PIN:
		return NVMX_PIN_DEFAULT1;
	case NVMX_WORD_PROC:
		return NVMX_PROC_DEFAULT1;
	case NVMX_WORD_EXIT:
		return NVMX_EXIT_DEFAULT1;
	case NVMX_WORD_ENTRY:
		return NVMX_ENTRY_DEFAULT1;
	default:
		return 0;
	}
}

uint64_t nvmx_ctl_known_mask(enum nvmx_ctl_word w)
{
	uint64_t m = nvmx_ctl_default1(w);

	/* IA32_VMX_VMFUNC bit 0: EPTP switching (SDM A.11, 25.6.14). */
	if (w == NVMX_WORD_VMFUNC)
		m |= 1;
	for (unsigned int i = 0; i < CTL_ROWS; i++)
		if (ctl_rows[i].word == w)
			m |= 1ull << ctl_rows[i].bit;
	return m;
}

static const char *ctl_bit_name(enum nvmx_ctl_word w, unsigned int bit)
{
	for (unsigned int i = 0; i < CTL_ROWS; i++)
		if (ctl_rows[i].word == w && ctl_rows[i].bit == bit)
			return ctl_rows[i].sdm_name;
	if (w == NVMX_WORD_VMFUNC && bit == 0)
		return "EPTP switching";
	if (bit < 32 && (nvmx_ctl_default1(w) >> bit) & 1)
		return "reserved (default1)";
	return 0;
}

/* ---- other MSRs (SDM A.1, A.6, A.10; Vol. 4 Table 2-2) -------------- */

struct bit_name {
	uint8_t lo, hi; /* bit range */
	const char *name;
};

static const struct bit_name basic_bits[] = {
	{0, 30, "VMCS revision identifier"},
	{32, 44, "VMXON/VMCS region size"},
	{48, 48, "32-bit physical addresses"},
	{49, 49, "dual-monitor treatment of SMIs and SMM"},
	{50, 53, "VMCS memory type"},
	{54, 54, "INS/OUTS instruction information"},
	{55, 55, "default1 controls may be 0 (TRUE MSRs)"},
	{56, 56, "hardware exceptions without error-code checks"},
	{58, 58, "nested exceptions (FRED)"},
	{0, 0, 0},
};

static const struct bit_name misc_bits[] = {
	{0, 4, "preemption-timer rate (TSC bit)"},
	{5, 5, "VM exit stores EFER.LMA into IA-32e mode guest"},
	{6, 6, "activity state HLT"},
	{7, 7, "activity state shutdown"},
	{8, 8, "activity state wait-for-SIPI"},
	{14, 14, "Intel PT in VMX operation"},
	{15, 15, "RDMSR of IA32_SMBASE in SMM"},
	{16, 24, "number of CR3-target values"},
	{25, 27, "MSR-list size (512 * (N + 1))"},
	{28, 28, "IA32_SMM_MONITOR_CTL[2] may be 1"},
	{29, 29, "VMWRITE to any field"},
	{30, 30, "zero-length instruction injection"},
	{32, 63, "MSEG revision identifier"},
	{0, 0, 0},
};

static const struct bit_name ept_bits[] = {
	{0, 0, "execute-only translations"},
	{6, 6, "page-walk length 4"},
	{7, 7, "page-walk length 5"},
	{8, 8, "UC paging-structure memory type"},
	{14, 14, "WB paging-structure memory type"},
	{16, 16, "2-MByte pages"},
	{17, 17, "1-GByte pages"},
	{20, 20, "INVEPT"},
	{21, 21, "accessed and dirty flags"},
	{22, 22, "advanced EPT-violation exit information"},
	{23, 23, "supervisor shadow-stack control"},
	{25, 25, "single-context INVEPT"},
	{26, 26, "all-context INVEPT"},
	{32, 32, "INVVPID"},
	{40, 40, "individual-address INVVPID"},
	{41, 41, "single-context INVVPID"},
	{42, 42, "all-context INVVPID"},
	{43, 43, "single-context-retaining-globals INVVPID"},
	{0, 0, 0},
};

static const struct bit_name feat_ctl_bits[] = {
	{0, 0, "lock"},
	{1, 1, "VMX inside SMX operation"},
	{2, 2, "VMX outside SMX operation"},
	{8, 14, "SENTER local function enables"},
	{15, 15, "SENTER global enable"},
	{17, 17, "SGX launch control enable"},
	{18, 18, "SGX global enable"},
	{20, 20, "LMCE on"},
	{0, 0, 0},
};

static const char *range_name(const struct bit_name *t, unsigned int bit)
{
	for (; t->name; t++)
		if (bit >= t->lo && bit <= t->hi)
			return t->name;
	return 0;
}

const char *nvmx_msr_bit_name(uint32_t index, unsigned int bit)
{
	const struct msr_desc *d;

	if (bit > 63)
		return 0;
	if (index == NVMX_MSR_IA32_FEATURE_CONTROL)
		return range_name(feat_ctl_bits, bit);
	if (!in_vmx_range(index))
		return 0;
	d = msr_desc_of(index);
	switch (d->kind) {
	case MK_BASIC:
		return range_name(basic_bits, bit);
	case MK_MISC:
		return range_name(misc_bits, bit);
	case MK_EPT:
		return range_name(ept_bits, bit);
	case MK_CTL_PLAIN:
	case MK_CTL_TRUE:
	case MK_CTL_SEC:
		return ctl_bit_name((enum nvmx_ctl_word)d->word, bit % 32);
	case MK_CTL64:
		return ctl_bit_name((enum nvmx_ctl_word)d->word, bit);
	default:
		return 0;
	}
}

/* ---- CPUID facts (enum nvmx_cpu_feature_bit) ------------------------ */

#define F(x) [NVMX_CPUB_##x] = #x
static const char *const cpu_names[NVMX_CPUB_COUNT] = {
	F(VMX),	     F(SMX),	  F(PCID),    F(XSAVE),	  F(RDRAND),  F(PDCM),
	F(FSGSBASE), F(SGX),	  F(SMEP),    F(INVPCID), F(MPX),     F(RDSEED),
	F(SMAP),     F(PT),	  F(UMIP),    F(PKU),	  F(WAITPKG), F(CET_SS),
	F(LA57),     F(SGX_LC),	  F(PKS),     F(KL),	  F(ENQCMD),  F(UINTR),
	F(PCONFIG),  F(ARCH_LBR), F(CET_IBT), F(LASS),	  F(FRED),    F(LAM),
	F(MSRLIST),  F(XSAVES),	  F(PERFMON), F(RDTSCP),  F(LM),      F(NX),
	F(LMCE),     F(SEAM),
};
#undef F

const char *nvmx_cpu_feature_name(unsigned int bit)
{
	if (bit >= NVMX_CPUB_COUNT)
		return 0;
	return cpu_names[nvmx_clamp_index(bit, NVMX_CPUB_COUNT)];
}

int nvmx_cpu_feature_by_name(const char *name, unsigned int *bit)
{
	if (!name || !bit)
		return NVMX_EINVAL;
	name = skip_prefix(name, "NVMX_CPU_");
	for (unsigned int i = 0; i < NVMX_CPUB_COUNT; i++)
		if (cpu_names[i] && str_eq(cpu_names[i], name)) {
			*bit = i;
			return 0;
		}
	return NVMX_ENOENT;
}
