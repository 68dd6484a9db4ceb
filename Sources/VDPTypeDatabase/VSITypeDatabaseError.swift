/// Why a ``VSITypeDatabase`` file was refused, and where: every error names a line and a column (1-based, in
/// bytes).
public struct VSITypeDatabaseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    ///
    /// Not frozen: kinds may be added in later versions, so switch over it with a `default`.
    public enum Kind: Hashable, Sendable {
        /// The file exceeds ``VSITypeDatabaseLimits/maximumBytes`` (at the first byte beyond).
        case fileTooLarge(limit: Int)
        /// A line exceeds ``VSITypeDatabaseLimits/maximumLineLength`` (at the first byte beyond).
        case lineTooLong(limit: Int)
        /// More entries than ``VSITypeDatabaseLimits/maximumEntries``.
        case tooManyEntries(limit: Int)
        /// A byte outside printable ASCII, space and tab, outside a comment.
        case invalidCharacter(UInt8)
        /// The first field is not `TYPE/VERSION` or `TYPE/*`.
        case expectedTypeAndVersion(String)
        /// The type ID exceeds 24 bits.
        case typeIDOutOfRange(String)
        /// The version exceeds 255.
        case versionOutOfRange(String)
        /// A second entry for the same type and version (with the line of the first).
        case duplicateEntry(String, firstLine: Int)
        /// A field is not `KEY=VALUE`.
        case expectedKeyValue(String)
        /// An unknown key.
        case unknownKey(String)
        /// A key given twice on one line.
        case duplicateKey(String)
        /// A key with an empty value.
        case emptyValue(String)
        /// Not a decimal number.
        case notANumber(String)
        /// A number outside its field's range (with the range).
        case outOfRange(String, ClosedRange<Int>)
        /// A range `LOW-HIGH` with LOW above HIGH.
        case reversedRange(String)
        /// Two items of a list overlap or repeat.
        case overlappingItems(String)
        /// A list longer than ``VSITypeDatabaseLimits/maximumListItems``.
        case tooManyItems(limit: Int)
        /// `vid=` is not `pool`, `range:LIST` or `fixed:LIST`.
        case unknownVLANPolicy(String)
        /// A manager ID is neither 1 to 16 printable ASCII characters nor 32 hex digits.
        case invalidManagerID(String)
    }

    /// What is wrong.
    public var kind: Kind
    /// The line (1-based).
    public var line: Int
    /// The column (1-based, in bytes).
    public var column: Int

    /// Creates an error.
    public init(_ kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// `line L, column C: message`.
    public var description: String {
        "line \(line), column \(column): \(message)"
    }

    private var message: String {
        switch kind {
        case .fileTooLarge(let limit): "the file exceeds \(limit) bytes"
        case .lineTooLong(let limit): "the line exceeds \(limit) bytes"
        case .tooManyEntries(let limit): "more than \(limit) entries"
        case .invalidCharacter(let byte): "invalid character 0x\(String(byte, radix: 16)) (printable ASCII only)"
        case .expectedTypeAndVersion(let text): "expected TYPE/VERSION or TYPE/*, found '\(text)'"
        case .typeIDOutOfRange(let text): "type ID \(text) exceeds 16777215 (24 bits)"
        case .versionOutOfRange(let text): "type version \(text) exceeds 255"
        case .duplicateEntry(let name, let firstLine): "\(name) already has an entry, on line \(firstLine)"
        case .expectedKeyValue(let text): "expected KEY=VALUE, found '\(text)'"
        case .unknownKey(let key): "unknown key '\(key)' (vn, vid, pcp, per-station, managers)"
        case .duplicateKey(let key): "'\(key)' given twice"
        case .emptyValue(let key): "'\(key)=' needs a value"
        case .notANumber(let text): "'\(text)' is not a decimal number"
        case .outOfRange(let text, let range): "\(text) is out of range \(range.lowerBound)-\(range.upperBound)"
        case .reversedRange(let text): "range '\(text)' ends below its start"
        case .overlappingItems(let text): "'\(text)' overlaps an earlier item of the list"
        case .tooManyItems(let limit): "a list of more than \(limit) items"
        case .unknownVLANPolicy(let text): "expected vid=pool, vid=range:LIST or vid=fixed:LIST, found '\(text)'"
        case .invalidManagerID(let text): "manager ID '\(text)' is not 1-16 printable ASCII characters or 32 hex digits"
        }
    }
}
