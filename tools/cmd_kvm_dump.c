// SPDX-License-Identifier: MIT
/*
 * cmd_kvm_dump.c - `nvmx kvm-dump-check FILE`: decode the VMCS dump KVM
 * prints on a failed VM entry and name the SDM rule it breaks.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvmx/kvm.h>

#include "cmd_kvm_dump.h"
#include "nvmx.h"

#define MAX_ISSUES 256
#define MAX_FAILS 64

static char *slurp(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 65536, n = 0;
	char *b;

	if (!f)
		return NULL;
	b = malloc(cap);
	while (b) {
		size_t r = fread(b + n, 1, cap - n, f);

		n += r;
		if (n < cap)
			break;
		if (cap >= (64u << 20)) /* a kernel log, not a disk image */
			break;
		cap *= 2;
		char *nb = realloc(b, cap);

		if (!nb) {
			free(b);
			b = NULL;
		} else {
			b = nb;
		}
	}
	if (f != stdin)
		fclose(f);
	*len = n;
	return b;
}

static void json_text(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

int nvmx_tool_kvm_dump_check(const char *path, const struct nvmx_model *m,
			     bool json)
{
	static struct nvmx_kvm_dump_issue issues[MAX_ISSUES];
	static struct nvmx_check_failure fails[MAX_FAILS];
	static struct nvmx_vmcs12 v;
	struct nvmx_kvm_dump_result r = { .sz = sizeof(r), .issues = issues,
					  .issue_cap = MAX_ISSUES };
	struct nvmx_entry_result er = { .sz = sizeof(er), .all = fails,
					.all_cap = MAX_FAILS };
	struct nvmx_entry_env env = { .sz = sizeof(env) };
	unsigned int shown;
	size_t len = 0;
	char *text = slurp(path, &len);
	int rc;

	if (!text) {
		fprintf(stderr, "nvmx kvm-dump-check: %s: %s\n", path, strerror(errno));
		return 2;
	}
	rc = nvmx_kvm_dump_parse(text, len, m, &v, &r);
	free(text);
	if (rc == NVMX_EBADMSG) {
		fprintf(stderr, "nvmx kvm-dump-check: %s: no KVM VMCS dump found "
				"(load kvm_intel with dump_invalid_vmcs=1)\n", path);
		return 2;
	}
	if (rc < 0) {
		fprintf(stderr, "nvmx kvm-dump-check: %s\n", nvmx_strerror(rc));
		return 2;
	}

	/*
	 * The dump is of a VMCS a VMLAUNCH/VMRESUME was attempted on. Take it
	 * as VMLAUNCH on a clear VMCS from CPL 0, the instruction-level
	 * preconditions held, with the host in IA-32e mode iff "host
	 * address-space size" is set (SDM 27.2.4). There is no guest memory:
	 * checks that read it report it as unreadable.
	 */
	env.launch = true;
	env.in_vmx_operation = true;
	env.host_ia32e = v.field[NVMX_IDX_VM_EXIT_CONTROLS] &
			 NVMX_CTL_MASK(EXIT_HOST_ADDR_SPACE_SIZE);
	rc = nvmx_check_vmentry(m, &v, &env, &er);
	if (rc < 0) {
		fprintf(stderr, "nvmx kvm-dump-check: %s\n", nvmx_strerror(rc));
		return 2;
	}
	shown = r.issue_count < MAX_ISSUES ? r.issue_count : MAX_ISSUES;

	if (json) {
		printf("{\"file\": ");
		json_text(path);
		printf(", \"lines\": %u, \"dumps\": %u, \"dump_lines\": %u, "
		       "\"mapped_lines\": %u, \"fields_set\": %u, \"issues\": [",
		       r.lines, r.dumps, r.dump_lines, r.mapped_lines,
		       r.fields_set);
		for (unsigned int i = 0; i < shown; i++) {
			printf("%s{\"line\": %u, \"kind\": \"%s\", \"field\": ",
			       i ? ", " : "", issues[i].line,
			       nvmx_kvm_dump_issue_name(issues[i].kind));
			if (issues[i].field)
				json_text(nvmx_field_name(issues[i].field));
			else
				printf("null");
			printf(", \"text\": ");
			json_text(issues[i].text);
			printf("}");
		}
		printf("], \"entry_ok\": %s, \"failures\": [", rc ? "false" : "true");
		for (unsigned int i = 0; i < er.all_count && i < MAX_FAILS; i++) {
			printf("%s{\"id\": ", i ? ", " : "");
			json_text(nvmx_check_id_name(fails[i].id));
			printf(", \"sdm\": ");
			json_text(nvmx_check_sdm_ref(fails[i].id));
			printf(", \"field\": ");
			if (fails[i].field && nvmx_field_name(fails[i].field))
				json_text(nvmx_field_name(fails[i].field));
			else
				printf("null");
			printf("}");
		}
		printf("]}\n");
		return rc;
	}

	printf("%s: %u lines, %u dump%s (decoding the last): %u dump lines, "
	       "%u mapped, %u fields set\n",
	       path, r.lines, r.dumps, r.dumps == 1 ? "" : "s", r.dump_lines,
	       r.mapped_lines, r.fields_set);
	if (!r.guest_section || !r.host_section || !r.control_section)
		printf("warning: incomplete dump (guest %s, host %s, control %s)\n",
		       r.guest_section ? "yes" : "no",
		       r.host_section ? "yes" : "no",
		       r.control_section ? "yes" : "no");
	for (unsigned int i = 0; i < shown; i++) {
		const char *fn = issues[i].field ? nvmx_field_name(issues[i].field)
						 : NULL;

		printf("  line %u: %s%s%s: %s\n", issues[i].line,
		       nvmx_kvm_dump_issue_name(issues[i].kind),
		       fn ? " " : "", fn ? fn : "", issues[i].text);
	}
	if (r.issue_count > shown)
		printf("  ... %u more\n", r.issue_count - shown);
	printf("fields the dump does not show keep their reset values "
	       "(e.g. VMCS link pointer ~0, MSR-load counts 0)\n");
	if (!rc) {
		printf("VM entry: passes every check\n");
		return 0;
	}
	printf("VM entry: %u check%s fail%s:\n", er.all_count,
	       er.all_count == 1 ? "" : "s", er.all_count == 1 ? "s" : "");
	for (unsigned int i = 0; i < er.all_count && i < MAX_FAILS; i++) {
		const char *fn = fails[i].field ? nvmx_field_name(fails[i].field)
						: NULL;

		printf("  %s (SDM %s)%s%s: %s\n", nvmx_check_id_name(fails[i].id),
		       nvmx_check_sdm_ref(fails[i].id), fn ? " field " : "",
		       fn ? fn : "", nvmx_check_description(fails[i].id));
	}
	return 1;
}

int nvmx_cmd_kvm_dump_check(int argc, char **argv)
{
	enum nvmx_preset p = NVMX_PRESET_MAX;
	const char *path = NULL;
	struct nvmx_model m;
	bool json = false, bad = false;

	for (int i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			printf("usage: nvmx kvm-dump-check [--model PRESET] [--json] FILE\n"
			       "Reads a kernel log (dmesg, journalctl -k; '-' for stdin) holding the\n"
			       "VMCS dump KVM prints when a VM entry fails (kvm_intel.dump_invalid_vmcs=1),\n"
			       "reports the lines it cannot map, and runs the VM-entry checks of the\n"
			       "model (default max) on the decoded VMCS.\n"
			       "Exit status: 0 passes, 1 a check fails, 2 no dump or I/O error.\n");
			return 0;
		}
		if (tool_parse_model(argc, argv, &i, &p, &bad)) {
			if (bad)
				return 2;
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if ((argv[i][0] == '-' && argv[i][1]) || path) {
			fprintf(stderr, "nvmx kvm-dump-check: unexpected argument '%s'\n", argv[i]);
			return 2;
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		fprintf(stderr, "usage: nvmx kvm-dump-check [--model PRESET] [--json] FILE\n");
		return 2;
	}
	nvmx_model_init(&m, p);
	return nvmx_tool_kvm_dump_check(path, &m, json);
}
