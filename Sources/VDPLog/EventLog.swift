import VDPAgent
import VDPProtocol
import VDPWire

/// The readable event log of `vdpctl station`, `vdpctl bridge` and `vdpd`: one line per event, as text or as JSON lines.
///
/// Lines about the bridge's agent events are rate-limited per cause (kind, port and station; see
/// ``EventLogLimits``); lines the operator asked for, and a station's events, are not. Nothing here waits for standard output (see ``EventLogOutput``).
public struct EventLog: Sendable {
    /// Where the lines go.
    public let output: EventLogOutput
    /// The port the lines are about, when a bridge runs several.
    public var port: String?

    /// A log writing to `output`, its lines about `port` when given.
    public init(output: EventLogOutput, port: String? = nil) {
        self.output = output
        self.port = port
    }

    /// The same log, with every line naming `port`.
    public func prefixed(_ port: String) -> EventLog {
        EventLog(output: output, port: port)
    }

    /// Writes one line of the given kind (never rate-limited); with `--json`, `fields` are added to its object
    /// (and built only then).
    public func line(_ text: String, kind: String, fields: @autoclosure () -> [(String, JSONValue)] = []) {
        output.write(kind: kind, text: text, port: port, fields: output.json ? fields() : [])
    }

    /// Writes one line about an event a peer caused, unless its cause has had its share of lines in this window;
    /// with `--json`, `fields` are added to its object.
    public func event(
        _ kind: String,
        station: MACAddress? = nil,
        _ text: @autoclosure () -> String,
        fields: @autoclosure () -> [(String, JSONValue)] = []
    ) {
        output.write(LogCause(kind: kind, port: port, station: station)) { (text(), fields()) }
    }

    /// Logs a station agent event (not rate-limited: a station has one peer, the bridge it chose).
    public func station(_ event: StationAgentEvent) {
        switch event {
        case .negotiated(let parameters):
            line(Self.describe(parameters), kind: "evb")
        case .peerLost:
            line(
                "the bridge's LLDP advertisements stopped; every VSI ended (they will be requested again)",
                kind: "peer"
            )
        case .reassociated(let vsiID, .success(let state)):
            line(
                "\(vsiID): requested again after the peer came back: \(state) \(state.filterInfo)",
                kind: "vsi",
                fields: Self.vsiFields(vsiID, state.filterInfo)
            )
        case .reassociated(let vsiID, .failure(let error)):
            line(
                "\(vsiID): requested again after the peer came back: \(error)",
                kind: "vsi",
                fields: Self.vsiFields(vsiID, nil, ended: true)
            )
        case .vsi(.bridgeDeAssociated(let vsiID)):
            line("\(vsiID): de-associated by the bridge", kind: "vsi", fields: Self.vsiFields(vsiID, nil, ended: true))
        case .vsi(.filterChanged(let vsiID, let filterInfo)):
            line(
                "\(vsiID): the bridge changed the filters to \(filterInfo)",
                kind: "vsi",
                fields: Self.vsiFields(vsiID, filterInfo)
            )
        case .vsi(.keepAliveFailed(let vsiID, let failure)):
            line(
                "\(vsiID): keep-alive failed: \(failure); the VSI ended",
                kind: "vsi",
                fields: Self.vsiFields(vsiID, nil, ended: true)
            )
        case .linkDown:
            line("the link is down; every VSI ended (they will be requested again)", kind: "link")
        case .linkUp:
            line("the link is up again", kind: "link")
        case .sendFailed(let failure):
            line("a frame could not be sent: \(failure)", kind: "send-failure")
        }
    }

    /// Logs a bridge agent event.
    public func bridge(_ event: BridgeAgentEvent) {
        switch event {
        case .negotiated(let parameters):
            self.event("evb", Self.describe(parameters))
        case .peerLost:
            self.event("peer", "the station's LLDP advertisements stopped; its VSIs age out unless refreshed")
        case .vsi(.vsiChanged(let key, let state)):
            self.event("vsi", station: key.station, "\(key): \(state) \(state.filterInfo)")
        case .vsi(.vsiRemoved(let key, let reason)):
            self.event("vsi", station: key.station, "\(key): removed, \(reason)")
        case .vsi(.requestRefused(let key, let reason)):
            self.event("vsi", station: key.station, "\(key): request refused: \(reason)")
        case .vsi(.malformedRequest(let station, let malformed, let total)):
            self.event(
                "malformed",
                station: station,
                "\(station): \(total) malformed VSI TLV(s) in one ULPDU ignored: "
                    + malformed.map { "\($0.type): \($0.error)" }.joined(separator: "; ")
            )
        case .linkDown:
            self.event("link", "the link is down; the VSIs age out unless refreshed")
        case .linkUp:
            self.event("link", "the link is up again")
        case .sendFailed(let failure):
            self.event("send-failure", "a frame could not be sent: \(failure)")
        }
    }

    /// Logs the VSI table, one row per VSI.
    public func table(_ records: [BridgeVSIRecord]) {
        let sorted = records.map { (key: $0.key.description, record: $0) }.sorted { $0.key < $1.key }
        for (_, record) in sorted {
            let state = record.state.map { "\($0) \($0.filterInfo)" } ?? "deciding"
            line(
                "\(record.key) mgr=\(record.descriptor.managerID) type=\(record.descriptor.typeID)"
                    + "/\(record.descriptor.typeVersion) \(state) succeeded=\(record.counters.succeeded) "
                    + "failed=\(record.counters.failed) reverted=\(record.counters.reverted) "
                    + "keepalives=\(record.counters.keepAlives)",
                kind: "vsi-table",
                fields: [("station", .string(record.key.station.description))]
                    + Self.vsiFields(record.key.vsiID, record.state?.filterInfo)
                    + [("state", record.state.map { .string($0.type.description) } ?? .null)]
            )
        }
    }

    /// The JSON members that name a VSI for scripts: `"vsi"` (its VSIID as text), and `"vids"` (the VIDs of
    /// `filterInfo`, in entry order) when there is one, or `"ended": true` when the line reports its end.
    public static func vsiFields(_ vsiID: VSIID, _ filterInfo: FilterInfo?, ended: Bool = false) -> [(
        String, JSONValue
    )] {
        var fields: [(String, JSONValue)] = [("vsi", .string(vsiID.description))]
        if let filterInfo {
            fields.append(("vids", .array(filterInfo.entries.map { .integer($0.vid.vid) })))
        }
        if ended {
            fields.append(("ended", .bool(true)))
        }
        return fields
    }

    /// `EVB negotiated: R=3 RTE=8 …`, the text of an `evb` line.
    public static func describe(_ parameters: EVBParameters) -> String {
        "EVB negotiated: R=\(parameters.maximumRetries) RTE=\(parameters.retransmissionExponent) "
            + "RWD=\(parameters.resourceWaitDelayExponent) RKA=\(parameters.reinitKeepAliveExponent) "
            + "GroupIDs=\(parameters.groupIDsSupported)"
    }
}
