#if os(Linux)
    import Foundation
    import Glibc
    import Testing

    /// Where the interop tests find their tools, and whether they can run on this machine.
    ///
    /// They need root (namespaces, veth pairs, raw sockets), iproute2, util-linux's `unshare`, Debian's `lldpad`
    /// package (`lldpad`, `lldptool`, `vdptool`), `tcpdump`, and the `vdpctl` binary built by the same
    /// `swift build --build-tests` / `swift test` run (found next to the test bundle, or through `$VDPCTL`).
    package struct InteropEnvironment: Sendable {
        package let ip: String
        package let sysctl: String
        package let unshare: String
        package let stdbuf: String?
        package let lldpad: String
        package let lldptool: String
        package let vdptool: String
        package let tcpdump: String
        package let vdpctl: String

        /// The package's root directory (the one holding `Package.swift`).
        package static let packageRoot: URL = {
            // This file is Tests/VDPTestSupport/InteropEnvironment.swift.
            var url = URL(fileURLWithPath: #filePath)
            for _ in 0..<3 {
                url.deleteLastPathComponent()
            }
            return url
        }()

        /// Whether missing prerequisites fail the tests (CI sets `VDP_REQUIRE_INTEROP=1`) instead of skipping them.
        package static var isRequired: Bool {
            ProcessInfo.processInfo.environment["VDP_REQUIRE_INTEROP"] == "1"
        }

        /// The environment, or `nil` after saying why the tests cannot run: printed, or recorded as an issue when
        /// `VDP_REQUIRE_INTEROP=1`. Without `lldpad`, the lldpad tools and tcpdump are not required (for tests of
        /// our own station and bridge only; their paths are then only names).
        package static func check(lldpad: Bool = true, sourceLocation: SourceLocation = #_sourceLocation)
            -> InteropEnvironment?
        {
            switch detect(lldpad: lldpad) {
            case .success(let environment):
                return environment
            case .failure(let reason):
                if isRequired {
                    Issue.record("interop prerequisites missing: \(reason.text)", sourceLocation: sourceLocation)
                } else {
                    print("VDPInteropTests: skipped, \(reason.text) (VDP_REQUIRE_INTEROP=1 makes this a failure)")
                }
                return nil
            }
        }

        /// What is missing, in words.
        package struct Missing: Error {
            /// The missing tools and their packages, or why the tests cannot run.
            package var text: String
        }

        private static func detect(lldpad needsLldpad: Bool) -> Result<InteropEnvironment, Missing> {
            guard geteuid() == 0 else {
                return .failure(Missing(text: "not running as root (needs CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_NET_RAW)"))
            }
            var missing: [String] = []
            func tool(_ name: String, package: String, required: Bool = true) -> String {
                if let path = executable(named: name) {
                    return path
                }
                if required {
                    missing.append("\(name) (\(package))")
                }
                return name
            }
            let environment = InteropEnvironment(
                ip: tool("ip", package: "iproute2"),
                sysctl: tool("sysctl", package: "procps"),
                unshare: tool("unshare", package: "util-linux"),
                stdbuf: executable(named: "stdbuf"),
                lldpad: tool("lldpad", package: "lldpad", required: needsLldpad),
                lldptool: tool("lldptool", package: "lldpad", required: needsLldpad),
                vdptool: tool("vdptool", package: "lldpad", required: needsLldpad),
                tcpdump: tool("tcpdump", package: "tcpdump", required: needsLldpad),
                vdpctl: vdpctlPath()
                    ?? {
                        missing.append("vdpctl (run `swift build --build-tests` first, or set VDPCTL)")
                        return "vdpctl"
                    }()
            )
            guard missing.isEmpty else {
                return .failure(Missing(text: "missing " + missing.joined(separator: ", ")))
            }
            return .success(environment)
        }

        private static let searchPath = ["/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin"]

        private static func executable(named name: String) -> String? {
            searchPath.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }

        /// `$VDPCTL`, else `vdpctl` next to the test bundle (SwiftPM puts every product of a build in one
        /// directory), else the usual scratch paths.
        private static func vdpctlPath() -> String? {
            var candidates: [String] = []
            if let explicit = ProcessInfo.processInfo.environment["VDPCTL"] {
                candidates.append(explicit)
            }
            if let bundle = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                candidates.append(
                    URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("vdpctl").path
                )
            }
            for scratch in [".build-interop", ".build"] {
                candidates.append(packageRoot.appendingPathComponent("\(scratch)/debug/vdpctl").path)
            }
            return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
    }
#endif
