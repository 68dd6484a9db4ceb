import VDPProtocol
import VDPWire

/// What the shared agent core needs of an EVB port: ``StationEVBPort`` and ``BridgeEVBPort`` alike.
protocol DrivenEVBPort: Sendable {
    /// What the port outputs.
    associatedtype Output: Sendable
    /// The events among its outputs.
    associatedtype Event: Sendable

    var nextDeadline: Instant? { get }
    var isNegotiated: Bool { get }
    var isLinkUp: Bool { get }
    func shutdownFrame() -> Frame?
    mutating func acknowledge(_ frame: Frame, arrivedAt: Instant?, at now: Instant, into output: inout [Output])
        -> ECPDelivery?
    mutating func deliver(_ delivery: ECPDelivery, at now: Instant, into output: inout [Output])
    mutating func advance(to now: Instant, into output: inout [Output])
    mutating func linkDown(at now: Instant, into output: inout [Output])
    mutating func linkUp(at now: Instant, into output: inout [Output])
    mutating func sendFailed(_ failure: TransmissionFailure, at now: Instant, into output: inout [Output])

    /// The frame an output asks to send, if it is one.
    static func frame(in output: Output) -> Frame?
    /// The event an output reports, if it is one.
    static func event(in output: Output) -> Event?
}

extension StationEVBPort: DrivenEVBPort {
    static func frame(in output: StationEVBOutput) -> Frame? {
        if case .send(let frame) = output { frame } else { nil }
    }

    static func event(in output: StationEVBOutput) -> StationEVBEvent? {
        if case .event(let event) = output { event } else { nil }
    }
}

extension BridgeEVBPort: DrivenEVBPort {
    static func frame(in output: BridgeEVBOutput) -> Frame? {
        if case .send(let frame) = output { frame } else { nil }
    }

    static func event(in output: BridgeEVBOutput) -> BridgeEVBEvent? {
        if case .event(let event) = output { event } else { nil }
    }
}
