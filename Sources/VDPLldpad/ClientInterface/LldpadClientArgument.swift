/// One `-c name=value` argument of a VDP command, as octets (`mode`, `assoc`).
public struct LldpadClientArgument: Hashable, Sendable {
    /// The name.
    public var name: [UInt8]
    /// The value.
    public var value: [UInt8]

    /// Creates an argument.
    public init(name: [UInt8], value: [UInt8]) {
        self.name = name
        self.value = value
    }

    /// An argument from text.
    public init(_ name: String, _ value: String) {
        self.init(name: Array(name.utf8), value: Array(value.utf8))
    }
}
