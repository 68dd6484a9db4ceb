import VDPWire

/// One change a ``BridgeAgent`` asks its ``BridgeTableStore`` to make durable.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
public enum BridgeTableChange: Hashable, Sendable {
    /// The VSI is granted this (new, changed, or refreshed by a keep-alive): replaces what the store holds for
    /// its VSIID.
    case put(BridgeTableRecord)
    /// The VSI is no longer in the table (de-associated, aged out, refused, its station or port gone).
    case remove(VSIID)

    /// The VSIID the change is about.
    public var vsiID: VSIID {
        switch self {
        case .put(let record): record.key.vsiID
        case .remove(let vsiID): vsiID
        }
    }
}
