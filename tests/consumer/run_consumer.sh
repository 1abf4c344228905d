#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the build into a temporary DESTDIR, build tests/consumer/consumer.c
# against the installed copy with pkg-config, and run it against the
# installed shared library.
# usage: run_consumer.sh MESON BUILD_ROOT CONSUMER_C CC...
set -eu
meson=$1
build=$2
src=$3
shift 3
cc="$*"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() {
	echo "consumer: $*" >&2
	exit 1
}

$meson install -C "$build" --destdir "$tmp" --no-rebuild --quiet ||
	fail "meson install into $tmp failed"

pc=$(find "$tmp" -name nvmx.pc | head -n 1)
[ -n "$pc" ] || fail "no nvmx.pc installed under $tmp"
pcdir=$(dirname "$pc")
# Only the installed .pc (PKG_CONFIG_LIBDIR replaces the system search
# path); the sysroot prefixes its -I/-L paths with the DESTDIR.
flags=$(PKG_CONFIG_PATH="" PKG_CONFIG_LIBDIR="$pcdir" \
	PKG_CONFIG_SYSROOT_DIR="$tmp" pkg-config --cflags --libs nvmx) ||
	fail "pkg-config --cflags --libs nvmx failed"
echo "pkg-config: $flags"
case "$flags" in
*"-I$tmp"*) ;;
*) fail "pkg-config flags do not point into the DESTDIR" ;;
esac

# shellcheck disable=SC2086 # flags and cc are word lists
$cc -std=c11 -Wall -Wextra -Werror "$src" $flags -o "$tmp/consumer" ||
	fail "building consumer.c against the installed copy failed"

so=$(find "$tmp" -name 'libnvmx.so.0' | head -n 1)
[ -n "$so" ] || fail "no libnvmx.so.0 installed"
libdir=$(dirname "$so")
# The program must load the installed library, not the build tree's.
LD_LIBRARY_PATH="$libdir" ldd "$tmp/consumer" | grep "libnvmx" | grep -q "$tmp" ||
	fail "consumer does not resolve libnvmx from the DESTDIR"
LD_LIBRARY_PATH="$libdir" "$tmp/consumer"
