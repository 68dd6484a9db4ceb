import Testing

@testable import VDPWire

@Suite struct LLDPRandomTests {
    /// Applies one to four random edits to `bytes`.
    static func mutate(_ bytes: [UInt8], using random: inout LLDPSplitMix64) -> [UInt8] {
        var result = bytes
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where !result.isEmpty:
                result[Int.random(in: 0..<result.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            case 1 where !result.isEmpty:
                let index = Int.random(in: 0..<result.count, using: &random)
                result[index] ^= 1 << UInt8.random(in: 0...7, using: &random)
            case 2:
                result = Array(result.prefix(Int.random(in: 0...result.count, using: &random)))
            case 3:
                result.insert(
                    UInt8.random(in: 0...255, using: &random),
                    at: Int.random(in: 0...result.count, using: &random)
                )
            case 4 where !result.isEmpty:
                result.remove(at: Int.random(in: 0..<result.count, using: &random))
            case 5 where !result.isEmpty:
                // Rewrite a TLV length octet-ish position: the low byte of a random even offset.
                let index = Int.random(in: 0..<result.count, using: &random)
                result[index] =
                    [0x00, 0x01, 0x02, 0x03, 0x08, 0x09, 0x0D, 0xFE, 0xFF][Int.random(in: 0..<9, using: &random)]
            default:
                let start = Int.random(in: 0...result.count, using: &random)
                let end = Int.random(in: start...result.count, using: &random)
                result.insert(contentsOf: result[start..<end], at: Int.random(in: 0...result.count, using: &random))
            }
        }
        return result
    }

    @Test(arguments: lldpRandomSeeds)
    func randomMutationsNeverCrashAndDecodedOnesReencodeExactly(seed: UInt64) {
        var random = LLDPSplitMix64(seed: seed)
        let bases = [LLDPVectors.minimalPadded, LLDPVectors.rich, LLDPVectors.draft, LLDPVectors.shutdownPadded]
        var decodedCount = 0
        for iteration in 0..<2000 {
            let base = bases[iteration % bases.count]
            let mutated = Self.mutate(base, using: &random)
            do {
                let lldpdu = try LLDPDU(decoding: mutated)
                decodedCount += 1
                #expect(lldpdu.encoded() == mutated, "seed \(seed) iteration \(iteration): \(mutated)")
                #expect(lldpdu.encodedLength == mutated.count, "seed \(seed) iteration \(iteration)")
                #expect(
                    (try? LLDPDU(decoding: lldpdu.encoded())) == lldpdu,
                    "seed \(seed) iteration \(iteration): \(mutated)"
                )
            } catch {
                #expect(
                    (0...mutated.count).contains(error.offset),
                    "seed \(seed) iteration \(iteration): \(error) for \(mutated)"
                )
            }
        }
        // Mutations in padding and field values keep most frames decodable; make sure both paths ran.
        #expect(decodedCount > 0, "seed \(seed)")
        #expect(decodedCount < 2000, "seed \(seed)")
    }

    @Test(arguments: lldpRandomSeeds)
    func randomlyBuiltLLDPDUsRoundTrip(seed: UInt64) throws {
        var random = LLDPSplitMix64(seed: seed)
        func bytes(_ range: ClosedRange<Int>) -> [UInt8] {
            (0..<Int.random(in: range, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        }
        for iteration in 0..<200 {
            var tlvs: [LLDPTLV] = []
            for _ in 0..<Int.random(in: 0...5, using: &random) {
                switch Int.random(in: 0..<4, using: &random) {
                case 0:
                    let raw = lldpHex("fe 09 00 80 c2 0d") + bytes(5...5)
                    tlvs.append(.evb(try EVBTLV(decoding: raw)))
                case 1:
                    let raw = lldpHex("fe 0d 00 1b 3f 00") + bytes(9...9)
                    tlvs.append(.draftEVB(try DraftEVBTLV(decoding: raw)))
                case 2:
                    let oui = OUI(UInt8.random(in: 0...255, using: &random), 0x80, 0xC2)
                    let subtype = UInt8.random(in: 0x0E...0xFF, using: &random)
                    tlvs.append(
                        .organizationallySpecific(
                            try LLDPOrganizationallySpecificTLV(oui: oui, subtype: subtype, info: bytes(0...40))
                        )
                    )
                default:
                    tlvs.append(
                        .other(
                            try LLDPUnknownTLV(type: UInt8.random(in: 4...126, using: &random), value: bytes(0...40))
                        )
                    )
                }
            }
            let hasEnd = Bool.random(using: &random)
            let lldpdu = LLDPDU(
                chassisID: try LLDPChassisID(subtype: UInt8.random(in: 0...255, using: &random), id: bytes(1...20)),
                portID: try LLDPPortID(subtype: UInt8.random(in: 0...255, using: &random), id: bytes(1...20)),
                timeToLive: UInt16.random(in: 0...UInt16.max, using: &random),
                optionalTLVs: tlvs,
                end: hasEnd ? TLVListEnd(hasEndTLV: true, padding: bytes(0...30)) : .endOfData
            )
            let encoded = lldpdu.encoded()
            #expect(encoded.count == lldpdu.encodedLength, "seed \(seed) iteration \(iteration)")
            #expect(try LLDPDU(decoding: encoded) == lldpdu, "seed \(seed) iteration \(iteration): \(encoded)")
        }
    }
}
