/// What could be read of a VDP ULPDU that failed strict decoding: the well-formed VSI TLVs, and each malformed
/// one with as much of its identity as could be read.
///
/// A receiver uses this so that one malformed TLV from a peer costs only that TLV's VSI: the other VSIs in the
/// same ULPDU are still served. Produced by ``Frame/init(decoding:options:)`` with
/// ``FrameDecodingOptions/salvagesMalformedVDP``; the original octets are kept, so the frame re-encodes exactly.
public struct VDPSalvage: Hashable, Sendable {
    /// The ULPDU as received.
    public var bytes: [UInt8]
    /// Why strict decoding failed.
    public var error: VDPDecodingError
    /// The VSI Manager ID, when a well-formed one opens the ULPDU.
    public var managerID: VSIManagerID?
    /// The well-formed VSI TLVs that follow the Manager ID, in order.
    public var vsiTLVs: [VSITLV]
    /// The malformed VSI TLVs, in order.
    public var malformedVSITLVs: [MalformedVSITLV]

    /// Reads what can be read of `bytes`, a ULPDU that strict decoding refused with `error`.
    ///
    /// TLVs are walked one by one; the walk stops at an End TLV, at a TLV whose length runs past the data, or at a
    /// Manager ID that is malformed or repeated (what follows it could be attributed to the wrong manager). VSI
    /// TLVs before any Manager ID are not served.
    public init(bytes: [UInt8], error: VDPDecodingError) {
        self.bytes = bytes
        self.error = error
        self.managerID = nil
        self.vsiTLVs = []
        self.malformedVSITLVs = []
        var reader = ByteReader(bytes)
        walk: while reader.remaining >= 2 {
            let headerOffset = reader.offset
            guard let word = try? reader.readUInt16(.tlvHeader) else {
                break
            }
            let header = TLVHeader(word: word)
            guard header.type != 0, var value = try? reader.readReader(count: Int(header.length), .tlvValue) else {
                break
            }
            switch header.type {
            case VSIManagerID.tlvType:
                guard managerID == nil, header.length == VSIManagerID.valueLength,
                    let octets = try? value.readOctets16(.managerID)
                else {
                    break walk
                }
                managerID = VSIManagerID(octets: octets)
            case 1...4:
                guard managerID != nil, let type = VSITLVType(rawValue: header.type) else {
                    continue
                }
                let start = value
                do {
                    vsiTLVs.append(try VSITLV(type: type, value: &value))
                } catch {
                    malformedVSITLVs.append(
                        MalformedVSITLV(
                            type: type,
                            vsiID: Self.bestEffortVSIID(start),
                            error: error,
                            offset: headerOffset
                        )
                    )
                }
            default:
                continue
            }
        }
    }

    /// The VSIID at its fixed place in a VSI TLV value, when it is there and well formed.
    private static func bestEffortVSIID(_ value: ByteReader) -> VSIID? {
        var reader = value
        guard (try? reader.readSlice(count: 5, .status)) != nil else {
            return nil
        }
        return try? reader.readVSIID()
    }
}

/// A VSI TLV that failed to decode inside an otherwise readable ULPDU.
///
/// Encoded with `Codable` as `{"type": 3, "vsiID": {…}, "error": {…}, "offset": 14}`, `vsiID` left out when it
/// could not be read; decoding refuses a negative offset with `DecodingError.dataCorrupted`.
public struct MalformedVSITLV: Hashable, Sendable, Codable {
    /// The TLV type.
    public var type: VSITLVType
    /// The VSIID, when it could be read.
    public var vsiID: VSIID?
    /// What was wrong.
    public var error: VDPDecodingError
    /// The offset of the TLV's header within the ULPDU.
    public var offset: Int

    /// Creates a record.
    public init(type: VSITLVType, vsiID: VSIID?, error: VDPDecodingError, offset: Int) {
        self.type = type
        self.vsiID = vsiID
        self.error = error
        self.offset = offset
    }

    private enum CodingKeys: String, CodingKey {
        case type, vsiID, error, offset
    }

    /// Decodes the record; throws `DecodingError.dataCorrupted` for a negative offset.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.type = try container.decode(VSITLVType.self, forKey: .type)
        self.vsiID = try container.decodeIfPresent(VSIID.self, forKey: .vsiID)
        self.error = try container.decode(VDPDecodingError.self, forKey: .error)
        self.offset = try container.decode(Int.self, forKey: .offset)
        guard offset >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .offset, in: container, debugDescription: "negative offset")
        }
    }

    /// Encodes the record, leaving out an unread VSIID.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(vsiID, forKey: .vsiID)
        try container.encode(error, forKey: .error)
        try container.encode(offset, forKey: .offset)
    }
}
