#if os(Linux)
    import VDPDaemon
    import Glibc

    /// lldpad's pid file, claimed by a daemon that stands in for lldpad: libvirt reads the pid in it and sends its
    /// netlink requests to that netlink port.
    ///
    /// ``claim(log:)`` refuses when the file names a running process called `lldpad`, and otherwise writes this
    /// process's pid (through a temporary file and a rename, so that a reader never sees half a number);
    /// ``stop()`` removes the file if it still holds this process's pid.
    public struct LldpadPIDFile: DaemonFrontDoor {
        /// The file's path (`/var/run/lldpad.pid` by default).
        public let path: String

        /// The largest pid file read: 64 octets (a pid and a newline need at most 11).
        public static let maximumFileSize = 64

        /// Creates the front door for the pid file at `path`.
        public init(path: String) {
            self.path = path
        }

        /// `lldpad pid file /var/run/lldpad.pid`.
        public var name: String {
            "lldpad pid file \(path)"
        }

        /// Claims the file; throws when a live lldpad holds it or it cannot be written.
        public func claim(log: @escaping @Sendable (String) -> Void) async throws(DaemonFrontDoorError) {
            if let holder = Self.readPID(at: path), holder != getpid() {
                if Self.processName(of: holder) == "lldpad", Self.isRunning(holder) {
                    throw DaemonFrontDoorError("lldpad (pid \(holder)) is running and holds \(path); stop it first")
                }
                log("replacing the stale pid \(holder) in \(path)")
            }
            let temporary = path + ".vdpd"
            let text = Array("\(getpid())\n".utf8)
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw DaemonFrontDoorError("cannot create \(temporary): \(Self.systemError())")
            }
            let written = text.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            let synced = fsync(descriptor) == 0
            close(descriptor)
            guard written == text.count, synced, rename(temporary, path) == 0 else {
                let reason = Self.systemError()
                unlink(temporary)
                throw DaemonFrontDoorError("cannot write \(path): \(reason)")
            }
        }

        /// Serves nothing: the file was written by ``claim(log:)``.
        public func start(
            handler: any ControlHandler,
            log: @escaping @Sendable (String) -> Void
        ) async throws(DaemonFrontDoorError) {}

        /// Removes the file when it still names this process.
        public func stop() async {
            if Self.readPID(at: path) == getpid() {
                unlink(path)
            }
        }

        /// The pid the file at `path` holds, or `nil` when it is missing, too large or holds no pid.
        static func readPID(at path: String) -> pid_t? {
            guard let text = readSmallFile(path) else {
                return nil
            }
            let digits = text.prefix { $0 != "\n" }
            guard let pid = Int32(digits), pid > 0 else {
                return nil
            }
            return pid
        }

        /// The name of process `pid` (`/proc/PID/comm`), or `nil` when there is no such process.
        static func processName(of pid: pid_t) -> String? {
            readSmallFile("/proc/\(pid)/comm").map { String($0.prefix { $0 != "\n" }) }
        }

        /// Whether process `pid` exists and has not exited (a zombie waiting for its parent has).
        static func isRunning(_ pid: pid_t) -> Bool {
            // `/proc/PID/stat`: `PID (COMM) STATE …`; the name may hold parentheses, the state follows the last.
            guard let stat = readSmallFile("/proc/\(pid)/stat", limit: 1_024),
                let close = stat.lastIndex(of: ")")
            else {
                return false
            }
            let state = stat[close...].dropFirst().drop { $0 == " " }.first
            return state != nil && state != "Z" && state != "X"
        }

        /// The text of a file of at most `limit` octets.
        private static func readSmallFile(_ path: String, limit: Int = maximumFileSize) -> Substring? {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                return nil
            }
            defer { close(descriptor) }
            var buffer = [UInt8](repeating: 0, count: limit + 1)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0, count <= limit else {
                return nil
            }
            return Substring(decoding: buffer.prefix(count), as: UTF8.self)
        }

        private static func systemError() -> String {
            String(cString: strerror(errno))
        }
    }
#endif
