import VDPDaemon

/// The value lldpad reports in `IFLA_PORT_RESPONSE` for a VSI, as its ratified station keeps it.
///
/// While a request waits for the bridge there is no value, and the attribute is left out of the answer: libvirt
/// reads a missing response of an 802.1Qbg port as "in progress" and asks again 125 ms later, for up to 10 s.
/// libvirt takes 0 (`PORT_VDP_RESPONSE_SUCCESS`) as success and any other value as a failure.
struct LldpadPortResponse: RawRepresentable, Hashable, Sendable {
    /// The 16-bit value.
    var rawValue: UInt16

    /// Wraps a value.
    init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// 0: the bridge confirmed the request.
    static let success = LldpadPortResponse(rawValue: 0)
    /// 4 (`VDP22_RESP_OTHER`): the request failed for another reason than the bridge's answer.
    static let otherFailure = LldpadPortResponse(rawValue: 4)

    /// The response for how the daemon's lifecycle operation ended, or `nil` while it is still to be confirmed.
    ///
    /// A rejection gives the bridge's status as lldpad keeps it: the error code with the hard-error (0x10) and
    /// keep (0x20) bits. A timeout, a port that is down, or a daemon that stops give no value, as lldpad's station
    /// keeps none then: the daemon goes on requesting the VSI, and libvirt's own 10 s end its wait. Any other
    /// failure (refused locally, superseded, de-associated by the bridge during the request) is 4.
    init?(_ response: ControlResponse) {
        switch response.outcome {
        case .success:
            self = .success
        case .failure(let error):
            switch error.code {
            case .rejected:
                guard let status = error.status?.response else {
                    self = .otherFailure
                    return
                }
                let error = UInt16(status.error.rawValue)
                self.init(rawValue: error | (status.hardError ? 0x10 : 0) | (status.keep ? 0x20 : 0))
            case .timedOut, .portDown, .shuttingDown:
                return nil
            default:
                self = .otherFailure
            }
        }
    }
}
