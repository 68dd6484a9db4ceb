/// One captured packet: its capture time, the bytes that were saved, and its length on the wire.
public struct CapturedPacket: Hashable, Sendable {
    /// When the packet was captured.
    public var timestamp: CaptureTimestamp

    /// The captured bytes (the record's captured length, which may be shorter than the packet on the wire).
    public var data: [UInt8]

    /// The packet's length on the wire, in bytes (`orig_len`); at least `data.count` for well-formed captures.
    public var originalLength: Int

    /// The link-layer header type of `data`.
    public var linkType: LinkType

    /// Creates a packet; `originalLength` defaults to `data.count` (nothing was cut off).
    public init(
        timestamp: CaptureTimestamp,
        data: [UInt8],
        originalLength: Int? = nil,
        linkType: LinkType = .ethernet
    ) {
        self.timestamp = timestamp
        self.data = data
        self.originalLength = originalLength ?? data.count
        self.linkType = linkType
    }
}
