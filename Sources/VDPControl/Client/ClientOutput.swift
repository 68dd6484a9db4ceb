import VDPDaemon
import VDPProtocol
import VDPWire

/// The readable tables of the control-client subcommands.
enum ClientOutput {
    /// Columns padded to their widest cell, two spaces apart.
    static func table(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else {
            return ""
        }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// `uuid:…`, `mac:…`, … as `vsiid=` takes it.
    static func vsiID(_ id: VSIID) -> String {
        let format: String
        switch id.value {
        case .ipv4: format = "ipv4"
        case .ipv6: format = "ipv6"
        case .mac: format = "mac"
        case .local: format = "local"
        case .uuid: format = "uuid"
        case .reserved: format = "format\(id.format.rawValue)"
        }
        return "\(format):\(id)"
    }

    /// The VIDs of filter info, comma-separated (`0` for a null VID).
    static func vids(_ filterInfo: FilterInfo) -> String {
        filterInfo.entries.map { String($0.vid.vid) }.joined(separator: ",")
    }

    /// What a client asked for, as the subcommand is named.
    static func action(_ action: ControlLifecycleAction) -> String {
        switch action {
        case .preAssociate(let reserve): reserve ? "pre-associate --rr" : "pre-associate"
        case .associate: "associate"
        case .suspend: "suspend"
        case .resume: "resume"
        case .emigrate: "emigrate"
        case .immigrate(let associate): associate ? "immigrate --associate" : "immigrate"
        case .deAssociate: "de-associate"
        }
    }

    /// `succeeded` or the error's code.
    static func outcome(_ outcome: ControlOutcome?) -> String {
        switch outcome {
        case nil: "-"
        case .succeeded: "succeeded"
        case .failed(let error): error.code.rawValue
        }
    }

    /// The `list` and `get` table.
    static func vsis(_ entries: [WantedVSIStatus]) -> String {
        var rows = [["INTERFACE", "VSIID", "WANTED", "CONFIRMED", "VIDS", "LAST", "IN-FLIGHT"]]
        for entry in entries {
            rows.append([
                entry.interface,
                vsiID(entry.vsiID),
                action(entry.wanted),
                entry.confirmed?.description ?? "-",
                entry.confirmed.map { vids($0.filterInfo) } ?? entry.granted.map { vids($0) + " (saved)" } ?? "-",
                outcome(entry.lastOutcome),
                entry.inFlight ? "yes" : "no",
            ])
        }
        return table(rows)
    }

    /// The `status` table, after a line on the daemon itself.
    static func status(_ status: ControlStatus, hello: ControlHello?) -> String {
        var text = ""
        if let hello {
            let versions = hello.versions.map(String.init).joined(separator: ",")
            text += "vdpd \(hello.version), pid \(hello.pid), protocol \(versions)\n"
        }
        var rows = [["INTERFACE", "LINK", "EVB", "WANTED", "R", "RTE", "RWD", "RKA", "REASSOCIATIONS"]]
        for interface in status.interfaces {
            let parameters = interface.parameters
            rows.append([
                interface.name,
                interface.linkUp ? "up" : "down",
                interface.negotiated ? "negotiated" : "-",
                String(interface.wantedVSIs),
                parameters.map { String($0.maximumRetries) } ?? "-",
                parameters.map { String($0.retransmissionExponent) } ?? "-",
                parameters.map { String($0.resourceWaitDelayExponent) } ?? "-",
                parameters.map { String($0.reinitKeepAliveExponent) } ?? "-",
                String(interface.evbCounters.reassociations),
            ])
        }
        text += table(rows)
        if let control = status.control {
            text += "control: \(control.openConnections) connections, \(control.watchers) watching, "
            text += "\(control.requests) requests, \(control.requestsRefused) refused (too many in flight), "
            text += "\(control.malformedRequests) malformed, \(control.linesTooLong) too long, "
            text += "\(control.connectionsRefused) connections refused, \(control.eventsDropped) events dropped\n"
        }
        return text
    }

    /// One event on one line.
    static func event(_ message: ControlServerMessage, encoder: ControlMessageEncoder) -> String? {
        switch message {
        case .event(.station(let interface, let event)):
            let json = encoder.encode(ControlEvent.station(interface: interface, event: event)).map {
                String(decoding: $0.dropLast(), as: UTF8.self)
            }
            return "\(interface) station \(json ?? "")"
        case .event(.link(let interface, let change)):
            return "\(interface) link \(change)"
        case .event(.outcome(let interface, let vsiID, let action, let outcome)):
            var line = "\(interface) \(Self.vsiID(vsiID)) \(Self.action(action)): \(Self.outcome(outcome))"
            if case .succeeded(let state?) = outcome {
                line += " (\(state), VIDs \(vids(state.filterInfo)))"
            } else if case .failed(let error) = outcome {
                line += " (\(error.message))"
            }
            return line
        case .event(.requestedAgain(let interface, let vsiID, let action, let reason)):
            return "\(interface) \(Self.vsiID(vsiID)) \(Self.action(action)): requested again (\(reason))"
        case .event(.retryScheduled(let interface, let vsiID, let delay, let failures)):
            return
                "\(interface) \(Self.vsiID(vsiID)): not confirmed, requested again in \(delay) ms (failure \(failures))"
        case .event(.reloaded(let added, let removed, let changed)):
            return "configuration reloaded: added \(added), removed \(removed), changed \(changed)"
        case .dropped(let count):
            return "(\(count) events dropped: this client read too slowly)"
        case .unknownEvent, .response:
            return nil
        }
    }
}
