import VDPWire

/// What the bridge has confirmed for a VSI, as a station sees it.
///
/// Encoded with `Codable` as `{"type": 3, "hints": {…}, "filterInfo": {…}}`.
public struct StationVSIState: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The confirmed operation: Pre-Associate, Pre-Associate with RR or Associate.
    public var type: VSITLVType
    /// The hints of the confirmed request (S-bit: suspended or emigrating; M-bit: immigrating).
    public var hints: VSIHints
    /// The filters as the bridge confirmed them, with any VID or PCP it chose for null VIDs.
    public var filterInfo: FilterInfo

    /// Creates a state.
    public init(type: VSITLVType, hints: VSIHints, filterInfo: FilterInfo) {
        self.type = type
        self.hints = hints
        self.filterInfo = filterInfo
    }

    /// The lifecycle name: `pre-associated`, `pre-associated (reserved)`, `associated`, `suspended`, …
    public var description: String {
        switch type {
        case .preAssociate: hints.migrating ? "pre-associated (immigrating)" : "pre-associated"
        case .preAssociateWithResourceReservation: "pre-associated (reserved)"
        case .associate:
            switch (hints.migrating, hints.suspended) {
            case (_, true): "associated (suspended)"
            case (true, false): "associated (immigrated)"
            case (false, false): "associated"
            }
        case .deAssociate: "de-associated"
        }
    }
}

/// Why a station command did not complete with the bridge's agreement.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
///
/// Encoded with `Codable` as an object with one key, the case: `{"timeout": {}}`,
/// `{"rejected": {"code": 2, "hardError": false, "keep": true}}`.
public enum StationRequestFailure: Hashable, Sendable, Error, CustomStringConvertible, Codable {
    /// No response arrived within respWaitDelay.
    case timeout
    /// ECP gave up: 1 + R transmissions of the request went unacknowledged.
    case retriesExhausted
    /// The bridge refused. With `keep`, the VSI stays as it was before the request.
    case rejected(VDPErrorCode, hardError: Bool, keep: Bool)
    /// The bridge's response did not match the request's filters; the VSI was ended.
    case responseMismatch
    /// The bridge de-associated the VSI while the request was out.
    case bridgeDeAssociated
    /// A later command (a De-Associate) replaced this request before it was answered.
    case superseded
    /// The port went down, or the peer was lost, before the request was answered.
    case portDown

    /// A short description.
    public var description: String {
        switch self {
        case .timeout: "no response within respWaitDelay"
        case .retriesExhausted: "ECP retries exhausted"
        case .rejected(let code, let hard, let keep):
            "rejected by the bridge: \(code)\(hard ? ", hard error" : "")\(keep ? ", previous state kept" : "")"
        case .responseMismatch: "response does not match the request"
        case .bridgeDeAssociated: "de-associated by the bridge"
        case .superseded: "superseded by a later command"
        case .portDown: "port down"
        }
    }

    private enum RejectedCodingKeys: String, CodingKey {
        case _0 = "code"
        case hardError, keep
    }
}

/// A local command a station port refuses, before anything is sent.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
///
/// Encoded with `Codable` as an object with one key, the case: `{"busy": {}}`,
/// `{"invalidTransition": {"from": 3, "to": 1}}`.
public enum StationCommandError: Hashable, Sendable, Error, CustomStringConvertible, Codable {
    /// A request for this VSI is still waiting for the bridge's response.
    case busy
    /// The VSI is not known (for example a De-Associate of a VSI never associated).
    case unknownVSI
    /// The filters differ from those of the live VSI; de-associate it first.
    case filterMismatch
    /// The operation may not follow the VSI's current one (Pre-Associate after Associate).
    case invalidTransition(from: VSITLVType, to: VSITLVType)
    /// Filter formats 3 and 4 need GroupID support on both ends (BGID and SGID).
    case groupIDsNotNegotiated
    /// The Manager ID or type differs from that of the live VSI.
    case descriptorMismatch

    /// A short description.
    public var description: String {
        switch self {
        case .busy: "a request for this VSI is outstanding"
        case .unknownVSI: "unknown VSI"
        case .filterMismatch: "filter data differs from the live VSI's"
        case .invalidTransition(let from, let to): "\(to) may not follow \(from)"
        case .groupIDsNotNegotiated: "GroupID filter formats need GroupID support on both ends"
        case .descriptorMismatch: "manager ID or VSI type differs from the live VSI's"
        }
    }
}

/// Something the bridge did to a VSI that no local command asked for.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
///
/// Encoded with `Codable` as an object with one key, the case: `{"bridgeDeAssociated": {"vsiID": {…}}}`,
/// `{"filterChanged": {"vsiID": {…}, "filterInfo": {…}}}`, `{"keepAliveFailed": {"vsiID": {…}, "failure": {…}}}`.
public enum StationEvent: Hashable, Sendable, Codable {
    /// The bridge de-associated the VSI (an unsolicited De-Associate); the VSI is gone.
    case bridgeDeAssociated(VSIID)
    /// A keep-alive response carried other VIDs or PCPs than those confirmed before.
    case filterChanged(VSIID, FilterInfo)
    /// A keep-alive went unanswered, was refused or did not match; the VSI is gone.
    case keepAliveFailed(VSIID, StationRequestFailure)

    private enum BridgeDeAssociatedCodingKeys: String, CodingKey {
        case _0 = "vsiID"
    }

    private enum FilterChangedCodingKeys: String, CodingKey {
        case _0 = "vsiID"
        case _1 = "filterInfo"
    }

    private enum KeepAliveFailedCodingKeys: String, CodingKey {
        case _0 = "vsiID"
        case _1 = "failure"
    }
}
