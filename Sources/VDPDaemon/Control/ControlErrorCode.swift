/// Why a control request failed: the `code` of an error response.
///
/// An extensible set, a string with static members: a later version may add codes, so a client switches over
/// them with a `default` case. Encoded with `Codable` as the bare string; decoding accepts any string, so a client
/// reads codes newer than itself.
public struct ControlErrorCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The code's name on the wire.
    public var rawValue: String

    /// Wraps a code's name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The line is not a JSON object (or not UTF-8, or empty).
    public static let malformedJSON = ControlErrorCode(rawValue: "malformedJSON")
    /// A field is missing or has a wrong type or value.
    public static let badRequest = ControlErrorCode(rawValue: "badRequest")
    /// `op` names no operation this daemon knows.
    public static let unknownOperation = ControlErrorCode(rawValue: "unknownOperation")
    /// `v` is a protocol version this daemon does not speak.
    public static let unsupportedVersion = ControlErrorCode(rawValue: "unsupportedVersion")
    /// The line is longer than the daemon accepts; the connection is closed.
    public static let messageTooLarge = ControlErrorCode(rawValue: "messageTooLarge")
    /// Too many requests are in flight on this connection, or too many connections are open.
    public static let tooManyRequests = ControlErrorCode(rawValue: "tooManyRequests")
    /// The daemon has no interface of that name.
    public static let unknownInterface = ControlErrorCode(rawValue: "unknownInterface")
    /// No client wants a VSI of that ID on that interface.
    public static let unknownVSI = ControlErrorCode(rawValue: "unknownVSI")
    /// The station refused the operation locally; nothing was sent (`StationLifecycleError.refused`).
    public static let refused = ControlErrorCode(rawValue: "refused")
    /// The bridge answered with a failure status; the error's `status` holds it.
    public static let rejected = ControlErrorCode(rawValue: "rejected")
    /// No answer came from the bridge in time (no response, or ECP retries exhausted).
    public static let timedOut = ControlErrorCode(rawValue: "timedOut")
    /// The port went down, or the bridge was lost, before the answer.
    public static let portDown = ControlErrorCode(rawValue: "portDown")
    /// The request was sent but did not succeed for another reason (the bridge de-associated the VSI, a later
    /// request superseded it, the response did not match).
    public static let failed = ControlErrorCode(rawValue: "failed")
    /// The daemon is stopping.
    public static let shuttingDown = ControlErrorCode(rawValue: "shuttingDown")
    /// A fault inside the daemon.
    public static let `internal` = ControlErrorCode(rawValue: "internal")

    /// The code's name.
    public var description: String { rawValue }

    /// Decodes the bare string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the bare string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
