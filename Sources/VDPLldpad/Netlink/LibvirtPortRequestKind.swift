/// What libvirt asks for in `IFLA_PORT_REQUEST`: the kernel's `PORT_REQUEST_*` values, which lldpad takes for
/// VDP's Pre-Associate, Pre-Associate with resource reservation, Associate and De-Associate.
///
/// Frozen: the kernel defines no other request.
public enum LibvirtPortRequestKind: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `PORT_REQUEST_PREASSOCIATE` (0): libvirt sends it on the destination host when a migration starts.
    case preAssociate = 0
    /// `PORT_REQUEST_PREASSOCIATE_RR` (1): Pre-Associate with resource reservation.
    case preAssociateWithReservation = 1
    /// `PORT_REQUEST_ASSOCIATE` (2): a domain starts, or a migration finishes on the destination.
    case associate = 2
    /// `PORT_REQUEST_DISASSOCIATE` (3): a domain stops, or a migration finishes on the source.
    case deAssociate = 3

    /// `preassoc`, `preassoc-rr`, `assoc`, `deassoc`: lldpad's words for them.
    public var description: String {
        switch self {
        case .preAssociate: "preassoc"
        case .preAssociateWithReservation: "preassoc-rr"
        case .associate: "assoc"
        case .deAssociate: "deassoc"
        }
    }
}
