#if os(Linux)
    import VDPSystem

    /// A real-time scheduling priority (`SCHED_FIFO`, 1…99) for the threads that carry ECP: the ``PacketLink``
    /// reader thread and an ``AgentThread``.
    ///
    /// A thread under `SCHED_FIFO` runs before every ordinary thread of the machine, so an ECP acknowledgement
    /// leaves within the peer's ack timer even when both cores are busy with other work (at RTE 8 the timer is
    /// 2.56 ms, shorter than what a busy host guarantees a woken ordinary process). It needs `CAP_SYS_NICE`, or an
    /// `RLIMIT_RTPRIO` at least this high; without it the thread keeps its ordinary scheduling and says why
    /// (``RealTimeOutcome``). Use a modest value (10, say): the threads block in poll(2) when there is no traffic.
    public struct RealTimePriority: Hashable, Sendable, CustomStringConvertible {
        /// The `SCHED_FIFO` priority, 1…99.
        public let value: Int32

        /// A priority; `nil` outside 1…99.
        public init?(_ value: Int32) {
            guard (1...99).contains(value) else {
                return nil
            }
            self.value = value
        }

        /// `SCHED_FIFO n`.
        public var description: String { "SCHED_FIFO \(value)" }
    }

    /// What became of a thread's request for a ``RealTimePriority``.
    public enum RealTimeOutcome: Hashable, Sendable, CustomStringConvertible {
        /// None was asked for: the thread runs with the scheduling it inherited.
        case notRequested
        /// The thread runs under `SCHED_FIFO` with this priority.
        case applied(RealTimePriority)
        /// The kernel refused (the `errno`, `EPERM` without `CAP_SYS_NICE`): the thread runs with the scheduling
        /// it inherited.
        case refused(RealTimePriority, Errno)

        /// For logs: `SCHED_FIFO 10`, `SCHED_FIFO 10 refused: …`, or `inherited`.
        public var description: String {
            switch self {
            case .notRequested: "inherited"
            case .applied(let priority): "\(priority)"
            case .refused(let priority, let errno): "\(priority) refused (\(errno)); inherited scheduling kept"
            }
        }

        /// Sets `priority` on the calling thread.
        static func apply(_ priority: RealTimePriority?) -> RealTimeOutcome {
            guard let priority else {
                return .notRequested
            }
            let result = setCurrentThreadFIFOPriority(priority.value)
            return result == 0 ? .applied(priority) : .refused(priority, Errno(rawValue: result))
        }
    }
#endif
