import VDPProtocol

/// The JSON form of a request, as a client writes it.
struct ControlWireRequestOut: Encodable {
    let request: ControlRequest

    func encode(to encoder: any Encoder) throws {
        typealias Key = ControlWireRequest.Key
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(ControlProtocol.version, forKey: .v)
        try container.encode(request.id, forKey: .id)
        try container.encode(request.operation.name, forKey: .op)
        switch request.operation {
        case .hello, .watch:
            break
        case .status(let interface), .list(let interface):
            try container.encodeIfPresent(interface, forKey: .interface)
        case .get(let interface, let vsiID):
            try container.encode(interface, forKey: .interface)
            try container.encode(vsiID, forKey: .vsiID)
        case .lifecycle(let lifecycle):
            try container.encode(lifecycle.interface, forKey: .interface)
            try container.encode(lifecycle.vsi, forKey: .vsi)
            switch lifecycle.action {
            case .preAssociate(let reserve):
                try container.encode(reserve, forKey: .reserveResources)
            case .immigrate(let associate):
                try container.encode(associate, forKey: .associate)
            case .associate, .suspend, .resume, .emigrate, .deAssociate:
                break
            }
        }
    }
}

/// The keys of the messages a server writes.
enum ControlWireServerKey: String, CodingKey {
    case v, id, ok, result, error, event, dropped
}

/// The JSON form of a response.
struct ControlWireResponseOut: Encodable {
    let response: ControlResponse

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ControlWireServerKey.self)
        try container.encode(ControlProtocol.version, forKey: .v)
        if let id = response.id {
            try container.encode(id, forKey: .id)
        } else {
            try container.encodeNil(forKey: .id)
        }
        switch response.outcome {
        case .success(let result):
            try container.encode(true, forKey: .ok)
            switch result {
            case .hello(let hello):
                try container.encode(hello, forKey: .result)
            case .status(let status):
                try container.encode(status, forKey: .result)
            case .list(let entries):
                try container.encode(ControlWireList(vsis: entries), forKey: .result)
            case .vsi(let entry):
                try container.encode(ControlWireVSI(vsi: entry), forKey: .result)
            case .lifecycle(let state):
                try container.encode(ControlWireLifecycle(state: state), forKey: .result)
            case .watching:
                try container.encode(ControlWireEmpty(), forKey: .result)
            }
        case .failure(let error):
            try container.encode(false, forKey: .ok)
            try container.encode(error, forKey: .error)
        }
    }
}

/// The JSON form of an event line.
struct ControlWireEventOut: Encodable {
    let event: ControlEvent

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ControlWireServerKey.self)
        try container.encode(ControlProtocol.version, forKey: .v)
        try container.encode(event, forKey: .event)
    }
}

/// The JSON form of the line that tells a watcher how many events it lost.
struct ControlWireDroppedOut: Encodable {
    let count: UInt64

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ControlWireServerKey.self)
        try container.encode(ControlProtocol.version, forKey: .v)
        try container.encode(count, forKey: .dropped)
    }
}

/// The result of `list`.
struct ControlWireList: Codable {
    var vsis: [WantedVSIStatus]
}

/// The result of `get`.
struct ControlWireVSI: Codable {
    var vsi: WantedVSIStatus
}

/// The result of a lifecycle operation.
struct ControlWireLifecycle: Codable {
    var state: StationVSIState?
}

/// The result of `watch`.
struct ControlWireEmpty: Codable {}
