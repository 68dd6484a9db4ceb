import VDPWire

/// Who an LLDP neighbour is: the chassis ID and port ID its LLDPDUs carry (802.1AB's MSAP identifier).
///
/// An ``LLDPAgent`` holds one neighbour per port and compares these two TLVs, subtype and identifier octets, to tell
/// the neighbour from any other sender. LLDP has no authentication: a sender that copies both TLVs is
/// indistinguishable from the neighbour.
///
/// Encoded with `Codable` as four fields: `chassisIDSubtype`, `chassisID` (octets), `portIDSubtype`, `portID`
/// (octets); decoding refuses an empty identifier or one longer than 255 octets.
public struct LLDPNeighbourID: Hashable, Sendable, Codable {
    /// The neighbour's Chassis ID TLV.
    public let chassisID: LLDPChassisID
    /// The neighbour's Port ID TLV.
    public let portID: LLDPPortID

    /// Creates the identity of the neighbour that sends these two TLVs.
    public init(chassisID: LLDPChassisID, portID: LLDPPortID) {
        self.chassisID = chassisID
        self.portID = portID
    }

    /// The identity of the sender of `lldpdu`.
    public init(_ lldpdu: LLDPDU) {
        self.init(chassisID: lldpdu.chassisID, portID: lldpdu.portID)
    }

    private enum CodingKeys: String, CodingKey {
        case chassisIDSubtype, chassisID, portIDSubtype, portID
    }

    /// Decodes the four fields; throws `DecodingError.dataCorrupted` for an identifier of 0 or more than 255 octets.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let chassisSubtype = try container.decode(UInt8.self, forKey: .chassisIDSubtype)
        let chassisOctets = try container.decode([UInt8].self, forKey: .chassisID)
        let portSubtype = try container.decode(UInt8.self, forKey: .portIDSubtype)
        let portOctets = try container.decode([UInt8].self, forKey: .portID)
        do {
            self.chassisID = try LLDPChassisID(subtype: chassisSubtype, id: chassisOctets)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .chassisID,
                in: container,
                debugDescription: "a chassis ID holds 1 to 255 octets"
            )
        }
        do {
            self.portID = try LLDPPortID(subtype: portSubtype, id: portOctets)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .portID,
                in: container,
                debugDescription: "a port ID holds 1 to 255 octets"
            )
        }
    }

    /// Encodes the four fields.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(chassisID.subtype, forKey: .chassisIDSubtype)
        try container.encode(chassisID.id, forKey: .chassisID)
        try container.encode(portID.subtype, forKey: .portIDSubtype)
        try container.encode(portID.id, forKey: .portID)
    }
}
