/// The ratified IEEE 802.1Qbg-2012 EVB TLV: LLDP type 127, OUI 00-80-C2, subtype 0x0D, value length 9.
///
/// Each side sends its own status octet and echoes the peer's, and advertises the ECP and VDP timer parameters.
/// lldpad sends max(local, received) for R, RTE, RWD and RKA, and sets the ROL bit next to RWD and RKA when
/// the received value was taken. The value after the OUI and subtype is:
///
/// | octet | content |
/// | --- | --- |
/// | 4 | bridge status (``EVBBridgeStatus``) |
/// | 5 | station status (``EVBStationStatus``) |
/// | 6 | 0xE0 R (ECP maximum retries) · 0x1F RTE (ECP retransmission timer exponent) |
/// | 7 | 0xC0 EVB mode · 0x20 ROL for RWD · 0x1F RWD (VDP resource wait delay exponent) |
/// | 8 | 0xC0 reserved · 0x20 ROL for RKA · 0x1F RKA (VDP reinit keep-alive exponent) |
///
/// The numeric fields can only be set through the validating initializer, so every value of this type encodes.
public struct EVBTLV: Hashable, Sendable {
    /// The OUI of the ratified EVB TLV, 00-80-C2.
    public static let oui = OUI.ieee8021
    /// The subtype of the ratified EVB TLV, 0x0D.
    public static let subtype: UInt8 = 0x0D
    /// The TLV's value length: OUI, subtype and five octets of fields.
    public static let valueLength = 9

    /// The largest value of ``maximumRetries``.
    public static let maximumRetriesLimit: UInt8 = 7
    /// The largest value of the five-bit exponents RTE, RWD and RKA.
    public static let exponentLimit: UInt8 = 31

    /// The bridge status octet (sent by the bridge, echoed by the station).
    public var bridgeStatus: EVBBridgeStatus
    /// The station status octet (sent by the station, echoed by the bridge).
    public var stationStatus: EVBStationStatus
    /// R: the largest number of times ECP retransmits an unacknowledged ECPDU, 0 to 7.
    public private(set) var maximumRetries: UInt8
    /// RTE: the ECP retransmission timer exponent, 0 to 31 (the timeout is 10 µs · 2^RTE).
    public private(set) var retransmissionExponent: UInt8
    /// The sender's EVB mode.
    public var mode: EVBMode
    /// ROL for RWD (0x20 of octet 7): the RWD value was taken from the peer.
    public var resourceWaitDelayIsRemote: Bool
    /// RWD: the VDP resource wait delay exponent, 0 to 31 (the delay is 10 µs · 2^RWD).
    public private(set) var resourceWaitDelayExponent: UInt8
    /// ROL for RKA (0x20 of octet 8): the RKA value was taken from the peer.
    public var reinitKeepAliveIsRemote: Bool
    /// RKA: the VDP reinit keep-alive exponent, 0 to 31 (the period is 10 µs · 2^RKA).
    public private(set) var reinitKeepAliveExponent: UInt8
    /// The two reserved bits at the top of octet 8, as a number 0 to 3; kept so that a received TLV re-encodes
    /// unchanged. Send 0.
    public private(set) var reservedBits: UInt8

    /// Creates an EVB TLV; throws `valueOutOfRange` (field ``VDPDecodingError/Field/evbTLV``) if R exceeds 7,
    /// an exponent exceeds 31 or `reservedBits` exceeds 3.
    public init(
        bridgeStatus: EVBBridgeStatus = EVBBridgeStatus(),
        stationStatus: EVBStationStatus = EVBStationStatus(),
        maximumRetries: UInt8,
        retransmissionExponent: UInt8,
        mode: EVBMode,
        resourceWaitDelayIsRemote: Bool = false,
        resourceWaitDelayExponent: UInt8,
        reinitKeepAliveIsRemote: Bool = false,
        reinitKeepAliveExponent: UInt8,
        reservedBits: UInt8 = 0
    ) throws(VDPEncodingError) {
        guard maximumRetries <= Self.maximumRetriesLimit,
            retransmissionExponent <= Self.exponentLimit,
            resourceWaitDelayExponent <= Self.exponentLimit,
            reinitKeepAliveExponent <= Self.exponentLimit,
            reservedBits <= 3
        else {
            throw VDPEncodingError(.valueOutOfRange, field: .evbTLV)
        }
        self.bridgeStatus = bridgeStatus
        self.stationStatus = stationStatus
        self.maximumRetries = maximumRetries
        self.retransmissionExponent = retransmissionExponent
        self.mode = mode
        self.resourceWaitDelayIsRemote = resourceWaitDelayIsRemote
        self.resourceWaitDelayExponent = resourceWaitDelayExponent
        self.reinitKeepAliveIsRemote = reinitKeepAliveIsRemote
        self.reinitKeepAliveExponent = reinitKeepAliveExponent
        self.reservedBits = reservedBits
    }

    /// Creates an EVB TLV from negotiated values, clamping R to 7 and each exponent to 31 instead of throwing.
    public init(
        clampingBridgeStatus bridgeStatus: EVBBridgeStatus,
        stationStatus: EVBStationStatus,
        maximumRetries: UInt8,
        retransmissionExponent: UInt8,
        mode: EVBMode,
        resourceWaitDelayIsRemote: Bool,
        resourceWaitDelayExponent: UInt8,
        reinitKeepAliveIsRemote: Bool,
        reinitKeepAliveExponent: UInt8
    ) {
        self.bridgeStatus = bridgeStatus
        self.stationStatus = stationStatus
        self.maximumRetries = min(maximumRetries, Self.maximumRetriesLimit)
        self.retransmissionExponent = min(retransmissionExponent, Self.exponentLimit)
        self.mode = mode
        self.resourceWaitDelayIsRemote = resourceWaitDelayIsRemote
        self.resourceWaitDelayExponent = min(resourceWaitDelayExponent, Self.exponentLimit)
        self.reinitKeepAliveIsRemote = reinitKeepAliveIsRemote
        self.reinitKeepAliveExponent = min(reinitKeepAliveExponent, Self.exponentLimit)
        self.reservedBits = 0
    }

    /// Splits the five field octets (value octets 4 to 8); every combination is valid.
    init(fieldOctets o4: UInt8, _ o5: UInt8, _ o6: UInt8, _ o7: UInt8, _ o8: UInt8) {
        self.bridgeStatus = EVBBridgeStatus(rawValue: o4)
        self.stationStatus = EVBStationStatus(rawValue: o5)
        self.maximumRetries = o6 >> 5
        self.retransmissionExponent = o6 & 0x1F
        self.mode = EVBMode(truncatingIfNeeded: o7 >> 6)
        self.resourceWaitDelayIsRemote = o7 & 0x20 != 0
        self.resourceWaitDelayExponent = o7 & 0x1F
        self.reinitKeepAliveIsRemote = o8 & 0x20 != 0
        self.reinitKeepAliveExponent = o8 & 0x1F
        self.reservedBits = o8 >> 6
    }

    /// Decodes one whole TLV, header included, that must be a ratified EVB TLV and nothing else.
    public init(decoding bytes: [UInt8]) throws(VDPDecodingError) {
        guard case .evb(let tlv) = try LLDPTLV(decoding: bytes) else {
            throw VDPDecodingError(.unexpectedTLV, field: .evbTLV, offset: 0)
        }
        self = tlv
    }

    /// Decodes the five field octets that follow the OUI and subtype; the caller has checked the length.
    init(fieldsFrom value: inout ByteReader) throws(VDPDecodingError) {
        let o4 = try value.readUInt8(.evbTLV)
        let o5 = try value.readUInt8(.evbTLV)
        let o6 = try value.readUInt8(.evbTLV)
        let o7 = try value.readUInt8(.evbTLV)
        let o8 = try value.readUInt8(.evbTLV)
        self.init(fieldOctets: o4, o5, o6, o7, o8)
    }

    /// The five field octets (value octets 4 to 8) as sent.
    var fieldOctets: [UInt8] {
        [
            bridgeStatus.rawValue,
            stationStatus.rawValue,
            maximumRetries << 5 | retransmissionExponent,
            mode.rawValue << 6 | (resourceWaitDelayIsRemote ? 0x20 : 0) | resourceWaitDelayExponent,
            reservedBits << 6 | (reinitKeepAliveIsRemote ? 0x20 : 0) | reinitKeepAliveExponent,
        ]
    }

    /// The number of octets the TLV occupies on the wire, header included: 11.
    public var encodedLength: Int { 2 + Self.valueLength }

    /// Writes the whole TLV, header included.
    func encode(into writer: inout ByteWriter) {
        writer.writeTLVHeader(type: LLDPOrganizationallySpecificTLV.tlvType, length: Self.valueLength)
        writer.writeOUI(Self.oui)
        writer.writeUInt8(Self.subtype)
        writer.writeBytes(fieldOctets)
    }

    /// The whole TLV, header included: 11 octets.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.reserveCapacity(encodedLength)
        encode(into: &writer)
        return writer.bytes
    }
}

extension EVBTLV: CustomStringConvertible {
    /// The fields in the reference decode format, for example
    /// `bridge-status=0x06[BGID,RRCAP] station-status=0x00[,RRSTAT=0] R(retries)=3 RTE=14 EVBmode=bridge
    /// RWD-ROL=0 RWD=20 RKA-ROL=0 RKA=20`. Non-zero reserved bits of octet 8 are appended as `reserved=N`.
    public var description: String {
        var text =
            "bridge-status=\(bridgeStatus) station-status=\(stationStatus)"
            + " R(retries)=\(maximumRetries) RTE=\(retransmissionExponent) EVBmode=\(mode)"
            + " RWD-ROL=\(resourceWaitDelayIsRemote ? 1 : 0) RWD=\(resourceWaitDelayExponent)"
            + " RKA-ROL=\(reinitKeepAliveIsRemote ? 1 : 0) RKA=\(reinitKeepAliveExponent)"
        if reservedBits != 0 {
            text += " reserved=\(reservedBits)"
        }
        return text
    }
}
