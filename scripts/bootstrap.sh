#!/usr/bin/env bash
# Install what building and testing libnvmx needs on Debian 12, once.
# Idempotent: installs only the packages that are missing, and runs
# apt-get update only when something must be installed.
set -euo pipefail

packages=(
	# build
	gcc g++ meson ninja-build pkg-config python3
	# unit tests
	check
	# KVM interop: the real <linux/kvm.h>
	linux-libc-dev
	# hardware-backend tests on an emulated VMX CPU
	bochs bochsbios vgabios nasm
	# fuzzing and the sanitizer/coverage builds
	clang libclang-rt-14-dev gcovr
	# benchmarks (instruction counts)
	valgrind
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "bootstrap: all ${#packages[@]} packages present"
	exit 0
fi

echo "bootstrap: installing ${missing[*]}"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "bootstrap: done"
