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
        let fixed = try Self.readFixedFields(span: span, value: &cursor)
        self.init(
            type: type,
            status: fixed.status,
            typeID: fixed.typeID,
            typeVersion: fixed.typeVersion,
            vsiID: fixed.vsiID,
            filterInfo: try FilterInfo(format: fixed.format, count: fixed.count, span: span, entries: &cursor)
        )
    }

    /// Checks a VSI TLV's value as ``init(type:span:value:)`` decodes it, throwing the same errors, without
    /// building it.
    static func validate(span: Span<UInt8>, value cursor: inout SpanCursor) throws(VDPDecodingError) {
        _ = try readFixedFields(span: span, value: &cursor)
        cursor.skipRemaining()
    }

    /// Reads the value's fixed fields, status through the filter-info entry count, checking the VSIID's layout and
    /// the filter information's format, count and length; leaves `cursor` at the first entry, with exactly
    /// `count` entries of `format` remaining.
    ///
    /// A value that holds the 25 fixed octets is checked once for that length and read in place; a shorter one is
    /// read field by field, so that the error names the field it cuts short.
    private static func readFixedFields(
        span: Span<UInt8>,
        value cursor: inout SpanCursor
    ) throws(VDPDecodingError) -> (
        status: VDPStatus, typeID: VSITypeID, typeVersion: UInt8, vsiID: VSIID, format: FilterInfoFormat, count: Int
    ) {
        guard cursor.holds(fixedValueLength, in: span) else {
            let status = VDPStatus(rawValue: try cursor.readUInt8(span, .status))
            let typeID = VSITypeID(uncheckedRawValue: try cursor.readUInt24(span, .typeID))
            let typeVersion = try cursor.readUInt8(span, .typeVersion)
            let vsiID = try cursor.readVSIID(span)
            let (format, count) = try FilterInfo.readHeader(span: span, from: &cursor)
            return (status, typeID, typeVersion, vsiID, format, count)
        }
        let offset = cursor.offset
        let statusAndTypeID = cursor.peek(span, at: 0, as: UInt32.self)
        let versionAndFormat = cursor.peek(span, at: 4, as: UInt16.self)
        let octets = Octets16(
            high: cursor.peek(span, at: 6, as: UInt64.self),
            low: cursor.peek(span, at: 14, as: UInt64.self)
        )
        guard
            let vsiID = VSIID(
                validating: VSIIDFormat(rawValue: UInt8(truncatingIfNeeded: versionAndFormat)),
                octets: octets
            )
        else {
            throw cursor.error(.invalidValue, .vsiid, at: offset + 6)
        }
        let count = Int(cursor.peek(span, at: 23, as: UInt16.self))
        let format = try FilterInfo.checkHeader(
            rawFormat: cursor.peek(span, at: 22, as: UInt8.self),
            count: count,
            entryOctets: cursor.remaining - fixedValueLength,
            at: offset + 22
        )
        cursor.skip(fixedValueLength)
        return (
            VDPStatus(rawValue: UInt8(truncatingIfNeeded: statusAndTypeID >> 24)),
            VSITypeID(uncheckedRawValue: statusAndTypeID),
            UInt8(truncatingIfNeeded: versionAndFormat >> 8),
            vsiID,
            format,
            count
        )
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
