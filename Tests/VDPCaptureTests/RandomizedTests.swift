import Foundation
import Testing
import VDPCapture

/// Random and randomly mutated inputs must produce packets or a ``CaptureError``, never a crash.
///
/// The seed is printed and appears in every failure message; set `VDPCAPTURE_SEED` to replay a run.
@Suite("randomized input")
struct RandomizedTests {
    static let seed: UInt64 =
        ProcessInfo.processInfo.environment["VDPCAPTURE_SEED"].flatMap { UInt64($0) }
        ?? 0x5EED_0F_CA97_0001

    /// Parses `bytes`, checking that whatever comes back is consistent with the input.
    static func parse(_ bytes: [UInt8], _ context: @autoclosure () -> String) {
        do {
            let packets = try CaptureFile.packets(from: bytes)
            let total = packets.reduce(0) { $0 + $1.data.count }
            #expect(total <= bytes.count, "\(context()): more packet bytes than input bytes")
            for packet in packets {
                #expect(packet.timestamp.nanoseconds < 1_000_000_000, "\(context())")
            }
        } catch {
            #expect(error.offset >= 0 && error.offset <= bytes.count, "\(context()): \(error)")
        }
    }

    @Test("2000 random byte arrays")
    func randomBytes() {
        print("RandomizedTests.randomBytes seed: \(Self.seed)")
        var generator = SplitMix64(seed: Self.seed)
        let prefixes: [[UInt8]] = [
            [], [0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4], [0x4D, 0x3C, 0xB2, 0xA1],
            [0x0A, 0x0D, 0x0D, 0x0A], [0x0A, 0x0D, 0x0D, 0x0A, 0x1C, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A],
        ]
        for iteration in 0..<2_000 {
            let start = prefixes.randomElement(using: &generator) ?? []
            let length = Int.random(in: 0..<256, using: &generator)
            let bytes = start + (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            Self.parse(bytes, "seed \(Self.seed), iteration \(iteration)")
        }
    }

    @Test("2000 random mutations of valid pcap and pcapng files")
    func mutations() throws {
        print("RandomizedTests.mutations seed: \(Self.seed)")
        var generator = SplitMix64(seed: Self.seed ^ 0xA5A5_A5A5_A5A5_A5A5)
        let seeds: [[UInt8]] = [
            try Fixtures.lldpadBytes("vdp22-assoc-vid-only"),
            try Fixtures.lldpadBytes("ecp22-retransmit"),
            MalformedInputTests.smallPcap().bytes,
            PcapngBuilder.sample().bytes,
        ]
        let interesting: [UInt32] = [0, 1, 3, 4, 11, 12, 16, 28, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1000_0000]
        for iteration in 0..<2_000 {
            var bytes = seeds[iteration % seeds.count]
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                guard !bytes.isEmpty else {
                    break
                }
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<6, using: &generator) {
                case 0:
                    bytes[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &generator)
                case 1:
                    bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 2:
                    bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                case 3:
                    bytes.remove(at: index)
                case 4:
                    bytes.removeLast(Int.random(in: 0...min(bytes.count, 32), using: &generator))
                default:
                    let value = interesting.randomElement(using: &generator) ?? 0
                    let aligned = index & ~3
                    for byte in 0..<4 where aligned + byte < bytes.count {
                        bytes[aligned + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(byte)))
                    }
                }
            }
            Self.parse(bytes, "seed \(Self.seed), iteration \(iteration)")
        }
    }
}
