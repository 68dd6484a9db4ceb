import VDPProtocol
import VDPWire

/// One VSI as lldpad's VDP module writes it to its clients, in a query's answer and in an event: the same
/// length-prefixed `name`/`value` pairs vdptool sends (`04mode0005assoc06mgrid20004mgr1…`), with `hints` holding
/// the bridge's response (0 success, the error code with the hard-error and keep bits, 255 none yet, plus the
/// station's own errors from bit 8 on).
public struct LldpadVSIRecord: Hashable, Sendable {
    /// The VSI's mode.
    public var mode: VSITLVType
    /// The manager ID.
    public var managerID: VSIManagerID
    /// The type ID.
    public var typeID: UInt32
    /// The type version.
    public var typeVersion: UInt8
    /// The VSI ID's 16 octets.
    public var uuid: Octets16
    /// The response code written as `hints`.
    public var response: Int
    /// The filters.
    public var filters: [FilterEntry]
    /// Whether the filters' GroupIDs are written; lldpad's events write 0 in their place (it does not copy them
    /// into the event), its query answers write them.
    public var writesGroupIDs = true

    /// `hints` while no response has come (`VDP22_RESP_NONE`).
    public static let noResponse = 255
    /// The station error bit for "keep-alive timer expired" (`VDP22_KATO`), above the response octet.
    public static let keepAliveTimeout = 1 << 8
    /// The station error bit for "no acknowledgement from the bridge" (`VDP22_ACKTO`), above the response octet.
    public static let acknowledgementTimeout = 1 << 9
    /// The station error bit for "transmission error" (`VDP22_TXERR`), above the response octet.
    public static let transmissionError = 1 << 10

    /// Creates a record.
    public init(
        mode: VSITLVType,
        managerID: VSIManagerID,
        typeID: UInt32,
        typeVersion: UInt8,
        uuid: Octets16,
        response: Int,
        filters: [FilterEntry]
    ) {
        self.mode = mode
        self.managerID = managerID
        self.typeID = typeID
        self.typeVersion = typeVersion
        self.uuid = uuid
        self.response = response
        self.filters = filters
    }

    /// A record of `descriptor` in `mode`, with `filters` (the descriptor's when `nil`).
    public init(_ descriptor: VSIDescriptor, mode: VSITLVType, response: Int, filters: [FilterEntry]? = nil) {
        self.init(
            mode: mode,
            managerID: descriptor.managerID,
            typeID: descriptor.typeID.rawValue,
            typeVersion: descriptor.typeVersion,
            uuid: descriptor.vsiID.octets,
            response: response,
            filters: filters ?? descriptor.filterInfo.entries
        )
    }

    /// The record's text.
    public var text: [UInt8] {
        var text: [UInt8] = []
        Self.append("mode", Array(Self.modeName(mode).utf8), to: &text)
        Self.append("mgrid2", managerIDText, to: &text)
        Self.append("typeid", Array(String(typeID).utf8), to: &text)
        Self.append("typeidver", Array(String(typeVersion).utf8), to: &text)
        Self.append("uuid", Array(VSIUUID(octets: uuid).description.lowercased().utf8), to: &text)
        Self.append("hints", Array(String(response).utf8), to: &text)
        for filter in filters {
            let written =
                writesGroupIDs || filter.groupID == nil
                ? filter : FilterEntry(groupID: GroupID(rawValue: 0), mac: filter.mac, vid: filter.vid)
            Self.append("filter", Array(Self.filterText(written).utf8), to: &text)
        }
        return text
    }

    /// The manager ID as lldpad writes it: the number in its first octet when the others are zero, otherwise its
    /// octets up to the first zero.
    var managerIDText: [UInt8] {
        let octets = managerID.octets.octets
        guard octets.dropFirst().contains(where: { $0 != 0 }) else {
            return Array(String(octets.first ?? 0).utf8)
        }
        return Array(octets.prefix { $0 != 0 })
    }

    /// `assoc`, `preassoc`, `preassoc-rr` or `deassoc`.
    public static func modeName(_ mode: VSITLVType) -> String {
        switch mode {
        case .preAssociate: "preassoc"
        case .preAssociateWithResourceReservation: "preassoc-rr"
        case .associate: "assoc"
        case .deAssociate: "deassoc"
        }
    }

    /// A filter as lldpad writes it: the VID field in decimal, then `-mac` and `-group` where the format has them
    /// (one dash before the group also in format 3).
    public static func filterText(_ filter: FilterEntry) -> String {
        var text = String(filter.vid.rawValue)
        if let mac = filter.mac {
            text += "-" + mac.description.lowercased()
        }
        if let group = filter.groupID {
            text += "-" + String(group.rawValue)
        }
        return text
    }

    private static func append(_ name: String, _ value: [UInt8], to text: inout [UInt8]) {
        let nameOctets = Array(name.utf8)
        text += LldpadHex.octets(UInt64(nameOctets.count), width: 2) + nameOctets
        text += LldpadHex.octets(UInt64(value.count), width: 4) + value
    }
}
