#!/bin/sh
# SPDX-License-Identifier: MIT
# The msr CLI commands on the shipped example model files (issue 4):
# exit status and the key lines of the output.
# usage: msr_cli.sh NVMX EXAMPLES_DIR
set -u
nvmx=$1
dir=$2/models
fail=0

check() { # name expected-status command...
	name=$1; want=$2; shift 2
	out=$("$@" 2>&1); got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL $name: exit $got, want $want"; echo "$out"; fail=1
	fi
	LAST=$out
}
expect_line() { # name pattern
	if ! printf '%s\n' "$LAST" | grep -q -- "$2"; then
		echo "FAIL $1: no line matching '$2'"; printf '%s\n' "$LAST"; fail=1
	fi
}

# same host: restores under both policies
check same 0 "$nvmx" msr-compat "$dir/icelake-server.model" "$dir/icelake-server.model"
expect_line same '^STRICT: restores$'
expect_line same '^COMPAT: restores$'

# older to newer generation
check icx-spr 0 "$nvmx" msr-compat "$dir/icelake-server.model" "$dir/sapphire-rapids.model"

# a VM saved by release 0.0.x with a since-withdrawn control: COMPAT only
check old-release 1 "$nvmx" msr-compat "$dir/spr-vm-release-0.0.model" "$dir/sapphire-rapids.model"
expect_line old-release '^STRICT: refused, 1 conflict$'
expect_line old-release 'IA32_VMX_PROCBASED_CTLS2: CTL_ALLOWED1_SUBSET'
expect_line old-release 'bit 55 (allowed-1 of control 23): Sub-page write permissions for EPT'
expect_line old-release '^COMPAT: restores$'
# ... unless the saving release had already withdrawn it
check old-release-0.1 3 "$nvmx" msr-compat --release 0.1.0 "$dir/spr-vm-release-0.0.model" "$dir/sapphire-rapids.model"
expect_line old-release-0.1 '^COMPAT: refused, 1 conflict$'

# an MPX VM cannot move to a host without MPX, under either policy
check skx-icx 3 "$nvmx" msr-compat "$dir/skylake-server.model" "$dir/icelake-server.model"
expect_line skx-icx '^STRICT: refused, 5 conflicts$'
expect_line skx-icx 'CPUID MPX'
expect_line skx-icx 'bit 48 (allowed-1 of control 16): Load IA32_BNDCFGS'
expect_line skx-icx 'bit 55 (allowed-1 of control 23): Clear IA32_BNDCFGS'

# newer to older: every lost feature named
check spr-icx 3 "$nvmx" msr-compat "$dir/sapphire-rapids.model" "$dir/icelake-server.model"
expect_line spr-icx 'bit  4: IPI virtualization'
expect_line spr-icx 'IA32_VMX_CR4_FIXED1: FIXED1_DERIVED'

# usage and file errors
check usage 2 "$nvmx" msr-compat "$dir/icelake-server.model"
check missing 2 "$nvmx" msr-compat "$dir/nope.model" "$dir/icelake-server.model"

# malformed or inconsistent model files
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
printf 'base = icelake-server\nIA32_VMX_BASIC = 0x00d8040080000004\n' > "$tmp/rsvd.model"
check bad-dst 2 "$nvmx" msr-compat "$dir/icelake-server.model" "$tmp/rsvd.model"
expect_line bad-dst 'STRICT: destination model is inconsistent: BASIC_RESERVED (IA32_VMX_BASIC, bits 0x80000000)'
printf 'base = icelake-server\nIA32_VMX_VMCS_ENUM = 0x40\n' > "$tmp/enum.model"
check bad-enum 2 "$nvmx" caps --file "$tmp/enum.model"
expect_line bad-enum 'enum.model:2: IA32_VMX_VMCS_ENUM 0x40 differs from the value derived from the fields (0x3e)'
printf 'cpu += FOO\n' > "$tmp/cpu.model"
check bad-cpu 2 "$nvmx" caps --file "$tmp/cpu.model"
expect_line bad-cpu "cpu.model:1: unknown CPUID fact 'FOO'"
printf 'base = lam\ncpu -= LAM LASS\nIA32_VMX_CR4_FIXED1 = 0x0000000003f77fff\nmaxphyaddr = 46\n' > "$tmp/edit.model"
check edit 0 "$nvmx" caps --file "$tmp/edit.model"
expect_line edit '^MAXPHYADDR: 46$'
expect_line edit '^IA32_VMX_CR4_FIXED1 (0x489) = 0x0000000003f77fff$'

# caps: a preset and a model file decode the same
check caps-preset 0 "$nvmx" caps --model icelake-server
expect_line caps-preset '^IA32_VMX_PROCBASED_CTLS2 (0x48b) = 0x0b5fffff00000000$'
expect_line caps-preset 'bit  1  Enable EPT  *flexible$'
expect_line caps-preset 'bit 15  CR3-load exiting  *fixed 1$'
expect_line caps-preset 'bits 44:32 VMXON/VMCS region size  *1024 (0x400)$'
expect_line caps-preset 'IA32_VMX_PROCBASED_CTLS3 (0x492) = 0x0000000000000000   \[RDMSR #GP: not enumerated\]'
preset_out=$LAST
check caps-file 0 "$nvmx" caps --file "$dir/icelake-server.model"
[ "$LAST" = "$preset_out" ] || { echo "FAIL caps-file: differs from the preset"; fail=1; }
check caps-true 0 "$nvmx" caps --model sapphire-rapids
expect_line caps-true 'IA32_VMX_TRUE_PROCBASED_CTLS (0x48e)'
expect_line caps-true 'bit 15  CR3-load exiting  *flexible$'
check caps-evmcs 0 "$nvmx" caps --model sapphire-rapids --evmcs
expect_line caps-evmcs 'bit  7  Process posted interrupts  *fixed 0$'
check caps-bad 2 "$nvmx" caps --model pentium
# --derive: L1's model never offers a withdrawn control (max offers SPP)
check caps-max 0 "$nvmx" caps --model max
expect_line caps-max 'bit 23  Sub-page write permissions for EPT  *flexible$'
check caps-derive 0 "$nvmx" caps --model max --derive
expect_line caps-derive 'bit 23  Sub-page write permissions for EPT  *fixed 0$'

# --emit round trip: the shipped files are what the presets emit
for p in skylake-server icelake-server sapphire-rapids; do
	check "emit-$p" 0 "$nvmx" caps --model "$p" --emit
	if [ "$(printf '%s\n' "$LAST" | tail -n +2)" != "$(tail -n +3 "$dir/$p.model")" ]; then
		echo "FAIL emit-$p: examples/models/$p.model is stale"; fail=1
	fi
done

[ $fail = 0 ] && echo "msr CLI: all checks passed"
exit $fail
