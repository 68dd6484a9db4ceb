#if os(Linux)
    import Foundation

    /// iproute2's `ip`, run to completion from synchronous code (set-up, `defer` clean-up).
    package enum IPCommand {
        /// Where `ip` is, or `nil` when it is not installed.
        package static let path = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }

        /// `ip` exited with a status other than 0 (or could not be found).
        package struct Failed: Error, CustomStringConvertible {
            package var description: String
        }

        /// Runs `ip arguments` and returns its standard output; throws with its standard error when it fails.
        @discardableResult
        package static func run(_ arguments: String...) throws -> String {
            try run(arguments)
        }

        /// Runs `ip arguments` and returns its standard output; throws with its standard error when it fails.
        @discardableResult
        package static func run(_ arguments: [String]) throws -> String {
            guard let path else {
                throw Failed(description: "ip not found")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw Failed(description: "ip \(arguments.joined(separator: " ")): \(errorText)")
            }
            return text
        }
    }
#endif
