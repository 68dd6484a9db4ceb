import VDPProtocol
import VDPWire

/// The `error` of a failed response: a code, a message for people, and for lifecycle failures the details.
///
/// Encoded with `Codable` as `{"code": "rejected", "message": "…", "status": 98, "failure": {…}}`; `status` (the
/// bridge's VDP status octet, for `rejected`) and `failure` (the station's `StationLifecycleError`) only where they
/// apply.
public struct ControlError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// What went wrong, for programs.
    public var code: ControlErrorCode
    /// What went wrong, for people.
    public var message: String
    /// The VDP status the bridge answered with, for ``ControlErrorCode/rejected``.
    public var status: VDPStatus?
    /// The station's own account of a failed lifecycle operation.
    public var failure: StationLifecycleError?

    /// Creates an error.
    public init(
        code: ControlErrorCode,
        message: String,
        status: VDPStatus? = nil,
        failure: StationLifecycleError? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.failure = failure
    }

    /// The error for a lifecycle call that did not succeed: `refused`, `rejected` (with the status), `timedOut`,
    /// `portDown`, `failed`, or `shuttingDown` for a cancelled call.
    public init(_ error: StationLifecycleError) {
        let code: ControlErrorCode
        var status: VDPStatus?
        switch error {
        case .refused:
            code = .refused
        case .failed(.rejected(let errorCode, let hardError, let keep)):
            code = .rejected
            status = .response(errorCode, keep: keep, hardError: hardError)
        case .failed(.timeout), .failed(.retriesExhausted):
            code = .timedOut
        case .failed(.portDown):
            code = .portDown
        case .failed:
            code = .failed
        case .cancelled:
            code = .shuttingDown
        }
        self.init(code: code, message: error.description, status: status, failure: error)
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
