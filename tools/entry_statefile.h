/* SPDX-License-Identifier: MIT */
/*
 * entry_statefile.h - the VMCS state-file parser of `nvmx entry-check`
 * (format: see tools/cmd_entry_check.c).
 */
#ifndef NVMX_TOOL_ENTRY_STATEFILE_H
#define NVMX_TOOL_ENTRY_STATEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nvmx/entry.h>

#define NVMX_ENTRY_MAX_MEM_WORDS 4096
#define NVMX_ENTRY_MAX_DEPTH 8
#define NVMX_ENTRY_MAX_FILES 64

struct entry_mem_word {
	uint64_t addr; /* 8-byte aligned */
	uint64_t val;
};

struct entry_write {
	uint32_t enc;
	uint64_t val;
	const char *file;
	unsigned int line;
};

struct entry_state {
	struct nvmx_model m;
	struct nvmx_vmcs12 v;
	struct nvmx_entry_env env;
	bool model_set;		/* from the file */
	enum nvmx_preset preset;
	/* field writes are replayed after the model is known */
	struct entry_write *writes;
	size_t nwrites, capwrites;
	bool launch_state_set;
	uint32_t launch_state;
	bool revision_set;
	uint32_t revision;
	struct entry_mem_word mem[NVMX_ENTRY_MAX_MEM_WORDS];
	size_t nmem;
	char *names[NVMX_ENTRY_MAX_FILES]; /* file names, for messages */
	size_t nnames;
	/* parser */
	bool allow_include;	/* @include reads files (the load path) */
	int depth;		/* files being read */
	char *err;		/* the first error message, with its newline */
	const char *err_file;	/* file of err_line (one of names[]) */
	unsigned int err_line;	/* 0: the error is not about a line */
};

/* Defaults: VMLAUNCH in VMX root operation, CPL 0, L1 in IA-32e mode. */
void nvmx_tool_entry_statefile_init(struct entry_state *s);
void nvmx_tool_entry_statefile_free(struct entry_state *s);

/*
 * Parse len bytes of state-file text named name (for messages and for
 * @include paths). @include is refused unless s->allow_include. Returns 0,
 * or 2 with the message in s->err (NULL only when out of memory).
 */
int nvmx_tool_entry_statefile_parse(struct entry_state *s, const char *buf,
				    size_t len, const char *name);

/* Read the file path (and its @include files). Returns 0 or 2. */
int nvmx_tool_entry_statefile_load(struct entry_state *s, const char *path);

/* nvmx_entry_env.read_gpa over the @mem64 words; opaque is the state. */
int nvmx_tool_entry_statefile_read_mem(void *opaque, uint64_t gpa, void *buf,
				       size_t len);

#endif
