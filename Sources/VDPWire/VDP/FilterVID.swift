/// The 16-bit PS/PCP/VID word that ends every filter entry.
///
/// ```
/// mask 0x8000  PS   (PCP significant)
/// mask 0x7000  PCP  (priority code point, 0 to 7)
/// mask 0x0FFF  VID  (0 is the null VID: "bridge, choose the VLAN")
/// ```
///
/// Encoded with `Codable` as its three parts, `{"vid": 100, "pcp": 0, "prioritySignificant": false}`; decoding
/// refuses a VID above 4095 or a PCP above 7 with `DecodingError.dataCorrupted`.
public struct FilterVID: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The word as sent on the wire.
    public let rawValue: UInt16

    /// Wraps a 16-bit word; every value is valid.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Creates the word from its parts; throws if the VID exceeds 4095 or the PCP exceeds 7.
    public init(vid: UInt16, pcp: UInt8 = 0, prioritySignificant: Bool = false) throws(VDPEncodingError) {
        guard vid <= Self.maximumVID else {
            throw VDPEncodingError(.valueOutOfRange, field: .filterInfoEntries)
        }
        guard pcp <= 7 else {
            throw VDPEncodingError(.valueOutOfRange, field: .filterInfoEntries)
        }
        self.rawValue = (prioritySignificant ? 0x8000 : 0) | UInt16(pcp) << 12 | vid
    }

    /// The null VID with PS and PCP clear: asks the bridge to choose the VLAN and priority.
    public static let null = FilterVID(rawValue: 0)

    /// The largest VID.
    public static let maximumVID: UInt16 = 0x0FFF

    /// The PS bit: whether ``pcp`` is significant.
    public var prioritySignificant: Bool { rawValue & 0x8000 != 0 }
    /// The priority code point, 0 to 7.
    public var pcp: UInt8 { UInt8(truncatingIfNeeded: (rawValue >> 12) & 0x07) }
    /// The VLAN identifier, 0 to 4095.
    public var vid: UInt16 { rawValue & Self.maximumVID }
    /// Whether the VID is the null VID 0.
    public var isNullVID: Bool { vid == 0 }

    /// `PS=0 PCP=0 VID=100`, the reference-decode form.
    public var description: String {
        "PS=\(prioritySignificant ? 1 : 0) PCP=\(pcp) VID=\(vid)"
    }

    private enum CodingKeys: String, CodingKey {
        case vid, pcp, prioritySignificant
    }

    /// Decodes the three parts; throws `DecodingError.dataCorrupted` for a VID above 4095 or a PCP above 7.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = try Self(from: container, vid: .vid, pcp: .pcp, prioritySignificant: .prioritySignificant)
    }

    /// Encodes the three parts.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try encode(into: &container, vid: .vid, pcp: .pcp, prioritySignificant: .prioritySignificant)
    }

    /// Reads the three parts under the given keys of `container`; throws `DecodingError.dataCorrupted` for a VID
    /// above 4095 or a PCP above 7.
    init<Key: CodingKey>(
        from container: KeyedDecodingContainer<Key>,
        vid vidKey: Key,
        pcp pcpKey: Key,
        prioritySignificant psKey: Key
    ) throws {
        let vid = try container.decode(UInt16.self, forKey: vidKey)
        let pcp = try container.decode(UInt8.self, forKey: pcpKey)
        let prioritySignificant = try container.decode(Bool.self, forKey: psKey)
        do {
            try self.init(vid: vid, pcp: pcp, prioritySignificant: prioritySignificant)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: vid > Self.maximumVID ? vidKey : pcpKey,
                in: container,
                debugDescription: "a VID is 0 to 4095 and a PCP 0 to 7"
            )
        }
    }

    /// Writes the three parts under the given keys of `container`.
    func encode<Key: CodingKey>(
        into container: inout KeyedEncodingContainer<Key>,
        vid vidKey: Key,
        pcp pcpKey: Key,
        prioritySignificant psKey: Key
    ) throws {
        try container.encode(vid, forKey: vidKey)
        try container.encode(pcp, forKey: pcpKey)
        try container.encode(prioritySignificant, forKey: psKey)
    }
}
