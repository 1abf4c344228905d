#include "suite.h"
static Suite *make_msr_featctl(void){return suite_create("msr_featctl");}
NVMX_TEST_SUITE(make_msr_featctl);
