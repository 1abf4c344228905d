// SPDX-License-Identifier: MIT
/* cmd_fields.c - `nvmx fields [--model PRESET]`: the field table. */
#include <stdio.h>

#include "nvmx.h"

static const char *const width_name[] = { "16", "64", "32", "natural" };
static const char *const type_name[] = { "control", "exit-info", "guest",
					 "host" };

int nvmx_cmd_fields(int argc, char **argv)
{
	enum nvmx_preset p = NVMX_PRESET_MAX;
	struct nvmx_model m;
	bool bad = false;

	for (int i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			printf("usage: nvmx fields [--model PRESET]\n"
			       "Lists every VMCS field of the SDM: encoding, width, type,\n"
			       "whether it exists in the model (default: max) and the\n"
			       "feature that makes it exist.\n");
			return 0;
		}
		if (tool_parse_model(argc, argv, &i, &p, &bad)) {
			if (bad)
				return 2;
			continue;
		}
		fprintf(stderr, "nvmx fields: unexpected argument '%s'\n", argv[i]);
		return 2;
	}
	nvmx_model_init(&m, p);
	printf("%-8s %-34s %-7s %-9s %-6s %s\n", "ENCODING", "NAME", "WIDTH",
	       "TYPE", "EXISTS", "EXISTS IFF");
	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++) {
		const struct nvmx_field_info *f = nvmx_field_at(i);

		printf("0x%04x   %-34s %-7s %-9s %-6s %s\n", f->encoding, f->name,
		       width_name[f->width], type_name[f->type],
		       nvmx_field_exists(&m, f->encoding) ? "yes" : "no",
		       nvmx_gate_rule(f->gate));
	}
	return 0;
}
