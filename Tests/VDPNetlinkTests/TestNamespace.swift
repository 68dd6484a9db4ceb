#if os(Linux)
    import Foundation
    import Glibc
    import Synchronization
    import Testing
    @testable import VDPNetlink

    /// A network namespace (`vdpnl-<6 hex>`) created with iproute2 for one test and deleted after it, also when
    /// the test fails; commands run in it with `ip -n`, and monitors are opened inside it from a thread of their
    /// own (a netlink socket belongs to the namespace of the thread that creates it).
    struct TestNamespace: Sendable {
        let name: String

        static let ipPath = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }

        /// Why the live tests cannot run here, or `nil` when they can (root and iproute2's `ip`).
        static var missingRequirement: String? {
            if geteuid() != 0 {
                return "not running as root (network namespaces and veth pairs need CAP_SYS_ADMIN, CAP_NET_ADMIN)"
            }
            if ipPath == nil {
                return "iproute2's ip not found"
            }
            return nil
        }

        /// Whether the live tests can run; when not, prints why (or, with `VDP_REQUIRE_INTEROP=1` as in CI,
        /// records a failure).
        static func check(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
            guard let reason = missingRequirement else {
                return true
            }
            if ProcessInfo.processInfo.environment["VDP_REQUIRE_INTEROP"] == "1" {
                Issue.record("live netlink test cannot run: \(reason)", sourceLocation: sourceLocation)
            } else {
                print("VDPNetlinkTests: live test skipped, \(reason) (VDP_REQUIRE_INTEROP=1 makes this a failure)")
            }
            return false
        }

        /// Creates a namespace, runs `body` in it and deletes it (with every interface in it).
        static func with(_ body: (TestNamespace) async throws -> Void) async throws {
            let namespace = TestNamespace(name: String(format: "vdpnl-%06x", UInt32.random(in: 0...0xFF_FFFF)))
            try run("netns", "add", namespace.name)
            defer { _ = try? run("netns", "del", namespace.name) }
            try namespace.ip("link", "set", "lo", "up")
            try await body(namespace)
        }

        /// Runs `ip -n NAME arguments`.
        @discardableResult
        func ip(_ arguments: String...) throws -> String {
            try Self.run(["-n", name] + arguments)
        }

        /// Opens a monitor inside the namespace.
        func monitor(
            configuration: LinkMonitorConfiguration = LinkMonitorConfiguration(),
            startsReader: Bool = true
        ) async throws -> LinkMonitor {
            let path = "/run/netns/\(name)"
            return try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    continuation.resume(
                        with: Result {
                            try Self.enter(path)
                            return try LinkMonitor(configuration: configuration, startsReader: startsReader)
                        }
                    )
                }
                thread.start()
            }
        }

        /// Opens a plain netlink socket inside the namespace.
        func socket(groups: UInt32 = 0) async throws -> NetlinkSocket {
            let path = "/run/netns/\(name)"
            return try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    continuation.resume(
                        with: Result {
                            try Self.enter(path)
                            return try NetlinkSocket(groups: groups)
                        }
                    )
                }
                thread.start()
            }
        }

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

        /// Moves the calling thread into the namespace at `path` for good: call it only on a thread of one's own.
        private static func enter(_ path: String) throws {
            guard let setns else {
                throw Failed(description: "setns(2) not found")
            }
            let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw Failed(description: "open \(path): errno \(errno)")
            }
            defer { close(descriptor) }
            guard setns(descriptor, cloneNewNet) == 0 else {
                throw Failed(description: "setns into \(path): errno \(errno)")
            }
        }

        @discardableResult
        private static func run(_ arguments: String...) throws -> String {
            try run(arguments)
        }

        @discardableResult
        private static func run(_ arguments: [String]) throws -> String {
            guard let ipPath else {
                throw Failed(description: "ip not found")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ipPath)
            process.arguments = arguments
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw Failed(description: "ip \(arguments.joined(separator: " ")): \(errorText)")
            }
            return text
        }
    }

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
