/// The result of `status`: each interface, and the control server's own counters.
///
/// Encoded with `Codable` as `{"interfaces": [ … ], "control": { … }}`.
public struct ControlStatus: Hashable, Sendable, Codable {
    /// The daemon's interfaces, in the order of its configuration.
    public var interfaces: [InterfaceStatus]
    /// The control server's bounds and counters. ``ControlServer`` fills it in on the way out, so a handler leaves
    /// it `nil`.
    public var control: ControlServerCounters?

    /// Creates a result.
    public init(interfaces: [InterfaceStatus], control: ControlServerCounters? = nil) {
        self.interfaces = interfaces
        self.control = control
    }
}
