#if os(Linux)
    import Glibc
    import Testing
    import VDPTransport

    /// What needs no privileges: interface lookup and the error values.
    @Suite struct TransportErrorTests {
        @Test func theLoopbackInterfaceIsFound() throws {
            let loopback = try Interface(named: "lo")
            #expect(loopback.index > 0)
            #expect(loopback.isUp)
            #expect(loopback.address.isZero)
        }

        @Test(arguments: ["vdpt-nonexist0", "", "a-name-longer-than-ifnamsiz"])
        func anUnknownInterfaceIsNotFound(name: String) {
            let error = #expect(throws: TransportError.self) { _ = try Interface(named: name) }
            #expect(error?.code == .interfaceNotFound)
            #expect(error?.errno == .noSuchDevice)
            let socketError = #expect(throws: TransportError.self) { _ = try PacketSocket(interface: name) }
            #expect(socketError?.code == .interfaceNotFound)
            let linkError = #expect(throws: TransportError.self) { _ = try PacketLink.open(interface: name) }
            #expect(linkError?.code == .interfaceNotFound)
        }

        @Test(.enabled(if: geteuid() != 0, "as root, the socket would open"))
        func withoutCAPNETRAWThePacketSocketIsRefused() {
            let error = #expect(throws: TransportError.self) { _ = try PacketSocket(interface: "lo") }
            #expect(error?.code == .permissionDenied)
            #expect(error?.description.hasSuffix("CAP_NET_RAW is needed") == true)
        }

        @Test func errnoValuesMapToCodes() {
            #expect(TransportError.Code(.notPermitted) == .permissionDenied)
            #expect(TransportError.Code(.accessDenied) == .permissionDenied)
            #expect(TransportError.Code(.noSuchDevice) == .interfaceNotFound)
            #expect(TransportError.Code(.messageTooLong) == .frameTooLong)
            #expect(TransportError.Code(.noBufferSpace) == .noBufferSpace)
            #expect(TransportError.Code(.networkDown) == .networkDown)
            #expect(TransportError.Code(.invalidArgument) == .other)
        }

        @Test func descriptionsNameTheCallAndTheErrno() {
            #expect(
                TransportError(operation: "socket(AF_PACKET)", errno: .notPermitted).description
                    == "socket(AF_PACKET): permission denied (EPERM); CAP_NET_RAW is needed"
            )
            #expect(
                TransportError(operation: "sendto(\"eth0\")", errno: .invalidArgument).description
                    == "sendto(\"eth0\"): Invalid argument (EINVAL)"
            )
            #expect(Errno(rawValue: 9999).name == "errno 9999")
        }

        @Test func everyCodeNamesItsFailureAndTheErrno() {
            let codes: [TransportError.Code] = [
                .interfaceNotFound, .interfaceDown, .permissionDenied, .frameTooLong, .noBufferSpace, .networkDown,
                .closed, .other,
            ]
            #expect(Set(codes).count == codes.count)
            #expect(Set(codes.map(\.description)).count == codes.count)
            #expect(
                TransportError(code: .closed, operation: "send", errno: .badFileDescriptor).description
                    == "send: the link is closed (EBADF)"
            )
            #expect(
                TransportError(code: .interfaceDown, operation: "open(\"eth9\")", errno: .networkDown).description
                    == "open(\"eth9\"): interface is down (ENETDOWN)"
            )
        }
    }
#endif
