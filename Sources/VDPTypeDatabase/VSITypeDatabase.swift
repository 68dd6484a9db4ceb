import VDPWire

/// A bridge's VSI type database: for each VSI type ID and version, the networks, VIDs, priority, per-station
/// limit and managers its VSIs may have, as a VSI manager would answer.
///
/// Parsed from the text format of `Docs/TYPE-DATABASE.md` with ``parse(_:limits:)``; decided with
/// ``VSITypePolicy``. A value: a reload builds a new database and swaps it in whole.
public struct VSITypeDatabase: Hashable, Sendable {
    private struct Key: Hashable, Sendable {
        var typeID: UInt32
        var version: UInt8?
    }

    /// The entries, in the file's order.
    public private(set) var entries: [VSITypeEntry] = []
    private var index: [Key: Int] = [:]

    /// An empty database: every type is unknown.
    public init() {}

    /// A database of `entries`; returns `nil` when two entries name the same type and version.
    public init?(_ entries: [VSITypeEntry]) {
        for entry in entries {
            guard add(entry) == nil else {
                return nil
            }
        }
    }

    /// Parses the text of a database file (see `Docs/TYPE-DATABASE.md`); throws the first error, with its line and
    /// column.
    public static func parse(
        _ text: some Collection<UInt8>,
        limits: VSITypeDatabaseLimits = VSITypeDatabaseLimits()
    ) throws(VSITypeDatabaseError) -> VSITypeDatabase {
        var parser = VSITypeDatabaseParser(limits: limits)
        return try parser.parse(Array(text))
    }

    /// The entry for a type and version: its own, else the type's `*` entry, else `nil` (an unknown type).
    public func entry(for typeID: VSITypeID, version: UInt8) -> VSITypeEntry? {
        guard
            let position = index[Key(typeID: typeID.rawValue, version: version)]
                ?? index[Key(typeID: typeID.rawValue, version: nil)]
        else {
            return nil
        }
        return entries[position]
    }

    /// Whether `version` of `typeID` has an entry of its own (not only the `*` one).
    func hasOwnEntry(_ typeID: VSITypeID, version: UInt8) -> Bool {
        index[Key(typeID: typeID.rawValue, version: version)] != nil
    }

    /// Adds an entry; returns the entry already naming its type and version instead, if there is one.
    mutating func add(_ entry: VSITypeEntry) -> VSITypeEntry? {
        let key = Key(typeID: entry.typeID.rawValue, version: entry.version)
        if let existing = index[key] {
            return entries[existing]
        }
        index[key] = entries.count
        entries.append(entry)
        return nil
    }
}

/// The bounds a ``VSITypeDatabase`` file is parsed within; a file beyond them is refused.
public struct VSITypeDatabaseLimits: Hashable, Sendable {
    /// The largest file, in bytes: 16 MiB by default (a 100,000-entry file of long lines fits).
    public var maximumBytes = 16 << 20
    /// The most entries: 100,000 by default.
    public var maximumEntries = 100_000
    /// The longest line, in bytes, without its line end: 4,096 by default.
    public var maximumLineLength = 4_096
    /// The most items (numbers, ranges, manager IDs) in one list: 1,024 by default.
    public var maximumListItems = 1_024

    /// The defaults.
    public init() {}
}
