import VDPWire

/// An EVB port's output type, with the case an ``EVBLink`` sends its LLDPDUs with.
protocol EVBLinkOutput {
    /// Send this frame.
    static func send(_ frame: Frame) -> Self
}

extension BridgeEVBOutput: EVBLinkOutput {}

extension StationEVBOutput: EVBLinkOutput {}
