/// A link's RFC 2863 operational state (`IFLA_OPERSTATE`, the kernel's `IF_OPER_*`).
///
/// A raw value with named constants; a value the kernel adds later is kept as it is.
public struct LinkOperationalState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `IF_OPER_*` value.
    public var rawValue: UInt8

    /// Wraps an `IF_OPER_*` value.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// `IF_OPER_UNKNOWN` (0): the driver does not tell (loopback, some virtual links).
    public static let unknown = LinkOperationalState(rawValue: 0)
    /// `IF_OPER_NOTPRESENT` (1): a component is missing.
    public static let notPresent = LinkOperationalState(rawValue: 1)
    /// `IF_OPER_DOWN` (2): down (administratively, or no carrier).
    public static let down = LinkOperationalState(rawValue: 2)
    /// `IF_OPER_LOWERLAYERDOWN` (3): down because a link below it is down.
    public static let lowerLayerDown = LinkOperationalState(rawValue: 3)
    /// `IF_OPER_TESTING` (4): in test mode.
    public static let testing = LinkOperationalState(rawValue: 4)
    /// `IF_OPER_DORMANT` (5): up but waiting for an external event (802.1X, say).
    public static let dormant = LinkOperationalState(rawValue: 5)
    /// `IF_OPER_UP` (6): up, ready to pass frames.
    public static let up = LinkOperationalState(rawValue: 6)

    /// The RFC 2863 name in lower case (`up`, `lowerLayerDown`), or `state N`.
    public var description: String {
        switch rawValue {
        case 0: "unknown"
        case 1: "notPresent"
        case 2: "down"
        case 3: "lowerLayerDown"
        case 4: "testing"
        case 5: "dormant"
        case 6: "up"
        default: "state \(rawValue)"
        }
    }
}
