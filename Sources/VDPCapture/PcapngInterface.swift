/// What a pcapng Interface Description Block says about the packets captured on that interface.
struct PcapngInterface: Hashable, Sendable {
    /// The link-layer header type of the interface's packets.
    var linkType: LinkType

    /// The snapshot length; 0 means no limit.
    var snapLength: UInt32

    /// The unit of the interface's timestamps (`if_tsresol`, default microseconds).
    var resolution: TimestampResolution = .microseconds

    /// Seconds to add to every timestamp (`if_tsoffset`, default 0).
    var offsetSeconds: Int64 = 0
}
