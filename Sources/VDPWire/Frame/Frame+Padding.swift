extension Frame {
    /// The octets at the end of the frame that carry no information: Ethernet padding after the last TLV,
    /// and, where the End TLV is optional (ratified VDP), a padding End TLV too.
    ///
    /// `encodedLength - paddingLength` is the shortest length the frame could have been sent with.
    public var paddingLength: Int {
        switch payload {
        case .lldp(let lldpdu): lldpdu.end.padding.count
        case .ecp(let ecpdu):
            switch ecpdu.payload {
            case .vdp(let ulpdu): ulpdu.end.encodedLength
            case .acknowledgement(let padding): padding.count
            case .opaque, .salvagedVDP: 0
            }
        case .draftECP(let ecpdu): ecpdu.end.padding.count
        case .other: 0
        }
    }
}
