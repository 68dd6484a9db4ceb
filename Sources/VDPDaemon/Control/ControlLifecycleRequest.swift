import VDPProtocol

/// A lifecycle operation on one VSI of one interface.
///
/// On the wire the operation is `op`, the interface `interface`, the VSI `vsi` in the shape of `VSIDescriptor`'s
/// `Codable` form (`Docs/CODABLE.md`); `reserveResources` and `associate` are the options of `preAssociate` and
/// `immigrate` (both `false` when left out).
public struct ControlLifecycleRequest: Hashable, Sendable {
    /// The interface's name, as the daemon's configuration gives it.
    public var interface: String
    /// The VSI.
    public var vsi: VSIDescriptor
    /// What to do with it.
    public var action: ControlLifecycleAction

    /// Creates a request.
    public init(interface: String, vsi: VSIDescriptor, action: ControlLifecycleAction) {
        self.interface = interface
        self.vsi = vsi
        self.action = action
    }
}
