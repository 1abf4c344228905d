#include "suite.h"
static Suite *make_msr_validate(void){return suite_create("msr_validate");}
NVMX_TEST_SUITE(make_msr_validate);
