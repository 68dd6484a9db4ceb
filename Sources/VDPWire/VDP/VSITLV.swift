/// A VSI TLV (types 1 to 4): a request from a station, or a bridge's response, about one VSI.
///
/// ```
/// offset len  field
///  0      1   status
///  1      3   VSI Type ID
///  4      1   VSI Type Version
///  5      1   VSIID format
///  6     16   VSIID
/// 22      1   filter-info format
/// 23      2   number of filter entries
/// 25    n·k   filter entries
/// ```
/// The TLV length is exactly `25 + n·k`; the decoder rejects any other length.
public struct VSITLV: Hashable, Sendable {
    /// The TLV type: the requested or answered operation.
    public var type: VSITLVType
    /// The status octet.
    public var status: VDPStatus
    /// The VSI Type ID.
    public var typeID: VSITypeID
    /// The VSI Type Version.
    public var typeVersion: UInt8
    /// The VSI's identifier.
    public var vsiID: VSIID
    /// The filter information.
    public var filterInfo: FilterInfo

    /// The value octets before the filter entries: status through the entry count.
    public static let fixedValueLength = 25

    /// Creates a VSI TLV.
    public init(
        type: VSITLVType,
        status: VDPStatus,
        typeID: VSITypeID,
        typeVersion: UInt8,
        vsiID: VSIID,
        filterInfo: FilterInfo
    ) {
        self.type = type
        self.status = status
        self.typeID = typeID
        self.typeVersion = typeVersion
        self.vsiID = vsiID
        self.filterInfo = filterInfo
    }

    /// The value length: `25 + n·k`, at most 511 by construction of ``FilterInfo``.
    public var valueLength: Int {
        Self.fixedValueLength - 3 + filterInfo.encodedLength
    }

    /// Decodes the value of a VSI TLV of the given type; `reader` holds exactly the value.
    init(type: VSITLVType, value reader: inout ByteReader) throws(VDPDecodingError) {
        var cursor = SpanCursor(reader)
        try self.init(type: type, span: reader.base.span, value: &cursor)
        reader.advance(to: cursor)
    }

    /// Decodes the value of a VSI TLV of the given type; `cursor` holds exactly the value.
    init(type: VSITLVType, span: Span<UInt8>, value cursor: inout SpanCursor) throws(VDPDecodingError) {
        self.type = type
        self.status = VDPStatus(rawValue: try cursor.readUInt8(span, .status))
        self.typeID = VSITypeID(uncheckedRawValue: try cursor.readUInt24(span, .typeID))
        self.typeVersion = try cursor.readUInt8(span, .typeVersion)
        self.vsiID = try cursor.readVSIID(span)
        self.filterInfo = try FilterInfo(span: span, from: &cursor)
    }

    /// Checks a VSI TLV's value as ``init(type:span:value:)`` decodes it, throwing the same errors, without
    /// building it.
    static func validate(span: Span<UInt8>, value cursor: inout SpanCursor) throws(VDPDecodingError) {
        _ = try cursor.readUInt8(span, .status)
        _ = try cursor.readUInt24(span, .typeID)
        _ = try cursor.readUInt8(span, .typeVersion)
        _ = try cursor.readVSIID(span)
        try FilterInfo.validate(span: span, from: &cursor)
    }

    func encode(into writer: inout ByteWriter) {
        writer.writeTLVHeader(type: type.rawValue, length: valueLength)
        writer.writeUInt8(status.rawValue)
        writer.writeUInt24(typeID.rawValue)
        writer.writeUInt8(typeVersion)
        writer.writeVSIID(vsiID)
        filterInfo.encode(into: &writer)
    }
}
