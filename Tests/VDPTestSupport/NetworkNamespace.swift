#if os(Linux)
    import Foundation
    import Glibc

    /// Entering a network namespace that `ip netns add` created (`/run/netns/NAME`) from a thread of one's own.
    ///
    /// A socket belongs to the network namespace of the thread that creates it, and keeps it for life. So a fresh
    /// helper thread enters the namespace with setns(2), opens what it must and ends; the test's own threads never
    /// change namespace.
    package enum NetworkNamespace {
        /// Why the calling thread could not enter a namespace.
        package struct Failed: Error, CustomStringConvertible {
            package var description: String
        }

        /// `CLONE_NEWNET` from `<sched.h>`, which the Glibc module does not import.
        private static let cloneNewNet: Int32 = 0x4000_0000

        /// setns(2), looked up at run time: the Glibc module does not import it (it needs `_GNU_SOURCE`).
        private static let setns: (@convention(c) (Int32, Int32) -> Int32)? = {
            guard let symbol = dlsym(nil, "setns") else {
                return nil
            }
            return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        }()

        /// Moves the calling thread into `namespace` (setns(2)) for good: call it only on a thread of one's own.
        package static func enter(_ namespace: String) throws {
            guard let setns else {
                throw Failed(description: "setns(2) not found")
            }
            let descriptor = Glibc.open("/run/netns/\(namespace)", O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw Failed(description: "open /run/netns/\(namespace): errno \(errno)")
            }
            defer { close(descriptor) }
            guard setns(descriptor, cloneNewNet) == 0 else {
                throw Failed(description: "setns into \(namespace): errno \(errno)")
            }
        }

        /// Runs `body` on a new thread that entered `namespace`, and returns what it returns. What `body` opens
        /// (a socket, and any thread it starts) stays in the namespace.
        package static func onOwnThread<T>(
            in namespace: String,
            _ body: @escaping @Sendable () throws -> T
        ) async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    continuation.resume(
                        with: Result {
                            try enter(namespace)
                            return try body()
                        }
                    )
                }
                thread.start()
            }
        }
    }
#endif
