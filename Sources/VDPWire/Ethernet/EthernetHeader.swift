/// The Ethernet II header: addresses, optional VLAN tags, and the Ethernet type.
public struct EthernetHeader: Hashable, Sendable {
    /// The destination address.
    public var destination: MACAddress
    /// The source address.
    public var source: MACAddress
    /// VLAN tags between the source address and the Ethernet type, outermost first (at most two).
    public var vlanTags: [VLANTag]
    /// The Ethernet type of the payload.
    public var etherType: EtherType

    /// The length of an untagged header.
    public static let untaggedLength = 14
    /// The most VLAN tags the decoder accepts (an 802.1ad S-tag and a C-tag).
    public static let maximumVLANTags = 2

    /// Creates a header.
    public init(destination: MACAddress, source: MACAddress, vlanTags: [VLANTag] = [], etherType: EtherType) {
        self.destination = destination
        self.source = source
        self.vlanTags = vlanTags
        self.etherType = etherType
    }

    /// The encoded length: 14 octets plus 4 per VLAN tag.
    public var encodedLength: Int { Self.untaggedLength + 4 * vlanTags.count }

    init(from reader: inout ByteReader) throws(VDPDecodingError) {
        self.destination = try reader.readMACAddress(.ethernetDestination)
        self.source = try reader.readMACAddress(.ethernetSource)
        var tags: [VLANTag] = []
        var type = EtherType(rawValue: try reader.readUInt16(.ethernetType))
        while type == .customerVLANTag || type == .serviceVLANTag {
            guard tags.count < Self.maximumVLANTags else {
                throw reader.error(.unsupportedValue, .ethernetVLANTag, at: reader.offset - 2)
            }
            tags.append(VLANTag(protocolIdentifier: type, controlInformation: try reader.readUInt16(.ethernetVLANTag)))
            type = EtherType(rawValue: try reader.readUInt16(.ethernetType))
        }
        self.vlanTags = tags
        self.etherType = type
    }

    func encode(into writer: inout ByteWriter) {
        writer.writeMACAddress(destination)
        writer.writeMACAddress(source)
        for tag in vlanTags {
            writer.writeUInt16(tag.protocolIdentifier.rawValue)
            writer.writeUInt16(tag.controlInformation)
        }
        writer.writeUInt16(etherType.rawValue)
    }
}
