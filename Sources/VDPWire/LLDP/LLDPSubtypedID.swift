/// What the Chassis ID and Port ID TLVs share: a subtype octet and 1 to 255 octets of identifier, kept as sent.
struct LLDPSubtypedID: Hashable, Sendable {
    /// How the identifier is to be read; kept as sent, reserved values included.
    let subtype: UInt8
    /// The identifier octets, 1 to 255 of them.
    let id: [UInt8]

    /// The largest number of identifier octets: the TLV value (subtype and identifier) holds at most 256 octets.
    static let maximumIDLength = 255

    /// Checks that `id` holds 1 to 255 octets; `field` names the TLV in the error.
    init(subtype: UInt8, id: [UInt8], field: VDPDecodingError.Field) throws(VDPEncodingError) {
        guard !id.isEmpty else {
            throw VDPEncodingError(.emptyList, field: field)
        }
        guard id.count <= Self.maximumIDLength else {
            throw VDPEncodingError(.tooManyElements, field: field)
        }
        self.subtype = subtype
        self.id = id
    }

    /// An identifier known to be valid (a MAC address).
    init(subtype: UInt8, macAddress: MACAddress) {
        self.subtype = subtype
        self.id = macAddress.octets
    }

    /// Decodes the value of the TLV whose header has already been read; `field` names the TLV in the error.
    init(
        header: TLVHeader,
        headerOffset: Int,
        value: inout ByteReader,
        field: VDPDecodingError.Field
    ) throws(VDPDecodingError) {
        guard (2...(1 + Self.maximumIDLength)).contains(Int(header.length)) else {
            throw value.error(.lengthMismatch, field, at: headerOffset)
        }
        subtype = try value.readUInt8(field)
        id = value.readRemainingArray()
    }

    /// The MAC address, when the subtype is `macAddressSubtype` and the identifier is six octets long.
    func macAddress(subtype macAddressSubtype: UInt8) -> MACAddress? {
        guard subtype == macAddressSubtype else {
            return nil
        }
        return MACAddress(octets: id)
    }

    /// The number of octets the TLV occupies on the wire, header included.
    var encodedLength: Int { 3 + id.count }

    /// Writes the whole TLV of type `tlvType`, header included.
    func encode(tlvType: UInt8, into writer: inout ByteWriter) {
        writer.writeTLVHeader(type: tlvType, length: 1 + id.count)
        writer.writeUInt8(subtype)
        writer.writeBytes(id)
    }
}
