#if os(Linux)
    import Glibc
    import VDPTypeDatabase

    /// Reading a VSI type database file for `vdpctl bridge --types` (and its default path).
    enum TypeDatabaseFile {
        /// The file read when `vdpctl bridge` is given neither `--types` nor `--reject-type`, if it exists.
        static let defaultPath = "/etc/vdp/vsi-types.conf"

        /// Whether a file exists at `path`.
        static func exists(_ path: String) -> Bool {
            access(path, F_OK) == 0
        }

        /// Reads and parses the file at `path`, reading at most one byte beyond the size limit; the error as one
        /// line (`PATH: line L, column C: …` or `PATH: errno text`).
        static func load(
            _ path: String,
            limits: VSITypeDatabaseLimits = VSITypeDatabaseLimits()
        ) -> Result<VSITypeDatabase, CommandLineError> {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                return .failure(CommandLineError("\(path): \(String(cString: strerror(errno)))"))
            }
            defer { close(descriptor) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while bytes.count <= limits.maximumBytes {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR {
                        continue
                    }
                    return .failure(CommandLineError("\(path): \(String(cString: strerror(errno)))"))
                }
                if count == 0 {
                    break
                }
                bytes.append(contentsOf: chunk[..<count])
            }
            do throws(VSITypeDatabaseError) {
                return .success(try VSITypeDatabase.parse(bytes, limits: limits))
            } catch {
                return .failure(CommandLineError("\(path): \(error)"))
            }
        }
    }
#endif
