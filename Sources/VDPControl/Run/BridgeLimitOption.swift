import VDPProtocol

/// The `vdpctl bridge` options that set the port's ``BridgePortLimits``: each takes a whole number from 1 to
/// ``maximumValue``; per-station bounds may not exceed the port's.
enum BridgeLimitOption: String, CaseIterable, Sendable {
    case maximumVSIs = "--max-vsis"
    case maximumVSIsPerStation = "--max-vsis-per-station"
    case maximumStations = "--max-stations"
    case maximumQueuedResponses = "--max-queued-responses"
    case maximumQueuedResponsesPerStation = "--max-queued-responses-per-station"
    case maximumPendingDecisions = "--max-pending-decisions"
    case maximumPendingDecisionsPerStation = "--max-pending-decisions-per-station"
    case newVSIsPerSecondPerStation = "--new-vsis-per-second"
    case newVSIBurstPerStation = "--new-vsi-burst"
    case maximumTimerExpiriesPerAdvance = "--max-expiries-per-step"

    /// The largest value any of them takes (a hundred million: far beyond what memory allows for VSIs).
    static let maximumValue = 100_000_000

    /// The limit the option sets.
    var keyPath: WritableKeyPath<BridgePortLimits, Int> {
        switch self {
        case .maximumVSIs: \.maximumVSIs
        case .maximumVSIsPerStation: \.maximumVSIsPerStation
        case .maximumStations: \.maximumStations
        case .maximumQueuedResponses: \.maximumQueuedResponses
        case .maximumQueuedResponsesPerStation: \.maximumQueuedResponsesPerStation
        case .maximumPendingDecisions: \.maximumPendingDecisions
        case .maximumPendingDecisionsPerStation: \.maximumPendingDecisionsPerStation
        case .newVSIsPerSecondPerStation: \.newVSIsPerSecondPerStation
        case .newVSIBurstPerStation: \.newVSIBurstPerStation
        case .maximumTimerExpiriesPerAdvance: \.maximumTimerExpiriesPerAdvance
        }
    }

    /// Sets the limit from the option's argument.
    func apply(_ argument: String?, to limits: inout BridgePortLimits) throws(BridgeLimitError) {
        guard let argument else {
            throw .missingValue(self)
        }
        guard let value = Int(argument) else {
            throw .notANumber(self, argument)
        }
        guard (1...Self.maximumValue).contains(value) else {
            throw .outOfRange(self, value)
        }
        limits[keyPath: keyPath] = value
    }

    /// Pairs of a per-station bound and the port's bound it may not exceed.
    static let perStationBounds: [(perStation: BridgeLimitOption, port: BridgeLimitOption)] = [
        (.maximumVSIsPerStation, .maximumVSIs),
        (.maximumQueuedResponsesPerStation, .maximumQueuedResponses),
        (.maximumPendingDecisionsPerStation, .maximumPendingDecisions),
    ]

    /// Checks that no per-station bound given on the command line exceeds the port's; a per-station bound left
    /// at its default is lowered to the port's bound when that was set below it.
    static func validate(_ limits: inout BridgePortLimits, given: Set<BridgeLimitOption>) throws(BridgeLimitError) {
        for (perStation, port) in perStationBounds
        where limits[keyPath: perStation.keyPath] > limits[keyPath: port.keyPath] {
            guard given.contains(perStation) else {
                limits[keyPath: perStation.keyPath] = limits[keyPath: port.keyPath]
                continue
            }
            throw .perStationAbovePort(
                perStation,
                limits[keyPath: perStation.keyPath],
                port,
                limits[keyPath: port.keyPath]
            )
        }
    }
}

/// Why a bridge limit option was refused.
enum BridgeLimitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The option came last, without its number.
    case missingValue(BridgeLimitOption)
    /// The argument is not a whole number.
    case notANumber(BridgeLimitOption, String)
    /// The number is below 1 or above ``BridgeLimitOption/maximumValue``.
    case outOfRange(BridgeLimitOption, Int)
    /// A per-station bound exceeds the port's bound (with both values).
    case perStationAbovePort(BridgeLimitOption, Int, BridgeLimitOption, Int)

    var description: String {
        switch self {
        case .missingValue(let option):
            "\(option.rawValue) needs a number"
        case .notANumber(let option, let text):
            "\(option.rawValue) needs a whole number, not '\(text)'"
        case .outOfRange(let option, let value):
            "\(option.rawValue) \(value) is out of range: 1 to \(BridgeLimitOption.maximumValue)"
        case .perStationAbovePort(let perStation, let value, let port, let portValue):
            "\(perStation.rawValue) \(value) exceeds \(port.rawValue) \(portValue)"
        }
    }
}
