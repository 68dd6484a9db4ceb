import VDPWire

/// What a station's EVB port reports besides the answers to its requests: the bridge's unasked changes,
/// negotiation, the peer and the link.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
///
/// Encoded with `Codable` as an object with one key, the case: `{"vsi": {"event": {…}}}`,
/// `{"negotiated": {"parameters": {…}}}`, `{"peerLost": {}}`, `{"reassociated": {"vsiID": {…}, "state": {…}}}`
/// on success or `{"reassociated": {"vsiID": {…}, "error": {…}}}` on failure, `{"linkDown": {}}`, `{"linkUp": {}}`,
/// `{"sendFailed": {"failure": {…}}}`. Decoding refuses an unknown case, more than one key, or a `reassociated`
/// with both or neither of `state` and `error`.
public enum StationEVBEvent: Hashable, Sendable, Codable {
    /// The bridge did something no call asked for (de-associated a VSI, changed its VIDs, a keep-alive failed).
    case vsi(StationEvent)
    /// EVB negotiation gave these values (or changed them); ECP and VDP now run with them.
    case negotiated(EVBParameters)
    /// The bridge's LLDP advertisements stopped (TTL expiry or shutdown); every VSI ended, and the established
    /// ones will be requested again when a bridge is heard.
    case peerLost
    /// A VSI that was established before the peer or the link was lost, or whose keep-alive went unanswered, was
    /// requested again; this is the bridge's answer.
    case reassociated(VSIID, Result<StationVSIState, StationLifecycleError>)
    /// The link went down (``StationEVBPort/linkDown(at:into:)``): ECP stopped and every VSI ended; the
    /// established ones will be requested again when the link and the bridge are back.
    case linkDown
    /// The link came back up (``StationEVBPort/linkUp(at:into:)``).
    case linkUp
    /// A frame could not be sent (reported by the driver with ``StationEVBPort/sendFailed(_:at:into:)``).
    case sendFailed(TransmissionFailure)

    private enum CodingKeys: String, CodingKey {
        case vsi, negotiated, peerLost, reassociated, linkDown, linkUp, sendFailed
    }

    private enum PayloadKeys: String, CodingKey {
        case event, parameters, vsiID, state, error, failure
    }

    /// Decodes the case and its values; throws `DecodingError` for an unknown case, more than one, or values the
    /// case's types refuse.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: container.codingPath,
                    debugDescription: "expected exactly one known case"
                )
            )
        }
        let payload = try container.nestedContainer(keyedBy: PayloadKeys.self, forKey: key)
        switch key {
        case .vsi: self = .vsi(try payload.decode(StationEvent.self, forKey: .event))
        case .negotiated: self = .negotiated(try payload.decode(EVBParameters.self, forKey: .parameters))
        case .peerLost: self = .peerLost
        case .linkDown: self = .linkDown
        case .linkUp: self = .linkUp
        case .sendFailed: self = .sendFailed(try payload.decode(TransmissionFailure.self, forKey: .failure))
        case .reassociated:
            let vsiID = try payload.decode(VSIID.self, forKey: .vsiID)
            let state = try payload.decodeIfPresent(StationVSIState.self, forKey: .state)
            let error = try payload.decodeIfPresent(StationLifecycleError.self, forKey: .error)
            switch (state, error) {
            case (let state?, nil): self = .reassociated(vsiID, .success(state))
            case (nil, let error?): self = .reassociated(vsiID, .failure(error))
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .state,
                    in: payload,
                    debugDescription: "a reassociation has either a state or an error"
                )
            }
        }
    }

    /// Encodes the case and its values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .vsi(let event):
            var payload = container.nestedContainer(keyedBy: PayloadKeys.self, forKey: .vsi)
            try payload.encode(event, forKey: .event)
        case .negotiated(let parameters):
            var payload = container.nestedContainer(keyedBy: PayloadKeys.self, forKey: .negotiated)
            try payload.encode(parameters, forKey: .parameters)
        case .peerLost:
            _ = container.nestedContainer(keyedBy: PayloadKeys.self, forKey: .peerLost)
        case .linkDown:
            _ = container.nestedContainer(keyedBy: PayloadKeys.self, forKey: .linkDown)
        case .linkUp:
            _ = container.nestedContainer(keyedBy: PayloadKeys.self, forKey: .linkUp)
        case .sendFailed(let failure):
            var payload = container.nestedContainer(keyedBy: PayloadKeys.self, forKey: .sendFailed)
            try payload.encode(failure, forKey: .failure)
        case .reassociated(let vsiID, let result):
            var payload = container.nestedContainer(keyedBy: PayloadKeys.self, forKey: .reassociated)
            try payload.encode(vsiID, forKey: .vsiID)
            switch result {
            case .success(let state): try payload.encode(state, forKey: .state)
            case .failure(let error): try payload.encode(error, forKey: .error)
            }
        }
    }
}
