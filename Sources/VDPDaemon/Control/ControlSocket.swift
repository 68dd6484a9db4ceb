#if os(Linux)
    import Glibc
    import VDPTransport

    /// The Unix-domain socket calls the control server and client share.
    enum ControlSocket {
        /// The longest socket path, in octets (`sun_path` less its terminating zero).
        static let maximumPathLength = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

        /// Runs `body` with the `sockaddr_un` of `path`; `nil` when the path is empty or too long.
        static func withAddress<R>(
            _ path: String,
            _ body: (UnsafePointer<sockaddr>, socklen_t) -> R
        ) -> R? {
            let octets = Array(path.utf8)
            guard !octets.isEmpty, octets.count <= maximumPathLength, !octets.contains(0) else {
                return nil
            }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, octet) in octets.enumerated() {
                    raw[index] = octet
                }
            }
            let length = socklen_t(MemoryLayout<sockaddr_un>.size)
            return withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
            }
        }

        /// A new `AF_UNIX` stream socket, close-on-exec, optionally non-blocking.
        static func stream(nonBlocking: Bool) -> Result<Int32, Errno> {
            let type =
                Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
                | (nonBlocking ? Int32(SOCK_NONBLOCK.rawValue) : 0)
            let descriptor = socket(AF_UNIX, type, 0)
            return descriptor >= 0 ? .success(descriptor) : .failure(Errno(rawValue: errno))
        }

        /// Connects a new blocking stream socket to `path`; the descriptor, or the `errno` of the failure
        /// (`ENAMETOOLONG` for a path that does not fit).
        static func connect(to path: String) -> Result<Int32, Errno> {
            let descriptor: Int32
            switch stream(nonBlocking: false) {
            case .success(let value): descriptor = value
            case .failure(let error): return .failure(error)
            }
            while true {
                guard let result = withAddress(path, { Glibc.connect(descriptor, $0, $1) }) else {
                    _ = close(descriptor)
                    return .failure(Errno(rawValue: ENAMETOOLONG))
                }
                if result == 0 {
                    return .success(descriptor)
                }
                let error = errno
                if error == EINTR {
                    continue
                }
                _ = close(descriptor)
                return .failure(Errno(rawValue: error))
            }
        }

        /// Sends what it can of `bytes` without blocking or raising `SIGPIPE`: the count sent, 0 when the socket
        /// is full, or the `errno` of a failure.
        static func send(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Result<Int, Errno> {
            while true {
                let sent = Glibc.send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                if sent >= 0 {
                    return .success(sent)
                }
                let error = errno
                if error == EINTR {
                    continue
                }
                if error == EAGAIN || error == EWOULDBLOCK {
                    return .success(0)
                }
                return .failure(Errno(rawValue: error))
            }
        }

        /// Sends all of `bytes` on a blocking socket; `false` when the peer is gone.
        static func sendAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
            var offset = 0
            while offset < bytes.count {
                let sent = bytes.withUnsafeBytes { buffer in
                    Glibc.send(
                        descriptor,
                        buffer.baseAddress.map { $0 + offset },
                        buffer.count - offset,
                        Int32(MSG_NOSIGNAL)
                    )
                }
                if sent < 0 {
                    if errno == EINTR {
                        continue
                    }
                    return false
                }
                offset += sent
            }
            return true
        }

        /// Reads what is there into `buffer` (appended): the count read (0 at end of stream), `nil` when nothing
        /// is there yet, or the `errno` of a failure.
        static func receive(_ descriptor: Int32, into buffer: inout [UInt8], atMost limit: Int) -> Result<Int?, Errno> {
            var chunk = [UInt8](repeating: 0, count: max(1, limit))
            while true {
                let count = chunk.withUnsafeMutableBytes { raw in
                    Glibc.recv(descriptor, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT))
                }
                if count >= 0 {
                    buffer.append(contentsOf: chunk[0..<count])
                    return .success(count)
                }
                let error = errno
                if error == EINTR {
                    continue
                }
                if error == EAGAIN || error == EWOULDBLOCK {
                    return .success(nil)
                }
                return .failure(Errno(rawValue: error))
            }
        }
    }
#endif
