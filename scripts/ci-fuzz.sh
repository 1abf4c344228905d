#!/bin/sh
# SPDX-License-Identifier: MIT
# ci-fuzz.sh - build the libFuzzer harnesses of tests/fuzz with clang
# (-fsanitize=fuzzer,address,undefined, no recovery), replay the committed
# seed corpora and known crashers, then fuzz every harness for
# FUZZ_SECONDS seconds (default 30), FUZZ_JOBS at a time (default 2).
# Fails on any finding: a crash, a sanitizer report, a violated invariant,
# a timeout or out-of-memory. Works from a clean clone; the build
# directory is build-fuzz/ (override with FUZZ_BUILD_DIR).
#
# Findings are saved as $B/fuzz-artifacts/<harness>-crash-<sha1>; copy one
# to tests/fuzz/crashers/<harness>/ to keep it as a regression test.
# Prints one summary line, e.g.
#   ci-fuzz: OK: 3 harnesses x 30 s, 4123456 execs, 0 findings
set -u
cd "$(dirname "$0")/.." || exit 2
B=${FUZZ_BUILD_DIR:-build-fuzz}
SECS=${FUZZ_SECONDS:-30}
JOBS=${FUZZ_JOBS:-2}
LOG=$B/fuzz-logs

fail() {
	echo "ci-fuzz: FAIL: $*"
	exit 1
}

command -v clang >/dev/null 2>&1 || fail "clang not found (apt: clang, libclang-rt-dev)"
if [ ! -f "$B/build.ninja" ]; then
	mkdir -p "$B"
	wipe=""
	[ -d "$B/meson-private" ] && wipe=--wipe
	# -fsanitize=fuzzer-no-link instruments the library for coverage; the
	# harness executables add -fsanitize=fuzzer (tests/fuzz/meson.build).
	# werror off: a clang-only warning must not hide the fuzzing verdict
	# (the gcc builds keep -Werror).
	CC=clang meson setup $wipe "$B" -Dfuzzing=true \
		-Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args="-fsanitize=fuzzer-no-link -fno-sanitize-recover=all" \
		-Dwerror=false -Dbenchmarks=false -Dhw_tests=disabled \
		>"$B/setup.log" 2>&1 || {
		cat "$B/setup.log"
		fail "meson setup (see $B/setup.log)"
	}
fi
ninja -C "$B" -j"$JOBS" >"$B/ninja.log" 2>&1 || {
	tail -40 "$B/ninja.log"
	fail "build"
}
# Seeds and crashers first: a committed crasher that still crashes is an
# open finding.
# (Recorded, and the fuzzing still runs, so that its figures are printed.)
replay_bad=""
meson test -C "$B" --suite fuzz --suite fuzz-crashers --print-errorlogs \
	>"$B/replay.log" 2>&1 || {
	grep -E '^ *[0-9]+/[0-9]+ .*(FAIL|TIMEOUT)' "$B/replay.log" >&2
	replay_bad=$(grep -E '^ *[0-9]+/[0-9]+ .*(FAIL|TIMEOUT)' "$B/replay.log" |
		sed 's/.* \(fuzz-[a-z_0-9-]*\) .*/\1/' | sort -u | tr '\n' ' ')
}

harnesses=$(cd tests/fuzz && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')
# -timeout=25: one input running that long is a finding (a hang); shorter
# limits gave false alarms on a loaded machine (wall-clock time).
mkdir -p "$LOG" "$B/fuzz-artifacts"
export B SECS LOG
# One harness per job; FUZZ_JOBS of them at a time.
printf '%s\n' $harnesses | xargs -P "$JOBS" -I{} sh -c '
	h={}
	exe=$B/tests/fuzz/fuzz_$h
	[ -x "$exe" ] || { echo "missing $exe" >"$LOG/$h.log"; exit 1; }
	mkdir -p "$B/tests/fuzz/corpus-$h"
	"$exe" -max_total_time="$SECS" -print_final_stats=1 -timeout=25 \
		-rss_limit_mb=2048 -artifact_prefix="$B/fuzz-artifacts/$h-" \
		"$B/tests/fuzz/corpus-$h" "tests/fuzz/corpus/$h" \
		>"$LOG/$h.log" 2>&1
	echo $? >"$LOG/$h.rc"
'

total=0
n=0
bad=""
for h in $harnesses; do
	n=$((n + 1))
	rc=$(cat "$LOG/$h.rc" 2>/dev/null || echo 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$LOG/$h.log")
	cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$LOG/$h.log" | tail -1)
	echo "  $h: rc=$rc execs=${execs:-?} $cov" >&2
	total=$((total + ${execs:-0}))
	[ "$rc" = 0 ] || bad="$bad $h"
done
for h in $bad; do
	echo "--- $h (log $LOG/$h.log) ---" >&2
	grep -A30 -m1 -E 'ERROR|invariant violated|runtime error' \
		"$LOG/$h.log" >&2
done
[ -z "$bad" ] || fail "findings in:$bad ($n harnesses x $SECS s, $total execs; artifacts in $B/fuzz-artifacts)${replay_bad:+; replay failed: $replay_bad}"
[ -z "$replay_bad" ] || fail "replay failed: $replay_bad(see $B/replay.log); fuzzing: $n harnesses x $SECS s, $total execs, 0 new findings"
echo "ci-fuzz: OK: $n harnesses x $SECS s, $total execs, 0 findings"
