#if os(Linux)
    import Synchronization
    @testable import VDPNetlink

    /// Collects a change stream on a task of its own, so that a test can wait for a change with a timeout
    /// (cancelling a task blocked in an `AsyncStream`'s `next()` would end the stream).
    final class ChangeCollector: Sendable {
        private let changes = Mutex<[LinkChange]>([])
        private let finished = Mutex(false)
        private let cursor = Mutex(0)

        init(_ stream: AsyncStream<LinkChange>) {
            Task { [self] in
                for await change in stream {
                    changes.withLock { $0.append(change) }
                }
                finished.withLock { $0 = true }
            }
        }

        /// Every change collected so far.
        var all: [LinkChange] { changes.withLock { $0 } }

        /// Whether the stream has ended.
        var isFinished: Bool { finished.withLock { $0 } }

        /// The first change after the last one returned for which `matches` holds, or `nil` when none came
        /// within `timeout` (a generous bound on a kernel event, not a protocol timer).
        func next(timeout: Duration = .seconds(10), where matches: (LinkChange) -> Bool) async -> LinkChange? {
            let deadline = ContinuousClock.now + timeout
            while true {
                let found: LinkChange? = {
                    let collected = all
                    var position = cursor.withLock { $0 }
                    while position < collected.count {
                        let change = collected[position]
                        position += 1
                        if matches(change) {
                            cursor.withLock { $0 = position }
                            return change
                        }
                    }
                    cursor.withLock { $0 = position }
                    return nil
                }()
                if let found {
                    return found
                }
                guard ContinuousClock.now < deadline, !isFinished else {
                    return nil
                }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }

        /// Waits until the stream ends, for at most `timeout`; returns whether it did.
        func waitUntilFinished(timeout: Duration = .seconds(10)) async -> Bool {
            let deadline = ContinuousClock.now + timeout
            while !isFinished {
                guard ContinuousClock.now < deadline else {
                    return false
                }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return true
        }
    }
#endif
