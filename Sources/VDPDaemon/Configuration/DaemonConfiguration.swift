import Foundation

/// The daemon's configuration: where state and the control socket live, how it logs, and one
/// ``InterfaceConfiguration`` per interface. Read from a file of `key = value` lines by ``parse(_:)`` (the
/// format and every key are in `Docs/OPERATING.md`).
public struct DaemonConfiguration: Hashable, Sendable {
    /// Where the state file lives (key `state-directory`, default `/var/lib/vdpd`).
    public var stateDirectory = "/var/lib/vdpd"
    /// The control socket's path (key `control-socket`, default `/run/vdpd/control.sock`).
    public var controlSocket = "/run/vdpd/control.sock"
    /// The control socket's permissions (key `control-socket-mode`, octal, default `0600`).
    public var controlSocketMode: UInt16 = 0o600
    /// The group that owns the control socket (key `control-socket-group`, default none: root's).
    public var controlSocketGroup: String?
    /// Text or JSON lines (key `log-format`, default `text`).
    public var logFormat = LogFormat.text
    /// Log lines of one cause per second (key `log-rate`, default 20).
    public var logLinesPerCause = 20
    /// Log lines of all causes per second (key `log-total-rate`, default 200).
    public var logLinesPerInterval = 200
    /// Stand in for lldpad (key `lldpad-compatible`, default off): serve libvirt's netlink requests and lldpad's
    /// client socket (vdptool), and write ``lldpadPIDFile``. The daemon refuses to start while a live lldpad holds
    /// that file.
    public var lldpadCompatible = false
    /// Where lldpad's pid file is (key `lldpad-pid-file`, default `/var/run/lldpad.pid`): libvirt sends its
    /// netlink requests to the pid it reads there.
    public var lldpadPIDFile = "/var/run/lldpad.pid"
    /// The interfaces, in the order of their sections.
    public var interfaces: [InterfaceConfiguration] = []

    /// The largest configuration file read: 1 MiB.
    public static let maximumFileSize = 1 << 20
    /// The most interfaces one daemon runs: 1,024.
    public static let maximumInterfaces = 1_024

    /// A configuration with every default and no interface.
    public init() {}

    /// The state file's path: `state.json` in ``stateDirectory``.
    public var stateFilePath: String {
        (stateDirectory.hasSuffix("/") ? stateDirectory : stateDirectory + "/") + "state.json"
    }

    /// The configuration of the interface called `name`.
    public func interface(_ name: String) -> InterfaceConfiguration? {
        interfaces.first { $0.name == name }
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(ConfigurationError) -> DaemonConfiguration {
        let data: Data
        do {
            let url = URL(fileURLWithPath: path)
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
            guard size <= maximumFileSize else {
                throw ConfigurationError(.tooLarge, "\(path) is larger than \(maximumFileSize) octets")
            }
            data = try Data(contentsOf: url)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(.unreadable, "cannot read \(path): \(error.localizedDescription)")
        }
        guard data.count <= maximumFileSize else {
            throw ConfigurationError(.tooLarge, "\(path) is larger than \(maximumFileSize) octets")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(.unreadable, "\(path) is not UTF-8 text")
        }
        return try parse(text)
    }

    /// Parses the text of a configuration file; the first mistake throws, with its line.
    public static func parse(_ text: String) throws(ConfigurationError) -> DaemonConfiguration {
        var parser = ConfigurationParser()
        return try parser.parse(text)
    }
}
