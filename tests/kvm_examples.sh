#!/bin/sh
# The KVM examples through the CLI: the committed blobs are what the state
# files export to, KVM's verdict on each, and the dump check naming the rule.
# usage: kvm_examples.sh NVMX EXAMPLES_DIR
set -u
nvmx=$1
dir=$2/kvm
tmp=${TMPDIR:-/tmp}/nvmx-kvm-examples.$$
fail=0
trap 'rm -f "$tmp".*' EXIT

check() { # expected-status description command...
	want=$1 what=$2
	shift 2
	"$@" >"$tmp.out" 2>"$tmp.err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL: $what: exit $got, want $want"
		cat "$tmp.out" "$tmp.err"
		fail=1
	fi
}

for s in l2 l2-bad; do
	want=0
	[ $s = l2-bad ] && want=1
	check $want "export state-$s.txt" "$nvmx" nested-state --export "$dir/state-$s.txt" -o "$tmp.$s.bin"
	if ! cmp -s "$tmp.$s.bin" "$dir/nested-state-$s.bin"; then
		echo "FAIL: nested-state-$s.bin is not what state-$s.txt exports (run examples/kvm/regenerate.sh)"
		fail=1
	fi
	check $want "nested-state nested-state-$s.bin" "$nvmx" nested-state "$dir/nested-state-$s.bin"
done
grep -q 'GUEST_TR_TYPE (SDM 27.3.1.2)' "$tmp.out" || { echo "FAIL: bad blob: rule not named"; fail=1; }
check 1 "nested-state --json" "$nvmx" nested-state --json "$dir/nested-state-l2-bad.bin"
grep -q '"rule": "ENTRY_CHECK"' "$tmp.out" || { echo "FAIL: --json: no rule"; fail=1; }
# decode -> state file -> export is the same blob
check 0 "nested-state --state" "$nvmx" nested-state --state "$dir/nested-state-l2.bin"
cp "$tmp.out" "$tmp.state"
check 0 "re-export" "$nvmx" nested-state --export "$tmp.state" -o "$tmp.rt.bin"
cmp -s "$tmp.rt.bin" "$dir/nested-state-l2.bin" || { echo "FAIL: --state/--export round trip"; fail=1; }
check 1 "kvm-dump-check" "$nvmx" kvm-dump-check "$dir/vmentry-fail.dmesg"
grep -q '^  GUEST_TR_TYPE (SDM 27.3.1.2)' "$tmp.out" || { echo "FAIL: dump: rule not named"; cat "$tmp.out"; fail=1; }
grep -q '40 dump lines, 40 mapped, 104 fields set' "$tmp.out" || { echo "FAIL: dump: counts"; cat "$tmp.out"; fail=1; }
check 1 "entry-check --kvm-dump" "$nvmx" entry-check --kvm-dump "$dir/vmentry-fail.dmesg"
grep -q '^  GUEST_TR_TYPE (SDM 27.3.1.2)' "$tmp.out" || { echo "FAIL: entry-check --kvm-dump: rule not named"; cat "$tmp.out"; fail=1; }
check 2 "entry-check --kvm-dump with a FILE too" "$nvmx" entry-check --kvm-dump "$dir/vmentry-fail.dmesg" "$dir/state-l2.txt"
check 2 "kvm-dump-check on a file without a dump" "$nvmx" kvm-dump-check "$dir/state-l2.txt"
exit $fail
