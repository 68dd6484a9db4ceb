#!/usr/bin/env python3
"""Benchmarks/daemon/latency.py SOCKET INTERFACE COUNT [TYPEID]: COUNT sequential `associate` requests for new VSIs
through vdpd's control socket (one connection, JSON lines, protocol version 1), each timed from the request written
to its response read (time.monotonic_ns). Prints `median_ms p99_ms max_ms failures`."""
import json
import socket
import sys
import time

path, interface, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
type_id = int(sys.argv[4]) if len(sys.argv) > 4 else 300
connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
connection.connect(path)
reader = connection.makefile("rb")


def request(identifier, body):
    body.update({"v": 1, "id": identifier})
    start = time.monotonic_ns()
    connection.sendall((json.dumps(body) + "\n").encode())
    while True:
        answer = json.loads(reader.readline())
        if answer.get("id") == identifier:
            return time.monotonic_ns() - start, answer


request(0, {"op": "hello"})
latencies, failures = [], 0
for i in range(1, count + 1):
    vsi = {"managerID": "mgr1", "typeID": type_id, "typeVersion": 1,
           "vsiID": {"format": 5, "value": "00000000-0000-0ccc-%04x-%012x" % (type_id, i)},
           "filterInfo": {"format": 1, "entries": [{"vid": 100 + i % 1000, "pcp": 0, "prioritySignificant": False}]}}
    elapsed, answer = request(i, {"op": "associate", "interface": interface, "vsi": vsi})
    if answer.get("ok"):
        latencies.append(elapsed / 1e6)
    else:
        failures += 1
latencies.sort()
if latencies:
    median = latencies[len(latencies) // 2]
    p99 = latencies[min(len(latencies) - 1, (len(latencies) * 99) // 100)]
    print(f"{median:.2f} {p99:.2f} {latencies[-1]:.2f} {failures}")
else:
    print(f"nan nan nan {failures}")
