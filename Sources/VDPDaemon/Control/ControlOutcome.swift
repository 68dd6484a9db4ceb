import VDPProtocol

/// How a lifecycle request ended.
///
/// Frozen. Encoded with `Codable` as `{"succeeded": {"state": { … }}}` (`state` left out after a De-Associate) or
/// `{"failed": {"error": { … }}}`.
public enum ControlOutcome: Hashable, Sendable, Codable {
    /// The bridge agreed; the state it confirmed, `nil` after a De-Associate.
    case succeeded(state: StationVSIState?)
    /// The request failed.
    case failed(error: ControlError)
}
