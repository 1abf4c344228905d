// SPDX-License-Identifier: MIT
/* nvmx.c - the nvmx command-line program: subcommand dispatch. */
#include <stdio.h>
#include <string.h>

#include "nvmx.h"

struct cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

static const struct cmd cmds[] = {
#define NVMX_CMD(name, help) { #name, nvmx_cmd_##name, help },
#include "commands.def"
#undef NVMX_CMD
};

static void usage(FILE *f)
{
	fprintf(f, "usage: nvmx COMMAND [ARGS]   (nvmx COMMAND --help for details)\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char name[32];
		size_t k;

		/* print the command-line spelling: '-' for '_' */
		for (k = 0; cmds[i].name[k] && k + 1 < sizeof(name); k++)
			name[k] = cmds[i].name[k] == '_' ? '-' : cmds[i].name[k];
		name[k] = 0;
		fprintf(f, "  %-16s %s\n", name, cmds[i].help);
	}
}

bool tool_is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

bool tool_parse_model(int argc, char **argv, int *i, enum nvmx_preset *p,
		      bool *bad)
{
	const char *name = NULL;

	if (!strcmp(argv[*i], "--model") && *i + 1 < argc)
		name = argv[++*i];
	else if (!strncmp(argv[*i], "--model=", 8))
		name = argv[*i] + 8;
	else
		return false;
	if (nvmx_preset_by_name(name, p) < 0) {
		fprintf(stderr, "nvmx: unknown model '%s'; presets:", name);
		for (int k = 0; k < NVMX_PRESET_COUNT; k++)
			fprintf(stderr, " %s", nvmx_preset_name((enum nvmx_preset)k));
		fprintf(stderr, "\n");
		*bad = true;
	}
	return true;
}

/* Command names are C identifiers in commands.def; on the command line
 * '-' stands for '_' ("entry-check" runs entry_check). */
static bool cmd_name_eq(const char *arg, const char *name)
{
	for (; *arg && *name; arg++, name++)
		if (*arg != *name && !(*arg == '-' && *name == '_'))
			return false;
	return *arg == *name;
}

int main(int argc, char **argv)
{
	if (argc < 2 || tool_is_help(argv[1])) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (cmd_name_eq(argv[1], cmds[i].name))
			return cmds[i].run(argc - 1, argv + 1);
	fprintf(stderr, "nvmx: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
