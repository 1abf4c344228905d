/* SPDX-License-Identifier: MIT */
/*
 * suite.h - Check suites that register themselves.
 *
 * A test file defines `static Suite *x(void)` and says NVMX_TEST_SUITE(x).
 * The suite lands in the ELF section "nvmx_suites"; runner.c walks the
 * section, so no list of suites is kept by hand. Each tests/unit/<file>.c
 * is linked with runner.c into its own test executable (tests/meson.build).
 */
#ifndef NVMX_TEST_SUITE_H
#define NVMX_TEST_SUITE_H

#include <check.h>

struct nvmx_test_suite {
	const char *name;
	Suite *(*make)(void);
};

#define NVMX_TEST_SUITE(fn)                                                    \
	static const struct nvmx_test_suite nvmx_suite_##fn                    \
		__attribute__((used, section("nvmx_suites"),                   \
			       aligned(sizeof(void *)))) = { #fn, fn }

#endif
