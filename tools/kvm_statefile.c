// SPDX-License-Identifier: MIT
/* kvm_statefile.c - read and write the text form of a KVM nested state. */
#define _POSIX_C_SOURCE 200809L /* getline: lines of any length */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_statefile.h"

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		*--e = 0;
	return s;
}

static int number(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	if (!*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 0);
	return (errno || *end) ? -1 : 0;
}

static bool *flag(struct nvmx_kvm_state *s, const char *key)
{
	static const struct {
		const char *name;
		size_t off;
	} flags[] = {
		{ "guest_mode", offsetof(struct nvmx_kvm_state, guest_mode) },
		{ "run_pending", offsetof(struct nvmx_kvm_state, run_pending) },
		{ "mtf_pending", offsetof(struct nvmx_kvm_state, mtf_pending) },
		{ "evmcs", offsetof(struct nvmx_kvm_state, evmcs) },
		{ "smm_vmxon", offsetof(struct nvmx_kvm_state, smm_vmxon) },
		{ "smm_guest_mode", offsetof(struct nvmx_kvm_state, smm_guest_mode) },
	};

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!strcmp(key, flags[i].name))
			return (bool *)((char *)s + flags[i].off);
	return NULL;
}

static int page_key(struct nvmx_vmcs12 *v, const char *name, uint64_t x)
{
	const struct nvmx_field_info *f = NULL;

	if (!strcmp(name, "revision") || !strcmp(name, "abort") ||
	    !strcmp(name, "launch_state")) {
		if (x > 0xffffffffull)
			return -2;
	}
	if (!strcmp(name, "revision"))
		v->revision_id = (uint32_t)x;
	else if (!strcmp(name, "abort"))
		v->abort_indicator = (uint32_t)x;
	else if (!strcmp(name, "launch_state"))
		v->launch_state = (uint32_t)x;
	else if ((f = nvmx_field_by_name(name)) != NULL)
		v->field[f->index] = x; /* raw slot: any field, any model */
	else
		return -1;
	/* a slot holds the value truncated to the field width (vmcs12.h) */
	if (f && ((f->width == NVMX_W16 && x > 0xffff) ||
		  (f->width == NVMX_W32 && x > 0xffffffffull)))
		return -2;
	return 0;
}

int kvm_statefile_read(FILE *f, struct nvmx_kvm_state *s, char *err,
		       size_t errlen)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned int n = 0;
	bool vmcs12_seen = false;
	int ret = -1;

	memset(s, 0, sizeof(*s));
	s->vmxon_pa = ~0ull;
	s->vmcs12_pa = ~0ull;
	nvmx_vmcs12_init(&s->vmcs12, NULL);
	nvmx_vmcs12_init(&s->shadow_vmcs12, NULL);
	/* getline: a line of any length is one line (no tail read as a
	 * line of its own) */
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *p = line, *eq, *key, *val, *hash;
		uint64_t x;
		bool *b;
		int r;

		n++;
		hash = memchr(line, '#', (size_t)len);
		if (memchr(line, 0, hash ? (size_t)(hash - line) : (size_t)len)) {
			snprintf(err, errlen, "line %u: NUL byte", n);
			goto out;
		}
		if (hash)
			*hash = 0;
		p = trim(p);
		if (!*p)
			continue;
		eq = strchr(p, '=');
		if (!eq) {
			snprintf(err, errlen, "line %u: expected key = value", n);
			goto out;
		}
		*eq = 0;
		key = trim(p);
		val = trim(eq + 1);
		if (number(val, &x)) {
			snprintf(err, errlen, "line %u: '%.40s' is not a number", n,
				 val);
			goto out;
		}
		if (!strcmp(key, "vmxon_pa")) {
			s->vmxon_pa = x;
		} else if (!strcmp(key, "vmcs12_pa")) {
			s->vmcs12_pa = x;
		} else if (!strcmp(key, "preemption_timer_deadline")) {
			s->has_preemption_deadline = true;
			s->preemption_timer_deadline = x;
		} else if ((b = flag(s, key)) != NULL) {
			if (x > 1) {
				snprintf(err, errlen, "line %u: %s is 0 or 1", n, key);
				goto out;
			}
			*b = x;
		} else if (!strncmp(key, "vmcs12.", 7) ||
			   !strncmp(key, "shadow.", 7)) {
			bool sh = key[0] == 's';

			r = page_key(sh ? &s->shadow_vmcs12 : &s->vmcs12,
				     key + 7, x);
			if (r == -1)
				goto unknown;
			if (r) {
				snprintf(err, errlen,
					 "line %u: %s is wider than the field", n, val);
				goto out;
			}
			if (sh)
				s->has_shadow_vmcs12 = true;
			else
				vmcs12_seen = true;
		} else {
			goto unknown;
		}
		continue;
unknown:
		snprintf(err, errlen, "line %u: unknown key '%.40s'", n, key);
		goto out;
	}
	s->has_vmcs12 = vmcs12_seen;
	ret = 0;
out:
	free(line);
	return ret;
}

static void write_page(FILE *f, const char *pfx, const struct nvmx_vmcs12 *v)
{
	fprintf(f, "%s.revision = 0x%08" PRIx32 "\n", pfx, v->revision_id);
	fprintf(f, "%s.abort = %" PRIu32 "\n", pfx, v->abort_indicator);
	fprintf(f, "%s.launch_state = %" PRIu32 "\n", pfx, v->launch_state);
	for (unsigned int i = 0; i < NVMX_FIELD_COUNT; i++) {
		const struct nvmx_field_info *fi = nvmx_field_at(i);

		if (v->field[i] || i == NVMX_IDX_VMCS_LINK_POINTER)
			fprintf(f, "%s.%s = 0x%" PRIx64 "\n", pfx, fi->name,
				v->field[i]);
	}
}

void kvm_statefile_write(FILE *f, const struct nvmx_kvm_state *s)
{
	fprintf(f, "# KVM nested state (VMX); nvmx nested-state --export reads this\n");
	fprintf(f, "vmxon_pa = 0x%" PRIx64 "\n", s->vmxon_pa);
	fprintf(f, "vmcs12_pa = 0x%" PRIx64 "\n", s->vmcs12_pa);
	fprintf(f, "guest_mode = %d\nrun_pending = %d\nmtf_pending = %d\n",
		s->guest_mode, s->run_pending, s->mtf_pending);
	fprintf(f, "evmcs = %d\nsmm_vmxon = %d\nsmm_guest_mode = %d\n",
		s->evmcs, s->smm_vmxon, s->smm_guest_mode);
	if (s->has_preemption_deadline)
		fprintf(f, "preemption_timer_deadline = 0x%" PRIx64 "\n",
			s->preemption_timer_deadline);
	if (s->has_vmcs12)
		write_page(f, "vmcs12", &s->vmcs12);
	if (s->has_shadow_vmcs12)
		write_page(f, "shadow", &s->shadow_vmcs12);
}
