/// A JSON document, built in memory and serialized without Foundation.
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer.
    case int(Int64)
    /// A floating-point number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object whose keys keep their insertion order.
    case object([(String, JSONValue)])

    /// Compares values structurally; object keys compare in order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: false
        }
    }

    /// Hashes the value structurally.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(serialized())
    }

    /// An integer from any binary integer that fits 64 signed bits (larger values become strings).
    public static func integer(_ value: some BinaryInteger) -> JSONValue {
        if let exact = Int64(exactly: value) {
            return .int(exact)
        }
        return .string(String(value))
    }

    /// The compact JSON text.
    public func serialized() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null:
            out += "null"
        case .bool(let value):
            out += value ? "true" : "false"
        case .int(let value):
            out += String(value)
        case .double(let value):
            out += value.isFinite ? String(value) : "null"
        case .string(let value):
            Self.writeString(value, to: &out)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 {
                    out += ","
                }
                value.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 {
                    out += ","
                }
                Self.writeString(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    /// Writes `value` as a JSON string: the runs that need no escape are copied whole (by octets: every octet
    /// that needs one is ASCII, so a run always ends on a scalar boundary).
    private static func writeString(_ value: String, to out: inout String) {
        out += "\""
        let octets = value.utf8
        var runStart = octets.startIndex
        var index = runStart
        while index != octets.endIndex {
            let octet = octets[index]
            guard octet == UInt8(ascii: "\"") || octet == UInt8(ascii: "\\") || octet < 0x20 else {
                octets.formIndex(after: &index)
                continue
            }
            out += Substring(octets[runStart..<index])
            switch octet {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case UInt8(ascii: "\t"): out += "\\t"
            default:
                let hex = String(octet, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            octets.formIndex(after: &index)
            runStart = index
        }
        out += Substring(octets[runStart..<index])
        out += "\""
    }
}
