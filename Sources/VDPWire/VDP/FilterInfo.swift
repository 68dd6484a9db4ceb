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
/// Encoded with `Codable` as `{"format": 2, "entries": [...]}`, each entry as ``FilterEntry`` encodes it.
/// Decoding goes through ``init(format:entries:)`` and refuses what it refuses (no entries, too many, an entry
/// that does not match the format) with `DecodingError.dataCorrupted`.
public struct FilterInfo: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The format of every entry.
    public let format: FilterInfoFormat
    /// The entries, at least one.
    public let entries: [FilterEntry]

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
        self.format = format
        self.entries = entries
    }

    /// Format 1 (VID) with the given words.
    public static func vid(_ vids: [FilterVID]) throws(VDPEncodingError) -> FilterInfo {
        try FilterInfo(format: .vid, entries: vids.map { FilterEntry(vid: $0) })
    }

    /// Format 2 (MAC/VID) with one entry.
    public static func macVID(_ mac: MACAddress, _ vid: FilterVID) -> FilterInfo {
        FilterInfo(unchecked: .macVID, [FilterEntry(mac: mac, vid: vid)])
    }

    /// Format 3 (GroupID/VID) with one entry.
    public static func groupVID(_ groupID: GroupID, _ vid: FilterVID) -> FilterInfo {
        FilterInfo(unchecked: .groupVID, [FilterEntry(groupID: groupID, vid: vid)])
    }

    /// Format 4 (GroupID/MAC/VID) with one entry.
    public static func groupMACVID(_ groupID: GroupID, _ mac: MACAddress, _ vid: FilterVID) -> FilterInfo {
        FilterInfo(unchecked: .groupMACVID, [FilterEntry(groupID: groupID, mac: mac, vid: vid)])
    }

    private init(unchecked format: FilterInfoFormat, _ entries: [FilterEntry]) {
        self.format = format
        self.entries = entries
    }

    /// The octets the filter information takes: format, count and entries.
    public var encodedLength: Int { 3 + entries.count * format.entryLength }

    /// `fif=2(MAC/VID) [MAC=… PS=0 PCP=0 VID=100; …]`, the reference-decode form.
    public var description: String {
        "fif=\(format.rawValue)(\(format)) [" + entries.map(\.description).joined(separator: "; ") + "]"
    }

    /// Decodes filter information that must fill `reader` exactly.
    init(from reader: inout ByteReader) throws(VDPDecodingError) {
        let formatOffset = reader.offset
        let rawFormat = try reader.readUInt8(.filterInfoFormat)
        guard let format = FilterInfoFormat(rawValue: rawFormat) else {
            throw reader.error(.unsupportedValue, .filterInfoFormat, at: formatOffset)
        }
        let countOffset = reader.offset
        let count = Int(try reader.readUInt16(.filterInfoEntryCount))
        guard count > 0 else {
            throw reader.error(.emptyList, .filterInfoEntryCount, at: countOffset)
        }
        guard reader.remaining == count * format.entryLength else {
            throw reader.error(.lengthMismatch, .filterInfoEntryCount, at: countOffset)
        }
        var entries: [FilterEntry] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            var entry = FilterEntry(vid: .null)
            if format.hasGroupID {
                entry.groupID = GroupID(rawValue: try reader.readUInt32(.filterInfoEntries))
            }
            if format.hasMAC {
                entry.mac = try reader.readMACAddress(.filterInfoEntries)
            }
            entry.vid = FilterVID(rawValue: try reader.readUInt16(.filterInfoEntries))
            entries.append(entry)
        }
        self.init(unchecked: format, entries)
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
        writer.writeUInt16(UInt16(truncatingIfNeeded: entries.count))
        for entry in entries {
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
