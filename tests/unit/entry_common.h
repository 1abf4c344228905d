/* SPDX-License-Identifier: MIT */
/*
 * entry_common.h - the mutation-case registry of the VM-entry check tests.
 *
 * Every tests/unit/entry_*.c file is linked into ONE test program
 * ("entry", see tests/meson.build). A file lists cases - "start from the
 * valid 64-bit baseline of preset P, apply mutate(), expect exactly this
 * outcome" - in a static table and registers it with ENTRY_CASE_TABLE().
 * entry_common.c runs every registered case and checks that every ID of
 * checks.def (1 .. NVMX_CHECK_COUNT-1) has at least one failing case.
 *
 * Expectations are written in the case (outcome, number, qualification,
 * field) from the SDM, not read from checks.def.
 */
#ifndef NVMX_TEST_ENTRY_COMMON_H
#define NVMX_TEST_ENTRY_COMMON_H

#include "entry_baseline.h"
#include "suite.h"

struct entry_case {
	const char *label;
	enum nvmx_check_id id;		/* NVMX_CHECK_NONE: must pass */
	enum nvmx_outcome outcome;
	uint32_t num;			/* VM-instruction error or exit reason */
	uint64_t qual;
	uint32_t field;			/* expected field encoding */
	enum nvmx_preset preset;
	void (*mutate)(struct eb_state *s);
	/* true: the check cannot come first (an earlier check always
	 * subsumes it); expect it among the diagnostic-mode failures. */
	bool diag;
	/* for a passing case: the check it is a boundary case of (a value
	 * just inside that check's rule), or NONE */
	enum nvmx_check_id edge;
};

struct entry_case_table {
	const char *file;
	const struct entry_case *cases;
	size_t n;
};

#define ENTRY_CASE_TABLE(arr)                                                  \
	static const struct entry_case_table nvmx_ect_##arr                    \
		__attribute__((used, section("nvmx_entry_cases"),              \
			       aligned(sizeof(void *)))) = {                   \
			__FILE__, arr, sizeof(arr) / sizeof((arr)[0]) }

/* "no field" in case tables */
#ifndef NVMX_NONE
#define NVMX_NONE 0u
#endif

/* Case constructors. fld is the constant suffix (NVMX_<fld>). */
#define EC_PASS(fn, preset)                                                    \
	{ #fn, NVMX_CHECK_NONE, NVMX_OUTCOME_SUCCESS, 0, 0, 0, preset, fn }
/* a passing boundary case of check ID */
#define EC_EDGE(ID, fn, preset)                                                \
	{ #fn, NVMX_CHECK_NONE, NVMX_OUTCOME_SUCCESS, 0, 0, 0, preset, fn,     \
	  false, NVMX_CHECK_##ID }
#define EC_VALID(ID, err, fld, preset, fn)                                     \
	{ #fn, NVMX_CHECK_##ID, NVMX_OUTCOME_VMFAIL_VALID, err, 0,             \
	  NVMX_##fld, preset, fn }
#define EC_CTL(ID, fld, preset, fn) EC_VALID(ID, 7, fld, preset, fn)
#define EC_HOST(ID, fld, preset, fn) EC_VALID(ID, 8, fld, preset, fn)
#define EC_ENTRYFAIL(ID, reason, q, fld, preset, fn)                           \
	{ #fn, NVMX_CHECK_##ID, NVMX_OUTCOME_ENTRY_FAIL, reason, q,            \
	  NVMX_##fld, preset, fn }
#define EC_OTHER(ID, outcome, num, preset, fn)                                 \
	{ #fn, NVMX_CHECK_##ID, outcome, num, 0, 0, preset, fn }
#define EC_DIAG(ID, outcome, num, fld, preset, fn)                             \
	{ #fn, NVMX_CHECK_##ID, outcome, num, 0, NVMX_##fld, preset, fn, true }

/* Mutation function with v = &s->v, m = &s->m, e = &s->env in scope. */
#define MUT(name, ...)                                                         \
	static void name(struct eb_state *s)                                   \
	{                                                                      \
		struct nvmx_vmcs12 *v = &s->v;                                 \
		struct nvmx_model *m = &s->m;                                  \
		struct nvmx_entry_env *e = &s->env;                            \
		(void)v;                                                       \
		(void)m;                                                       \
		(void)e;                                                       \
		__VA_ARGS__;                                                   \
	}

/* Build the state of a case (baseline + mutation) and check it exactly;
 * a Check assertion fails with the case label on mismatch. */
void entry_case_run(const struct entry_case *c);

/* Every failure a state produces in diagnostic mode (up to cap). */
unsigned int entry_all(const struct eb_state *s, struct nvmx_check_failure *all,
		       unsigned int cap);

#endif
