#!/usr/bin/env bash
# Regenerates the fuzzing seed corpus from the captures in Fixtures/.
#
#   FuzzTesting/make-corpus.sh
#
# Fixtures/fuzz-corpus/FuzzVDPWire/<capture>-<n>.bin
#     one Ethernet frame per file (no FCS), frame <n> (1-based) of Fixtures/{lldpad,adversarial}/<capture>.pcap.
#     Frames identical to one already written (from any capture) are skipped, and at most $MAX_PER_CAPTURE are
#     kept per capture: the perf captures hold hundreds of near-identical frames. When a capture has more
#     distinct frames than that, frames of a length not yet seen are preferred, then the rest are taken evenly
#     spaced through the capture, so the choice is deterministic.
# Fixtures/fuzz-corpus/FuzzVDPWire/<capture>-<n>-payload.bin, <capture>-<n>-ulpdu.bin
#     the same frame without its Ethernet header (what LLDPDU, ECPDU and DraftECPDU decode), and for a
#     ratified ECP frame also without the 4-octet ECP header (what VDPULPDU decodes). The harness feeds every
#     input to every decoder, so these give the inner decoders valid starting points too.
# Fixtures/fuzz-corpus/FuzzCapture/*
#     a few small real captures, plus synthesized files for the variants the fixtures lack: big-endian and
#     nanosecond classic pcap, and pcapng in both byte orders with IDB options and every packet block kind.
#
# The script deletes and rewrites both folders, so the output depends only on Fixtures/*.pcap.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MAX_PER_CAPTURE="${MAX_PER_CAPTURE:-20}"

exec python3 - "$root" "$MAX_PER_CAPTURE" <<'PY'
import glob
import os
import shutil
import struct
import sys

root, max_per_capture = sys.argv[1], int(sys.argv[2])
fixtures = os.path.join(root, "Fixtures")
wire_dir = os.path.join(fixtures, "fuzz-corpus", "FuzzVDPWire")
capture_dir = os.path.join(fixtures, "fuzz-corpus", "FuzzCapture")
MAX_LEN = 2048  # run.sh passes -max_len=2048; longer seeds would be cut.


def read_pcap(path):
    """The frames of a classic pcap file (either byte order, µs or ns magic)."""
    data = open(path, "rb").read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise SystemExit(f"{path}: not a classic pcap file")
    frames, offset = [], 24
    while offset + 16 <= len(data):
        _sec, _usec, incl_len, _orig_len = struct.unpack(endian + "IIII", data[offset:offset + 16])
        offset += 16
        frames.append(data[offset:offset + incl_len])
        offset += incl_len
    if offset != len(data):
        raise SystemExit(f"{path}: trailing or truncated record at offset {offset}")
    return frames


def reset(folder):
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)


# --- FuzzVDPWire: one frame per file ---------------------------------------------------------------------
reset(wire_dir)
seen = set()
written = 0
captures = sorted(glob.glob(os.path.join(fixtures, "lldpad", "*.pcap")))
captures += sorted(glob.glob(os.path.join(fixtures, "adversarial", "*.pcap")))
for path in captures:
    name = os.path.basename(path)[:-len(".pcap")]
    distinct = []  # (1-based index, frame), first occurrence only
    for index, frame in enumerate(read_pcap(path), start=1):
        if frame not in seen and len(frame) <= MAX_LEN:
            seen.add(frame)
            distinct.append((index, frame))
    chosen = distinct
    if len(distinct) > max_per_capture:
        lengths, chosen, rest = set(), [], []
        for item in distinct:
            if len(item[1]) not in lengths and len(chosen) < max_per_capture:
                lengths.add(len(item[1]))
                chosen.append(item)
            else:
                rest.append(item)
        room = max_per_capture - len(chosen)
        if room > 0:
            step = len(rest) / room
            chosen += [rest[int(i * step)] for i in range(room)]
        chosen.sort()
    for index, frame in chosen:
        seeds = {f"{name}-{index}.bin": frame}
        # Skip the addresses and any 802.1Q / 802.1ad tags to reach the Ethernet type.
        offset = 12
        while frame[offset:offset + 2] in (b"\x81\x00", b"\x88\xa8") and len(frame) >= offset + 6:
            offset += 4
        ethertype, payload = frame[offset:offset + 2], frame[offset + 2:]
        if ethertype in (b"\x88\xcc", b"\x89\x40", b"\x88\xb7") and payload and payload not in seen:
            seen.add(payload)
            seeds[f"{name}-{index}-payload.bin"] = payload
            if ethertype == b"\x89\x40" and len(payload) > 4 and payload[4:] not in seen:
                seen.add(payload[4:])
                seeds[f"{name}-{index}-ulpdu.bin"] = payload[4:]
        for file_name, seed in seeds.items():
            with open(os.path.join(wire_dir, file_name), "wb") as out:
                out.write(seed)
        written += len(seeds)
    print(f"FuzzVDPWire: {name}: {len(chosen)} of {len(distinct)} new distinct frames kept")
print(f"FuzzVDPWire: {written} seed files in {os.path.relpath(wire_dir, root)}")

# --- FuzzCapture: whole files ----------------------------------------------------------------------------
reset(capture_dir)
copied = [
    ("lldpad", "vdp22-assoc-vid-only.pcap"),
    ("lldpad", "vdp22-deassoc.pcap"),
    ("lldpad", "lldp-evb-negotiation.pcap"),
    ("adversarial", "ecp-ack-then-truncated-request.pcap"),
    ("adversarial", "ecp-header-only-14.pcap"),
]
for folder, name in copied:
    shutil.copyfile(os.path.join(fixtures, folder, name), os.path.join(capture_dir, name))

# Two short real frames to put in the synthesized files.
sample = read_pcap(os.path.join(fixtures, "lldpad", "vdp22-assoc-vid-only.pcap"))
frames = [f for f in sample if len(f) <= 128][:2] or sample[:2]


def classic(endian, nanoseconds):
    magic = 0xA1B23C4D if nanoseconds else 0xA1B2C3D4
    out = struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, 65535, 1)  # Ethernet link type
    for i, frame in enumerate(frames):
        out += struct.pack(endian + "IIII", 1_700_000_000 + i, 123_456_789 if nanoseconds else 123_456,
                           len(frame), max(len(frame), 60))
        out += frame
    return out


def block(endian, block_type, body):
    body += b"\0" * ((4 - len(body) % 4) % 4)
    total = 12 + len(body)
    return struct.pack(endian + "II", block_type, total) + body + struct.pack(endian + "I", total)


def option(endian, code, value):
    return struct.pack(endian + "HH", code, len(value)) + value + b"\0" * ((4 - len(value) % 4) % 4)


def pcapng(endian):
    shb = struct.pack(endian + "IHHq", 0x1A2B3C4D, 1, 0, -1)  # section length unspecified
    out = block(endian, 0x0A0D0D0A, shb)
    idb_options = option(endian, 9, b"\x09") + option(endian, 14, struct.pack(endian + "q", 10))
    idb_options += option(endian, 0, b"")
    out += block(endian, 1, struct.pack(endian + "HHI", 1, 0, 0) + idb_options)
    ts = 1_700_000_000_123_456_789
    first, second = frames[0], frames[-1]
    epb = struct.pack(endian + "IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(first), len(first)) + first
    out += block(endian, 6, epb)
    out += block(endian, 3, struct.pack(endian + "I", len(second)) + second)  # Simple Packet Block
    opb = struct.pack(endian + "HHIIII", 0, 0, ts >> 32, ts & 0xFFFFFFFF, len(first), len(first)) + first
    out += block(endian, 2, opb)  # obsolete Packet Block
    out += block(endian, 0x0BAD, b"skipped")  # unknown block type, skipped after its framing is checked
    return out


synthesized = {
    "synth-le-nanoseconds.pcap": classic("<", True),
    "synth-be-microseconds.pcap": classic(">", False),
    "synth-le.pcapng": pcapng("<"),
    "synth-be.pcapng": pcapng(">"),
}
for name, data in synthesized.items():
    with open(os.path.join(capture_dir, name), "wb") as out:
        out.write(data)
print(f"FuzzCapture: {len(copied) + len(synthesized)} seed files in {os.path.relpath(capture_dir, root)}")
PY
