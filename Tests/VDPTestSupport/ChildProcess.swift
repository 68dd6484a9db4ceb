#if os(Linux)
    import Foundation
    import Glibc

    /// What a command printed and how it exited.
    package struct CommandOutput: Sendable, CustomStringConvertible {
        /// The exit status (or 128 + the signal that killed it).
        package var status: Int32
        /// Standard output and standard error, interleaved.
        package var output: String

        package var description: String { "exit \(status):\n\(output)" }
    }

    /// A command that did not finish within its time limit (it was killed).
    package struct CommandTimedOut: Error, CustomStringConvertible {
        package var command: String
        package var output: String

        package var description: String { "timed out: \(command)\n\(output)" }
    }

    /// A process a test started, with its standard output and standard error in files.
    ///
    /// Only this object signals the process, by its PID; ``stopNow()`` is safe to call at any time, also twice.
    /// Foundation's `Process` reaps the child, so the PID is never reused while this object can still signal it.
    package final class ChildProcess: @unchecked Sendable {
        // `@unchecked`: `Process` is not `Sendable`; a test uses one of these from one task at a time.
        package let label: String
        package let commandLine: String
        package let standardOutputPath: String
        package let standardErrorPath: String
        private let process = Process()

        /// Starts `arguments[0]` with the rest as arguments. With `mergingErrors`, standard error goes to the same
        /// file as standard output.
        package init(label: String, arguments: [String], directory: URL, mergingErrors: Bool = false) throws {
            self.label = label
            self.commandLine = arguments.joined(separator: " ")
            standardOutputPath = directory.appendingPathComponent("\(label).out").path
            standardErrorPath =
                mergingErrors ? standardOutputPath : directory.appendingPathComponent("\(label).err").path
            _ = FileManager.default.createFile(atPath: standardOutputPath, contents: nil)
            _ = FileManager.default.createFile(atPath: standardErrorPath, contents: nil)
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: standardOutputPath))
            let errors =
                mergingErrors ? output : try FileHandle(forWritingTo: URL(fileURLWithPath: standardErrorPath))
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            // The child has its own copies of the descriptors.
            try? output.close()
            if !mergingErrors {
                try? errors.close()
            }
        }

        package var pid: pid_t { process.processIdentifier }

        package var isRunning: Bool { process.isRunning }

        /// The exit status once it has exited.
        package var exitStatus: Int32? {
            guard !process.isRunning else {
                return nil
            }
            return process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus : process.terminationStatus
        }

        /// What it wrote to standard output so far.
        package var standardOutput: String {
            (try? String(contentsOfFile: standardOutputPath, encoding: .utf8)) ?? ""
        }

        /// What it wrote to standard error so far (standard output too, when merged).
        package var standardError: String {
            (try? String(contentsOfFile: standardErrorPath, encoding: .utf8)) ?? ""
        }

        /// Sends `signal` if the process is still running.
        package func signal(_ signal: Int32) {
            if process.isRunning {
                kill(pid, signal)
            }
        }

        /// Waits for the process to exit; returns its status, or `nil` if it is still running after `timeout`.
        package func waitForExit(timeout: Duration) async -> Int32? {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(10))
            }
            return exitStatus
        }

        /// Kills the process (SIGCONT first, in case a test stopped it, then SIGKILL) and waits up to 2 s for it.
        /// For clean-up, where nothing can be awaited.
        package func stopNow() {
            guard process.isRunning else {
                return
            }
            kill(pid, SIGCONT)
            kill(pid, SIGKILL)
            for _ in 0..<200 where process.isRunning {
                usleep(10_000)
            }
        }
    }
#endif
