// SPDX-License-Identifier: MIT
/*
 * kvm_dump.c - the parser of KVM's kernel-log VMCS dump.
 *
 * The texts follow the printf formats of KVM's dump_vmcs() (the fact the
 * parser reads); they are written here independently of kvm_dump.def.
 */
#include <stdio.h>
#include <string.h>

#include <nvmx/kvm.h>

#include "entry_baseline.h"
#include "suite.h"

#define F(v, NAME) ((v)->field[NVMX_IDX_##NAME])

static bool was_set(const struct nvmx_kvm_dump_result *r, unsigned int idx)
{
	return (r->set[idx / 64] >> (idx % 64)) & 1;
}

static void res_init(struct nvmx_kvm_dump_result *r,
		     struct nvmx_kvm_dump_issue *iss, unsigned int cap)
{
	memset(r, 0, sizeof(*r));
	r->sz = sizeof(*r);
	r->issues = iss;
	r->issue_cap = cap;
}

/* Print v the way dump_vmcs() of a 6.x kernel does, with dmesg prefixes. */
static size_t print_dump(char *b, size_t cap, const struct nvmx_vmcs12 *v)
{
	size_t n = 0;
	static const char *const seg[] = { "CS:  ", "DS:  ", "SS:  ", "ES:  ",
					   "FS:  ", "GS:  ", "LDTR:", "TR:  " };
	static const unsigned int sel[] = {
		NVMX_IDX_GUEST_CS_SELECTOR, NVMX_IDX_GUEST_DS_SELECTOR,
		NVMX_IDX_GUEST_SS_SELECTOR, NVMX_IDX_GUEST_ES_SELECTOR,
		NVMX_IDX_GUEST_FS_SELECTOR, NVMX_IDX_GUEST_GS_SELECTOR,
		NVMX_IDX_GUEST_LDTR_SELECTOR, NVMX_IDX_GUEST_TR_SELECTOR };
	static const unsigned int ar[] = {
		NVMX_IDX_GUEST_CS_AR_BYTES, NVMX_IDX_GUEST_DS_AR_BYTES,
		NVMX_IDX_GUEST_SS_AR_BYTES, NVMX_IDX_GUEST_ES_AR_BYTES,
		NVMX_IDX_GUEST_FS_AR_BYTES, NVMX_IDX_GUEST_GS_AR_BYTES,
		NVMX_IDX_GUEST_LDTR_AR_BYTES, NVMX_IDX_GUEST_TR_AR_BYTES };
	static const unsigned int lim[] = {
		NVMX_IDX_GUEST_CS_LIMIT, NVMX_IDX_GUEST_DS_LIMIT,
		NVMX_IDX_GUEST_SS_LIMIT, NVMX_IDX_GUEST_ES_LIMIT,
		NVMX_IDX_GUEST_FS_LIMIT, NVMX_IDX_GUEST_GS_LIMIT,
		NVMX_IDX_GUEST_LDTR_LIMIT, NVMX_IDX_GUEST_TR_LIMIT };
	static const unsigned int base[] = {
		NVMX_IDX_GUEST_CS_BASE, NVMX_IDX_GUEST_DS_BASE,
		NVMX_IDX_GUEST_SS_BASE, NVMX_IDX_GUEST_ES_BASE,
		NVMX_IDX_GUEST_FS_BASE, NVMX_IDX_GUEST_GS_BASE,
		NVMX_IDX_GUEST_LDTR_BASE, NVMX_IDX_GUEST_TR_BASE };
#define P(...) (n += (size_t)snprintf(b + n, cap - n, "[  812.%06zu] kvm_intel: ", n % 1000000), \
		n += (size_t)snprintf(b + n, cap - n, __VA_ARGS__))
#define X(NAME) ((unsigned long long)F(v, NAME))

	P("VMCS 00000000deadbeef, last attempted VM-entry on CPU 2\n");
	P("*** Guest State ***\n");
	P("CR0: actual=0x%016llx, shadow=0x%016llx, gh_mask=%016llx\n",
	  X(GUEST_CR0), X(CR0_READ_SHADOW), X(CR0_GUEST_HOST_MASK));
	P("CR4: actual=0x%016llx, shadow=0x%016llx, gh_mask=%016llx\n",
	  X(GUEST_CR4), X(CR4_READ_SHADOW), X(CR4_GUEST_HOST_MASK));
	P("CR3 = 0x%016llx\n", X(GUEST_CR3));
	P("PDPTR0 = 0x%016llx  PDPTR1 = 0x%016llx\n", X(GUEST_PDPTE0), X(GUEST_PDPTE1));
	P("PDPTR2 = 0x%016llx  PDPTR3 = 0x%016llx\n", X(GUEST_PDPTE2), X(GUEST_PDPTE3));
	P("RSP = 0x%016llx  RIP = 0x%016llx\n", X(GUEST_RSP), X(GUEST_RIP));
	P("RFLAGS=0x%08llx         DR7 = 0x%016llx\n", X(GUEST_RFLAGS), X(GUEST_DR7));
	P("Sysenter RSP=%016llx CS:RIP=%04llx:%016llx\n", X(GUEST_SYSENTER_ESP),
	  X(GUEST_SYSENTER_CS), X(GUEST_SYSENTER_EIP));
	for (int i = 0; i < 8; i++) {
		if (i == 6)
			P("GDTR:                           limit=0x%08llx, base=0x%016llx\n",
			  X(GUEST_GDTR_LIMIT), X(GUEST_GDTR_BASE));
		P("%s sel=0x%04llx, attr=0x%05llx, limit=0x%08llx, base=0x%016llx\n",
		  seg[i], (unsigned long long)v->field[sel[i]],
		  (unsigned long long)v->field[ar[i]],
		  (unsigned long long)v->field[lim[i]],
		  (unsigned long long)v->field[base[i]]);
		if (i == 6)
			P("IDTR:                           limit=0x%08llx, base=0x%016llx\n",
			  X(GUEST_IDTR_LIMIT), X(GUEST_IDTR_BASE));
	}
	P("EFER= 0x%016llx\n", X(GUEST_IA32_EFER));
	P("PAT = 0x%016llx\n", X(GUEST_IA32_PAT));
	P("DebugCtl = 0x%016llx  DebugExceptions = 0x%016llx\n",
	  X(GUEST_IA32_DEBUGCTL), X(GUEST_PENDING_DBG_EXCEPTIONS));
	P("Interruptibility = %08llx  ActivityState = %08llx\n",
	  X(GUEST_INTERRUPTIBILITY_INFO), X(GUEST_ACTIVITY_STATE));
	P("*** Host State ***\n");
	P("RIP = 0x%016llx  RSP = 0x%016llx\n", X(HOST_RIP), X(HOST_RSP));
	P("CS=%04llx SS=%04llx DS=%04llx ES=%04llx FS=%04llx GS=%04llx TR=%04llx\n",
	  X(HOST_CS_SELECTOR), X(HOST_SS_SELECTOR), X(HOST_DS_SELECTOR),
	  X(HOST_ES_SELECTOR), X(HOST_FS_SELECTOR), X(HOST_GS_SELECTOR),
	  X(HOST_TR_SELECTOR));
	P("FSBase=%016llx GSBase=%016llx TRBase=%016llx\n", X(HOST_FS_BASE),
	  X(HOST_GS_BASE), X(HOST_TR_BASE));
	P("GDTBase=%016llx IDTBase=%016llx\n", X(HOST_GDTR_BASE), X(HOST_IDTR_BASE));
	P("CR0=%016llx CR3=%016llx CR4=%016llx\n", X(HOST_CR0), X(HOST_CR3),
	  X(HOST_CR4));
	P("Sysenter RSP=%016llx CS:RIP=%04llx:%016llx\n",
	  X(HOST_IA32_SYSENTER_ESP), X(HOST_IA32_SYSENTER_CS),
	  X(HOST_IA32_SYSENTER_EIP));
	P("EFER= 0x%016llx\n", X(HOST_IA32_EFER));
	P("PAT = 0x%016llx\n", X(HOST_IA32_PAT));
	P("*** Control State ***\n");
	P("CPUBased=0x%08llx SecondaryExec=0x%08llx TertiaryExec=0x%016llx\n",
	  X(CPU_BASED_VM_EXEC_CONTROL), X(SECONDARY_VM_EXEC_CONTROL),
	  X(TERTIARY_VM_EXEC_CONTROL));
	P("PinBased=0x%08llx EntryControls=%08llx ExitControls=%08llx\n",
	  X(PIN_BASED_VM_EXEC_CONTROL), X(VM_ENTRY_CONTROLS), X(VM_EXIT_CONTROLS));
	P("ExceptionBitmap=%08llx PFECmask=%08llx PFECmatch=%08llx\n",
	  X(EXCEPTION_BITMAP), X(PAGE_FAULT_ERROR_CODE_MASK),
	  X(PAGE_FAULT_ERROR_CODE_MATCH));
	P("VMEntry: intr_info=%08llx errcode=%08llx ilen=%08llx\n",
	  X(VM_ENTRY_INTR_INFO), X(VM_ENTRY_EXCEPTION_ERROR_CODE),
	  X(VM_ENTRY_INSTRUCTION_LEN));
	P("VMExit: intr_info=%08llx errcode=%08llx ilen=%08llx\n",
	  X(VM_EXIT_INTR_INFO), X(VM_EXIT_INTR_ERROR_CODE),
	  X(VM_EXIT_INSTRUCTION_LEN));
	P("        reason=%08llx qualification=%016llx\n", X(VM_EXIT_REASON),
	  X(EXIT_QUALIFICATION));
	P("IDTVectoring: info=%08llx errcode=%08llx\n", X(IDT_VECTORING_INFO),
	  X(IDT_VECTORING_ERROR_CODE));
	P("TSC Offset = 0x%016llx\n", X(TSC_OFFSET));
	P("EPT pointer = 0x%016llx\n", X(EPT_POINTER));
	P("Virtual processor ID = 0x%04llx\n", X(VIRTUAL_PROCESSOR_ID));
	n += (size_t)snprintf(b + n, cap - n, "[  812.999999] e1000e 0000:00:19.0 eth0: NIC Link is Up\n");
#undef P
#undef X
	return n;
}

/* The baseline, printed and parsed back: every printed field, exactly. */
START_TEST(test_formatted_round_trip)
{
	static char text[16384];
	static struct eb_state st;
	static struct nvmx_vmcs12 v;
	struct nvmx_kvm_dump_issue iss[8];
	struct nvmx_kvm_dump_result r;
	size_t n;
	unsigned int differ = 0;

	eb_state_64(&st, NVMX_PRESET_MAX);
	F(&st.v, GUEST_INTERRUPTIBILITY_INFO) = 8;	/* NMI blocking */
	F(&st.v, TSC_OFFSET) = 0xfffffa1b2c3d4e5full;
	F(&st.v, VM_EXIT_REASON) = 0x80000021;
	n = print_dump(text, sizeof(text), &st.v);
	res_init(&r, iss, 8);
	ck_assert_int_eq(nvmx_kvm_dump_parse(text, n, &st.m, &v, &r), 0);
	ck_assert_uint_eq(r.issue_count, 0);
	ck_assert_uint_eq(r.dumps, 1);
	ck_assert(r.guest_section && r.host_section && r.control_section);
	/* guest 60 values, host 22, control 22 */
	ck_assert_uint_eq(r.fields_set, 104);
	/* guest 22 lines, host 8, control 10 */
	ck_assert_uint_eq(r.dump_lines, 40);
	ck_assert_uint_eq(r.mapped_lines, 40);
	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++)
		if (was_set(&r, i) && v.field[i] != st.v.field[i])
			differ++;
	ck_assert_uint_eq(differ, 0);
	ck_assert_uint_eq(F(&v, GUEST_CR0), F(&st.v, GUEST_CR0));
	ck_assert_uint_eq(F(&v, GUEST_SYSENTER_EIP), 0);
	ck_assert_uint_eq(F(&v, HOST_IA32_SYSENTER_EIP), 0xffffffff81a00000ull);
	ck_assert_uint_eq(F(&v, GUEST_LDTR_AR_BYTES), 0x10000);
	ck_assert_uint_eq(F(&v, VM_EXIT_REASON), 0x80000021);
	ck_assert_uint_eq(F(&v, VMCS_LINK_POINTER), ~0ull); /* not printed */
}
END_TEST

/* A capture as it comes out of dmesg: noise before, between and after,
 * a truncated line, an unknown field, a derived EFER, MSR lists, the
 * older control-line layout, pr_cont pairs. */
static const char capture[] =
	"[ 2850.000001] kvm: vmptrld (null)/6f2d3000 failed\n"	/* 1 noise */
	"[ 2851.112233] kvm_intel: VMCS 00000000a1b2c3d4, last attempted VM-entry on CPU 3\n"
	"[ 2851.112240] kvm_intel: *** Guest State ***\n"		/* 3 */
	"[ 2851.112245] kvm_intel: CR0: actual=0x0000000080050033, shadow=0x0000000060000010, gh_mask=fffffffffffefff7\n"
	"[ 2851.112250] kvm_intel: CR4: actual=0x00000000000026a0, shad\n" /* 5 truncated */
	"[ 2851.112255] kvm_intel: CR3 = 0x00000000000020\n"	/* 6 truncated value */
	"[ 2851.112260] kvm_intel: RSP = 0x000000007ffff000  RIP = 0x0000000000401000\n"
	"[ 2851.112265] kvm_intel: FRED guest: config=0x0000000000000000, stack_levels=0x0000000000000000\n" /* 8 unknown key x2 */
	"[ 2851.112270] kvm_intel: EFER= 0x0000000000000d01 (effective)\n" /* 9 not a field */
	"[ 2851.112275] kvm_intel: MSR guest autoload:\n"		/* 10 not a field */
	"[ 2851.112280] kvm_intel:    0: msr=0xc0000080 value=0x0000000000000d01\n" /* 11 */
	"[ 2851.112285] usb 1-1: new high-speed USB device number 2 using xhci_hcd\n" /* 12 unknown line */
	"[ 2851.112290] kvm_intel: Interruptibility = 00000008  ActivityState = 00000000\n"
	"[ 2851.112295] kvm_intel: InterruptStatus = 0010\n"	/* 14 */
	"[ 2851.112300] kvm_intel: *** Host State ***\n"
	"[ 2851.112305] kvm_intel: RIP = 0xffffffff81000000  RSP = 0xffffc90000004000\n"
	"[ 2851.112310] kvm_intel: CR0=0000000080050033 CR3=0000000000001000 CR4=00000000000026a0\n"
	"[ 2851.112315] kvm_intel: *** Control State ***\n"		/* 18 */
	"[ 2851.112320] kvm_intel: PinBased=0000003f CPUBased=b6a1edfa SecondaryExec=000000a2\n"
	"[ 2851.112325] kvm_intel: EntryControls=0000d3ff ExitControls=002befff\n"
	"[ 2851.112330] kvm_intel: VMExit: intr_info=00000000 errcode=00000000 ilen=00000003\n"
	"[ 2851.112335] kvm_intel:         reason=80000021 qualification=0000000000000000\n"
	"[ 2851.112340] kvm_intel: SVI|RVI = 00|20 TPR Threshold = 0x00\n" /* 23 conflict */
	"[ 2851.112345] kvm_intel: Virtual processor ID = 0x0001\n"
	"[ 2851.112350] kvm_intel: Warp drive = 0x01\n"		/* 25 unknown key */
	"[ 2851.200000] IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready\n"
	"[ 2851.200001] kvm_intel: CR3 = 0x0000000000002000\n";	/* 27 after the dump */

START_TEST(test_capture_with_noise)
{
	static struct nvmx_vmcs12 v;
	struct nvmx_kvm_dump_issue iss[16];
	struct nvmx_kvm_dump_result r;
	static const struct {
		unsigned int line;
		enum nvmx_kvm_dump_issue_kind kind;
		uint32_t field;
	} want[] = {
		{ 5, NVMX_KVM_DUMP_TRUNCATED, 0 },
		{ 6, NVMX_KVM_DUMP_TRUNCATED, NVMX_GUEST_CR3 },
		{ 8, NVMX_KVM_DUMP_UNKNOWN_KEY, 0 },
		{ 8, NVMX_KVM_DUMP_UNKNOWN_KEY, 0 },
		{ 9, NVMX_KVM_DUMP_NOT_A_FIELD, NVMX_GUEST_IA32_EFER },
		{ 10, NVMX_KVM_DUMP_NOT_A_FIELD, 0 },
		{ 11, NVMX_KVM_DUMP_NOT_A_FIELD, 0 },
		{ 12, NVMX_KVM_DUMP_UNKNOWN_LINE, 0 },
		{ 23, NVMX_KVM_DUMP_CONFLICT, NVMX_GUEST_INTERRUPT_STATUS },
		{ 25, NVMX_KVM_DUMP_UNKNOWN_KEY, 0 },
	};

	res_init(&r, iss, 16);
	ck_assert_int_eq(nvmx_kvm_dump_parse(capture, sizeof(capture) - 1, NULL,
					     &v, &r), 0);
	ck_assert_uint_eq(r.lines, 27);
	ck_assert_uint_eq(r.dumps, 1);
	ck_assert_uint_eq(r.issue_count, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_uint_eq(iss[i].line, want[i].line);
		ck_assert_int_eq(iss[i].kind, want[i].kind);
		ck_assert_uint_eq(iss[i].field, want[i].field);
	}
	ck_assert_str_eq(iss[7].text,
			 "usb 1-1: new high-speed USB device number 2 using xhci_hcd");
	/* mapped values */
	ck_assert_uint_eq(F(&v, GUEST_CR0), 0x80050033);
	ck_assert_uint_eq(F(&v, CR0_READ_SHADOW), 0x60000010);
	ck_assert_uint_eq(F(&v, CR0_GUEST_HOST_MASK), 0xfffffffffffefff7ull);
	ck_assert_uint_eq(F(&v, GUEST_CR4), 0x26a0);	/* before the cut */
	ck_assert_uint_eq(F(&v, GUEST_RIP), 0x401000);
	ck_assert_uint_eq(F(&v, GUEST_INTERRUPTIBILITY_INFO), 8);
	ck_assert_uint_eq(F(&v, GUEST_INTERRUPT_STATUS), 0x10);	/* first wins */
	ck_assert_uint_eq(F(&v, HOST_CR3), 0x1000);
	ck_assert_uint_eq(F(&v, PIN_BASED_VM_EXEC_CONTROL), 0x3f);
	ck_assert_uint_eq(F(&v, CPU_BASED_VM_EXEC_CONTROL), 0xb6a1edfa);
	ck_assert_uint_eq(F(&v, SECONDARY_VM_EXEC_CONTROL), 0xa2);
	ck_assert_uint_eq(F(&v, VM_ENTRY_CONTROLS), 0xd3ff);
	ck_assert_uint_eq(F(&v, VM_EXIT_CONTROLS), 0x2befff);
	ck_assert_uint_eq(F(&v, VM_EXIT_INSTRUCTION_LEN), 3);
	ck_assert_uint_eq(F(&v, VM_EXIT_REASON), 0x80000021);
	ck_assert_uint_eq(F(&v, TPR_THRESHOLD), 0);
	ck_assert_uint_eq(F(&v, VIRTUAL_PROCESSOR_ID), 1);
	/* not guessed */
	ck_assert(!was_set(&r, NVMX_IDX_GUEST_CR3));
	ck_assert(!was_set(&r, NVMX_IDX_CR4_READ_SHADOW));
	ck_assert(!was_set(&r, NVMX_IDX_GUEST_IA32_EFER));
	ck_assert_uint_eq(F(&v, GUEST_CR3), 0);
	ck_assert_uint_eq(F(&v, GUEST_IA32_EFER), 0);
	/* lines 4-14 (11), 16-17 (2), 19-25 (7) */
	ck_assert_uint_eq(r.dump_lines, 20);
	/* 4, 7, 13, 14, 16, 17, 19-22, 24 */
	ck_assert_uint_eq(r.mapped_lines, 11);
}
END_TEST

START_TEST(test_prefix_variants)
{
	static const char t[] =
		"<3>Dec 02 00:40:34 host kernel: *** Guest State ***\n"
		"CR3 = 0x0000000000002000\n"
		"<3>[  1.000000] kvm: RSP = 0x0000000000001000  RIP = 0x0000000000002000\r\n"
		"Dec 02 00:40:35 host kernel: kvm_intel: *** Control State ***\n"
		"  Virtual processor ID = 0x0002\n";
	static struct nvmx_vmcs12 v;
	struct nvmx_kvm_dump_result r;

	res_init(&r, NULL, 0);
	ck_assert_int_eq(nvmx_kvm_dump_parse(t, sizeof(t) - 1, NULL, &v, &r), 0);
	ck_assert_uint_eq(r.issue_count, 0);
	ck_assert_uint_eq(F(&v, GUEST_CR3), 0x2000);
	ck_assert_uint_eq(F(&v, GUEST_RSP), 0x1000);
	ck_assert_uint_eq(F(&v, GUEST_RIP), 0x2000);
	ck_assert_uint_eq(F(&v, VIRTUAL_PROCESSOR_ID), 2);
	ck_assert_uint_eq(r.fields_set, 4);
}
END_TEST

START_TEST(test_two_dumps_last_wins)
{
	static const char t[] =
		"VMCS 0000000000000001, last attempted VM-entry on CPU 0\n"
		"*** Guest State ***\n"
		"CR3 = 0x0000000000001000\n"
		"Bogus line\n"
		"VMCS 0000000000000002, last attempted VM-entry on CPU 1\n"
		"*** Guest State ***\n"
		"RIP = 0x0000000000003000\n";
	static struct nvmx_vmcs12 v;
	struct nvmx_kvm_dump_result r;

	res_init(&r, NULL, 0);
	ck_assert_int_eq(nvmx_kvm_dump_parse(t, sizeof(t) - 1, NULL, &v, &r), 0);
	ck_assert_uint_eq(r.dumps, 2);
	ck_assert_uint_eq(r.issue_count, 0);	/* the first dump's issue */
	ck_assert_uint_eq(F(&v, GUEST_CR3), 0);
	ck_assert_uint_eq(F(&v, GUEST_RIP), 0x3000);
}
END_TEST

START_TEST(test_no_dump_and_misuse)
{
	static const char t[] = "[ 1.0] kvm_intel: set kvm_intel.dump_invalid_vmcs=1 to dump internal KVM state.\n";
	static struct nvmx_vmcs12 v;
	struct nvmx_kvm_dump_result r;

	res_init(&r, NULL, 0);
	ck_assert_int_eq(nvmx_kvm_dump_parse(t, sizeof(t) - 1, NULL, &v, &r),
			 NVMX_EBADMSG);
	ck_assert_uint_eq(r.lines, 1);
	ck_assert_int_eq(nvmx_kvm_dump_parse(NULL, 0, NULL, &v, &r), NVMX_EINVAL);
	r.sz = 8;
	ck_assert_int_eq(nvmx_kvm_dump_parse(t, 1, NULL, &v, &r), NVMX_EINVAL);
	ck_assert_str_eq(nvmx_kvm_dump_issue_name(NVMX_KVM_DUMP_TRUNCATED),
			 "truncated");
	ck_assert_ptr_null(nvmx_kvm_dump_issue_name(0));
	ck_assert_ptr_null(nvmx_kvm_dump_issue_name(99));
}
END_TEST

/* Values that do not fit, are not hex, or lack their second half. */
START_TEST(test_bad_values)
{
	static const char t[] =
		"*** Guest State ***\n"
		"CS:   sel=0x10010, attr=0x0a09b, limit=0xffffffff, base=0x00000000000000zz\n"
		"Sysenter RSP=0000000000000000 CS:RIP=0010\n"
		"RFLAGS=\n";
	static struct nvmx_vmcs12 v;
	struct nvmx_kvm_dump_issue iss[8];
	struct nvmx_kvm_dump_result r;

	res_init(&r, iss, 8);
	ck_assert_int_eq(nvmx_kvm_dump_parse(t, sizeof(t) - 1, NULL, &v, &r), 0);
	ck_assert_uint_eq(r.issue_count, 4);
	ck_assert_int_eq(iss[0].kind, NVMX_KVM_DUMP_BAD_VALUE);
	ck_assert_uint_eq(iss[0].field, NVMX_GUEST_CS_SELECTOR);
	ck_assert_int_eq(iss[1].kind, NVMX_KVM_DUMP_BAD_VALUE);
	ck_assert_uint_eq(iss[1].field, NVMX_GUEST_CS_BASE);
	ck_assert_int_eq(iss[2].kind, NVMX_KVM_DUMP_TRUNCATED);
	ck_assert_uint_eq(iss[2].field, NVMX_GUEST_SYSENTER_CS);
	ck_assert_int_eq(iss[3].kind, NVMX_KVM_DUMP_TRUNCATED);
	ck_assert_uint_eq(iss[3].field, NVMX_GUEST_RFLAGS);
	ck_assert_uint_eq(F(&v, GUEST_CS_AR_BYTES), 0xa09b);
	ck_assert_uint_eq(F(&v, GUEST_SYSENTER_ESP), 0);
	ck_assert_uint_eq(r.fields_set, 3);	/* attr, limit, Sysenter RSP */
}
END_TEST

/* A NUL inside a line or a line longer than the parser reads: the part
 * after it is not silently dropped. */
START_TEST(test_cut_lines)
{
	static const char t[] = "*** Guest State ***\n"
				"RSP = 0x0000000000001000\0  RIP = 0x0000000000002000\n"
				"CR3 = 0x0000000000003000\r\n";
	static char longline[700];
	static struct nvmx_vmcs12 v;
	struct nvmx_kvm_dump_issue iss[4];
	struct nvmx_kvm_dump_result r;

	res_init(&r, iss, 4);
	ck_assert_int_eq(nvmx_kvm_dump_parse(t, sizeof(t) - 1, NULL, &v, &r), 0);
	ck_assert_uint_eq(r.issue_count, 1);
	ck_assert_uint_eq(iss[0].line, 2);
	ck_assert_int_eq(iss[0].kind, NVMX_KVM_DUMP_TRUNCATED);
	ck_assert_uint_eq(F(&v, GUEST_RSP), 0x1000);
	ck_assert_uint_eq(F(&v, GUEST_RIP), 0);
	ck_assert_uint_eq(F(&v, GUEST_CR3), 0x3000);	/* CRLF is fine */
	ck_assert_uint_eq(r.mapped_lines, 1);

	memcpy(longline, "*** Host State ***\nCR3=0000000000001000", 40);
	memset(longline + 40, ' ', 600);
	memcpy(longline + 640, "CR4=0000000000002000\n", 21);
	res_init(&r, iss, 4);
	ck_assert_int_eq(nvmx_kvm_dump_parse(longline, 661, NULL, &v, &r), 0);
	ck_assert_uint_eq(r.issue_count, 1);
	ck_assert_int_eq(iss[0].kind, NVMX_KVM_DUMP_TRUNCATED);
	ck_assert_uint_eq(F(&v, HOST_CR3), 0x1000);
	ck_assert_uint_eq(F(&v, HOST_CR4), 0);
}
END_TEST

static Suite *make_kvm_dump(void)
{
	Suite *s = suite_create("kvm_dump");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_formatted_round_trip);
	tcase_add_test(tc, test_capture_with_noise);
	tcase_add_test(tc, test_prefix_variants);
	tcase_add_test(tc, test_two_dumps_last_wins);
	tcase_add_test(tc, test_no_dump_and_misuse);
	tcase_add_test(tc, test_bad_values);
	tcase_add_test(tc, test_cut_lines);
	suite_add_tcase(s, tc);
	return s;
}

NVMX_TEST_SUITE(make_kvm_dump);
