import VDPDaemon
import VDPLldpad

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

#if canImport(Musl)
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

let status = await Daemon.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    frontDoors: [LldpadFrontDoors()],
    write: { write($0, to: STDOUT_FILENO) },
    writeError: { write($0, to: STDERR_FILENO) }
)
exit(status)
