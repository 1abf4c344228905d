/* SPDX-License-Identifier: MIT */
/* nvmx.h - shared declarations of the nvmx command-line program. */
#ifndef NVMX_TOOL_H
#define NVMX_TOOL_H

#include <stdbool.h>
#include <nvmx/nvmx.h>

#define NVMX_CMD(name, help) int nvmx_cmd_##name(int argc, char **argv);
#include "commands.def"
#undef NVMX_CMD

/* Parse "--model NAME" / "--model=NAME" at argv[*i]; true if consumed.
 * On an unknown preset prints the valid names and sets *bad. */
bool tool_parse_model(int argc, char **argv, int *i, enum nvmx_preset *p,
		      bool *bad);
/* true if argv[i] is -h or --help */
bool tool_is_help(const char *arg);

#endif
