#if os(Linux)
    internal import CVDPLinux
    import Glibc
    import Synchronization
    import VDPCapture

    /// A classic pcap file (Ethernet, microseconds) that a ``PacketLink`` writes as it goes: the header when it
    /// opens, then one record per frame with a single write(2), so the file is complete after every frame.
    final class PacketCapture: Sendable {
        /// The path written.
        let path: String
        private let descriptor: Mutex<Int32>
        private static let headerLength = PcapWriter().bytes.count

        /// Creates or truncates the file at `path` and writes the pcap header.
        init(path: String) throws(TransportError) {
            let fileDescriptor = try systemCall("open(\"\(path)\")") {
                open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            }
            do {
                try Self.write(PcapWriter().bytes[...], to: fileDescriptor, path: path)
            } catch {
                closeIgnoringErrors(fileDescriptor)
                throw error
            }
            self.path = path
            self.descriptor = Mutex(fileDescriptor)
        }

        deinit {
            close()
        }

        /// Appends `frame` with the current wall-clock time (`clock_gettime(CLOCK_REALTIME)`); does nothing once
        /// closed.
        func append(_ frame: [UInt8]) throws(TransportError) {
            var seconds: Int64 = 0
            var nanoseconds: Int32 = 0
            CVDPLinux_realtime(&seconds, &nanoseconds)
            var writer = PcapWriter()
            writer.append(
                frame: frame,
                at: CaptureTimestamp(seconds: seconds, nanoseconds: UInt32(clamping: nanoseconds))
            )
            let record = writer.bytes[Self.headerLength...]
            let path = self.path
            try descriptor.withLock { fileDescriptor throws(TransportError) in
                guard fileDescriptor >= 0 else {
                    return
                }
                try Self.write(record, to: fileDescriptor, path: path)
            }
        }

        /// Closes the file; later appends do nothing.
        func close() {
            descriptor.withLock { fileDescriptor in
                if fileDescriptor >= 0 {
                    closeIgnoringErrors(fileDescriptor)
                    fileDescriptor = -1
                }
            }
        }

        /// write(2) until every octet is written.
        private static func write(
            _ bytes: ArraySlice<UInt8>,
            to fileDescriptor: Int32,
            path: String
        ) throws(TransportError) {
            var remaining = bytes
            while !remaining.isEmpty {
                let written = try systemCall("write(\"\(path)\")") {
                    remaining.withUnsafeBytes { Glibc.write(fileDescriptor, $0.baseAddress, $0.count) }
                }
                remaining = remaining.dropFirst(written)
            }
        }
    }
#endif
