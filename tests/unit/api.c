// SPDX-License-Identifier: MIT
/* api.c - nvmx_strerror: every NVMX_E* code has its own description. */
#include <string.h>

#include <nvmx/api.h>

#include "suite.h"

/* Independent list of the codes of enum nvmx_error (include/nvmx/api.h). */
static const int codes[] = {
	NVMX_OK,     NVMX_EINVAL,  NVMX_ENOENT,	 NVMX_ERANGE, NVMX_EPERM,
	NVMX_ENOSPC, NVMX_EFAULT,  NVMX_EBADMSG, NVMX_ENOTSUP, NVMX_EBUSY,
};
#define NCODES (sizeof(codes) / sizeof(codes[0]))

START_TEST(every_code_described)
{
	const char *unknown = nvmx_strerror(12345);

	ck_assert_ptr_nonnull(unknown);
	ck_assert_str_eq(unknown, "unknown error");
	for (size_t i = 0; i < NCODES; i++) {
		const char *s = nvmx_strerror(codes[i]);

		ck_assert_ptr_nonnull(s);
		ck_assert_str_ne(s, unknown);
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(s, nvmx_strerror(codes[j]));
	}
	/* codes are 0 and consecutive negatives: the next one is unknown */
	ck_assert_int_eq(codes[NCODES - 1], -(int)(NCODES - 1));
	ck_assert_str_eq(nvmx_strerror(-(int)NCODES), unknown);
	/* positive numbers are architectural results, not API errors */
	ck_assert_str_eq(nvmx_strerror(12), unknown);
}
END_TEST

static Suite *make_api(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("strerror");

	tcase_add_test(tc, every_code_described);
	suite_add_tcase(s, tc);
	return s;
}
NVMX_TEST_SUITE(make_api);
