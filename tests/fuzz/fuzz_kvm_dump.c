// SPDX-License-Identifier: MIT
/*
 * fuzz_kvm_dump.c - the kernel-log VMCS dump parser on arbitrary text.
 *
 * Input: flags byte (bit 0 NULL model, bit 1 no issue array, bits 2-7
 * issue capacity), then the text (not NUL-terminated: the parser takes
 * a length).
 *
 * Invariants:
 *  - result 0 iff a dump was found (dumps > 0), else NVMX_EBADMSG;
 *    deterministic;
 *  - counters are consistent: mapped_lines <= dump_lines <= lines,
 *    fields_set == number of bits in set[], set[] only names field
 *    indices < NVMX_FIELD_COUNT;
 *  - a field the dump did not set keeps the nvmx_vmcs12_init() value;
 *  - issues: nothing written past issue_cap (a canary survives),
 *    each with a line number in 1..lines, a kind with a name, and
 *    NUL-terminated text;
 *  - the header of the vmcs12 (revision, launch state) is what
 *    nvmx_vmcs12_init wrote.
 */
#include <nvmx/kvm.h>

#include "fuzz.h"

#define ISSUES_MAX 63

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nvmx_vmcs12 v, v2, init;
	static struct nvmx_kvm_dump_issue issues[ISSUES_MAX + 1];
	struct fuzz_in in = { data, size };
	struct nvmx_model m;
	struct nvmx_kvm_dump_result r = { .sz = sizeof(r) };
	struct nvmx_kvm_dump_result r2 = { .sz = sizeof(r2) };
	uint8_t fl = fuzz_u8(&in);
	const struct nvmx_model *mp = (fl & 1) ? NULL : &m;
	unsigned int cap = (fl >> 2) % (ISSUES_MAX + 1), bits = 0;
	char *text;
	int rc, rc2;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	nvmx_vmcs12_init(&init, mp);
	text = malloc(in.n ? in.n : 1);
	FUZZ_CHECK(text);
	if (in.n)
		memcpy(text, in.p, in.n);
	memset(issues, 0xa5, sizeof(issues));
	if (!(fl & 2) && cap) {
		r.issues = issues;
		r.issue_cap = cap;
	}
	rc = nvmx_kvm_dump_parse(text, in.n, mp, &v, &r);
	FUZZ_CHECK(rc == 0 || rc == NVMX_EBADMSG);
	FUZZ_CHECK((rc == 0) == (r.dumps > 0));
	FUZZ_CHECK(r.mapped_lines <= r.dump_lines && r.dump_lines <= r.lines);
	for (unsigned int w = 0; w < NVMX_MODEL_EXIST_WORDS; w++)
		bits += (unsigned int)__builtin_popcountll(r.set[w]);
	FUZZ_CHECK(bits == r.fields_set);
	for (unsigned int i = NVMX_FIELD_COUNT; i < 64 * NVMX_MODEL_EXIST_WORDS;
	     i++)
		FUZZ_CHECK(!((r.set[i / 64] >> (i % 64)) & 1));
	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++)
		if (!((r.set[i / 64] >> (i % 64)) & 1))
			FUZZ_CHECK(v.field[i] == init.field[i]);
	FUZZ_CHECK(v.revision_id == init.revision_id &&
		   v.launch_state == init.launch_state);
	if (r.issues) {
		unsigned int n = r.issue_count < cap ? r.issue_count : cap;

		for (unsigned int i = 0; i < n; i++) {
			FUZZ_CHECK(issues[i].line >= 1 &&
				   issues[i].line <= r.lines);
			FUZZ_CHECK(nvmx_kvm_dump_issue_name(issues[i].kind));
			FUZZ_CHECK(memchr(issues[i].text, 0,
					  sizeof(issues[i].text)));
		}
		/* past issue_cap: untouched. (Between issue_count and
		 * issue_cap the content is unspecified: the parser resets
		 * the list when a later dump starts.) */
		for (unsigned int i = cap; i <= ISSUES_MAX; i++) {
			const uint8_t *b = (const uint8_t *)&issues[i];

			for (size_t k = 0; k < sizeof(issues[i]); k++)
				FUZZ_CHECK(b[k] == 0xa5);
		}
	}
	/* deterministic (without the issue array) */
	rc2 = nvmx_kvm_dump_parse(text, in.n, mp, &v2, &r2);
	FUZZ_CHECK(rc2 == rc && r2.lines == r.lines && r2.dumps == r.dumps &&
		   r2.fields_set == r.fields_set &&
		   r2.issue_count == r.issue_count);
	FUZZ_CHECK(!memcmp(&v, &v2, sizeof(v)));
	free(text);
	return 0;
}
