// SPDX-License-Identifier: MIT
/*
 * entry_statefile.c - the VMCS state-file parser of `nvmx entry-check`
 * (format: see tools/cmd_entry_check.c), from a file or a memory buffer.
 *
 * Lines may be of any length (a long comment stays one comment line and
 * the line numbers stay those of the file); a NUL byte ends the line's
 * text.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entry_statefile.h"


void nvmx_tool_entry_statefile_init(struct entry_state *s)
{
	memset(s, 0, sizeof(*s));
	s->env.sz = sizeof(s->env);
	s->env.launch = true;
	s->env.in_vmx_operation = true;
	s->env.host_ia32e = true;
	s->env.read_gpa = nvmx_tool_entry_statefile_read_mem;
	s->env.opaque = s;
}

void nvmx_tool_entry_statefile_free(struct entry_state *s)
{
	for (size_t k = 0; k < s->nnames; k++)
		free(s->names[k]);
	s->nnames = 0;
	free(s->writes);
	s->writes = NULL;
	s->nwrites = s->capwrites = 0;
	free(s->err);
	s->err = NULL;
}

int nvmx_tool_entry_statefile_read_mem(void *opaque, uint64_t gpa, void *buf,
				       size_t len)
{
	struct entry_state *s = opaque;
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

/* Record the first error (file and line: 0 when not about a line). */
__attribute__((format(printf, 4, 5)))
static int fail(struct entry_state *s, const char *file, unsigned int ln,
		const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->err)
		return 2;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 2;
	s->err = malloc((size_t)n + 1);
	if (!s->err)
		return 2;
	va_start(ap, fmt);
	vsnprintf(s->err, (size_t)n + 1, fmt, ap);
	va_end(ap);
	s->err_file = file;
	s->err_line = ln;
	return 2;
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

static int load_file(struct entry_state *s, const char *path, int nested);

static int meta(struct entry_state *s, const char *file, unsigned int ln,
		char *key, char *val)
{
	struct nvmx_entry_env *e = &s->env;
	uint64_t x;
	bool ok = true;

	if (!strcmp(key, "include")) {
		char buf[4096];
		const char *slash = strrchr(file, '/');

		if (!s->allow_include)
			return fail(s, file, ln, "%s:%u: @include is not "
				    "available here\n", file, ln);
		if (val[0] != '/' && slash)
			snprintf(buf, sizeof(buf), "%.*s/%s",
				 (int)(slash - file), file, val);
		else
			snprintf(buf, sizeof(buf), "%s", val);
		return load_file(s, buf, 1);
	}
	if (!strcmp(key, "model")) {
		if (nvmx_preset_by_name(val, &s->preset) < 0)
			return fail(s, file, ln, "%s:%u: unknown model '%s'\n",
				    file, ln, val);
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
		    !parse_u64(val, &w))
			return fail(s, file, ln, "%s:%u: expected '@mem64 ADDR = "
				    "VALUE' with an 8-byte aligned ADDR\n",
				    file, ln);
		for (k = 0; k < s->nmem && s->mem[k].addr != a; k++)
			;
		if (k == NVMX_ENTRY_MAX_MEM_WORDS)
			return fail(s, file, ln, "%s:%u: too many @mem64 lines\n",
				    file, ln);
		s->mem[k].addr = a;
		s->mem[k].val = w;
		if (k == s->nmem)
			s->nmem++;
		return 0;
	} else {
		return fail(s, file, ln, "%s:%u: unknown setting '@%s'\n", file,
			    ln, key);
	}
	if (!ok)
		return fail(s, file, ln, "%s:%u: bad value '%s' for @%s\n", file,
			    ln, val, key);
	return 0;
}

static int add_write(struct entry_state *s, uint32_t enc, uint64_t val,
		     const char *file, unsigned int ln)
{
	if (s->nwrites == s->capwrites) {
		size_t n = s->capwrites ? 2 * s->capwrites : 256;
		void *w = realloc(s->writes, n * sizeof(*s->writes));

		if (!w)
			return 2;
		s->writes = w;
		s->capwrites = n;
	}
	s->writes[s->nwrites].enc = enc;
	s->writes[s->nwrites].val = val;
	s->writes[s->nwrites].file = file;
	s->writes[s->nwrites].line = ln;
	s->nwrites++;
	return 0;
}

/* The next whole line (with its '\n') into line, which holds len + 1
 * bytes; 0 at the end. */
static size_t next_line(const char *buf, size_t len, size_t *pos, char *line)
{
	size_t n = len - *pos;
	const char *nl = n ? memchr(buf + *pos, '\n', n) : NULL;

	if (nl)
		n = (size_t)(nl - (buf + *pos)) + 1;
	memcpy(line, buf + *pos, n);
	line[n] = 0;
	*pos += n;
	return n;
}

int nvmx_tool_entry_statefile_parse(struct entry_state *s, const char *buf,
				    size_t len, const char *name)
{
	char *line;
	unsigned int ln = 0;
	size_t pos = 0;
	int rc = 0;
	char *fname;

	fname = s->nnames < NVMX_ENTRY_MAX_FILES ? strdup(name) : NULL;
	if (!fname)
		return fail(s, NULL, 0, "%s: too many files\n", name);
	line = malloc(len + 1);
	if (!line) {
		free(fname);
		return fail(s, NULL, 0, "%s: out of memory\n", name);
	}
	s->names[s->nnames++] = fname;
	s->depth++;
	while (!rc && next_line(buf, len, &pos, line)) {
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
			rc = fail(s, fname, ln, "%s:%u: expected 'FIELD = VALUE'\n",
				  fname, ln);
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

			if (!fi)
				rc = fail(s, fname, ln, "%s:%u: unknown field '%s'\n",
					  fname, ln, key);
			else if (!parse_u64(val, &x))
				rc = fail(s, fname, ln, "%s:%u: bad value '%s' for %s\n",
					  fname, ln, val, key);
			else
				rc = add_write(s, fi->encoding, x, fname, ln);
		}
	}
	free(line);
	s->depth--;
	return rc;
}

static int load_file(struct entry_state *s, const char *path, int nested)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;

	if (nested && s->depth >= NVMX_ENTRY_MAX_DEPTH)
		return fail(s, NULL, 0, "%s: @include nested too deeply\n", path);
	f = fopen(path, "r");
	if (!f)
		return fail(s, NULL, 0, "nvmx entry-check: %s: %s\n", path,
			    strerror(errno));
	for (;;) {
		size_t n;

		if (len == cap) {
			size_t c = cap ? 2 * cap : 4096;
			char *b = realloc(buf, c);

			if (!b) {
				free(buf);
				fclose(f);
				return 2;
			}
			buf = b;
			cap = c;
		}
		n = fread(buf + len, 1, cap - len, f);
		if (!n)
			break;
		len += n;
	}
	fclose(f);
	rc = nvmx_tool_entry_statefile_parse(s, buf, len, path);
	free(buf);
	return rc;
}

int nvmx_tool_entry_statefile_load(struct entry_state *s, const char *path)
{
	s->allow_include = true;
	return load_file(s, path, 0);
}
