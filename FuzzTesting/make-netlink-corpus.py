#!/usr/bin/env python3
"""Regenerates Fixtures/fuzz-corpus/FuzzNetlink from the kernel (root, iproute2).

    FuzzTesting/make-netlink-corpus.py

Creates a network namespace of its own (deleted at the end, also on failure) with a veth pair, and inside it
records what an rtnetlink socket receives:

  dump-<n>.bin         each datagram of an RTM_GETLINK dump (the links and NLMSG_DONE)
  dump-<n>-<m>.bin     each message of those datagrams on its own (a single message is under libFuzzer's
                       -max_len of 2048; a datagram may not be)
  event-<what>.bin     the RTM_NEWLINK / RTM_DELLINK notifications for a peer going down, a rename and a removal
  error-enodev.bin     the NLMSG_ERROR answering an RTM_GETLINK for an index that does not exist
  ack.bin              the acknowledgement (NLMSG_ERROR, errno 0) of a request with NLM_F_ACK

Netlink is host-endian: the files are those of the machine that recorded them (x86_64, little-endian).
"""
import os
import select
import socket
import struct
import subprocess
import sys
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fixtures", "fuzz-corpus", "FuzzNetlink")
RTMGRP_LINK = 1
RTM_GETLINK, RTM_SETLINK = 18, 19
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300


def ip(namespace, *arguments):
    subprocess.run(["ip", "-n", namespace, *arguments], check=True)


def request(kind, flags, sequence, index=0):
    ifinfomsg = struct.pack("=BxHiII", 0, 0, index, 0, 0)
    return struct.pack("=IHHII", 16 + len(ifinfomsg), kind, flags, sequence, 0) + ifinfomsg


def messages(datagram):
    offset = 0
    while offset + 16 <= len(datagram):
        (length,) = struct.unpack_from("=I", datagram, offset)
        if length < 16 or offset + length > len(datagram):
            break
        yield datagram[offset : offset + length]
        offset += (length + 3) & ~3


def receive_all(sock, timeout=0.5):
    datagrams = []
    while select.select([sock], [], [], timeout)[0]:
        datagrams.append(sock.recv(65536))
        timeout = 0.2
    return datagrams


def record(namespace):
    written = {}

    def write(name, data):
        with open(os.path.join(OUT, name), "wb") as file:
            file.write(data)
        written[name] = len(data)

    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    sock.bind((0, RTMGRP_LINK))
    sock.send(request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1))
    for n, datagram in enumerate(receive_all(sock), 1):
        if len(datagram) <= 2048:
            write(f"dump-{n}.bin", datagram)
        for m, message in enumerate(messages(datagram), 1):
            write(f"dump-{n}-{m}.bin", message)

    for what, arguments in [
        ("peer-down", ("link", "set", "vB", "down")),
        ("rename", ("link", "set", "vA", "down", "name", "vC")),
        ("delete", ("link", "del", "vC")),
    ]:
        ip(namespace, *arguments)
        for n, datagram in enumerate(receive_all(sock), 1):
            write(f"event-{what}-{n}.bin", datagram)

    sock.send(request(RTM_GETLINK, NLM_F_REQUEST, 2, index=9999))
    write("error-enodev.bin", receive_all(sock)[0])
    sock.send(request(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, 3, index=1))
    write("ack.bin", receive_all(sock)[0])
    return written


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--inside":
        written = record(sys.argv[2])
        for name in sorted(written):
            print(f"{name}: {written[name]} octets")
        return
    namespace = "vdpnl-corpus-" + uuid.uuid4().hex[:6]
    subprocess.run(["ip", "netns", "add", namespace], check=True)
    try:
        ip(namespace, "link", "set", "lo", "up")
        ip(namespace, "link", "add", "vA", "type", "veth", "peer", "name", "vB")
        ip(namespace, "link", "set", "vA", "up")
        ip(namespace, "link", "set", "vB", "up")
        if os.path.isdir(OUT):
            for name in os.listdir(OUT):
                os.remove(os.path.join(OUT, name))
        os.makedirs(OUT, exist_ok=True)
        subprocess.run(["ip", "netns", "exec", namespace, sys.executable, __file__, "--inside", namespace], check=True)
    finally:
        subprocess.run(["ip", "netns", "del", namespace], check=False)


if __name__ == "__main__":
    main()
