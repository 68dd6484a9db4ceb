/// How the daemon writes its log lines: `[kind] text` lines, or one JSON object per line.
///
/// Frozen: the two formats of `vdpctl station`.
public enum LogFormat: String, Hashable, Sendable, CaseIterable {
    /// `[kind] port: text`.
    case text
    /// `{"kind": …, "text": …, …}`.
    case json
}
