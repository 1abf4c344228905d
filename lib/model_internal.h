/* SPDX-License-Identifier: MIT */
#ifndef NVMX_MODEL_INTERNAL_H
#define NVMX_MODEL_INTERNAL_H

#include <nvmx/model.h>

/* Recompute allowed1[], exists[] and vmcs_enum from msr[] and cpu. */
void nvmx_model_update(struct nvmx_model *m);

#endif
