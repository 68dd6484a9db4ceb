import VDPControl

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

/// Writes all of `text` to a file descriptor.
func write(_ text: String, to descriptor: Int32) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { buffer in
            systemWrite(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
        }
        guard written > 0 else {
            return
        }
        offset += written
    }
}

let result = await VDPControlCommand.run(arguments: Array(CommandLine.arguments.dropFirst())) { text in
    write(text, to: STDOUT_FILENO)
}
write(result.standardOutput, to: STDOUT_FILENO)
write(result.standardError, to: STDERR_FILENO)
exit(result.status.rawValue)
