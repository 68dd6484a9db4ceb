#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(Darwin)
    private let systemWrite = Darwin.write
#elseif canImport(Musl)
    private let systemWrite = Musl.write
#else
    private let systemWrite = Glibc.write
#endif

/// Writes all of `text` to a file descriptor (standard output or error of the command-line tools), going on
/// after a signal interrupts a write; stops at the first other failure, such as a closed pipe.
package func writeAll(_ text: String, to descriptor: Int32) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { buffer in
            systemWrite(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
        }
        if written < 0, errno == EINTR {
            continue
        }
        guard written > 0 else {
            return
        }
        offset += written
    }
}
