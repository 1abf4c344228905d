#!/bin/sh
# Regenerate the example nested-state blobs from their state files.
# usage: examples/kvm/regenerate.sh [path/to/nvmx]   (default: build/tools/nvmx)
set -e
here=$(dirname "$0")
nvmx=${1:-build/tools/nvmx}
"$nvmx" nested-state --export "$here/state-l2.txt" -o "$here/nested-state-l2.bin"
# The bad state is refused by design: export still writes it (exit 1).
"$nvmx" nested-state --export "$here/state-l2-bad.txt" -o "$here/nested-state-l2-bad.bin" || [ $? -eq 1 ]
