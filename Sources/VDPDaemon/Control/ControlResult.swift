import VDPProtocol

/// The `result` of a successful response; its shape depends on the operation.
///
/// Frozen for protocol version 1, one case per kind of operation. Encoded as: ``ControlHello`` for `hello`;
/// ``ControlStatus`` for `status`; `{"vsis": [ … ]}` of ``WantedVSIStatus`` for `list`; `{"vsi": { … }}` for `get`;
/// `{"state": { … }}` (a `StationVSIState`, left out after `deAssociate`) for the lifecycle operations; `{}` for
/// `watch`.
public enum ControlResult: Hashable, Sendable {
    /// The answer to `hello`.
    case hello(ControlHello)
    /// The answer to `status`.
    case status(ControlStatus)
    /// The answer to `list`.
    case list([WantedVSIStatus])
    /// The answer to `get`.
    case vsi(WantedVSIStatus)
    /// The answer to a lifecycle operation: the state the bridge confirmed; `nil` after a De-Associate.
    case lifecycle(StationVSIState?)
    /// The answer to `watch`: events follow.
    case watching
}
