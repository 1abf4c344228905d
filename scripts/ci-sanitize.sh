#!/bin/sh
# SPDX-License-Identifier: MIT
# ci-sanitize.sh - the whole unit suite (plus the fuzz corpus replay and
# the hardening tests) built with AddressSanitizer + UndefinedBehavior-
# Sanitizer, no recovery: the first report aborts the test. Works from a clean clone; build directory
# build-asan/ (override with SAN_BUILD_DIR). Prints one summary line.
#
# NVMX_EXHAUSTIVE_STRIDE: the exhaustive sweeps of tests/unit (2^32
# encodings) are far too slow under ASan; a test that honours this
# variable visits every STRIDE-th value instead (4099 is prime, so every
# residue class of small moduli is still visited). Sanitizers find memory
# errors per code path, not per value, so a strided sweep loses little.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${SAN_BUILD_DIR:-build-asan}
export NVMX_EXHAUSTIVE_STRIDE=${NVMX_EXHAUSTIVE_STRIDE:-4099}
# Suites: the unit tests, the fuzz corpus replay, and the hardening tests
# (Spectre routing, API-doc completeness).
SAN_SUITES=${SAN_SUITES:-unit fuzz hardening}
# Slow under ASan: give every test 3x its timeout.
MULT=${SAN_TIMEOUT_MULTIPLIER:-3}
# Check runs each test in a forked child by default; under ASan a fork
# per test is what makes the big case tables slow. One process per test
# program is enough here: any sanitizer report fails the program anyway.
export CK_FORK=${CK_FORK:-no}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

fail() {
	echo "ci-sanitize: FAIL: $*"
	exit 1
}

if [ ! -f "$B/build.ninja" ]; then
	mkdir -p "$B"
	wipe=""
	[ -d "$B/meson-private" ] && wipe=--wipe
	meson setup $wipe "$B" -Db_sanitize=address,undefined \
		-Dc_args=-fno-sanitize-recover=all -Dbenchmarks=false \
		-Dhw_tests=disabled >"$B/setup.log" 2>&1 || {
		cat "$B/setup.log"
		fail "meson setup (see $B/setup.log)"
	}
fi
ninja -C "$B" -j2 >"$B/ninja.log" 2>&1 || {
	tail -40 "$B/ninja.log"
	fail "build"
}
suites=""
for s in $SAN_SUITES; do
	suites="$suites --suite $s"
done
# shellcheck disable=SC2086
meson test -C "$B" $suites --print-errorlogs \
	--timeout-multiplier "$MULT" >"$B/test.log" 2>&1
rc=$?
summary=$(grep -E '^(Ok|Fail|Timeout|Expected Fail|Unexpected Pass|Skipped):' \
	"$B/test.log" | tr -s ' ' | tr '\n' ' ')
if [ $rc -ne 0 ]; then
	grep -E 'ERROR: AddressSanitizer|runtime error|FAIL|TIMEOUT' \
		"$B/test.log" | head -20
	fail "$summary(log $B/test.log)"
fi
echo "ci-sanitize: OK: ASan+UBSan (no recovery), suites $SAN_SUITES: $summary"
