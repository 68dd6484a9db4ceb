/// An Ethernet frame carrying LLDP, ratified ECP or draft-0.2 ECP: the unit a transport sends and receives.
///
/// Decoding picks the payload type from the Ethernet type: 0x88CC → ``FramePayload/lldp(_:)``, 0x8940 →
/// ``FramePayload/ecp(_:)``, 0x88B7 with OUI 00-1B-3F → ``FramePayload/draftECP(_:)``; anything else stays
/// ``FramePayload/other(_:)`` (an OUI-extended payload must still hold its OUI and protocol ID). Frames shorter than the 60-octet Ethernet minimum are accepted (veth does
/// not pad), and padding is kept so the frame re-encodes byte for byte. Payloads longer than the 1500-octet
/// MTU are refused unless the options allow more (``FrameDecodingOptions/maximumPayloadLength``, for jumbo ECPDUs
/// between two ends configured for them).
public struct Frame: Hashable, Sendable {
    /// The Ethernet header.
    public var header: EthernetHeader
    /// The decoded payload.
    public var payload: FramePayload

    /// The largest payload accepted by default: the standard Ethernet MTU.
    public static let maximumPayloadLength = 1500
    /// The minimum Ethernet frame length without FCS; shorter frames are padded by ``encoded(padToMinimumLength:)``.
    public static let minimumLength = 60

    /// Creates a frame.
    public init(header: EthernetHeader, payload: FramePayload) {
        self.header = header
        self.payload = payload
    }

    /// A ratified ECP frame to the nearest customer bridge address.
    public static func ecp(_ ecpdu: ECPDU, from source: MACAddress) -> Frame {
        Frame(
            header: EthernetHeader(destination: .nearestCustomerBridge, source: source, etherType: .ecp),
            payload: .ecp(ecpdu)
        )
    }

    /// An LLDP frame to the nearest customer bridge address (where the EVB TLV is exchanged).
    public static func lldp(_ lldpdu: LLDPDU, from source: MACAddress) -> Frame {
        Frame(
            header: EthernetHeader(destination: .nearestCustomerBridge, source: source, etherType: .lldp),
            payload: .lldp(lldpdu)
        )
    }

    /// Decodes a frame that starts with the destination address and ends without an FCS; any malformed part
    /// throws.
    @inlinable @inline(__always)
    public init(decoding bytes: [UInt8]) throws(VDPDecodingError) {
        try self.init(decoding: bytes, options: .strict)
    }

    /// Decodes a frame that starts with the destination address and ends without an FCS, as `options` say.
    ///
    /// An untagged ECP frame, what a port receives most, is read in one pass: the Ethernet and ECP headers through
    /// one bounds check and three loads, and the frame built from them directly. That pass is inlined into the
    /// caller, so that the frame is built where the caller keeps it; a VDP ULPDU and every other frame are decoded
    /// out of line.
    @inlinable @inline(__always)
    public init(decoding bytes: [UInt8], options: FrameDecodingOptions) throws(VDPDecodingError) {
        let span = bytes.span.bytes
        guard span.byteCount >= EthernetHeader.untaggedLength + ECPDU.headerLength,
            span.unsafeLoadUnaligned(fromByteOffset: 12, as: UInt16.self).bigEndian == EtherType.ecp.rawValue
        else {
            try self.init(generalDecoding: bytes, options: options)
            return
        }
        guard bytes.count - EthernetHeader.untaggedLength <= options.maximumPayloadLength else {
            throw VDPDecodingError(.tooLong, field: .ethernetPayload, offset: EthernetHeader.untaggedLength)
        }
        let addresses = span.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt64.self).bigEndian
        let source = span.unsafeLoadUnaligned(fromByteOffset: 6, as: UInt64.self).bigEndian
        let ecpHeader = span.unsafeLoadUnaligned(fromByteOffset: 14, as: UInt32.self).bigEndian
        let word = UInt16(truncatingIfNeeded: ecpHeader >> 16)
        let sequenceNumber = UInt16(truncatingIfNeeded: ecpHeader)
        let ecpdu: ECPDU
        if ECPDU.carriesVDP(word: word) {
            ecpdu = try ECPDU(vdpRequestIn: bytes, sequenceNumber: sequenceNumber, options: options)
        } else {
            let headersLength = EthernetHeader.untaggedLength + ECPDU.headerLength
            let rest = bytes.count > headersLength ? Array(bytes[headersLength...]) : []
            ecpdu = ECPDU(word: word, sequenceNumber: sequenceNumber, notVDP: rest)
        }
        self.init(
            header: EthernetHeader(
                destination: MACAddress(uncheckedRawValue: addresses >> 16),
                source: MACAddress(uncheckedRawValue: source >> 16),
                etherType: .ecp
            ),
            payload: .ecp(ecpdu)
        )
    }

    /// Decodes any frame, header by header: what ``init(decoding:options:)`` does for all but an untagged ECP
    /// frame.
    @usableFromInline
    init(generalDecoding bytes: [UInt8], options: FrameDecodingOptions) throws(VDPDecodingError) {
        var reader = ByteReader(bytes)
        let header = try EthernetHeader(from: &reader)
        guard reader.remaining <= options.maximumPayloadLength else {
            throw reader.error(.tooLong, .ethernetPayload)
        }
        let payload: FramePayload
        switch header.etherType {
        case .lldp:
            payload = .lldp(try LLDPDU(from: &reader))
        case .ecp:
            payload = .ecp(try ECPDU(from: &reader, options: options))
        case .ouiExtended:
            guard reader.remaining >= DraftECPDU.ouiExtendedHeaderLength else {
                throw reader.error(.truncated, .draftECPHeader)
            }
            if DraftECPDU.isDraftECP(reader) {
                payload = .draftECP(try DraftECPDU(from: &reader))
            } else {
                payload = .other(reader.readRemainingArray())
            }
        default:
            payload = .other(reader.readRemainingArray())
        }
        self.init(header: header, payload: payload)
    }

    /// The encoded length in octets, before any padding added by ``encoded(padToMinimumLength:)``.
    public var encodedLength: Int { header.encodedLength + payload.encodedLength }

    /// Appends the frame's octets to `bytes`.
    public func encode(into bytes: inout [UInt8]) {
        var writer = ByteWriter(appendingTo: bytes)
        bytes = []
        writer.reserveCapacity(encodedLength)
        header.encode(into: &writer)
        payload.encode(into: &writer)
        bytes = writer.bytes
    }

    /// The frame's octets; with `padToMinimumLength`, zero-padded to 60 octets as a NIC would send it.
    public func encoded(padToMinimumLength: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(encodedLength, Self.minimumLength))
        encode(into: &bytes)
        if padToMinimumLength && bytes.count < Self.minimumLength {
            bytes.append(contentsOf: repeatElement(0, count: Self.minimumLength - bytes.count))
        }
        return bytes
    }
}

/// The payload of a ``Frame``.
///
/// Frozen: no case will be added, so an exhaustive `switch` stays valid. The cases are the three Ethernet types of
/// 802.1Qbg (LLDP, ECP, draft-0.2 ECP) and ``other(_:)``, which keeps every other payload verbatim; another
/// protocol would be decoded from those octets, not given a case here.
public enum FramePayload: Hashable, Sendable {
    /// An LLDPDU (Ethernet type 0x88CC).
    case lldp(LLDPDU)
    /// A ratified ECPDU (Ethernet type 0x8940).
    case ecp(ECPDU)
    /// A draft-0.2 ECPDU (Ethernet type 0x88B7, OUI 00-1B-3F, protocol 0).
    case draftECP(DraftECPDU)
    /// Any other payload, kept verbatim.
    case other([UInt8])

    /// The encoded length in octets.
    public var encodedLength: Int {
        switch self {
        case .lldp(let lldpdu): lldpdu.encodedLength
        case .ecp(let ecpdu): ecpdu.encodedLength
        case .draftECP(let ecpdu): ecpdu.encodedLength
        case .other(let bytes): bytes.count
        }
    }

    func encode(into writer: inout ByteWriter) {
        switch self {
        case .lldp(let lldpdu): lldpdu.encode(into: &writer)
        case .ecp(let ecpdu): ecpdu.encode(into: &writer)
        case .draftECP(let ecpdu): ecpdu.encode(into: &writer)
        case .other(let bytes): writer.writeBytes(bytes)
        }
    }
}
