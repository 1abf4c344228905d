// SPDX-License-Identifier: MIT
/*
 * bench_sync.c - cost of syncing a typical shadow-VMCS field set between
 * two software backends (vmcs12 -> vmcs12), both directions.
 *
 * The set is what an outer VMM typically keeps in a shadow VMCS because
 * the guest hypervisor touches it on every exit: guest RIP/RSP/RFLAGS,
 * control registers, exit information, event injection and
 * interruptibility. Reported as ns per sync and ns per field.
 */
#define _POSIX_C_SOURCE 200809L
#include <nvmx/backend.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const uint32_t shadow_set[] = {
	NVMX_GUEST_RIP, NVMX_GUEST_RSP, NVMX_GUEST_RFLAGS, NVMX_GUEST_CR0,
	NVMX_GUEST_CR3, NVMX_GUEST_CR4, NVMX_GUEST_DR7,
	NVMX_GUEST_INTERRUPTIBILITY_INFO, NVMX_GUEST_ACTIVITY_STATE,
	NVMX_GUEST_CS_SELECTOR, NVMX_GUEST_CS_AR_BYTES, NVMX_GUEST_CS_BASE,
	NVMX_GUEST_SS_AR_BYTES, NVMX_GUEST_ES_BASE, NVMX_GUEST_DS_BASE,
	NVMX_GUEST_FS_BASE, NVMX_GUEST_GS_BASE, NVMX_GUEST_PENDING_DBG_EXCEPTIONS,
	NVMX_GUEST_IA32_EFER, NVMX_GUEST_PDPTE0, NVMX_GUEST_PDPTE1,
	NVMX_GUEST_PDPTE2, NVMX_GUEST_PDPTE3, NVMX_GUEST_PHYSICAL_ADDRESS,
	NVMX_GUEST_LINEAR_ADDRESS, NVMX_VM_EXIT_REASON, NVMX_EXIT_QUALIFICATION,
	NVMX_VM_EXIT_INTR_INFO, NVMX_VM_EXIT_INTR_ERROR_CODE,
	NVMX_IDT_VECTORING_INFO, NVMX_IDT_VECTORING_ERROR_CODE,
	NVMX_VM_EXIT_INSTRUCTION_LEN, NVMX_VMX_INSTRUCTION_INFO,
	NVMX_VM_ENTRY_INTR_INFO, NVMX_VM_ENTRY_EXCEPTION_ERROR_CODE,
	NVMX_VM_ENTRY_INSTRUCTION_LEN, NVMX_CPU_BASED_VM_EXEC_CONTROL,
	NVMX_EXCEPTION_BITMAP, NVMX_CR0_READ_SHADOW, NVMX_CR4_READ_SHADOW,
	NVMX_TPR_THRESHOLD, NVMX_TSC_OFFSET,
};
#define NSET (sizeof(shadow_set) / sizeof(shadow_set[0]))

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	static struct nvmx_vmcs12 a, b;
	struct nvmx_model m;
	struct nvmx_backend ba, bb;
	long iters = argc > 1 ? atol(argv[1]) : 200000;
	double t0, t1;
	size_t done;

	nvmx_model_init(&m, NVMX_PRESET_SKYLAKE_SERVER);
	nvmx_vmcs12_init(&a, &m);
	nvmx_vmcs12_init(&b, &m);
	/* L0 fills exit information: both sides privileged. */
	if (nvmx_backend_init_sw(&ba, &m, &a, NVMX_BACKEND_PRIVILEGED) ||
	    nvmx_backend_init_sw(&bb, &m, &b, NVMX_BACKEND_PRIVILEGED))
		return 1;
	for (size_t i = 0; i < NSET; i++)
		if (nvmx_backend_write(&ba, shadow_set[i], 0x1000 + i)) {
			fprintf(stderr, "field %#x missing\n", shadow_set[i]);
			return 1;
		}
	t0 = now_ns();
	for (long i = 0; i < iters; i++) {
		if (nvmx_backend_sync(&bb, &ba, shadow_set, NSET, &done) ||
		    nvmx_backend_sync(&ba, &bb, shadow_set, NSET, &done))
			return 1;
	}
	t1 = now_ns();
	printf("sync sw->sw: %zu fields, %.1f ns/sync, %.2f ns/field\n", NSET,
	       (t1 - t0) / (2.0 * iters), (t1 - t0) / (2.0 * iters * NSET));
	return 0;
}
