// SPDX-License-Identifier: MIT
/*
 * kvm_dump.c - parse the VMCS dump KVM writes to the kernel log on a failed
 * VM entry back into a struct nvmx_vmcs12.
 *
 * The dump is line oriented: section markers ("*** Guest State ***", ...),
 * an optional "Label:" at the start of a line, then key=value pairs with
 * hexadecimal values of a fixed minimum width. The keys are the rows of
 * kvm_dump.def. The parser maps a value only when key, section and width
 * all match; everything else becomes an issue, so that a truncated or
 * unfamiliar line is reported rather than read as something it is not.
 */
#include <string.h>

#include "fields/fields_internal.h"
#include "kvm_internal.h"

enum dump_section { SEC_NONE, SEC_G, SEC_H, SEC_C };
enum dump_kind { K_VAL, K_SELRIP, K_SVIRVI };

struct dump_key {
	uint8_t sec;
	uint8_t digits;
	uint8_t kind;
	uint32_t field;
	const char *label;
	const char *key;
};

static const struct dump_key dump_keys[] = {
#define NVMX_KVM_DUMP_KEY(s, l, k, f, d, kind)                                 \
	{ SEC_##s, d, K_##kind, f, l, k },
#include "kvm_dump.def"
#undef NVMX_KVM_DUMP_KEY
};
#define DUMP_KEYS (sizeof(dump_keys) / sizeof(dump_keys[0]))

static const char *const issue_names[] = {
	[NVMX_KVM_DUMP_UNKNOWN_LINE] = "unknown-line",
	[NVMX_KVM_DUMP_UNKNOWN_KEY] = "unknown-key",
	[NVMX_KVM_DUMP_TRUNCATED] = "truncated",
	[NVMX_KVM_DUMP_BAD_VALUE] = "bad-value",
	[NVMX_KVM_DUMP_NOT_A_FIELD] = "not-a-field",
	[NVMX_KVM_DUMP_CONFLICT] = "conflict",
};

const char *nvmx_kvm_dump_issue_name(enum nvmx_kvm_dump_issue_kind k)
{
	const unsigned int n = sizeof(issue_names) / sizeof(issue_names[0]);

	if ((unsigned int)k == 0 || (unsigned int)k >= n)
		return NULL;
	return issue_names[nvmx_clamp_index((unsigned int)k, n)];
}

struct parser {
	const struct nvmx_model *m;
	struct nvmx_vmcs12 *v;
	struct nvmx_kvm_dump_result *r;
	enum dump_section sec;
	bool fresh;	    /* a dump header was seen, no section yet */
	unsigned int line;  /* current line number */
	const char *text;   /* current line after the log prefixes */
	unsigned int issues; /* issues raised on the current line */
};

static void issue(struct parser *ps, enum nvmx_kvm_dump_issue_kind k,
		  uint32_t field)
{
	struct nvmx_kvm_dump_result *r = ps->r;

	ps->issues++;
	if (r->issues && r->issue_count < r->issue_cap) {
		struct nvmx_kvm_dump_issue *i = &r->issues[r->issue_count];
		size_t n = strlen(ps->text);

		if (n >= sizeof(i->text))
			n = sizeof(i->text) - 1;
		memset(i, 0, sizeof(*i));
		i->line = ps->line;
		i->kind = k;
		i->field = field;
		memcpy(i->text, ps->text, n);
	}
	r->issue_count++;
}

static void begin_dump(struct parser *ps)
{
	struct nvmx_kvm_dump_result *r = ps->r;

	nvmx_vmcs12_init(ps->v, ps->m);
	memset(r->set, 0, sizeof(r->set));
	r->dumps++;
	r->dump_lines = 0;
	r->mapped_lines = 0;
	r->fields_set = 0;
	r->issue_count = 0;
	r->guest_section = r->host_section = r->control_section = false;
	ps->fresh = true;
	ps->sec = SEC_NONE;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool starts_with(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* Skip syslog level, journal "host kernel: ", dmesg timestamp and the
 * module prefix KVM's pr_err() adds. */
static const char *strip_prefixes(const char *s)
{
	const char *k;

	while (is_space(*s))
		s++;
	if (*s == '<') {
		const char *e = s + 1;

		while (*e >= '0' && *e <= '9')
			e++;
		if (*e == '>' && e > s + 1)
			s = e + 1;
	}
	k = strstr(s, "kernel: ");
	if (k)
		s = k + strlen("kernel: ");
	while (is_space(*s))
		s++;
	if (*s == '[') {
		const char *e = strchr(s, ']');

		if (e)
			s = e + 1;
	}
	while (is_space(*s))
		s++;
	if (starts_with(s, "kvm_intel:"))
		s += strlen("kvm_intel:");
	else if (starts_with(s, "kvm:"))
		s += strlen("kvm:");
	while (is_space(*s))
		s++;
	return s;
}

static const struct dump_key *find_key(enum dump_section sec,
				       const char *label, size_t llen,
				       const char *key, size_t klen)
{
	for (size_t i = 0; i < DUMP_KEYS; i++) {
		const struct dump_key *d = &dump_keys[i];

		if (d->sec != sec || strlen(d->label) != llen ||
		    strlen(d->key) != klen)
			continue;
		if (!strncmp(d->label, label, llen) &&
		    !strncmp(d->key, key, klen))
			return d;
	}
	return NULL;
}

/*
 * Hexadecimal number in [s, e), optional 0x. Returns the digit count,
 * 0 for an empty number, -1 for a non-hex character or more than 16 digits.
 */
static int parse_hex(const char *s, const char *e, uint64_t *out)
{
	uint64_t x = 0;
	int n = 0;

	if (e - s >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; s < e; s++, n++) {
		char c = *s;
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			return -1;
		if (n >= 16)
			return -1;
		x = (x << 4) | d;
	}
	*out = x;
	return n;
}

static void set_field(struct parser *ps, uint32_t enc, uint64_t val)
{
	const struct nvmx_field_info *f = nvmx_field_lookup(enc);
	struct nvmx_kvm_dump_result *r = ps->r;
	uint64_t mask, bit;

	if (!f)
		return;
	mask = f->width == NVMX_W16 ? 0xffffull
	       : f->width == NVMX_W32 ? 0xffffffffull
				      : ~0ull;
	if (val & ~mask) {
		issue(ps, NVMX_KVM_DUMP_BAD_VALUE, enc);
		return;
	}
	bit = 1ull << (f->index % 64);
	if (r->set[f->index / 64] & bit) {
		if (ps->v->field[f->index] != val)
			issue(ps, NVMX_KVM_DUMP_CONFLICT, enc);
		return;
	}
	ps->v->field[f->index] = val;
	r->set[f->index / 64] |= bit;
	r->fields_set++;
}

/* Check the digits of one number against the width KVM prints. */
static bool take_number(struct parser *ps, const char *s, const char *e,
			unsigned int digits, uint32_t enc, uint64_t *out)
{
	int n = parse_hex(s, e, out);

	if (n < 0) {
		issue(ps, NVMX_KVM_DUMP_BAD_VALUE, enc);
		return false;
	}
	if ((unsigned int)n < digits) {
		issue(ps, NVMX_KVM_DUMP_TRUNCATED, enc);
		return false;
	}
	return true;
}

static void map_value(struct parser *ps, const struct dump_key *d,
		      const char *s, const char *e, bool annotated)
{
	uint64_t a, b;
	const char *sep;

	if (annotated) {
		/* "EFER= ... (effective)": KVM's software view, not the field */
		issue(ps, NVMX_KVM_DUMP_NOT_A_FIELD, d->field);
		return;
	}
	switch (d->kind) {
	case K_VAL:
		if (take_number(ps, s, e, d->digits, d->field, &a))
			set_field(ps, d->field, a);
		break;
	case K_SELRIP: /* this row: the selector; the next row: the RIP */
		sep = memchr(s, ':', (size_t)(e - s));
		if (!sep) {
			issue(ps, NVMX_KVM_DUMP_TRUNCATED, d->field);
			break;
		}
		if (take_number(ps, s, sep, d->digits, d->field, &a) &&
		    take_number(ps, sep + 1, e, d[1].digits, d[1].field, &b)) {
			set_field(ps, d->field, a);
			set_field(ps, d[1].field, b);
		}
		break;
	case K_SVIRVI: /* SVI in bits 15:8, RVI in 7:0 (SDM 25.4.2) */
		sep = memchr(s, '|', (size_t)(e - s));
		if (!sep) {
			issue(ps, NVMX_KVM_DUMP_TRUNCATED, d->field);
			break;
		}
		if (take_number(ps, s, sep, d->digits, d->field, &a) &&
		    take_number(ps, sep + 1, e, d->digits, d->field, &b)) {
			if (a > 0xff || b > 0xff)
				issue(ps, NVMX_KVM_DUMP_BAD_VALUE, d->field);
			else
				set_field(ps, d->field, (a << 8) | b);
		}
		break;
	}
}

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* One line inside a dump section. Returns false if the line ends the dump. */
static bool parse_line(struct parser *ps, const char *p)
{
	const char *label = "", *q, *tok_end;
	size_t llen = 0, n = strlen(p);
	unsigned int pairs = 0;

	while (n && is_space(p[n - 1]))
		n--;
	while (is_space(*p))
		p++, n--;
	if (!n)
		return true;
	/*
	 * The dump has no end marker: in the control section, its last, a
	 * line without any key=value pair is the next log message.
	 */
	if (ps->sec == SEC_C && !memchr(p, '=', n))
		return false;
	ps->r->dump_lines++;

	/* "MSR guest autoload:" and its "  0: msr=... value=..." entries
	 * list the MSR areas, not VMCS fields. */
	if (starts_with(p, "MSR ") && p[n - 1] == ':') {
		issue(ps, NVMX_KVM_DUMP_NOT_A_FIELD, 0);
		return true;
	}

	/* A leading "Label:" (followed by a blank), e.g. "CR0:" or "VMExit:". */
	tok_end = p;
	while (*tok_end && !is_space(*tok_end) && *tok_end != '=')
		tok_end++;
	if (tok_end > p && tok_end[-1] == ':' && (is_space(*tok_end))) {
		label = p;
		llen = (size_t)(tok_end - p) - 1;
		q = tok_end;
		if (all_digits(label, llen)) {
			issue(ps, NVMX_KVM_DUMP_NOT_A_FIELD, 0);
			return true;
		}
	} else {
		q = p;
	}

	for (;;) {
		const char *eq = strchr(q, '='), *ks, *ke, *vs, *ve, *a;
		const struct dump_key *d;
		bool annotated = false;

		while (*q == ',' || is_space(*q))
			q++;
		if (!eq) {
			if (!*q)
				break;
			if (!pairs)
				issue(ps, NVMX_KVM_DUMP_UNKNOWN_LINE, 0);
			else
				issue(ps, NVMX_KVM_DUMP_TRUNCATED, 0);
			break;
		}
		ks = q;
		ke = eq;
		while (ke > ks && is_space(ke[-1]))
			ke--;
		vs = eq + 1;
		while (is_space(*vs))
			vs++;
		ve = vs;
		while (*ve && !is_space(*ve) && *ve != ',')
			ve++;
		a = ve;
		while (is_space(*a))
			a++;
		if (*a == '(') {
			const char *c = strchr(a, ')');

			annotated = true;
			q = c ? c + 1 : a + strlen(a);
		} else {
			q = ve;
		}
		pairs++;
		d = find_key(ps->sec, label, llen, ks, (size_t)(ke - ks));
		if (!d) {
			issue(ps, NVMX_KVM_DUMP_UNKNOWN_KEY, 0);
			continue;
		}
		if (vs == ve) {
			issue(ps, NVMX_KVM_DUMP_TRUNCATED, d->field);
			continue;
		}
		map_value(ps, d, vs, ve, annotated);
	}
	return true;
}

int nvmx_kvm_dump_parse(const char *text, size_t len,
			const struct nvmx_model *m, struct nvmx_vmcs12 *v,
			struct nvmx_kvm_dump_result *r)
{
	struct parser ps;
	char buf[512];
	size_t pos = 0;
	size_t sz;

	if (!text || !v || !r || r->sz < sizeof(*r))
		return NVMX_EINVAL;
	sz = r->sz;
	{
		struct nvmx_kvm_dump_issue *iss = r->issues;
		unsigned int cap = r->issue_cap;

		memset(r, 0, sizeof(*r));
		r->sz = sz;
		r->issues = iss;
		r->issue_cap = iss ? cap : 0;
	}
	memset(&ps, 0, sizeof(ps));
	ps.m = m;
	ps.v = v;
	ps.r = r;
	nvmx_vmcs12_init(v, m);

	while (pos < len) {
		size_t e = pos, n;
		const char *p;
		bool cut;

		while (e < len && text[e] != '\n')
			e++;
		n = e - pos;
		cut = n >= sizeof(buf);
		if (cut)
			n = sizeof(buf) - 1;
		memcpy(buf, text + pos, n);
		buf[n] = 0;
		/* NUL or CR inside the line: keep the part before it; a NUL
		 * (or an overlong line) means the rest is not read */
		if (strlen(buf) != n && !(n && text[pos + n - 1] == '\r' &&
					  strlen(buf) == n - 1))
			cut = true;
		buf[strcspn(buf, "\r")] = 0;
		pos = e + 1;
		r->lines++;
		ps.line = r->lines;
		ps.issues = 0;

		p = strip_prefixes(buf);
		ps.text = p;
		if (strstr(p, "last attempted VM-entry") && starts_with(p, "VMCS ")) {
			begin_dump(&ps);
			continue;
		}
		if (strstr(p, "*** Guest State ***")) {
			if (!ps.fresh)
				begin_dump(&ps);
			ps.fresh = false;
			ps.sec = SEC_G;
			r->guest_section = true;
			continue;
		}
		if (strstr(p, "*** Host State ***") ||
		    strstr(p, "*** Control State ***")) {
			bool host = strstr(p, "*** Host State ***");

			if (!r->dumps)
				begin_dump(&ps); /* the log starts mid-dump */
			ps.fresh = false;
			ps.sec = host ? SEC_H : SEC_C;
			if (host)
				r->host_section = true;
			else
				r->control_section = true;
			continue;
		}
		if (ps.sec == SEC_NONE)
			continue; /* noise outside a dump */
		{
			unsigned int before = r->dump_lines;

			if (!parse_line(&ps, p)) {
				ps.sec = SEC_NONE;
				continue;
			}
			if (cut && r->dump_lines > before)
				issue(&ps, NVMX_KVM_DUMP_TRUNCATED, 0);
			if (r->dump_lines > before && !ps.issues)
				r->mapped_lines++;
		}
	}
	return r->dumps ? 0 : NVMX_EBADMSG;
}
