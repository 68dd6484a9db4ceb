import VDPProtocol

/// One VSI a client wants on one interface: its descriptor and the operation last asked. This, and not the
/// protocol state, is what the state file keeps.
///
/// Encoded with `Codable` as `{"vsi": {…VSIDescriptor…}, "operation": "associate", "sequence": 7}`.
public struct WantedVSI: Hashable, Sendable, Codable {
    /// The VSI as the client described it.
    public var descriptor: VSIDescriptor
    /// What the client last asked for.
    public var operation: WantedOperation
    /// Orders the wants by when they were first made, so that they are requested again in that order.
    public var sequence: UInt64

    /// Creates a want.
    public init(descriptor: VSIDescriptor, operation: WantedOperation, sequence: UInt64) {
        self.descriptor = descriptor
        self.operation = operation
        self.sequence = sequence
    }

    private enum CodingKeys: String, CodingKey {
        case descriptor = "vsi"
        case operation, sequence
    }
}
