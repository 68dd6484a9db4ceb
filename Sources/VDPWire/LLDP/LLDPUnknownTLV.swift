/// An LLDP TLV of type 4 to 126 kept opaque: port description, system name, system description, system
/// capabilities, management address and any type defined later.
public struct LLDPUnknownTLV: Hashable, Sendable {
    /// The TLV type, 4 to 126.
    public let type: UInt8
    /// The value octets, at most 511.
    public let value: [UInt8]

    /// The TLV types this struct can hold: everything but End (0), the mandatory TLVs (1 to 3) and the
    /// organizationally specific TLV (127).
    public static let allowedTypes: ClosedRange<UInt8> = 4...126
    /// The Port Description TLV type.
    public static let portDescriptionType: UInt8 = 4
    /// The System Name TLV type.
    public static let systemNameType: UInt8 = 5
    /// The System Description TLV type.
    public static let systemDescriptionType: UInt8 = 6
    /// The System Capabilities TLV type.
    public static let systemCapabilitiesType: UInt8 = 7
    /// The Management Address TLV type.
    public static let managementAddressType: UInt8 = 8

    /// Creates a TLV; throws if `type` is outside 4…126 or `value` is longer than 511 octets.
    public init(type: UInt8, value: [UInt8]) throws(VDPEncodingError) {
        guard Self.allowedTypes.contains(type) else {
            throw VDPEncodingError(.valueOutOfRange, field: .lldpTLV)
        }
        guard value.count <= TLVHeader.maximumLength else {
            throw VDPEncodingError(.tooManyElements, field: .lldpTLV)
        }
        self.type = type
        self.value = value
    }

    /// Wraps a decoded TLV whose type and length the caller has checked.
    init(uncheckedType type: UInt8, value: [UInt8]) {
        self.type = type
        self.value = value
    }

    /// The number of octets the TLV occupies on the wire, header included.
    public var encodedLength: Int { 2 + value.count }

    /// Writes the whole TLV, header included.
    func encode(into writer: inout ByteWriter) {
        writer.writeTLVHeader(type: type, length: value.count)
        writer.writeBytes(value)
    }
}
