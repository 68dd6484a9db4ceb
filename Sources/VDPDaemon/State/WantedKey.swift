import VDPWire

/// One VSI on one interface: what a change to the ``WantedSet`` names when it is appended to the state file's
/// journal (``StateFile/append(_:of:)``).
public struct WantedKey: Hashable, Sendable {
    /// The interface.
    public var interface: String
    /// The VSI.
    public var vsiID: VSIID

    /// A key.
    public init(interface: String, vsiID: VSIID) {
        self.interface = interface
        self.vsiID = vsiID
    }
}
