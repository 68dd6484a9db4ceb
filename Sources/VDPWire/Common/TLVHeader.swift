/// The 16-bit header that LLDP TLVs and VDP TLVs share: a 7-bit type and a 9-bit value length.
///
/// On the wire the type sits in bits 15…9 and the length in bits 8…0 of one big-endian word; the length
/// counts the value octets only, so a value holds at most 511 octets.
public struct TLVHeader: Hashable, Sendable {
    /// The TLV type, 0 to 127.
    public let type: UInt8
    /// The number of value octets, 0 to 511.
    public let length: UInt16

    /// The largest value length a 9-bit length field holds.
    public static let maximumLength = 511

    /// Creates a header; throws if the type exceeds 127 or the length exceeds 511.
    public init(type: UInt8, length: Int) throws(VDPEncodingError) {
        guard type <= 127 else {
            throw VDPEncodingError(.valueOutOfRange, field: .tlvHeader)
        }
        guard (0...Self.maximumLength).contains(length) else {
            throw VDPEncodingError(.tooManyElements, field: .tlvHeader)
        }
        self.type = type
        self.length = UInt16(truncatingIfNeeded: length)
    }

    /// Splits a header word into type and length.
    public init(word: UInt16) {
        self.type = UInt8(truncatingIfNeeded: word >> 9)
        self.length = word & 0x01FF
    }

    /// The header as the big-endian word sent on the wire.
    public var word: UInt16 { UInt16(type) << 9 | length }
}

/// How a TLV list ends: with or without an End TLV (type 0, length 0), and the octets after it.
///
/// Kept so that a frame re-encodes byte for byte: lldpad's ratified VDP sends no End TLV, while LLDP and
/// draft-0.2 ECP do; short frames carry zero padding after the last TLV.
public struct TLVListEnd: Hashable, Sendable {
    /// Whether an End TLV closes the list.
    public var hasEndTLV: Bool
    /// Octets after the End TLV (or, with no End TLV, a single zero padding octet), kept verbatim.
    public var padding: [UInt8]

    /// Creates a list end.
    public init(hasEndTLV: Bool, padding: [UInt8] = []) {
        self.hasEndTLV = hasEndTLV
        self.padding = padding
    }

    /// The list ends with the data: no End TLV, no padding.
    public static let endOfData = TLVListEnd(hasEndTLV: false)
    /// The list ends with an End TLV and nothing after it.
    public static let endTLV = TLVListEnd(hasEndTLV: true)

    /// The number of octets this end occupies on the wire.
    public var encodedLength: Int { (hasEndTLV ? 2 : 0) + padding.count }

    func encode(into writer: inout ByteWriter) {
        if hasEndTLV {
            writer.writeUInt16(0)
        }
        writer.writeBytes(padding)
    }
}

extension ByteReader {
    /// Walks a list of TLVs up to the end of this reader, handing each TLV's header, the offset of that header
    /// and a reader over exactly its value to `body`.
    ///
    /// The list ends at the end of the data, at an End TLV (type 0; its length must be 0, and every octet
    /// after it is padding), or before a single trailing zero octet (padding too short to be an End TLV).
    mutating func readTLVList(
        _ body: (TLVHeader, Int, inout ByteReader) throws(VDPDecodingError) -> Void
    ) throws(VDPDecodingError) -> TLVListEnd {
        while true {
            switch remaining {
            case 0:
                return .endOfData
            case 1:
                let start = offset
                let octet = try readUInt8(.tlvHeader)
                guard octet == 0 else {
                    throw error(.truncated, .tlvHeader, at: start)
                }
                return TLVListEnd(hasEndTLV: false, padding: [0])
            default:
                let start = offset
                let header = TLVHeader(word: try readUInt16(.tlvHeader))
                if header.type == 0 {
                    guard header.length == 0 else {
                        throw error(.invalidValue, .endTLV, at: start)
                    }
                    return TLVListEnd(hasEndTLV: true, padding: readRemainingArray())
                }
                var value = try readReader(count: Int(header.length), .tlvValue)
                try body(header, start, &value)
            }
        }
    }
}

extension ByteWriter {
    /// Writes a TLV header word.
    mutating func writeTLVHeader(type: UInt8, length: Int) {
        writeUInt16(UInt16(type & 0x7F) << 9 | UInt16(truncatingIfNeeded: length) & 0x01FF)
    }
}
