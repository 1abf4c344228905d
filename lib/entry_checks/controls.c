// SPDX-License-Identifier: MIT
#include "entry_internal.h"

void nvmx_check_controls(struct nvmx_entry_ctx *c)
{
	(void)c;
}
