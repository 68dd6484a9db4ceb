import Synchronization
import VDPAgent
import VDPWire

/// A ``FrameLink`` the test drives: ``frames`` yields only what the test delivers, ``takeArrived()`` hands over what
/// the test has put "at the socket" and the reader has not delivered yet, and every sent frame is recorded.
final class ScriptedLink: FrameLink {
    let frames: AsyncStream<ReceivedFrame>
    private let delivery: AsyncStream<ReceivedFrame>.Continuation
    private let arrived = Mutex<[ReceivedFrame]>([])
    private let sentFrames = Mutex<[Frame]>([])

    init() {
        (frames, delivery) = AsyncStream.makeStream()
    }

    /// Records the frame.
    func send(_ frame: Frame) async throws {
        sentFrames.withLock { $0.append(frame) }
    }

    /// Takes the frames put at the socket by ``arrive(_:)``.
    func takeArrived() -> [ReceivedFrame] {
        arrived.withLock { frames in
            defer { frames.removeAll() }
            return frames
        }
    }

    /// A frame arrives at the socket, not yet read: only ``takeArrived()`` returns it, with `receivedAt`.
    func arrive(_ frame: Frame, receivedAt: ContinuousClock.Instant? = nil) {
        arrived.withLock { $0.append(ReceivedFrame(frame, receivedAt: receivedAt)) }
    }

    /// How many frames are at the socket, not yet taken.
    var arrivedCount: Int {
        arrived.withLock { $0.count }
    }

    /// The link's reader delivers a frame through ``frames``.
    func deliver(_ frame: Frame) {
        delivery.yield(ReceivedFrame(frame))
    }

    /// Ends ``frames``.
    func close() {
        delivery.finish()
    }

    /// The frames sent so far, in order.
    var sent: [Frame] {
        sentFrames.withLock { $0 }
    }

    /// The ECPDUs carrying VDP requests sent so far, in order.
    var sentRequests: [ECPDU] {
        sent.compactMap { frame in
            guard case .ecp(let ecpdu) = frame.payload, ecpdu.operation == .request else {
                return nil
            }
            return ecpdu
        }
    }
}
