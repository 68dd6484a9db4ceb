/// A ratified ECP data unit (802.1Qbg-2012 clause 43), carried in Ethernet frames of type 0x8940.
///
/// ```
/// octets 0-1  version (0xF000) | operation (0x0C00) | subtype (0x03FF)
/// octets 2-3  sequence number
/// octets 4-   ULPDU (requests only)
/// ```
public struct ECPDU: Hashable, Sendable {
    /// The protocol version; 1 for every ECPDU this library sends.
    public var version: ECPVersion
    /// Request or acknowledgement.
    public var operation: ECPOperation
    /// The upper-layer protocol.
    public var subtype: ECPSubtype
    /// The sequence number: a request's own, or the one an acknowledgement answers.
    public var sequenceNumber: UInt16
    /// What follows the header.
    public var payload: ECPPayload

    /// The length of the ECP header.
    public static let headerLength = 4

    /// The largest ULPDU lldpad accepts: the 1500-octet MTU less the ECP header and room for an End TLV.
    public static let maximumULPDULength = 1493

    /// Creates an ECPDU.
    public init(
        version: ECPVersion = .v1,
        operation: ECPOperation,
        subtype: ECPSubtype = .vdp,
        sequenceNumber: UInt16,
        payload: ECPPayload
    ) {
        self.version = version
        self.operation = operation
        self.subtype = subtype
        self.sequenceNumber = sequenceNumber
        self.payload = payload
    }

    /// A version-1 request carrying a VDP ULPDU.
    public static func vdpRequest(sequenceNumber: UInt16, _ ulpdu: VDPULPDU) -> ECPDU {
        ECPDU(operation: .request, sequenceNumber: sequenceNumber, payload: .vdp(ulpdu))
    }

    /// A version-1 acknowledgement of the given sequence number, with no padding.
    public static func acknowledgement(of sequenceNumber: UInt16, subtype: ECPSubtype = .vdp) -> ECPDU {
        ECPDU(
            operation: .acknowledgement,
            subtype: subtype,
            sequenceNumber: sequenceNumber,
            payload: .acknowledgement(padding: [])
        )
    }

    /// Decodes an ECPDU from the octets after the Ethernet type.
    public init(decoding bytes: [UInt8]) throws(VDPDecodingError) {
        var reader = ByteReader(bytes)
        try self.init(from: &reader)
    }

    /// Decodes an ECPDU from the rest of `reader`.
    ///
    /// A version-1 request with subtype VDP has its ULPDU decoded as VDP TLVs. An acknowledgement keeps
    /// whatever follows the header as padding. Everything else keeps its payload opaque.
    init(from reader: inout ByteReader, options: FrameDecodingOptions = .strict) throws(VDPDecodingError) {
        let word = try reader.readUInt16(.ecpHeader)
        let sequenceNumber = try reader.readUInt16(.ecpSequenceNumber)
        try self.init(word: word, sequenceNumber: sequenceNumber, rest: &reader, options: options)
    }

    /// Whether an ECPDU with this first header word carries a VDP ULPDU: a version-1 request of subtype VDP.
    @inlinable
    static func carriesVDP(word: UInt16) -> Bool {
        word == vdpRequestWord
    }

    /// The first header word of a version-1 request of subtype VDP: version 1 (`0x1000`), operation 0, subtype 1.
    @inlinable
    static var vdpRequestWord: UInt16 { 0x1001 }

    /// Decodes the version-1 VDP request that follows the Ethernet and ECP headers of the untagged frame `bytes`,
    /// whose sequence number is already read; offsets in errors count from the start of the frame.
    @usableFromInline
    init(vdpRequestIn bytes: [UInt8], sequenceNumber: UInt16, options: FrameDecodingOptions) throws(VDPDecodingError) {
        var reader = ByteReader(
            base: bytes[...],
            position: EthernetHeader.untaggedLength + Self.headerLength,
            end: bytes.count,
            origin: 0,
            byteOrder: .bigEndian
        )
        try self.init(
            word: Self.vdpRequestWord,
            sequenceNumber: sequenceNumber,
            rest: &reader,
            options: options
        )
    }

    /// Decodes an ECPDU whose header words are already read from the rest of `reader`, which follows them.
    init(
        word: UInt16,
        sequenceNumber: UInt16,
        rest reader: inout ByteReader,
        options: FrameDecodingOptions
    ) throws(VDPDecodingError) {
        guard Self.carriesVDP(word: word) else {
            self.init(word: word, sequenceNumber: sequenceNumber, notVDP: reader.readRemainingArray())
            return
        }
        let start = reader
        let payload: ECPPayload
        do {
            payload = .vdp(try VDPULPDU(from: &reader))
        } catch  where options.salvagesMalformedVDP {
            var rest = start
            payload = .salvagedVDP(VDPSalvage(bytes: rest.readRemainingArray(), error: error))
            reader = rest
        }
        self.init(operation: .request, sequenceNumber: sequenceNumber, payload: payload)
    }

    /// An ECPDU that does not carry VDP (see ``carriesVDP(word:)``), from its header words and the octets after
    /// them: an acknowledgement keeps them as padding, any other ECPDU as its opaque payload.
    @inlinable
    init(word: UInt16, sequenceNumber: UInt16, notVDP rest: [UInt8]) {
        let operation = ECPOperation(uncheckedRawValue: UInt8(truncatingIfNeeded: word >> 10))
        self.init(
            version: ECPVersion(uncheckedRawValue: UInt8(truncatingIfNeeded: word >> 12)),
            operation: operation,
            subtype: ECPSubtype(uncheckedRawValue: word),
            sequenceNumber: sequenceNumber,
            payload: operation.rawValue == ECPOperation.acknowledgementRawValue
                ? .acknowledgement(padding: rest) : .opaque(rest)
        )
    }

    /// The encoded length in octets.
    public var encodedLength: Int { Self.headerLength + payload.encodedLength }

    func encode(into writer: inout ByteWriter) {
        writer.writeUInt16(
            UInt16(version.rawValue) << 12 | UInt16(operation.rawValue) << 10 | subtype.rawValue
        )
        writer.writeUInt16(sequenceNumber)
        payload.encode(into: &writer)
    }

    /// The ECPDU as octets (without the Ethernet header).
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.reserveCapacity(encodedLength)
        encode(into: &writer)
        return writer.bytes
    }
}

/// What follows an ECP header.
///
/// Frozen: no case will be added, so an exhaustive `switch` stays valid. The cases cover every ECPDU: VDP is the
/// one upper-layer protocol of 802.1Qbg that this codec decodes; any other (PE-CSP of 802.1BR, other versions or
/// operations) stays ``opaque(_:)``.
public enum ECPPayload: Hashable, Sendable {
    /// The VDP ULPDU of a version-1 VDP request.
    case vdp(VDPULPDU)
    /// The octets after an acknowledgement's header: empty on the wire, or Ethernet padding.
    case acknowledgement(padding: [UInt8])
    /// The payload of any other ECPDU (another version, operation or subtype), kept verbatim.
    case opaque([UInt8])
    /// A VDP ULPDU that failed strict decoding, with what could be read of it (only when decoding with
    /// ``FrameDecodingOptions/salvagesMalformedVDP``).
    case salvagedVDP(VDPSalvage)

    /// The encoded length in octets.
    public var encodedLength: Int {
        switch self {
        case .vdp(let ulpdu): ulpdu.encodedLength
        case .acknowledgement(let padding): padding.count
        case .opaque(let bytes): bytes.count
        case .salvagedVDP(let salvage): salvage.bytes.count
        }
    }

    func encode(into writer: inout ByteWriter) {
        switch self {
        case .vdp(let ulpdu): ulpdu.encode(into: &writer)
        case .acknowledgement(let padding): writer.writeBytes(padding)
        case .opaque(let bytes): writer.writeBytes(bytes)
        case .salvagedVDP(let salvage): writer.writeBytes(salvage.bytes)
        }
    }
}
