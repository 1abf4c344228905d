#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""doc/api.md stays complete and its freestanding claim stays true.

1. Every public function - every symbol of lib/nvmx.sym and every function
   declared with NVMX_API in include/nvmx/*.h (including the
   NVMX_INSN_FN(name) declarations of <nvmx/insn.h>) - is named in
   doc/api.md (as `name`).
2. Every header doc/api.md lists as freestanding compiles on its own with
   -ffreestanding -nostdinc, i.e. with nothing but the compiler's own
   freestanding headers (<stdint.h>, <stdbool.h>, <stddef.h>, ...).
3. The umbrella <nvmx/nvmx.h> does not include a hosted header.

Usage: api_complete.py SRCDIR BUILD_INCLUDE_DIR CC [CC args...]
"""
import os
import re
import subprocess
import sys
import tempfile


def public_names(src):
    names = set()
    with open(os.path.join(src, 'lib', 'nvmx.sym')) as f:
        for line in f:
            m = re.match(r'\s*(nvmx_\w+);', line)
            if m:
                names.add(m.group(1))
    hdr_dir = os.path.join(src, 'include', 'nvmx')
    for h in sorted(os.listdir(hdr_dir)):
        if not h.endswith('.h'):
            continue
        text = open(os.path.join(hdr_dir, h)).read()
        # NVMX_API <type> <name>( ... possibly over several lines
        for m in re.finditer(r'NVMX_API\b[^;{(]*?\b(nvmx_\w+)\s*\(', text):
            names.add(m.group(1))
        for m in re.finditer(r'^NVMX_INSN_FN\((\w+)\);', text, re.M):
            names.add('nvmx_insn_' + m.group(1))
    return names


def main():
    src, build_inc, cc = sys.argv[1], sys.argv[2], sys.argv[3:]
    doc = open(os.path.join(src, 'doc', 'api.md')).read()
    documented = set()
    for span in re.findall(r'`([^`\n]*)`', doc):
        documented.update(re.findall(r'\b(nvmx_\w+)', span))
    names = public_names(src)
    missing = sorted(n for n in names if n not in documented)
    failed = False
    for n in missing:
        print('doc/api.md does not document %s' % n)
        failed = True

    # the freestanding list: the bullet(s) after "Freestanding" up to "Hosted"
    sect = doc.split('## Freestanding and hosted headers', 1)[1]
    free_part = sect.split('\nHosted', 1)[0]
    hosted_part = sect.split('\nHosted', 1)[1].split('\n## ', 1)[0]
    free = re.findall(r'<nvmx/(\w+\.h)>', free_part)
    hosted = re.findall(r'^- `<nvmx/(\w+\.h)>`', hosted_part, re.M)
    if not free:
        print('doc/api.md lists no freestanding header')
        failed = True
    res = subprocess.run(cc + ['-print-file-name=include'],
                         capture_output=True, text=True)
    cc_inc = res.stdout.strip()
    for h in free:
        with tempfile.NamedTemporaryFile('w', suffix='.c', delete=False) as t:
            t.write('#include <nvmx/%s>\nint nvmx_doc_check;\n' % h)
            path = t.name
        cmd = cc + ['-std=c11', '-ffreestanding', '-nostdinc',
                    '-isystem', cc_inc,
                    '-I', os.path.join(src, 'include'), '-I', build_inc,
                    '-Wall', '-Wextra', '-Werror', '-fsyntax-only', path]
        r = subprocess.run(cmd, capture_output=True, text=True)
        os.unlink(path)
        if r.returncode:
            print('<nvmx/%s> is listed as freestanding but does not compile '
                  'without a C library:\n%s' % (h, r.stderr[-2000:]))
            failed = True
    umbrella = open(os.path.join(src, 'include', 'nvmx', 'nvmx.h')).read()
    for h in hosted:
        if '<nvmx/%s>' % h in umbrella:
            print('<nvmx/nvmx.h> includes the hosted header <nvmx/%s>' % h)
            failed = True
    print('api_complete: %d public functions, %d documented, %d missing; '
          '%d freestanding headers checked' %
          (len(names), len(names) - len(missing), len(missing), len(free)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
