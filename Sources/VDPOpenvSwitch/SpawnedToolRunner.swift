#if canImport(Glibc)
    import Dispatch
    import Glibc
    import Synchronization

    /// Runs tools as child processes (`posix_spawn`): standard input from a temporary file holding the input,
    /// standard output discarded, standard error to a temporary file read afterwards. The wait runs on a
    /// Dispatch thread, not on the caller's; a run that outlives its time limit, or whose task is cancelled, is
    /// killed by its process ID.
    struct SpawnedToolRunner: ToolRunner {
        func run(_ arguments: [String], input: String, timeout: Duration) async -> ToolRun {
            guard let inputPath = Self.temporaryFile(containing: input) else {
                return ToolRun(status: 127, errors: "cannot write a temporary file")
            }
            guard let errorPath = Self.temporaryFile(containing: "") else {
                unlink(inputPath)
                return ToolRun(status: 127, errors: "cannot write a temporary file")
            }
            defer {
                unlink(inputPath)
                unlink(errorPath)
            }
            guard let pid = Self.spawn(arguments, input: inputPath, errors: errorPath) else {
                return ToolRun(status: 127, errors: "cannot start \(arguments.first ?? "")")
            }
            let killed = Atomic<Bool>(false)
            let timer = DispatchSource.makeTimerSource(queue: .global())
            let (seconds, attoseconds) = timeout.components
            let milliseconds = Int(clamping: seconds).multipliedReportingOverflow(by: 1_000)
            let limit =
                milliseconds.overflow
                ? Int.max / 2 : milliseconds.partialValue + Int(attoseconds / 1_000_000_000_000_000)
            timer.schedule(deadline: .now() + .milliseconds(max(0, limit)))
            timer.setEventHandler {
                killed.store(true, ordering: .relaxed)
                kill(pid, SIGKILL)
            }
            timer.resume()
            let status = await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
                    DispatchQueue.global().async {
                        continuation.resume(returning: Self.wait(for: pid))
                    }
                }
            } onCancel: {
                kill(pid, SIGKILL)
            }
            timer.cancel()
            return ToolRun(
                status: status,
                errors: Self.read(errorPath, limit: Self.errorLimit),
                timedOut: killed.load(ordering: .relaxed)
            )
        }

        /// Waits for the child; its exit status, or 128 + the signal that ended it.
        private static func wait(for pid: pid_t) -> Int32 {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                if errno != EINTR {
                    return 127
                }
            }
            let signal = status & 0x7F
            return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        }

        private static func spawn(_ arguments: [String], input: String, errors: String) -> pid_t? {
            guard let executable = arguments.first else {
                return nil
            }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_TRUNC, 0)
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            let result = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
            return result == 0 ? pid : nil
        }

        /// A new file under the temporary directory holding `text`; its path.
        private static func temporaryFile(containing text: String) -> String? {
            var template = Array("/tmp/vdp-ovs-XXXXXX".utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.map { mkstemp($0) } ?? -1
            }
            guard descriptor >= 0 else {
                return nil
            }
            defer { close(descriptor) }
            guard let path = template.withUnsafeBufferPointer({ $0.baseAddress.map { String(cString: $0) } }) else {
                return nil
            }
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR {
                    continue
                }
                guard written > 0 else {
                    unlink(path)
                    return nil
                }
                bytes = bytes.dropFirst(written)
            }
            return path
        }

        private static func read(_ path: String, limit: Int) -> String {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                return ""
            }
            defer { close(descriptor) }
            var buffer = [UInt8](repeating: 0, count: limit)
            var count = 0
            while count < limit {
                let got = buffer.withUnsafeMutableBytes { raw in
                    Glibc.read(descriptor, raw.baseAddress.map { $0 + count }, limit - count)
                }
                if got < 0 && errno == EINTR {
                    continue
                }
                guard got > 0 else {
                    break
                }
                count += got
            }
            return String(decoding: buffer[..<count], as: UTF8.self)
        }
    }
#endif
