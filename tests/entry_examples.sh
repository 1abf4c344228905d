#!/bin/sh
# SPDX-License-Identifier: MIT
# entry_examples.sh NVMX EXAMPLES_DIR - run `nvmx entry-check --json` on
# every examples/*.vmcs and compare the first failing check ID with the
# "# expect: ID" line of the file ("# expect: PASS" = VM entry succeeds).
nvmx=$1
dir=$2
fail=0
n=0
for f in "$dir"/*.vmcs; do
	n=$((n + 1))
	exp=$(sed -n 's/^# expect: *\([A-Z0-9_]*\).*/\1/p' "$f" | head -n 1)
	if [ -z "$exp" ]; then
		echo "FAIL $f: no '# expect:' line"
		fail=1
		continue
	fi
	out=$("$nvmx" entry-check --json "$f")
	rc=$?
	if [ "$exp" = PASS ]; then
		if [ $rc -ne 0 ]; then
			echo "FAIL $f: expected success, got rc $rc: $out"
			fail=1
		fi
		continue
	fi
	case "$out" in
	*"\"first\": {\"id\": \"$exp\""*)
		[ $rc -eq 1 ] || { echo "FAIL $f: rc $rc"; fail=1; } ;;
	*)
		echo "FAIL $f: expected $exp, got: $out"
		fail=1 ;;
	esac
done
[ $n -gt 0 ] || { echo "no examples in $dir"; exit 1; }
echo "$n examples checked"
exit $fail
