#if os(Linux)
    import VDPAgent

    extension TransportError: LinkFailure {
        /// Whether the interface is gone or down (``Code/networkDown``, ``Code/interfaceDown``,
        /// ``Code/interfaceNotFound``): an agent then takes its link down until a frame arrives again.
        public var meansLinkDown: Bool {
            switch code {
            case .networkDown, .interfaceDown, .interfaceNotFound: true
            default: false
            }
        }
    }
#endif
