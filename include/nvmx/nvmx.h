/* SPDX-License-Identifier: MIT */
/* <nvmx/nvmx.h> - the whole public API. */
#ifndef NVMX_NVMX_H
#define NVMX_NVMX_H

#include <nvmx/api.h>
#include <nvmx/fields.h>
#include <nvmx/model.h>
#include <nvmx/vmcs12.h>
#include <nvmx/entry.h>
#include <nvmx/msr.h>
#include <nvmx/featctl.h>
#include <nvmx/evmcs.h>
#include <nvmx/insn.h>
#include <nvmx/backend.h>

#endif /* NVMX_NVMX_H */
