/// An LLDP data unit: the payload of an Ethernet frame with ethertype 0x88CC.
///
/// It starts with the three mandatory TLVs, Chassis ID, Port ID and Time To Live, in that order, then any number
/// of optional TLVs, then usually an End TLV and the frame's zero padding. IEEE 802.1AB-2016 made the End TLV
/// optional, so a list that simply stops at the end of the data is accepted too; ``end`` records which it was,
/// and the padding, so that a received LLDPDU re-encodes byte for byte.
///
/// Decoding rules:
/// - a mandatory TLV found out of place is `unexpectedTLV` with that TLV's field (a Port ID first, say);
/// - an optional TLV or the end of the list where a mandatory TLV is due is `missingTLV` with the missing TLV's
///   field;
/// - a second Chassis ID, Port ID or Time To Live TLV is `duplicateTLV`;
/// - Chassis ID and Port ID values must be 2 to 256 octets, the Time To Live value exactly 2, else
///   `lengthMismatch`;
/// - an EVB TLV (either kind) of the wrong length is `lengthMismatch` on ``VDPDecodingError/Field/evbTLV`` or
///   ``VDPDecodingError/Field/draftEVBTLV``, never kept opaque; any other type-127 TLV needs at least 4 value
///   octets.
public struct LLDPDU: Hashable, Sendable {
    /// The Chassis ID TLV.
    public var chassisID: LLDPChassisID
    /// The Port ID TLV.
    public var portID: LLDPPortID
    /// The Time To Live in seconds; 0 marks a shutdown LLDPDU, which tells the peer to forget this sender.
    public var timeToLive: UInt16
    /// The TLVs between the Time To Live TLV and the end, in order.
    public var optionalTLVs: [LLDPTLV]
    /// How the TLV list ends: with or without an End TLV, and the padding octets after it.
    public var end: TLVListEnd

    /// The TLV type of the Time To Live TLV.
    public static let timeToLiveTLVType: UInt8 = 3

    /// Creates an LLDPDU.
    public init(
        chassisID: LLDPChassisID,
        portID: LLDPPortID,
        timeToLive: UInt16,
        optionalTLVs: [LLDPTLV] = [],
        end: TLVListEnd = .endTLV
    ) {
        self.chassisID = chassisID
        self.portID = portID
        self.timeToLive = timeToLive
        self.optionalTLVs = optionalTLVs
        self.end = end
    }

    /// Decodes an LLDPDU from the octets of an Ethernet payload (after the ethertype), padding included.
    public init(decoding bytes: [UInt8]) throws(VDPDecodingError) {
        var reader = ByteReader(bytes)
        try self.init(from: &reader)
    }

    /// Decodes an LLDPDU from every octet left in `reader`; error offsets are those of `reader`.
    init(from reader: inout ByteReader) throws(VDPDecodingError) {
        var chassisID: LLDPChassisID?
        var portID: LLDPPortID?
        var timeToLive: UInt16?
        var optionalTLVs: [LLDPTLV] = []

        let end = try reader.readTLVList { (header, headerOffset, value) throws(VDPDecodingError) in
            switch header.type {
            case LLDPChassisID.tlvType:
                guard chassisID == nil else {
                    throw value.error(.duplicateTLV, .lldpChassisID, at: headerOffset)
                }
                chassisID = try LLDPChassisID(header: header, headerOffset: headerOffset, value: &value)
            case LLDPPortID.tlvType:
                guard portID == nil else {
                    throw value.error(.duplicateTLV, .lldpPortID, at: headerOffset)
                }
                guard chassisID != nil else {
                    throw value.error(.unexpectedTLV, .lldpPortID, at: headerOffset)
                }
                portID = try LLDPPortID(header: header, headerOffset: headerOffset, value: &value)
            case Self.timeToLiveTLVType:
                guard timeToLive == nil else {
                    throw value.error(.duplicateTLV, .lldpTimeToLive, at: headerOffset)
                }
                guard chassisID != nil, portID != nil else {
                    throw value.error(.unexpectedTLV, .lldpTimeToLive, at: headerOffset)
                }
                guard header.length == 2 else {
                    throw value.error(.lengthMismatch, .lldpTimeToLive, at: headerOffset)
                }
                timeToLive = try value.readUInt16(.lldpTimeToLive)
            default:
                if let missing = Self.firstMissing(chassisID: chassisID, portID: portID, timeToLive: timeToLive) {
                    throw value.error(.missingTLV, missing, at: headerOffset)
                }
                optionalTLVs.append(try LLDPTLV(header: header, headerOffset: headerOffset, value: &value))
            }
        }

        guard let chassisID, let portID, let timeToLive else {
            let missing =
                Self.firstMissing(chassisID: chassisID, portID: portID, timeToLive: timeToLive) ?? .lldpTimeToLive
            throw reader.error(.missingTLV, missing, at: reader.offset - end.encodedLength)
        }
        self.init(
            chassisID: chassisID,
            portID: portID,
            timeToLive: timeToLive,
            optionalTLVs: optionalTLVs,
            end: end
        )
    }

    /// The field of the first mandatory TLV not yet seen, or `nil` when all three have been.
    private static func firstMissing(
        chassisID: LLDPChassisID?,
        portID: LLDPPortID?,
        timeToLive: UInt16?
    ) -> VDPDecodingError.Field? {
        if chassisID == nil {
            return .lldpChassisID
        }
        if portID == nil {
            return .lldpPortID
        }
        if timeToLive == nil {
            return .lldpTimeToLive
        }
        return nil
    }

    /// Writes the whole LLDPDU: the mandatory TLVs, the optional TLVs, then the End TLV and padding as recorded
    /// in ``end``.
    func encode(into writer: inout ByteWriter) {
        chassisID.encode(into: &writer)
        portID.encode(into: &writer)
        writer.writeTLVHeader(type: Self.timeToLiveTLVType, length: 2)
        writer.writeUInt16(timeToLive)
        for tlv in optionalTLVs {
            tlv.encode(into: &writer)
        }
        end.encode(into: &writer)
    }

    /// The LLDPDU's octets, End TLV and padding included.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.reserveCapacity(encodedLength)
        encode(into: &writer)
        return writer.bytes
    }

    /// The number of octets ``encoded()`` returns.
    public var encodedLength: Int {
        var length = chassisID.encodedLength + portID.encodedLength + 4 + end.encodedLength
        for tlv in optionalTLVs {
            length += tlv.encodedLength
        }
        return length
    }

    /// Whether this is a shutdown LLDPDU (Time To Live 0).
    public var isShutdown: Bool { timeToLive == 0 }

    /// The first ratified EVB TLV among the optional TLVs, if any.
    public var evb: EVBTLV? {
        for case .evb(let tlv) in optionalTLVs {
            return tlv
        }
        return nil
    }

    /// The first draft-0.2 EVB TLV among the optional TLVs, if any.
    public var draftEVB: DraftEVBTLV? {
        for case .draftEVB(let tlv) in optionalTLVs {
            return tlv
        }
        return nil
    }
}
