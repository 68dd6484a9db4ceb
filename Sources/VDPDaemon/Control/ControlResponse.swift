/// The answer to one request: its id and a result or an error.
///
/// On the wire: `{"v":1,"id":7,"ok":true,"result":{…}}` or `{"v":1,"id":7,"ok":false,"error":{…}}`; `"id":null`
/// answers a line whose id could not be read.
public struct ControlResponse: Hashable, Sendable {
    /// The request's id; `nil` when it could not be read.
    public var id: ControlRequestID?
    /// The result, or why there is none.
    public var outcome: Result<ControlResult, ControlError>

    /// Creates a response.
    public init(id: ControlRequestID?, outcome: Result<ControlResult, ControlError>) {
        self.id = id
        self.outcome = outcome
    }

    /// A successful response.
    public static func success(_ id: ControlRequestID?, _ result: ControlResult) -> ControlResponse {
        ControlResponse(id: id, outcome: .success(result))
    }

    /// A failed response.
    public static func failure(_ id: ControlRequestID?, _ error: ControlError) -> ControlResponse {
        ControlResponse(id: id, outcome: .failure(error))
    }

    /// A failed response with the given code and message.
    public static func failure(
        _ id: ControlRequestID?,
        _ code: ControlErrorCode,
        _ message: String
    ) -> ControlResponse {
        ControlResponse(id: id, outcome: .failure(ControlError(code: code, message: message)))
    }
}
