/// An organizationally defined VDP TLV (type 127): an OUI and data whose meaning that organization defines.
///
/// Kept verbatim; lldpad's bridge ignores these, and so does this library's bridge unless told otherwise.
public struct OrganizationallyDefinedTLV: Hashable, Sendable {
    /// The TLV type of organizationally defined TLVs.
    public static let tlvType: UInt8 = 127
    /// The most data octets that fit after the OUI in a 9-bit TLV length.
    public static let maximumDataLength = TLVHeader.maximumLength - 3

    /// The organization.
    public let oui: OUI
    /// The data after the OUI.
    public let data: [UInt8]

    /// Creates the TLV; throws if `data` is longer than ``maximumDataLength``.
    public init(oui: OUI, data: [UInt8]) throws(VDPEncodingError) {
        guard data.count <= Self.maximumDataLength else {
            throw VDPEncodingError(.tooManyElements, field: .tlvValue)
        }
        self.oui = oui
        self.data = data
    }

    /// Decodes the value of an organizationally defined TLV; `cursor` holds exactly the value.
    init(span: Span<UInt8>, value cursor: inout SpanCursor) throws(VDPDecodingError) {
        self.oui = OUI(uncheckedRawValue: try cursor.readUInt24(span, .organizationOUI))
        self.data = cursor.readRemainingArray(span)
    }

    func encode(into writer: inout ByteWriter) {
        writer.writeTLVHeader(type: Self.tlvType, length: 3 + data.count)
        writer.writeOUI(oui)
        writer.writeBytes(data)
    }
}

/// A VDP TLV of a type this library does not interpret (6 to 126), kept verbatim.
public struct UnknownVDPTLV: Hashable, Sendable {
    /// The TLV type.
    public let type: UInt8
    /// The value octets.
    public let value: [UInt8]

    /// Creates the TLV; throws if the type is not 6 to 126 or the value is longer than 511 octets.
    public init(type: UInt8, value: [UInt8]) throws(VDPEncodingError) {
        guard (6...126).contains(type) else {
            throw VDPEncodingError(.valueOutOfRange, field: .tlvHeader)
        }
        guard value.count <= TLVHeader.maximumLength else {
            throw VDPEncodingError(.tooManyElements, field: .tlvValue)
        }
        self.type = type
        self.value = value
    }

    init(uncheckedType type: UInt8, value: [UInt8]) {
        self.type = type
        self.value = value
    }

    func encode(into writer: inout ByteWriter) {
        writer.writeTLVHeader(type: type, length: value.count)
        writer.writeBytes(value)
    }
}
