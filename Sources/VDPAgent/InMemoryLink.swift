import VDPWire

/// Two ends of an in-memory link, for tests and for running a station and a bridge in one process.
///
/// What one end sends, the other receives: each frame is encoded to octets and decoded again with the
/// receiving options, so what arrives is exactly what a wire would deliver (a frame that does not survive the
/// round trip makes ``send(_:)`` throw). Frames are stamped with `ContinuousClock.now` when sent (the link has no
/// delay). Nothing is lost and the buffer is unbounded: this is not a model of a real link (the simulation is).
/// ``close()`` ends the other end's ``frames``.
public struct InMemoryLink: FrameLink {
    private let outbound: AsyncStream<ReceivedFrame>.Continuation
    /// The frames the other end sent.
    public let frames: AsyncStream<ReceivedFrame>

    private init(outbound: AsyncStream<ReceivedFrame>.Continuation, frames: AsyncStream<ReceivedFrame>) {
        self.outbound = outbound
        self.frames = frames
    }

    /// A connected pair.
    public static func pair() -> (InMemoryLink, InMemoryLink) {
        let (toB, toBContinuation) = AsyncStream<ReceivedFrame>.makeStream()
        let (toA, toAContinuation) = AsyncStream<ReceivedFrame>.makeStream()
        return (
            InMemoryLink(outbound: toBContinuation, frames: toA),
            InMemoryLink(outbound: toAContinuation, frames: toB)
        )
    }

    /// Sends one frame through its octets, so what arrives is what a wire would deliver.
    public func send(_ frame: Frame) async throws {
        let decoded = try Frame(decoding: frame.encoded(), options: .receiving)
        outbound.yield(ReceivedFrame(decoded, receivedAt: .now))
    }

    /// Closes this end's sending side; the other end's stream finishes.
    public func close() {
        outbound.finish()
    }
}
