// SPDX-License-Identifier: MIT
/*
 * cmd_entry_check.c - `nvmx entry-check FILE [--model PRESET] [--all]
 * [--json]`: run the VM-entry checks of VMLAUNCH/VMRESUME on a VMCS state
 * file and print the verdict.
 *
 * File format (one item per line; '#' starts a comment):
 *   FIELD = VALUE        a VMCS field by its fields.def name, with or
 *                        without the NVMX_ prefix; VALUE is a C integer
 *                        (0x..., decimal, 0...). Written with VMWRITE
 *                        semantics (truncated to the field width; a field
 *                        the model lacks is an error).
 *   @include = PATH      read another state file first (path relative to
 *                        the including file), e.g. a valid baseline.
 *   @model = PRESET      the model (--model on the command line wins).
 *   @launch = 1|0        VMLAUNCH (1, default) or VMRESUME (0).
 *   @launch_state = clear|launched   launch state of the VMCS.
 *   @cpl = N, @in_vmx = 0|1, @non_root = 0|1, @v86_or_compat = 0|1,
 *   @no_current_vmcs = 0|1, @mov_ss_blocking = 0|1, @in_smm = 0|1,
 *   @host_ia32e = 0|1    the environment of the instruction (struct
 *                        nvmx_entry_env); defaults: in VMX root operation,
 *                        CPL 0, L1 in IA-32e mode.
 *   @current_vmptr = ADDR, @executive_vmptr = ADDR   the current- and
 *                        executive-VMCS pointers (VMCS link-pointer rules).
 *   @revision = N        the revision/shadow-indicator dword of the VMCS.
 *   @mem64 ADDR = VALUE  8 bytes of L1 guest-physical memory (little
 *                        endian) for the checks that read memory (MSR-load
 *                        area, virtual-APIC page, PDPTEs, VMCS link).
 *                        Memory never written reads as unreadable.
 * Unknown names and malformed lines are errors reported with the line
 * number. Exit status: 0 VM entry succeeds, 1 it fails, 2 usage or input
 * error.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvmx/entry.h>

#include "cmd_kvm_dump.h"
#include "entry_statefile.h"
#include "nvmx.h"

#define MAX_ALL 256

static const char *outcome_text(const struct nvmx_check_failure *f, char *buf,
				size_t n)
{
	switch (f->outcome) {
	case NVMX_OUTCOME_SUCCESS:
		return "success";
	case NVMX_OUTCOME_UD:
		return "#UD";
	case NVMX_OUTCOME_GP:
		return "#GP(0)";
	case NVMX_OUTCOME_VMEXIT:
		snprintf(buf, n, "VM exit (reason %u)", f->exit_reason);
		return buf;
	case NVMX_OUTCOME_VMFAIL_INVALID:
		return "VMfailInvalid";
	case NVMX_OUTCOME_VMFAIL_VALID:
		snprintf(buf, n, "VMfailValid(%u)", f->vm_insn_error);
		return buf;
	case NVMX_OUTCOME_ENTRY_FAIL:
		snprintf(buf, n, "VM-entry failure (exit reason %u, qualification %" PRIu64 ")",
			 f->exit_reason, f->exit_qual);
		return buf;
	}
	return "?";
}

static const char *field_text(const struct nvmx_check_failure *f)
{
	const char *n = f->field || f->id == NVMX_CHECK_CTL_EXEC_VPID_ZERO ?
				nvmx_field_name(f->field) :
				NULL;

	return n ? n : "-";
}

static void print_text(const struct nvmx_check_failure *f)
{
	char buf[96];

	printf("%s %s\n", outcome_text(f, buf, sizeof(buf)),
	       nvmx_check_id_name(f->id));
	printf("  field:  %s", field_text(f));
	if (strcmp(field_text(f), "-"))
		printf(" (0x%04x)", f->field);
	printf("\n  SDM:    %s\n  reason: %s\n", nvmx_check_sdm_ref(f->id),
	       nvmx_check_description(f->id));
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void print_json_failure(const struct nvmx_check_failure *f)
{
	static const char *const oc[] = { "success", "ud", "gp", "vmexit",
					  "vmfail_invalid", "vmfail_valid",
					  "entry_fail" };

	printf("{\"id\": ");
	json_str(nvmx_check_id_name(f->id));
	printf(", \"outcome\": \"%s\", \"vm_insn_error\": %u, "
	       "\"exit_reason\": %u, \"exit_qualification\": %" PRIu64
	       ", \"field\": ",
	       oc[f->outcome], f->vm_insn_error, f->exit_reason, f->exit_qual);
	json_str(field_text(f));
	printf(", \"field_encoding\": %u, \"sdm\": ", f->field);
	json_str(nvmx_check_sdm_ref(f->id));
	printf(", \"reason\": ");
	json_str(nvmx_check_description(f->id));
	printf("}");
}

static int usage(FILE *f)
{
	fprintf(f,
		"usage: nvmx entry-check FILE [--model PRESET] [--all] [--json]\n"
		"       nvmx entry-check --kvm-dump DMESG [--model PRESET] [--json]\n"
		"Runs the VM-entry checks of VMLAUNCH/VMRESUME (SDM chapter 27) on a\n"
		"VMCS state file of 'FIELD = value' lines and prints the verdict:\n"
		"outcome, check ID, field, SDM section, reason. --all lists every\n"
		"violation; --json prints JSON. Settings: @model, @include, @launch,\n"
		"@launch_state, @cpl, @in_vmx, @non_root, @v86_or_compat,\n"
		"@no_current_vmcs, @mov_ss_blocking, @in_smm, @host_ia32e,\n"
		"@current_vmptr, @executive_vmptr, @revision,\n"
		"'@mem64 ADDR = VALUE' (see doc/checks.md).\n"
		"--kvm-dump reads the VMCS dump KVM prints to the kernel log on a\n"
		"failed VM entry instead (see doc/kvm.md).\n"
		"Exit status: 0 entry succeeds, 1 entry fails, 2 error.\n");
	return f == stdout ? 0 : 2;
}

int nvmx_cmd_entry_check(int argc, char **argv)
{
	enum nvmx_preset cli_preset = NVMX_PRESET_MAX;
	bool cli_model = false, all = false, json = false, bad = false;
	const char *path = NULL, *kvm_dump = NULL;
	struct entry_state *s;
	struct nvmx_entry_result r;
	struct nvmx_check_failure *list = NULL;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (tool_is_help(argv[i]))
			return usage(stdout);
		if (tool_parse_model(argc, argv, &i, &cli_preset, &bad)) {
			if (bad)
				return 2;
			cli_model = true;
		} else if (!strcmp(argv[i], "--all")) {
			all = true;
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--kvm-dump") && i + 1 < argc) {
			kvm_dump = argv[++i];
		} else if (!strncmp(argv[i], "--kvm-dump=", 11)) {
			kvm_dump = argv[i] + 11;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "nvmx entry-check: unknown option '%s'\n", argv[i]);
			return usage(stderr);
		} else if (!path) {
			path = argv[i];
		} else {
			fprintf(stderr, "nvmx entry-check: more than one FILE\n");
			return usage(stderr);
		}
	}
	if (kvm_dump) {
		struct nvmx_model km;

		if (path || all) {
			fprintf(stderr, "nvmx entry-check: --kvm-dump takes no FILE "
				"and no --all\n");
			return usage(stderr);
		}
		nvmx_model_init(&km, cli_preset);
		return nvmx_tool_kvm_dump_check(kvm_dump, &km, json);
	}
	if (!path)
		return usage(stderr);

	s = malloc(sizeof(*s));
	if (!s)
		return 2;
	nvmx_tool_entry_statefile_init(s);
	rc = nvmx_tool_entry_statefile_load(s, path);
	if (rc) {
		if (s->err)
			fputs(s->err, stderr);
		goto out;
	}
	if (cli_model)
		s->preset = cli_preset;
	else if (!s->model_set)
		s->preset = NVMX_PRESET_MAX;
	nvmx_model_init(&s->m, s->preset);
	nvmx_vmcs12_init(&s->v, &s->m);
	for (size_t k = 0; k < s->nwrites; k++) {
		int e = nvmx_vmwrite(&s->m, &s->v, s->writes[k].enc,
				     s->writes[k].val);

		if (e) {
			fprintf(stderr, "%s:%u: VMWRITE of %s fails with error %d "
				"on model %s (%s)\n", s->writes[k].file,
				s->writes[k].line, nvmx_field_name(s->writes[k].enc),
				e, nvmx_preset_name(s->preset),
				e == 12 ? "the model has no such field" :
					  "read-only field");
			rc = 2;
			goto out;
		}
	}
	if (s->launch_state_set)
		s->v.launch_state = s->launch_state;
	if (s->revision_set)
		s->v.revision_id = s->revision;

	memset(&r, 0, sizeof(r));
	r.sz = sizeof(r);
	if (all) {
		list = calloc(MAX_ALL, sizeof(*list));
		if (!list) {
			rc = 2;
			goto out;
		}
		r.all = list;
		r.all_cap = MAX_ALL;
	}
	rc = nvmx_check_vmentry(&s->m, &s->v, &s->env, &r);
	if (rc < 0) {
		fprintf(stderr, "nvmx entry-check: %s\n", nvmx_strerror(rc));
		rc = 2;
		goto out;
	}
	if (json) {
		printf("{\"file\": ");
		json_str(path);
		printf(", \"model\": ");
		json_str(nvmx_preset_name(s->preset));
		printf(", \"instruction\": \"%s\", \"result\": \"%s\"",
		       s->env.launch ? "VMLAUNCH" : "VMRESUME",
		       rc ? "fail" : "success");
		if (rc) {
			printf(", \"first\": ");
			print_json_failure(&r.first);
		}
		if (all) {
			printf(", \"violation_count\": %u, \"violations\": [",
			       r.all_count);
			for (unsigned int k = 0; k < r.all_count && k < MAX_ALL; k++) {
				printf(k ? ", " : "");
				print_json_failure(&list[k]);
			}
			printf("]");
		}
		printf("}\n");
	} else {
		printf("%s: %s on model %s: ", path,
		       s->env.launch ? "VMLAUNCH" : "VMRESUME",
		       nvmx_preset_name(s->preset));
		if (!rc) {
			printf("VM entry succeeds\n");
		} else if (!all) {
			print_text(&r.first);
		} else {
			printf("%u violation%s\n", r.all_count,
			       r.all_count == 1 ? "" : "s");
			for (unsigned int k = 0; k < r.all_count && k < MAX_ALL; k++) {
				printf("%u. ", k + 1);
				print_text(&list[k]);
			}
		}
	}
out:
	free(list);
	nvmx_tool_entry_statefile_free(s);
	free(s);
	return rc;
}
