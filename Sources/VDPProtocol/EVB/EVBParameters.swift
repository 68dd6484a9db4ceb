/// The EVB values that ECP and VDP run with: the result of EVB TLV negotiation, or local defaults before it.
///
/// Read-only once made, so that every value stays within its field's range: build another with
/// ``init(maximumRetries:retransmissionExponent:resourceWaitDelayExponent:reinitKeepAliveExponent:groupIDsSupported:)``.
///
/// Encoded with `Codable` as `{"maximumRetries": 3, "retransmissionExponent": 8, "resourceWaitDelayExponent": 20,
/// "reinitKeepAliveExponent": 20, "groupIDsSupported": false}`. Decoding does not clamp: it refuses R above 7 or an
/// exponent above 31 with `DecodingError.dataCorrupted`.
public struct EVBParameters: Hashable, Sendable, Codable {
    /// R: how many times ECP retransmits an unacknowledged ECPDU, 0 to 7.
    public package(set) var maximumRetries: UInt8
    /// RTE: the ECP retransmission timer exponent, 0 to 31.
    public package(set) var retransmissionExponent: UInt8
    /// RWD: the resource wait delay exponent, 0 to 31.
    public package(set) var resourceWaitDelayExponent: UInt8
    /// RKA: the keep-alive exponent, 0 to 31.
    public package(set) var reinitKeepAliveExponent: UInt8
    /// Whether both ends support GroupIDs (bridge BGID and station SGID): filter formats 3 and 4.
    public package(set) var groupIDsSupported: Bool

    /// Creates parameters; values above their field's range are clamped (R to 7, exponents to 31).
    public init(
        maximumRetries: UInt8 = 3,
        retransmissionExponent: UInt8 = 8,
        resourceWaitDelayExponent: UInt8 = 20,
        reinitKeepAliveExponent: UInt8 = 20,
        groupIDsSupported: Bool = false
    ) {
        self.maximumRetries = min(maximumRetries, 7)
        self.retransmissionExponent = min(retransmissionExponent, 31)
        self.resourceWaitDelayExponent = min(resourceWaitDelayExponent, 31)
        self.reinitKeepAliveExponent = min(reinitKeepAliveExponent, 31)
        self.groupIDsSupported = groupIDsSupported
    }

    /// lldpad's defaults: R 3, RTE 8, RWD 20, RKA 20, no GroupIDs.
    public static let lldpadDefaults = EVBParameters()

    /// The timers these parameters give.
    public var timers: VDPTimers { VDPTimers(self) }

    private enum CodingKeys: String, CodingKey {
        case maximumRetries, retransmissionExponent, resourceWaitDelayExponent, reinitKeepAliveExponent
        case groupIDsSupported
    }

    /// Decodes the five values; throws `DecodingError.dataCorrupted` for R above 7 or an exponent above 31.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys, maximum: UInt8) throws -> UInt8 {
            let value = try container.decode(UInt8.self, forKey: key)
            guard value <= maximum else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "above \(maximum)")
            }
            return value
        }
        self.init(
            maximumRetries: try value(.maximumRetries, maximum: 7),
            retransmissionExponent: try value(.retransmissionExponent, maximum: 31),
            resourceWaitDelayExponent: try value(.resourceWaitDelayExponent, maximum: 31),
            reinitKeepAliveExponent: try value(.reinitKeepAliveExponent, maximum: 31),
            groupIDsSupported: try container.decode(Bool.self, forKey: .groupIDsSupported)
        )
    }

    /// Encodes the five values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(maximumRetries, forKey: .maximumRetries)
        try container.encode(retransmissionExponent, forKey: .retransmissionExponent)
        try container.encode(resourceWaitDelayExponent, forKey: .resourceWaitDelayExponent)
        try container.encode(reinitKeepAliveExponent, forKey: .reinitKeepAliveExponent)
        try container.encode(groupIDsSupported, forKey: .groupIDsSupported)
    }
}
