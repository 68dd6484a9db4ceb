/// A client of lldpad's client socket: the path its datagram socket is bound to (vdptool binds the abstract name
/// `/com/intel/lldpad/<pid>`, a leading zero octet and no terminating one).
public struct LldpadClientAddress: Hashable, Sendable {
    /// The octets of `sun_path` the sender's address holds.
    public var path: [UInt8]

    /// Creates an address.
    public init(path: [UInt8]) {
        self.path = path
    }
}
