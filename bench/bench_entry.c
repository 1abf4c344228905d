// SPDX-License-Identifier: MIT
/*
 * bench_entry.c - cost of nvmx_check_vmentry() (first-failure mode):
 *   1. the valid 64-bit baseline (every check runs and passes);
 *   2. a PAE guest whose PDPTE fails GUEST_PDPTE_RSVD, the last guest
 *      check (all control, host and guest checks run before it; the
 *      PDPTEs come from the guest PDPTE fields because EPT is on).
 * Prints ns per call (CLOCK_MONOTONIC) and, when perf_event_open allows
 * it, retired user-mode instructions per call.
 */
#define _GNU_SOURCE
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "entry_guest_base.h"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int insn_counter(void)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_HARDWARE;
	a.config = PERF_COUNT_HW_INSTRUCTIONS;
	a.disabled = 1;
	a.exclude_kernel = 1;
	a.exclude_hv = 1;
	return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
}

static void run(const char *name, const struct eb_state *s, long iters,
		enum nvmx_check_id expect)
{
	struct nvmx_entry_result r;
	int fd = insn_counter();
	long long insns = -1;
	double t0, t1;

	memset(&r, 0, sizeof(r));
	r.sz = sizeof(r);
	nvmx_check_vmentry(&s->m, &s->v, &s->env, &r);
	if (r.first.id != expect) {
		fprintf(stderr, "%s: expected %s, got %s\n", name,
			expect ? nvmx_check_id_name(expect) : "success",
			nvmx_check_id_name(r.first.id));
		exit(1);
	}
	if (fd >= 0) {
		ioctl(fd, PERF_EVENT_IOC_RESET, 0);
		ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
	}
	t0 = now_ns();
	for (long i = 0; i < iters; i++) {
		nvmx_check_vmentry(&s->m, &s->v, &s->env, &r);
		__asm__ volatile("" : : "r"(&r) : "memory");
	}
	t1 = now_ns();
	if (fd >= 0) {
		ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
		if (read(fd, &insns, sizeof(insns)) != sizeof(insns))
			insns = -1;
		close(fd);
	}
	printf("%-36s %8.1f ns/call", name, (t1 - t0) / iters);
	if (insns >= 0)
		printf("  %8.0f instructions/call\n", (double)insns / iters);
	else
		printf("  (instruction counter unavailable)\n");
}

int main(int argc, char **argv)
{
	static struct eb_state s;
	long iters = argc > 1 ? atol(argv[1]) : 200000;
	int only = argc > 2 ? atoi(argv[2]) : -1; /* run one scenario (0-2) */

	eb_state_64(&s, NVMX_PRESET_MAX);
	s.env.opaque = &s.mem;
	if (only < 0 || only == 0)
		run("valid 64-bit state (max)", &s, iters, NVMX_CHECK_NONE);

	eb_state_64(&s, NVMX_PRESET_SKYLAKE_SERVER);
	s.env.opaque = &s.mem;
	if (only < 0 || only == 1)
		run("valid 64-bit state (skylake-server)", &s, iters,
		    NVMX_CHECK_NONE);

	eb_state_64(&s, NVMX_PRESET_MAX);
	s.env.opaque = &s.mem;
	gb_pae(&s, true);
	GB_OR(&s, GUEST_PDPTE1, 1ull << 7); /* reserved bit of a present PDPTE */
	if (only < 0 || only == 2)
		run("PAE guest failing GUEST_PDPTE_RSVD", &s, iters,
		    NVMX_CHECK_GUEST_PDPTE_RSVD);
	return 0;
}
