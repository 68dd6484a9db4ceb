/// The error thrown when a value cannot be represented on the wire.
///
/// Encoders never write a silently corrupted header: a VID over 4095, a VN ID over 24 bits or more filter
/// entries than a 9-bit TLV length can describe are refused when the value is built, with this error.
public struct VDPEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem was found.
    public var code: Code
    /// The field that cannot be represented.
    public var field: VDPDecodingError.Field

    /// Creates an error.
    public init(_ code: Code, field: VDPDecodingError.Field) {
        self.code = code
        self.field = field
    }

    /// A human-readable summary.
    public var description: String {
        "\(code) (field: \(field))"
    }

    /// The kinds of encoding failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: Hashable, Sendable {
            case valueOutOfRange
            case tooManyElements
            case emptyList
            case inconsistent
        }

        private let backing: Backing

        private init(_ backing: Backing) {
            self.backing = backing
        }

        /// A number does not fit its field (for example a VID over 4095 or a PCP over 7).
        public static let valueOutOfRange = Code(.valueOutOfRange)
        /// More elements than the field's length can describe (for example filter entries past 511 octets).
        public static let tooManyElements = Code(.tooManyElements)
        /// A list that must hold at least one element is empty.
        public static let emptyList = Code(.emptyList)
        /// Parts of the value contradict each other (for example a filter entry without the MAC address its
        /// format requires).
        public static let inconsistent = Code(.inconsistent)

        /// A short phrase naming the problem.
        public var description: String {
            switch backing {
            case .valueOutOfRange: "value out of range"
            case .tooManyElements: "too many elements"
            case .emptyList: "empty list"
            case .inconsistent: "inconsistent value"
            }
        }
    }
}
