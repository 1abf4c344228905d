// SPDX-License-Identifier: MIT
/*
 * entry_util.c - the address predicates of the VM-entry checks
 * (nvmx_paw_ok, nvmx_page_ok, nvmx_canonical, nvmx_canonical_max) are
 * static inline in entry_internal.h: they run dozens of times per VM entry
 * and a call each would cost more than the test. This unit keeps the
 * header compiled on its own (self-containment check).
 */
#include "entry_internal.h"
