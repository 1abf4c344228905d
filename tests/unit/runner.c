// SPDX-License-Identifier: MIT
/* runner.c - runs every suite registered with NVMX_TEST_SUITE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suite.h"

extern const struct nvmx_test_suite __start_nvmx_suites[];
extern const struct nvmx_test_suite __stop_nvmx_suites[];

int main(int argc, char **argv)
{
	SRunner *sr = NULL;
	int failed, n = 0;

	for (const struct nvmx_test_suite *s = __start_nvmx_suites;
	     s < __stop_nvmx_suites; s++) {
		/* optional filter: run only the suites named on the command line */
		if (argc > 1) {
			int hit = 0;

			for (int i = 1; i < argc; i++)
				hit |= strcmp(argv[i], s->name) == 0;
			if (!hit)
				continue;
		}
		if (!sr)
			sr = srunner_create(s->make());
		else
			srunner_add_suite(sr, s->make());
		n++;
	}
	if (!n) {
		fprintf(stderr, "no suite registered or matched\n");
		return 1;
	}
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
