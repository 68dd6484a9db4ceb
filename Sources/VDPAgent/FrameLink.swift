import VDPWire

/// Where an agent sends and receives its frames: a raw socket on a real interface (`PacketLink`), or an
/// ``InMemoryLink``.
public protocol FrameLink: Sendable {
    /// Sends one frame. An error conforming to ``LinkFailure`` can say the link is down.
    ///
    /// It runs on the caller's executor (`nonisolated(nonsending)`): an agent's sends do not leave the agent, so no
    /// other call runs in the agent between the frames it sends. A conforming link may send on another executor.
    nonisolated(nonsending) func send(_ frame: Frame) async throws
    /// The frames received, in order, each stamped with its arrival time; the stream ends when the link closes.
    var frames: AsyncStream<ReceivedFrame> { get }
    /// The frames that have arrived but are not yet in ``frames``, taken at once on the caller's thread (a socket's
    /// queue, say). An agent calls it before it runs due timers, so a frame that has arrived is handled first even
    /// when the link's reader has not run yet. They may be newer than frames still in ``frames``.
    func takeArrived() -> [ReceivedFrame]
    /// Asks the link to hand every frame it receives from now on to `receive`, on the link's own thread as the frame
    /// arrives, instead of through ``frames``, and to call `finished` once when it closes; the frames already
    /// received go to `receive` first, and a receiver set before is replaced. Returns `false` when the link cannot,
    /// and the caller reads ``frames``. While it forwards, ``takeArrived()`` forwards the frames it finds too (and
    /// returns none), so that they reach `receive` in order. An agent calls it once, before it reads anything.
    func forwardFrames(
        to receive: @escaping @Sendable (ReceivedFrame) -> Void,
        finished: @escaping @Sendable () -> Void
    ) -> Bool
}

extension FrameLink {
    /// None: every frame goes through ``frames``.
    public func takeArrived() -> [ReceivedFrame] { [] }

    /// Cannot: every frame goes through ``frames``.
    public func forwardFrames(
        to receive: @escaping @Sendable (ReceivedFrame) -> Void,
        finished: @escaping @Sendable () -> Void
    ) -> Bool {
        false
    }
}

/// An error of a ``FrameLink`` that tells whether the link itself is down (`ENETDOWN` and the like), as opposed
/// to one frame failing.
public protocol LinkFailure: Error {
    /// Whether the link is down.
    var meansLinkDown: Bool { get }
}
