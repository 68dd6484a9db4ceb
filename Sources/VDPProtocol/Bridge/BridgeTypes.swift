import VDPWire

/// A VSI as a bridge port keys it: the station it came from and its VSIID.
///
/// Binding each VSI to its station means one station can never change or remove another's VSIs.
///
/// Encoded with `Codable` as `{"station": "02:00:00:00:aa:01", "vsiID": {…}}`.
public struct BridgeVSIKey: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The station's MAC address (the source of its ECP frames).
    public var station: MACAddress
    /// The VSIID.
    public var vsiID: VSIID

    /// Creates a key.
    public init(station: MACAddress, vsiID: VSIID) {
        self.station = station
        self.vsiID = vsiID
    }

    /// `station/vsiid`.
    public var description: String { "\(station)/\(vsiID)" }
}

/// What a bridge has granted a VSI.
///
/// Encoded with `Codable` as `{"type": 3, "hints": {…}, "filterInfo": {…}}`.
public struct BridgeVSIState: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The granted operation: Pre-Associate, Pre-Associate with RR, or Associate.
    public var type: VSITLVType
    /// The hints of the granted request; an Associate with the S-bit is a suspended (inactive) VSI.
    public var hints: VSIHints
    /// The filters as granted, with the VIDs and PCPs the bridge chose for null VIDs.
    public var filterInfo: FilterInfo

    /// Creates a state.
    public init(type: VSITLVType, hints: VSIHints, filterInfo: FilterInfo) {
        self.type = type
        self.hints = hints
        self.filterInfo = filterInfo
    }

    /// Whether the VSI's forwarding is active: associated and not suspended.
    public var isActive: Bool { type == .associate && !hints.suspended }

    /// The lifecycle name, as ``StationVSIState`` gives it.
    public var description: String {
        StationVSIState(type: type, hints: hints, filterInfo: filterInfo).description
    }
}

/// Identifies one decision a bridge port is waiting for.
public struct BridgeDecisionID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A number unique within one bridge port.
    public let rawValue: UInt64

    /// Wraps a number; only a bridge port issues identifiers, so an embedder cannot forge one.
    package init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Orders identifiers by issue.
    public static func < (lhs: BridgeDecisionID, rhs: BridgeDecisionID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// `#` and the number.
    public var description: String { "#\(rawValue)" }
}

/// A station's request the bridge's policy must decide: authorize it, and choose VIDs for null VIDs.
///
/// Only a bridge port creates requests (``BridgeOutput/decisionRequired(_:)``); they are read-only outside the
/// package.
public struct BridgeDecisionRequest: Hashable, Sendable {
    /// Quote this in ``BridgePort/decide(_:_:at:into:)``.
    public package(set) var id: BridgeDecisionID
    /// The VSI.
    public package(set) var key: BridgeVSIKey
    /// The requested operation.
    public package(set) var type: VSITLVType
    /// The request's M-bit and S-bit.
    public package(set) var hints: VSIHints
    /// The VSI as the request describes it.
    public package(set) var descriptor: VSIDescriptor
    /// What the bridge had granted before this request, if anything.
    public package(set) var current: BridgeVSIState?

    /// Creates a request.
    package init(
        id: BridgeDecisionID,
        key: BridgeVSIKey,
        type: VSITLVType,
        hints: VSIHints,
        descriptor: VSIDescriptor,
        current: BridgeVSIState?
    ) {
        self.id = id
        self.key = key
        self.type = type
        self.hints = hints
        self.descriptor = descriptor
        self.current = current
    }
}

/// How a bridge fills in null VIDs when it accepts a request.
///
/// Not frozen: other assignments may be added in later versions, so switch over it with a `default`.
public enum VIDAssignment: Hashable, Sendable {
    /// From the port's VID pool: one VID per GroupID (shared by every VSI of that virtual network) or, without
    /// GroupIDs, one VID per VSI. The request's PS/PCP are kept.
    case fromPool
    /// This PS/PCP/VID word for every null-VID entry.
    case fixed(FilterVID)
    /// A word for each entry in order (replacing non-null VIDs too); the count must match the request's.
    case perEntry([FilterVID])
}

/// Why a bridge refuses a request, in the terms of the NVO3 lifecycle, and the VDP error code for each.
///
/// Not frozen: reasons may be added in later versions, so switch over it with a `default`.
///
/// Encoded with `Codable` as an object with one key, the case: `{"authorizationFailed": {}}`.
public enum BridgeRejectionReason: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The VM or hypervisor may not join that network, or the VSI type is unknown: error 4.
    case authorizationFailed
    /// The policy source could not be reached: error 3.
    case policyUnreachable
    /// The provisioned policy conflicts with what the bridge has: error 4.
    case conflictingPolicy
    /// An address, VLAN or GroupID conflicts or is invalid: error 5.
    case invalidAddressOrVLAN
    /// The bridge lacks the resources: error 2.
    case insufficientResources
    /// The request is malformed: error 1.
    case invalidFormat

    /// The VDP error code carried in the response.
    public var errorCode: VDPErrorCode {
        switch self {
        case .authorizationFailed, .conflictingPolicy: .otherFailure
        case .policyUnreachable: .unableToContactVSIManager
        case .invalidAddressOrVLAN: .invalidVIDGroupIDOrMAC
        case .insufficientResources: .insufficientResources
        case .invalidFormat: .invalidFormat
        }
    }

    /// A short description.
    public var description: String {
        switch self {
        case .authorizationFailed: "authorization failed"
        case .policyUnreachable: "policy source unreachable"
        case .conflictingPolicy: "conflicting policy"
        case .invalidAddressOrVLAN: "invalid or conflicting address, VLAN or GroupID"
        case .insufficientResources: "insufficient resources"
        case .invalidFormat: "invalid format"
        }
    }
}

/// A bridge policy's answer to a ``BridgeDecisionRequest``.
///
/// Frozen: a policy accepts or rejects; how it accepts and why it rejects are the extensible parts
/// (``VIDAssignment``, ``BridgeRejectionReason``).
public enum BridgeDecision: Hashable, Sendable {
    /// Grant the request, filling in null VIDs as `assignment` says.
    case accept(VIDAssignment)
    /// Refuse it. With `keep`, the VSI stays as it was (a busy or temporary refusal); without, a VSI that existed
    /// is removed. `hardError` tells the station that retrying will not help.
    case reject(BridgeRejectionReason, hardError: Bool = false, keep: Bool = false)

    /// Grant the request, with null VIDs from the port's pool.
    public static let accept = BridgeDecision.accept(.fromPool)
}

/// Why a bridge port removed a VSI.
///
/// Not frozen: reasons may be added in later versions, so switch over it with a `default`.
///
/// Encoded with `Codable` as an object with one key, the case: `{"agedOut": {}}`,
/// `{"rejected": {"reason": {"authorizationFailed": {}}}}`.
public enum BridgeRemovalReason: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The station de-associated it.
    case stationDeAssociated
    /// No keep-alive arrived within toutKeepAlive; an unsolicited De-Associate was sent.
    case agedOut
    /// The bridge's policy refused a request without keep.
    case rejected(BridgeRejectionReason)
    /// The policy did not decide within resourceWaitDelay.
    case decisionTimedOut
    /// The bridge de-associated it (an NVE local change); an unsolicited De-Associate was sent.
    case bridgeDeAssociated
    /// The port went down or its peer was lost.
    case portDown

    /// A short description.
    public var description: String {
        switch self {
        case .stationDeAssociated: "de-associated by the station"
        case .agedOut: "aged out (no keep-alive within toutKeepAlive)"
        case .rejected(let reason): "rejected: \(reason)"
        case .decisionTimedOut: "no policy decision within resourceWaitDelay"
        case .bridgeDeAssociated: "de-associated by the bridge"
        case .portDown: "port down"
        }
    }

    private enum RejectedCodingKeys: String, CodingKey {
        case _0 = "reason"
    }
}

/// A change in a bridge port's VSI table.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
///
/// Encoded with `Codable` as an object with one key, the case: `{"vsiChanged": {"key": {…}, "state": {…}}}`,
/// `{"vsiRemoved": {"key": {…}, "reason": {…}}}`, `{"requestRefused": {"key": {…}, "reason": {…}}}`,
/// `{"malformedRequest": {"station": "…", "tlvs": [{…}], "total": 3}}`.
public enum BridgeEvent: Hashable, Sendable, Codable {
    /// A VSI was granted a new state (created, activated, suspended, resumed, migrated, changed).
    case vsiChanged(BridgeVSIKey, BridgeVSIState)
    /// A VSI was removed.
    case vsiRemoved(BridgeVSIKey, BridgeRemovalReason)
    /// A request was refused (or not decided in time, as ``BridgeRejectionReason/policyUnreachable``): about a new
    /// VSI, which was then not created, or with keep, so the VSI stays as it was.
    case requestRefused(BridgeVSIKey, BridgeRejectionReason)
    /// A station sent VSI TLVs that do not decode, in one ULPDU: the first
    /// ``BridgePort/malformedTLVsReported`` of them, and how many there were. They were ignored (those with a
    /// reserved filter-info format answered with "invalid format"), and every other VSI is unaffected.
    case malformedRequest(station: MACAddress, [MalformedVSITLV], total: Int)

    private enum VsiChangedCodingKeys: String, CodingKey {
        case _0 = "key"
        case _1 = "state"
    }

    private enum VsiRemovedCodingKeys: String, CodingKey {
        case _0 = "key"
        case _1 = "reason"
    }

    private enum RequestRefusedCodingKeys: String, CodingKey {
        case _0 = "key"
        case _1 = "reason"
    }

    private enum MalformedRequestCodingKeys: String, CodingKey {
        case station
        case _1 = "tlvs"
        case total
    }
}
