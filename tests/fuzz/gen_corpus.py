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


if __name__ == '__main__':
    vmcs12()
    model()
    entry()
