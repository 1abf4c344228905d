#include "suite.h"
static Suite *make_msr_compat(void){return suite_create("msr_compat");}
NVMX_TEST_SUITE(make_msr_compat);
