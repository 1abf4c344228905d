/* SPDX-License-Identifier: MIT */
/*
 * <nvmx/api.h> - export macro and API error codes.
 *
 * Freestanding: needs only <stdint.h>, <stdbool.h> and <stddef.h>.
 */
#ifndef NVMX_API_H
#define NVMX_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * NVMX_API marks every public declaration. The library is built with
 * -fvisibility=hidden, so only NVMX_API symbols leave the shared object
 * (and the version script nvmx.sym names the same set; a test keeps the two
 * in agreement). A kernel or bare-metal build that links the static core
 * defines NVMX_API empty before including any nvmx header.
 */
#ifndef NVMX_API
#if defined(__GNUC__) && __GNUC__ >= 4
#define NVMX_API __attribute__((visibility("default")))
#else
#define NVMX_API
#endif
#endif

#ifdef __cplusplus
#define NVMX_BEGIN_DECLS extern "C" {
#define NVMX_END_DECLS }
#else
#define NVMX_BEGIN_DECLS
#define NVMX_END_DECLS
#endif

NVMX_BEGIN_DECLS

/*
 * API misuse is reported as a negative NVMX_E* code. Architectural outcomes
 * (VM-instruction error numbers, exit reasons) are never negative: they are
 * results, returned as positive numbers or in result structs.
 */
enum nvmx_error {
	NVMX_OK = 0,
	NVMX_EINVAL = -1,	/* NULL pointer or malformed argument */
	NVMX_ENOENT = -2,	/* unknown MSR index, preset, field or name */
	NVMX_ERANGE = -3,	/* value out of the range the interface takes */
	NVMX_EPERM = -4,	/* refused by a rule (see the verdict) */
	NVMX_ENOSPC = -5,	/* caller's buffer too small */
	NVMX_EFAULT = -6,	/* a memory callback reported failure */
	NVMX_EBADMSG = -7,	/* malformed blob or text input */
	NVMX_ENOTSUP = -8,	/* not supported on this model or build */
	NVMX_EBUSY = -9,	/* state frozen: the vCPU has already run */
};

/* A static, never-NULL description of an NVMX_E* code (or "unknown error"). */
NVMX_API const char *nvmx_strerror(int err);

NVMX_END_DECLS

#endif /* NVMX_API_H */
