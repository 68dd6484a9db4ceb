/// The 4-bit ECP version field (mask 0xF000 of the first header word). Version 1 is the ratified ECP.
public struct ECPVersion: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The version number, 0 to 15.
    public let rawValue: UInt8

    /// Wraps a version number; returns `nil` above 15.
    public init?(rawValue: UInt8) {
        guard rawValue <= 0x0F else {
            return nil
        }
        self.rawValue = rawValue
    }

    /// The low 4 bits of `uncheckedRawValue`.
    @inlinable
    init(uncheckedRawValue: UInt8) {
        self.rawValue = uncheckedRawValue & 0x0F
    }

    /// ECP version 1, the only version 802.1Qbg-2012 defines.
    public static let v1 = ECPVersion(uncheckedRawValue: 1)

    /// The version number in decimal.
    public var description: String { String(rawValue) }
}

/// The 2-bit ECP operation type (mask 0x0C00 of the first header word).
public struct ECPOperation: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The operation number, 0 to 3.
    public let rawValue: UInt8

    /// Wraps an operation number; returns `nil` above 3.
    public init?(rawValue: UInt8) {
        guard rawValue <= 0x03 else {
            return nil
        }
        self.rawValue = rawValue
    }

    /// The low 2 bits of `uncheckedRawValue`.
    @inlinable
    init(uncheckedRawValue: UInt8) {
        self.rawValue = uncheckedRawValue & 0x03
    }

    /// An ECP request: carries a ULPDU and asks for an acknowledgement.
    public static let request = ECPOperation(uncheckedRawValue: 0)
    /// An ECP acknowledgement: repeats the request's sequence number and carries no ULPDU.
    public static let acknowledgement = ECPOperation(uncheckedRawValue: acknowledgementRawValue)

    /// The operation number of an acknowledgement.
    @inlinable
    static var acknowledgementRawValue: UInt8 { 1 }

    /// `REQ`, `ACK`, or the number of an undefined operation.
    public var description: String {
        switch rawValue {
        case 0: "REQ"
        case 1: "ACK"
        default: "op\(rawValue)"
        }
    }
}

/// The 10-bit ECP subtype (mask 0x03FF of the first header word): which upper-layer protocol the ULPDU is for.
public struct ECPSubtype: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The subtype number, 0 to 1023.
    public let rawValue: UInt16

    /// Wraps a subtype number; returns `nil` above 1023.
    public init?(rawValue: UInt16) {
        guard rawValue <= 0x03FF else {
            return nil
        }
        self.rawValue = rawValue
    }

    /// The low 10 bits of `uncheckedRawValue`.
    @inlinable
    init(uncheckedRawValue: UInt16) {
        self.rawValue = uncheckedRawValue & 0x03FF
    }

    /// VDP, the VSI Discovery and Configuration Protocol (subtype 1).
    public static let vdp = ECPSubtype(uncheckedRawValue: 1)
    /// PE CSP, the 802.1BR port extender control and status protocol (subtype 2).
    public static let portExtenderControlAndStatus = ECPSubtype(uncheckedRawValue: 2)

    /// `VDP`, `PE-CSP`, or the number.
    public var description: String {
        switch rawValue {
        case 1: "VDP"
        case 2: "PE-CSP"
        default: String(rawValue)
        }
    }
}
