/* SPDX-License-Identifier: MIT */
/*
 * insn_env.h - fixture of the insn_* tests: a model, a vCPU, an
 * instruction context of a 64-bit L1 at CPL 0, 16 pages of L1
 * guest-physical memory (VMCS regions, bitmaps, EPTP list) and a 64-byte
 * linear-memory window for memory operands; accesses elsewhere fault.
 */
#ifndef NVMX_TEST_INSN_ENV_H
#define NVMX_TEST_INSN_ENV_H

#include <check.h>
#include <nvmx/nvmx.h>


#define IE_GPA 0x200000ull
#define IE_PAGES 16
#define IE_VMXON (IE_GPA + 0x0000)	/* VMXON region */
#define IE_VMCS (IE_GPA + 0x1000)	/* ordinary VMCS */
#define IE_VMCS2 (IE_GPA + 0x2000)	/* second VMCS / shadow VMCS */
#define IE_RBITMAP (IE_GPA + 0x3000)	/* VMREAD bitmap */
#define IE_WBITMAP (IE_GPA + 0x4000)	/* VMWRITE bitmap */
#define IE_EPTP_LIST (IE_GPA + 0x5000)
#define IE_LA 0x7000ull			/* linear window of 64 bytes */
#define IE_FEAT_CTL 0x5ull		/* locked, VMX outside SMX */

struct ie {
	_Alignas(4096) uint8_t gmem[IE_PAGES * 4096];
	struct nvmx_model m;
	struct nvmx_vcpu vcpu;
	struct nvmx_insn_ctx ctx;
	struct nvmx_insn_outcome out;
	uint8_t lin[64];
	bool lin_fail;		/* every linear access faults */
	uint8_t fault_vector;	/* vector of a linear fault (default 14) */
	bool map_fail;
	unsigned int map_calls, lin_reads, lin_writes, gpa_reads;
};

extern struct ie *T;

/* Fresh fixture: preset model, vCPU outside VMX operation, VMXON region
 * and both VMCS regions initialised with the model's revision. */
void ie_reset(enum nvmx_preset p);
/* The VMCS at a guest-physical address of the fixture memory. */
struct nvmx_vmcs12 *ie_vmcs(uint64_t gpa);
/* Store a little-endian value in the linear window at offset off. */
void ie_lin_put(unsigned int off, uint64_t v, unsigned int len);
uint64_t ie_lin_get(unsigned int off, unsigned int len);
void ie_gpa_put64(uint64_t gpa, uint64_t v);
/* Memory operand at IE_LA holding v. */
void ie_op_mem64(uint64_t v);
/* Revision identifier of the model (IA32_VMX_BASIC[30:0]). */
uint32_t ie_rev(void);

/* Drive to a state through the instructions themselves (assert success). */
void ie_do_vmxon(void);
void ie_do_vmptrld(uint64_t gpa);

/* Outcome assertions: num is the vector (EXCEPTION), exit reason
 * (VMEXIT) or VM-instruction error (FAIL_VALID), else 0. */
void ie_expect_at(enum nvmx_insn_status st, unsigned int num,
		  enum nvmx_insn_rule rule, int line);
#define IE_EXPECT(st, num, rule) ie_expect_at(st, num, rule, __LINE__)

/* A breaker makes one rule's condition hold. Tests use ordered lists of
 * them: applying breakers k..n-1 (later ones first) must yield rule k. */
struct ie_breaker {
	enum nvmx_insn_rule rule;
	void (*apply)(void);
};
typedef int (*ie_insn_fn)(struct nvmx_vcpu *, const struct nvmx_insn_ctx *,
			  struct nvmx_insn_outcome *);
/* Run fn after breakers[from..n-1] (reverse) or only breakers[from]. */
void ie_run_breakers(const struct ie_breaker *b, unsigned int n,
		     unsigned int from, bool cumulative, void (*setup)(void),
		     ie_insn_fn fn);

#endif
