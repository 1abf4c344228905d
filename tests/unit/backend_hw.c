// SPDX-License-Identifier: MIT
/*
 * backend_hw.c - the hardware backend on the build host.
 *
 * The build host runs this at CPL 3. A VMX instruction there faults: #UD
 * outside VMX operation, #GP(0) at CPL > 0 inside it (SDM 31.3, operation
 * sections), i.e. SIGILL or SIGSEGV. That a call faults instead of
 * returning proves it executes the instruction rather than touching memory
 * (the real runs are in tests/hw under Bochs).
 */
#include <nvmx/backend.h>

#include "suite.h"

#if defined(__x86_64__)
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static int faults(int which)
{
	pid_t pid = fork();
	int st = 0;
	uint64_t v;

	if (pid == 0) {
		switch (which) {
		case 0:
			nvmx_hw_vmread(0x6802, &v);
			break;
		case 1:
			nvmx_hw_vmwrite(0x6802, 1);
			break;
		case 2:
			nvmx_hw_vmptrld(0x1000);
			break;
		case 3:
			nvmx_hw_vmlaunch();
			break;
		default: {
			struct nvmx_backend b;

			nvmx_backend_init_hw(&b, 0x1000);
			nvmx_backend_read(&b, 0x6802, &v);
			break;
		}
		}
		_exit(0);
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	if (!WIFSIGNALED(st))
		return 0;
	return WTERMSIG(st);
}

START_TEST(test_faults_at_cpl3)
{
	int sig = faults(_i);

	ck_assert_msg(sig == SIGILL || sig == SIGSEGV, "case %d: signal %d", _i,
		      sig);
}
END_TEST

START_TEST(test_init)
{
	struct nvmx_backend b;

	ck_assert_int_eq(nvmx_backend_init_hw(NULL, 0), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_backend_init_hw(&b, 0x123000), 0);
	ck_assert_str_eq(b.ops->name, "hardware");
	ck_assert_uint_eq(b.vmcs_pa, 0x123000);
	ck_assert_ptr_nonnull(b.ops->launch);
	ck_assert_ptr_nonnull(b.ops->resume);
	ck_assert_ptr_nonnull(b.ops->load);
	ck_assert_ptr_nonnull(b.ops->clear);
	ck_assert_int_eq(nvmx_hw_vmptrst(NULL), NVMX_EINVAL);
	ck_assert_int_eq(nvmx_hw_vmread(0x6802, NULL), NVMX_EINVAL);
}
END_TEST

#endif

static Suite *make_backend_hw(void)
{
	Suite *s = suite_create("backend_hw");
	TCase *tc = tcase_create("core");

#if defined(__x86_64__)
	tcase_add_loop_test(tc, test_faults_at_cpl3, 0, 5);
	tcase_add_test(tc, test_init);
#endif
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_backend_hw);
