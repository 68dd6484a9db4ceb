import VDPWire

/// What an event-log line is about, for rate limiting: its kind, the port and the station (when known).
public struct LogCause: Hashable, Sendable, CustomStringConvertible {
    /// The line's kind (`vsi`, `malformed`, `evb`, `peer`, …).
    public var kind: String
    /// The bridge port, when a bridge runs several.
    public var port: String?
    /// The station (or, for a station, nothing: its one bridge).
    public var station: MACAddress?

    /// Creates a cause.
    public init(kind: String, port: String? = nil, station: MACAddress? = nil) {
        self.kind = kind
        self.port = port
        self.station = station
    }

    /// `"vsi" about 02:…:01 on eth1`.
    public var description: String {
        "\"\(kind)\"" + (station.map { " about \($0)" } ?? "") + (port.map { " on \($0)" } ?? "")
    }
}
