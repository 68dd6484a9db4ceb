#!/usr/bin/env python3
"""Drives the data-plane benchmark from the hypervisor's namespace (see run.sh).

associate-latency: for VM i = 1..N, appends one Associate to the station's command file and sends a probe frame
(tagged with the VM's VID, from its MAC) every 0.1 ms until a probe is seen leaving into the VN (a socket on the
NVE's VXLAN device, opened in the NVE's namespace), at most 2 s, then the next VM.
bulk: appends M Associates at once (one batch) and waits until the station logs that batch; prints the time.
analyse: reads the captures on the NVE's station port and VXLAN device and prints, per VM, the time from its
Associate on the wire to its first probe forwarded into the VN: median and p99.
"""
import ctypes
import json
import os
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003


def mac(i, prefix=0x5254AB000000):
    return (prefix | i).to_bytes(6, "big")


def mac_text(b):
    return ":".join(f"{x:02x}" for x in b)


def command(i, vid, vn, prefix):
    return (f"mode=assoc mgrid=bench typeid=1 typeidver=1 uuid=b1000000-0000-4000-8000-{i:012x} "
            f"filter={vid}-{mac_text(mac(i, prefix))}-{vn}\n")


def batches(log):
    """The numbers of the batches the station has answered."""
    done = set()
    try:
        with open(log) as f:
            for line in f:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("kind") == "batch":
                    done.add(entry.get("batch"))
    except FileNotFoundError:
        pass
    return done


def sniffer(namespace, interface):
    """A raw socket on `interface` in the network namespace `namespace`, opened there and used from here."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    here = os.open("/proc/self/ns/net", os.O_RDONLY)
    there = os.open(f"/var/run/netns/{namespace}", os.O_RDONLY)
    if libc.setns(there, 0x40000000) != 0:
        raise OSError(ctypes.get_errno(), "setns")
    try:
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        sock.bind((interface, 0))
    finally:
        libc.setns(here, 0x40000000)
        os.close(here)
        os.close(there)
    sock.setblocking(False)
    return sock


def associate_latency(interface, commands, log, count, vid, vn, namespace, vxlan):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((interface, 0))
    seen = sniffer(namespace, vxlan)
    with open(commands, "a") as feed:
        for i in range(1, count + 1):
            frame = (b"\xff" * 6 + mac(i) + struct.pack("!HH", 0x8100, vid) + struct.pack("!H", 0x88B5)
                     + i.to_bytes(4, "big") + b"\0" * 42)
            feed.write(command(i, vid, vn, 0x5254AB000000) + "\n")
            feed.flush()
            give_up = time.monotonic() + 2
            forwarded = False
            while not forwarded and time.monotonic() < give_up:
                s.send(frame)
                time.sleep(0.0001)
                try:
                    while True:
                        if seen.recv(64)[6:12] == mac(i):
                            forwarded = True
                except BlockingIOError:
                    pass
            if not forwarded:
                print(f"VM {i}: nothing forwarded within 2 s", file=sys.stderr)


def bulk(commands, log, first, count, vn_count, number):
    lines = "".join(command(first + k, 0, 5001 + k % vn_count, 0x5254CD000000) for k in range(count))
    start = time.monotonic()
    with open(commands, "a") as feed:
        feed.write(lines + "\n")
    while number not in batches(log):
        time.sleep(0.01)
    print(f"{time.monotonic() - start:.3f}")


def packets(path):
    """(time, bytes) of every packet of a pcap file (microsecond or nanosecond)."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    scale = 1e-9 if magic == 0xA1B23C4D else 1e-6
    offset = 24
    while offset + 16 <= len(data):
        seconds, fraction, length, _ = struct.unpack("<IIII", data[offset:offset + 16])
        offset += 16
        yield seconds + fraction * scale, data[offset:offset + length]
        offset += length


def percentiles(values):
    values = sorted(values)
    if not values:
        return "none"
    median = values[len(values) // 2]
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    return f"median {median:.2f} ms, p99 {p99:.2f} ms, min {values[0]:.2f} ms, max {values[-1]:.2f} ms"


def analyse(station_pcap, vxlan_pcap, count):
    associate = {}
    answer = {}
    targets = {mac(i): i for i in range(1, count + 1)}
    for t, frame in packets(station_pcap):
        if frame[12:14] != b"\x89\x40":
            continue
        for m, i in targets.items():
            if m not in frame:
                continue
            if i not in associate:
                associate[i] = (t, frame[6:12])
            elif i not in answer and frame[6:12] != associate[i][1]:
                answer[i] = t
    forwarded = {}
    for t, frame in packets(vxlan_pcap):
        i = targets.get(frame[6:12])
        if i is not None:
            forwarded.setdefault(i, t)
    print(f"VMs {count}: Associate seen {len(associate)}, answered {len(answer)}, forwarded {len(forwarded)}")
    print("Associate -> first forwarded packet: "
          + percentiles([(forwarded[i] - associate[i][0]) * 1000 for i in associate if i in forwarded]))
    print("Associate -> answer (rules installed): "
          + percentiles([(answer[i] - associate[i][0]) * 1000 for i in associate if i in answer]))
    print("answer -> first forwarded packet: "
          + percentiles([(forwarded[i] - answer[i]) * 1000 for i in answer if i in forwarded]))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "associate-latency":
        associate_latency(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]),
                          sys.argv[8], sys.argv[9])
    elif mode == "bulk":
        bulk(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]))
    elif mode == "analyse":
        analyse(sys.argv[2], sys.argv[3], int(sys.argv[4]))
