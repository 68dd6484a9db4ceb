import VDPWire

/// Where an agent sends and receives its frames: a raw socket on a real interface (`PacketLink`), or an
/// ``InMemoryLink``.
public protocol FrameLink: Sendable {
    /// Sends one frame. An error conforming to ``LinkFailure`` can say the link is down.
    func send(_ frame: Frame) async throws
    /// The frames received, in order, each stamped with its arrival time; the stream ends when the link closes.
    var frames: AsyncStream<ReceivedFrame> { get }
    /// The frames that have arrived but are not yet in ``frames``, taken at once on the caller's thread (a socket's
    /// queue, say). An agent calls it before it runs due timers, so a frame that has arrived is handled first even
    /// when the link's reader has not run yet. They may be newer than frames still in ``frames``.
    func takeArrived() -> [ReceivedFrame]
}

extension FrameLink {
    /// None: every frame goes through ``frames``.
    public func takeArrived() -> [ReceivedFrame] { [] }
}

/// An error of a ``FrameLink`` that tells whether the link itself is down (`ENETDOWN` and the like), as opposed
/// to one frame failing.
public protocol LinkFailure: Error {
    /// Whether the link is down.
    var meansLinkDown: Bool { get }
}
