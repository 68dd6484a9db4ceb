/// The result of `hello`: who answers, and which protocol versions it speaks.
///
/// Encoded with `Codable` as `{"versions": [1], "pid": 1234, "version": "0.9.0"}`.
public struct ControlHello: Hashable, Sendable, Codable {
    /// The protocol versions the daemon speaks.
    public var versions: [Int]
    /// The daemon's process ID.
    public var pid: Int32
    /// The daemon's version string.
    public var version: String

    /// Creates a result.
    public init(versions: [Int] = ControlProtocol.supportedVersions, pid: Int32, version: String) {
        self.versions = versions
        self.pid = pid
        self.version = version
    }
}
