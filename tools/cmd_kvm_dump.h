/* SPDX-License-Identifier: MIT */
/* cmd_kvm_dump.h - the KVM kernel-log dump check, shared by the
 * kvm-dump-check subcommand and `nvmx entry-check --kvm-dump FILE`. */
#ifndef NVMX_TOOL_CMD_KVM_DUMP_H
#define NVMX_TOOL_CMD_KVM_DUMP_H

#include <stdbool.h>

#include <nvmx/nvmx.h>

/*
 * Parse the VMCS dump in the kernel log at path ("-": stdin), print what
 * could not be mapped, and run the VM-entry checks of model m on it.
 * Returns the exit status: 0 the state passes, 1 a check fails,
 * 2 I/O error or no dump in the file.
 */
int nvmx_tool_kvm_dump_check(const char *path, const struct nvmx_model *m,
			     bool json);

#endif
