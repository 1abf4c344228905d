#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Symbol checks on the static libraries and a statically linked program.

usage:
  check_archive.py prefix NM ARCHIVE
      every global symbol the archive defines starts with nvmx_ / NVMX_
  check_archive.py static NM PROGRAM REFERENCE
      PROGRAM links the whole of libnvmx.a into a tiny main; REFERENCE is
      the same main without the library. Every global symbol that PROGRAM
      defines beyond REFERENCE (= what the library brought in) starts with
      nvmx_ / NVMX_, and the library's API is really there.
  check_archive.py freestanding NM ARCHIVE
      the freestanding core references no symbol outside itself except
      memcpy, memset and memcmp (which the compiler may emit for struct
      copies and loops even under -ffreestanding; a kernel provides them)
      and _GLOBAL_OFFSET_TABLE_.
      _GLOBAL_OFFSET_TABLE_ is not a dependency on any library: it is a
      symbol the static linker itself defines (the start of the GOT) when
      position-independent code (pic: true, needed to put the core into
      the shared library) refers to it; every link provides it.
Option --instrumented (given by meson when b_sanitize or b_coverage is on):
symbols of the sanitizer / coverage runtimes (__asan_*, __ubsan_*,
__sanitizer_*, __gcov_*, ...) are tolerated, since the instrumentation, not
the library, adds them; the strict check runs in the plain build.
Exit status 0 only if the check holds; offending symbols are printed.
"""
import subprocess
import sys

PREFIXES = ("nvmx_", "NVMX_")
INSTRUMENTATION = ("__asan", "___asan", "__ubsan", "__sanitizer", "__lsan",
                   "__tsan", "__msan", "__gcov", "__llvm", "__sancov",
                   "__start_asan", "__stop_asan", "__odr_asan")
instrumented = False
FREESTANDING_OK = {"memcpy", "memset", "memcmp", "_GLOBAL_OFFSET_TABLE_"}


def nm(tool, path, *flags):
    out = subprocess.run([tool, *flags, path], check=True, capture_output=True,
                         text=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        # "addr T name", "         U name", "file.o:" headers, blank lines
        if len(parts) >= 2 and not line.endswith(":"):
            syms.append((parts[-2], parts[-1]))
    return syms


def defined_globals(tool, path):
    # -g: external symbols only; --defined-only drops U; 'w'/'v' weak
    # undefined never appear with --defined-only.
    return {name for kind, name in nm(tool, path, "-g", "--defined-only")}


def check_prefix(names, what):
    ok = PREFIXES + (INSTRUMENTATION if instrumented else ())
    bad = sorted(n for n in names if not n.startswith(ok))
    for n in bad:
        print(f"{what}: global symbol without nvmx_ prefix: {n}")
    return not bad


def main():
    global instrumented
    if "--instrumented" in sys.argv:
        sys.argv.remove("--instrumented")
        instrumented = True
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    mode, tool = sys.argv[1], sys.argv[2]
    if mode == "prefix":
        names = defined_globals(tool, sys.argv[3])
        if not names:
            print(f"{sys.argv[3]}: defines no global symbol?")
            return 1
        ok = check_prefix(names, sys.argv[3])
        print(f"{len(names)} global symbols in {sys.argv[3]}: "
              f"{'all prefixed' if ok else 'NOT all prefixed'}")
        return 0 if ok else 1
    if mode == "static":
        prog, ref = sys.argv[3], sys.argv[4]
        extra = defined_globals(tool, prog) - defined_globals(tool, ref)
        ok = check_prefix(extra, prog)
        for must in ("nvmx_vmread", "nvmx_vmwrite", "nvmx_model_init",
                     "nvmx_field_lookup"):
            if must not in extra:
                print(f"{prog}: {must} was not linked in")
                ok = False
        print(f"{len(extra)} global symbols from libnvmx.a in {prog}: "
              f"{'all prefixed' if ok else 'NOT all prefixed'}")
        return 0 if ok else 1
    if mode == "freestanding":
        syms = nm(tool, sys.argv[3])
        defined = {n for k, n in syms if k != "U"}
        undefined = {n for k, n in syms if k == "U"} - defined
        bad = sorted(n for n in undefined - FREESTANDING_OK
                     if not (instrumented and n.startswith(INSTRUMENTATION)))
        for n in bad:
            print(f"{sys.argv[3]}: undefined symbol {n} (not freestanding)")
        print(f"{sys.argv[3]}: external references {sorted(undefined)}")
        return 1 if bad else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
