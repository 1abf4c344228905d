// SPDX-License-Identifier: MIT
/*
 * cmd_nested_state.c - `nvmx nested-state`: decode and validate a
 * KVM_GET_NESTED_STATE blob as KVM_SET_NESTED_STATE would, or build one
 * from a state file (--export).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvmx/kvm.h>

#include "kvm_statefile.h"
#include "nvmx.h"

#define BLOB_MAX (sizeof(struct kvm_nested_state) + 2 * NVMX_KVM_VMCS12_PAGE_SIZE)

static void usage(FILE *f)
{
	fprintf(f,
		"usage: nvmx nested-state [--model PRESET] [--smm] [--evmcs] [--json | --state] BLOB\n"
		"       nvmx nested-state --export STATEFILE [-o OUT] [--model PRESET] [--smm] [--evmcs]\n"
		"Decodes a KVM nested-state blob (struct kvm_nested_state, VMX format,\n"
		"as KVM_GET_NESTED_STATE returns it) and checks it with the rules of\n"
		"KVM_SET_NESTED_STATE; in guest mode the vmcs12 must also pass every\n"
		"VM-entry check for the model (default: max).\n"
		"  --smm     the vCPU is in SMM      --evmcs  enlightened VMCS enabled\n"
		"  --json    machine-readable report --state  print the state file\n"
		"  --export  write the blob of a state file (to OUT or stdout)\n"
		"Exit status: 0 KVM accepts, 1 KVM refuses, 2 usage or I/O error.\n");
}

static const char *const flag_names[] = {
	"GUEST_MODE", "RUN_PENDING", "EVMCS", "MTF_PENDING",
};

static void print_flags(FILE *f, uint32_t flags, bool json)
{
	bool first = true;

	for (unsigned int b = 0; b < 32; b++) {
		const char *n = b < 4 ? flag_names[b] : b == 8 ? "GIF_SET" : NULL;

		if (!(flags & (1u << b)))
			continue;
		if (json)
			fprintf(f, "%s\"", first ? "" : ", ");
		else
			fprintf(f, "%s", first ? "" : "|");
		if (n)
			fprintf(f, "%s", n);
		else
			fprintf(f, "bit%u", b);
		if (json)
			fprintf(f, "\"");
		first = false;
	}
}

static const char *const warn_names[] = {
	"MTF_PENDING outside guest mode (ignored)",
	"GIF_SET is an SVM flag (ignored for VMX)",
	"preemption-timer deadline outside guest mode (ignored)",
	"preemption-timer deadline but the vmcs12 has no preemption timer",
	"EVMCS without VMXON (legacy meaning, ignored)",
};
#define NWARN (sizeof(warn_names) / sizeof(warn_names[0]))

/* JSON string of a static ASCII message (no control characters). */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void report_stray(const uint8_t *blob, size_t len,
			 const struct kvm_nested_state *h,
			 const struct nvmx_kvm_state *s);

static void report_text(const char *path, const uint8_t *blob, size_t len,
			const struct kvm_nested_state *h,
			const struct nvmx_kvm_state *s,
			const struct nvmx_kvm_verdict *v, int rc)
{
	printf("%s: %zu bytes\n", path, len);
	if (len >= sizeof(*h)) {
		printf("  format %u (%s), size %" PRIu32 ", flags 0x%x (", h->format,
		       h->format == KVM_STATE_NESTED_FORMAT_VMX ? "VMX" : "not VMX",
		       h->size, h->flags);
		print_flags(stdout, h->flags, false);
		printf(")\n  vmxon_pa 0x%" PRIx64 ", vmcs12_pa 0x%" PRIx64
		       ", smm flags 0x%x, vmx flags 0x%x",
		       (uint64_t)h->hdr.vmx.vmxon_pa, (uint64_t)h->hdr.vmx.vmcs12_pa,
		       h->hdr.vmx.smm.flags, h->hdr.vmx.flags);
		if (s->has_preemption_deadline)
			printf(", preemption deadline 0x%" PRIx64,
			       s->preemption_timer_deadline);
		printf("\n");
	}
	if (s->has_vmcs12)
		printf("  vmcs12: revision 0x%08" PRIx32 ", launch state %s, abort %" PRIu32 "\n",
		       s->vmcs12.revision_id,
		       s->vmcs12.launch_state ? "launched" : "clear",
		       s->vmcs12.abort_indicator);
	if (s->has_shadow_vmcs12)
		printf("  shadow vmcs12: revision 0x%08" PRIx32 "\n",
		       s->shadow_vmcs12.revision_id);
	report_stray(blob, len, h, s);
	if (rc == 0) {
		printf("verdict: KVM_SET_NESTED_STATE accepts this state\n");
	} else {
		printf("verdict: refused by %s (errno %d): %s\n  KVM check: %s\n",
		       nvmx_kvm_rule_name(v->rule), v->kvm_errno, v->message,
		       v->where);
		if (v->rule == NVMX_KVM_RULE_ENTRY_CHECK)
			printf("  VM-entry check %s (SDM %s): %s\n",
			       nvmx_check_id_name(v->entry.first.id),
			       nvmx_check_sdm_ref(v->entry.first.id),
			       nvmx_check_description(v->entry.first.id));
	}
	for (unsigned int i = 0; i < NWARN; i++)
		if (v->warnings & (1u << i))
			printf("warning: %s\n", warn_names[i]);
}

static void report_json(const char *path, size_t len,
			const struct kvm_nested_state *h,
			const struct nvmx_kvm_state *s,
			const struct nvmx_kvm_verdict *v, int rc)
{
	bool first = true;

	printf("{\"file\": ");
	json_str(stdout, path);
	printf(", \"bytes\": %zu", len);
	if (len >= sizeof(*h)) {
		printf(", \"format\": %u, \"size\": %" PRIu32 ", \"flags\": [",
		       h->format, h->size);
		print_flags(stdout, h->flags, true);
		printf("], \"vmxon_pa\": \"0x%" PRIx64 "\", \"vmcs12_pa\": \"0x%" PRIx64
		       "\", \"smm_flags\": %u, \"vmx_flags\": %u",
		       (uint64_t)h->hdr.vmx.vmxon_pa, (uint64_t)h->hdr.vmx.vmcs12_pa,
		       h->hdr.vmx.smm.flags, h->hdr.vmx.flags);
	}
	printf(", \"vmcs12\": %s, \"shadow_vmcs12\": %s",
	       s->has_vmcs12 ? "true" : "false",
	       s->has_shadow_vmcs12 ? "true" : "false");
	printf(", \"accepted\": %s, \"rule\": ", rc == 0 ? "true" : "false");
	json_str(stdout, nvmx_kvm_rule_name(v->rule));
	printf(", \"errno\": %d, \"message\": ", v->kvm_errno);
	json_str(stdout, v->message);
	printf(", \"kvm_check\": ");
	json_str(stdout, v->where);
	printf(", \"entry_check\": ");
	if (v->rule == NVMX_KVM_RULE_ENTRY_CHECK) {
		printf("{\"id\": ");
		json_str(stdout, nvmx_check_id_name(v->entry.first.id));
		printf(", \"sdm\": ");
		json_str(stdout, nvmx_check_sdm_ref(v->entry.first.id));
		printf(", \"exit_reason\": %" PRIu32 ", \"exit_qual\": %" PRIu64
		       ", \"vm_insn_error\": %" PRIu32 "}",
		       v->entry.first.exit_reason, v->entry.first.exit_qual,
		       v->entry.first.vm_insn_error);
	} else {
		printf("null");
	}
	printf(", \"warnings\": [");
	for (unsigned int i = 0; i < NWARN; i++) {
		if (!(v->warnings & (1u << i)))
			continue;
		printf("%s", first ? "" : ", ");
		json_str(stdout, warn_names[i]);
		first = false;
	}
	printf("]}\n");
}

/* Bytes of the vmcs12 pages that no field of KVM's layout explains. */
static void report_stray(const uint8_t *blob, size_t len,
			 const struct kvm_nested_state *h,
			 const struct nvmx_kvm_state *s)
{
	static struct nvmx_vmcs12 tmp;
	struct nvmx_kvm_conv_report r;
	size_t at[2] = { sizeof(*h), sizeof(*h) + NVMX_KVM_VMCS12_PAGE_SIZE };
	bool have[2] = { s->has_vmcs12, s->has_shadow_vmcs12 };
	const char *name[2] = { "vmcs12", "shadow vmcs12" };

	for (int p = 0; p < 2; p++) {
		size_t n = h->size < len ? h->size : len;

		if (!have[p] || n <= at[p])
			continue;
		n -= at[p];
		if (n > NVMX_KVM_VMCS12_PAGE_SIZE)
			n = NVMX_KVM_VMCS12_PAGE_SIZE;
		if (nvmx_kvm_vmcs12_from_page(blob + at[p], n, &tmp, &r) || !r.count)
			continue;
		printf("  %s page: %u nonzero byte run%s outside KVM's fields (newer KVM or corruption):",
		       name[p], r.count, r.count == 1 ? "" : "s");
		for (unsigned int i = 0; i < r.count && i < NVMX_KVM_REPORT_MAX; i++)
			printf(" %u+%u", r.item[i].offset, r.item[i].len);
		printf("\n");
	}
}

/* Fields of a state file that KVM's vmcs12 page cannot hold. */
static void report_lost(const struct nvmx_kvm_state *s)
{
	static uint8_t page[NVMX_KVM_VMCS12_PAGE_SIZE];
	struct nvmx_kvm_conv_report r;

	if (!s->has_vmcs12 ||
	    nvmx_kvm_vmcs12_to_page(&s->vmcs12, page, sizeof(page), &r) ||
	    !r.count)
		return;
	fprintf(stderr, "nvmx nested-state: warning: KVM's vmcs12 has no room for:");
	for (unsigned int i = 0; i < r.count && i < NVMX_KVM_REPORT_MAX; i++)
		fprintf(stderr, " %s", nvmx_field_name(r.item[i].encoding));
	fprintf(stderr, " (dropped)\n");
}

static int do_export(const struct nvmx_model *m,
		     const struct nvmx_kvm_import_env *env, const char *in,
		     const char *out)
{
	static struct nvmx_kvm_state s;
	static uint8_t blob[BLOB_MAX];
	struct nvmx_kvm_verdict v = { .sz = sizeof(v) };
	char err[160];
	size_t n = 0;
	FILE *f = fopen(in, "r");
	int rc;

	if (!f) {
		fprintf(stderr, "nvmx nested-state: %s: %s\n", in, strerror(errno));
		return 2;
	}
	rc = kvm_statefile_read(f, &s, err, sizeof(err));
	fclose(f);
	if (rc) {
		fprintf(stderr, "nvmx nested-state: %s: %s\n", in, err);
		return 2;
	}
	report_lost(&s);
	rc = nvmx_kvm_nested_state_export(m, &s, env, blob, sizeof(blob), &n, &v);
	if (rc < 0) {
		fprintf(stderr, "nvmx nested-state: export: %s\n", nvmx_strerror(rc));
		return 2;
	}
	if (rc == 1)
		fprintf(stderr, "nvmx nested-state: warning: KVM would refuse this state: %s: %s\n",
			nvmx_kvm_rule_name(v.rule), v.message);
	f = out ? fopen(out, "wb") : stdout;
	if (!f || fwrite(blob, 1, n, f) != n) {
		fprintf(stderr, "nvmx nested-state: %s: %s\n", out ? out : "stdout",
			strerror(errno));
		if (f && f != stdout)
			fclose(f);
		return 2;
	}
	if (f != stdout && fclose(f)) {
		fprintf(stderr, "nvmx nested-state: %s: %s\n", out, strerror(errno));
		return 2;
	}
	return rc;
}

int nvmx_cmd_nested_state(int argc, char **argv)
{
	static struct nvmx_kvm_state s;
	static uint8_t blob[BLOB_MAX + 1];
	struct nvmx_kvm_import_env env = { .sz = sizeof(env) };
	struct nvmx_kvm_verdict v = { .sz = sizeof(v) };
	enum nvmx_preset p = NVMX_PRESET_MAX;
	const char *path = NULL, *export = NULL, *out = NULL;
	bool json = false, state = false, bad = false;
	struct kvm_nested_state h;
	struct nvmx_model m;
	size_t len;
	FILE *f;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			usage(stdout);
			return 0;
		}
		if (tool_parse_model(argc, argv, &i, &p, &bad)) {
			if (bad)
				return 2;
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--state")) {
			state = true;
		} else if (!strcmp(argv[i], "--smm")) {
			env.in_smm = true;
		} else if (!strcmp(argv[i], "--evmcs")) {
			env.evmcs_enabled = true;
		} else if (!strcmp(argv[i], "--export") && i + 1 < argc) {
			export = argv[++i];
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out = argv[++i];
		} else if (argv[i][0] == '-' || path) {
			fprintf(stderr, "nvmx nested-state: unexpected argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		} else {
			path = argv[i];
		}
	}
	nvmx_model_init(&m, p);
	if (export)
		return path ? (usage(stderr), 2) : do_export(&m, &env, export, out);
	if (!path) {
		usage(stderr);
		return 2;
	}
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "nvmx nested-state: %s: %s\n", path, strerror(errno));
		return 2;
	}
	len = fread(blob, 1, sizeof(blob), f);
	fclose(f);
	if (len > BLOB_MAX) {
		fprintf(stderr, "nvmx nested-state: %s: larger than a VMX nested state (%zu bytes)\n",
			path, (size_t)BLOB_MAX);
		return 2;
	}
	rc = nvmx_kvm_nested_state_import(&m, blob, len, &env, &s, &v);
	if (rc < 0) {
		fprintf(stderr, "nvmx nested-state: %s\n", nvmx_strerror(rc));
		return 2;
	}
	memset(&h, 0, sizeof(h));
	if (len >= sizeof(h))
		memcpy(&h, blob, sizeof(h));
	if (state)
		kvm_statefile_write(stdout, &s);
	else if (json)
		report_json(path, len, &h, &s, &v, rc);
	else
		report_text(path, blob, len, &h, &s, &v, rc);
	return rc;
}
