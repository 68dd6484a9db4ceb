/// The station status octet of the ratified EVB TLV (octet 5 of the value).
///
/// Masks on the octet: 0x08 SGID (the station supports VSI group IDs), 0x04 RRREQ (the station asks for
/// reflective relay), 0x03 RRSTAT (``EVBReflectiveRelayStatus``). The reserved bits 0xF0 are kept in
/// ``rawValue`` so that a received octet re-encodes unchanged. A bridge echoes the station's octet in its own TLV.
public struct EVBStationStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The octet as sent, reserved bits included.
    public var rawValue: UInt8

    /// The SGID bit: the station supports group IDs in VDP.
    public static let groupIDMask: UInt8 = 0x08
    /// The RRREQ bit: the station requests reflective relay.
    public static let reflectiveRelayRequestMask: UInt8 = 0x04
    /// The two RRSTAT bits.
    public static let reflectiveRelayStatusMask: UInt8 = 0x03
    /// The reserved bits.
    public static let reservedMask: UInt8 = 0xF0

    /// Wraps an octet as sent; every value is accepted.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Creates a status from its fields, with the reserved bits clear.
    public init(
        supportsGroupID: Bool = false,
        requestsReflectiveRelay: Bool = false,
        reflectiveRelayStatus: EVBReflectiveRelayStatus = .notActive
    ) {
        self.rawValue = 0
        self.supportsGroupID = supportsGroupID
        self.requestsReflectiveRelay = requestsReflectiveRelay
        self.reflectiveRelayStatus = reflectiveRelayStatus
    }

    /// SGID (0x08): the station supports VSI group IDs.
    public var supportsGroupID: Bool {
        get { rawValue & Self.groupIDMask != 0 }
        set { rawValue = newValue ? rawValue | Self.groupIDMask : rawValue & ~Self.groupIDMask }
    }

    /// RRREQ (0x04): the station requests reflective relay.
    public var requestsReflectiveRelay: Bool {
        get { rawValue & Self.reflectiveRelayRequestMask != 0 }
        set {
            rawValue =
                newValue ? rawValue | Self.reflectiveRelayRequestMask : rawValue & ~Self.reflectiveRelayRequestMask
        }
    }

    /// RRSTAT (0x03): whether reflective relay is in effect, as the station sees it.
    public var reflectiveRelayStatus: EVBReflectiveRelayStatus {
        get { EVBReflectiveRelayStatus(truncatingIfNeeded: rawValue) }
        set { rawValue = (rawValue & ~Self.reflectiveRelayStatusMask) | newValue.rawValue }
    }

    /// The reserved bits (mask 0xF0), in place.
    public var reservedBits: UInt8 { rawValue & Self.reservedMask }

    /// The octet in hex followed by the flags set and RRSTAT, as `0x0f[SGID,RRREQ,RRSTAT=3]` or `0x00[,RRSTAT=0]`.
    public var description: String {
        var flags: [String] = []
        if supportsGroupID { flags.append("SGID") }
        if requestsReflectiveRelay { flags.append("RRREQ") }
        return "0x\(hexOctet(rawValue))[\(flags.joined(separator: ",")),RRSTAT=\(reflectiveRelayStatus)]"
    }
}
