/// The LLDP Port ID TLV (type 2): a subtype octet saying how the port is identified, then 1 to 255 octets of
/// identifier.
///
/// The subtype is kept as sent, including the values IEEE 802.1AB reserves, so that every received TLV re-encodes
/// byte for byte. lldpad identifies the port by its MAC address (subtype 3).
public struct LLDPPortID: Hashable, Sendable {
    private let value: LLDPSubtypedID

    /// How ``id`` identifies the port (802.1AB Table 8-3; 3 is a MAC address).
    public var subtype: UInt8 { value.subtype }
    /// The identifier octets, 1 to 255 of them.
    public var id: [UInt8] { value.id }

    /// The TLV type of the Port ID TLV.
    public static let tlvType: UInt8 = 2
    /// The subtype for a port identified by a MAC address.
    public static let macAddressSubtype: UInt8 = 3
    /// The subtype for a port identified by an interface name.
    public static let interfaceNameSubtype: UInt8 = 5
    /// The subtype for a locally assigned port identifier.
    public static let locallyAssignedSubtype: UInt8 = 7
    /// The largest number of identifier octets: the TLV value (subtype and identifier) holds at most 256 octets.
    public static let maximumIDLength = LLDPSubtypedID.maximumIDLength

    /// Creates a port ID; throws if `id` is empty or longer than 255 octets.
    public init(subtype: UInt8, id: [UInt8]) throws(VDPEncodingError) {
        value = try LLDPSubtypedID(subtype: subtype, id: id, field: .lldpPortID)
    }

    /// Creates a port ID holding a MAC address (subtype 3).
    public init(macAddress: MACAddress) {
        value = LLDPSubtypedID(subtype: Self.macAddressSubtype, macAddress: macAddress)
    }

    /// The MAC address, when the subtype is 3 and the identifier is six octets long; otherwise `nil`.
    public var macAddress: MACAddress? { value.macAddress(subtype: Self.macAddressSubtype) }

    /// The number of octets the TLV occupies on the wire, header included.
    public var encodedLength: Int { value.encodedLength }

    /// Decodes the value of a Port ID TLV whose header has already been read.
    init(
        header: TLVHeader,
        headerOffset: Int,
        value reader: inout ByteReader
    ) throws(VDPDecodingError) {
        value = try LLDPSubtypedID(header: header, headerOffset: headerOffset, value: &reader, field: .lldpPortID)
    }

    /// Writes the whole TLV, header included.
    func encode(into writer: inout ByteWriter) {
        value.encode(tlvType: Self.tlvType, into: &writer)
    }
}
