// SPDX-License-Identifier: MIT
/* cmd_enum.c - `nvmx enum --model PRESET`: IA32_VMX_VMCS_ENUM of a model. */
#include <inttypes.h>
#include <stdio.h>

#include "nvmx.h"

int nvmx_cmd_enum(int argc, char **argv)
{
	enum nvmx_preset p = NVMX_PRESET_MAX;
	struct nvmx_model m;
	bool bad = false;
	uint64_t e;

	for (int i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			printf("usage: nvmx enum [--model PRESET]\n"
			       "Prints IA32_VMX_VMCS_ENUM (MSR 0x48A) computed from the\n"
			       "fields the model has: bits 9:1 = highest field index.\n");
			return 0;
		}
		if (tool_parse_model(argc, argv, &i, &p, &bad)) {
			if (bad)
				return 2;
			continue;
		}
		fprintf(stderr, "nvmx enum: unexpected argument '%s'\n", argv[i]);
		return 2;
	}
	nvmx_model_init(&m, p);
	e = nvmx_vmcs_enum(&m);
	printf("model %s: IA32_VMX_VMCS_ENUM = 0x%" PRIx64
	       " (highest field index %" PRIu64 ")\n",
	       nvmx_preset_name(p), e, (e >> 1) & 0x1ff);
	return 0;
}
