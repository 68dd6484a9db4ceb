import VDPAgent
import VDPProtocol
import VDPWire

/// The readable event log of `vdpctl station` and `vdpctl bridge`: one line per event, as text or as JSON lines.
struct EventLog: Sendable {
    let json: Bool
    let write: @Sendable (String) -> Void
    /// The port the lines are about, when a bridge runs several.
    var port: String?

    init(json: Bool, write: @escaping @Sendable (String) -> Void, port: String? = nil) {
        self.json = json
        self.write = write
        self.port = port
    }

    /// The same log, with every line naming `port`.
    func prefixed(_ port: String) -> EventLog {
        EventLog(json: json, write: write, port: port)
    }

    /// Writes one line of the given kind; with `--json`, `fields` are added to the line's object for scripts
    /// (see ``vsiFields(_:_:)``).
    func line(_ text: String, kind: String, fields: [(String, JSONValue)] = []) {
        if json {
            var members: [(String, JSONValue)] = [("kind", .string(kind)), ("text", .string(text))]
            if let port {
                members.append(("port", .string(port)))
            }
            members += fields
            write(JSONValue.object(members).serialized() + "\n")
        } else {
            write("[\(kind)]" + (port.map { " \($0):" } ?? "") + " \(text)\n")
        }
    }

    /// Logs a station agent event.
    func station(_ event: StationAgentEvent) {
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
    func bridge(_ event: BridgeAgentEvent) {
        switch event {
        case .negotiated(let parameters):
            line(Self.describe(parameters), kind: "evb")
        case .peerLost:
            line("the station's LLDP advertisements stopped; its VSIs age out unless refreshed", kind: "peer")
        case .vsi(.vsiChanged(let key, let state)):
            line("\(key): \(state) \(state.filterInfo)", kind: "vsi")
        case .vsi(.vsiRemoved(let key, let reason)):
            line("\(key): removed, \(reason)", kind: "vsi")
        case .vsi(.requestRefused(let key, let reason)):
            line("\(key): request refused: \(reason)", kind: "vsi")
        case .vsi(.malformedRequest(let station, let malformed, let total)):
            let shown = malformed.map { "\($0.type): \($0.error)" }.joined(separator: "; ")
            line("\(station): \(total) malformed VSI TLV(s) in one ULPDU ignored: \(shown)", kind: "malformed")
        case .linkDown:
            line("the link is down; the VSIs age out unless refreshed", kind: "link")
        case .linkUp:
            line("the link is up again", kind: "link")
        case .sendFailed(let failure):
            line("a frame could not be sent: \(failure)", kind: "send-failure")
        }
    }

    /// Logs the VSI table, one row per VSI.
    func table(_ records: [BridgeVSIRecord]) {
        for record in records.sorted(by: { $0.key.description < $1.key.description }) {
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
    static func vsiFields(_ vsiID: VSIID, _ filterInfo: FilterInfo?, ended: Bool = false) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [("vsi", .string(vsiID.description))]
        if let filterInfo {
            fields.append(("vids", .array(filterInfo.entries.map { .integer($0.vid.vid) })))
        }
        if ended {
            fields.append(("ended", .bool(true)))
        }
        return fields
    }

    static func describe(_ parameters: EVBParameters) -> String {
        "EVB negotiated: R=\(parameters.maximumRetries) RTE=\(parameters.retransmissionExponent) "
            + "RWD=\(parameters.resourceWaitDelayExponent) RKA=\(parameters.reinitKeepAliveExponent) "
            + "GroupIDs=\(parameters.groupIDsSupported)"
    }
}
