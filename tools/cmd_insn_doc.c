// SPDX-License-Identifier: MIT
/*
 * cmd_insn_doc.c - `nvmx insn-doc`: print doc/instructions.md, generated
 * from lib/insn/insn_rules.def (regenerate the committed file with
 * `nvmx insn-doc > doc/instructions.md`; the insn unit test compares).
 */
#include <stdio.h>
#include <stdlib.h>

#include "nvmx.h"

int nvmx_cmd_insn_doc(int argc, char **argv)
{
	size_t n;
	char *buf;

	for (int i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			printf("usage: nvmx insn-doc\n"
			       "Prints doc/instructions.md: one table per VMX "
			       "instruction\n(condition -> outcome -> SDM "
			       "reference), from the rule table.\n");
			return 0;
		}
		fprintf(stderr, "nvmx insn-doc: unexpected argument '%s'\n",
			argv[i]);
		return 2;
	}
	n = nvmx_insn_doc(NULL, 0);
	buf = malloc(n + 1);
	if (!buf) {
		fprintf(stderr, "nvmx insn-doc: out of memory\n");
		return 1;
	}
	nvmx_insn_doc(buf, n + 1);
	fputs(buf, stdout);
	free(buf);
	return ferror(stdout) ? 1 : 0;
}
