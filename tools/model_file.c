// SPDX-License-Identifier: MIT
/*
 * model_file.c - the text format of a vCPU or host model: one fact per
 * line, "key = value", '#' comments.
 *
 *   base = PRESET            start from a preset (else an all-zero model)
 *   cpu = VMX SMX PCID ...   the CPUID facts (names of <nvmx/model.h>)
 *   cpu += LA57 / cpu -= MPX add / remove facts
 *   maxphyaddr = 46
 *   IA32_VMX_BASIC = 0x...   an MSR by name (IA32_ optional) ...
 *   0x482 = 0x...            ... or by index
 *
 * IA32_VMX_VMCS_ENUM is derived: a line for it is accepted only if its
 * value equals the derived one once the whole file is read.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model_file.h"

static int fail(char *err, size_t len, const char *path, int line,
		const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, len, "%s:%d: ", path, line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < len)
		vsnprintf(err + n, len - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

static int parse_cpu_list(char *s, uint64_t *out, char *err, size_t len,
			  const char *path, int line)
{
	uint64_t v = 0;

	for (char *tok = strtok(s, " \t,"); tok; tok = strtok(NULL, " \t,")) {
		unsigned int bit;

		if (nvmx_cpu_feature_by_name(tok, &bit) < 0)
			return fail(err, len, path, line,
				    "unknown CPUID fact '%s'", tok);
		v |= 1ull << bit;
	}
	*out = v;
	return 0;
}

int tool_load_model_file(const char *path, struct nvmx_model *m, char *err,
			 size_t errlen)
{
	FILE *f = fopen(path, "r");
	char buf[1024];
	int line = 0, enum_line = 0;
	uint64_t enum_value = 0;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	memset(m, 0, sizeof(*m));
	nvmx_model_set_maxphyaddr(m, 52);
	while (fgets(buf, sizeof(buf), f)) {
		char *hash = strchr(buf, '#'), *eq, *key, *val, op = 0;
		uint64_t v = 0;
		uint32_t index = 0;

		line++;
		if (hash)
			*hash = 0;
		key = trim(buf);
		if (!*key)
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			fclose(f);
			return fail(err, errlen, path, line,
				    "expected KEY = VALUE");
		}
		*eq = 0;
		val = trim(eq + 1);
		if (eq > key && (eq[-1] == '+' || eq[-1] == '-')) {
			op = eq[-1];
			eq[-1] = 0;
		}
		key = trim(key);
		if (!strcmp(key, "base")) {
			enum nvmx_preset p;

			if (op || nvmx_preset_by_name(val, &p) < 0) {
				fclose(f);
				return fail(err, errlen, path, line,
					    "unknown preset '%s'", val);
			}
			nvmx_model_init(m, p);
		} else if (!strcmp(key, "cpu")) {
			if (parse_cpu_list(val, &v, err, errlen, path, line)) {
				fclose(f);
				return -1;
			}
			if (op == '+')
				v = m->cpu | v;
			else if (op == '-')
				v = m->cpu & ~v;
			nvmx_model_set_cpu(m, v);
		} else if (op) {
			fclose(f);
			return fail(err, errlen, path, line,
				    "'%c=' only applies to cpu", op);
		} else if (!strcmp(key, "maxphyaddr")) {
			if (!parse_u64(val, &v) || v > 64 ||
			    nvmx_model_set_maxphyaddr(m, (unsigned int)v) < 0) {
				fclose(f);
				return fail(err, errlen, path, line,
					    "maxphyaddr must be 32..52");
			}
		} else {
			uint64_t iv;

			if (parse_u64(key, &iv) && iv <= 0xffffffffu)
				index = (uint32_t)iv;
			else if (nvmx_msr_by_name(key, &index) < 0) {
				fclose(f);
				return fail(err, errlen, path, line,
					    "unknown key '%s'", key);
			}
			if (!parse_u64(val, &v)) {
				fclose(f);
				return fail(err, errlen, path, line,
					    "bad value '%s'", val);
			}
			if (index == NVMX_MSR_VMX_VMCS_ENUM) {
				enum_line = line;
				enum_value = v;
			} else if (nvmx_model_set_msr(m, index, v) < 0) {
				fclose(f);
				return fail(err, errlen, path, line,
					    "MSR %#" PRIx32
					    " is not a VMX capability MSR",
					    index);
			}
		}
	}
	fclose(f);
	if (enum_line && enum_value != nvmx_vmcs_enum(m))
		return fail(err, errlen, path, enum_line,
			    "IA32_VMX_VMCS_ENUM %#" PRIx64
			    " differs from the value derived from the fields "
			    "(%#" PRIx64 ")",
			    enum_value, nvmx_vmcs_enum(m));
	return 0;
}

void tool_write_model_file(FILE *f, const struct nvmx_model *m,
			   const char *comment)
{
	int col = 0;

	if (comment)
		fprintf(f, "# %s\n", comment);
	fprintf(f, "cpu =");
	for (unsigned int b = 0; b < NVMX_CPUB_COUNT; b++) {
		if (!(m->cpu >> b & 1))
			continue;
		if (col++ == 10) {
			fprintf(f, "\ncpu +=");
			col = 1;
		}
		fprintf(f, " %s", nvmx_cpu_feature_name(b));
	}
	fprintf(f, "\nmaxphyaddr = %u\n", m->maxphyaddr);
	for (uint32_t i = NVMX_MSR_VMX_FIRST; i <= NVMX_MSR_VMX_LAST; i++)
		fprintf(f, "%-28s = 0x%016" PRIx64 "\n", nvmx_msr_name(i),
			nvmx_model_get_msr(m, i));
}
