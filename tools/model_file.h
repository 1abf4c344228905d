/* SPDX-License-Identifier: MIT */
/* model_file.h - read and write nvmx model files (doc/migration.md). */
#ifndef NVMX_TOOL_MODEL_FILE_H
#define NVMX_TOOL_MODEL_FILE_H

#include <stdio.h>

#include <nvmx/nvmx.h>

/*
 * Load a model file into *m. On error returns -1 and writes
 * "FILE:LINE: message" to err. Format: doc/migration.md "Model files".
 */
int tool_load_model_file(const char *path, struct nvmx_model *m, char *err,
			 size_t errlen);
/* Write m in the model-file format (every MSR, CPUID facts, MAXPHYADDR). */
void tool_write_model_file(FILE *f, const struct nvmx_model *m,
			   const char *comment);

#endif
