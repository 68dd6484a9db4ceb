/// Why ``NetlinkMessageWriter`` could not add to a message: a length that does not fit its 16-bit or 32-bit
/// field.
public struct NetlinkEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The attribute type, or `nil` when the whole message is too long.
    public var attributeType: UInt16?
    /// The length that did not fit.
    public var length: Int

    /// Creates an error.
    public init(attributeType: UInt16?, length: Int) {
        self.attributeType = attributeType
        self.length = length
    }

    /// `attribute 3 too long (70000 octets)` or `message too long (…)`.
    public var description: String {
        if let attributeType {
            "attribute \(attributeType) too long (\(length) octets)"
        } else {
            "message too long (\(length) octets)"
        }
    }
}
