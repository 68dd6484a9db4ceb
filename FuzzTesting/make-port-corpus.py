#!/usr/bin/env python3
"""Writes the seed corpus of the FuzzBridgePort and FuzzStationPort targets.

    FuzzTesting/make-port-corpus.py

Fixtures/fuzz-corpus/FuzzBridgePort/*.bin and Fixtures/fuzz-corpus/FuzzStationPort/*.bin: scripted scenarios
that walk the lifecycle deep (associate, policy answers, keep-alives, removal, the table limit, a malformed TLV,
peer loss, port down; for the station: success, a filter change, an unsolicited De-Associate, a timeout, ECP
giving up), plus a few inputs of seeded random octets. The byte layout is the one BridgePortScenario and
StationPortScenario read (Tests/VDPProtocolTests/PortFuzzing/, documented in Docs/FUZZING.md); each helper
below names the choices in the order the scenario reads them. PortFuzzRegressionTests checks that every seed
runs clean and that together they reach every state listed there, so a change of layout that strands these
seeds fails a test. The script deletes and rewrites both folders; its output is deterministic.
"""
import os
import random
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- FuzzBridgePort ---------------------------------------------------------------------------------------------

def bridge_header(retries=3, exponents=0x00, lower=0, size=3, vsi_limit_bits=1, flags=0, stations=0xFF, queues=0xFF):
    """flags: 0x04 GroupIDs, 0x08 no batching, 0x10 spacing, 0x20 bridge starts at 0xFFFE, 0x40 stations at 0xFFFF.
    The VID range is 100+lower ... 100+lower+size; the table limit is 1 + 2 * vsi_limit_bits. stations and queues
    choose the other limits two bits each (BridgePortScenario.limits); 0xFF leaves them at their defaults."""
    return [retries | flags, exponents, lower | size << 2 | vsi_limit_bits << 5, stations, queues]


def new_tlv(vsi, type_index, mac=0, vid=0, status=0, type_id=0, fmt=1, group=0):
    """A new VSI TLV (the reuse choice reads 2): vsiID, type, reuse, status, type ID, version, filter (one entry)."""
    entry = []
    if fmt in (2, 3):  # groupVID (selector 2) and groupMACVID (selector 3) carry a GroupID first
        entry.append(group)
    if fmt in (1, 3):  # macVID (selector 1) and groupMACVID carry a MAC
        entry.append(mac)
    entry.append(vid)
    return [vsi, type_index, 2, status, type_id, 0, fmt] + entry


def again_tlv(vsi, type_index):
    """The station's previous TLV for this VSI, with this type (the reuse choice reads 0)."""
    return [vsi, type_index, 0]


def request(station, tlvs, manager=0):
    """Opcode 0: station, Manager ID, TLV count, the TLVs, sequence choice (next), corruption (none)."""
    out = [0, station, manager, len(tlvs) - 1]
    for tlv in tlvs:
        out += tlv
    return out + [0, 0]


def ack(station=0, back=0):
    return [3, station, back]


def time(base, micros=0):
    """base: 0 nothing, 1 ackTimer, 2 two ackTimers, 3 resourceWaitDelay, 4 reinitKeepAlive, 5 toutKeepAlive."""
    return [5, base, micros]


def accept_pool(back=0):
    return [7, back, 0]


def accept_fixed(word, back=0):
    return [7, back, 2, word]


def accept_per_entry(words, back=0):
    return [7, back, 3, 1] + words  # count: the request's entries + (choice - 1); choice 1 = exact


def reject(reason=0, keep=False, hard=False, back=0):
    return [7, back, 4, (1 if hard else 0) | (2 if keep else 0), reason]


def deassociate_local(vsi):
    return [9, vsi, 1]


def change_filter(vsi, vid_byte):
    """changeFilterInfo with new VIDs for the current filters (needs the VSI to exist: the choice byte is read)."""
    return [9, vsi, 0, 1, vid_byte]


def raw_ulpdu(station, octets):
    return [4, station, 0, 0, len(octets)] + octets


def peer_lost():
    return [11, 1]


def peer_lost_station(station):
    return [11, 2, station]


def port_down():
    return [11, 0]


def malformed_ulpdu():
    """A Manager ID TLV, then an Associate TLV with the reserved filter format 9, then End."""
    manager = [0x0A, 0x10] + [0] * 15 + [1]
    value = [0x00, 0, 0, 100, 0, 5] + [0xAB] * 16 + [0x09, 0x00, 0x01, 0x00, 0x00]
    tlv = [(3 << 1) | (len(value) >> 8), len(value) & 0xFF] + value
    return manager + tlv + [0, 0]


def bridge_seeds():
    seeds = {}
    seeds["lifecycle"] = (
        bridge_header()
        + request(0, [new_tlv(0, 2)])  # Associate, null VID
        + accept_pool()
        + ack()
        + time(4)
        + request(0, [again_tlv(0, 2)])  # keep-alive
        + ack()
        + request(0, [again_tlv(0, 3)])  # De-Associate
        + ack()
    )
    seeds["table-limit"] = (
        bridge_header(vsi_limit_bits=1)
        + request(1, [new_tlv(1, 0), new_tlv(2, 0), new_tlv(3, 0)])
        + request(1, [new_tlv(4, 2), new_tlv(5, 2)])
        + accept_pool(back=0)
        + accept_pool(back=1)
        + accept_pool(back=2)
        + ack(1)
        + time(3)
        + time(5)
    )
    seeds["small-limits"] = (
        bridge_header(vsi_limit_bits=7, stations=0b00_00_01_01, queues=0b00_01_00_00)
        + request(0, [new_tlv(0, 2), new_tlv(1, 2), new_tlv(2, 2)])  # 2 per station, 1 pending, burst 1
        + request(1, [new_tlv(3, 2)])
        + request(2, [new_tlv(4, 2)])  # a third station: beyond the limit of two
        + accept_pool()
        + time(1)
        + request(0, [new_tlv(5, 2), new_tlv(6, 2)])
        + time(5)
    )
    seeds["policy-answers"] = (
        bridge_header(size=1)
        + request(0, [new_tlv(0, 0, vid=0)])
        + accept_fixed(0x07)  # VID 4094: outside the range, named by the policy
        + ack()
        + request(0, [new_tlv(1, 2, vid=2)])  # explicit VID 100
        + accept_per_entry([0x02])
        + ack()
        + request(0, [again_tlv(1, 2)])  # keep-alive
        + request(0, [new_tlv(0, 2, vid=0)])  # a change: to the policy
        + reject(reason=4, keep=True)
        + ack()
        + request(2, [new_tlv(0, 2)])  # another station, same VSIID: refused
        + reject(reason=0, hard=True)
        + deassociate_local(1)
        + time(5)
    )
    seeds["groups"] = (
        bridge_header(flags=0x04, size=2)
        + request(0, [new_tlv(0, 2, fmt=2, group=0), new_tlv(1, 2, fmt=2, group=0), new_tlv(2, 2, fmt=3, group=1)])
        + accept_pool(back=0)
        + accept_pool(back=1)
        + accept_pool(back=2)
        + ack()
        + time(4)
        + request(0, [again_tlv(0, 2), again_tlv(1, 2)])
        + ack()
        + peer_lost()
        + request(0, [again_tlv(2, 2)])
        + peer_lost_station(0)
        + port_down()
        + request(0, [new_tlv(3, 2)])
    )
    seeds["malformed"] = (
        bridge_header()
        + raw_ulpdu(0, malformed_ulpdu())
        + request(3, [new_tlv(7, 1)])
        + time(3)
    )
    seeds["retransmissions"] = (
        bridge_header(retries=1, flags=0x20 | 0x40 | 0x08)
        + request(0, [new_tlv(0, 2), new_tlv(1, 2)])
        + accept_pool(back=1)
        + accept_pool(back=0)
        + [10, 0]  # the station repeats its frame
        + time(1)
        + time(2)
        + ack()
        + time(5)
    )
    rng = random.Random(8)
    for index in range(6):
        seeds[f"random-{index}"] = [rng.randrange(256) for _ in range(rng.randrange(64, 400))]
    return seeds


# --- FuzzStationPort --------------------------------------------------------------------------------------------

def station_header(retries=3, exponents=0x00, flags=0, filters=None):
    """flags: 0x04 GroupIDs, 0x08 no batching, 0x10 spacing, 0x20 station starts at 0xFFFE, 0x40 bridge at 0xFFFF.
    filters: eight (type ID, selector, entry choices...) descriptors; default: format macVID, one null entry."""
    out = [retries | flags, exponents, 0]
    for filt in filters or [[0, 1, index % 4, 0] for index in range(8)]:
        out += filt
    return out


def command(vsi, type_index, variant=0, hints=0):
    return [0, vsi, variant, type_index, hints]


def response(tlvs, sequence=0):
    """Opcode 2: count, each TLV's choices, Manager ID override choice (none), sequence choice, corruption."""
    out = [2, len(tlvs) - 1]
    for tlv in tlvs:
        out += tlv
    return out + [1, sequence, 0]


def answer(back=0, kind=0, kind_extra=(), filt=0, filt_extra=()):
    """Answers the station's TLV `back` from the newest. kind: 0 success, 3 error (extra: bits, code), 4 a
    De-Associate response, 5 an unsolicited De-Associate, 6 another type (extra: type). filt: 0 as sent, 2 null
    VIDs filled (extra: one choice per null entry), 4 new VIDs (extra: one word per entry)."""
    return [back, kind] + list(kind_extra) + [filt] + list(filt_extra)


def station_ack(back=0):
    return [4, back]


def station_time(base, micros=0):
    """base: 0 nothing, 1 ackTimer, 2 two ackTimers, 3 respWaitDelay, 4 reinitKeepAlive."""
    return [5, base, micros]


def station_seeds():
    seeds = {}
    seeds["lifecycle"] = (
        station_header()
        + command(0, 2)
        + station_ack()
        + response([answer(filt=2, filt_extra=[1])])  # success, VID filled in
        + station_time(4)
        + station_ack()
        + response([answer()])  # keep-alive answered
        + station_time(4)
        + station_ack()
        + response([answer(filt=4, filt_extra=[0x03])])  # keep-alive answered with a new VID
        + command(0, 3)
        + station_ack()
        + response([answer(kind=4)])  # De-Associate confirmed
    )
    seeds["failures"] = (
        station_header(retries=1)
        + command(0, 0)
        + command(1, 2)
        + station_ack()
        + station_time(3)  # no answer: timeout
        + command(2, 2)
        + station_time(2)
        + station_time(2)  # no acknowledgement: ECP gives up
        + command(3, 1)
        + station_ack()
        + response([answer(kind=3, kind_extra=[0, 1])])  # error 1
        + [9]  # port down
    )
    seeds["bridge-deassociates"] = (
        station_header()
        + command(0, 2)
        + command(1, 0)
        + station_ack()
        + response([answer(back=1, filt=2, filt_extra=[2]), answer(back=0, filt=2, filt_extra=[3])])
        + response([answer(back=0, kind=5)])  # unsolicited De-Associate
        + command(1, 2)
        + station_ack()
        + response([answer(kind=3, kind_extra=[1, 1])])  # refused with keep
        + [8]  # the bridge repeats itself
        + station_time(4)
    )
    rng = random.Random(9)
    for index in range(6):
        seeds[f"random-{index}"] = [rng.randrange(256) for _ in range(rng.randrange(64, 400))]
    return seeds


def write(target, seeds):
    folder = os.path.join(ROOT, "Fixtures", "fuzz-corpus", target)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for name, octets in sorted(seeds.items()):
        with open(os.path.join(folder, name + ".bin"), "wb") as handle:
            handle.write(bytes(octets))
    print(f"{target}: {len(seeds)} seeds in {os.path.relpath(folder, ROOT)}")


def main():
    if len(sys.argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    write("FuzzBridgePort", bridge_seeds())
    write("FuzzStationPort", station_seeds())
    return 0


if __name__ == "__main__":
    sys.exit(main())
