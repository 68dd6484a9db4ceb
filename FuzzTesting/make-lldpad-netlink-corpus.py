#!/usr/bin/env python3
"""Regenerates Fixtures/fuzz-corpus/FuzzLldpadNetlink: libvirt's and lldpad's netlink messages to lldpad.

    FuzzTesting/make-lldpad-netlink-corpus.py

Written from libvirt's virnetdevvportprofile.c / virnetdev.c and lldpad's vdpnl.c / vdptest.c as facts:

  setlink-<request>.bin      libvirt's RTM_SETLINK for an 802.1Qbg port, request 0..3 (format 1)
  setlink-vid-only.bin       the same with a VLAN and no MAC (a VID filter)
  getlink.bin                libvirt's status query (ifinfomsg with the index, IFLA_EXT_MASK RTEXT_FILTER_VF)
  format2-<format>.bin       lldpad's format 2 (vdptest's nlf2) with filter format 1..4, two entries, GroupIDs
  notification.bin           lldpad's RTM_SETLINK telling libvirt that the bridge de-associated a VSI

Netlink is host-endian: the files are little-endian (x86_64).
"""
import os
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fixtures", "fuzz-corpus", "FuzzLldpadNetlink")
RTM_GETLINK, RTM_SETLINK = 18, 19
UUID = bytes.fromhex("0d1a5e0000014000800000163e000001")
MAC = bytes.fromhex("525400123456")
SELF_VF = 0xFFFFFFFF


def attribute(kind, payload):
    data = struct.pack("=HH", 4 + len(payload), kind) + payload
    return data + b"\0" * (-len(data) % 4)


def message(kind, flags, attributes, index=2, sequence=1, pid=4242):
    body = struct.pack("=BxHiII", 0, 0, index, 0, 0) + attributes
    return struct.pack("=IHHII", 16 + len(body), kind, flags, sequence, pid) + body


def setlink(request, mac=MAC, vlan=100, request_size=1):
    name = attribute(3, b"eth0\0")
    pair = b""
    if mac is not None:
        pair += attribute(1, struct.pack("=I", SELF_VF) + mac + b"\0" * 26)
    pair += attribute(2, struct.pack("=III", SELF_VF, vlan, 0))
    info = attribute(22, attribute(1, pair))
    vsi_type = bytes([5, 0x01, 0x03, 0x00, 1, 0, 0, 0])
    port = attribute(3, vsi_type) + attribute(4, UUID)
    port += attribute(6, struct.pack("=B", request) if request_size == 1 else struct.pack("=H", request))
    return message(RTM_SETLINK, 1, name + info + attribute(24, attribute(1, port)))


def format2(filter_format):
    entries = [(5001, 201, MAC), (5002, 202, bytes.fromhex("525400000002"))]
    vsi22 = b"manager-two" + b"\0" * 5 + UUID + bytes([5, 0x4D, 0, 0, 1, 0x10, filter_format, 0])
    vsi22 += struct.pack("=H", len(entries))
    data = b"".join(struct.pack("=IH", group, vid) + mac for group, vid, mac in entries)
    port = attribute(1, struct.pack("=I", SELF_VF)) + attribute(6, bytes([3])) + attribute(4, UUID)
    port += attribute(7, vsi22) + attribute(8, data)
    return message(RTM_SETLINK, 1, attribute(3, b"eth1\0") + attribute(24, attribute(1, port)))


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {}
    for request, name in enumerate(["preassoc", "preassoc-rr", "assoc", "deassoc"]):
        files[f"setlink-{name}.bin"] = setlink(request)
    files["setlink-vid-only.bin"] = setlink(2, mac=None)
    files["getlink.bin"] = message(RTM_GETLINK, 1, attribute(29, struct.pack("=I", 1)), sequence=2)
    for filter_format in range(1, 5):
        files[f"format2-{filter_format}.bin"] = format2(filter_format)
    files["notification.bin"] = setlink(3, request_size=2)
    for name, data in sorted(files.items()):
        with open(os.path.join(OUT, name), "wb") as handle:
            handle.write(data)
        print(f"{name}: {len(data)} octets")


if __name__ == "__main__":
    main()
