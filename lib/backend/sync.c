// SPDX-License-Identifier: MIT
/*
 * sync.c - copy a set of VMCS fields between two backends.
 *
 * Values travel through a small on-stack buffer in batches: src is made
 * current, a batch is read, dst is made current, the batch is written.
 * With two hardware VMCSs that costs two VMPTRLDs per batch instead of two
 * per field; with a software side, load is a cheap revision check.
 */
#include <nvmx/backend.h>

#define SYNC_BATCH 32u

int nvmx_backend_sync(struct nvmx_backend *dst, struct nvmx_backend *src,
		      const uint32_t *set, size_t n, size_t *done)
{
	uint64_t buf[SYNC_BATCH];
	size_t i = 0;
	int r = 0;

	if (done)
		*done = 0;
	if (!dst || !src || !dst->ops || !src->ops || !dst->ops->write ||
	    !src->ops->read || (!set && n))
		return NVMX_EINVAL;
	while (i < n) {
		size_t k = n - i < SYNC_BATCH ? n - i : SYNC_BATCH;
		size_t j;

		r = nvmx_backend_load(src);
		if (r)
			break;
		for (j = 0; j < k; j++) {
			r = src->ops->read(src, set[i + j], &buf[j]);
			if (r)
				break;
		}
		/* Write what was read, then report the read failure. */
		k = j;
		if (k) {
			int rl = nvmx_backend_load(dst);

			if (rl) {
				r = rl;
				break;
			}
		}
		for (j = 0; j < k; j++) {
			int rw = dst->ops->write(dst, set[i + j], buf[j]);

			if (rw) {
				r = rw;
				break;
			}
		}
		i += j;
		if (r)
			break;
	}
	if (done)
		*done = i;
	return r;
}
