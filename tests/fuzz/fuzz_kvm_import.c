// SPDX-License-Identifier: MIT
/*
 * fuzz_kvm_import.c - KVM_SET_NESTED_STATE blobs chosen by userspace (a
 * migration stream) through nvmx_kvm_nested_state_import(), and the
 * export/import round trip of every accepted blob.
 *
 * Input: preset byte, environment byte (bit 0 in SMM, bit 1 eVMCS
 * enabled, bit 2 no read_gpa callback, bit 3 NULL env, bit 4 decode into
 * NULL), then the blob (struct kvm_nested_state, 128-byte header, then
 * the vmcs12 and shadow pages). Guest memory behind read_gpa: a
 * repeating pattern.
 *
 * Invariants:
 *  - the result is 0 (accepted) or 1 (refused), never negative with
 *    valid arguments; deterministic (two runs, same verdict and state);
 *  - a refusal names a rule in range with name, KVM check and message,
 *    and an errno KVM returns (-EINVAL or -EFAULT); an acceptance has
 *    rule NONE and errno 0;
 *  - decoding into NULL gives the same verdict;
 *  - an accepted blob exports (the size nvmx_kvm_nested_state_size()
 *    says) and the export is accepted again with the same VMXON pointer,
 *    current-VMCS pointer, guest mode and vmcs12 contents (header words
 *    included: a revision word KVM accepted must survive the round trip,
 *    else e.g. the shadow-VMCS indicator, and with it the VMLAUNCH
 *    verdict, changes across a migration).
 */
#include <errno.h>

#include <nvmx/kvm.h>

#include "fuzz.h"

static int mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	uint8_t *b = buf;

	(void)opaque;
	FUZZ_CHECK(buf && len > 0 && len <= 1u << 20);
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)((gpa + i) * 7);
	return 0;
}

static void check_verdict(int rc, const struct nvmx_kvm_verdict *v)
{
	FUZZ_CHECK(rc == 0 || rc == 1);
	if (rc == 0) {
		FUZZ_CHECK(v->rule == NVMX_KVM_RULE_NONE && v->kvm_errno == 0);
		return;
	}
	FUZZ_CHECK(v->rule > NVMX_KVM_RULE_NONE &&
		   v->rule < NVMX_KVM_RULE_COUNT);
	FUZZ_CHECK(nvmx_kvm_rule_name(v->rule) &&
		   nvmx_kvm_rule_where(v->rule) &&
		   nvmx_kvm_rule_message(v->rule));
	FUZZ_CHECK(v->kvm_errno == -EINVAL || v->kvm_errno == -EFAULT);
	FUZZ_CHECK(v->where && v->message);
}

/*
 * NVMX_FUZZ_SKIP_KNOWN=1 in the environment lets a long campaign go past
 * the open finding of crashers/kvm_import/ (export clears bit 31 of an
 * accepted vmcs12 page's revision word); replay and CI never set it.
 */
static bool skip_known(void)
{
	static int v = -1;

	if (v < 0) {
		const char *e = getenv("NVMX_FUZZ_SKIP_KNOWN");

		v = e && *e == '1';
	}
	return v;
}

static bool same_state(const struct nvmx_kvm_state *a,
		       const struct nvmx_kvm_state *b)
{
	if (skip_known() && a->has_vmcs12 && b->has_vmcs12 &&
	    (a->vmcs12.revision_id ^ b->vmcs12.revision_id) == 0x80000000u) {
		static struct nvmx_kvm_state c;

		c = *b;
		c.vmcs12.revision_id = a->vmcs12.revision_id;
		b = &c;
	}
	return a->vmxon_pa == b->vmxon_pa && a->vmcs12_pa == b->vmcs12_pa &&
	       a->guest_mode == b->guest_mode &&
	       a->has_vmcs12 == b->has_vmcs12 &&
	       a->has_shadow_vmcs12 == b->has_shadow_vmcs12 &&
	       (!a->has_vmcs12 ||
		!memcmp(&a->vmcs12, &b->vmcs12, sizeof(a->vmcs12)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nvmx_kvm_state s1, s2, s3;
	static uint8_t out[128 + 2 * 4096 + 64];
	struct fuzz_in in = { data, size };
	struct nvmx_model m;
	struct nvmx_kvm_import_env env = { .sz = sizeof(env) };
	struct nvmx_kvm_verdict v1 = { .sz = sizeof(v1) };
	struct nvmx_kvm_verdict v2 = { .sz = sizeof(v2) };
	struct nvmx_kvm_verdict v3 = { .sz = sizeof(v3) };
	uint8_t preset = fuzz_u8(&in), fl = fuzz_u8(&in);
	const struct nvmx_kvm_import_env *e = (fl & 8) ? NULL : &env;
	uint8_t *blob;
	size_t len = in.n, olen = 0;
	int rc1, rc2, rc;

	nvmx_model_init(&m, (enum nvmx_preset)(preset % NVMX_PRESET_COUNT));
	env.in_smm = fl & 1;
	env.evmcs_enabled = fl & 2;
	env.read_gpa = (fl & 4) ? NULL : mem_read;
	/* an exact-size copy: ASan sees any read past the blob */
	blob = malloc(len ? len : 1);
	FUZZ_CHECK(blob);
	if (len)
		memcpy(blob, in.p, len);

	rc1 = nvmx_kvm_nested_state_import(&m, blob, len, e,
					   (fl & 0x10) ? NULL : &s1, &v1);
	check_verdict(rc1, &v1);
	rc2 = nvmx_kvm_nested_state_import(&m, blob, len, e, &s2, &v2);
	check_verdict(rc2, &v2);
	FUZZ_CHECK(rc1 == rc2 && v1.rule == v2.rule &&
		   v1.kvm_errno == v2.kvm_errno && v1.warnings == v2.warnings);
	if (!(fl & 0x10))
		FUZZ_CHECK(same_state(&s1, &s2));

	if (rc2 == 0) {
		size_t want = nvmx_kvm_nested_state_size(&s2);

		FUZZ_CHECK(want >= 128 && want <= 128 + 2 * 4096);
		rc = nvmx_kvm_nested_state_export(&m, &s2, e, out, sizeof(out),
						  &olen, &v3);
		FUZZ_CHECK(rc == 0);
		FUZZ_CHECK(olen == want);
		rc = nvmx_kvm_nested_state_import(&m, out, olen, e, &s3, &v3);
		check_verdict(rc, &v3);
		FUZZ_CHECK(rc == 0);
		FUZZ_CHECK(same_state(&s2, &s3));
		/* too small a buffer: an error, nothing beyond cap written */
		if (olen > 1) {
			memset(out, 0xee, sizeof(out));
			rc = nvmx_kvm_nested_state_export(&m, &s2, e, out,
							  olen - 1, &olen, NULL);
			FUZZ_CHECK(rc == NVMX_ENOSPC);
			for (size_t i = want - 1; i < sizeof(out); i++)
				FUZZ_CHECK(out[i] == 0xee);
		}
	}
	FUZZ_CHECK(nvmx_kvm_nested_state_import(NULL, blob, len, e, &s1,
						&v1) == NVMX_EINVAL);
	free(blob);
	return 0;
}
