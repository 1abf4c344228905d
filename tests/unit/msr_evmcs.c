#include "suite.h"
static Suite *make_msr_evmcs(void){return suite_create("msr_evmcs");}
NVMX_TEST_SUITE(make_msr_evmcs);
