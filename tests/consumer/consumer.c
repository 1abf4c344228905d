// SPDX-License-Identifier: MIT
/*
 * consumer.c - a program built against the INSTALLED libnvmx, the way a
 * user builds one: cc consumer.c $(pkg-config --cflags --libs nvmx).
 * Exits 0 only if every value is right.
 */
#include <stdio.h>

#include <nvmx/nvmx.h>

static struct nvmx_vmcs12 vmcs;

static int expect(const char *what, uint64_t got, uint64_t want)
{
	printf("%-34s 0x%llx%s\n", what, (unsigned long long)got,
	       got == want ? "" : "  WRONG");
	return got != want;
}

int main(void)
{
	struct nvmx_model max, icx;
	enum nvmx_preset p;
	uint64_t x = 0;
	int bad = 0;

	nvmx_model_init(&max, NVMX_PRESET_MAX);
	bad |= expect("IA32_VMX_VMCS_ENUM (max)", nvmx_vmcs_enum(&max), 0x52);

	bad |= expect("preset icelake-server", nvmx_preset_by_name(
		"icelake-server", &p), 0);
	nvmx_model_init(&icx, p);
	nvmx_vmcs12_init(&vmcs, &icx);
	bad |= expect("revision id", vmcs.revision_id,
		      nvmx_model_get_msr(&icx, NVMX_MSR_VMX_BASIC) & 0x7fffffff);

	bad |= expect("VMWRITE GUEST_RIP",
		      (uint64_t)nvmx_vmwrite(&icx, &vmcs, NVMX_GUEST_RIP,
					     0xffffffff81000000ull), 0);
	bad |= expect("VMREAD GUEST_RIP rc",
		      (uint64_t)nvmx_vmread(&icx, &vmcs, NVMX_GUEST_RIP, &x), 0);
	bad |= expect("VMREAD GUEST_RIP value", x, 0xffffffff81000000ull);

	/* 16-bit field: truncated on write */
	nvmx_vmwrite(&icx, &vmcs, NVMX_GUEST_CS_SELECTOR, 0x12345);
	nvmx_vmread(&icx, &vmcs, NVMX_GUEST_CS_SELECTOR, &x);
	bad |= expect("GUEST_CS_SELECTOR after 0x12345", x, 0x2345);

	/* HLAT does not exist on Ice Lake: error 12 */
	bad |= expect("VMWRITE HLAT_POINTER (icelake)",
		      (uint64_t)nvmx_vmwrite(&icx, &vmcs, NVMX_HLAT_POINTER, 1),
		      NVMX_VMERR_UNSUPPORTED_FIELD);
	bad |= expect("NULL model", (uint64_t)(int64_t)nvmx_vmread(
		NULL, &vmcs, NVMX_GUEST_RIP, &x), (uint64_t)(int64_t)NVMX_EINVAL);
	bad |= expect("strerror non-NULL", nvmx_strerror(NVMX_EINVAL) != NULL, 1);

	puts(bad ? "consumer: FAILED" : "consumer: ok");
	return bad;
}
