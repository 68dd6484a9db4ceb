import VDPProtocol
import VDPWire

/// Why a ``VSITypePolicy`` refuses a request, or no longer allows a VSI after a reload.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
public enum VSITypeRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The type and version have no entry: authorization failed.
    case unknownType(VSITypeID, version: UInt8)
    /// The VSI Manager ID is not one the entry allows: authorization failed.
    case managerNotAllowed(VSIManagerID)
    /// A filter names a virtual network (GroupID) the entry does not allow: authorization failed.
    case networkNotAllowed(GroupID)
    /// The entry lists virtual networks and a filter names none: invalid VID, GroupID or MAC.
    case networkRequired
    /// A VID the entry does not allow: invalid VID, GroupID or MAC.
    case vidNotAllowed(UInt16)
    /// A VID that differs from the one the GroupID already uses: invalid VID, GroupID or MAC.
    case groupVIDConflict(GroupID, usedVID: UInt16)
    /// A priority (PS set) that differs from the entry's PCP: invalid VID, GroupID or MAC.
    case pcpConflict(requested: UInt8, allowed: UInt8)
    /// Every VID of the entry's own range is in use: insufficient resources.
    case vidRangeExhausted
    /// The station already has the entry's limit of VSIs: insufficient resources.
    case stationLimitReached(Int)

    /// The rejection reason, hence the VDP error code, given to the station.
    public var rejectionReason: BridgeRejectionReason {
        switch self {
        case .unknownType, .managerNotAllowed, .networkNotAllowed: .authorizationFailed
        case .networkRequired, .vidNotAllowed, .groupVIDConflict, .pcpConflict: .invalidAddressOrVLAN
        case .vidRangeExhausted, .stationLimitReached: .insufficientResources
        }
    }

    /// Whether asking again cannot help (the hard-error bit): every refusal but a lack of resources.
    public var isHard: Bool {
        rejectionReason != .insufficientResources
    }

    /// A short description.
    public var description: String {
        switch self {
        case .unknownType(let typeID, let version): "type \(typeID)/\(version) is not in the type database"
        case .managerNotAllowed(let managerID): "manager \(managerID) is not allowed for the type"
        case .networkNotAllowed(let groupID): "the type may not join VN \(groupID)"
        case .networkRequired: "the type's filters must name a VN (GroupID)"
        case .vidNotAllowed(let vid): "VID \(vid) is not allowed for the type"
        case .groupVIDConflict(let groupID, let vid): "VN \(groupID) already uses VID \(vid)"
        case .pcpConflict(let requested, let allowed): "PCP \(requested) requested, the type's is \(allowed)"
        case .vidRangeExhausted: "every VID of the type's range is in use"
        case .stationLimitReached(let limit): "the station already has \(limit) VSIs of the type"
        }
    }
}

/// A VSI that a reloaded ``VSITypeDatabase`` no longer allows, to be de-associated by the bridge.
public struct VSITypeRevocation: Hashable, Sendable, CustomStringConvertible {
    /// The VSI.
    public var key: BridgeVSIKey
    /// Why the new database refuses it.
    public var reason: VSITypeRefusal

    /// Creates a revocation.
    public init(key: BridgeVSIKey, reason: VSITypeRefusal) {
        self.key = key
        self.reason = reason
    }

    /// `station/vsiid: reason`.
    public var description: String { "\(key): \(reason)" }
}
