/// An LLDP organizationally specific TLV (type 127) other than the EVB TLVs, kept opaque: an OUI, a subtype and
/// the information string. The CDCP TLV (OUI 00-80-C2, subtype 0x0E) is one of these.
///
/// The two EVB TLVs, ratified (00-80-C2 subtype 0x0D) and draft 0.2 (00-1B-3F subtype 0x00), always decode to
/// ``LLDPTLV/evb(_:)`` and ``LLDPTLV/draftEVB(_:)``; this type refuses their identifiers so that every value
/// has exactly one representation.
public struct LLDPOrganizationallySpecificTLV: Hashable, Sendable {
    /// The organization's OUI.
    public let oui: OUI
    /// The organizationally defined subtype.
    public let subtype: UInt8
    /// The organizationally defined information string, at most 507 octets.
    public let info: [UInt8]

    /// The TLV type of every organizationally specific TLV.
    public static let tlvType: UInt8 = 127
    /// The largest information string: 511 value octets less the OUI and the subtype.
    public static let maximumInfoLength = TLVHeader.maximumLength - 4
    /// The subtype of the CDCP TLV under OUI 00-80-C2.
    public static let cdcpSubtype: UInt8 = 0x0E

    /// Creates a TLV; throws if `info` is longer than 507 octets, or if `oui` and `subtype` name one of the
    /// EVB TLVs (build an ``EVBTLV`` or ``DraftEVBTLV`` instead).
    public init(oui: OUI, subtype: UInt8, info: [UInt8]) throws(VDPEncodingError) {
        guard info.count <= Self.maximumInfoLength else {
            throw VDPEncodingError(.tooManyElements, field: .lldpOrganizationallySpecific)
        }
        guard !Self.isEVBIdentifier(oui: oui, subtype: subtype) else {
            throw VDPEncodingError(.inconsistent, field: .lldpOrganizationallySpecific)
        }
        self.oui = oui
        self.subtype = subtype
        self.info = info
    }

    /// Wraps a decoded TLV whose length and identifier the caller has checked.
    init(uncheckedOUI oui: OUI, subtype: UInt8, info: [UInt8]) {
        self.oui = oui
        self.subtype = subtype
        self.info = info
    }

    /// Whether an OUI and subtype identify the ratified or the draft-0.2 EVB TLV.
    static func isEVBIdentifier(oui: OUI, subtype: UInt8) -> Bool {
        (oui == EVBTLV.oui && subtype == EVBTLV.subtype) || (oui == DraftEVBTLV.oui && subtype == DraftEVBTLV.subtype)
    }

    /// The number of octets the TLV occupies on the wire, header included.
    public var encodedLength: Int { 6 + info.count }

    /// Writes the whole TLV, header included.
    func encode(into writer: inout ByteWriter) {
        writer.writeTLVHeader(type: Self.tlvType, length: 4 + info.count)
        writer.writeOUI(oui)
        writer.writeUInt8(subtype)
        writer.writeBytes(info)
    }
}
