#if os(Linux)
    import Testing
    import VDPTestSupport
    import VDPTransport
    import VDPWire

    /// Raw sockets on both ends of a veth pair: what the filter lets through and what it keeps out.
    @Suite(.enabled(if: VethPair.isAvailable, VethPair.requirement), .timeLimit(.minutes(1)))
    struct PacketSocketTests {
        /// The next frame `socket` receives within `timeout`, or nil.
        func receive(_ socket: inout PacketSocket, within timeout: Duration = .seconds(2)) throws -> [UInt8]? {
            let deadline = ContinuousClock.now + timeout
            while true {
                if let bytes = try socket.receive() {
                    return bytes
                }
                let left = deadline - ContinuousClock.now
                guard left > .zero, try socket.waitForInput(timeout: left) else {
                    return nil
                }
            }
        }

        func ecp(_ sequence: UInt16, from source: MACAddress) -> [UInt8] {
            Frame.ecp(.acknowledgement(of: sequence), from: source).encoded(padToMinimumLength: true)
        }

        @Test func lldpECPAndDraftECPCrossTheLink() async throws {
            try await VethPair.with { a, b in
                let sender = try PacketSocket(interface: a)
                var receiver = try PacketSocket(interface: b)
                let mac = sender.interface.address
                #expect(sender.priority == PacketSocket.controlPriority)

                let ecp = ecp(7, from: mac)
                try sender.send(ecp)
                #expect(try receive(&receiver) == ecp)

                let lldp = Frame.lldp(
                    LLDPDU(
                        chassisID: LLDPChassisID(macAddress: mac),
                        portID: LLDPPortID(macAddress: mac),
                        timeToLive: 120
                    ),
                    from: mac
                ).encoded(padToMinimumLength: true)
                try sender.send(lldp)
                #expect(try receive(&receiver) == lldp)

                let draft = Frame(
                    header: EthernetHeader(destination: .nearestBridge, source: mac, etherType: .ouiExtended),
                    payload: .draftECP(
                        DraftECPDU(mode: DraftECPDU.acknowledgementMode, sequenceNumber: 9, tlvs: [])
                    )
                ).encoded(padToMinimumLength: true)
                try sender.send(draft)
                let received = try receive(&receiver)
                #expect(received == draft)
                #expect(try received.map { try Frame(decoding: $0, options: .receiving).payload.isDraftECP } == true)
            }
        }

        @Test func otherEtherTypesAndTaggedFramesAreFilteredOut() async throws {
            try await VethPair.with { a, b in
                let sender = try PacketSocket(interface: a)
                var receiver = try PacketSocket(interface: b)
                let mac = sender.interface.address
                // IPv4 to the broadcast address: not an accepted ethertype.
                var ipv4 = [UInt8](repeating: 0xFF, count: 6) + mac.octets + [0x08, 0x00]
                ipv4 += [UInt8](repeating: 0, count: 46)
                try sender.send(ipv4)
                // An ECP frame with a C-tag: the kernel strips the tag before the filter, which then drops it.
                var tagged = Frame.ecp(.acknowledgement(of: 1), from: mac)
                tagged.header.vlanTags = [VLANTag(controlInformation: 100)]
                try sender.send(tagged.encoded(padToMinimumLength: true))
                // A frame that passes, sent last: the first frame received must be it.
                let marker = ecp(2, from: mac)
                try sender.send(marker)
                #expect(try receive(&receiver) == marker)
                #expect(try receive(&receiver, within: .milliseconds(200)) == nil)
            }
        }

        @Test func aSocketDoesNotReceiveWhatItSends() async throws {
            try await VethPair.with { a, b in
                var socketA = try PacketSocket(interface: a)
                var socketB = try PacketSocket(interface: b)
                let frame = ecp(3, from: socketB.interface.address)
                try socketB.send(frame)
                #expect(try receive(&socketA) == frame, "the peer receives it")
                #expect(try receive(&socketB, within: .milliseconds(300)) == nil, "PACKET_OUTGOING is dropped")
            }
        }

        @Test func shortFramesAreNotPaddedByVeth() async throws {
            try await VethPair.with { a, b in
                let sender = try PacketSocket(interface: a)
                var receiver = try PacketSocket(interface: b)
                let ack = Frame.ecp(.acknowledgement(of: 4), from: sender.interface.address).encoded()
                #expect(ack.count == 18)
                try sender.send(ack)
                #expect(try receive(&receiver) == ack)
            }
        }

        @Test func framesLongerThanTheMTUAreRefused() async throws {
            try await VethPair.with { a, _ in
                let sender = try PacketSocket(interface: a)
                var frame = ecp(5, from: sender.interface.address)
                frame += [UInt8](repeating: 0, count: sender.interface.mtu + 14 - frame.count)
                try sender.send(frame)
                frame.append(0)
                let error = #expect(throws: TransportError.self) { try sender.send(frame) }
                #expect(error?.code == .frameTooLong)
                #expect(error?.errno == .messageTooLong)
            }
        }

        @Test func theSocketJoinsTheThreeGroupsUntilItCloses() async throws {
            try await VethPair.with { a, _ in
                let socket = try PacketSocket(interface: a)
                let joined = try VethPair.ip("maddr", "show", "dev", a)
                for group in ["01:80:c2:00:00:00", "01:80:c2:00:00:03", "01:80:c2:00:00:0e"] {
                    #expect(joined.contains(group), "\(group) in \(joined)")
                }
                try socket.close()
                #expect(!(try VethPair.ip("maddr", "show", "dev", a)).contains("01:80:c2"))
            }
        }

        @Test func anInterfaceWithoutCarrierOpens() async throws {
            try await VethPair.with(up: false) { a, _ in
                try VethPair.ip("link", "set", a, "up")
                let interface = try Interface(named: a)
                #expect(interface.isAdministrativelyUp && !interface.isRunning, "the peer is down: no carrier")
                let socket = try PacketSocket(interface: a)
                #expect(socket.interface.index == interface.index)
            }
        }

        @Test func aDownInterfaceIsRefused() async throws {
            try await VethPair.with(up: false) { a, _ in
                let interface = try Interface(named: a)
                #expect(!interface.isUp && !interface.isAdministrativelyUp)
                let error = #expect(throws: TransportError.self) { _ = try PacketSocket(interface: a) }
                #expect(error?.code == .interfaceDown)
                let linkError = #expect(throws: TransportError.self) { _ = try PacketLink.open(interface: a) }
                #expect(linkError?.code == .interfaceDown)
            }
        }
    }

    extension FramePayload {
        fileprivate var isDraftECP: Bool {
            if case .draftECP = self {
                return true
            }
            return false
        }
    }
#endif
