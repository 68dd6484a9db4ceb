/// A line that is not a valid control message, with the request's id when it could be read.
///
/// ``ControlMessageParser`` throws it; the server answers it as an error response with that id (or `"id":null`).
public struct ControlProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The request's id, when the line was a JSON object with a usable `id`.
    public var id: ControlRequestID?
    /// What is wrong with the line.
    public var error: ControlError

    /// Creates an error.
    public init(id: ControlRequestID?, code: ControlErrorCode, message: String) {
        self.id = id
        self.error = ControlError(code: code, message: message)
    }

    /// The code.
    public var code: ControlErrorCode { error.code }

    /// `code: message (id …)`.
    public var description: String {
        "\(error)" + (id.map { " (id \($0))" } ?? "")
    }
}
