#if os(Linux)
    import VDPTransport

    /// Opens an `AF_PACKET` socket on the interface (`PacketLink`): what `vdpd` runs its station agents over.
    public struct PacketLinkFactory: StationLinkFactory {
        /// A factory.
        public init() {}

        /// Opens the interface's socket; throws `TransportError` when it does not exist or cannot be opened.
        public func open(_ interface: InterfaceConfiguration) async throws -> StationLinkHandle {
            let link = try PacketLink.open(interface: interface.name)
            return StationLinkHandle(
                link: link,
                address: link.interface.address,
                maximumPayloadLength: link.maximumPayloadLength
            ) { link.close() }
        }
    }
#endif
