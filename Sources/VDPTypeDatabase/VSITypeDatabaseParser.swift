import VDPWire

/// The parser of the text format of a ``VSITypeDatabase`` (`Docs/TYPE-DATABASE.md`): one entry a line,
/// `TYPE/VERSION KEY=VALUE …`, `#` comments, within ``VSITypeDatabaseLimits``.
struct VSITypeDatabaseParser {
    /// A field of a line: its bytes and the column of its first byte.
    private struct Field {
        var bytes: ArraySlice<UInt8>
        var column: Int

        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    let limits: VSITypeDatabaseLimits
    private var line = 0

    init(limits: VSITypeDatabaseLimits) {
        self.limits = limits
    }

    mutating func parse(_ bytes: [UInt8]) throws(VSITypeDatabaseError) -> VSITypeDatabase {
        var database = VSITypeDatabase()
        var lineStart = 0
        line = 0
        while lineStart < bytes.count {
            line += 1
            let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if bytes.count > limits.maximumBytes, newline >= limits.maximumBytes {
                throw VSITypeDatabaseError(
                    .fileTooLarge(limit: limits.maximumBytes),
                    line: line,
                    column: limits.maximumBytes - lineStart + 1
                )
            }
            var lineEnd = newline
            if lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") {
                lineEnd -= 1
            }
            if lineEnd - lineStart > limits.maximumLineLength {
                throw error(.lineTooLong(limit: limits.maximumLineLength), limits.maximumLineLength + 1)
            }
            let fields = try split(bytes[lineStart..<lineEnd], lineStart: lineStart)
            if let first = fields.first {
                guard database.entries.count < limits.maximumEntries else {
                    throw error(.tooManyEntries(limit: limits.maximumEntries), first.column)
                }
                let entry = try parseEntry(first, fields.dropFirst())
                if let existing = database.add(entry) {
                    throw error(.duplicateEntry(entry.name, firstLine: existing.line), first.column)
                }
            }
            lineStart = newline + 1
        }
        return database
    }

    private func error(_ kind: VSITypeDatabaseError.Kind, _ column: Int) -> VSITypeDatabaseError {
        VSITypeDatabaseError(kind, line: line, column: column)
    }

    /// The fields of a line, up to a field that starts with `#`.
    private func split(_ bytes: ArraySlice<UInt8>, lineStart: Int) throws(VSITypeDatabaseError) -> [Field] {
        var fields: [Field] = []
        var start: Int?
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                if let fieldStart = start {
                    fields.append(Field(bytes: bytes[fieldStart..<index], column: fieldStart - lineStart + 1))
                    start = nil
                }
                continue
            }
            if start == nil {
                if byte == UInt8(ascii: "#") {
                    return fields
                }
                start = index
            }
            guard (0x21...0x7E).contains(byte) else {
                throw error(.invalidCharacter(byte), index - lineStart + 1)
            }
        }
        if let fieldStart = start {
            fields.append(Field(bytes: bytes[fieldStart...], column: fieldStart - lineStart + 1))
        }
        return fields
    }

    private func parseEntry(_ head: Field, _ rest: ArraySlice<Field>) throws(VSITypeDatabaseError) -> VSITypeEntry {
        guard let slash = head.bytes.firstIndex(of: UInt8(ascii: "/")) else {
            throw error(.expectedTypeAndVersion(head.text), head.column)
        }
        let typeField = Field(bytes: head.bytes[..<slash], column: head.column)
        let versionField = Field(
            bytes: head.bytes[(slash + 1)...],
            column: head.column + slash - head.bytes.startIndex + 1
        )
        guard !typeField.bytes.isEmpty, !versionField.bytes.isEmpty else {
            throw error(.expectedTypeAndVersion(head.text), head.column)
        }
        guard let typeValue = number(typeField), let typeID = try? VSITypeID(UInt32(clamping: typeValue)) else {
            throw error(
                isDecimal(typeField) ? .typeIDOutOfRange(typeField.text) : .expectedTypeAndVersion(head.text),
                typeField.column
            )
        }
        var version: UInt8?
        if versionField.bytes.elementsEqual([UInt8(ascii: "*")]) {
            version = nil
        } else {
            guard let value = number(versionField), let narrow = UInt8(exactly: value) else {
                throw error(
                    isDecimal(versionField)
                        ? .versionOutOfRange(versionField.text) : .expectedTypeAndVersion(head.text),
                    versionField.column
                )
            }
            version = narrow
        }
        var entry = VSITypeEntry(typeID: typeID, version: version, line: line)
        var seen: Set<String> = []
        for field in rest {
            guard let equals = field.bytes.firstIndex(of: UInt8(ascii: "=")), equals > field.bytes.startIndex else {
                throw error(.expectedKeyValue(field.text), field.column)
            }
            let key = String(decoding: field.bytes[..<equals], as: UTF8.self)
            let value = Field(
                bytes: field.bytes[(equals + 1)...],
                column: field.column + equals - field.bytes.startIndex + 1
            )
            guard ["vn", "vid", "pcp", "per-station", "managers"].contains(key) else {
                throw error(.unknownKey(key), field.column)
            }
            guard seen.insert(key).inserted else {
                throw error(.duplicateKey(key), field.column)
            }
            guard !value.bytes.isEmpty else {
                throw error(.emptyValue(key), field.column)
            }
            switch key {
            case "vn":
                entry.networks =
                    value.text == "any" ? .any : .only(try ranges(value, within: 0...Int(UInt32.max)).map(Self.narrow))
            case "vid":
                entry.vlans = try vlans(value)
            case "pcp":
                entry.pcp = UInt8(clamping: try bounded(value, within: 0...7))
            case "per-station":
                entry.maximumPerStation = try bounded(value, within: 1...100_000_000)
            default:
                entry.managers = try managers(value)
            }
        }
        return entry
    }

    private static func narrow(_ range: ClosedRange<Int>) -> ClosedRange<UInt32> {
        UInt32(clamping: range.lowerBound)...UInt32(clamping: range.upperBound)
    }

    private func vlans(_ value: Field) throws(VSITypeDatabaseError) -> VSIVLANPolicy {
        let text = value.text
        if text == "pool" {
            return .pool
        }
        for (prefix, fixed) in [("range:", false), ("fixed:", true)] where text.hasPrefix(prefix) {
            let list = Field(bytes: value.bytes.dropFirst(prefix.utf8.count), column: value.column + prefix.utf8.count)
            guard !list.bytes.isEmpty else {
                throw error(.unknownVLANPolicy(text), value.column)
            }
            if fixed {
                var vids: [UInt16] = []
                for item in try items(list) {
                    let vid = UInt16(clamping: try bounded(item, within: 1...4094))
                    guard !vids.contains(vid) else {
                        throw error(.overlappingItems(item.text), item.column)
                    }
                    vids.append(vid)
                }
                return .fixed(vids)
            }
            return .range(
                try ranges(list, within: 1...4094).map {
                    UInt16(clamping: $0.lowerBound)...UInt16(clamping: $0.upperBound)
                }
            )
        }
        throw error(.unknownVLANPolicy(text), value.column)
    }

    private func managers(_ value: Field) throws(VSITypeDatabaseError) -> Set<VSIManagerID> {
        var managers: Set<VSIManagerID> = []
        for item in try items(value) {
            let text = item.text
            let parsed: VSIManagerID?
            if item.bytes.count == 32 {
                parsed = Self.hexOctets(item.bytes).map(VSIManagerID.init(octets:))
            } else if item.bytes.count <= 16 {
                parsed = VSIManagerID(text: text)
            } else {
                parsed = nil
            }
            guard let managerID = parsed, !item.bytes.isEmpty else {
                throw error(.invalidManagerID(text), item.column)
            }
            guard managers.insert(managerID).inserted else {
                throw error(.overlappingItems(text), item.column)
            }
        }
        return managers
    }

    /// Sixteen octets from 32 hex digits.
    private static func hexOctets(_ bytes: ArraySlice<UInt8>) -> Octets16? {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (offset, byte) in bytes.enumerated() {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            if offset < 16 {
                high = high << 4 | UInt64(digit)
            } else {
                low = low << 4 | UInt64(digit)
            }
        }
        return Octets16(high: high, low: low)
    }

    /// The comma-separated items of a list, each at least one byte long, at most ``VSITypeDatabaseLimits/maximumListItems``.
    private func items(_ list: Field) throws(VSITypeDatabaseError) -> [Field] {
        var items: [Field] = []
        var start = list.bytes.startIndex
        for index in list.bytes.indices where list.bytes[index] == UInt8(ascii: ",") {
            items.append(Field(bytes: list.bytes[start..<index], column: list.column + start - list.bytes.startIndex))
            start = index + 1
        }
        items.append(Field(bytes: list.bytes[start...], column: list.column + start - list.bytes.startIndex))
        guard items.count <= limits.maximumListItems else {
            throw error(.tooManyItems(limit: limits.maximumListItems), list.column)
        }
        for item in items where item.bytes.isEmpty {
            throw error(.notANumber(""), item.column)
        }
        return items
    }

    /// A list of numbers and `LOW-HIGH` ranges within `bounds`, sorted; overlaps refused.
    private func ranges(_ list: Field, within bounds: ClosedRange<Int>) throws(VSITypeDatabaseError) -> [ClosedRange<
        Int
    >] {
        var ranges: [(range: ClosedRange<Int>, item: Field)] = []
        for item in try items(list) {
            if let dash = item.bytes.firstIndex(of: UInt8(ascii: "-")) {
                let low = Field(bytes: item.bytes[..<dash], column: item.column)
                let high = Field(
                    bytes: item.bytes[(dash + 1)...],
                    column: item.column + dash - item.bytes.startIndex + 1
                )
                let lower = try bounded(low, within: bounds)
                let upper = try bounded(high, within: bounds)
                guard lower <= upper else {
                    throw error(.reversedRange(item.text), item.column)
                }
                ranges.append((lower...upper, item))
            } else {
                let value = try bounded(item, within: bounds)
                ranges.append((value...value, item))
            }
        }
        let sorted = ranges.enumerated().sorted {
            ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset)
        }
        for (previous, next) in zip(sorted, sorted.dropFirst())
        where next.element.range.lowerBound <= previous.element.range.upperBound {
            let later = max(previous.offset, next.offset) == next.offset ? next.element.item : previous.element.item
            throw error(.overlappingItems(later.text), later.column)
        }
        return sorted.map(\.element.range)
    }

    /// A decimal number within `bounds`.
    private func bounded(_ field: Field, within bounds: ClosedRange<Int>) throws(VSITypeDatabaseError) -> Int {
        guard isDecimal(field) else {
            throw error(.notANumber(field.text), field.column)
        }
        guard let value = number(field), bounds.contains(value) else {
            throw error(.outOfRange(field.text, bounds), field.column)
        }
        return value
    }

    private func isDecimal(_ field: Field) -> Bool {
        !field.bytes.isEmpty && field.bytes.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// The decimal value of a field, or `nil` when it is not decimal or exceeds 2^32 × 16.
    private func number(_ field: Field) -> Int? {
        guard isDecimal(field) else {
            return nil
        }
        var value = 0
        for byte in field.bytes {
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            if value > 1 << 36 {
                return nil
            }
        }
        return value
    }
}
