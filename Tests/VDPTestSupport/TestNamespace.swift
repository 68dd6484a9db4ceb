#if os(Linux)
    import Foundation
    import Glibc
    import Testing

    /// A network namespace (`vdpnl-<6 hex>`) created with iproute2 for one test and deleted after it, also when
    /// the test fails; commands run in it with `ip -n`, and sockets are opened inside it from a thread of their
    /// own (``NetworkNamespace/onOwnThread(in:_:)``: a netlink socket belongs to the namespace of the thread that
    /// creates it).
    package struct TestNamespace: Sendable {
        /// The namespace's name.
        package let name: String

        /// Why the live tests cannot run here, or `nil` when they can (root and iproute2's `ip`).
        package static var missingRequirement: String? {
            if geteuid() != 0 {
                return "not running as root (network namespaces and veth pairs need CAP_SYS_ADMIN, CAP_NET_ADMIN)"
            }
            if IPCommand.path == nil {
                return "iproute2's ip not found"
            }
            return nil
        }

        /// Whether the live tests can run; when not, prints why (or, with `VDP_REQUIRE_INTEROP=1` as in CI,
        /// records a failure).
        package static func check(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
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
        package static func with(_ body: (TestNamespace) async throws -> Void) async throws {
            NetworkLeftovers.sweepOnce()
            let namespace = TestNamespace(name: String(format: "vdpnl-%06x", UInt32.random(in: 0...0xFF_FFFF)))
            try NetworkLeftovers.shared.note(.namespace, namespace.name)
            defer { NetworkLeftovers.shared.forget(.namespace, namespace.name) }
            try IPCommand.run("netns", "add", namespace.name)
            defer { _ = try? IPCommand.run("netns", "del", namespace.name) }
            try namespace.ip("link", "set", "lo", "up")
            try await body(namespace)
        }

        /// Runs `ip -n NAME arguments`.
        @discardableResult
        package func ip(_ arguments: String...) throws -> String {
            try IPCommand.run(["-n", name] + arguments)
        }
    }
#endif
