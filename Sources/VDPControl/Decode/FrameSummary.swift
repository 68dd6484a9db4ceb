import VDPWire

/// Renders decoded frames as the one-line-per-frame text of the reference decodes (`X.decode.txt` next to
/// each capture): a header line per frame, then one indented line per VDP TLV.
///
/// Unlike Wireshark 4.0 this reads the filter entry count, uses the 0x8000/0x7000 PS/PCP masks, decodes
/// Pre-Associate bodies, every filter format and the VSI Manager ID as text.
public struct FrameSummary: Sendable {
    /// The indentation of TLV lines.
    static let tlvIndent = "        "

    /// Creates a formatter.
    public init() {}

    /// The lines for one frame: `index` counts from 1, `seconds` is the time since the first frame.
    public func lines(index: Int, seconds: Double, frameLength: Int, frame: Frame) -> [String] {
        let prefix =
            pad(String(index), to: 4) + " " + pad(formatSeconds(seconds), to: 10) + " "
            + "\(frame.header.source) -> \(frame.header.destination) "
        switch frame.payload {
        case .lldp(let lldpdu):
            var line = prefix + "LLDP len=\(frameLength) TTL=\(lldpdu.timeToLive)"
            if let evb = lldpdu.evb {
                line += " | EVB22 \(evb)"
            } else if let draft = lldpdu.draftEVB {
                line += " | EVB-draft0.2 \(draft)"
            }
            return [line]
        case .ecp(let ecpdu):
            var lines = [
                prefix + "ECP22 len=\(frameLength) ver=\(ecpdu.version) op=\(ecpdu.operation.rawValue)"
                    + "(\(ecpdu.operation)) subtype=\(ecpdu.subtype.rawValue) seq=\(ecpdu.sequenceNumber)"
            ]
            if case .vdp(let ulpdu) = ecpdu.payload {
                lines += ulpdu.tlvs.map { Self.tlvIndent + describe($0) }
            }
            return lines
        case .draftECP(let ecpdu):
            var lines = [
                prefix + "ECP-draft len=\(frameLength) oui=\(ecpdu.oui.description.filter { $0 != "-" })"
                    + " pid=\(ecpdu.protocolID) subtype=\(ecpdu.subtype) op=\(ecpdu.mode)"
                    + "(\(ecpdu.isAcknowledgement ? "ACK" : "REQ")) seq=\(ecpdu.sequenceNumber)"
            ]
            lines += ecpdu.vdpTLVs.map { Self.tlvIndent + describe($0) }
            return lines
        case .other(let bytes):
            return [prefix + "ethertype=\(frame.header.etherType) len=\(frameLength) payload=\(bytes.count) octets"]
        }
    }

    /// One VDP TLV as a line of text, without indentation.
    public func describe(_ tlv: VDPTLV) -> String {
        switch tlv {
        case .managerID(let managerID):
            return "MgrID=\(managerID)"
        case .vsi(let vsi):
            return describe(vsi)
        case .organizationallyDefined(let org):
            return "OrgDefined oui=\(org.oui) data=\(org.data.map { hexByte($0) }.joined())"
        case .unknown(let unknown):
            return "TLV type=\(unknown.type) len=\(unknown.value.count)"
        }
    }

    /// One VSI TLV as a line of text.
    public func describe(_ vsi: VSITLV) -> String {
        var parts = [vsi.type.description]
        if let response = vsi.status.response {
            parts.append("RESP err=\(response.error.rawValue)(\(response.error))")
            if response.hardError {
                parts.append("HARD")
            }
            if response.keep {
                parts.append("KEEP")
            }
        } else if let request = vsi.status.request {
            parts.append("REQ reason=\(request.rawValue & 0x0F)")
            if request.mBit {
                parts.append("M")
            }
            if request.sBit {
                parts.append("S")
            }
        }
        parts.append("typeid=\(vsi.typeID) ver=\(vsi.typeVersion)")
        parts.append("vsiid(\(vsi.vsiID.format))=\(vsi.vsiID)")
        parts.append(vsi.filterInfo.description)
        return parts.joined(separator: " ")
    }

    /// One draft VDP TLV as a line of text.
    public func describe(_ tlv: DraftVDPTLV) -> String {
        let entries = tlv.entries.map { "MAC=\($0.mac) VID=\($0.vlan)" }.joined(separator: "; ")
        return "VDP-draft mode=\(tlv.mode)(\(tlv.modeName)) response=\(tlv.response) mgrid=\(tlv.managerID)"
            + " typeid=\(tlv.typeID) ver=\(tlv.typeVersion) instance=\(tlv.instanceID) format=\(DraftVDPTLV.macVIDFormat)"
            + " [\(entries)]"
    }
}

/// Right-aligns `text` in a field of `width` characters.
func pad(_ text: String, to width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

/// Seconds with six decimals, rounded to the microsecond.
func formatSeconds(_ seconds: Double) -> String {
    let micros = Int64((seconds * 1_000_000).rounded())
    let sign = micros < 0 ? "-" : ""
    let magnitude = micros.magnitude
    let fraction = String(magnitude % 1_000_000)
    return sign + String(magnitude / 1_000_000) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
}

/// Two lowercase hex digits.
func hexByte(_ byte: UInt8) -> String {
    let text = String(byte, radix: 16)
    return byte < 0x10 ? "0" + text : text
}
