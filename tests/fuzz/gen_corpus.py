#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the seed corpora tests/fuzz/corpus/<harness>/ (deterministic).

Seeds follow the input formats documented at the top of each
fuzz_<name>.c. They are small on purpose: libFuzzer grows them. Rerun
after changing a format: python3 tests/fuzz/gen_corpus.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
PRESETS = 5  # enum nvmx_preset: MAX .. LAM


def field_index():
    """Dense field index by name: the row order of lib/fields/fields.def."""
    rows = {}
    path = os.path.join(HERE, '..', '..', 'lib', 'fields', 'fields.def')
    with open(path) as f:
        for line in f:
            if line.startswith('NVMX_FIELD('):
                rows[line[11:].split(',')[0].strip()] = len(rows)
    return rows


def u32(x):
    return struct.pack('<I', x & 0xffffffff)


def u64(x):
    return struct.pack('<Q', x & 0xffffffffffffffff)


def write(harness, name, data):
    d = os.path.join(HERE, 'corpus', harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def vmcs12():
    # op: bit 0 write, bit 1 table index mode, bit 2 32-bit operand
    for p in range(PRESETS):
        ops = b''
        for idx in range(0, 206, 7):
            ops += bytes([3]) + u32(idx) + u64(0x0123456789abcdef)
            ops += bytes([2]) + u32(idx) + u64(0)
            ops += bytes([3]) + u32(idx | 0x10000) + u64(0xfeedface)
            ops += bytes([2]) + u32(idx | 0x10000) + u64(0)
        write('vmcs12', 'preset%d-table' % p, bytes([p, 0]) + ops)
    raw = b''
    # guest CR3, EPTP high, reserved bit 12, bits 31:15, an exit-info
    # field (VM-instruction error), a 16-bit field's high access
    for enc in (0x6802, 0x201b, 0x201a, 0x7802, 0x10006802, 0x4400,
                0x0001, 0x0800, 0x2001, 0xffffffff):
        raw += bytes([1]) + u32(enc) + u64(0xffffffffffffffff)
        raw += bytes([0]) + u32(enc) + u64(0)
        raw += bytes([5]) + u32(enc) + u64(0xffffffffffffffff)
    write('vmcs12', 'raw-encodings', bytes([0, 0]) + raw)
    write('vmcs12', 'vmwrite-any', bytes([1, 2]) + raw)
    write('vmcs12', 'msr-override', bytes([2, 1, 2]) + u64(0) + raw)


def model():
    for p in range(PRESETS):
        ops = b''
        # every capability MSR to all-ones, then to zero
        for i in range(24):
            ops += bytes([0]) + u32(i) + u64(0xffffffffffffffff)
        ops += bytes([0x82]) + u32(0) + u64(0xffffffffff)
        for i in range(24):
            ops += bytes([0]) + u32(i) + u64(0)
        write('model', 'preset%d-sweep' % p, bytes([p]) + ops)
    ops = bytes([1]) + u32(0x3a) + u64(5)
    ops += bytes([2]) + u32(0) + u64(1 << 63)
    ops += bytes([3]) + u32(31) + u64(0)
    ops += bytes([3]) + u32(52) + u64(0)
    ops += bytes([3]) + u32(53) + u64(0)
    # primary bit 31 cleared: secondary word and its fields vanish
    ops += bytes([0]) + u32(4) + u64(0x7fffffff00000000)
    write('model', 'edges', bytes([0]) + ops)


def entry():
    header = lambda p, flags, faults: bytes([p, flags, faults, 7, 0]) + u64(0)
    for p in range(PRESETS):
        for flags in (0x02, 0x06, 0x04, 0x0e, 0x16):
            # baseline, no writes, 64 bytes of guest memory
            write('entry', 'p%d-f%02x' % (p, flags),
                  header(p, flags, 0) + bytes([0]) + bytes(range(64)))
    for bit in range(6):
        write('entry', 'fault%d' % bit, header(0, 2, 1 << bit) + bytes([0]))
    # baseline plus an MSR-load area: count 2 at gpa 0x1000
    writes = bytes([2])
    idx = field_index()
    writes += bytes([idx['VM_ENTRY_MSR_LOAD_ADDR']]) + u64(0x1000)
    writes += bytes([idx['VM_ENTRY_MSR_LOAD_COUNT']]) + u64(2)
    write('entry', 'msr-load', header(0, 0x26, 0)[:5] + u64(0x1010) +
          writes + bytes(32))
    # raw image: all zero, and all ones
    write('entry', 'raw-zero', header(0, 0x03, 0) + bytes(4096))
    write('entry', 'raw-ones', header(1, 0x01, 0) + b'\xff' * 4096 + bytes(16))


def msr():
    # preset, cpu facts, flags, source release, then ops
    for p in range(PRESETS):
        for flags in (0, 1, 2, 5):
            ops = b''
            for i in range(20):
                # rewrite each MSR with its own value (XOR 0), then
                # flip allowed-1 bit 0 of the high half
                ops += bytes([0, i]) + u64(1 << 63)
                ops += bytes([0, i]) + u64((1 << 63) | (1 << 32))
            ops += bytes([1 | (3 << 1), 1]) + u64(1 << 63) + \
                bytes([2]) + u64(1 << 63) + bytes([3]) + u64(1 << 63) + \
                bytes([11]) + u64(1 << 63)
            write('msr', 'p%d-f%d' % (p, flags),
                  bytes([0x80 | p]) + u64(0) + bytes([flags]) + u32(0) + ops)
    write('msr', 'outside', bytes([0, 0xff] + [0] * 7) + bytes([1]) +
          u32(0x10000) + bytes([0, 240]) + u64(0) + bytes([0, 241]) + u64(0))


def featctl():
    for p in range(PRESETS):
        ops = b''
        for v in (0, 1, 4, 5, 6, 7, 0xff07, 0x160007, 1 << 63):
            ops += bytes([0]) + u64(v)        # guest write
            ops += bytes([2]) + u64(0)        # guest read
            ops += bytes([1]) + u64(v)        # host write
            ops += bytes([4]) + u64(1 << 40) + u64(0x1000)  # VMXON
        write('featctl', 'p%d' % p, bytes([p]) + u64(0xffffffffff) +
              bytes([p & 1]) + ops)
    write('featctl', 'nofacts', bytes([0]) + u64(0) + bytes([0]) +
          bytes([0]) + u64(5) + bytes([3]) + u64(0))


def evmcs():
    recs = b''
    idx = field_index()
    for i in range(0, 206, 3):
        recs += bytes([4]) + u32(i) + u64(0)           # by table encoding
    for off in range(0, 0x400, 8):
        recs += bytes([1]) + u32(off) + u64(0)         # by offset/row
    for i in range(20):
        recs += bytes([2]) + u32(i) + u64(0xffffffffffffffff)
    for i in range(16):
        recs += bytes([3]) + u32(i) + u64(0xffffffff)
    write('evmcs', 'sweep', bytes([0]) + recs)
    write('evmcs', 'sweep-2022', bytes([1]) + recs)


def insn():
    # insn ids: VMXON 0, VMXOFF 1, VMCLEAR 2, VMPTRLD 3, VMPTRST 4,
    # VMREAD 5, VMWRITE 6, VMLAUNCH 7, VMRESUME 8, INVEPT 9, INVVPID 10,
    # VMFUNC 11; context 0: CPL 0, 64-bit mode, register operand
    def op(i, c=0, reg=0, val=0):
        return bytes([i]) + struct.pack('<H', c) + u64(reg) + u64(val)
    base = op(0, 0, 0, 0) + op(2, 0, 0, 1) + op(3, 0, 0, 1)
    rw = b''
    for f in range(0, 206, 5):
        rw += op(6, 0, f, 0x1234) + op(5, 0, f, 0)
    for p in range(PRESETS):
        write('insn', 'p%d-rw' % p, bytes([p, 5]) + base + rw)
    write('insn', 'launch', bytes([0, 5]) + base + op(7) + op(8) +
          op(0x80 | 5, 0, 3, 0) + op(9, 0, 1, 0x100) + op(10, 0, 1, 0x100) +
          op(11) + op(4, 0x100, 0, 0x10) + op(1))
    write('insn', 'faults', bytes([0, 0]) + op(0, 1) + op(0, 2) + op(0) +
          op(0, 0x1000) + op(0, 0x2000) + op(5, 0x8000, 1 << 40, 0))


def kvm_import():
    def hdr(flags, size, vmxon, vmcs12, smm=0, vflags=0, deadline=0):
        vmx = u64(vmxon) + u64(vmcs12) + struct.pack('<HHI', smm, 0, vflags) \
            + u64(deadline)
        return struct.pack('<HHI', flags, 0, size) + vmx + \
            bytes(120 - len(vmx))
    none = 0xffffffffffffffff
    write('kvm_import', 'not-vmx', bytes([0, 0]) + hdr(0, 128, none, none))
    write('kvm_import', 'vmxon', bytes([0, 0]) + hdr(0, 128, 0x1000, none))
    page = bytearray(4096)
    page[0:4] = u32(0x11e57ed0)
    blob = hdr(0, 128 + 4096, 0x1000, 0x2000) + bytes(page)
    write('kvm_import', 'vmcs12', bytes([0, 0]) + blob)
    page[8:12] = u32(1)
    blob = hdr(1, 128 + 4096, 0x1000, 0x2000) + bytes(page)
    write('kvm_import', 'guest-mode', bytes([0, 0]) + blob)
    write('kvm_import', 'short', bytes([0, 0]) + hdr(0, 64, 0, 0)[:64])
    write('kvm_import', 'smm', bytes([0, 1]) +
          hdr(0, 128, 0x1000, none, smm=1))


def kvm_dump():
    # One dump in the format of lib/kvm/kvm_dump.def (labels, keys,
    # digit counts), with kernel-log prefixes.
    path = os.path.join(HERE, '..', '..', 'lib', 'kvm', 'kvm_dump.def')
    sections = {'G': 'Guest State', 'H': 'Host State', 'C': 'Control State'}
    lines = {}
    order = []
    with open(path) as f:
        for line in f:
            if not line.startswith('NVMX_KVM_DUMP_KEY('):
                continue
            parts = [x.strip() for x in line[18:].rsplit(')', 1)[0].split(',')]
            sec, label, key, digits = parts[0], parts[1][1:-1], \
                parts[2][1:-1], int(parts[4])
            k = (sec, label if label else key)
            if k not in lines:
                lines[k] = []
                order.append(k)
            lines[k].append((label, key, digits))
    out = []
    for sec in ('G', 'H', 'C'):
        out.append('*** %s ***' % sections[sec])
        for k in order:
            if k[0] != sec:
                continue
            pairs = []
            for label, key, digits in lines[k]:
                pairs.append('%s=0x%0*x' % (key, digits, 0) if label else
                             '%s = 0x%0*x' % (key, digits, 0))
            label = lines[k][0][0]
            out.append(('%s: ' % label if label else '') + ', '.join(pairs))
    text = '\n'.join(out) + '\n'
    write('kvm_dump', 'plain', bytes([0x10]) + text.encode())
    dmesg = ''.join('[ 1234.567890] kvm_intel: ' + l + '\n'
                    for l in text.splitlines())
    write('kvm_dump', 'dmesg', bytes([0x20]) + dmesg.encode())
    write('kvm_dump', 'no-dump', bytes([0x20]) + b'kernel: hello\n')


def statefile():
    write('statefile', 'outside-vmx', b'vmxon_pa = 0xffffffffffffffff\n'
          b'vmcs12_pa = 0xffffffffffffffff\n')
    write('statefile', 'guest', b'# a state in guest mode\n'
          b'vmxon_pa = 0x1000\nvmcs12_pa = 0x2000\nguest_mode = 1\n'
          b'run_pending = 0\nmtf_pending = 0\nevmcs = 0\n'
          b'smm_vmxon = 0\nsmm_guest_mode = 0\n'
          b'preemption_timer_deadline = 12345\n'
          b'vmcs12.revision = 0x11e57ed0\nvmcs12.launch_state = 1\n'
          b'vmcs12.GUEST_CR3 = 0x1000\nvmcs12.NVMX_GUEST_RIP = 0xfff0\n'
          b'shadow.revision = 0x91e57ed0\nshadow.VMCS_LINK_POINTER = -1\n')
    write('statefile', 'errors', b'vmxon_pa 5\n')


def backend():
    for p in range(PRESETS):
        recs = b''
        for i in range(0, 206, 9):
            recs += bytes([4]) + u32(i) + u64(0)            # read
            recs += bytes([5]) + u32(i) + u64(0xffffffffffffffff)  # write
        recs += bytes([6]) + u32(0) + u64(7) + b''.join(u32(i) for i in range(0, 80, 10))
        recs += bytes([7]) + u32(0) + u64(7) + b''.join(u32(i) for i in range(100, 180, 10))
        recs += bytes([0x80]) + u32(0x6802) + u64(0)
        write('backend', 'p%d' % p, bytes([p, (p + 1) % PRESETS, p & 3]) + recs)


def entry_statefile():
    # examples/*.vmcs with '@include = valid-64bit.vmcs' replaced by that
    # file's text (the buffer parser refuses @include), a few settings and
    # malformed files.
    ex = os.path.join(HERE, '..', '..', 'examples')
    with open(os.path.join(ex, 'valid-64bit.vmcs'), 'rb') as f:
        base = f.read()
    for name in sorted(os.listdir(ex)):
        if not name.endswith('.vmcs'):
            continue
        with open(os.path.join(ex, name), 'rb') as f:
            data = f.read()
        data = data.replace(b'@include = valid-64bit.vmcs\n', base)
        write('entry_statefile', name[:-5], data)
    write('entry_statefile', 'settings',
          b'@model = skylake\n@launch = 0\n@launch_state = launched\n'
          b'@cpl = 3\n@in_vmx = 1\n@non_root = 0\n@v86_or_compat = 0\n'
          b'@no_current_vmcs = 0\n@mov_ss_blocking = 1\n@in_smm = 0\n'
          b'@host_ia32e = 1\n@current_vmptr = 0x1000\n'
          b'@executive_vmptr = 0x2000\n@revision = 0x80000001\n'
          b'@mem64 0x3000 = 0x123456789abcdef0\n'
          b'@mem64 0x3008 = 0\n@mem64 0x3000 = 1\n')
    write('entry_statefile', 'bad-nofield', b'# comment\nGUEST_RIP 5\n')
    write('entry_statefile', 'bad-unknown-field', b'NO_SUCH_FIELD = 1\n')
    write('entry_statefile', 'bad-value', b'NVMX_GUEST_RIP = -1\n')
    write('entry_statefile', 'bad-setting', b'@frobnicate = 1\n')
    write('entry_statefile', 'bad-mem64', b'@mem64 0x1004 = 1\n')
    write('entry_statefile', 'bad-model', b'@model = pentium\n')
    write('entry_statefile', 'bad-include', b'@include = other.vmcs\n')
    write('entry_statefile', 'crlf-no-final-newline',
          b'GUEST_RIP = 0x1000\r\n  @cpl=0  # x\r\nGUEST_RSP = 010')


if __name__ == '__main__':
    backend()
    statefile()
    entry_statefile()
    vmcs12()
    model()
    entry()
    msr()
    featctl()
    evmcs()
    insn()
    kvm_import()
    kvm_dump()
