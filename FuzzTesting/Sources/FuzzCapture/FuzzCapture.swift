// libFuzzer harness for the VDPCapture file reader.
//
// Every input is read as a whole capture file (classic pcap in either byte order and timestamp resolution, or
// pcapng). The reader may reject the input with a typed `CaptureError`, which is the expected outcome for most
// inputs; it must never crash, and it must never allocate on the strength of an unchecked length (ASan's
// allocation-size checks and libFuzzer's `-rss_limit_mb` / `-malloc_limit_mb` catch that).
//
// There is no round-trip property here: a capture file holds information (block options, unknown blocks,
// interface tables) that `CapturedPacket` does not keep. As a light consistency check, every packet read must
// be no longer than the input it came from.
//
// This file must not be called `main.swift`; libFuzzer supplies `main`.

import FuzzHarness
import VDPCapture

/// libFuzzer's entry point: called once per generated input. Always returns 0; failures trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCapture(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)

    let packets: [CapturedPacket]
    do {
        packets = try CaptureFile.packets(from: bytes)
    } catch {
        return 0  // Rejected with a typed error: fine.
    }
    for packet in packets {
        // A packet's octets are copied out of the file, so none can be longer than the file itself.
        precondition(packet.data.count <= bytes.count, "a packet is longer than the capture file holding it")
    }
    return 0
}
