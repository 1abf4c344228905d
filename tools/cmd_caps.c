// SPDX-License-Identifier: MIT
/*
 * cmd_caps.c - `nvmx caps`: every VMX capability MSR of a model, decoded
 * bit by bit (control MSRs per control: fixed 1 / flexible / fixed 0;
 * other MSRs per field), or the model as a model file (--emit).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model_file.h"
#include "nvmx.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: nvmx caps [--model PRESET | --file MODEL] "
		   "[--derive] [--evmcs] [--emit]\n"
		   "Prints IA32_VMX_BASIC .. IA32_VMX_EXIT_CTLS2 (0x480-0x493) "
		   "decoded bit by bit.\n"
		   "  --model PRESET  a preset (default max)\n"
		   "  --file MODEL    a model file (doc/migration.md)\n"
		   "  --derive        show L1's model derived from it "
		   "(nvmx_msr_derive with its own CPUID)\n"
		   "  --evmcs         filter as L1 sees it with the "
		   "enlightened VMCS v1\n"
		   "  --emit          print the model in model-file format "
		   "instead\n");
}

static bool is_ctl32(uint32_t i)
{
	enum nvmx_ctl_word w = nvmx_msr_ctl_word(i);

	return w == NVMX_WORD_PIN || w == NVMX_WORD_PROC ||
	       w == NVMX_WORD_PROC2 || w == NVMX_WORD_EXIT ||
	       w == NVMX_WORD_ENTRY;
}

static void decode_ctl32(uint64_t v, uint32_t i)
{
	uint32_t lo = (uint32_t)v, hi = (uint32_t)(v >> 32);

	for (unsigned int b = 0; b < 32; b++) {
		const char *name = nvmx_msr_bit_name(i, b);
		const char *set;

		if (!name && !((lo | hi) >> b & 1))
			continue;
		if (lo >> b & 1)
			set = (hi >> b & 1)
				      ? "fixed 1"
				      : "fixed 1, NOT allowed-1 (inconsistent)";
		else
			set = (hi >> b & 1) ? "flexible" : "fixed 0";
		printf("    bit %2u  %-44s %s\n", b, name ? name : "reserved",
		       set);
	}
}

static void decode_ctl64(uint64_t v, uint32_t i)
{
	for (unsigned int b = 0; b < 64; b++) {
		const char *name = nvmx_msr_bit_name(i, b);

		if (!name && !(v >> b & 1))
			continue;
		printf("    bit %2u  %-44s %s\n", b, name ? name : "reserved",
		       (v >> b & 1) ? "allowed" : "not allowed");
	}
}

/* Named bit ranges (BASIC, MISC, EPT_VPID_CAP) with their values. */
static void decode_fields(uint64_t v, uint32_t i)
{
	for (unsigned int b = 0; b < 64;) {
		const char *name = nvmx_msr_bit_name(i, b);
		unsigned int e = b;
		uint64_t f;

		while (e + 1 < 64 && nvmx_msr_bit_name(i, e + 1) == name)
			e++;
		f = (v >> b) &
		    (e - b == 63 ? ~0ull : ((1ull << (e - b + 1)) - 1));
		if (name) {
			if (e == b)
				printf("    bit %2u     %-41s %s\n", b, name,
				       f ? "yes" : "no");
			else
				printf("    bits %2u:%-2u %-41s %" PRIu64
				       " (%#" PRIx64 ")\n",
				       e, b, name, f, f);
		} else if (f) {
			printf("    bits %2u:%-2u %-41s %#" PRIx64
			       " (RESERVED BITS SET)\n",
			       e, b, "reserved", f);
		}
		b = e + 1;
	}
}

static void decode_fixed(uint64_t v)
{
	printf("    bits set:");
	for (unsigned int b = 0; b < 64; b++)
		if (v >> b & 1)
			printf(" %u", b);
	printf("\n");
}

static void print_caps(const struct nvmx_model *m)
{
	for (uint32_t i = NVMX_MSR_VMX_FIRST; i <= NVMX_MSR_VMX_LAST; i++) {
		uint64_t v = nvmx_model_get_msr(m, i);

		printf("%s (%#x) = 0x%016" PRIx64 "%s\n", nvmx_msr_name(i), i,
		       v,
		       nvmx_model_has_msr(m, i)
			       ? ""
			       : "   [RDMSR #GP: not enumerated]");
		if (is_ctl32(i))
			decode_ctl32(v, i);
		else if (nvmx_msr_ctl_word(i) != NVMX_WORD_NONE)
			decode_ctl64(v, i);
		else if (i == NVMX_MSR_VMX_VMCS_ENUM)
			printf("    bits  9:1  highest field index             "
			       "         %" PRIu64 "\n",
			       (v >> 1) & 0x1ff);
		else if (i >= NVMX_MSR_VMX_CR0_FIXED0 &&
			 i <= NVMX_MSR_VMX_CR4_FIXED1)
			decode_fixed(v);
		else
			decode_fields(v, i);
	}
	printf("CPUID facts:");
	for (unsigned int b = 0; b < NVMX_CPUB_COUNT; b++)
		if (m->cpu >> b & 1)
			printf(" %s", nvmx_cpu_feature_name(b));
	printf("\nMAXPHYADDR: %u\n", m->maxphyaddr);
}

int nvmx_cmd_caps(int argc, char **argv)
{
	enum nvmx_preset p = NVMX_PRESET_MAX;
	const char *file = NULL;
	bool bad = false, derive = false, evmcs = false, emit = false;
	struct nvmx_model m;
	char err[512];

	for (int i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			usage(stdout);
			return 0;
		}
		if (tool_parse_model(argc, argv, &i, &p, &bad)) {
			if (bad)
				return 2;
		} else if (!strcmp(argv[i], "--file") && i + 1 < argc) {
			file = argv[++i];
		} else if (!strcmp(argv[i], "--derive")) {
			derive = true;
		} else if (!strcmp(argv[i], "--evmcs")) {
			evmcs = true;
		} else if (!strcmp(argv[i], "--emit")) {
			emit = true;
		} else {
			fprintf(stderr, "nvmx caps: unexpected argument '%s'\n",
				argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (file) {
		if (tool_load_model_file(file, &m, err, sizeof(err)) < 0) {
			fprintf(stderr, "nvmx caps: %s\n", err);
			return 2;
		}
	} else {
		nvmx_model_init(&m, p);
	}
	if (derive) {
		struct nvmx_model host = m;
		struct nvmx_msr_verdict why;

		if (nvmx_msr_derive(&m, &host, host.cpu, 0, &why) < 0) {
			fprintf(stderr,
				"nvmx caps: model inconsistent: %s %s bits "
				"%#" PRIx64 "\n",
				nvmx_msr_name(why.msr) ? nvmx_msr_name(why.msr)
						       : "CPUID",
				nvmx_msr_rule_name(why.rule), why.bits);
			return 1;
		}
	}
	if (evmcs)
		nvmx_evmcs_filter_model(&m, 0);
	if (emit)
		tool_write_model_file(stdout, &m,
				      file ? file : nvmx_preset_name(p));
	else
		print_caps(&m);
	return 0;
}
