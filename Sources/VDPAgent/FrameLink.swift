import VDPWire

/// Where an agent sends and receives its frames: a raw socket on a real interface, or an in-memory link.
public protocol FrameLink: Sendable {
    /// Sends one frame.
    func send(_ frame: Frame) async throws
    /// The frames received, in order; the stream ends when the link closes.
    var frames: AsyncStream<Frame> { get }
}

/// Two ends of an in-memory link: what one end sends, the other receives, encoded and decoded on the way as on
/// a wire. For tests and for embedding both roles in one process.
public struct InMemoryLink: FrameLink {
    private let outbound: AsyncStream<Frame>.Continuation
    /// The frames the other end sent.
    public let frames: AsyncStream<Frame>

    private init(outbound: AsyncStream<Frame>.Continuation, frames: AsyncStream<Frame>) {
        self.outbound = outbound
        self.frames = frames
    }

    /// A connected pair.
    public static func pair() -> (InMemoryLink, InMemoryLink) {
        let (toB, toBContinuation) = AsyncStream<Frame>.makeStream()
        let (toA, toAContinuation) = AsyncStream<Frame>.makeStream()
        return (
            InMemoryLink(outbound: toBContinuation, frames: toA),
            InMemoryLink(outbound: toAContinuation, frames: toB)
        )
    }

    /// Sends one frame through its octets, so what arrives is what a wire would deliver.
    public func send(_ frame: Frame) async throws {
        outbound.yield(try Frame(decoding: frame.encoded(), options: .receiving))
    }

    /// Closes this end's sending side; the other end's stream finishes.
    public func close() {
        outbound.finish()
    }
}
