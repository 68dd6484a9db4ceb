#if os(Linux)
    internal import CVDPLinux
    import Glibc
    import Synchronization
    import VDPSystem

    /// A non-blocking `AF_NETLINK` socket (`SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC`), bound to a port ID and to
    /// multicast groups: it sends requests and reads datagrams into a bounded buffer.
    ///
    /// ``receive()`` returns `nil` when nothing is queued and ``waitForInput(timeout:)`` waits. An overrun of the
    /// socket's receive queue (the kernel dropped messages for it: `ENOBUFS`) is reported once, as
    /// ``NetlinkError/Code/overrun``; the reader must then resynchronise (dump again). The socket is closed by
    /// ``close()`` or when the object goes away. Calls from several threads are serialised.
    public final class NetlinkSocket: Sendable {
        /// The size of the buffer one datagram is read into: 65,536 octets (a dump part is at most 32 KiB
        /// today); a longer datagram is reported as ``NetlinkError/Code/messageTruncated``.
        public static let defaultDatagramSize = 65_536
        /// `RTMGRP_LINK`: the multicast group of link notifications (`RTM_NEWLINK`, `RTM_DELLINK`).
        public static let linkGroup: UInt32 = 1
        /// `NETLINK_ROUTE`: the rtnetlink protocol.
        public static let routeProtocol: Int32 = CVDPLinux_netlinkRoute()

        private struct State: ~Copyable {
            var descriptor: Int32
            var buffer: [UInt8]
        }

        private let state: Mutex<State>
        /// The socket's file descriptor, for poll(2); it stays owned by this object (-1 once closed).
        public var fileDescriptor: Int32 { state.withLock { $0.descriptor } }
        /// The port ID the socket is bound to (the kernel's choice when 0 was asked for).
        public let portID: UInt32
        /// The size of the socket's receive queue as the kernel granted it (`SO_RCVBUF`, which the kernel
        /// doubles for its bookkeeping).
        public let receiveQueueSize: Int

        /// Opens and binds a socket.
        ///
        /// - Parameters:
        ///   - protocol: the netlink family; ``routeProtocol`` by default.
        ///   - groups: the multicast groups to join, a bit mask (``linkGroup``).
        ///   - portID: the port ID to bind; 0 lets the kernel pick a unique one.
        ///   - datagramSize: the size of the buffer each datagram is read into.
        ///   - receiveQueueSize: the `SO_RCVBUF` to ask for (capped by `net.core.rmem_max`); `nil` keeps the
        ///     kernel's default (`net.core.rmem_default`).
        ///   - extendedAcknowledgements: whether to ask for the kernel's error texts (`NETLINK_EXT_ACK`).
        /// - Throws: ``NetlinkError`` naming the step that failed (``NetlinkError/Code/permissionDenied`` for a
        ///   port ID or group the process may not use).
        public init(
            protocol: Int32 = NetlinkSocket.routeProtocol,
            groups: UInt32 = 0,
            portID: UInt32 = 0,
            datagramSize: Int = NetlinkSocket.defaultDatagramSize,
            receiveQueueSize: Int? = nil,
            extendedAcknowledgements: Bool = false
        ) throws(NetlinkError) {
            let descriptor = try systemCall("socket(AF_NETLINK, \(`protocol`))") {
                CVDPLinux_netlinkSocket(`protocol`)
            }
            do {
                var granted: Int32 = 0
                if let receiveQueueSize {
                    _ = try systemCall("setsockopt(SO_RCVBUF, \(receiveQueueSize))") {
                        CVDPLinux_setReceiveBuffer(descriptor, Int32(clamping: receiveQueueSize), &granted)
                    }
                } else {
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    _ = try systemCall("getsockopt(SO_RCVBUF)") {
                        getsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &granted, &length)
                    }
                }
                if extendedAcknowledgements {
                    _ = try systemCall("setsockopt(NETLINK_EXT_ACK)") {
                        CVDPLinux_netlinkSetOption(descriptor, CVDPLinux_netlinkExtendedAcknowledgement(), 1)
                    }
                }
                var bound: UInt32 = 0
                _ = try systemCall("bind(AF_NETLINK, port \(portID), groups \(groups))") {
                    CVDPLinux_netlinkBind(descriptor, portID, groups, &bound)
                }
                self.portID = bound
                self.receiveQueueSize = Int(granted)
            } catch {
                _ = Glibc.close(descriptor)
                throw error
            }
            self.state = Mutex(
                State(descriptor: descriptor, buffer: [UInt8](repeating: 0, count: max(datagramSize, 16)))
            )
        }

        deinit {
            close()
        }

        /// Closes the descriptor; calling it again does nothing.
        public func close() {
            state.withLock { state in
                if state.descriptor >= 0 {
                    _ = Glibc.close(state.descriptor)
                    state.descriptor = -1
                }
            }
        }

        /// Sends `bytes` (one or more netlink messages) to the port `destination` (0: the kernel).
        ///
        /// - Throws: ``NetlinkError/Code/closed`` after ``close()``; the `errno` of sendto(2) (`EAGAIN` when the
        ///   receiver's queue is full, `ECONNREFUSED` for a port nobody holds).
        public func send(_ bytes: [UInt8], to destination: UInt32 = 0) throws(NetlinkError) {
            try state.withLock { state throws(NetlinkError) in
                let descriptor = state.descriptor
                guard descriptor >= 0 else {
                    throw NetlinkError(code: .closed, operation: "sendto(AF_NETLINK)", errno: EBADF)
                }
                _ = try systemCall("sendto(AF_NETLINK, port \(destination))") {
                    bytes.withUnsafeBufferPointer {
                        CVDPLinux_netlinkSend(descriptor, destination, $0.baseAddress, $0.count)
                    }
                }
            }
        }

        /// Reads the next queued datagram (recvmsg(2)).
        ///
        /// - Returns: the datagram, or `nil` when none is queued (`EAGAIN`).
        /// - Throws: ``NetlinkError/Code/overrun`` once after the kernel dropped messages for this socket
        ///   (`ENOBUFS`); ``NetlinkError/Code/messageTruncated`` for a datagram longer than the buffer (it is
        ///   discarded); ``NetlinkError/Code/closed`` after ``close()``.
        public func receive() throws(NetlinkError) -> NetlinkDatagram? {
            try state.withLock { state throws(NetlinkError) -> NetlinkDatagram? in
                let descriptor = state.descriptor
                guard descriptor >= 0 else {
                    throw NetlinkError(code: .closed, operation: "recvmsg(AF_NETLINK)", errno: EBADF)
                }
                var truncated: Int32 = 0
                var sender: UInt32 = 0
                var groups: UInt32 = 0
                let result = state.buffer.withUnsafeMutableBufferPointer { buffer in
                    valueOrErrno {
                        CVDPLinux_netlinkReceive(
                            descriptor,
                            buffer.baseAddress,
                            buffer.count,
                            &truncated,
                            &sender,
                            &groups
                        )
                    }
                }
                switch result {
                case .success(let count):
                    guard truncated == 0, count <= state.buffer.count else {
                        throw NetlinkError(code: .messageTruncated, operation: "recvmsg(AF_NETLINK)", errno: EMSGSIZE)
                    }
                    return NetlinkDatagram(bytes: Array(state.buffer[..<count]), senderPortID: sender, groups: groups)
                case .failure(let error) where error.errno == EAGAIN:
                    return nil
                case .failure(var error):
                    error.operation = "recvmsg(AF_NETLINK)"
                    throw error
                }
            }
        }

        /// Waits with poll(2) until a datagram is queued (or the socket has an error to report), for at most
        /// `timeout`; `nil` waits forever.
        ///
        /// - Returns: whether the socket became readable before the timeout.
        public func waitForInput(timeout: Duration?) throws(NetlinkError) -> Bool {
            var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard descriptor.fd >= 0 else {
                throw NetlinkError(code: .closed, operation: "poll(AF_NETLINK)", errno: EBADF)
            }
            let ready = try systemCall("poll(AF_NETLINK)") { poll(&descriptor, 1, pollMilliseconds(timeout)) }
            return ready > 0
        }
    }
#endif
