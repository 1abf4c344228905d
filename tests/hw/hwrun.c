// SPDX-License-Identifier: MIT
/*
 * hwrun.c - host side of the Bochs hardware test for one CPU model.
 *
 * 1. Probe run: boots the kernel with an empty blob. The kernel tests the
 *    hardware backend (VMX instructions, every field's round trip, errors
 *    12/13, a guest to VMCALL exits) and prints its capability MSRs and
 *    the baseline VMCS it builds. Every "DIFF" line must be allowlisted;
 *    any "FAIL" line, exception or missing "DONE" fails the test.
 * 2. Differential run: builds the same model from the printed MSRs,
 *    generates vectors (hwgen.c), patches them as a blob into the disk
 *    image (no rebuild), runs them in batches, and compares Bochs' outcome
 *    with nvmx_check_vmentry() on the same VMCS and model. Disagreements
 *    must match the allowlist (bochs-allowlist.txt, documented in
 *    doc/bochs-deviations.md); any other one fails the test.
 *
 * Bochs runs headless (rfb display, timeout=0), deterministic (fixed
 * time0, sync=none), under timeout(1), stdin from /dev/null, with an -rc
 * file holding "continue" and "quit".
 */
#define _POSIX_C_SOURCE 200809L
#include <nvmx/backend.h>
#include <nvmx/entry.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "blob.h"
#include "hwgen.h"

struct opts {
	const char *boot, *kernel, *bochs, *bios, *vgabios, *allow, *model,
		*work;
	unsigned long seed;
	unsigned int batch;
	bool probe_only;
	bool verbose;
};

/* --- allowlist ------------------------------------------------------------ */

struct allow {
	char name[64];
	char kind[16];		/* probe | entry */
	char diff[32];		/* probe: DIFF tag */
	char lib[64];		/* entry: check ID name, NONE or * */
	char bochs[16];		/* entry: E, F7, F8, X33, X34, I, * */
	char field[64];		/* entry: mutated field name or * */
	char models[256];	/* comma list or * */
	char xor[24];		/* entry: the field's change touches this mask */
	char skip[8];		/* entry: "yes": Bochs does not test the check */
	char valmask[24], valeq[24]; /* entry: (final field & valmask) == valeq */
	unsigned int hits;
};

static struct allow allows[128];
static unsigned int nallow;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "hwrun: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void load_allowlist(const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[1024];

	if (!f)
		die("cannot open allowlist %s: %s", path, strerror(errno));
	while (fgets(buf, sizeof(buf), f)) {
		char *hash = strchr(buf, '#'), *tok, *save = NULL;
		struct allow *a;

		if (hash)
			*hash = 0;
		tok = strtok_r(buf, " \t\r\n", &save);
		if (!tok)
			continue;
		if (nallow >= sizeof(allows) / sizeof(allows[0]))
			die("allowlist too long");
		a = &allows[nallow++];
		memset(a, 0, sizeof(*a));
		snprintf(a->name, sizeof(a->name), "%s", tok);
		strcpy(a->lib, "*");
		strcpy(a->bochs, "*");
		strcpy(a->field, "*");
		strcpy(a->models, "*");
		strcpy(a->xor, "*");
		strcpy(a->skip, "no");
		strcpy(a->valmask, "*");
		strcpy(a->valeq, "0");
		while ((tok = strtok_r(NULL, " \t\r\n", &save))) {
			char *eq = strchr(tok, '=');

			if (!eq)
				die("allowlist %s: bad token %s", a->name, tok);
			*eq++ = 0;
#define KEY(k)                                                                 \
	else if (!strcmp(tok, #k)) snprintf(a->k, sizeof(a->k), "%s", eq)
			if (0)
				;
			KEY(kind);
			KEY(diff);
			KEY(lib);
			KEY(bochs);
			KEY(field);
			KEY(models);
			KEY(xor);
			KEY(skip);
			KEY(valmask);
			KEY(valeq);
			else
				die("allowlist %s: unknown key %s", a->name,
				    tok);
#undef KEY
		}
	}
	fclose(f);
}

static bool model_matches(const struct allow *a, const char *model)
{
	char list[256], *save = NULL, *t;

	if (!strcmp(a->models, "*"))
		return true;
	snprintf(list, sizeof(list), "%s", a->models);
	for (t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (!strcmp(t, model))
			return true;
	return false;
}

static bool pat(const char *p, const char *s)
{
	return !strcmp(p, "*") || !strcmp(p, s);
}

static struct allow *allowed_probe(const char *model, const char *tag)
{
	for (unsigned int i = 0; i < nallow; i++)
		if (!strcmp(allows[i].kind, "probe") &&
		    model_matches(&allows[i], model) &&
		    pat(allows[i].diff, tag))
			return &allows[i];
	return NULL;
}

static bool val_matches(const struct allow *a, uint64_t val)
{
	if (!strcmp(a->valmask, "*"))
		return true;
	return (val & strtoull(a->valmask, NULL, 0)) ==
	       strtoull(a->valeq, NULL, 0);
}

static bool xor_matches(const struct allow *a, uint64_t change)
{
	uint64_t m;

	if (!strcmp(a->xor, "*"))
		return true;
	m = strtoull(a->xor, NULL, 0);
	return (change & m) != 0;
}

/*
 * skip=yes: Bochs does not implement the library's first failing check,
 * so it reports what the next violated check gives (the library's
 * diagnostic list, later entries), or enters when there is none.
 */
static bool skip_matches(const struct allow *a, const char *bochs,
			 char (*all)[24], unsigned int nall)
{
	if (strcmp(a->skip, "yes"))
		return pat(a->bochs, bochs);
	if (nall <= 1)
		return !strcmp(bochs, "E");
	for (unsigned int i = 1; i < nall; i++)
		if (!strcmp(all[i], bochs))
			return true;
	return false;
}

static struct allow *allowed_entry(const char *model, const char *lib,
				   const char *bochs, const char *field,
				   uint64_t change, uint64_t val,
				   char (*all)[24], unsigned int nall)
{
	for (unsigned int i = 0; i < nallow; i++)
		if (!strcmp(allows[i].kind, "entry") &&
		    model_matches(&allows[i], model) &&
		    pat(allows[i].lib, lib) &&
		    skip_matches(&allows[i], bochs, all, nall) &&
		    pat(allows[i].field, field) &&
		    xor_matches(&allows[i], change) &&
		    val_matches(&allows[i], val))
			return &allows[i];
	return NULL;
}

/* --- running Bochs ----------------------------------------------------------- */

static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		die("cannot open %s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("cannot read %s", path);
	buf[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void spit(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f))
		die("cannot write %s", path);
}

#define DISK_BYTES (2u * 16u * 63u * 512u) /* 2 cylinders, 16 heads, 63 spt */

/* Run Bochs on boot + kernel + blob; returns its output (malloc'd). */
static char *run_bochs(const struct opts *o, const void *blob, size_t blen,
		       unsigned int timeout_s, double *secs)
{
	static unsigned int run_no;
	char img[512], rc[512], cfg[512], out[512], tmo[16];
	size_t bl, kl, len;
	unsigned char *disk = calloc(1, DISK_BYTES);
	void *bootb = slurp(o->boot, &bl), *kern = slurp(o->kernel, &kl);
	struct timespec t0, t1;
	FILE *f;
	pid_t pid;
	int st;
	char *res;

	if (!disk || bl != 512 || kl > HW_KERNEL_MAX || blen > HW_BLOB_MAX)
		die("bad image parts (boot %zu, kernel %zu, blob %zu)", bl, kl,
		    blen);
	memcpy(disk, bootb, 512);
	memcpy(disk + 512, kern, kl);
	memcpy(disk + 512 + HW_KERNEL_MAX, blob, blen);
	free(bootb);
	free(kern);
	run_no++;
	snprintf(img, sizeof(img), "%s/disk.img", o->work);
	snprintf(rc, sizeof(rc), "%s/rc", o->work);
	snprintf(cfg, sizeof(cfg), "%s/bochsrc", o->work);
	snprintf(out, sizeof(out), "%s/out-%u.txt", o->work, run_no);
	spit(img, disk, DISK_BYTES);
	/* Bochs locks the image; a run killed by the timeout leaves it */
	{
		char lock[600];

		snprintf(lock, sizeof(lock), "%s.lock", img);
		unlink(lock);
	}
	free(disk);
	spit(rc, "continue\nquit\n", 14);
	f = fopen(cfg, "w");
	if (!f)
		die("cannot write %s", cfg);
	/* ignore_bad_msrs=0: an unknown MSR in a VM-entry MSR-load list
	 * must fail as on real hardware (SDM 27.4). */
	fprintf(f,
		"megs: 64\n"
		"cpu: model=%s, ips=1000000, reset_on_triple_fault=0, ignore_bad_msrs=0\n"
		"clock: sync=none, time0=946684800\n"
		"romimage: file=%s\n"
		"vgaromimage: file=%s\n"
		"display_library: rfb, options=\"timeout=0\"\n"
		"ata0-master: type=disk, path=%s, mode=flat, cylinders=2, heads=16, spt=63\n"
		"boot: disk\n"
		"port_e9_hack: enabled=1\n"
		"log: -\n"
		"panic: action=fatal\n"
		"error: action=report\n"
		"info: action=ignore\n"
		"debug: action=ignore\n"
		"sound: driver=dummy\n"
		"speaker: enabled=0\n"
		"mouse: enabled=0\n",
		o->model, o->bios, o->vgabios, img);
	fclose(f);
	snprintf(tmo, sizeof(tmo), "%u", timeout_s);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (in < 0 || fd < 0)
			_exit(127);
		dup2(in, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		setenv("TERM", "dumb", 1);
		execlp("timeout", "timeout", "-k", "2", tmo, o->bochs, "-q",
		       "-f", cfg, "-rc", rc, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid)
		die("waitpid: %s", strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*secs = (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	res = slurp(out, &len);
	/* a guest may write any byte to port 0xE9, even NUL */
	for (size_t i = 0; i < len; i++)
		if (!res[i])
			res[i] = '?';
	if (!o->verbose)
		unlink(out);
	return res;
}

/* --- probe ------------------------------------------------------------------ */

static struct gen_target target;

static int probe(const struct opts *o)
{
	struct hw_blob hb = { HW_BLOB_MAGIC, 0, sizeof(hb) };
	double secs;
	char *out = run_bochs(o, &hb, sizeof(hb), 60, &secs);
	char *save = NULL, *l;
	bool done = false, guest = false, fields = false, shutdown_port;
	bool insn_done = false;
	unsigned int insn_cases = 0, insn_agree = 0, insn_allowed = 0,
		     insn_diff = 0;
	unsigned int fails = 0, diffs = 0, allowed = 0, nmsr = 0, sync_ok = 0;

	shutdown_port = strstr(out, "Shutdown port") != NULL;
	nvmx_model_init(&target.m, NVMX_PRESET_MAX);
	for (uint32_t i = NVMX_MSR_VMX_FIRST; i <= NVMX_MSR_VMX_LAST; i++)
		if (i != NVMX_MSR_VMX_VMCS_ENUM)
			nvmx_model_set_msr(&target.m, i, 0);
	for (l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		unsigned long long a, b2;
		char tag[64];

		/* guest output ('!', or any byte) may precede a line */
		while (*l && (*l < 'A' || *l > 'Z'))
			l++;
		if (sscanf(l, "MSR %llx %llx", &a, &b2) == 2) {
			if (a != NVMX_MSR_VMX_VMCS_ENUM)
				nvmx_model_set_msr(&target.m, (uint32_t)a, b2);
			nmsr++;
		} else if (sscanf(l, "CPU %llx %llx", &a, &b2) == 2) {
			nvmx_model_set_cpu(&target.m, a);
			nvmx_model_set_maxphyaddr(&target.m, (unsigned int)b2);
		} else if (sscanf(l, "BASE %llx %llx", &a, &b2) == 2) {
			if (target.nbase < 200) {
				target.base[target.nbase].enc = (uint32_t)a;
				target.base[target.nbase].val = b2;
				target.nbase++;
			}
		} else if (sscanf(l, "H32 %llx %llx", &a, &b2) == 2) {
			if (target.nh32 < 16) {
				target.h32[target.nh32].enc = (uint32_t)a;
				target.h32[target.nh32].val = b2;
				target.nh32++;
			}
		} else if (sscanf(l, "MEM %llx %llx", &a, &b2) == 2) {
			if (a < GEN_LOW_LIMIT && !(a & 7))
				target.low[a / 8] = b2;
		} else if (sscanf(l, "AREA %llx", &a) == 1) {
			target.msr_area = a;
		} else if (sscanf(l, "VMCSV %llx", &a) == 1) {
			target.vmcs_v = a;
		} else if (!strncmp(l, "ENUM ", 5)) {
			printf("%s: IA32_VMX_VMCS_ENUM bochs/library: %s\n",
			       o->model, l + 5);
		} else if (!strncmp(l, "DIFF ", 5) &&
			   sscanf(l, "DIFF %63s", tag) == 1) {
			struct allow *al = allowed_probe(o->model, tag);

			bool insn = !strncmp(tag, "INSN-", 5);

			if (al) {
				al->hits++;
				allowed++;
				insn_allowed += insn;
				printf("%s: allowlisted (%s): %s\n", o->model,
				       al->name, l);
			} else {
				diffs++;
				insn_diff += insn;
				printf("%s: DISAGREEMENT: %s\n", o->model, l);
			}
		} else if (!strncmp(l, "FAIL", 4) || !strncmp(l, "EXC", 3)) {
			fails++;
			printf("%s: %s\n", o->model, l);
		} else if (!strncmp(l, "GUEST ok", 8)) {
			guest = true;
			printf("%s: %s\n", o->model, l);
		} else if (!strncmp(l, "IC ", 3)) {
			if (o->verbose)
				printf("%s: insn case %s\n", o->model, l + 3);
		} else if (!strncmp(l, "INSNDIFF ", 9)) {
			/* the instruction differential's counts */
			insn_done = sscanf(l, "INSNDIFF cases=%u agree=%u",
					   &insn_cases, &insn_agree) == 2;
		} else if (!strncmp(l, "SYNC ", 5) ||
			   !strncmp(l, "SHADOW ", 7)) {
			printf("%s: %s\n", o->model, l);
			sync_ok += !strncmp(l, "SYNC ", 5) &&
				   strstr(l, " ok");
		} else if (!strncmp(l, "FIELDS ", 7)) {
			fields = true;
			printf("%s: %s\n", o->model, l);
		} else if (!strcmp(l, "DONE")) {
			done = true;
		} else if (strstr(l, "PANIC") && !strstr(l, "Shutdown port")) {
			fails++;
			printf("%s: bochs: %s\n", o->model, l);
		}
	}
	free(out);
	printf("%s: instruction differential (nvmx_insn_* vs the CPU): %u "
	       "cases, %u agreements, %u allowlisted, %u disagreements\n",
	       o->model, insn_cases, insn_agree, insn_allowed, insn_diff);
	if (insn_cases != insn_agree + insn_allowed + insn_diff) {
		printf("%s: instruction differential: DIFF lines missing\n",
		       o->model);
		fails++;
	}
	printf("%s: probe run %.2f s: %u MSRs, %u baseline fields, %u "
	       "disagreements, %u allowlisted, %u failures\n",
	       o->model, secs, nmsr, target.nbase, diffs, allowed, fails);
	if (!done || !guest || !fields || !sync_ok || !shutdown_port || fails ||
	    !insn_done ||
	    diffs ||
	    !nmsr || !target.nbase || !target.msr_area) {
		printf("%s: probe FAILED (done=%d guest=%d fields=%d "
		       "shutdown=%d insn=%d)\n",
		       o->model, done, guest, fields, shutdown_port,
		       insn_done);
		return 1;
	}
	return 0;
}

/* --- differential ------------------------------------------------------------ */

/* Outcome strings: E, I, F<n>, X<reason>:<qual>, H (no result). */

struct mem_ctx {
	const struct gen_vec *v;
};

/* Guest-physical memory as the kernel has it: the MSR-load area holds the
 * vector's entries, everything else reads as zero. */
static int read_gpa(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	const struct mem_ctx *c = opaque;
	uint8_t area[4096];
	uint8_t *p = buf;

	memset(area, 0, sizeof(area));
	memcpy(area, c->v->msr, c->v->nmsr * sizeof(struct hw_msr));
	for (size_t i = 0; i < len; i++) {
		uint64_t a = gpa + i;

		if (a >= target.msr_area && a < target.msr_area + 4096)
			p[i] = area[a - target.msr_area];
		else if (target.vmcs_v && a >= target.vmcs_v &&
			 a < target.vmcs_v + 4)
			/* the vectors' own VMCS: its revision identifier */
			p[i] = (uint8_t)((nvmx_model_get_msr(&target.m,
							     NVMX_MSR_VMX_BASIC) &
					  NVMX_BASIC_REVISION_MASK) >>
					 (8 * (a - target.vmcs_v)));
		else if (a < GEN_LOW_LIMIT)
			p[i] = (uint8_t)(target.low[a / 8] >> (8 * (a % 8)));
		else
			p[i] = 0;
	}
	return 0;
}

/* Outcome string of one library failure. */
static void fmt_failure(const struct nvmx_check_failure *f, char *out,
			size_t n)
{
	switch (f->outcome) {
	case NVMX_OUTCOME_VMFAIL_VALID:
		snprintf(out, n, "F%u", f->vm_insn_error);
		break;
	case NVMX_OUTCOME_VMFAIL_INVALID:
		snprintf(out, n, "I");
		break;
	case NVMX_OUTCOME_ENTRY_FAIL:
		snprintf(out, n, "X%u:%llu", f->exit_reason,
			 (unsigned long long)f->exit_qual);
		break;
	case NVMX_OUTCOME_UD:
		snprintf(out, n, "U6");
		break;
	case NVMX_OUTCOME_GP:
		snprintf(out, n, "U13");
		break;
	case NVMX_OUTCOME_VMEXIT:
		snprintf(out, n, "V%u", f->exit_reason);
		break;
	default:
		snprintf(out, n, "O%d", (int)f->outcome);
		break;
	}
}

/* The outcome class: the part before ':' (F7, F8, X33, X34, E, I). */
static void outcome_class(const char *o, char *cls, size_t n)
{
	snprintf(cls, n, "%s", o);
	if (strchr(cls, ':'))
		*strchr(cls, ':') = 0;
}

#define LIB_ALL 64
struct lib_verdict {
	char first[24];		/* outcome of the first failure, or E */
	char check[64];		/* its check ID name, NONE on success */
	uint32_t field;		/* its field encoding (0: none) */
	unsigned int nall;
	char all[LIB_ALL][24];	/* outcomes of every violated check */
};

static void lib_outcome(const struct gen_vec *v, struct lib_verdict *lv)
{
	static struct nvmx_vmcs12 vm;
	static struct nvmx_check_failure all[LIB_ALL];
	struct mem_ctx mc = { v };
	/* SDM 27.1: the instruction's context per mode (blob.h) */
	struct nvmx_entry_env env = {
		.sz = sizeof(env),
		.launch = v->mode != HW_MODE_RESUME &&
			  v->mode != HW_MODE_RESUME_CLEAR,
		.in_vmx_operation = v->mode != HW_MODE_NOT_VMX,
		.no_current_vmcs = v->mode == HW_MODE_NO_VMCS,
		.cpl = v->mode == HW_MODE_CPL3 ? 3 : 0,
		.v86_or_compat = v->mode == HW_MODE_COMPAT,
		.mov_ss_blocking = v->mode == HW_MODE_MOVSS,
		/* SDM 27.2.4: IA32_EFER.LMA of the host at VMLAUNCH */
		.host_ia32e = v->mode != HW_MODE_HOST32,
		.read_gpa = read_gpa,
		.opaque = &mc,
		.vmptr_known = target.vmcs_v != 0,
		.current_vmptr = target.vmcs_v,
		.executive_vmptr = ~0ull,
	};
	struct nvmx_entry_result res = { .sz = sizeof(res) };
	const char *name;
	int r;

	memset(lv, 0, sizeof(*lv));
	gen_vmcs12(&target, v, &vm);
	if (v->mode == HW_MODE_RELAUNCH || v->mode == HW_MODE_RESUME)
		vm.launch_state = NVMX_LAUNCH_LAUNCHED;
	if (v->mode == HW_MODE_SHADOW)
		vm.revision_id |= 0x80000000u;
	r = nvmx_check_vmentry(&target.m, &vm, &env, &res);
	if (r == 0 && v->mode == HW_MODE_NONROOT) {
		/* the entry succeeds; the guest's own VMLAUNCH is then
		 * executed in VMX non-root operation */
		env.in_vmx_non_root = true;
		r = nvmx_check_vmentry(&target.m, &vm, &env, &res);
		env.in_vmx_non_root = false;
		if (r != 1) {
			snprintf(lv->first, sizeof(lv->first), "E?");
			snprintf(lv->check, sizeof(lv->check), "API");
			return;
		}
		name = nvmx_check_id_name(res.first.id);
		snprintf(lv->check, sizeof(lv->check), "%s", name ? name : "?");
		fmt_failure(&res.first, lv->first, sizeof(lv->first));
		return;
	}
	if (r < 0) {
		snprintf(lv->first, sizeof(lv->first), "ERR%d", r);
		snprintf(lv->check, sizeof(lv->check), "API");
		return;
	}
	if (r == 0) {
		snprintf(lv->first, sizeof(lv->first), "E");
		snprintf(lv->check, sizeof(lv->check), "NONE");
		return;
	}
	name = nvmx_check_id_name(res.first.id);
	snprintf(lv->check, sizeof(lv->check), "%s", name ? name : "?");
	lv->field = res.first.field;
	fmt_failure(&res.first, lv->first, sizeof(lv->first));
	/* diagnostic mode: every violated check, in hardware order */
	res = (struct nvmx_entry_result){ .sz = sizeof(res), .all = all,
					  .all_cap = LIB_ALL };
	if (nvmx_check_vmentry(&target.m, &vm, &env, &res) == 1) {
		unsigned int k = res.all_count < LIB_ALL ? res.all_count :
							   LIB_ALL;

		for (unsigned int i = 0; i < k; i++)
			fmt_failure(&all[i], lv->all[i], sizeof(lv->all[i]));
		lv->nall = k;
	}
	/* The instruction checks end the diagnostic list (no VMCS to check
	 * further). For a VMCS that is only wrong in its shadow indicator,
	 * the checks that follow are those of the same VMCS as an ordinary
	 * one: listed after it, so that a skip=yes allowlist entry can see
	 * what a CPU that ignores the indicator must report. */
	if (v->mode == HW_MODE_SHADOW && lv->nall == 1 &&
	    res.first.id == NVMX_CHECK_INSN_SHADOW_VMCS) {
		vm.revision_id &= 0x7fffffffu;
		res = (struct nvmx_entry_result){ .sz = sizeof(res),
						  .all = all,
						  .all_cap = LIB_ALL - 1 };
		if (nvmx_check_vmentry(&target.m, &vm, &env, &res) == 1) {
			unsigned int k = res.all_count < LIB_ALL - 1 ?
						 res.all_count :
						 LIB_ALL - 1;

			for (unsigned int i = 0; i < k; i++)
				fmt_failure(&all[i], lv->all[1 + i],
					    sizeof(lv->all[1 + i]));
			lv->nall = 1 + k;
		}
	}
}

/*
 * SDM 27.2 and 27.3: within one group of checks (controls, host state,
 * guest state) the order of the checks is not architectural, so a CPU
 * may report any violated check of the first failing group. Bochs agrees
 * "in another order" when its outcome is that of a violated check of the
 * same group as the library's first failure.
 */
static bool other_order(const struct lib_verdict *lv, const char *bochs)
{
	char c1[24], c2[24];

	outcome_class(lv->first, c1, sizeof(c1));
	outcome_class(bochs, c2, sizeof(c2));
	if (strcmp(c1, c2))
		return false;
	for (unsigned int i = 0; i < lv->nall; i++)
		if (!strcmp(lv->all[i], bochs))
			return true;
	return false;
}

/* Serialise vectors [from, to) into a blob. */
static size_t make_blob(const struct gen_vec *v, size_t from, size_t to,
			uint8_t *buf, size_t cap, size_t *upto)
{
	struct hw_blob *hb = (struct hw_blob *)buf;
	size_t off = sizeof(*hb), i;

	for (i = from; i < to; i++) {
		size_t need = sizeof(struct hw_vec) +
			      v[i].nmut * sizeof(struct hw_field) +
			      v[i].nmsr * sizeof(struct hw_msr);
		struct hw_vec hv = { v[i].id, (uint16_t)v[i].nmut,
				     (uint16_t)v[i].nmsr, v[i].mode, 0 };

		if (off + need > cap)
			break;
		memcpy(buf + off, &hv, sizeof(hv));
		off += sizeof(hv);
		memcpy(buf + off, v[i].mut, v[i].nmut * sizeof(struct hw_field));
		off += v[i].nmut * sizeof(struct hw_field);
		memcpy(buf + off, v[i].msr, v[i].nmsr * sizeof(struct hw_msr));
		off += v[i].nmsr * sizeof(struct hw_msr);
	}
	hb->magic = HW_BLOB_MAGIC;
	hb->nvec = (uint32_t)(i - from);
	hb->bytes = (uint32_t)off;
	*upto = i;
	return off;
}

#define MAX_VEC 15000

static int differential(const struct opts *o)
{
	static struct gen_vec vecs[MAX_VEC];
	static char bochs_out[MAX_VEC][24];
	static uint8_t blob[HW_BLOB_MAX];
	static unsigned int hit_agree[NVMX_CHECK_COUNT + 1];
	unsigned int skipped = 0, agree = 0, agree_order = 0, allowed = 0,
		     disagree = 0,
		     noresult = 0, runs = 0, shown = 0;
	size_t n, i = 0;
	double total = 0;

	target.seed = o->seed;
	n = gen_vectors(&target, vecs, MAX_VEC, &skipped);
	for (size_t k = 0; k < n; k++)
		strcpy(bochs_out[k], "H");
	/* Batches; a crash or hang ends a batch early: the vector in flight
	 * is recorded as H (no result) and the run restarts after it. */
	while (i < n) {
		size_t upto, len, last_l = (size_t)-1;
		double secs;
		char *out, *save = NULL, *l;
		size_t end = i + o->batch < n ? i + o->batch : n;

		len = make_blob(vecs, i, end, blob, sizeof(blob), &upto);
		out = run_bochs(o, blob, len,
				10 + (unsigned int)(upto - i) / 100, &secs);
		total += secs;
		runs++;
		for (l = strtok_r(out, "\n", &save); l;
		     l = strtok_r(NULL, "\n", &save)) {
			unsigned long long id, a, b2;
			char kind;

			while (*l && (*l < 'A' || *l > 'Z'))
				l++;
			if (sscanf(l, "L %llx", &id) == 1) {
				last_l = id;
			} else if (sscanf(l, "R %c %llx %llx %llx", &kind, &id,
					  &a, &b2) >= 2 && id < n) {
				switch (kind) {
				case 'E':
					/* NONROOT: the exit of the guest's
					 * VMLAUNCH, by its reason */
					if (vecs[id].mode == HW_MODE_NONROOT)
						snprintf(bochs_out[id], 24,
							 "V%llu", a);
					else
						strcpy(bochs_out[id], "E");
					break;
				case 'U':	/* fault vector, or no fault */
					if (a < 32)
						snprintf(bochs_out[id], 24,
							 "U%llu", a);
					else
						snprintf(bochs_out[id], 24,
							 "NOFAULT%llx", a);
					break;
				case 'N':	/* RELAUNCH/RESUME: the
						 * baseline did not exit */
					strcpy(bochs_out[id], "N");
					break;
				case 'P':	/* SHADOW: VMPTRLD failed */
					snprintf(bochs_out[id], 24, "P%llu",
						 a);
					break;
				case 'I':
					strcpy(bochs_out[id], "I");
					break;
				case 'F':
					snprintf(bochs_out[id], 24, "F%llu", a);
					break;
				case 'X':
					snprintf(bochs_out[id], 24,
						 "X%llu:%llu", a, b2);
					break;
				}
			} else if (sscanf(l, "W %llx %llx %llx", &id, &a,
					  &b2) == 3 && id < n) {
				snprintf(bochs_out[id], 24, "W%llx:%llu", a,
					 b2);
			}
		}
		free(out);
		/* vectors are numbered by index: continue after the last one
		 * started */
		if (last_l != (size_t)-1 && last_l + 1 < upto &&
		    !strcmp(bochs_out[last_l], "H")) {
			printf("%s: vector %zu (%s) ended the run (hang or "
			       "crash); restarting after it\n",
			       o->model, last_l, vecs[last_l].desc);
			i = last_l + 1;
		} else if (last_l == (size_t)-1) {
			printf("%s: batch at %zu produced no result\n",
			       o->model, i);
			i = upto; /* give up on this batch */
		} else {
			i = upto;
		}
	}
	for (size_t k = 0; k < n; k++) {
		static struct lib_verdict lv;
		char fname[64], cls[24];
		const char *fn;
		uint32_t key;
		uint64_t change;
		struct allow *al;

		if (!strcmp(bochs_out[k], "H")) {
			if (noresult++ < 5)
				printf("%s: no result for vector %zu [%s]\n",
				       o->model, k, vecs[k].desc);
			continue;
		}
		lib_outcome(&vecs[k], &lv);
		/* the few 32-bit-host vectors, each listed with -v */
		if (o->verbose && vecs[k].mode == HW_MODE_HOST32)
			printf("%s: vector %zu [%s]: bochs %s, library %s "
			       "(%s)\n",
			       o->model, k, vecs[k].desc, bochs_out[k],
			       lv.first, lv.check);
		if (!strcmp(lv.first, bochs_out[k])) {
			agree++;
			if (strcmp(lv.check, "NONE"))
				hit_agree[nvmx_check_by_name(lv.check)]++;
			continue;
		}
		if (other_order(&lv, bochs_out[k])) {
			agree_order++;
			continue;
		}
		/* Allowlist key: the field of the library's failing check, or
		 * the vector's main field when the library lets it enter. */
		key = lv.field ? lv.field : vecs[k].field;
		fn = nvmx_field_name(key);
		snprintf(fname, sizeof(fname), "%s", fn ? fn : "NONE");
		change = gen_final(&target, &vecs[k], key) ^
			 gen_base(&target, key);
		al = allowed_entry(o->model, lv.check, bochs_out[k], fname,
				   change, gen_final(&target, &vecs[k], key),
				   lv.all, lv.nall);
		outcome_class(bochs_out[k], cls, sizeof(cls));
		if (!al)
			al = allowed_entry(o->model, lv.check, cls, fname,
					   change,
					   gen_final(&target, &vecs[k], key),
					   lv.all, lv.nall);
		if (al) {
			al->hits++;
			allowed++;
			continue;
		}
		disagree++;
		if (shown++ < 40) {
			printf("%s: DISAGREEMENT vector %zu [%s]: bochs %s, "
			       "library %s (%s); writes:",
			       o->model, k, vecs[k].desc, bochs_out[k], lv.first,
			       lv.check);
			for (unsigned int m = 0; m < vecs[k].nmut; m++)
				printf(" %s=%#llx",
				       nvmx_field_name(vecs[k].mut[m].enc),
				       (unsigned long long)vecs[k].mut[m].val);
			printf("\n");
		}
	}
	{
		unsigned int covered = 0;

		for (unsigned int c = 1; c < NVMX_CHECK_COUNT; c++)
			covered += hit_agree[c] != 0;
		printf("%s: differential: %zu vectors in %u Bochs runs "
		       "(%.1f s), %u agreements (+%u with another violated "
		       "check of the same group), %u allowlisted, %u "
		       "disagreements, %u without result, %u not run; "
		       "%u check IDs confirmed\n",
		       o->model, n, runs, total, agree, agree_order, allowed,
		       disagree, noresult, skipped, covered);
		if (o->verbose)
			for (unsigned int c = 1; c < NVMX_CHECK_COUNT; c++)
				printf("  %s %s %u\n",
				       hit_agree[c] ? "confirmed" : "not-hit",
				       nvmx_check_id_name(c), hit_agree[c]);
	}
	for (unsigned int w = 1; w < SKIP_COUNT; w++)
		if (gen_skip_counts[w])
			printf("%s: not run: %u x %s\n", o->model,
			       gen_skip_counts[w], gen_skip_names[w]);
	for (unsigned int a = 0; a < nallow; a++)
		if (allows[a].hits && !strcmp(allows[a].kind, "entry"))
			printf("%s: allowlist %s: %u vectors\n", o->model,
			       allows[a].name, allows[a].hits);
	/* A few vectors without a result are tolerated (oracle unavailable);
	 * most must run. */
	if (disagree || n < 1000 || noresult > n / 50)
		return 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { .seed = 20261202, .batch = 1500 };
	int r;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

#define OPT(name, field)                                                       \
	if (!strcmp(a, "--" name) && v) {                                      \
		o.field = v;                                                   \
		i++;                                                           \
		continue;                                                      \
	}
		OPT("boot", boot);
		OPT("kernel", kernel);
		OPT("bochs", bochs);
		OPT("bios", bios);
		OPT("vgabios", vgabios);
		OPT("allow", allow);
		OPT("model", model);
		OPT("work", work);
#undef OPT
		if (!strcmp(a, "--seed") && v) {
			o.seed = strtoul(v, NULL, 0);
			i++;
		} else if (!strcmp(a, "--batch") && v) {
			o.batch = (unsigned int)strtoul(v, NULL, 0);
			i++;
		} else if (!strcmp(a, "--probe-only")) {
			o.probe_only = true;
		} else if (!strcmp(a, "-v")) {
			o.verbose = true;
		} else {
			die("unknown argument %s", a);
		}
	}
	if (!o.boot || !o.kernel || !o.bochs || !o.bios || !o.vgabios ||
	    !o.allow || !o.model || !o.work)
		die("usage: hwrun --boot B --kernel K --bochs X --bios R "
		    "--vgabios V --allow A --model M --work DIR [--seed S] "
		    "[--batch N] [--probe-only] [-v]");
	if (o.batch == 0)
		o.batch = 1;
	mkdir(o.work, 0755);
	setvbuf(stdout, NULL, _IOLBF, 0);
	load_allowlist(o.allow);
	r = probe(&o);
	if (r || o.probe_only)
		return r;
	return differential(&o);
}
