import VDPWire

/// What an ``ECPTransmitter`` asks its driver to do, or reports, in response to an input.
package enum ECPTransmitterOutput: Hashable, Sendable {
    /// Put this ECPDU on the wire now (a first transmission or a retransmission).
    case send(ECPDU)
    /// The peer acknowledged the ULPDU with this identifier.
    case delivered(ECPTransmissionID)
    /// The ULPDU with this identifier was sent 1 + R times without an acknowledgement and has been dropped.
    ///
    /// lldpad drops such a ULPDU silently and VDP only notices when its own response timer expires; this
    /// transmitter reports it so that the upper layer can react at once.
    case failed(ECPTransmissionID)
}
