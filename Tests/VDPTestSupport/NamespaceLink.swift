#if os(Linux)
    import VDPTransport

    /// Opens a ``PacketLink`` inside a network namespace, for an agent that runs in the test process: the link's
    /// socket, and its reader thread, are made on a thread that entered the namespace (``NetworkNamespace``).
    /// Sending on the socket from any thread afterwards goes out of the namespace's interface.
    package enum NamespaceLink {
        /// Opens the link on `interface` in `namespace`, capturing to `capturePath` when given.
        package static func open(namespace: String, interface: String, capturePath: String?) async throws -> PacketLink
        {
            try await NetworkNamespace.onOwnThread(in: namespace) {
                try PacketLink.open(interface: interface, capturePath: capturePath)
            }
        }
    }
#endif
