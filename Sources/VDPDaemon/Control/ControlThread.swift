#if os(Linux)
    import Glibc

    /// A plain POSIX thread, for a loop that blocks in poll(2) or read(2) without holding a Swift concurrency
    /// thread.
    struct ControlThread: Sendable {
        private let thread: pthread_t

        private final class Body {
            let run: @Sendable () -> Void
            init(_ run: @escaping @Sendable () -> Void) { self.run = run }
        }

        /// Starts a thread running `body`; `nil` when pthread_create(3) fails.
        init?(_ body: @escaping @Sendable () -> Void) {
            let context = Unmanaged.passRetained(Body(body)).toOpaque()
            var thread = pthread_t()
            let result = pthread_create(
                &thread,
                nil,
                { context in
                    guard let context else {
                        return nil
                    }
                    Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
                    return nil
                },
                context
            )
            guard result == 0 else {
                Unmanaged<Body>.fromOpaque(context).release()
                return nil
            }
            self.thread = thread
        }

        /// Waits for the thread to end; from the thread itself, detaches it instead.
        func join() {
            if pthread_equal(thread, pthread_self()) != 0 {
                pthread_detach(thread)
            } else {
                pthread_join(thread, nil)
            }
        }
    }
#endif
