/// Where ``StationService`` learns that an interface lost or regained its carrier, or disappeared: the
/// rtnetlink link monitor in `vdpd`, a script in tests.
public protocol LinkEventSource: Sendable {
    /// The link events from now on, for every interface; the stream ends when the source stops.
    func linkEvents() async -> AsyncStream<LinkEvent>
    /// Whether the interface has its carrier now, or `nil` when the source does not know it (it does not
    /// exist, or the source cannot tell).
    func isUp(_ interface: String) async -> Bool?
}

/// An interface's carrier came or went, or the interface disappeared.
public struct LinkEvent: Hashable, Sendable, CustomStringConvertible {
    /// What happened.
    ///
    /// Frozen: a carrier is up or down, or the interface is gone.
    public enum Kind: String, Hashable, Sendable {
        /// The carrier is up (the interface is also up): the port can send.
        case up
        /// The carrier is down, or the interface was set down.
        case down
        /// The interface was deleted or renamed away.
        case removed
    }

    /// The interface's name.
    public var interface: String
    /// What happened.
    public var kind: Kind

    /// Creates an event.
    public init(interface: String, kind: Kind) {
        self.interface = interface
        self.kind = kind
    }

    /// `eth0 up`.
    public var description: String { "\(interface) \(kind.rawValue)" }
}
