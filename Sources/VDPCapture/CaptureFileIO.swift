#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

extension CaptureFile {
    /// The size of each `fread` chunk.
    private static let readChunkSize = 64 * 1024

    /// Reads a whole file into memory with the C library's `fopen`/`fread`.
    ///
    /// - Throws: ``CaptureError/Code/io`` with the `errno` text if the file cannot be opened or read.
    public static func readBytes(atPath path: String) throws(CaptureError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw .io("cannot open \(path) for reading: \(errnoText())")
        }
        defer { fclose(file) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: readChunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                fread(buffer.baseAddress, 1, buffer.count, file)
            }
            result.append(contentsOf: chunk.prefix(count))
            if count < chunk.count {
                if ferror(file) != 0 {
                    throw .io("cannot read \(path): \(errnoText())")
                }
                return result
            }
        }
    }

    /// Reads every packet of the pcap or pcapng file at `path`; see ``packets(from:)``.
    public static func packets(atPath path: String) throws(CaptureError) -> [CapturedPacket] {
        try packets(from: readBytes(atPath: path))
    }

    /// Writes `bytes` to `path`, creating or replacing the file.
    ///
    /// - Throws: ``CaptureError/Code/io`` with the `errno` text if the file cannot be opened, written, or closed.
    public static func write(_ bytes: [UInt8], toPath path: String) throws(CaptureError) {
        guard let file = fopen(path, "wb") else {
            throw .io("cannot open \(path) for writing: \(errnoText())")
        }
        let written = bytes.withUnsafeBytes { buffer in
            buffer.isEmpty ? 0 : fwrite(buffer.baseAddress, 1, buffer.count, file)
        }
        if written != bytes.count {
            let reason = errnoText()
            fclose(file)
            throw .io("cannot write \(path): \(reason)")
        }
        if fclose(file) != 0 {
            throw .io("cannot close \(path): \(errnoText())")
        }
    }

    /// The C library's description of the current `errno`.
    private static func errnoText() -> String {
        let code = errno
        guard let message = strerror(code) else {
            return "errno \(code)"
        }
        return "\(String(cString: message)) (errno \(code))"
    }
}
