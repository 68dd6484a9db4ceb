/// Running totals kept by an ``LLDPAgent`` about the LLDPDUs it received and its neighbour's comings and goings.
///
/// Read-only outside the agent. Each counter wraps around at 2^64 rather than trapping.
public struct LLDPAgentCounters: Hashable, Sendable, Codable {
    /// LLDPDUs from the neighbour that were taken in (the first one included), shutdown LLDPDUs excluded.
    public internal(set) var neighbourLLDPDUs: UInt64 = 0
    /// How many times a sender became the port's neighbour: the first LLDPDU heard, or the first after the previous
    /// neighbour shut down or expired.
    public internal(set) var neighboursAccepted: UInt64 = 0
    /// LLDPDUs from a sender other than the current neighbour, shutdown LLDPDUs included: counted and ignored.
    public internal(set) var foreignLLDPDUsIgnored: UInt64 = 0
    /// LLDPDUs carrying this port's own chassis ID and port ID (its own, looped back): ignored, so that the port
    /// never takes itself for its neighbour.
    public internal(set) var ownLLDPDUsIgnored: UInt64 = 0
    /// Shutdown LLDPDUs (Time To Live 0) from the neighbour, each of which ended it.
    public internal(set) var shutdownsHonoured: UInt64 = 0
    /// Shutdown LLDPDUs that arrived while the port had no neighbour: nothing to end, ignored.
    public internal(set) var shutdownsWithoutNeighbour: UInt64 = 0
    /// Neighbours forgotten because their Time To Live ran out.
    public internal(set) var expiries: UInt64 = 0

    /// Creates counters at zero.
    init() {}
}
