/// A message lldpad's netlink service understands.
///
/// Frozen: lldpad answers every other message type with `ENODEV`.
public enum LldpadNetlinkRequest: Hashable, Sendable {
    /// `RTM_SETLINK`: a port-profile request.
    case setLink(LibvirtPortRequest)
    /// `RTM_GETLINK`: a status query.
    case getLink(LibvirtStatusQuery)
}
