/// The filter information of a VSI TLV: a format and one or more entries of that format.
///
/// ```
/// octet 0     filter-info format
/// octets 1-2  number of entries (n ≥ 1)
/// octets 3-   n entries of the format's size
/// ```
/// Built through a throwing initializer that enforces 1 ≤ n ≤ ``FilterInfoFormat/maximumEntryCount`` and
/// that every entry matches the format, so an encoded VSI TLV always has a consistent 9-bit length.
///
/// One entry, the common case (a VSI's one MAC/VID pair), is stored inline: such a value allocates nothing, and
/// ``entryList`` reads the entries of any value without allocating.
///
/// Encoded with `Codable` as `{"format": 2, "entries": [...]}`, each entry as ``FilterEntry`` encodes it.
/// Decoding goes through ``init(format:entries:)`` and refuses what it refuses (no entries, too many, an entry
/// that does not match the format) with `DecodingError.dataCorrupted`.
public struct FilterInfo: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The format of every entry.
    public let format: FilterInfoFormat
    /// The entries: one inline, or several in an array (never one in an array, so that equal values are stored
    /// alike).
    private let storage: Storage

    private enum Storage: Hashable, Sendable {
        case one(FilterEntry)
        case many([FilterEntry])
    }

    /// The entries, at least one, as a new array (an allocation for a single entry; ``entryList`` makes none).
    public var entries: [FilterEntry] {
        switch storage {
        case .one(let entry): [entry]
        case .many(let entries): entries
        }
    }

    /// The entries, at least one, read in place.
    public var entryList: EntryList { EntryList(self) }

    /// The number of entries, at least one.
    public var entryCount: Int {
        switch storage {
        case .one: 1
        case .many(let entries): entries.count
        }
    }

    /// The entries of a ``FilterInfo``, read in place without allocating.
    public struct EntryList: RandomAccessCollection, Sendable {
        private let info: FilterInfo

        init(_ info: FilterInfo) {
            self.info = info
        }

        /// Always 0.
        public var startIndex: Int { 0 }

        /// The number of entries.
        public var endIndex: Int { info.entryCount }

        /// The entry at `position`, which must lie in `startIndex..<endIndex`.
        public subscript(position: Int) -> FilterEntry {
            switch info.storage {
            case .one(let entry):
                precondition(position == 0, "FilterInfo.EntryList index out of range")
                return entry
            case .many(let entries):
                return entries[position]
            }
        }
    }

    /// Creates filter information; throws if `entries` is empty, too long for a VSI TLV, or holds an entry
    /// whose fields do not match `format`.
    public init(format: FilterInfoFormat, entries: [FilterEntry]) throws(VDPEncodingError) {
        guard !entries.isEmpty else {
            throw VDPEncodingError(.emptyList, field: .filterInfoEntryCount)
        }
        guard entries.count <= format.maximumEntryCount else {
            throw VDPEncodingError(.tooManyElements, field: .filterInfoEntryCount)
        }
        guard entries.allSatisfy({ $0.format == format }) else {
            throw VDPEncodingError(.inconsistent, field: .filterInfoEntries)
        }
        self.init(unchecked: format, entries)
    }

    /// Format 1 (VID) with the given words.
    public static func vid(_ vids: [FilterVID]) throws(VDPEncodingError) -> FilterInfo {
        try FilterInfo(format: .vid, entries: vids.map { FilterEntry(vid: $0) })
    }

    /// Format 2 (MAC/VID) with one entry.
    public static func macVID(_ mac: MACAddress, _ vid: FilterVID) -> FilterInfo {
        FilterInfo(unchecked: .macVID, FilterEntry(mac: mac, vid: vid))
    }

    /// Format 3 (GroupID/VID) with one entry.
    public static func groupVID(_ groupID: GroupID, _ vid: FilterVID) -> FilterInfo {
        FilterInfo(unchecked: .groupVID, FilterEntry(groupID: groupID, vid: vid))
    }

    /// Format 4 (GroupID/MAC/VID) with one entry.
    public static func groupMACVID(_ groupID: GroupID, _ mac: MACAddress, _ vid: FilterVID) -> FilterInfo {
        FilterInfo(unchecked: .groupMACVID, FilterEntry(groupID: groupID, mac: mac, vid: vid))
    }

    private init(unchecked format: FilterInfoFormat, _ entries: [FilterEntry]) {
        self.format = format
        if entries.count == 1, let entry = entries.first {
            self.storage = .one(entry)
        } else {
            self.storage = .many(entries)
        }
    }

    private init(unchecked format: FilterInfoFormat, _ entry: FilterEntry) {
        self.format = format
        self.storage = .one(entry)
    }

    /// The octets the filter information takes: format, count and entries.
    public var encodedLength: Int { 3 + entryCount * format.entryLength }

    /// `fif=2(MAC/VID) [MAC=… PS=0 PCP=0 VID=100; …]`, the reference-decode form.
    public var description: String {
        "fif=\(format.rawValue)(\(format)) [" + entryList.map(\.description).joined(separator: "; ") + "]"
    }

    /// The filter information whose format and entry count ``readHeader(span:from:)`` or
    /// ``checkHeader(rawFormat:count:entryOctets:at:)`` accepted, from the `count` entries that fill `cursor`
    /// exactly, each read in place.
    /// Entries that the cursor or the span do not hold (which that check rules out) throw
    /// ``VDPDecodingError/Code/truncated``.
    init(
        format: FilterInfoFormat,
        count: Int,
        span: Span<UInt8>,
        entries cursor: inout SpanCursor
    ) throws(VDPDecodingError) {
        guard cursor.holds(count * format.entryLength, in: span) else {
            throw cursor.error(.truncated, .filterInfoEntries)
        }
        guard count > 1 else {
            self.init(unchecked: format, Self.readEntry(format, span: span, from: &cursor))
            return
        }
        var entries: [FilterEntry] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            entries.append(Self.readEntry(format, span: span, from: &cursor))
        }
        self.init(unchecked: format, entries)
    }

    /// Reads the format and the entry count, and checks that exactly `count` entries of the format remain.
    static func readHeader(
        span: Span<UInt8>,
        from cursor: inout SpanCursor
    ) throws(VDPDecodingError) -> (format: FilterInfoFormat, count: Int) {
        let formatOffset = cursor.offset
        let format = try checkFormat(try cursor.readUInt8(span, .filterInfoFormat), at: formatOffset)
        let count = Int(try cursor.readUInt16(span, .filterInfoEntryCount))
        try checkCount(count, of: format, entryOctets: cursor.remaining, at: formatOffset + 1)
        return (format, count)
    }

    /// Checks the format octet at `offset` and the entry count after it against the `entryOctets` that follow
    /// them, as ``readHeader(span:from:)`` does.
    static func checkHeader(
        rawFormat: UInt8,
        count: Int,
        entryOctets: Int,
        at offset: Int
    ) throws(VDPDecodingError) -> FilterInfoFormat {
        let format = try checkFormat(rawFormat, at: offset)
        try checkCount(count, of: format, entryOctets: entryOctets, at: offset + 1)
        return format
    }

    /// The format of the octet at `offset`, which must be defined.
    private static func checkFormat(_ rawFormat: UInt8, at offset: Int) throws(VDPDecodingError) -> FilterInfoFormat {
        guard let format = FilterInfoFormat(rawValue: rawFormat) else {
            throw VDPDecodingError(.unsupportedValue, field: .filterInfoFormat, offset: offset)
        }
        return format
    }

    /// Checks the entry count at `offset`: at least one, and the `entryOctets` after it exactly `count` entries.
    private static func checkCount(
        _ count: Int,
        of format: FilterInfoFormat,
        entryOctets: Int,
        at offset: Int
    ) throws(VDPDecodingError) {
        guard count > 0 else {
            throw VDPDecodingError(.emptyList, field: .filterInfoEntryCount, offset: offset)
        }
        guard entryOctets == count * format.entryLength else {
            throw VDPDecodingError(.lengthMismatch, field: .filterInfoEntryCount, offset: offset)
        }
    }

    /// Reads one entry of `format`, whose octets the caller has checked the cursor and the span hold.
    @inline(__always)
    private static func readEntry(
        _ format: FilterInfoFormat,
        span: Span<UInt8>,
        from cursor: inout SpanCursor
    ) -> FilterEntry {
        let entry: FilterEntry
        switch format {
        case .vid:
            entry = FilterEntry(vid: FilterVID(rawValue: cursor.peek(span, at: 0, as: UInt16.self)))
        case .macVID:
            let word = cursor.peek(span, at: 0, as: UInt64.self)
            entry = FilterEntry(
                mac: MACAddress(uncheckedRawValue: word >> 16),
                vid: FilterVID(rawValue: UInt16(truncatingIfNeeded: word))
            )
        case .groupVID:
            entry = FilterEntry(
                groupID: GroupID(rawValue: cursor.peek(span, at: 0, as: UInt32.self)),
                vid: FilterVID(rawValue: cursor.peek(span, at: 4, as: UInt16.self))
            )
        case .groupMACVID:
            let word = cursor.peek(span, at: 4, as: UInt64.self)
            entry = FilterEntry(
                groupID: GroupID(rawValue: cursor.peek(span, at: 0, as: UInt32.self)),
                mac: MACAddress(uncheckedRawValue: word >> 16),
                vid: FilterVID(rawValue: UInt16(truncatingIfNeeded: word))
            )
        }
        cursor.skip(format.entryLength)
        return entry
    }

    private enum CodingKeys: String, CodingKey {
        case format, entries
    }

    /// Decodes the format and the entries; throws `DecodingError.dataCorrupted` for filter information the
    /// codec could not send.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(FilterInfoFormat.self, forKey: .format)
        let entries = try container.decode([FilterEntry].self, forKey: .entries)
        do {
            try self.init(format: format, entries: entries)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .entries,
                in: container,
                debugDescription: "\(error): 1 to \(format.maximumEntryCount) entries of format \(format)"
            )
        }
    }

    /// Encodes the format and the entries.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(entries, forKey: .entries)
    }

    func encode(into writer: inout ByteWriter) {
        writer.writeUInt8(format.rawValue)
        writer.writeUInt16(UInt16(truncatingIfNeeded: entryCount))
        for entry in entryList {
            if let groupID = entry.groupID {
                writer.writeUInt32(groupID.rawValue)
            }
            if let mac = entry.mac {
                writer.writeMACAddress(mac)
            }
            writer.writeUInt16(entry.vid.rawValue)
        }
    }
}
