#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPTransport

    /// A veth pair with unique random names (`vt<6 hex>a` and `vt<6 hex>b`) in the current network namespace,
    /// created with iproute2 for one test and deleted after it, also when it fails.
    package struct VethPair {
        /// One end's name.
        package let a: String
        /// The other end's name.
        package let b: String

        /// Whether the tests that need a veth pair can run: root (for `ip link add` and `CAP_NET_RAW`) and `ip`.
        package static var isAvailable: Bool { geteuid() == 0 && IPCommand.path != nil }

        /// Why those tests are skipped when they are.
        package static let requirement: Comment = "needs root (CAP_NET_ADMIN and CAP_NET_RAW) and iproute2's ip"

        /// Creates a pair, runs `body` with its two names, and deletes it.
        package static func with(
            up: Bool = true,
            _ body: (_ a: String, _ b: String) async throws -> Void
        ) async throws {
            NetworkLeftovers.sweepOnce()
            let suffix = String(format: "%06x", UInt32.random(in: 0...0xFF_FFFF))
            let pair = VethPair(a: "vt\(suffix)a", b: "vt\(suffix)b")
            try NetworkLeftovers.shared.note(.link, pair.a)
            defer { NetworkLeftovers.shared.forget(.link, pair.a) }
            try ip("link", "add", pair.a, "type", "veth", "peer", "name", pair.b)
            defer { _ = try? ip("link", "del", pair.a) }
            for name in [pair.a, pair.b] {
                // No link-local address, no DAD, MLD or router solicitations on the pair.
                try? "1".write(
                    toFile: "/proc/sys/net/ipv6/conf/\(name)/disable_ipv6",
                    atomically: false,
                    encoding: .utf8
                )
            }
            if up {
                try ip("link", "set", pair.a, "up")
                try ip("link", "set", pair.b, "up")
                // IFF_RUNNING, and the end's qdisc, follow the carrier through the kernel's link watcher, which can
                // lag up to a second: until then frames sent on the end that came up first may be dropped.
                let deadline = ContinuousClock.now + .seconds(5)
                while try !(Interface(named: pair.a).isRunning && Interface(named: pair.b).isRunning) {
                    guard ContinuousClock.now < deadline else {
                        throw IPCommand.Failed(description: "\(pair.a)/\(pair.b) not running after 5 s")
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            try await body(pair.a, pair.b)
        }

        /// Runs `ip` with `arguments` and returns its standard output; throws when it exits non-zero.
        @discardableResult
        package static func ip(_ arguments: String...) throws -> String {
            try IPCommand.run(arguments)
        }
    }
#endif
