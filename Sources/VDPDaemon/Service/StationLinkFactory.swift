import VDPAgent
import VDPWire

/// Opens the ``FrameLink`` a station runs over on one interface: an `AF_PACKET` socket in `vdpd`, an in-memory
/// link in tests.
public protocol StationLinkFactory: Sendable {
    /// Opens the link of `interface`; throws when the interface does not exist or cannot be opened (the
    /// service tries again later).
    func open(_ interface: InterfaceConfiguration) async throws -> StationLinkHandle
}

/// An open link, the interface's MAC address, and how to close it.
public struct StationLinkHandle: Sendable {
    /// The link.
    public var link: any FrameLink
    /// The interface's MAC address: the source of the station's frames.
    public var address: MACAddress
    /// Closes the link (its frames stream ends).
    public var close: @Sendable () -> Void
    /// The executor the station's loop should run on (a task executor preference), if the link provides one:
    /// `PacketLinkFactory` gives a real-time `AgentThread` when the interface's `realtime-priority` is set.
    public var agentExecutor: (any TaskExecutor)?
    /// The largest Ethernet payload the link carries (the interface's MTU; 1500 unless the link says otherwise):
    /// the station batches up to the smaller of it and the interface's `max-frame-size`.
    public var maximumPayloadLength: Int

    /// Creates a handle.
    public init(
        link: any FrameLink,
        address: MACAddress,
        maximumPayloadLength: Int = Frame.maximumPayloadLength,
        agentExecutor: (any TaskExecutor)? = nil,
        close: @escaping @Sendable () -> Void
    ) {
        self.link = link
        self.agentExecutor = agentExecutor
        self.address = address
        self.maximumPayloadLength = maximumPayloadLength
        self.close = close
    }
}
