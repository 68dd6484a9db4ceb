/// Which of the four VSI TLVs a TLV is; the TLV type doubles as the request's operation.
///
/// Frozen: these are the four VSI TLV types of 802.1Qbg-2012; no case will be added.
///
/// Encoded with `Codable` as the TLV type number, 1 to 4; decoding refuses any other number with
/// `DecodingError.dataCorrupted`.
public enum VSITLVType: UInt8, Hashable, Sendable, CaseIterable, Comparable, CustomStringConvertible, Codable {
    /// 1: Pre-Associate: install the VSI's properties without activating them.
    case preAssociate = 1
    /// 2: Pre-Associate with Resource Reservation: as Pre-Associate, and hold the resources.
    case preAssociateWithResourceReservation = 2
    /// 3: Associate: install and activate.
    case associate = 3
    /// 4: De-Associate: release everything.
    case deAssociate = 4

    /// `PreAssociate`, `PreAssociate-RR`, `Associate` or `DeAssociate`, as in the reference decodes.
    public var description: String {
        switch self {
        case .preAssociate: "PreAssociate"
        case .preAssociateWithResourceReservation: "PreAssociate-RR"
        case .associate: "Associate"
        case .deAssociate: "DeAssociate"
        }
    }

    /// Orders by TLV type number.
    public static func < (lhs: VSITLVType, rhs: VSITLVType) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
