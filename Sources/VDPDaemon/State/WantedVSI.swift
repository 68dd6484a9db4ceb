import VDPProtocol
import VDPWire

/// One VSI a client wants on one interface: its descriptor and the operation last asked. This, and not the
/// protocol state, is what the state file keeps.
///
/// Encoded with `Codable` as `{"vsi": {…VSIDescriptor…}, "operation": "associate", "sequence": 7}`, and
/// `"granted": {…FilterInfo…}` when the bridge last confirmed other filters than the client asked for (the VIDs it
/// granted for null-VID requests). A want without `granted` (a file written before it existed) reads as none, and a
/// daemon that does not know the key ignores it, so the file's version stays 1.
public struct WantedVSI: Hashable, Sendable, Codable {
    /// The VSI as the client described it.
    public var descriptor: VSIDescriptor
    /// What the client last asked for.
    public var operation: WantedOperation
    /// Orders the wants by when they were first made, so that they are requested again in that order.
    public var sequence: UInt64
    /// The filters the bridge last confirmed for this VSI, with the VIDs it granted, when they differ from the
    /// descriptor's; saved so that the daemon reports them after a restart before the bridge answers again.
    public var granted: FilterInfo?

    /// Creates a want.
    public init(descriptor: VSIDescriptor, operation: WantedOperation, sequence: UInt64, granted: FilterInfo? = nil) {
        self.descriptor = descriptor
        self.operation = operation
        self.sequence = sequence
        self.granted = granted
    }

    private enum CodingKeys: String, CodingKey {
        case descriptor = "vsi"
        case operation, sequence, granted
    }
}
