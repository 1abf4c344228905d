// SPDX-License-Identifier: MIT
/*
 * cmd_msr_compat.c - `nvmx msr-compat SRC DST`: would a VM whose vCPU
 * model is SRC restore on a destination host DST, under each restore
 * policy? Lists every conflicting bit by name (nvmx_msr_compat).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_file.h"
#include "nvmx.h"

#define MAX_CONFLICTS 64

static void usage(FILE *f)
{
	fprintf(f, "usage: nvmx msr-compat SRC DST [--release MAJ.MIN.PATCH]\n"
		   "SRC: model file of the saved vCPU (what L1 saw); DST: "
		   "model file of the\n"
		   "destination host. Prints the verdict under the STRICT and "
		   "COMPAT restore\n"
		   "policies with every conflicting bit (doc/migration.md).\n"
		   "  --release R  release of the hypervisor that saved SRC "
		   "(COMPAT accepts\n"
		   "               only controls withdrawn after it); default "
		   "unknown\n"
		   "Exit status: 0 restores under STRICT, 1 only under COMPAT, "
		   "3 under\n"
		   "neither, 2 usage or file error.\n");
}

static void print_bits(const struct nvmx_msr_verdict *v)
{
	bool ctl32 = false;
	enum nvmx_ctl_word w = nvmx_msr_ctl_word(v->msr);

	ctl32 = w == NVMX_WORD_PIN || w == NVMX_WORD_PROC ||
		w == NVMX_WORD_PROC2 || w == NVMX_WORD_EXIT ||
		w == NVMX_WORD_ENTRY;
	for (unsigned int b = 0; b < 64; b++) {
		const char *name;

		if (!(v->bits >> b & 1))
			continue;
		if (v->rule == NVMX_MSR_RULE_CPUID_MISSING) {
			printf("      CPUID %s\n", nvmx_cpu_feature_name(b));
			continue;
		}
		name = nvmx_msr_bit_name(v->msr, b);
		if (ctl32)
			printf("      bit %2u (%s of control %u): %s\n", b,
			       b >= 32 ? "allowed-1" : "allowed-0", b % 32,
			       name ? name : "reserved");
		else if (name)
			printf("      bit %2u: %s\n", b, name);
		else
			printf("      bit %2u\n", b);
	}
}

static int run(const struct nvmx_model *src, const struct nvmx_model *dst,
	       enum nvmx_restore_policy pol, uint32_t release)
{
	struct nvmx_restore_opts o = {.policy = pol, .source_release = release};
	struct nvmx_msr_verdict out[MAX_CONFLICTS];
	size_t n = 0;
	const char *pname = pol == NVMX_RESTORE_STRICT ? "STRICT" : "COMPAT";
	int r = nvmx_msr_compat(src, dst, &o, out, MAX_CONFLICTS, &n);

	if (r < 0) {
		printf("%s: destination model is inconsistent: %s (%s, bits "
		       "%#" PRIx64 ")\n",
		       pname, nvmx_msr_rule_name(out[0].rule),
		       nvmx_msr_name(out[0].msr) ? nvmx_msr_name(out[0].msr)
						 : "model",
		       out[0].bits);
		return r;
	}
	if (!r) {
		printf("%s: restores\n", pname);
		return 0;
	}
	printf("%s: refused, %zu conflict%s\n", pname, n, n == 1 ? "" : "s");
	for (size_t k = 0; k < n && k < MAX_CONFLICTS; k++) {
		const struct nvmx_msr_verdict *v = &out[k];

		printf("  %s: %s (%s)\n",
		       v->rule == NVMX_MSR_RULE_CPUID_MISSING
			       ? "CPUID"
			       : nvmx_msr_name(v->msr),
		       nvmx_msr_rule_name(v->rule),
		       nvmx_msr_rule_description(v->rule));
		printf("    source 0x%016" PRIx64 ", destination 0x%016" PRIx64
		       "\n",
		       v->value, v->expected);
		print_bits(v);
	}
	return 1;
}

static bool parse_release(const char *s, uint32_t *out)
{
	unsigned int a, b, c;
	char extra;

	if (sscanf(s, "%u.%u.%u%c", &a, &b, &c, &extra) != 3 || a > 255 ||
	    b > 255 || c > 255)
		return false;
	*out = NVMX_RELEASE(a, b, c);
	return true;
}

int nvmx_cmd_msr_compat(int argc, char **argv)
{
	const char *path[2] = {NULL, NULL};
	struct nvmx_model m[2];
	uint32_t release = 0;
	int npath = 0, rs, rc;
	char err[512];

	for (int i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--release") && i + 1 < argc) {
			if (!parse_release(argv[++i], &release)) {
				fprintf(stderr,
					"nvmx msr-compat: bad release '%s'\n",
					argv[i]);
				return 2;
			}
		} else if (argv[i][0] != '-' && npath < 2) {
			path[npath++] = argv[i];
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (npath != 2) {
		usage(stderr);
		return 2;
	}
	for (int k = 0; k < 2; k++)
		if (tool_load_model_file(path[k], &m[k], err, sizeof(err)) <
		    0) {
			fprintf(stderr, "nvmx msr-compat: %s\n", err);
			return 2;
		}
	printf("source %s -> destination %s\n", path[0], path[1]);
	rs = run(&m[0], &m[1], NVMX_RESTORE_STRICT, release);
	rc = run(&m[0], &m[1], NVMX_RESTORE_COMPAT, release);
	if (rs < 0 || rc < 0)
		return 2;
	return !rs ? 0 : !rc ? 1 : 3;
}
