#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Header hygiene: every public header compiles on its own.

usage: check_headers.py CC CXX INCDIRS HEADERDIR --public H... --hosted H...

CC/CXX: compiler commands (CXX may be "none": the C++ check then FAILS,
since a missing C++ compiler must not pass silently). INCDIRS: comma-
separated include directories (source include/ and the build's include/
holding the copied .def tables). For each header, a translation unit
that includes it twice (include guard) is compiled:
  c11           -std=c11 -pedantic -Werror -Wall -Wextra
  freestanding  the same plus -ffreestanding; the dependency list (-M) may
                name only our own headers and the compiler's own
                freestanding headers (its private include directory), never
                a libc header. Hosted headers (e.g. kvm.h, which needs
                <linux/kvm.h>) are exempt from this one.
  c++11         c++ -x c++ -std=c++11 -pedantic -Werror -Wall -Wextra
Also: every *.h in HEADERDIR is in the public or hosted list (else it would
not be installed), and <nvmx/nvmx.h> pulls in every public header.
"""
import os
import subprocess
import sys


def run(cmd, src):
    return subprocess.run(cmd, input=src, capture_output=True, text=True)


def deps(cc, incs, src, extra):
    r = run(cc + extra + incs + ["-M", "-x", "c", "-"], src)
    if r.returncode:
        return None, r.stderr
    text = r.stdout.replace("\\\n", " ")
    files = text.split(":", 1)[1].split()
    return [os.path.realpath(f) for f in files if f != "-"], ""


def main():
    args = sys.argv[1:]
    if len(args) < 5 or "--public" not in args:
        print(__doc__)
        return 2
    cc, cxx, incdirs, headerdir = args[0].split(), args[1], args[2], args[3]
    rest = args[4:]
    pub = rest[rest.index("--public") + 1:rest.index("--hosted")] \
        if "--hosted" in rest else rest[rest.index("--public") + 1:]
    hosted = rest[rest.index("--hosted") + 1:] if "--hosted" in rest else []
    incs = [f"-I{d}" for d in incdirs.split(",") if d]
    warn = ["-pedantic", "-Werror", "-Wall", "-Wextra"]
    failed = 0

    names_pub = {os.path.basename(h) for h in pub}
    names_hosted = {os.path.basename(h) for h in hosted}
    on_disk = {f for f in os.listdir(headerdir) if f.endswith(".h")}
    for f in sorted(on_disk - names_pub - names_hosted):
        print(f"{headerdir}/{f}: not in public_headers/hosted_headers "
              "(include/nvmx/meson.build), so it would not be installed")
        failed += 1

    # allowed dependency roots for the freestanding check
    cc_inc = subprocess.run(cc + ["-print-file-name=include"],
                            capture_output=True, text=True).stdout.strip()
    allowed = [os.path.realpath(d) for d in incdirs.split(",") if d]
    allowed.append(os.path.realpath(cc_inc))
    if cc_inc in ("", "include") or not os.path.isdir(cc_inc):
        print(f"cannot find the compiler's include directory ({cc_inc!r})")
        return 1

    for h in sorted(names_pub | names_hosted):
        src = (f"#include <nvmx/{h}>\n#include <nvmx/{h}>\n"
               "typedef int nvmx_hygiene_dummy;\n")
        r = run(cc + ["-std=c11"] + warn + incs + ["-fsyntax-only", "-x", "c", "-"], src)
        if r.returncode:
            print(f"[c11] {h}:\n{r.stderr}")
            failed += 1
        if h not in names_hosted:
            fs = ["-std=c11", "-ffreestanding"] + warn
            r = run(cc + fs + incs + ["-fsyntax-only", "-x", "c", "-"], src)
            if r.returncode:
                print(f"[freestanding] {h}:\n{r.stderr}")
                failed += 1
            files, err = deps(cc, incs, src, fs)
            if files is None:
                print(f"[freestanding -M] {h}:\n{err}")
                failed += 1
            else:
                bad = [f for f in files
                       if not any(f.startswith(a + os.sep) for a in allowed)]
                if bad:
                    print(f"[freestanding] {h} pulls in non-freestanding "
                          f"headers: {', '.join(bad[:3])}"
                          f"{' ...' if len(bad) > 3 else ''}")
                    failed += 1
        if cxx == "none":
            print(f"[c++11] {h}: no C++ compiler found")
            failed += 1
        else:
            r = run(cxx.split() + ["-x", "c++", "-std=c++11"] + warn + incs
                    + ["-fsyntax-only", "-"], src)
            if r.returncode:
                print(f"[c++11] {h}:\n{r.stderr}")
                failed += 1

    # the umbrella header includes every public (non-hosted) header
    files, err = deps(cc, incs, "#include <nvmx/nvmx.h>\n", ["-std=c11"])
    if files is None:
        print(f"[umbrella] nvmx.h:\n{err}")
        failed += 1
    else:
        got = {os.path.basename(f) for f in files}
        for h in sorted(names_pub - got - {"nvmx.h"}):
            print(f"[umbrella] <nvmx/nvmx.h> does not include <nvmx/{h}>")
            failed += 1

    n = len(names_pub | names_hosted)
    print(f"{n} headers checked (c11, freestanding, c++11): "
          f"{failed} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
