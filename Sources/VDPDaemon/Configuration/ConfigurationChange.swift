/// What a reload changes: the interfaces to start, to stop, and to restart with new values. The global keys
/// (state directory, control socket, log format and rates) take effect at the next start of the daemon; a
/// reload that changes them says so in ``restartNeeded``.
public struct ConfigurationChange: Hashable, Sendable {
    /// Interfaces in the new configuration only.
    public var added: [String]
    /// Interfaces in the old configuration only: their agents stop, their VSIs are not de-associated.
    public var removed: [String]
    /// Interfaces in both, with other values: their agents restart, and their wanted VSIs are requested again.
    public var changed: [String]
    /// The global keys whose new values wait for the next start.
    public var restartNeeded: [String]

    /// The change from `old` to `new`.
    public init(from old: DaemonConfiguration, to new: DaemonConfiguration) {
        added = new.interfaces.map(\.name).filter { old.interface($0) == nil }
        removed = old.interfaces.map(\.name).filter { new.interface($0) == nil }
        changed = new.interfaces.filter { interface in
            guard let previous = old.interface(interface.name) else {
                return false
            }
            return previous != interface
        }.map(\.name)
        var restart: [String] = []
        if old.stateDirectory != new.stateDirectory { restart.append("state-directory") }
        if old.controlSocket != new.controlSocket { restart.append("control-socket") }
        if old.controlSocketMode != new.controlSocketMode { restart.append("control-socket-mode") }
        if old.controlSocketGroup != new.controlSocketGroup { restart.append("control-socket-group") }
        if old.logFormat != new.logFormat { restart.append("log-format") }
        if old.logLinesPerCause != new.logLinesPerCause { restart.append("log-rate") }
        if old.logLinesPerInterval != new.logLinesPerInterval { restart.append("log-total-rate") }
        restartNeeded = restart
    }

    /// Whether nothing changes.
    public var isEmpty: Bool {
        added.isEmpty && removed.isEmpty && changed.isEmpty && restartNeeded.isEmpty
    }
}
