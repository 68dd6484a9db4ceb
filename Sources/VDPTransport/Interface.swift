#if os(Linux)
    internal import CVDPLinux
    import VDPWire

    /// A network interface as the kernel reports it when looked up: index, MAC address, MTU and state.
    ///
    /// The values are a snapshot taken by ``init(named:)`` with the `SIOCGIFINDEX`, `SIOCGIFHWADDR`,
    /// `SIOCGIFMTU` and `SIOCGIFFLAGS` ioctls; look the interface up again to see later changes.
    public struct Interface: Hashable, Sendable, CustomStringConvertible {
        /// The interface name, such as `eth0`.
        public let name: String
        /// The interface index (`ifr_ifindex`), as a `sockaddr_ll` names it.
        public let index: Int32
        /// The hardware address (`ifr_hwaddr`); all zeros for interfaces without one, such as `lo`.
        public let address: MACAddress
        /// The MTU (`ifr_mtu`): the longest payload after the 14-octet Ethernet header.
        public let mtu: Int
        /// Whether the interface is administratively up (`IFF_UP`, `ip link set … up`).
        public let isAdministrativelyUp: Bool
        /// Whether the interface is operationally up, with a carrier (`IFF_RUNNING`).
        ///
        /// The kernel updates this flag asynchronously (through its link watcher, up to a second later) after a
        /// carrier change, so it can lag behind `ip link set … up`.
        public let isRunning: Bool
        /// Whether the interface is administratively up and has a carrier (`IFF_UP` and `IFF_RUNNING`).
        public var isUp: Bool { isAdministrativelyUp && isRunning }

        /// Looks up the interface called `name`.
        ///
        /// - Throws: ``TransportError/Code/interfaceNotFound`` when there is no such interface (or the name
        ///   is empty or longer than 15 octets, `IFNAMSIZ - 1`).
        public init(named name: String) throws(TransportError) {
            let control = try systemCall("socket(AF_UNIX)") { CVDPLinux_controlSocket() }
            defer { closeIgnoringErrors(control) }
            try self.init(named: name, controlSocket: control)
        }

        /// Looks up `name` with ioctls on `controlSocket`, any open socket.
        init(named name: String, controlSocket: Int32) throws(TransportError) {
            var index: Int32 = 0
            _ = try systemCall("ioctl(SIOCGIFINDEX, \"\(name)\")") {
                CVDPLinux_interfaceIndex(controlSocket, name, &index)
            }
            var octets = [UInt8](repeating: 0, count: 6)
            _ = try systemCall("ioctl(SIOCGIFHWADDR, \"\(name)\")") {
                CVDPLinux_interfaceHardwareAddress(controlSocket, name, &octets)
            }
            var mtu: Int32 = 0
            _ = try systemCall("ioctl(SIOCGIFMTU, \"\(name)\")") {
                CVDPLinux_interfaceMTU(controlSocket, name, &mtu)
            }
            var flags: Int32 = 0
            _ = try systemCall("ioctl(SIOCGIFFLAGS, \"\(name)\")") {
                CVDPLinux_interfaceFlags(controlSocket, name, &flags)
            }
            self.name = name
            self.index = index
            self.address = MACAddress(octets: octets) ?? MACAddress(0, 0, 0, 0, 0, 0)
            self.mtu = Int(mtu)
            self.isAdministrativelyUp = flags & CVDPLinux_interfaceFlagUp() != 0
            self.isRunning = flags & CVDPLinux_interfaceFlagRunning() != 0
        }

        /// `name (index N, aa:bb:cc:dd:ee:ff, mtu M, up|no carrier|down)`.
        public var description: String {
            let state = isAdministrativelyUp ? (isRunning ? "up" : "no carrier") : "down"
            return "\(name) (index \(index), \(address), mtu \(mtu), \(state))"
        }
    }
#endif
