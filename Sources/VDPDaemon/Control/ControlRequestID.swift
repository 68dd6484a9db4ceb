/// The identifier a client gives a request, echoed in its response: an integer or a string.
///
/// Frozen. Encoded with `Codable` as the bare JSON number or string. An integer must fit 64 signed bits; any
/// other JSON value (a fraction, `null`, an object) is not an identifier.
public enum ControlRequestID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// An integer identifier.
    case number(Int64)
    /// A string identifier.
    case string(String)

    /// The number, or the string in double quotes.
    public var description: String {
        switch self {
        case .number(let value): String(value)
        case .string(let value): "\"\(value)\""
        }
    }

    /// Decodes a JSON integer or string; throws `DecodingError.typeMismatch` for anything else.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else {
            throw DecodingError.typeMismatch(
                ControlRequestID.self,
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "an id is an integer of 64 signed bits or a string"
                )
            )
        }
    }

    /// Encodes the bare number or string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }
}
