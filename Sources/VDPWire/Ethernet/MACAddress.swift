/// A 48-bit IEEE 802 MAC address.
///
/// Encoded with `Codable` as its text, `"02:00:00:00:00:01"` (``description``); decoding accepts what
/// ``init(_:)`` parses and refuses anything else with `DecodingError.dataCorrupted`.
public struct MACAddress: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The address as a 48-bit integer, first octet most significant.
    public let rawValue: UInt64

    /// Creates an address from the low 48 bits of `rawValue`; returns `nil` if any higher bit is set.
    public init?(rawValue: UInt64) {
        guard rawValue >> 48 == 0 else {
            return nil
        }
        self.rawValue = rawValue
    }

    /// Creates an address from six octets, first octet first.
    public init(_ o0: UInt8, _ o1: UInt8, _ o2: UInt8, _ o3: UInt8, _ o4: UInt8, _ o5: UInt8) {
        var value: UInt64 = 0
        for octet in [o0, o1, o2, o3, o4, o5] {
            value = (value << 8) | UInt64(octet)
        }
        self.rawValue = value
    }

    /// Creates an address from exactly six octets; returns `nil` for any other count.
    public init?(octets: some Collection<UInt8>) {
        guard octets.count == 6 else {
            return nil
        }
        var value: UInt64 = 0
        for octet in octets {
            value = (value << 8) | UInt64(octet)
        }
        self.rawValue = value
    }

    /// Parses `aa:bb:cc:dd:ee:ff` (colons or dashes, either case); returns `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == ":" || $0 == "-" }
        guard parts.count == 6 else {
            return nil
        }
        var value: UInt64 = 0
        for part in parts {
            guard part.count == 2 || part.count == 1, let octet = UInt8(part, radix: 16) else {
                return nil
            }
            value = (value << 8) | UInt64(octet)
        }
        self.rawValue = value
    }

    /// The address of the low 48 bits of `uncheckedRawValue`.
    @inlinable
    init(uncheckedRawValue: UInt64) {
        self.rawValue = uncheckedRawValue & 0xFFFF_FFFF_FFFF
    }

    /// The six octets, first octet first.
    public var octets: [UInt8] {
        (0..<6).map { UInt8(truncatingIfNeeded: rawValue >> (40 - 8 * UInt64($0))) }
    }

    /// Whether the group bit (least significant bit of the first octet) is set.
    public var isMulticast: Bool { (rawValue >> 40) & 0x01 != 0 }

    /// Whether this is the all-zero address.
    public var isZero: Bool { rawValue == 0 }

    /// The nearest customer bridge group address 01-80-C2-00-00-00: LLDP with the EVB TLV and ratified ECP.
    public static let nearestCustomerBridge = MACAddress(0x01, 0x80, 0xC2, 0x00, 0x00, 0x00)
    /// The nearest non-TPMR bridge group address 01-80-C2-00-00-03.
    public static let nearestNonTPMRBridge = MACAddress(0x01, 0x80, 0xC2, 0x00, 0x00, 0x03)
    /// The nearest bridge group address 01-80-C2-00-00-0E: LLDP, and draft-0.2 ECP.
    public static let nearestBridge = MACAddress(0x01, 0x80, 0xC2, 0x00, 0x00, 0x0E)

    /// The address as `aa:bb:cc:dd:ee:ff`.
    public var description: String {
        HexText.string(count: 6, separator: UInt8(ascii: ":"), separatedBefore: 0b11_1110) { index in
            UInt8(truncatingIfNeeded: rawValue >> (40 - 8 * UInt64(index)))
        }
    }

    /// Orders addresses by their 48-bit value.
    public static func < (lhs: MACAddress, rhs: MACAddress) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// Decodes `aa:bb:cc:dd:ee:ff`; throws `DecodingError.dataCorrupted` for text that is not a MAC address.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let address = MACAddress(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected aa:bb:cc:dd:ee:ff")
        }
        self = address
    }

    /// Encodes the address as `aa:bb:cc:dd:ee:ff`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension ByteReader {
    /// Reads a six-octet MAC address.
    mutating func readMACAddress(_ field: VDPDecodingError.Field) throws(VDPDecodingError) -> MACAddress {
        MACAddress(uncheckedRawValue: try readUInt48(field))
    }
}

extension ByteWriter {
    /// Writes a six-octet MAC address.
    mutating func writeMACAddress(_ address: MACAddress) {
        writeUInt48(address.rawValue)
    }
}

/// Two lowercase hex digits for an octet.
func hexOctet(_ octet: UInt8) -> String {
    HexText.octet(octet)
}
