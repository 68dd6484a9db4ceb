/// A draft-0.2 VDP TLV: an organizationally specific TLV (type 127, OUI 00-1B-3F, subtype 2) describing one
/// VSI, with a one-octet manager ID and MAC/VID filter entries.
///
/// ```
/// octets 0-3   OUI 00-1B-3F, subtype 2
/// octet  4     mode: 0 pre-associate, 1 pre-associate with RR, 2 associate, 3 de-associate
/// octet  5     response: 0 success, 1 invalid format, 2 insufficient resources, 3 unused VTID,
///              4 VTID violation, 5 VTID version violation, 6 out of sync
/// octet  6     manager ID
/// octets 7-9   VSI Type ID
/// octet  10    VSI Type Version
/// octets 11-26 instance UUID
/// octet  27    filter format (2: MAC/VID)
/// octets 28-29 number of entries (n ≥ 1)
/// octets 30-   n × [MAC 6][VLAN 2]
/// ```
public struct DraftVDPTLV: Hashable, Sendable {
    /// The TLV type.
    public static let tlvType: UInt8 = 127
    /// The subtype that marks a draft VDP TLV.
    public static let subtype: UInt8 = 2
    /// The filter format of MAC/VID entries, the only one lldpad sends or accepts.
    public static let macVIDFormat: UInt8 = 2
    /// The value octets before the entries.
    public static let fixedValueLength = 30
    /// The most MAC/VID entries that fit a 9-bit TLV length.
    public static let maximumEntryCount = (TLVHeader.maximumLength - fixedValueLength) / 8

    /// One MAC/VLAN pair.
    public struct Entry: Hashable, Sendable {
        /// The MAC address.
        public var mac: MACAddress
        /// The VLAN, a plain 16-bit value.
        public var vlan: UInt16

        /// Creates an entry.
        public init(mac: MACAddress, vlan: UInt16) {
            self.mac = mac
            self.vlan = vlan
        }
    }

    /// The mode octet (0 to 3 are defined).
    public var mode: UInt8
    /// The response octet.
    public var response: UInt8
    /// The one-octet manager ID.
    public var managerID: UInt8
    /// The VSI Type ID.
    public var typeID: VSITypeID
    /// The VSI Type Version.
    public var typeVersion: UInt8
    /// The instance UUID.
    public var instanceID: VSIUUID
    /// The MAC/VLAN entries, at least one.
    public let entries: [Entry]

    /// Creates a draft VDP TLV; throws if `entries` is empty or holds more than ``maximumEntryCount``.
    public init(
        mode: UInt8,
        response: UInt8 = 0,
        managerID: UInt8,
        typeID: VSITypeID,
        typeVersion: UInt8,
        instanceID: VSIUUID,
        entries: [Entry]
    ) throws(VDPEncodingError) {
        guard !entries.isEmpty else {
            throw VDPEncodingError(.emptyList, field: .draftVDPTLV)
        }
        guard entries.count <= Self.maximumEntryCount else {
            throw VDPEncodingError(.tooManyElements, field: .draftVDPTLV)
        }
        self.mode = mode
        self.response = response
        self.managerID = managerID
        self.typeID = typeID
        self.typeVersion = typeVersion
        self.instanceID = instanceID
        self.entries = entries
    }

    /// The value length, OUI and subtype included.
    public var valueLength: Int { Self.fixedValueLength + 8 * entries.count }

    /// A mode name as in the reference decodes: `preassoc`, `preassoc-rr`, `assoc`, `deassoc`.
    public var modeName: String {
        switch mode {
        case 0: "preassoc"
        case 1: "preassoc-rr"
        case 2: "assoc"
        case 3: "deassoc"
        default: "mode\(mode)"
        }
    }

    static func startsDraftVDP(_ value: ByteReader) -> Bool {
        var probe = value
        guard let oui = try? probe.readOUI(.draftVDPTLV), let subtype = try? probe.readUInt8(.draftVDPTLV) else {
            return false
        }
        return oui == .draftQbg && subtype == Self.subtype
    }

    init(value reader: inout ByteReader) throws(VDPDecodingError) {
        _ = try reader.readOUI(.draftVDPTLV)
        _ = try reader.readUInt8(.draftVDPTLV)
        self.mode = try reader.readUInt8(.draftVDPTLV)
        self.response = try reader.readUInt8(.draftVDPTLV)
        self.managerID = try reader.readUInt8(.draftVDPTLV)
        self.typeID = VSITypeID(uncheckedRawValue: try reader.readUInt24(.typeID))
        self.typeVersion = try reader.readUInt8(.typeVersion)
        self.instanceID = VSIUUID(octets: try reader.readOctets16(.vsiid))
        let formatOffset = reader.offset
        guard try reader.readUInt8(.filterInfoFormat) == Self.macVIDFormat else {
            throw reader.error(.unsupportedValue, .filterInfoFormat, at: formatOffset)
        }
        let countOffset = reader.offset
        let count = Int(try reader.readUInt16(.filterInfoEntryCount))
        guard count > 0 else {
            throw reader.error(.emptyList, .filterInfoEntryCount, at: countOffset)
        }
        guard reader.remaining == 8 * count else {
            throw reader.error(.lengthMismatch, .filterInfoEntryCount, at: countOffset)
        }
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let mac = try reader.readMACAddress(.filterInfoEntries)
            entries.append(Entry(mac: mac, vlan: try reader.readUInt16(.filterInfoEntries)))
        }
        self.entries = entries
    }

    func encode(into writer: inout ByteWriter) {
        writer.writeTLVHeader(type: Self.tlvType, length: valueLength)
        writer.writeOUI(.draftQbg)
        writer.writeUInt8(Self.subtype)
        writer.writeUInt8(mode)
        writer.writeUInt8(response)
        writer.writeUInt8(managerID)
        writer.writeUInt24(typeID.rawValue)
        writer.writeUInt8(typeVersion)
        writer.writeOctets16(instanceID.octets)
        writer.writeUInt8(Self.macVIDFormat)
        writer.writeUInt16(UInt16(truncatingIfNeeded: entries.count))
        for entry in entries {
            writer.writeMACAddress(entry.mac)
            writer.writeUInt16(entry.vlan)
        }
    }
}
