import VDPLog
import VDPWire

/// Converts decoded LLDPDUs, with the EVB TLVs field by field, into JSON.
public enum LLDPJSON {
    /// The JSON form of an LLDPDU.
    public static func json(_ lldpdu: LLDPDU) -> JSONValue {
        .object([
            (
                "chassisID",
                id(subtype: lldpdu.chassisID.subtype, id: lldpdu.chassisID.id, mac: lldpdu.chassisID.macAddress)
            ),
            ("portID", id(subtype: lldpdu.portID.subtype, id: lldpdu.portID.id, mac: lldpdu.portID.macAddress)),
            ("timeToLive", .integer(lldpdu.timeToLive)),
            ("tlvs", .array(lldpdu.optionalTLVs.map(json))),
            ("endTLV", .bool(lldpdu.end.hasEndTLV)),
            ("padding", FrameJSON.hex(lldpdu.end.padding)),
        ])
    }

    private static func id(subtype: UInt8, id: [UInt8], mac: MACAddress?) -> JSONValue {
        var members: [(String, JSONValue)] = [("subtype", .integer(subtype)), ("id", FrameJSON.hex(id))]
        if let mac {
            members.append(("mac", .string(mac.description)))
        }
        return .object(members)
    }

    static func json(_ tlv: LLDPTLV) -> JSONValue {
        switch tlv {
        case .evb(let evb):
            return .object([
                ("type", .integer(tlv.type)), ("name", .string("EVB")),
                ("bridgeStatus", .integer(evb.bridgeStatus.rawValue)),
                ("bgid", .bool(evb.bridgeStatus.supportsGroupID)),
                ("rrcap", .bool(evb.bridgeStatus.reflectiveRelayCapable)),
                ("rrctr", .bool(evb.bridgeStatus.reflectiveRelayControl)),
                ("stationStatus", .integer(evb.stationStatus.rawValue)),
                ("sgid", .bool(evb.stationStatus.supportsGroupID)),
                ("rrreq", .bool(evb.stationStatus.requestsReflectiveRelay)),
                ("rrstat", .integer(evb.stationStatus.reflectiveRelayStatus.rawValue)),
                ("r", .integer(evb.maximumRetries)), ("rte", .integer(evb.retransmissionExponent)),
                ("mode", .integer(evb.mode.rawValue)), ("modeName", .string(evb.mode.description)),
                ("rwdRemote", .bool(evb.resourceWaitDelayIsRemote)), ("rwd", .integer(evb.resourceWaitDelayExponent)),
                ("rkaRemote", .bool(evb.reinitKeepAliveIsRemote)), ("rka", .integer(evb.reinitKeepAliveExponent)),
            ])
        case .draftEVB(let draft):
            return .object([
                ("type", .integer(tlv.type)), ("name", .string("EVB draft 0.2")),
                ("supportedForwardingModes", .integer(draft.supportedForwardingModes.rawValue)),
                ("supportedCapabilities", .integer(draft.supportedCapabilities.rawValue)),
                ("configuredForwardingModes", .integer(draft.configuredForwardingModes.rawValue)),
                ("configuredCapabilities", .integer(draft.configuredCapabilities.rawValue)),
                ("supportedVSIs", .integer(draft.supportedVSICount)),
                ("configuredVSIs", .integer(draft.configuredVSICount)),
                ("rte", .integer(draft.retransmissionExponent)),
            ])
        case .organizationallySpecific(let org):
            return .object([
                ("type", .integer(tlv.type)), ("oui", .string(org.oui.description)), ("subtype", .integer(org.subtype)),
                ("info", FrameJSON.hex(org.info)),
            ])
        case .other(let unknown):
            return .object([("type", .integer(unknown.type)), ("value", FrameJSON.hex(unknown.value))])
        }
    }
}
