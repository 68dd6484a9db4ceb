import VDPProtocol
import VDPWire

/// The JSON form of a request, read field by field so that every failure keeps the id that was read.
///
/// Decoding never throws once the line is a JSON object: the outcome holds the request or the protocol error.
struct ControlWireRequest: Decodable {
    /// The request, or why the line is not one.
    let outcome: Result<ControlRequest, ControlProtocolError>

    enum Key: String, CodingKey {
        case v, id, op, interface, vsi, vsiID, reserveResources, associate
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var id: ControlRequestID?
        if container.contains(.id) {
            id = try? container.decode(ControlRequestID.self, forKey: .id)
        }
        do {
            outcome = .success(try Self.request(in: container, id: id))
        } catch {
            outcome = .failure(error)
        }
    }

    private static func request(
        in container: KeyedDecodingContainer<Key>,
        id: ControlRequestID?
    ) throws(ControlProtocolError) -> ControlRequest {
        func fail(_ code: ControlErrorCode, _ message: String) -> ControlProtocolError {
            ControlProtocolError(id: id, code: code, message: message)
        }
        guard container.contains(.v) else {
            throw fail(.badRequest, "missing \"v\", the protocol version")
        }
        guard let version = try? container.decode(Int.self, forKey: .v) else {
            throw fail(.badRequest, "\"v\" is an integer, the protocol version")
        }
        guard ControlProtocol.supportedVersions.contains(version) else {
            throw fail(.unsupportedVersion, "protocol version \(version) is not supported; this daemon speaks 1")
        }
        guard let id else {
            throw fail(.badRequest, "missing or unusable \"id\" (an integer of 64 signed bits or a string)")
        }
        guard container.contains(.op) else {
            throw fail(.badRequest, "missing \"op\"")
        }
        guard let name = try? container.decode(String.self, forKey: .op) else {
            throw fail(.badRequest, "\"op\" is a string")
        }
        let operation: ControlOperation
        switch name {
        case "hello":
            operation = .hello
        case "status":
            operation = .status(interface: try optionalInterface(in: container, fail))
        case "list":
            operation = .list(interface: try optionalInterface(in: container, fail))
        case "get":
            let interface = try requiredInterface(in: container, fail)
            guard container.contains(.vsiID) else {
                throw fail(.badRequest, "missing \"vsiID\"")
            }
            do {
                operation = .get(interface: interface, vsiID: try container.decode(VSIID.self, forKey: .vsiID))
            } catch {
                throw fail(.badRequest, "\"vsiID\": \(ControlWireRequest.explain(error))")
            }
        case "preAssociate":
            let reserve = try flag(.reserveResources, in: container, fail)
            operation = try lifecycle(.preAssociate(reserveResources: reserve), in: container, fail)
        case "associate":
            operation = try lifecycle(.associate, in: container, fail)
        case "suspend":
            operation = try lifecycle(.suspend, in: container, fail)
        case "resume":
            operation = try lifecycle(.resume, in: container, fail)
        case "emigrate":
            operation = try lifecycle(.emigrate, in: container, fail)
        case "immigrate":
            let associate = try flag(.associate, in: container, fail)
            operation = try lifecycle(.immigrate(associate: associate), in: container, fail)
        case "deAssociate":
            operation = try lifecycle(.deAssociate, in: container, fail)
        case "watch":
            operation = .watch
        default:
            throw fail(.unknownOperation, "unknown operation \"\(ControlWireRequest.clipped(name))\"")
        }
        return ControlRequest(id: id, operation: operation)
    }

    private static func lifecycle(
        _ action: ControlLifecycleAction,
        in container: KeyedDecodingContainer<Key>,
        _ fail: (ControlErrorCode, String) -> ControlProtocolError
    ) throws(ControlProtocolError) -> ControlOperation {
        let interface = try requiredInterface(in: container, fail)
        guard container.contains(.vsi) else {
            throw fail(.badRequest, "missing \"vsi\"")
        }
        do {
            let vsi = try container.decode(VSIDescriptor.self, forKey: .vsi)
            return .lifecycle(ControlLifecycleRequest(interface: interface, vsi: vsi, action: action))
        } catch {
            throw fail(.badRequest, "\"vsi\": \(explain(error))")
        }
    }

    private static func flag(
        _ key: Key,
        in container: KeyedDecodingContainer<Key>,
        _ fail: (ControlErrorCode, String) -> ControlProtocolError
    ) throws(ControlProtocolError) -> Bool {
        guard container.contains(key) else {
            return false
        }
        guard let value = try? container.decode(Bool.self, forKey: key) else {
            throw fail(.badRequest, "\"\(key.rawValue)\" is true or false")
        }
        return value
    }

    private static func optionalInterface(
        in container: KeyedDecodingContainer<Key>,
        _ fail: (ControlErrorCode, String) -> ControlProtocolError
    ) throws(ControlProtocolError) -> String? {
        guard container.contains(.interface), (try? container.decodeNil(forKey: .interface)) != true else {
            return nil
        }
        return try requiredInterface(in: container, fail)
    }

    private static func requiredInterface(
        in container: KeyedDecodingContainer<Key>,
        _ fail: (ControlErrorCode, String) -> ControlProtocolError
    ) throws(ControlProtocolError) -> String {
        guard container.contains(.interface) else {
            throw fail(.badRequest, "missing \"interface\"")
        }
        guard let name = try? container.decode(String.self, forKey: .interface) else {
            throw fail(.badRequest, "\"interface\" is a string")
        }
        guard isInterfaceName(name) else {
            throw fail(.badRequest, "\"interface\" is not an interface name (1 to 15 octets, no '/', ':' or spaces)")
        }
        return name
    }

    /// Whether `name` could name a Linux network interface: 1 to 15 octets, not `.` or `..`, no `/`, `:`,
    /// whitespace or control characters.
    static func isInterfaceName(_ name: String) -> Bool {
        let octets = name.utf8
        guard (1...15).contains(octets.count), name != ".", name != ".." else {
            return false
        }
        return octets.allSatisfy { $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: ":") }
    }

    /// A decoding error in a few words: the field's path and what is wrong, at most 200 characters.
    static func explain(_ error: any Error) -> String {
        guard let error = error as? DecodingError else {
            return "invalid"
        }
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let value), .valueNotFound(_, let value), .dataCorrupted(let value):
            context = value
        case .keyNotFound(let key, let value):
            let path = (value.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            return clipped("missing \(path)")
        @unknown default:
            return "invalid"
        }
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return clipped((path.isEmpty ? "" : "\(path): ") + context.debugDescription)
    }

    /// `text` cut to 200 characters.
    static func clipped(_ text: String) -> String {
        text.count <= 200 ? text : String(text.prefix(200)) + "…"
    }
}
