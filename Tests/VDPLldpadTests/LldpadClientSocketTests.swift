#if os(Linux)
    import Glibc
    import Testing
    import VDPDaemon

    @testable import VDPLldpad

    @Suite("lldpad client socket")
    struct LldpadClientSocketTests {
        /// The address of the abstract name `name`.
        static func address(_ name: String) -> (sockaddr_un, socklen_t) {
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let path = [UInt8(0)] + Array(name.utf8)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, octet) in path.enumerated() {
                    raw[index] = octet
                }
            }
            return (address, socklen_t(MemoryLayout<sa_family_t>.size + path.count))
        }

        @Test("a taken name refuses the claim; a client bound like vdptool gets its ping answered on the socket")
        func claimAndPing() async throws {
            let name = "/vdp-test/lldpad-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let first = LldpadClientSocket(socketName: name)
            let second = LldpadClientSocket(socketName: name)
            try await first.claim { _ in }
            await #expect(throws: DaemonFrontDoorError.self) { try await second.claim { _ in } }
            try await first.start(handler: LldpadClientServiceTests.ScriptedHandler()) { _ in }

            let client = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            try #require(client >= 0)
            defer { close(client) }
            var (local, localLength) = Self.address(name + "/\(getpid())")
            var (server, serverLength) = Self.address(name)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(client, $0, localLength) }
            }
            let connected = withUnsafePointer(to: &server) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, serverLength) }
            }
            try #require(bound == 0 && connected == 0)
            #expect(send(client, "P", 1, 0) == 1)
            var poller = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            #expect(poll(&poller, 1, 10_000) == 1)
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = recv(client, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            let reply = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
            #expect(reply == (getuid() == 0 ? "R00PPONG\(getpid())" : "R0a"))
            await first.stop()
            #expect(await first.counters?.received == 1)
        }
    }
#endif
