import VDPWire

/// What a station tells the bridge about one VSI: who manages it, its type, its identifier and its filters.
///
/// Encoded with `Codable` as `{"managerID": "mgr1", "typeID": 123456, "typeVersion": 1, "vsiID": {…},
/// "filterInfo": {…}}`, each member as its own type encodes it.
public struct VSIDescriptor: Hashable, Sendable, Codable {
    /// The VSI Manager ID.
    public var managerID: VSIManagerID
    /// The VSI Type ID.
    public var typeID: VSITypeID
    /// The VSI Type Version.
    public var typeVersion: UInt8
    /// The VSI's identifier; a station's VSIs are keyed by it.
    public var vsiID: VSIID
    /// The filter information (MACs, GroupIDs, VIDs; a null VID asks the bridge to choose).
    public var filterInfo: FilterInfo

    /// Creates a descriptor.
    public init(managerID: VSIManagerID, typeID: VSITypeID, typeVersion: UInt8, vsiID: VSIID, filterInfo: FilterInfo) {
        self.managerID = managerID
        self.typeID = typeID
        self.typeVersion = typeVersion
        self.vsiID = vsiID
        self.filterInfo = filterInfo
    }

    /// The descriptor a received VSI TLV carries under `managerID`.
    public init(_ tlv: VSITLV, managerID: VSIManagerID) {
        self.init(
            managerID: managerID,
            typeID: tlv.typeID,
            typeVersion: tlv.typeVersion,
            vsiID: tlv.vsiID,
            filterInfo: tlv.filterInfo
        )
    }

    /// A VSI TLV of the given type and status for this VSI, with `filterInfo` in place of the descriptor's.
    func tlv(_ type: VSITLVType, status: VDPStatus, filterInfo: FilterInfo? = nil) -> VSITLV {
        VSITLV(
            type: type,
            status: status,
            typeID: typeID,
            typeVersion: typeVersion,
            vsiID: vsiID,
            filterInfo: filterInfo ?? self.filterInfo
        )
    }
}

/// The M-bit and S-bit a station sets in its requests for a VSI.
///
/// Encoded with `Codable` as `{"migrating": false, "suspended": true}`.
public struct VSIHints: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The M-bit: the VSI's user is migrating *to* this VSI (immigration).
    public var migrating: Bool
    /// The S-bit: the VSI's user is suspended, or migrating *from* this VSI (emigration).
    public var suspended: Bool

    /// Creates hints.
    public init(migrating: Bool = false, suspended: Bool = false) {
        self.migrating = migrating
        self.suspended = suspended
    }

    /// Neither bit.
    public static let none = VSIHints()

    /// The hints carried by a request status octet; none for a response.
    public init(_ status: VDPStatus) {
        self.init(migrating: status.request?.mBit ?? false, suspended: status.request?.sBit ?? false)
    }

    /// The request status octet carrying these hints.
    public var status: VDPStatus { .request(mBit: migrating, sBit: suspended) }

    /// `M`, `S`, `M,S` or `-`.
    public var description: String {
        switch (migrating, suspended) {
        case (false, false): "-"
        case (true, false): "M"
        case (false, true): "S"
        case (true, true): "M,S"
        }
    }
}
