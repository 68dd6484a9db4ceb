#if os(Linux)
    import Testing
    import VDPTestSupport
    @testable import VDPNetlink

    /// The socket against the kernel and between two processes' ports, in a namespace of its own (root).
    @Suite(.timeLimit(.minutes(1)))
    struct NetlinkSocketLiveTests {
        /// Reads datagrams until one holds a message, for at most 10 s.
        static func nextMessages(_ socket: NetlinkSocket) throws -> (NetlinkDatagram, [NetlinkMessage])? {
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                guard try socket.waitForInput(timeout: deadline - ContinuousClock.now) else {
                    return nil
                }
                if let datagram = try socket.receive() {
                    return (datagram, try NetlinkMessage.messages(in: datagram.bytes))
                }
            }
            return nil
        }

        @Test func theKernelAnswersAnUnknownIndexWithENODEV() async throws {
            guard TestNamespace.check() else { return }
            try await TestNamespace.with { namespace in
                let socket = try await namespace.socket()
                defer { socket.close() }
                #expect(socket.portID != 0)
                var writer = NetlinkMessageWriter(type: .getLink, flags: [.request], sequence: 41)
                try writer.append(InterfaceInfoMessage(index: 9_999).encoded)
                try socket.send(writer.bytes)
                let (datagram, messages) = try #require(try Self.nextMessages(socket))
                #expect(datagram.senderPortID == 0)
                let error = try NetlinkErrorMessage(decoding: try #require(messages.first))
                #expect(error.errno == 19)  // ENODEV
                #expect(error.request.sequence == 41 && error.request.type == .getLink)
            }
        }

        @Test func twoPortsExchangeMessages() async throws {
            guard TestNamespace.check() else { return }
            try await TestNamespace.with { namespace in
                let server = try await namespace.socket()
                let client = try await namespace.socket()
                defer {
                    server.close()
                    client.close()
                }
                var request = NetlinkMessageWriter(type: .setLink, flags: [.request], sequence: 7)
                try request.append(InterfaceInfoMessage(index: 3).encoded)
                try request.appendNestedAttribute(type: LinkAttributeType.virtualFunctionPorts, markNested: false) {
                    try $0.appendNestedAttribute(type: 1, markNested: false) { port in
                        try port.appendAttribute(type: 3, string: "profile")
                    }
                }
                try client.send(request.bytes, to: server.portID)
                let (datagram, messages) = try #require(try Self.nextMessages(server))
                #expect(datagram.senderPortID == client.portID)
                #expect(datagram.bytes == request.bytes)
                let message = try #require(messages.first)
                let ports = try #require(
                    try message.attributes(afterHeaderOfSize: InterfaceInfoMessage.size)
                        .last(ofType: LinkAttributeType.virtualFunctionPorts)
                )
                #expect(try ports.nestedAttributes().first?.nestedAttributes().first?.string() == "profile")
                server.close()
                #expect(throws: NetlinkError.self) { try server.receive() }
            }
        }
    }
#endif
