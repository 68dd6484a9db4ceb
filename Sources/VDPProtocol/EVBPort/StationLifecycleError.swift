/// Why a station lifecycle call did not give the bridge's agreement.
///
/// Frozen: a call is refused before anything is sent, fails after, or is cancelled; what refused or failed it is
/// the extensible part (``StationCommandError``, ``StationRequestFailure``).
///
/// Encoded with `Codable` as an object with one key, the case: `{"refused": {"error": {"busy": {}}}}`,
/// `{"failed": {"failure": {"timeout": {}}}}`, `{"cancelled": {}}`.
public enum StationLifecycleError: Error, Hashable, Sendable, CustomStringConvertible, Codable {
    /// A local rule refused the call; nothing was sent.
    case refused(StationCommandError)
    /// The request was sent, and the bridge refused it or it was lost.
    case failed(StationRequestFailure)
    /// The calling task was cancelled before the answer came; the request itself may still complete.
    case cancelled

    /// A short description.
    public var description: String {
        switch self {
        case .refused(let error): "refused locally: \(error)"
        case .failed(let failure): "failed: \(failure)"
        case .cancelled: "cancelled"
        }
    }

    private enum RefusedCodingKeys: String, CodingKey {
        case _0 = "error"
    }

    private enum FailedCodingKeys: String, CodingKey {
        case _0 = "failure"
    }
}
