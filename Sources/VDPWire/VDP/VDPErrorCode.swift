/// The error code in the low nibble of a VDP response's status octet.
///
/// Encoded with `Codable` as its number; decoding refuses a number above 15 with `DecodingError.dataCorrupted`.
public struct VDPErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible, Codable {
    /// The code, 0 to 15.
    public let rawValue: UInt8

    /// Wraps a code; returns `nil` above 15.
    public init?(rawValue: UInt8) {
        guard rawValue <= 0x0F else {
            return nil
        }
        self.rawValue = rawValue
    }

    init(uncheckedRawValue: UInt8) {
        self.rawValue = uncheckedRawValue & 0x0F
    }

    /// 0: the request succeeded.
    public static let success = VDPErrorCode(uncheckedRawValue: 0)
    /// 1: the request was malformed.
    public static let invalidFormat = VDPErrorCode(uncheckedRawValue: 1)
    /// 2: the bridge lacks the resources the request needs.
    public static let insufficientResources = VDPErrorCode(uncheckedRawValue: 2)
    /// 3: the bridge could not reach the VSI manager to check the request.
    public static let unableToContactVSIManager = VDPErrorCode(uncheckedRawValue: 3)
    /// 4: any other failure (used, for example, when authorization fails).
    public static let otherFailure = VDPErrorCode(uncheckedRawValue: 4)
    /// 5: a VID, GroupID or MAC address in the request is invalid.
    public static let invalidVIDGroupIDOrMAC = VDPErrorCode(uncheckedRawValue: 5)

    /// Whether 802.1Qbg-2012 defines this code (0 to 5); 6 to 15 are reserved and kept as received.
    public var isDefined: Bool { rawValue <= 5 }

    /// A short description, as in the reference decodes: `success`, `insufficient resources`, …
    public var description: String {
        switch rawValue {
        case 0: "success"
        case 1: "invalid format"
        case 2: "insufficient resources"
        case 3: "unable to contact VSI manager"
        case 4: "other failure"
        case 5: "invalid VID/GroupID/MAC"
        default: "reserved \(rawValue)"
        }
    }

    /// Decodes the code; throws `DecodingError.dataCorrupted` above 15.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let code = VDPErrorCode(rawValue: try container.decode(UInt8.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "an error code is 0 to 15")
        }
        self = code
    }

    /// Encodes the code.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
