/// The LLDP Port ID TLV (type 2): a subtype octet saying how the port is identified, then 1 to 255 octets of
/// identifier.
///
/// The subtype is kept as sent, including the values IEEE 802.1AB reserves, so that every received TLV re-encodes
/// byte for byte. lldpad identifies the port by its MAC address (subtype 3).
public struct LLDPPortID: Hashable, Sendable {
    /// How ``id`` identifies the port (802.1AB Table 8-3; 3 is a MAC address).
    public let subtype: UInt8
    /// The identifier octets, 1 to 255 of them.
    public let id: [UInt8]

    /// The TLV type of the Port ID TLV.
    public static let tlvType: UInt8 = 2
    /// The subtype for a port identified by a MAC address.
    public static let macAddressSubtype: UInt8 = 3
    /// The subtype for a port identified by an interface name.
    public static let interfaceNameSubtype: UInt8 = 5
    /// The subtype for a locally assigned port identifier.
    public static let locallyAssignedSubtype: UInt8 = 7
    /// The largest number of identifier octets: the TLV value (subtype and identifier) holds at most 256 octets.
    public static let maximumIDLength = 255

    /// Creates a port ID; throws if `id` is empty or longer than 255 octets.
    public init(subtype: UInt8, id: [UInt8]) throws(VDPEncodingError) {
        guard !id.isEmpty else {
            throw VDPEncodingError(.emptyList, field: .lldpPortID)
        }
        guard id.count <= Self.maximumIDLength else {
            throw VDPEncodingError(.tooManyElements, field: .lldpPortID)
        }
        self.subtype = subtype
        self.id = id
    }

    /// Creates a port ID holding a MAC address (subtype 3).
    public init(macAddress: MACAddress) {
        self.subtype = Self.macAddressSubtype
        self.id = macAddress.octets
    }

    private init(uncheckedSubtype subtype: UInt8, id: [UInt8]) {
        self.subtype = subtype
        self.id = id
    }

    /// The MAC address, when the subtype is 3 and the identifier is six octets long; otherwise `nil`.
    public var macAddress: MACAddress? {
        guard subtype == Self.macAddressSubtype else {
            return nil
        }
        return MACAddress(octets: id)
    }

    /// The number of octets the TLV occupies on the wire, header included.
    public var encodedLength: Int { 3 + id.count }

    /// Decodes the value of a Port ID TLV whose header has already been read.
    init(
        header: TLVHeader,
        headerOffset: Int,
        value: inout ByteReader
    ) throws(VDPDecodingError) {
        guard (2...(1 + Self.maximumIDLength)).contains(Int(header.length)) else {
            throw value.error(.lengthMismatch, .lldpPortID, at: headerOffset)
        }
        let subtype = try value.readUInt8(.lldpPortID)
        self.init(uncheckedSubtype: subtype, id: value.readRemainingArray())
    }

    /// Writes the whole TLV, header included.
    func encode(into writer: inout ByteWriter) {
        writer.writeTLVHeader(type: Self.tlvType, length: 1 + id.count)
        writer.writeUInt8(subtype)
        writer.writeBytes(id)
    }
}
