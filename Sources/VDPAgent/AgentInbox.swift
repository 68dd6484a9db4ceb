import Synchronization
import VDPProtocol

/// What an agent's loop takes from its ``AgentInbox`` in one go.
struct AgentInboxBatch: Sendable {
    /// Every frame received since the last batch, in order.
    var frames: [ReceivedFrame] = []
    /// Whether a wake-up timer fired.
    var tick = false
    /// Whether a caller asked for a turn of the loop (``AgentInbox/wake()``).
    var wake = false
    /// Calls whose tasks were cancelled.
    var cancelled: [AgentWaiterID] = []
}

/// Identifies a suspended call of an agent, so that its cancellation can reach the agent.
enum AgentWaiterID: Hashable, Sendable {
    /// A lifecycle call waiting for the answer to this request.
    case request(StationRequestID)
    /// A ``StationAgent/request(_:)`` call waiting for the answers to its batch.
    case batch(UInt64)
    /// A call waiting for EVB negotiation.
    case negotiation(UInt64)
}

/// The single queue an agent's loop reads: received frames (bounded), timer wake-ups and cancellations, filled
/// from any thread without going through the agent, so that a busy agent never delays the arrival of a frame and
/// always sees every frame that has arrived before it runs its timers.
final class AgentInbox: Sendable {
    private struct State: ~Copyable {
        var batch = AgentInboxBatch()
        var closed = false
        var waiter: CheckedContinuation<Void, Never>?
        var droppedFrames: UInt64 = 0
    }

    /// How many frames the inbox holds before it drops new ones.
    let frameLimit: Int
    private let state = Mutex(State())

    init(frameLimit: Int) {
        self.frameLimit = frameLimit
    }

    /// Frames dropped because the inbox was full.
    var droppedFrames: UInt64 { state.withLock { $0.droppedFrames } }

    /// Adds a received frame, or counts it dropped when the inbox is full.
    func push(_ frame: ReceivedFrame) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.batch.frames.count < frameLimit else {
                state.droppedFrames &+= 1
                return nil
            }
            state.batch.frames.append(frame)
            return state.waiter.take()
        }
        waiter?.resume()
    }

    /// A timer fired.
    func tick() {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.batch.tick = true
            return state.waiter.take()
        }?.resume()
    }

    /// A caller waits for the loop to take a turn (see ``EVBAgent/awaitTurn()``).
    func wake() {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.batch.wake = true
            return state.waiter.take()
        }?.resume()
    }

    /// A suspended call was cancelled.
    func cancel(_ waiter: AgentWaiterID) {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.batch.cancelled.append(waiter)
            return state.waiter.take()
        }?.resume()
    }

    /// The link closed: ``next()`` returns what is left, then `nil`.
    func close() {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            return state.waiter.take()
        }?.resume()
    }

    /// The frames queued now, without waiting.
    func takeFrames() -> [ReceivedFrame] {
        state.withLock { state in
            defer { state.batch.frames.removeAll() }
            return state.batch.frames
        }
    }

    /// Everything queued, waiting until something is; `nil` once closed and empty.
    func next() async -> AgentInboxBatch? {
        while true {
            let taken = state.withLock { state -> AgentInboxBatch?? in
                let batch = state.batch
                if !batch.frames.isEmpty || batch.tick || batch.wake || !batch.cancelled.isEmpty {
                    state.batch = AgentInboxBatch()
                    return .some(batch)
                }
                return state.closed ? .some(nil) : nil
            }
            if let taken {
                return taken
            }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    let ready =
                        state.closed || !state.batch.frames.isEmpty || state.batch.tick || state.batch.wake
                        || !state.batch.cancelled.isEmpty
                    if !ready {
                        state.waiter = continuation
                    }
                    return ready
                }
                if resumeNow {
                    continuation.resume()
                }
            }
        }
    }
}
