/// The status octet that opens every VSI TLV, with a typed view for requests and one for responses.
///
/// | mask | request (0x40 clear) | response (0x40 set) |
/// |------|----------------------|---------------------|
/// | 0x80 | reserved             | reserved            |
/// | 0x40 | 0                    | 1                   |
/// | 0x20 | S-bit                | keep                |
/// | 0x10 | M-bit                | hard error          |
/// | 0x0F | reserved             | error code          |
///
/// The raw octet is kept whole, so reserved bits survive a decode and re-encode.
///
/// Encoded with `Codable` as the octet's number, 0 to 255.
public struct VDPStatus: RawRepresentable, Hashable, Sendable, Codable {
    /// The status octet as sent on the wire.
    public var rawValue: UInt8

    /// Wraps a status octet.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The request/response bit.
    public static let responseBit: UInt8 = 0x40

    /// Whether the response bit is set.
    public var isResponse: Bool { rawValue & Self.responseBit != 0 }

    /// The request view, or `nil` when this is a response.
    public var request: VDPRequestStatus? {
        isResponse ? nil : VDPRequestStatus(rawValue: rawValue)
    }

    /// The response view, or `nil` when this is a request.
    public var response: VDPResponseStatus? {
        isResponse ? VDPResponseStatus(rawValue: rawValue) : nil
    }

    /// A request status with the given M-bit and S-bit.
    public static func request(mBit: Bool = false, sBit: Bool = false) -> VDPStatus {
        VDPStatus(rawValue: (mBit ? VDPRequestStatus.mBitMask : 0) | (sBit ? VDPRequestStatus.sBitMask : 0))
    }

    /// A response status with the given error code, keep bit and hard-error bit.
    public static func response(
        _ error: VDPErrorCode = .success,
        keep: Bool = false,
        hardError: Bool = false
    ) -> VDPStatus {
        VDPStatus(
            rawValue: responseBit | (keep ? VDPResponseStatus.keepMask : 0)
                | (hardError ? VDPResponseStatus.hardErrorMask : 0) | error.rawValue
        )
    }

    /// Decodes the octet; throws `DecodingError` for anything but an integer from 0 to 255.
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(UInt8.self))
    }

    /// Encodes the octet.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The status octet of a VDP request (response bit clear).
public struct VDPRequestStatus: Hashable, Sendable {
    /// The status octet.
    public let rawValue: UInt8

    /// The M-bit mask: the VSI's user is migrating *to* this VSI (lldpad `VDP22_MIGTO`, vdptool `hints=to`).
    public static let mBitMask: UInt8 = 0x10
    /// The S-bit mask: the VSI's user is suspended, or migrating *from* this VSI (lldpad `VDP22_MIGFROM`).
    public static let sBitMask: UInt8 = 0x20

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The M-bit ("migrating to").
    public var mBit: Bool { rawValue & Self.mBitMask != 0 }
    /// The S-bit ("suspended" / "migrating from").
    public var sBit: Bool { rawValue & Self.sBitMask != 0 }
    /// The reserved bits (0x80 and the low nibble) as received; zero in every request lldpad sends.
    public var reservedBits: UInt8 { rawValue & 0x8F }
}

/// The status octet of a VDP response (response bit set).
public struct VDPResponseStatus: Hashable, Sendable {
    /// The status octet.
    public let rawValue: UInt8

    /// The keep-bit mask: the request was refused and the state before it is kept.
    public static let keepMask: UInt8 = 0x20
    /// The hard-error mask: retrying the request will not help.
    public static let hardErrorMask: UInt8 = 0x10

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The keep bit.
    public var keep: Bool { rawValue & Self.keepMask != 0 }
    /// The hard-error bit.
    public var hardError: Bool { rawValue & Self.hardErrorMask != 0 }
    /// The error code.
    public var error: VDPErrorCode { VDPErrorCode(uncheckedRawValue: rawValue) }
    /// Whether the response reports success with neither keep nor hard error.
    public var isSuccess: Bool { error == .success && !keep && !hardError }
    /// The reserved bit 0x80 as received.
    public var reservedBit: Bool { rawValue & 0x80 != 0 }
}
