#if os(Linux)
    internal import CVDPLinux
    import Glibc
    import VDPWire

    /// A raw `AF_PACKET` socket on one interface that sends whole Ethernet frames and receives only untagged
    /// LLDP, ECP and draft-ECP frames that the interface received (never the ones sent through it).
    ///
    /// Opening it, in this order, so that no unfiltered frame is ever queued:
    /// 1. `socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)`: protocol 0 receives nothing yet;
    /// 2. `SO_ATTACH_FILTER` with a classic BPF program that accepts ``acceptedEtherTypes`` and drops
    ///    `PACKET_OUTGOING` and VLAN-tagged frames;
    /// 3. `bind` to the interface index with protocol `ETH_P_ALL`;
    /// 4. `PACKET_ADD_MEMBERSHIP` (`PACKET_MR_MULTICAST`) for each of ``groupAddresses``;
    /// 5. `PACKET_ORIGDEV` and `SO_PRIORITY` ``controlPriority``, as lldpad sets them;
    /// 6. `SO_TIMESTAMPNS`, so that every frame carries the kernel's receive time (when the kernel refuses, frames
    ///    are stamped when they are read).
    ///
    /// The socket is non-blocking: ``receive(retryOnInterrupt:)`` returns `nil` when nothing is queued, and
    /// ``waitForInput(timeout:)`` waits. The value owns its descriptor: it is closed by ``close()`` or when the
    /// value is destroyed.
    public struct PacketSocket: ~Copyable, @unchecked Sendable {
        // Sendable: the descriptor changes only in the consuming `close()`, and the receive buffer is only touched by
        // `receive`, which is `mutating` and so has exclusive access.

        /// The ethertypes received: LLDP 0x88CC, ECP 0x8940 and the OUI Extended Ethertype 0x88B7 (draft ECP).
        public static let acceptedEtherTypes: [EtherType] = [.lldp, .ecp, .ouiExtended]
        /// The group addresses joined: 01-80-C2-00-00-00, -03 and -0E, as lldpad joins them.
        public static let groupAddresses: [MACAddress] = [
            .nearestCustomerBridge, .nearestNonTPMRBridge, .nearestBridge,
        ]
        /// `SO_PRIORITY` for sent frames: `TC_PRIO_CONTROL`, 7.
        public static let controlPriority: Int32 = 7
        /// The size of the receive buffer; longer frames are reported as ``TransportError/Code/frameTooLong``.
        public static let receiveBufferSize = 65_536

        /// The interface the socket is bound to, as looked up when it was opened.
        public let interface: Interface
        /// The socket's file descriptor, for poll(2) or epoll(7); it stays owned by this value.
        public var fileDescriptor: Int32 { descriptor }
        private var descriptor: Int32
        /// The `SO_PRIORITY` of sent frames: ``controlPriority``, or 0 when the kernel refused it (`EPERM`:
        /// older kernels want `CAP_NET_ADMIN`, not just `CAP_NET_RAW`, for priorities above 6).
        public let priority: Int32
        private let buffer: UnsafeMutableRawBufferPointer

        /// Opens a socket on the interface called `interface`.
        ///
        /// An interface that is up but has no carrier (a cable out, a veth whose peer is down) opens: frames flow
        /// once the carrier comes.
        ///
        /// - Throws: ``TransportError/Code/interfaceNotFound``, ``TransportError/Code/interfaceDown`` when the
        ///   interface is not administratively up (`IFF_UP`), ``TransportError/Code/permissionDenied`` without
        ///   `CAP_NET_RAW`, or the `errno` of any other step that failed.
        public init(interface name: String) throws(TransportError) {
            let interface = try Interface(named: name)
            guard interface.isAdministrativelyUp else {
                throw TransportError(code: .interfaceDown, operation: "open(\"\(name)\")", errno: .networkDown)
            }
            let fileDescriptor = try systemCall("socket(AF_PACKET)") { CVDPLinux_packetSocket() }
            let priority: Int32
            do {
                priority = try Self.configure(fileDescriptor, on: interface)
            } catch {
                closeIgnoringErrors(fileDescriptor)
                throw error
            }
            self.interface = interface
            self.descriptor = fileDescriptor
            self.priority = priority
            self.buffer = .allocate(byteCount: Self.receiveBufferSize, alignment: 16)
        }

        /// Filters, binds and joins the groups; returns the priority set.
        private static func configure(_ socket: Int32, on interface: Interface) throws(TransportError) -> Int32 {
            var filter = PacketFilter.instructions(accepting: acceptedEtherTypes)
            let count = UInt16(clamping: filter.count)
            _ = try systemCall("setsockopt(SO_ATTACH_FILTER)") { CVDPLinux_attachFilter(socket, &filter, count) }
            _ = try systemCall("bind(\"\(interface.name)\", ETH_P_ALL)") {
                CVDPLinux_bindAllProtocols(socket, interface.index)
            }
            for group in groupAddresses {
                var octets = group.octets
                _ = try systemCall("setsockopt(PACKET_ADD_MEMBERSHIP, \(group))") {
                    CVDPLinux_addMulticastMembership(socket, interface.index, &octets)
                }
            }
            _ = try systemCall("setsockopt(PACKET_ORIGDEV)") {
                CVDPLinux_setIntOption(socket, SOL_PACKET, PACKET_ORIGDEV, 1)
            }
            _ = CVDPLinux_enableReceiveTimestamps(socket)
            let result = valueOrErrno(retryOnInterrupt: true) {
                CVDPLinux_setIntOption(socket, SOL_SOCKET, SO_PRIORITY, controlPriority)
            }
            switch result {
            case .success: return controlPriority
            case .failure(let errno) where errno == .notPermitted: return 0
            case .failure(let errno): throw TransportError(operation: "setsockopt(SO_PRIORITY)", errno: errno)
            }
        }

        deinit {
            buffer.deallocate()
            if descriptor >= 0 {
                closeIgnoringErrors(descriptor)
            }
        }

        /// Closes the descriptor (close(2)) and frees the receive buffer.
        ///
        /// - Throws: the `errno` of close(2); the descriptor is released either way (as on Linux it always is).
        public consuming func close() throws(TransportError) {
            let fileDescriptor = descriptor
            descriptor = -1  // deinit, which runs when this method returns, then frees only the buffer
            _ = try systemCall("close(\"\(interface.name)\")", retryOnInterrupt: false) {
                Glibc.close(fileDescriptor)
            }
        }

        /// Sends one whole Ethernet frame, destination address first, without FCS (sendto(2) with a `sockaddr_ll`
        /// naming the interface, the frame's destination and its ethertype).
        ///
        /// The kernel sends the octets as they are: pad short frames yourself (veth does not pad them).
        ///
        /// - Parameters:
        ///   - bytes: the frame; at least the 14-octet Ethernet header (shorter is `EINVAL`).
        ///   - retryOnInterrupt: whether to retry after `EINTR`.
        /// - Throws: ``TransportError/Code/frameTooLong`` beyond the MTU (`EMSGSIZE`),
        ///   ``TransportError/Code/noBufferSpace`` when the socket or device queue is full (`ENOBUFS`, `EAGAIN`),
        ///   ``TransportError/Code/networkDown`` when the interface is down (`ENETDOWN`).
        public borrowing func send(_ bytes: [UInt8], retryOnInterrupt: Bool = true) throws(TransportError) {
            let fileDescriptor = self.fileDescriptor
            let index = interface.index
            let result = valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
                bytes.withUnsafeBufferPointer { frame in
                    CVDPLinux_sendFrame(fileDescriptor, index, frame.baseAddress, frame.count)
                }
            }
            switch result {
            case .success:
                return
            case .failure(let errno) where errno == .wouldBlock:
                throw TransportError(code: .noBufferSpace, operation: "sendto(\"\(interface.name)\")", errno: errno)
            case .failure(let errno):
                throw TransportError(operation: "sendto(\"\(interface.name)\")", errno: errno)
            }
        }

        /// Reads the next queued frame (recvfrom(2)), destination address first, without FCS.
        ///
        /// - Parameter retryOnInterrupt: whether to retry after `EINTR`.
        /// - Returns: the frame, or `nil` when none is queued (`EAGAIN`).
        /// - Throws: ``TransportError/Code/networkDown`` once after the interface went down (the socket's
        ///   pending error), ``TransportError/Code/frameTooLong`` for a frame longer than
        ///   ``receiveBufferSize`` (it is discarded).
        public mutating func receive(retryOnInterrupt: Bool = true) throws(TransportError) -> [UInt8]? {
            try receiveStamped(retryOnInterrupt: retryOnInterrupt)?.bytes
        }

        /// Reads the next queued frame (recvmsg(2)) with the kernel's receive time, as an instant of
        /// `ContinuousClock`: the time since the kernel stamped it (`SO_TIMESTAMPNS`, on `CLOCK_REALTIME`) taken
        /// from now. Without a usable stamp (none, in the future, or more than a minute old, as after a
        /// wall-clock step), the frame counts as received now.
        mutating func receiveStamped(
            retryOnInterrupt: Bool = true
        ) throws(TransportError) -> (bytes: [UInt8], arrivedAt: ContinuousClock.Instant)? {
            let fileDescriptor = self.fileDescriptor
            let buffer = self.buffer
            var packetType: Int32 = 0
            var stampSeconds: Int64 = -1
            var stampNanoseconds: Int64 = 0
            let result = valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
                CVDPLinux_receiveStampedFrame(
                    fileDescriptor,
                    buffer.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    buffer.count,
                    &packetType,
                    &stampSeconds,
                    &stampNanoseconds
                )
            }
            switch result {
            case .success(let count) where count > buffer.count:
                throw TransportError(
                    operation: "recvfrom(\"\(interface.name)\")",
                    errno: .messageTooLong
                )
            case .success(let count):
                let bytes = Array(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                return (bytes, Self.arrival(seconds: stampSeconds, nanoseconds: stampNanoseconds))
            case .failure(let errno) where errno == .wouldBlock:
                return nil
            case .failure(let errno):
                throw TransportError(operation: "recvfrom(\"\(interface.name)\")", errno: errno)
            }
        }

        /// The `ContinuousClock` instant of a kernel receive stamp on `CLOCK_REALTIME`.
        private static func arrival(seconds: Int64, nanoseconds: Int64) -> ContinuousClock.Instant {
            let now = ContinuousClock.now
            guard seconds >= 0 else {
                return now
            }
            var nowSeconds: Int64 = 0
            var nowNanoseconds: Int32 = 0
            CVDPLinux_realtime(&nowSeconds, &nowNanoseconds)
            let age = Duration.seconds(nowSeconds - seconds) + .nanoseconds(Int64(nowNanoseconds) - nanoseconds)
            guard age >= .zero, age <= .seconds(60) else {
                return now
            }
            return now - age
        }

        /// Waits with poll(2) until a frame is queued (or the socket has an error to report), for at most
        /// `timeout`; `nil` waits forever.
        ///
        /// - Returns: whether the socket became readable before the timeout.
        public borrowing func waitForInput(timeout: Duration?) throws(TransportError) -> Bool {
            try VDPTransport.waitForInput(on: fileDescriptor, timeout: timeout)
        }
    }
#endif
