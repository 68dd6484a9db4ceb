/// A 24-bit Organizationally Unique Identifier.
public struct OUI: Hashable, Sendable, CustomStringConvertible {
    /// The OUI as a 24-bit integer, first octet most significant.
    public let rawValue: UInt32

    /// Wraps a 24-bit value; returns `nil` if any of the top eight bits is set.
    public init?(rawValue: UInt32) {
        guard rawValue >> 24 == 0 else {
            return nil
        }
        self.rawValue = rawValue
    }

    /// Creates an OUI from its three octets.
    public init(_ o0: UInt8, _ o1: UInt8, _ o2: UInt8) {
        self.rawValue = UInt32(o0) << 16 | UInt32(o1) << 8 | UInt32(o2)
    }

    init(uncheckedRawValue: UInt32) {
        self.rawValue = uncheckedRawValue & 0xFF_FFFF
    }

    /// IEEE 802.1, 00-80-C2: owner of the ratified EVB and CDCP LLDP TLVs.
    public static let ieee8021 = OUI(0x00, 0x80, 0xC2)
    /// 00-1B-3F: the OUI under which the 802.1Qbg draft 0.2 EVB TLV, ECP and VDP were defined.
    public static let draftQbg = OUI(0x00, 0x1B, 0x3F)

    /// The OUI as `00-80-c2`.
    public var description: String {
        [rawValue >> 16, rawValue >> 8, rawValue].map { hexOctet(UInt8(truncatingIfNeeded: $0)) }
            .joined(separator: "-")
    }
}

extension ByteReader {
    /// Reads a three-octet OUI.
    mutating func readOUI(_ field: VDPDecodingError.Field) throws(VDPDecodingError) -> OUI {
        OUI(uncheckedRawValue: try readUInt24(field))
    }
}

extension ByteWriter {
    /// Writes a three-octet OUI.
    mutating func writeOUI(_ oui: OUI) {
        writeUInt24(oui.rawValue)
    }
}
