import VDPWire

/// What an ``ECPReceiver`` makes of one ECP request: the acknowledgement to send and, for a new VDP request, the
/// ULPDU to hand to VDP.
package struct ECPReceiverResult: Hashable, Sendable {
    /// The acknowledgement to send back: version 1, the request's subtype and sequence number, no padding.
    package var acknowledgement: ECPDU
    /// The VDP ULPDU to deliver, or `nil` for a duplicate or a request of another subtype.
    package var delivered: VDPULPDU?
    /// A new VDP request whose ULPDU was malformed: what could be read of it (see `VDPSalvage`).
    package var salvaged: VDPSalvage?

    /// Creates a result.
    package init(acknowledgement: ECPDU, delivered: VDPULPDU?, salvaged: VDPSalvage? = nil) {
        self.acknowledgement = acknowledgement
        self.delivered = delivered
        self.salvaged = salvaged
    }
}
