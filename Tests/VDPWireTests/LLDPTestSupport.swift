import Testing

@testable import VDPWire

/// Parses hex digits, ignoring spaces and newlines; traps on anything else (test input is literal).
func lldpHex(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    precondition(digits.count.isMultiple(of: 2), "odd number of hex digits")
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        guard let octet = UInt8(digits[index..<next], radix: 16) else {
            preconditionFailure("bad hex \(digits[index..<next])")
        }
        bytes.append(octet)
        index = next
    }
    return bytes
}

/// SplitMix64 (Steele, Lea and Flood): a tiny seedable generator, so a failing random test is reproducible from
/// the seed it prints.
struct LLDPSplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Seeds for the random tests: one fixed, one fresh per run (shown in the test name and every failure message).
let lldpRandomSeeds: [UInt64] = [0x5EED_0000_0802_1ABB, UInt64.random(in: .min ... .max)]

/// Hand-built LLDPDU pieces, as lldpad sends them (see lldp-evb-negotiation.pcap, frame 1).
enum LLDPVectors {
    /// Chassis ID, MAC subtype 4, 02:00:00:00:bb:01.
    static let chassis = "02 07 04 02 00 00 00 bb 01"
    /// Port ID, MAC subtype 3, 02:00:00:00:bb:01.
    static let port = "04 07 03 02 00 00 00 bb 01"
    /// Time To Live 120.
    static let ttl120 = "06 02 00 78"
    /// Time To Live 0.
    static let ttl0 = "06 02 00 00"
    /// The bridge's first EVB TLV (frame 1).
    static let evbBridge = "fe 09 00 80 c2 0d 06 00 6e 54 14"
    /// The station's first draft-0.2 EVB TLV (prestd-evb-ecp-vdp.pcap, frame 2).
    static let draftEVBStation = "fe 0d 00 1b 3f 00 40 07 40 07 0c df 00 00 0f"
    /// Port Description "eth0".
    static let portDescription = "08 04 65 74 68 30"
    /// System Name "host".
    static let systemName = "0a 04 68 6f 73 74"
    /// CDCP: role station, SComp 0, ChnCap 2, then SCID 1/SVID 1 and SCID 2/SVID 2.
    static let cdcp = "fe 0e 00 80 c2 0e 80 00 00 02 00 10 01 00 20 02"
    /// The End TLV.
    static let end = "00 00"

    static let mandatory = chassis + port + ttl120

    /// Chassis, port, TTL, EVB, End: 35 octets, then 11 zeros of padding to a 46-octet payload (60-octet frame).
    static let minimalUnpadded = lldpHex(mandatory + evbBridge + end)
    static let minimalPadded = minimalUnpadded + [UInt8](repeating: 0, count: 11)
    /// A shutdown LLDPDU (TTL 0) with End TLV, unpadded and padded to 46 octets.
    static let shutdownUnpadded = lldpHex(chassis + port + ttl0 + end)
    static let shutdownPadded = shutdownUnpadded + [UInt8](repeating: 0, count: 22)
    /// Port description, system name, CDCP (opaque) and EVB, then End.
    static let rich = lldpHex(mandatory + portDescription + systemName + cdcp + evbBridge + end)
    /// Mandatory TLVs and an EVB TLV with no End TLV.
    static let noEnd = lldpHex(mandatory + evbBridge)
    /// Mandatory TLVs, the draft-0.2 EVB TLV and End.
    static let draft = lldpHex(mandatory + draftEVBStation + end)

    /// Every valid LLDPDU above without padding.
    static let allUnpadded: [[UInt8]] = [minimalUnpadded, shutdownUnpadded, rich, noEnd, draft]
}

/// Decodes `bytes` as an LLDPDU and checks the error's code, field and (optionally) offset.
func expectLLDPDUError(
    _ bytes: [UInt8],
    _ code: VDPDecodingError.Code,
    _ field: VDPDecodingError.Field,
    offset: Int? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let decoded = try LLDPDU(decoding: bytes)
        Issue.record("decoded \(decoded) instead of throwing", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
        if let offset {
            #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation)
        }
    }
}
