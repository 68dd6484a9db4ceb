#if os(Linux)
    import Dispatch
    import Synchronization
    import VDPSystem

    /// A dedicated POSIX thread that runs the jobs of the tasks that prefer it (a `TaskExecutor`), optionally under
    /// a ``RealTimePriority``: the thread an agent's loop runs on when it must not wait for the cooperative pool.
    ///
    /// ```swift
    /// let thread = try AgentThread(priority: RealTimePriority(10))
    /// let runner = Task(executorPreference: thread) { await agent.run() }
    /// ```
    ///
    /// An agent is a default actor, so while the task that runs its loop prefers this executor, the loop (taking
    /// frames from the inbox, acknowledging them, the timers) runs on this thread; calls from other tasks run
    /// wherever those tasks run. With a priority the thread is real-time, so with a ``PacketLink`` opened with one
    /// too, an acknowledgement is sent within the ack timer however busy the machine's ordinary threads are.
    /// ``shutdown()`` ends the thread once the jobs already queued have run; jobs enqueued later go to the global
    /// concurrent executor, so a task that still prefers the thread goes on running (without the priority).
    public final class AgentThread: TaskExecutor {
        private struct Queue: ~Copyable {
            var jobs: [UnownedJob] = []
            var stopping = false
        }

        private let queue = Mutex(Queue())
        /// Signalled once per job queued and once by ``shutdown()``.
        private let wake = DispatchSemaphore(value: 0)
        private let thread: Mutex<POSIXThread?> = Mutex(nil)
        private let outcome = Mutex(RealTimeOutcome.notRequested)

        /// Starts the thread; with `priority`, it asks for `SCHED_FIFO` first (``scheduling`` says how it went).
        ///
        /// - Throws: ``TransportError`` for pthread_create(3)'s error.
        public init(priority: RealTimePriority? = nil) throws(TransportError) {
            let started = DispatchSemaphore(value: 0)
            do {
                let posixThread = try POSIXThread { [self] in
                    let result = RealTimeOutcome.apply(priority)
                    outcome.withLock { $0 = result }
                    started.signal()
                    runJobs()
                }
                thread.withLock { $0 = posixThread }
            } catch {
                throw TransportError(operation: "pthread_create", errno: Errno(rawValue: error.errno))
            }
            started.wait()
        }

        /// How the thread's request for a real-time priority went.
        public var scheduling: RealTimeOutcome { outcome.withLock { $0 } }

        /// Queues a job for the thread.
        public func enqueue(_ job: consuming ExecutorJob) {
            let unowned = UnownedJob(job)
            let queued = queue.withLock { queue in
                guard !queue.stopping else {
                    return false
                }
                queue.jobs.append(unowned)
                return true
            }
            guard queued else {
                globalConcurrentExecutor.enqueue(ExecutorJob(unowned))
                return
            }
            wake.signal()
        }

        /// Ends the thread after the jobs queued so far and waits for it. Idempotent.
        public func shutdown() {
            queue.withLock { $0.stopping = true }
            wake.signal()
            thread.withLock { $0.take() }?.join()
        }

        private func runJobs() {
            while true {
                wake.wait()
                let (taken, stop) = queue.withLock { queue -> ([UnownedJob], Bool) in
                    defer { queue.jobs.removeAll(keepingCapacity: true) }
                    return (queue.jobs, queue.stopping)
                }
                for job in taken {
                    job.runSynchronously(on: asUnownedTaskExecutor())
                }
                if stop {
                    let left = queue.withLock { $0.jobs.isEmpty }
                    if left {
                        return
                    }
                }
            }
        }
    }
#endif
