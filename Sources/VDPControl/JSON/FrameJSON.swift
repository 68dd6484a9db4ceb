import VDPLog
import VDPWire

/// Converts decoded frames into JSON: every field, with numbers as numbers and addresses as text.
public enum FrameJSON {
    /// The JSON form of a frame.
    public static func json(_ frame: Frame) -> JSONValue {
        .object([
            ("destination", .string(frame.header.destination.description)),
            ("source", .string(frame.header.source.description)),
            (
                "vlanTags",
                .array(
                    frame.header.vlanTags.map {
                        .object([
                            ("tpid", .string($0.protocolIdentifier.description)),
                            ("pcp", .integer($0.priority)), ("dei", .bool($0.dropEligible)), ("vid", .integer($0.vid)),
                        ])
                    }
                )
            ),
            ("etherType", .string(frame.header.etherType.description)),
            ("payload", json(frame.payload)),
        ])
    }

    /// The JSON form of a decoding error.
    public static func json(_ error: VDPDecodingError) -> JSONValue {
        .object([
            ("code", .string(error.code.description)), ("field", .string(error.field.name)),
            ("offset", .integer(error.offset)), ("message", .string(error.description)),
        ])
    }

    static func json(_ payload: FramePayload) -> JSONValue {
        switch payload {
        case .lldp(let lldpdu): .object([("lldp", LLDPJSON.json(lldpdu))])
        case .ecp(let ecpdu): .object([("ecp", json(ecpdu))])
        case .draftECP(let ecpdu): .object([("draftECP", json(ecpdu))])
        case .other(let bytes): .object([("other", hex(bytes))])
        }
    }

    static func json(_ ecpdu: ECPDU) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("version", .integer(ecpdu.version.rawValue)),
            ("operation", .integer(ecpdu.operation.rawValue)),
            ("operationName", .string(ecpdu.operation.description)),
            ("subtype", .integer(ecpdu.subtype.rawValue)),
            ("subtypeName", .string(ecpdu.subtype.description)),
            ("sequenceNumber", .integer(ecpdu.sequenceNumber)),
        ]
        switch ecpdu.payload {
        case .vdp(let ulpdu): members.append(("vdp", json(ulpdu)))
        case .acknowledgement(let padding): members.append(("padding", hex(padding)))
        case .opaque(let bytes): members.append(("opaque", hex(bytes)))
        case .salvagedVDP(let salvage): members.append(("malformedVDP", hex(salvage.bytes)))
        }
        return .object(members)
    }

    static func json(_ ulpdu: VDPULPDU) -> JSONValue {
        .object([
            ("tlvs", .array(ulpdu.tlvs.map(json))),
            ("endTLV", .bool(ulpdu.end.hasEndTLV)),
            ("padding", hex(ulpdu.end.padding)),
        ])
    }

    static func json(_ tlv: VDPTLV) -> JSONValue {
        switch tlv {
        case .managerID(let managerID):
            return .object([
                ("type", .integer(tlv.type)), ("name", .string("VSI Manager ID")),
                ("managerID", .string(managerID.description)), ("octets", .string(managerID.octets.hexString)),
            ])
        case .vsi(let vsi):
            return json(vsi)
        case .organizationallyDefined(let org):
            return .object([
                ("type", .integer(tlv.type)), ("name", .string("Organizationally defined")),
                ("oui", .string(org.oui.description)), ("data", hex(org.data)),
            ])
        case .unknown(let unknown):
            return .object([("type", .integer(unknown.type)), ("value", hex(unknown.value))])
        }
    }

    static func json(_ vsi: VSITLV) -> JSONValue {
        var status: [(String, JSONValue)] = [("raw", .integer(vsi.status.rawValue))]
        if let response = vsi.status.response {
            status += [
                ("response", .bool(true)), ("keep", .bool(response.keep)), ("hardError", .bool(response.hardError)),
                ("error", .integer(response.error.rawValue)), ("errorName", .string(response.error.description)),
            ]
        } else if let request = vsi.status.request {
            status += [("response", .bool(false)), ("mBit", .bool(request.mBit)), ("sBit", .bool(request.sBit))]
        }
        let entries: [JSONValue] = vsi.filterInfo.entries.map { entry in
            var members: [(String, JSONValue)] = []
            if let groupID = entry.groupID {
                members.append(("groupID", .integer(groupID.rawValue)))
                if let vnID = groupID.vnID {
                    members.append(("vnID", .integer(vnID)))
                }
            }
            if let mac = entry.mac {
                members.append(("mac", .string(mac.description)))
            }
            members += [
                ("ps", .bool(entry.vid.prioritySignificant)), ("pcp", .integer(entry.vid.pcp)),
                ("vid", .integer(entry.vid.vid)),
            ]
            return .object(members)
        }
        return .object([
            ("type", .integer(vsi.type.rawValue)), ("name", .string(vsi.type.description)),
            ("status", .object(status)),
            ("typeID", .integer(vsi.typeID.rawValue)), ("typeVersion", .integer(vsi.typeVersion)),
            ("vsiidFormat", .integer(vsi.vsiID.format.rawValue)),
            ("vsiidFormatName", .string(vsi.vsiID.format.description)),
            ("vsiid", .string(vsi.vsiID.description)),
            ("filterInfoFormat", .integer(vsi.filterInfo.format.rawValue)),
            ("filterInfoFormatName", .string(vsi.filterInfo.format.description)),
            ("entryCount", .integer(vsi.filterInfo.entries.count)),
            ("entries", .array(entries)),
        ])
    }

    static func json(_ ecpdu: DraftECPDU) -> JSONValue {
        let tlvs: [JSONValue] = ecpdu.tlvs.map { tlv in
            switch tlv {
            case .vdp(let vdp):
                .object([
                    ("mode", .integer(vdp.mode)), ("modeName", .string(vdp.modeName)),
                    ("response", .integer(vdp.response)), ("managerID", .integer(vdp.managerID)),
                    ("typeID", .integer(vdp.typeID.rawValue)), ("typeVersion", .integer(vdp.typeVersion)),
                    ("instanceID", .string(vdp.instanceID.description)),
                    (
                        "entries",
                        .array(
                            vdp.entries.map {
                                .object([("mac", .string($0.mac.description)), ("vlan", .integer($0.vlan))])
                            }
                        )
                    ),
                ])
            case .other(let type, let value):
                .object([("type", .integer(type)), ("value", hex(value))])
            }
        }
        return .object([
            ("oui", .string(ecpdu.oui.description)), ("protocolID", .integer(ecpdu.protocolID)),
            ("subtype", .integer(ecpdu.subtype)), ("mode", .integer(ecpdu.mode)),
            ("sequenceNumber", .integer(ecpdu.sequenceNumber)), ("tlvs", .array(tlvs)),
            ("endTLV", .bool(ecpdu.end.hasEndTLV)), ("padding", hex(ecpdu.end.padding)),
        ])
    }

    static func hex(_ bytes: [UInt8]) -> JSONValue {
        .string(bytes.map(hexByte).joined())
    }
}
