/// The order of the octets of a multi-octet integer read by ``ByteReader``.
///
/// Package-internal: VDPWire reads network (big-endian) order only; VDPCapture reads pcap files and pcapng sections
/// in whichever order they were written.
package enum ByteOrder: Hashable, Sendable {
    /// Least significant octet first.
    case littleEndian
    /// Most significant octet first (network order).
    case bigEndian
}
