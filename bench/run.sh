#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/run.sh [BUILD_DIR] - field lookup / VMREAD / VMWRITE figures:
#  1. ns/op and ratios (bench-fields: best of several interleaved runs),
#  2. instructions/op from valgrind --tool=callgrind (instructions executed
#     inside the measured function per call; the call instruction and the
#     benchmark loop are not counted),
#  3. bytes of every data table in the objects of the lookup path (nm -S).
set -eu
build=${1:-build}
bench="$build/bench/bench-fields"
ninja -C "$build" bench/bench-fields >/dev/null
[ -x "$bench" ] || { echo "no $bench (configure with -Dbenchmarks=true)" >&2; exit 1; }

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== compiler: $(cc --version | head -n 1); build type: $(meson introspect --buildoptions "$build" 2>/dev/null | python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"][0])' 2>/dev/null || echo '?')"
echo
echo "== time (ns/op, best of 31 runs of 200 passes over the mix)"
"$bench"
echo

if command -v valgrind >/dev/null 2>&1; then
	echo "== instructions per call (callgrind, 4096 calls each)"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT INT TERM
	printf '%-26s %9s %11s %11s\n' operation instr/op "vs linear" "vs rot-idx"
	op=0
	while [ $op -lt 9 ]; do
		line=$("$bench" --callgrind $op)
		fn=$(printf '%s' "$line" | cut -f1)
		calls=$(printf '%s' "$line" | cut -f2)
		name=$(printf '%s' "$line" | cut -f3)
		valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$op" \
			--collect-atstart=no --toggle-collect="$fn" \
			"$bench" --callgrind $op >/dev/null 2>"$tmp/log.$op"
		ir=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$tmp/cg.$op")
		[ -n "$ir" ] || ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$tmp/cg.$op")
		echo "$op $ir $calls $name" >>"$tmp/ir"
		op=$((op + 1))
	done
	awk '{ ir[$1] = $2 / $3; name = $4; for (i = 5; i <= NF; i++) name = name " " $i; nm[$1] = name }
	     END { for (o = 0; o < 9; o++) { b = o - o % 3;
		printf "%-26s %9.2f %10.2fx %10.2fx\n", nm[o], ir[o], ir[o] / ir[b + 1], ir[o] / ir[b + 2] } }' "$tmp/ir"
	echo
fi

echo "== tables (bytes; nm -S of the core objects on the field path)"
objdir="$build/libnvmx-core.a.p"
for o in lib_fields_fields.c.o lib_model.c.o lib_vmcs12.c.o; do
	nm -S -t d "$objdir/$o" | awk -v o="$o" '$3 ~ /^[dDrR]$/ { printf "  %-20s %6d  (%s)\n", $4, $2, o }'
done | tee "${tmp:-/tmp}/tables.$$"
awk '{ s += $2 } END { printf "  %-20s %6d  (all tables above; name strings not included)\n", "total", s }' "${tmp:-/tmp}/tables.$$"
rm -f "${tmp:-/tmp}/tables.$$"
