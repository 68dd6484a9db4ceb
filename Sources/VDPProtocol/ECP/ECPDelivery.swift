import VDPWire

/// The VDP content of an ECP request that a port has acknowledged but not yet handled: what its `acknowledge`
/// returns and its `deliver` takes, so that a driver sends the acknowledgements of a batch of frames before it
/// does their VDP work.
package struct ECPDelivery: Sendable {
    /// The ULPDU, when it decoded.
    package var ulpdu: VDPULPDU?
    /// What could be read of a malformed ULPDU.
    package var salvage: VDPSalvage?
    /// The sender: the source address of the request.
    package var source: MACAddress

    /// The delivered content of a receiver's result.
    package init(_ result: ECPReceiverResult, from source: MACAddress) {
        self.ulpdu = result.delivered
        self.salvage = result.salvaged
        self.source = source
    }
}
