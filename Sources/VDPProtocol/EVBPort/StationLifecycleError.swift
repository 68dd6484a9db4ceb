/// Why a station lifecycle call did not give the bridge's agreement.
public enum StationLifecycleError: Error, Hashable, Sendable, CustomStringConvertible {
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
}
