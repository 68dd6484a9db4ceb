#if os(Linux)
    import Glibc

    /// A plain POSIX thread, for a loop that blocks in poll(2) or read(2) without holding a Swift concurrency
    /// thread. Shared by the modules that do I/O (the packet socket, the netlink monitor, the control socket).
    package struct POSIXThread: Sendable {
        private let thread: pthread_t

        private final class Body {
            let run: @Sendable () -> Void
            init(_ run: @escaping @Sendable () -> Void) { self.run = run }
        }

        /// Starts a thread running `body`; throws the error number pthread_create(3) returned.
        package init(_ body: @escaping @Sendable () -> Void) throws(POSIXThreadStartError) {
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
                throw POSIXThreadStartError(errno: result)
            }
            self.thread = thread
        }

        /// Whether the calling thread is this thread.
        package var isCurrent: Bool { pthread_equal(thread, pthread_self()) != 0 }

        /// Waits for the thread to end (pthread_join(3)); from the thread itself, detaches it instead.
        package func join() {
            if isCurrent {
                pthread_detach(thread)
            } else {
                pthread_join(thread, nil)
            }
        }
    }

    /// pthread_create(3) failed with `errno`.
    package struct POSIXThreadStartError: Error, Sendable {
        /// The error number pthread_create(3) returned.
        package let errno: Int32
    }
#endif
