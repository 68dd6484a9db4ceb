#!/usr/bin/env python3
"""libvirt's 802.1Qbg requests to lldpad (or to vdpd standing in for it), timed: run inside the station's namespace.

    libvirt.py PID INTERFACE COUNT INTERVAL_MS

For COUNT new VSIs in turn: libvirt's RTM_SETLINK Associate (format 1, as virNetDevVPortProfileOpSetLink builds
it) to the netlink port PID, its acknowledgement, then RTM_GETLINK status queries every INTERVAL_MS (libvirt: 125)
until IFLA_PORT_RESPONSE for the VSI is there (for up to 10 s); the time from sending the Associate to reading the success. Each VSI
is then de-associated (waited for, not timed), so the station's table stays small.
Prints: median p99 max (ms) failures.
"""
import os
import socket
import struct
import sys
import time

RTM_GETLINK, RTM_SETLINK = 18, 19
NLMSG_ERROR, NLMSG_DONE = 2, 3
SELF_VF = 0xFFFFFFFF


def attribute(kind, payload):
    data = struct.pack("=HH", 4 + len(payload), kind) + payload
    return data + b"\0" * (-len(data) % 4)


def attributes(data):
    position = 0
    while position + 4 <= len(data):
        length, kind = struct.unpack_from("=HH", data, position)
        if length < 4 or position + length > len(data):
            return
        yield kind & 0x3FFF, data[position + 4:position + length]
        position += (length + 3) & ~3


def message(kind, sequence, port, index, body):
    body = struct.pack("=BxHiII", 0, 0, index, 0, 0) + body
    return struct.pack("=IHHII", 16 + len(body), kind, 1, sequence, port) + body


def setlink(interface, index, sequence, port, vsi, mac, request):
    pair = attribute(1, struct.pack("=I", SELF_VF) + mac + b"\0" * 26) + attribute(2, struct.pack("=III", SELF_VF, 0, 0))
    vsi_type = bytes([5, 0x01, 0x03, 0x00, 1, 0, 0, 0])
    vf_port = attribute(3, vsi_type) + attribute(4, vsi) + attribute(6, bytes([request]))
    body = attribute(3, interface.encode() + b"\0") + attribute(22, attribute(1, pair)) + attribute(24, attribute(1, vf_port))
    return message(RTM_SETLINK, sequence, port, index, body)


def status(data, vsi):
    """The response for vsi in a status answer: a number, None (in progress), or raises on an error answer."""
    length, kind = struct.unpack_from("=IH", data, 0)
    if kind == NLMSG_ERROR:
        raise RuntimeError(f"status query refused: {struct.unpack_from('=i', data, 16)[0]}")
    if kind not in (NLMSG_DONE, 16):
        raise RuntimeError(f"unexpected answer type {kind}")
    for top_kind, top in attributes(data[32:length]):
        if top_kind != 24:
            continue
        for port_kind, port in attributes(top):
            fields = dict(attributes(port)) if port_kind == 1 else {}
            if fields.get(4) == vsi and fields.get(1) == struct.pack("=I", SELF_VF):
                response = fields.get(7)
                return struct.unpack("=H", response[:2])[0] if response else None
    return None


def main():
    pid, interface, count, interval = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4]) / 1000
    index = socket.if_nametoindex(interface)
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    sock.bind((0, 0))
    sock.settimeout(5)
    port = sock.getsockname()[0]
    sequence = int(time.time()) & 0xFFFFFFFF

    def exchange(data):
        sock.sendto(data, (pid, 0))
        while True:
            answer = sock.recv(65536)
            if struct.unpack_from("=H", answer, 4)[0] != RTM_SETLINK:  # a notification is not an answer
                return answer

    def request(vsi, mac, kind):
        nonlocal sequence
        sequence += 1
        answer = exchange(setlink(interface, index, sequence, port, vsi, mac, kind))
        error = struct.unpack_from("=i", answer, 16)[0]
        if struct.unpack_from("=H", answer, 4)[0] != NLMSG_ERROR or error != 0:
            return None
        deadline = time.monotonic() + 10  # libvirt: 80 queries 125 ms apart
        while time.monotonic() < deadline:
            sequence += 1
            answer = exchange(message(RTM_GETLINK, sequence, port, index, attribute(29, struct.pack("=I", 1))))
            response = status(answer, vsi)
            if response is not None:
                return response
            time.sleep(interval)
        return None

    times, failures = [], 0
    salt = os.getpid() & 0xFFFF
    for number in range(count):
        vsi = bytes.fromhex(f"b1e0{salt:04x}00004000800000{number:010x}")
        mac = bytes([0x52, 0x54, 0x00, (number >> 16) & 0xFF, (number >> 8) & 0xFF, number & 0xFF])
        start = time.perf_counter()
        response = request(vsi, mac, 2)
        elapsed = (time.perf_counter() - start) * 1000
        if response in (0, 0x100):
            times.append(elapsed)
        else:
            failures += 1
        request(vsi, mac, 3)
    times.sort()
    if not times:
        print("- - -", failures)
        return
    median = times[len(times) // 2]
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"{median:.2f} {p99:.2f} {times[-1]:.2f} {failures}")


if __name__ == "__main__":
    main()
