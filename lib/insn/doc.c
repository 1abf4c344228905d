// SPDX-License-Identifier: MIT
/*
 * doc.c - doc/instructions.md, generated from insn_rules.def so that the
 * document and the code share one table (a unit test compares the
 * committed file with this output; `nvmx insn-doc` regenerates it).
 */
#include "insn_internal.h"

struct sink {
	char *buf;
	size_t cap;
	size_t len;
};

static void put(struct sink *s, const char *str)
{
	for (; *str; str++, s->len++)
		if (s->len + 1 < s->cap)
			s->buf[s->len] = *str;
}

static void put_uint(struct sink *s, unsigned int v)
{
	char d[12];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n--) {
		char c[2] = { d[n], 0 };

		put(s, c);
	}
}

static const char intro[] =
	"# VMX instructions as libnvmx emulates them\n"
	"\n"
	"<!-- Generated from lib/insn/insn_rules.def by `nvmx insn-doc`; do "
	"not edit. The unit test insn_doc fails when this file is stale. -->\n"
	"\n"
	"One table per instruction (`include/nvmx/insn.h`, one function "
	"`nvmx_insn_<name>()` each). Rows are in the order the instruction "
	"evaluates them, following the Operation pseudo-code of SDM Vol. 3 "
	"chapter 31 (\"VMX Instruction Reference\"): the first row whose "
	"condition holds decides, so a state that fails two rows gets the "
	"outcome of the earlier one. The rule name is the stable ID "
	"`NVMX_RULE_<name>` reported in `struct nvmx_insn_outcome.rule`.\n"
	"\n"
	"Outcomes:\n"
	"\n"
	"- **#UD**, **#GP(0)**: exception for the executing guest "
	"(`NVMX_INSN_EXCEPTION`, vector 6 or 13 with error code 0).\n"
	"- **fault**: the fault that the caller's linear-memory callback "
	"reported for the memory operand (#GP, #SS, #PF), passed through.\n"
	"- **VM exit N**: the instruction was executed by L2; L0 reflects a "
	"VM exit with basic reason N to L1 (`NVMX_INSN_VMEXIT`).\n"
	"- **VMfailInvalid**: CF = 1 (`NVMX_INSN_FAIL_INVALID`).\n"
	"- **VMfail(N)**: VMfailValid with VM-instruction error N, written "
	"to the current VMCS (ZF = 1, `NVMX_INSN_FAIL_VALID`); VMfailInvalid "
	"when there is no current VMCS (SDM 31.2).\n"
	"- **VMsucceed**: all six arithmetic flags cleared; the nested "
	"state changes only here (`nvmx_insn_rflags()` computes RFLAGS).\n"
	"\n"
	"Memory operands are read where the pseudo-code's ELSE branch "
	"starts (after the #GP(0) check) and written at the end; a callback "
	"that cannot reach L1 guest-physical memory (VMCS region, bitmap, "
	"EPTP list) ends the call with `NVMX_EFAULT` and no state change.\n"
	"\n"
	"VMCS shadowing (SDM 25.6.15, 25.10): when L2 executes VMREAD or "
	"VMWRITE and L1's current VMCS has \"VMCS shadowing\" = 1 (with "
	"secondary controls activated), the byte `bitmap + (encoding[14:0] >> "
	"3)` of L1's VMREAD or VMWRITE bitmap is read through `read_gpa`; bit "
	"`encoding[2:0]` set (or any of encoding bits 63:15 set) means a VM "
	"exit to L1 (reason 23 or 25), clear means the access goes to the "
	"shadow VMCS at L1's VMCS link pointer (through `map_vmcs`), with "
	"the same VMfail rules as in VMX root operation; VM-instruction "
	"errors go to L1's current VMCS.\n"
	"\n"
	"How L0 uses it: `nvmx_vcpu_init()` when the vCPU is created (and "
	"update `feature_control` on WRMSR 3AH); on a VM exit for a VMX "
	"instruction, fill `struct nvmx_insn_ctx` from the executing "
	"guest's state and the decoded operands and call the instruction's "
	"function; then act on `status`: EXCEPTION -> inject `vector` "
	"(and `error_code`, CR2 = `fault_address` for #PF), RIP unchanged; "
	"VMEXIT -> reflect a VM exit with `exit_reason` to L1; SUCCEED, "
	"FAIL_INVALID, FAIL_VALID -> RFLAGS := `nvmx_insn_rflags()`, "
	"write `value` to the destination register if `write_reg`, advance "
	"RIP; VMENTRY -> run L2 from the current vmcs12; ENTRY_FAIL -> load "
	"L1's host state (exit reason and qualification are already in "
	"vmcs12). When L2 exits to L1, clear `vcpu.non_root`.\n";

static void outcome(struct sink *s, enum nvmx_insn_rule r, enum nvmx_insn in)
{
	switch (nvmx_insn_rule_kind(r)) {
	case NVMX_IK_UD:
		put(s, "#UD");
		break;
	case NVMX_IK_GP:
		put(s, "#GP(0)");
		break;
	case NVMX_IK_FAULT:
		put(s, "fault");
		break;
	case NVMX_IK_VMEXIT:
		put(s, "VM exit ");
		put_uint(s, nvmx_insn_rule_num(r));
		break;
	case NVMX_IK_FAIL_INVALID:
		put(s, "VMfailInvalid");
		break;
	case NVMX_IK_VMFAIL:
		put(s, "VMfail(");
		put_uint(s, nvmx_insn_rule_num(r));
		put(s, ")");
		break;
	case NVMX_IK_ENTRY:
		put(s, "outcome of the failed entry check");
		break;
	default:
		if (in == NVMX_INSN_VMLAUNCH || in == NVMX_INSN_VMRESUME)
			put(s, "VM entry (`NVMX_INSN_VMENTRY`)");
		else if (in == NVMX_INSN_VMFUNC)
			put(s, "function completes (RFLAGS unchanged)");
		else
			put(s, "VMsucceed");
		break;
	}
}

size_t nvmx_insn_doc(char *buf, size_t cap)
{
	struct sink s = { buf, buf ? cap : 0, 0 };
	unsigned int in, r, n;

	put(&s, intro);
	for (in = 0; in < NVMX_INSN_COUNT; in++) {
		put(&s, "\n## ");
		put(&s, nvmx_insn_name((enum nvmx_insn)in));
		put(&s, "\n\n| # | Rule | Condition | Outcome | SDM |\n"
			"|---|---|---|---|---|\n");
		n = 0;
		for (r = 1; r < NVMX_RULE_COUNT; r++) {
			if (nvmx_insn_rule_insn((enum nvmx_insn_rule)r) != in)
				continue;
			put(&s, "| ");
			put_uint(&s, ++n);
			put(&s, " | `");
			put(&s, nvmx_insn_rule_name((enum nvmx_insn_rule)r));
			put(&s, "` | ");
			put(&s,
			    nvmx_insn_rule_condition((enum nvmx_insn_rule)r));
			put(&s, " | ");
			outcome(&s, (enum nvmx_insn_rule)r, (enum nvmx_insn)in);
			put(&s, " | ");
			put(&s, nvmx_insn_rule_sdm((enum nvmx_insn_rule)r));
			put(&s, " |\n");
		}
	}
	if (s.cap)
		s.buf[s.len < s.cap ? s.len : s.cap - 1] = 0;
	return s.len;
}
