#if os(Linux)
    import VDPTransport

    /// Opens an `AF_PACKET` socket on the interface (`PacketLink`): what `vdpd` runs its station agents over.
    public struct PacketLinkFactory: StationLinkFactory {
        /// A factory.
        public init() {}

        /// Opens the interface's socket; throws `TransportError` when it does not exist or cannot be opened. With
        /// the interface's `realtime-priority`, the link's reader thread and an `AgentThread` for the station's loop
        /// ask for `SCHED_FIFO`; a refusal (no `CAP_SYS_NICE`) leaves them with ordinary scheduling.
        public func open(_ interface: InterfaceConfiguration) async throws -> StationLinkHandle {
            let priority = interface.realTimePriority.flatMap(RealTimePriority.init)
            let link = try PacketLink.open(interface: interface.name, readerPriority: priority)
            let thread: AgentThread?
            do {
                thread = try priority.map { (priority) throws(TransportError) in try AgentThread(priority: priority) }
            } catch {
                link.close()
                throw error
            }
            return StationLinkHandle(
                link: link,
                address: link.interface.address,
                maximumPayloadLength: link.maximumPayloadLength,
                agentExecutor: thread
            ) {
                link.close()
                thread?.shutdown()
            }
        }
    }
#endif
