/// A draft-0.2 ECP data unit (the pre-standard 802.1Qbg ECP lldpad still speaks), carried in Ethernet
/// frames of type 0x88B7 (OUI Extended Ethertype) sent to 01-80-C2-00-00-0E.
///
/// ```
/// octets 0-2  OUI 00-1B-3F
/// octets 3-4  protocol ID 0x0000
/// octet  5    ECP subtype (0)
/// octet  6    mode: 0 request, 1 acknowledgement
/// octets 7-8  sequence number
/// octets 9-   TLVs (draft VDP TLVs), End TLV, padding
/// ```
/// The End TLV is required. A draft acknowledgement is a copy of the request with everything after the header zeroed, which decodes
/// as an End TLV followed by zero padding.
public struct DraftECPDU: Hashable, Sendable {
    /// The OUI: ``OUI/draftQbg`` for every draft ECPDU.
    public var oui: OUI
    /// The 802a protocol identifier: 0.
    public var protocolID: UInt16
    /// The ECP subtype octet: 0.
    public var subtype: UInt8
    /// The mode octet: ``requestMode`` or ``acknowledgementMode``.
    public var mode: UInt8
    /// The sequence number.
    public var sequenceNumber: UInt16
    /// The TLVs before the End TLV.
    public var tlvs: [DraftECPTLV]
    /// How the TLV list ends.
    public var end: TLVListEnd

    /// The header length.
    public static let headerLength = 9
    /// The OUI and protocol ID that open every OUI Extended Ethertype payload.
    public static let ouiExtendedHeaderLength = 5
    /// The mode value of a request.
    public static let requestMode: UInt8 = 0
    /// The mode value of an acknowledgement.
    public static let acknowledgementMode: UInt8 = 1

    /// Creates a draft ECPDU.
    public init(
        oui: OUI = .draftQbg,
        protocolID: UInt16 = 0,
        subtype: UInt8 = 0,
        mode: UInt8,
        sequenceNumber: UInt16,
        tlvs: [DraftECPTLV],
        end: TLVListEnd = .endTLV
    ) {
        self.oui = oui
        self.protocolID = protocolID
        self.subtype = subtype
        self.mode = mode
        self.sequenceNumber = sequenceNumber
        self.tlvs = tlvs
        self.end = end
    }

    /// Whether the mode is ``acknowledgementMode``.
    public var isAcknowledgement: Bool { mode == Self.acknowledgementMode }

    /// The draft VDP TLVs in wire order.
    public var vdpTLVs: [DraftVDPTLV] {
        tlvs.compactMap {
            if case .vdp(let tlv) = $0 { tlv } else { nil }
        }
    }

    /// Whether an OUI-extended payload starts with the draft ECP OUI and protocol ID.
    static func isDraftECP(_ payload: ByteReader) -> Bool {
        var probe = payload
        guard let oui = try? probe.readOUI(.draftECPHeader), let protocolID = try? probe.readUInt16(.draftECPHeader)
        else {
            return false
        }
        return oui == .draftQbg && protocolID == 0
    }

    /// Decodes a draft ECPDU from the octets after the Ethernet type.
    public init(decoding bytes: [UInt8]) throws(VDPDecodingError) {
        var reader = ByteReader(bytes)
        try self.init(from: &reader)
    }

    init(from reader: inout ByteReader) throws(VDPDecodingError) {
        self.oui = try reader.readOUI(.draftECPHeader)
        self.protocolID = try reader.readUInt16(.draftECPHeader)
        self.subtype = try reader.readUInt8(.draftECPHeader)
        self.mode = try reader.readUInt8(.draftECPHeader)
        self.sequenceNumber = try reader.readUInt16(.draftECPHeader)
        var tlvs: [DraftECPTLV] = []
        self.end = try reader.readTLVList { (header, _, value) throws(VDPDecodingError) in
            tlvs.append(try DraftECPTLV(header: header, value: &value))
        }
        guard end.hasEndTLV else {
            throw reader.error(.missingTLV, .endTLV)
        }
        self.tlvs = tlvs
    }

    /// The encoded length in octets.
    public var encodedLength: Int {
        tlvs.reduce(Self.headerLength + end.encodedLength) { $0 + $1.encodedLength }
    }

    func encode(into writer: inout ByteWriter) {
        writer.writeOUI(oui)
        writer.writeUInt16(protocolID)
        writer.writeUInt8(subtype)
        writer.writeUInt8(mode)
        writer.writeUInt16(sequenceNumber)
        for tlv in tlvs {
            tlv.encode(into: &writer)
        }
        end.encode(into: &writer)
    }

    /// The draft ECPDU as octets (without the Ethernet header).
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.reserveCapacity(encodedLength)
        encode(into: &writer)
        return writer.bytes
    }
}

/// One TLV of a draft-0.2 ECPDU.
///
/// Frozen: draft 0.2 is a closed pre-standard that lldpad still speaks; every TLV other than its VDP TLV is
/// ``other(type:value:)``, so no case will be added.
public enum DraftECPTLV: Hashable, Sendable {
    /// A draft VDP TLV (type 127, OUI 00-1B-3F, subtype 2).
    case vdp(DraftVDPTLV)
    /// Any other TLV, kept verbatim.
    case other(type: UInt8, value: [UInt8])

    /// The encoded length, header included.
    public var encodedLength: Int {
        switch self {
        case .vdp(let tlv): 2 + tlv.valueLength
        case .other(_, let value): 2 + value.count
        }
    }

    init(header: TLVHeader, value reader: inout ByteReader) throws(VDPDecodingError) {
        if header.type == DraftVDPTLV.tlvType, DraftVDPTLV.startsDraftVDP(reader) {
            self = .vdp(try DraftVDPTLV(value: &reader))
        } else {
            self = .other(type: header.type, value: reader.readRemainingArray())
        }
    }

    func encode(into writer: inout ByteWriter) {
        switch self {
        case .vdp(let tlv):
            tlv.encode(into: &writer)
        case .other(let type, let value):
            writer.writeTLVHeader(type: type, length: value.count)
            writer.writeBytes(value)
        }
    }
}
