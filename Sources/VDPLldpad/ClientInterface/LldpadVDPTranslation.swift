import VDPDaemon
import VDPProtocol
import VDPWire

/// How vdptool's requests and lldpad's answers map onto the daemon's control operations.
enum LldpadVDPTranslation {
    /// The lifecycle action for a request in `mode` with `hints`: `to` (M-bit) pre-associates or associates an
    /// arriving VM (`immigrate`), `from` (S-bit) associates a leaving one (`emigrate`; ignored on a
    /// pre-association, which has no S-bit).
    static func action(_ mode: VSITLVType, hints: LldpadVSIArguments.Hints) -> ControlLifecycleAction {
        switch (mode, hints) {
        case (.deAssociate, _): .deAssociate
        case (.associate, .migrateTo): .immigrate(associate: true)
        case (.associate, .migrateFrom): .emigrate
        case (.associate, .none): .associate
        case (_, .migrateTo): .immigrate(associate: false)
        case (.preAssociateWithResourceReservation, _): .preAssociate(reserveResources: true)
        case (.preAssociate, _): .preAssociate(reserveResources: false)
        }
    }

    /// The mode a wanted action shows in a query.
    static func mode(_ action: ControlLifecycleAction) -> VSITLVType {
        switch action {
        case .preAssociate(let reserve): reserve ? .preAssociateWithResourceReservation : .preAssociate
        case .immigrate(let associate): associate ? .associate : .preAssociate
        case .associate, .suspend, .resume, .emigrate: .associate
        case .deAssociate: .deAssociate
        }
    }

    /// The VSI a request's arguments describe; `nil` when a mandatory argument is missing or the filters do not
    /// form a filter info (too many, or none).
    static func descriptor(_ arguments: LldpadVSIArguments) -> VSIDescriptor? {
        guard LldpadVSIArguments.mandatoryKeys.isSubset(of: arguments.keys),
            let format = arguments.filters.first?.format,
            let typeID = try? VSITypeID(arguments.typeID),
            let filterInfo = try? FilterInfo(format: format, entries: arguments.filters)
        else {
            return nil
        }
        return VSIDescriptor(
            managerID: VSIManagerID(octets: arguments.managerID),
            typeID: typeID,
            typeVersion: arguments.typeVersion,
            vsiID: .uuid(VSIUUID(octets: arguments.uuid)),
            filterInfo: filterInfo
        )
    }

    /// The status lldpad answers for a request the daemon refused before sending anything, or `nil` when the
    /// request was accepted (it succeeded, the bridge answered, or it is kept for when the port is back).
    static func refusal(_ error: ControlError) -> LldpadClientStatus? {
        switch error.code {
        case .unknownInterface: return .deviceNotFound
        case .refused:
            if case .refused(.busy) = error.failure {
                return .vdpBusy
            }
            return error.failure == nil ? .vdpNoMemory : .badParameters
        case .rejected, .timedOut, .failed, .portDown: return nil
        default: return .failed
        }
    }

    /// The event record for a finished request of `descriptor` (`nil` when no event is due: the request was
    /// refused, or kept for a port that is down): the confirmed mode and filters on success; on a failure lldpad's
    /// De-Associate with the bridge's error (the status octet less its request and response bits) or the
    /// station's error bits with "no response". Like lldpad's, the event writes GroupID 0 for each GroupID.
    static func outcomeRecord(_ response: ControlResponse, descriptor: VSIDescriptor) -> LldpadVSIRecord? {
        var record = eventRecord(response, descriptor: descriptor)
        record?.writesGroupIDs = false
        return record
    }

    private static func eventRecord(_ response: ControlResponse, descriptor: VSIDescriptor) -> LldpadVSIRecord? {
        switch response.outcome {
        case .success(.lifecycle(let state)):
            return LldpadVSIRecord(
                descriptor,
                mode: state?.type ?? .deAssociate,
                response: 0,
                filters: state?.filterInfo.entries
            )
        case .success:
            return nil
        case .failure(let error):
            guard refusal(error) == nil, error.code != .portDown else {
                return nil
            }
            return LldpadVSIRecord(descriptor, mode: .deAssociate, response: failureResponse(error))
        }
    }

    /// The `hints` of a failed request.
    static func failureResponse(_ error: ControlError) -> Int {
        switch error.failure {
        case .failed(.rejected(let code, let hardError, let keep)):
            let status = VDPStatus.response(code, keep: keep, hardError: hardError).rawValue
            return status & 0x0F == 0 ? 0 : Int(status & 0x3F)
        case .failed(.timeout):
            return LldpadVSIRecord.noResponse | LldpadVSIRecord.acknowledgementTimeout
        case .failed(.retriesExhausted):
            return LldpadVSIRecord.noResponse | LldpadVSIRecord.transmissionError
        default:
            return 0
        }
    }

    /// The `hints` of lldpad's event for a VSI whose keep-alive failed: its keep-alive timer bit (`VDP22_KATO`) over
    /// the last status, with the acknowledgement timeout bit when no answer came, or the bridge's error when it
    /// refused.
    static func keepAliveResponse(_ failure: StationRequestFailure) -> Int {
        switch failure {
        case .timeout, .retriesExhausted:
            return LldpadVSIRecord.keepAliveTimeout | LldpadVSIRecord.acknowledgementTimeout
        case .rejected(let code, let hardError, let keep):
            let status = VDPStatus.response(code, keep: keep, hardError: hardError).rawValue
            return LldpadVSIRecord.keepAliveTimeout | Int(status & 0x3F)
        default:
            return LldpadVSIRecord.keepAliveTimeout
        }
    }

    /// A wanted VSI as a query shows it: the mode wanted, the filters the bridge confirmed (with the VIDs it
    /// granted), else those it granted before (saved in the state file, so also after a restart), else those asked
    /// for, `hints` 0 when confirmed, the bridge's error after a rejection, 255 while
    /// no answer has come.
    static func record(_ status: WantedVSIStatus) -> LldpadVSIRecord {
        let response: Int
        switch status.lastOutcome {
        case .succeeded where !status.inFlight: response = 0
        case .failed(let error) where !status.inFlight: response = failureResponse(error)
        default: response = LldpadVSIRecord.noResponse
        }
        return LldpadVSIRecord(
            status.descriptor,
            mode: mode(status.wanted),
            response: response,
            filters: status.confirmed?.filterInfo.entries ?? status.granted?.entries
        )
    }

    /// Whether a query's arguments select `record`, as lldpad compares them: the mode always (the query's, or
    /// else the `-V` mode); the manager ID (and then also the type ID), type ID, type version, VSI ID and filters
    /// when given.
    static func matches(_ record: LldpadVSIRecord, query: LldpadVSIArguments, mode: VSITLVType) -> Bool {
        guard record.mode == (query.mode ?? mode) else {
            return false
        }
        let keys = query.keys
        if keys.contains(.managerID), record.managerID.octets != query.managerID {
            return false
        }
        if keys.contains(.managerID) || keys.contains(.typeID), record.typeID != query.typeID {
            return false
        }
        if keys.contains(.typeVersion), record.typeVersion != query.typeVersion {
            return false
        }
        if keys.contains(.uuid), record.uuid != query.uuid {
            return false
        }
        if keys.contains(.filter), record.filters != query.filters {
            return false
        }
        return true
    }
}
