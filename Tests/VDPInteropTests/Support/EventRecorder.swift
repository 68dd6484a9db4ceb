#if os(Linux)
    import VDPAgent

    /// Collects the events of an in-process agent as they arrive, with the time each one came.
    actor EventRecorder<Event: Sendable> {
        struct Recorded: Sendable {
            var event: Event
            var at: ContinuousClock.Instant
        }

        private(set) var recorded: [Recorded] = []

        var events: [Event] { recorded.map(\.event) }

        private func append(_ event: Event) {
            recorded.append(Recorded(event: event, at: .now))
        }

        /// Records every event of `stream` until it ends (the agent stopped).
        nonisolated func follow(_ stream: EventSubscription<Event>) -> Task<Void, Never> {
            Task {
                for await event in stream {
                    await self.append(event)
                }
            }
        }

        /// The first recorded event that `condition` selects (and returns something for), waiting up to `timeout`.
        func wait<T: Sendable>(timeout: Duration, for condition: @Sendable (Event) -> T?) async -> (
            T, ContinuousClock.Instant
        )? {
            let deadline = ContinuousClock.now + timeout
            while true {
                for item in recorded {
                    if let value = condition(item.event) {
                        return (value, item.at)
                    }
                }
                if ContinuousClock.now >= deadline {
                    return nil
                }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }
#endif
