import VDPWire

/// A frame as a ``FrameLink`` received it, with when it arrived.
public struct ReceivedFrame: Sendable {
    /// The frame.
    public var frame: Frame
    /// When the link received it, on the process's monotonic clock (stamped by the link's reader, not when the
    /// agent got to it); `nil` when the link does not know. Agents measure their handling delay with it.
    public var receivedAt: ContinuousClock.Instant?

    /// Wraps a frame.
    public init(_ frame: Frame, receivedAt: ContinuousClock.Instant? = nil) {
        self.frame = frame
        self.receivedAt = receivedAt
    }
}
