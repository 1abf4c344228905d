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

# --json output parses (when python3 is there)
if command -v python3 >/dev/null 2>&1; then
	"$nvmx" entry-check --all --json "$dir/three-violations.vmcs" |
		python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["violation_count"] == 3, d' ||
		{ echo "FAIL --json output"; fail=1; }
fi

# input errors: exit status 2 and the line number in the message
tmp=$(mktemp -d)
printf 'GUEST_CR3 = 0x1000\nNO_SUCH_FIELD = 1\n' > "$tmp/bad.vmcs"
msg=$("$nvmx" entry-check "$tmp/bad.vmcs" 2>&1)
rc=$?
case "$rc:$msg" in
2:*"bad.vmcs:2: unknown field 'NO_SUCH_FIELD'"*) ;;
*) echo "FAIL unknown field: rc $rc: $msg"; fail=1 ;;
esac
printf '@launch = 2\n' > "$tmp/bad2.vmcs"
"$nvmx" entry-check "$tmp/bad2.vmcs" >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL bad setting value"; fail=1; }
printf 'NVMX_GUEST_CR3 = 0x1000  # prefixed name and a comment\n' > "$tmp/ok.vmcs"
"$nvmx" entry-check "$tmp/ok.vmcs" >/dev/null 2>&1
[ $? -eq 1 ] || { echo "FAIL prefixed name: expected a verdict (1)"; fail=1; }
# a comment line of any length stays one comment line (no split at 1 KiB)
{ printf '#'; head -c 3000 /dev/zero | tr '\0' x; printf ' NO_SUCH = 5\nNO_SUCH_FIELD = 1\n'; } > "$tmp/long.vmcs"
msg=$("$nvmx" entry-check "$tmp/long.vmcs" 2>&1)
rc=$?
case "$rc:$msg" in
2:*"long.vmcs:2: unknown field 'NO_SUCH_FIELD'"*) ;;
*) echo "FAIL long comment line: rc $rc: $msg"; fail=1 ;;
esac
rm -rf "$tmp"
echo "$n examples checked"
exit $fail
