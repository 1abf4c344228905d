/* SPDX-License-Identifier: MIT */
/* kvm_internal.h - helpers shared by the lib/kvm sources (not installed). */
#ifndef NVMX_KVM_INTERNAL_H
#define NVMX_KVM_INTERNAL_H

#include <nvmx/kvm.h>

/* Little-endian loads and stores: KVM's blob is x86 byte order whatever
 * the host running libnvmx is. */
static inline uint64_t kvm_le_get(const uint8_t *p, unsigned int size)
{
	uint64_t x = 0;

	for (unsigned int i = size; i-- > 0;)
		x = (x << 8) | p[i];
	return x;
}

static inline void kvm_le_put(uint8_t *p, unsigned int size, uint64_t x)
{
	for (unsigned int i = 0; i < size; i++, x >>= 8)
		p[i] = (uint8_t)x;
}

/* Offset of a field in KVM's page by dense index, 0 if not carried. */
unsigned int nvmx_kvm_offset_of_index(unsigned int index);

#endif
