#if os(Linux)
    import Foundation
    import Glibc
    import VDPNetlink
    import VDPTestSupport

    /// libvirt's side of its protocol with lldpad, in a network namespace: it reads the daemon's pid from lldpad's
    /// pid file, sends ``LibvirtMessages`` to that netlink port, polls the status as libvirt does (every 125 ms, for
    /// up to 10 s) and receives the daemon's notifications.
    ///
    /// A network namespace is a property of a thread: the socket is made on a thread of its own that entered the
    /// namespace (`setns`), and belongs to that namespace from then on, whichever thread uses it.
    /// What a helper thread hands back.
    final class ResultBox<T>: @unchecked Sendable {
        var result: Result<T, Error>?
    }

    final class LibvirtClient: @unchecked Sendable {
        let socket: NetlinkSocket
        let pidFile: String
        /// The index of `interface` in the namespace.
        let interfaceIndex: Int32
        let interface: String
        private var sequence = UInt32(truncatingIfNeeded: time(nil))
        /// Notifications that arrived while an answer was awaited.
        private(set) var notifications: [LibvirtMessages.Answer] = []

        struct Failed: Error, CustomStringConvertible {
            var description: String
        }

        /// How one request ended, as libvirt's `virNetDevVPortProfileOpCommon` sees it.
        enum Outcome: Equatable {
            /// The acknowledgement carried this error (libvirt: "error during virtual port configuration").
            case refused(Int32)
            /// The status carried this response (0: success).
            case response(UInt16)
            /// Still in progress after 10 s (libvirt: "port-profile setlink timed out").
            case timedOut
        }

        /// The daemon's pid when there is no pid file to read (lldpad started with `-p`).
        let fixedPID: UInt32?

        init(namespace: String, interface: String, pidFile: String, fixedPID: UInt32? = nil) throws {
            self.pidFile = pidFile
            self.fixedPID = fixedPID
            self.interface = interface
            let made = Self.inNamespace(namespace) { () throws -> (NetlinkSocket, Int32) in
                let socket = try NetlinkSocket()
                return (socket, Int32(if_nametoindex(interface)))
            }
            (socket, interfaceIndex) = try made.get()
            guard interfaceIndex > 0 else {
                throw Failed(description: "no interface \(interface) in \(namespace)")
            }
        }

        /// Runs `body` on a new thread that entered `namespace` (``NetworkNamespace/enter(_:)``).
        static func inNamespace<T>(_ namespace: String, _ body: @escaping @Sendable () throws -> T) -> Result<T, Error>
        {
            let box = ResultBox<T>()
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                box.result = Result {
                    try NetworkNamespace.enter(namespace)
                    return try body()
                }
                done.signal()
            }
            thread.start()
            done.wait()
            return box.result ?? .failure(Failed(description: "the namespace thread gave nothing"))
        }

        /// The pid in the pid file, as libvirt's `virNetDevVPortProfileGetLldpadPid` reads it.
        func daemonPID() throws -> UInt32 {
            if let fixedPID {
                return fixedPID
            }
            let text = try String(contentsOfFile: pidFile, encoding: .utf8)
            guard let pid = UInt32(text.prefix { $0.isNumber }), pid > 0 else {
                throw Failed(description: "no pid in \(pidFile): \(text)")
            }
            return pid
        }

        func nextSequence() -> UInt32 {
            sequence &+= 1
            return sequence
        }

        /// Sends `bytes` to the daemon and returns its answer (an `NLMSG_ERROR` or a status), keeping any
        /// notification that arrives meanwhile.
        func exchange(_ bytes: [UInt8], timeout: Duration = .seconds(5)) async throws -> LibvirtMessages.Answer {
            try socket.send(bytes, to: try daemonPID())
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                // Polled without blocking, so that the test's other tasks run meanwhile.
                try await Task.sleep(for: .milliseconds(1))
                while let datagram = try socket.receive() {
                    guard let answer = LibvirtMessages.read(datagram.bytes) else {
                        throw Failed(description: "malformed netlink response message: \(datagram.bytes)")
                    }
                    if case .notification = answer {
                        notifications.append(answer)
                        continue
                    }
                    return answer
                }
            }
            throw Failed(description: "no answer from the daemon in \(timeout)")
        }

        /// libvirt's request and status polling: the set-link request, then a status query every 125 ms until the
        /// VSI's response is there, for at most 80 queries (10 s).
        func request(_ bytes: [UInt8], uuid: [UInt8], pollOnly: Bool = true) async throws -> Outcome {
            guard case .error(let error) = try await exchange(bytes) else {
                throw Failed(description: "the set-link request was not answered with NLMSG_ERROR")
            }
            if error != 0 {
                return .refused(error)
            }
            for _ in 0..<80 {
                let query = LibvirtMessages.getLink(
                    index: interfaceIndex,
                    sequence: nextSequence(),
                    portID: socket.portID
                )
                switch try await exchange(query) {
                case .status(let entries):
                    // libvirt's 802.1Qbg reading: a missing response, or a missing entry, is still in progress
                    // (libvirt itself fails on a missing entry; the daemon lists each VSI it was asked for).
                    if let response = entries[uuid] ?? nil, response != 0x101 {
                        return .response(response == 0x100 ? 0 : response)
                    }
                case .error(let error):
                    throw Failed(description: "status query refused with \(error)")
                default:
                    throw Failed(description: "malformed status answer")
                }
                try await Task.sleep(for: .milliseconds(125))
            }
            return .timedOut
        }

        /// libvirt's request in format 1 for `port`.
        func request(_ port: LibvirtMessages.VirtualPort, _ kind: LibvirtMessages.Request) async throws -> Outcome {
            let bytes = LibvirtMessages.setLink(
                port,
                request: kind,
                interface: interface,
                index: interfaceIndex,
                sequence: nextSequence(),
                portID: socket.portID
            )
            return try await request(bytes, uuid: port.instanceID)
        }

        /// Waits up to `timeout` for a notification from the daemon.
        func notification(timeout: Duration) async throws -> LibvirtMessages.Answer? {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if !notifications.isEmpty {
                    return notifications.removeFirst()
                }
                if let datagram = try socket.receive(),
                    let answer = LibvirtMessages.read(datagram.bytes)
                {
                    if case .notification = answer {
                        return answer
                    }
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            return nil
        }
    }
#endif
