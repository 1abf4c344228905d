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
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvmx/entry.h>

#include "cmd_kvm_dump.h"
#include "nvmx.h"

#define MAX_MEM_WORDS 4096
#define MAX_DEPTH 8
#define MAX_ALL 256

struct mem_word {
	uint64_t addr; /* 8-byte aligned */
	uint64_t val;
};

struct state {
	struct nvmx_model m;
	struct nvmx_vmcs12 v;
	struct nvmx_entry_env env;
	bool model_set;		/* from the file */
	enum nvmx_preset preset;
	/* field writes are replayed after the model is known */
	struct {
		uint32_t enc;
		uint64_t val;
		const char *file;
		unsigned int line;
	} *writes;
	size_t nwrites, capwrites;
	bool launch_state_set;
	uint32_t launch_state;
	bool revision_set;
	uint32_t revision;
	struct mem_word mem[MAX_MEM_WORDS];
	size_t nmem;
	char *names[64];	/* file names, for messages about writes */
	size_t nnames;
};

static int read_mem(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct state *s = opaque;
	uint8_t *out = buf;

	for (size_t i = 0; i < len; i++) {
		uint64_t a = gpa + i, w = a & ~7ull;
		size_t k;

		for (k = 0; k < s->nmem && s->mem[k].addr != w; k++)
			;
		if (k == s->nmem)
			return -1;
		out[i] = (uint8_t)(s->mem[k].val >> (8 * (a & 7)));
	}
	return 0;
}

static char *trim(char *p)
{
	char *e;

	while (*p == ' ' || *p == '\t')
		p++;
	e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		*--e = 0;
	return p;
}

static bool parse_u64(const char *t, uint64_t *out)
{
	char *end;

	if (!*t || *t == '-')
		return false;
	errno = 0;
	*out = strtoull(t, &end, 0);
	return errno == 0 && *end == 0;
}

static bool parse_bool(const char *t, bool *out)
{
	uint64_t x;

	if (!parse_u64(t, &x) || x > 1)
		return false;
	*out = x;
	return true;
}

static int load_file(struct state *s, const char *path, int depth);

static int meta(struct state *s, const char *file, unsigned int ln,
		char *key, char *val)
{
	struct nvmx_entry_env *e = &s->env;
	uint64_t x;
	bool ok = true;

	if (!strcmp(key, "include")) {
		char buf[4096];
		const char *slash = strrchr(file, '/');

		if (val[0] != '/' && slash)
			snprintf(buf, sizeof(buf), "%.*s/%s",
				 (int)(slash - file), file, val);
		else
			snprintf(buf, sizeof(buf), "%s", val);
		return load_file(s, buf, 1);
	}
	if (!strcmp(key, "model")) {
		if (nvmx_preset_by_name(val, &s->preset) < 0) {
			fprintf(stderr, "%s:%u: unknown model '%s'\n", file, ln, val);
			return 2;
		}
		s->model_set = true;
		return 0;
	}
	if (!strcmp(key, "launch_state")) {
		s->launch_state_set = true;
		if (!strcmp(val, "clear") || !strcmp(val, "0"))
			s->launch_state = NVMX_LAUNCH_CLEAR;
		else if (!strcmp(val, "launched") || !strcmp(val, "1"))
			s->launch_state = NVMX_LAUNCH_LAUNCHED;
		else
			ok = false;
	} else if (!strcmp(key, "launch")) {
		ok = parse_bool(val, &e->launch);
	} else if (!strcmp(key, "cpl")) {
		ok = parse_u64(val, &x) && x <= 3;
		e->cpl = (uint8_t)x;
	} else if (!strcmp(key, "in_vmx")) {
		ok = parse_bool(val, &e->in_vmx_operation);
	} else if (!strcmp(key, "non_root")) {
		ok = parse_bool(val, &e->in_vmx_non_root);
	} else if (!strcmp(key, "v86_or_compat")) {
		ok = parse_bool(val, &e->v86_or_compat);
	} else if (!strcmp(key, "no_current_vmcs")) {
		ok = parse_bool(val, &e->no_current_vmcs);
	} else if (!strcmp(key, "mov_ss_blocking")) {
		ok = parse_bool(val, &e->mov_ss_blocking);
	} else if (!strcmp(key, "in_smm")) {
		ok = parse_bool(val, &e->in_smm);
	} else if (!strcmp(key, "host_ia32e")) {
		ok = parse_bool(val, &e->host_ia32e);
	} else if (!strcmp(key, "current_vmptr")) {
		ok = parse_u64(val, &e->current_vmptr);
		e->vmptr_known = true;
	} else if (!strcmp(key, "executive_vmptr")) {
		ok = parse_u64(val, &e->executive_vmptr);
		e->vmptr_known = true;
	} else if (!strcmp(key, "revision")) {
		ok = parse_u64(val, &x) && x <= 0xffffffffu;
		s->revision = (uint32_t)x;
		s->revision_set = true;
	} else if (!strncmp(key, "mem64", 5)) {
		uint64_t a, w;
		size_t k;

		if (!parse_u64(trim(key + 5), &a) || (a & 7) ||
		    !parse_u64(val, &w)) {
			fprintf(stderr, "%s:%u: expected '@mem64 ADDR = VALUE' "
				"with an 8-byte aligned ADDR\n", file, ln);
			return 2;
		}
		for (k = 0; k < s->nmem && s->mem[k].addr != a; k++)
			;
		if (k == MAX_MEM_WORDS) {
			fprintf(stderr, "%s:%u: too many @mem64 lines\n", file, ln);
			return 2;
		}
		s->mem[k].addr = a;
		s->mem[k].val = w;
		if (k == s->nmem)
			s->nmem++;
		return 0;
	} else {
		fprintf(stderr, "%s:%u: unknown setting '@%s'\n", file, ln, key);
		return 2;
	}
	if (!ok) {
		fprintf(stderr, "%s:%u: bad value '%s' for @%s\n", file, ln, val, key);
		return 2;
	}
	return 0;
}

static int load_depth;

static int load_file(struct state *s, const char *path, int nested)
{
	FILE *f;
	char line[1024];
	unsigned int ln = 0;
	int rc = 0;
	char *fname;

	if (nested && load_depth >= MAX_DEPTH) {
		fprintf(stderr, "%s: @include nested too deeply\n", path);
		return 2;
	}
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "nvmx entry-check: %s: %s\n", path, strerror(errno));
		return 2;
	}
	fname = s->nnames < 64 ? strdup(path) : NULL; /* for messages */
	if (!fname) {
		fprintf(stderr, "%s: too many files\n", path);
		fclose(f);
		return 2;
	}
	s->names[s->nnames++] = fname;
	load_depth++;
	while (!rc && fgets(line, sizeof(line), f)) {
		char *p, *eq, *key, *val, *hash;

		ln++;
		hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		p = trim(line);
		if (!*p)
			continue;
		eq = strchr(p, '=');
		if (!eq) {
			fprintf(stderr, "%s:%u: expected 'FIELD = VALUE'\n", path, ln);
			rc = 2;
			break;
		}
		*eq = 0;
		key = trim(p);
		val = trim(eq + 1);
		if (*key == '@') {
			rc = meta(s, fname, ln, key + 1, val);
		} else {
			const struct nvmx_field_info *fi = nvmx_field_by_name(key);
			uint64_t x;

			if (!fi) {
				fprintf(stderr, "%s:%u: unknown field '%s'\n", path, ln, key);
				rc = 2;
			} else if (!parse_u64(val, &x)) {
				fprintf(stderr, "%s:%u: bad value '%s' for %s\n", path,
					ln, val, key);
				rc = 2;
			} else {
				if (s->nwrites == s->capwrites) {
					size_t n = s->capwrites ? 2 * s->capwrites : 256;
					void *w = realloc(s->writes, n * sizeof(*s->writes));

					if (!w) {
						rc = 2;
						break;
					}
					s->writes = w;
					s->capwrites = n;
				}
				s->writes[s->nwrites].enc = fi->encoding;
				s->writes[s->nwrites].val = x;
				s->writes[s->nwrites].file = fname;
				s->writes[s->nwrites].line = ln;
				s->nwrites++;
			}
		}
	}
	load_depth--;
	fclose(f);
	return rc;
}

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
	struct state *s;
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

	s = calloc(1, sizeof(*s));
	if (!s)
		return 2;
	s->env.sz = sizeof(s->env);
	s->env.launch = true;
	s->env.in_vmx_operation = true;
	s->env.host_ia32e = true;
	s->env.read_gpa = read_mem;
	s->env.opaque = s;
	rc = load_file(s, path, 0);
	if (rc)
		goto out;
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
	for (size_t k = 0; k < s->nnames; k++)
		free(s->names[k]);
	free(s->writes);
	free(s);
	return rc;
}
