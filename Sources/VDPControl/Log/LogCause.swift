import VDPWire

/// What an event-log line is about, for rate limiting: its kind, the port and the station (when known).
struct LogCause: Hashable, Sendable, CustomStringConvertible {
    /// The line's kind (`vsi`, `malformed`, `evb`, `peer`, …).
    var kind: String
    /// The bridge port, when a bridge runs several.
    var port: String?
    /// The station (or, for a station, nothing: its one bridge).
    var station: MACAddress?

    var description: String {
        "\"\(kind)\"" + (station.map { " about \($0)" } ?? "") + (port.map { " on \($0)" } ?? "")
    }
}
