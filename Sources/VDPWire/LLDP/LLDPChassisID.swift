/// The LLDP Chassis ID TLV (type 1): a subtype octet saying how the chassis is identified, then 1 to 255 octets of
/// identifier.
///
/// The subtype is kept as sent, including the values IEEE 802.1AB reserves, so that every received TLV re-encodes
/// byte for byte. lldpad identifies the chassis by its MAC address (subtype 4).
public struct LLDPChassisID: Hashable, Sendable {
    /// How ``id`` identifies the chassis (802.1AB Table 8-2; 4 is a MAC address).
    public let subtype: UInt8
    /// The identifier octets, 1 to 255 of them.
    public let id: [UInt8]

    /// The TLV type of the Chassis ID TLV.
    public static let tlvType: UInt8 = 1
    /// The subtype for a chassis identified by a MAC address.
    public static let macAddressSubtype: UInt8 = 4
    /// The subtype for a chassis identified by an interface name.
    public static let interfaceNameSubtype: UInt8 = 6
    /// The subtype for a locally assigned chassis identifier.
    public static let locallyAssignedSubtype: UInt8 = 7
    /// The largest number of identifier octets: the TLV value (subtype and identifier) holds at most 256 octets.
    public static let maximumIDLength = 255

    /// Creates a chassis ID; throws if `id` is empty or longer than 255 octets.
    public init(subtype: UInt8, id: [UInt8]) throws(VDPEncodingError) {
        guard !id.isEmpty else {
            throw VDPEncodingError(.emptyList, field: .lldpChassisID)
        }
        guard id.count <= Self.maximumIDLength else {
            throw VDPEncodingError(.tooManyElements, field: .lldpChassisID)
        }
        self.subtype = subtype
        self.id = id
    }

    /// Creates a chassis ID holding a MAC address (subtype 4).
    public init(macAddress: MACAddress) {
        self.subtype = Self.macAddressSubtype
        self.id = macAddress.octets
    }

    private init(uncheckedSubtype subtype: UInt8, id: [UInt8]) {
        self.subtype = subtype
        self.id = id
    }

    /// The MAC address, when the subtype is 4 and the identifier is six octets long; otherwise `nil`.
    public var macAddress: MACAddress? {
        guard subtype == Self.macAddressSubtype else {
            return nil
        }
        return MACAddress(octets: id)
    }

    /// The number of octets the TLV occupies on the wire, header included.
    public var encodedLength: Int { 3 + id.count }

    /// Decodes the value of a Chassis ID TLV whose header has already been read.
    init(
        header: TLVHeader,
        headerOffset: Int,
        value: inout ByteReader
    ) throws(VDPDecodingError) {
        guard (2...(1 + Self.maximumIDLength)).contains(Int(header.length)) else {
            throw value.error(.lengthMismatch, .lldpChassisID, at: headerOffset)
        }
        let subtype = try value.readUInt8(.lldpChassisID)
        self.init(uncheckedSubtype: subtype, id: value.readRemainingArray())
    }

    /// Writes the whole TLV, header included.
    func encode(into writer: inout ByteWriter) {
        writer.writeTLVHeader(type: Self.tlvType, length: 1 + id.count)
        writer.writeUInt8(subtype)
        writer.writeBytes(id)
    }
}
