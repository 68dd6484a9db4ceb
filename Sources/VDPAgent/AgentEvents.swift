import VDPProtocol

/// What a station agent reports besides the answers to its calls: the events of its ``StationEVBPort``,
/// forwarded as they are.
public typealias StationAgentEvent = StationEVBEvent

/// What a bridge agent reports: the events of its ``BridgeEVBPort``, forwarded as they are.
public typealias BridgeAgentEvent = BridgeEVBEvent
