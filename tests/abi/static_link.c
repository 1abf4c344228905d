// SPDX-License-Identifier: MIT
/*
 * static_link.c - a tiny program linked with the whole of libnvmx.a
 * (tests/abi/meson.build: link_whole). With -DNVMX_ABI_REFERENCE it is
 * built without the library, as the baseline for check_archive.py static.
 */
#include <stdio.h>

#ifndef NVMX_ABI_REFERENCE
#include <nvmx/nvmx.h>

static struct nvmx_vmcs12 v;

int main(void)
{
	struct nvmx_model m;
	uint64_t x = 0;

	nvmx_model_init(&m, NVMX_PRESET_MAX);
	nvmx_vmcs12_init(&v, &m);
	if (nvmx_vmwrite(&m, &v, NVMX_GUEST_RIP, 0x1234) ||
	    nvmx_vmread(&m, &v, NVMX_GUEST_RIP, &x) || x != 0x1234 ||
	    !nvmx_field_lookup(NVMX_GUEST_CR3)) {
		puts("static link: wrong values");
		return 1;
	}
	puts("static link: ok");
	return 0;
}
#else
int main(void)
{
	puts("static link: ok");
	return 0;
}
#endif
