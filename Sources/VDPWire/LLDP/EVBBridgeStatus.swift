/// The bridge status octet of the ratified EVB TLV (octet 4 of the value).
///
/// Masks on the octet: 0x04 BGID (the bridge supports VSI group IDs), 0x02 RRCAP (the bridge can do reflective
/// relay), 0x01 RRCTR (the bridge has turned reflective relay on for this port). The reserved bits 0xF8 are kept
/// in ``rawValue`` so that a received octet re-encodes unchanged. A station echoes the bridge's octet in its own
/// TLV.
public struct EVBBridgeStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The octet as sent, reserved bits included.
    public var rawValue: UInt8

    /// The BGID bit: the bridge supports group IDs in VDP.
    public static let groupIDMask: UInt8 = 0x04
    /// The RRCAP bit: the bridge is capable of reflective relay.
    public static let reflectiveRelayCapableMask: UInt8 = 0x02
    /// The RRCTR bit: the bridge has enabled reflective relay.
    public static let reflectiveRelayControlMask: UInt8 = 0x01
    /// The reserved bits.
    public static let reservedMask: UInt8 = 0xF8

    /// Wraps an octet as sent; every value is accepted.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Creates a status from its flags, with the reserved bits clear.
    public init(
        supportsGroupID: Bool = false,
        reflectiveRelayCapable: Bool = false,
        reflectiveRelayControl: Bool = false
    ) {
        self.rawValue = 0
        self.supportsGroupID = supportsGroupID
        self.reflectiveRelayCapable = reflectiveRelayCapable
        self.reflectiveRelayControl = reflectiveRelayControl
    }

    /// BGID (0x04): the bridge supports VSI group IDs.
    public var supportsGroupID: Bool {
        get { rawValue & Self.groupIDMask != 0 }
        set { rawValue = newValue ? rawValue | Self.groupIDMask : rawValue & ~Self.groupIDMask }
    }

    /// RRCAP (0x02): the bridge is capable of reflective relay.
    public var reflectiveRelayCapable: Bool {
        get { rawValue & Self.reflectiveRelayCapableMask != 0 }
        set {
            rawValue =
                newValue ? rawValue | Self.reflectiveRelayCapableMask : rawValue & ~Self.reflectiveRelayCapableMask
        }
    }

    /// RRCTR (0x01): the bridge has turned reflective relay on.
    public var reflectiveRelayControl: Bool {
        get { rawValue & Self.reflectiveRelayControlMask != 0 }
        set {
            rawValue =
                newValue ? rawValue | Self.reflectiveRelayControlMask : rawValue & ~Self.reflectiveRelayControlMask
        }
    }

    /// The reserved bits (mask 0xF8), in place.
    public var reservedBits: UInt8 { rawValue & Self.reservedMask }

    /// The octet in hex followed by the names of the flags set, as `0x06[BGID,RRCAP]` or `0x00[]`.
    public var description: String {
        var flags: [String] = []
        if supportsGroupID { flags.append("BGID") }
        if reflectiveRelayCapable { flags.append("RRCAP") }
        if reflectiveRelayControl { flags.append("RRCTR") }
        return "0x\(hexOctet(rawValue))[\(flags.joined(separator: ","))]"
    }
}
