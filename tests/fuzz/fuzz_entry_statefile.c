// SPDX-License-Identifier: MIT
/*
 * fuzz_entry_statefile.c - the VMCS state-file parser of `nvmx
 * entry-check` (tools/entry_statefile.c) on arbitrary text, from a memory
 * buffer (@include is refused there: it reads files).
 *
 * Input: the file's bytes.
 *
 * Invariants:
 *  - the parser returns 0 or 2; on 2 there is a message, and a message
 *    about a line starts with "<name>:<N>: " where 1 <= N <= the number
 *    of lines of the input (a line may be of any length);
 *  - parsing is deterministic: a second parse of the same bytes gives the
 *    same result, message, field writes, memory words and settings;
 *  - every accepted field write names a field of the table
 *    (nvmx_field_lookup() non-NULL), in the input's line range, in line
 *    order;
 *  - every @mem64 word is 8-byte aligned, and no address appears twice;
 *  - the parser reads no byte past len: the input is copied to a buffer
 *    that ends exactly at len (ASan), with no NUL terminator;
 *  - a buffer of nothing but blank and comment lines (of any length)
 *    parses to the defaults.
 */
#include "fuzz.h"
#include "entry_statefile.h"

#define NAME "fuzz.vmcs"

/* Lines of the input: '\n'-terminated, plus an unterminated last one. */
static unsigned int count_lines(const uint8_t *d, size_t n)
{
	unsigned int lines = 0;

	for (size_t i = 0; i < n; i++)
		lines += d[i] == '\n';
	return lines + (n && d[n - 1] != '\n');
}

static bool only_comments(const uint8_t *d, size_t n)
{
	size_t i = 0;

	while (i < n) {
		while (i < n && (d[i] == ' ' || d[i] == '\t'))
			i++;
		if (i < n && d[i] == '#') {
			while (i < n && d[i] != '\n')
				i++;
		} else {
			while (i < n && d[i] != '\n') {
				if (d[i] != '\r' && d[i] != ' ' && d[i] != '\t')
					return false;
				i++;
			}
		}
		i++;
	}
	return true;
}

static void same_state(const struct entry_state *a, const struct entry_state *b)
{
	FUZZ_CHECK(a->nwrites == b->nwrites);
	for (size_t k = 0; k < a->nwrites; k++) {
		FUZZ_CHECK(a->writes[k].enc == b->writes[k].enc);
		FUZZ_CHECK(a->writes[k].val == b->writes[k].val);
		FUZZ_CHECK(a->writes[k].line == b->writes[k].line);
		FUZZ_CHECK(!strcmp(a->writes[k].file, b->writes[k].file));
	}
	FUZZ_CHECK(a->nmem == b->nmem);
	FUZZ_CHECK(!memcmp(a->mem, b->mem, a->nmem * sizeof(a->mem[0])));
	FUZZ_CHECK(a->model_set == b->model_set);
	FUZZ_CHECK(!a->model_set || a->preset == b->preset);
	FUZZ_CHECK(a->launch_state_set == b->launch_state_set);
	FUZZ_CHECK(a->launch_state == b->launch_state);
	FUZZ_CHECK(a->revision_set == b->revision_set);
	FUZZ_CHECK(a->revision == b->revision);
	FUZZ_CHECK(a->env.launch == b->env.launch);
	FUZZ_CHECK(a->env.cpl == b->env.cpl);
	FUZZ_CHECK(a->env.in_vmx_operation == b->env.in_vmx_operation);
	FUZZ_CHECK(a->env.in_vmx_non_root == b->env.in_vmx_non_root);
	FUZZ_CHECK(a->env.v86_or_compat == b->env.v86_or_compat);
	FUZZ_CHECK(a->env.no_current_vmcs == b->env.no_current_vmcs);
	FUZZ_CHECK(a->env.mov_ss_blocking == b->env.mov_ss_blocking);
	FUZZ_CHECK(a->env.in_smm == b->env.in_smm);
	FUZZ_CHECK(a->env.host_ia32e == b->env.host_ia32e);
	FUZZ_CHECK(a->env.vmptr_known == b->env.vmptr_known);
	FUZZ_CHECK(a->env.current_vmptr == b->env.current_vmptr);
	FUZZ_CHECK(a->env.executive_vmptr == b->env.executive_vmptr);
	FUZZ_CHECK(!a->err == !b->err);
	FUZZ_CHECK(!a->err || !strcmp(a->err, b->err));
	FUZZ_CHECK(a->err_line == b->err_line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct entry_state s1, s2;
	unsigned int lines = count_lines(data, size);
	char *buf = malloc(size ? size : 1); /* exactly size bytes, no NUL */
	int rc1, rc2;

	FUZZ_CHECK(buf);
	if (size)
		memcpy(buf, data, size);
	nvmx_tool_entry_statefile_init(&s1);
	nvmx_tool_entry_statefile_init(&s2);
	rc1 = nvmx_tool_entry_statefile_parse(&s1, buf, size, NAME);
	rc2 = nvmx_tool_entry_statefile_parse(&s2, buf, size, NAME);
	FUZZ_CHECK(rc1 == 0 || rc1 == 2);
	FUZZ_CHECK(rc1 == rc2);
	same_state(&s1, &s2);
	FUZZ_CHECK(s1.depth == 0);
	FUZZ_CHECK(s1.nnames == 1);

	if (rc1) {
		/* out of memory is the only error without a message */
		FUZZ_CHECK(s1.err && *s1.err);
		FUZZ_CHECK(s1.err[strlen(s1.err) - 1] == '\n');
		if (s1.err_line) {
			char prefix[64];

			FUZZ_CHECK(s1.err_line >= 1 && s1.err_line <= lines);
			snprintf(prefix, sizeof(prefix), NAME ":%u: ",
				 s1.err_line);
			FUZZ_CHECK(!strncmp(s1.err, prefix, strlen(prefix)));
		}
	} else {
		FUZZ_CHECK(!s1.err);
	}
	/* what was accepted before an error is checked as well */
	for (size_t k = 0; k < s1.nwrites; k++) {
		FUZZ_CHECK(nvmx_field_lookup(s1.writes[k].enc));
		FUZZ_CHECK(s1.writes[k].line >= 1 &&
			   s1.writes[k].line <= lines);
		FUZZ_CHECK(!k || s1.writes[k - 1].line < s1.writes[k].line);
		FUZZ_CHECK(!strcmp(s1.writes[k].file, NAME));
	}
	FUZZ_CHECK(s1.nmem <= NVMX_ENTRY_MAX_MEM_WORDS);
	for (size_t k = 0; k < s1.nmem; k++) {
		FUZZ_CHECK((s1.mem[k].addr & 7) == 0);
		for (size_t j = 0; j < k; j++)
			FUZZ_CHECK(s1.mem[j].addr != s1.mem[k].addr);
	}
	if (only_comments(data, size)) {
		FUZZ_CHECK(rc1 == 0);
		FUZZ_CHECK(s1.nwrites == 0 && s1.nmem == 0);
		FUZZ_CHECK(!s1.model_set && !s1.launch_state_set &&
			   !s1.revision_set);
		FUZZ_CHECK(s1.env.launch && s1.env.in_vmx_operation &&
			   s1.env.host_ia32e && !s1.env.cpl &&
			   !s1.env.vmptr_known);
	}
	nvmx_tool_entry_statefile_free(&s1);
	nvmx_tool_entry_statefile_free(&s2);
	free(buf);
	return 0;
}
