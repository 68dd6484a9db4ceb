/// The first look at a line from the server: its version, and which kind of message it is.
struct ControlWireServerProbe: Decodable {
    var v: Int?
    var id: ControlRequestID?
    var idIsUsable: Bool
    var ok: Bool?
    var hasEvent: Bool
    var eventKind: String?
    var dropped: UInt64?
    var hasDropped: Bool

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: ControlWireServerKey.self)
        v = try? container.decode(Int.self, forKey: .v)
        id = try? container.decode(ControlRequestID.self, forKey: .id)
        idIsUsable = id != nil || (try? container.decodeNil(forKey: .id)) == true
        ok = try? container.decode(Bool.self, forKey: .ok)
        hasEvent = container.contains(.event)
        if hasEvent, let event = try? container.nestedContainer(keyedBy: AnyKey.self, forKey: .event),
            event.allKeys.count == 1
        {
            eventKind = event.allKeys.first?.stringValue
        }
        hasDropped = container.contains(.dropped)
        dropped = try? container.decode(UInt64.self, forKey: .dropped)
    }
}

/// A response with its result read as the operation's result type.
struct ControlWireResponseIn<Result: Decodable>: Decodable {
    var result: Result?
    var error: ControlError?

    private enum Key: String, CodingKey {
        case result, error
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        result = try container.decodeIfPresent(Result.self, forKey: .result)
        error = try container.decodeIfPresent(ControlError.self, forKey: .error)
    }
}

/// An event line.
struct ControlWireEventIn: Decodable {
    var event: ControlEvent
}
