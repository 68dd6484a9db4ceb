#if os(Linux)
    import Testing
    import VDPTransport

    /// The dedicated thread an agent's loop can run on.
    @Suite(.timeLimit(.minutes(1)))
    struct AgentThreadTests {
        @Test func withoutAPriorityTheThreadKeepsItsScheduling() throws {
            let thread = try AgentThread()
            defer { thread.shutdown() }
            #expect(thread.scheduling == .notRequested)
        }

        @Test func aPriorityOutsideOneToNinetyNineIsRefused() {
            #expect(RealTimePriority(0) == nil && RealTimePriority(100) == nil)
            #expect(RealTimePriority(10)?.value == 10)
        }

        @Test func aRequestedPriorityIsAppliedOrItsRefusalReported() throws {
            let priority = try #require(RealTimePriority(1))
            let thread = try AgentThread(priority: priority)
            defer { thread.shutdown() }
            switch thread.scheduling {
            case .applied(let applied): #expect(applied == priority)
            case .refused(let refused, let errno): #expect(refused == priority && errno.rawValue != 0)
            case .notRequested: Issue.record("a requested priority must be applied or refused")
            }
        }

        @Test func aTaskThatPrefersTheThreadRunsOnItAndGoesOnAfterShutdown() async throws {
            let thread = try AgentThread()
            let (gate, opener) = AsyncStream<Void>.makeStream()
            let task = Task(executorPreference: thread) { () -> Int in
                for await _ in gate {}
                return 42
            }
            // Let the task reach its suspension on the thread, then end the thread under it.
            try await Task.sleep(for: .milliseconds(20))
            thread.shutdown()
            opener.finish()
            #expect(await task.value == 42)
        }
    }
#endif
