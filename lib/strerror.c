// SPDX-License-Identifier: MIT
/* strerror.c - descriptions of the API error codes (enum nvmx_error). */
#include <nvmx/api.h>

const char *nvmx_strerror(int err)
{
	switch (err) {
	case NVMX_OK:
		return "success";
	case NVMX_EINVAL:
		return "invalid argument (NULL pointer or malformed value)";
	case NVMX_ENOENT:
		return "no such MSR, preset, field or name";
	case NVMX_ERANGE:
		return "value out of range";
	case NVMX_EPERM:
		return "refused by a rule";
	case NVMX_ENOSPC:
		return "buffer too small";
	case NVMX_EFAULT:
		return "memory callback failed";
	case NVMX_EBADMSG:
		return "malformed input";
	case NVMX_ENOTSUP:
		return "not supported by this model or build";
	case NVMX_EBUSY:
		return "state is frozen (the vCPU has already run)";
	default:
		return "unknown error";
	}
}
