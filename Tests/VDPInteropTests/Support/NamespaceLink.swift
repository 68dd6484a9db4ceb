#if os(Linux)
    import Foundation
    import Glibc
    import VDPTransport

    /// Opens a ``PacketLink`` inside a network namespace, for an agent that runs in the test process.
    ///
    /// A packet socket belongs to the network namespace of the thread that creates it, and keeps it for life. So a
    /// fresh helper thread enters the namespace with setns(2), opens the link (its socket, and its reader thread,
    /// which inherits the namespace) and ends. The test's own threads never change namespace. Sending on the
    /// socket from any thread afterwards goes out of the namespace's interface.
    enum NamespaceLink {
        struct Failed: Error, CustomStringConvertible {
            var description: String
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

        static func open(namespace: String, interface: String, capturePath: String?) async throws -> PacketLink {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    continuation.resume(
                        with: Result {
                            try openHere(namespace: namespace, interface: interface, capturePath: capturePath)
                        }
                    )
                }
                thread.start()
            }
        }

        /// Runs on the helper thread: enters the namespace, opens the link.
        private static func openHere(namespace: String, interface: String, capturePath: String?) throws -> PacketLink {
            try enter(namespace)
            return try PacketLink.open(interface: interface, capturePath: capturePath)
        }

        /// Moves the calling thread into `namespace` (setns(2)) for good: call it only on a thread of one's own.
        static func enter(_ namespace: String) throws {
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
    }
#endif
