/// A VDP ULPDU checked in place: the octets it was received in, validated by the rules of ``VDPULPDU`` with the
/// same ``VDPDecodingError`` for every malformed input, and read one TLV at a time without allocating.
///
/// Making a view walks the TLV headers once through a `Span` of the octets and checks every TLV's value (a VSI
/// TLV's fixed fields, VSIID format and filter-info format and length), building nothing; ``tlvs`` and ``vsiTLVs``
/// then decode each TLV as they reach it. A VSI TLV whose filter information has one entry decodes without
/// allocating; several entries take one array, and an organizationally defined or unknown TLV one array for its
/// octets.
///
/// The view holds a reference to the octets it was made from (no copy). A ``VDPULPDU`` decoded from octets keeps
/// such a view until it is changed, so ``Frame/init(decoding:)`` of an ECP frame allocates nothing of its own.
public struct VDPULPDUView: Sendable {
    /// The octets the ULPDU lies in (possibly with more around it).
    private let base: ArraySlice<UInt8>
    /// The TLV list within ``base``: from the first TLV's header to the end of the last TLV, without the End TLV
    /// and padding.
    private let list: SpanCursor
    /// The VSI Manager ID; a valid ULPDU has exactly one, before every VSI TLV.
    public let managerID: VSIManagerID
    /// How the TLV list ends.
    public let end: TLVListEnd
    /// The number of TLVs and of VSI TLVs, clamped to 32 bits (a frame holds at most a few hundred).
    private let counts: (tlvs: UInt32, vsiTLVs: UInt32)

    /// The number of TLVs, the End TLV excluded.
    public var tlvCount: Int { Int(counts.tlvs) }
    /// The number of VSI TLVs, at least one.
    public var vsiTLVCount: Int { Int(counts.vsiTLVs) }

    /// Validates a ULPDU; offsets in errors count from the first octet of `bytes`.
    public init(validating bytes: [UInt8]) throws(VDPDecodingError) {
        var reader = ByteReader(bytes)
        try self.init(from: &reader)
    }

    /// Validates the rest of `reader` as a ULPDU and consumes it.
    ///
    /// The list ends at the end of the data, at an End TLV (type 0; its length must be 0, and every octet after it
    /// is padding), or before a single trailing zero octet (padding too short to be an End TLV).
    init(from reader: inout ByteReader) throws(VDPDecodingError) {
        let base = reader.base
        let span = base.span
        var cursor = SpanCursor(reader)
        let start = cursor
        var managerID: VSIManagerID?
        var tlvCount = 0
        var vsiTLVCount = 0
        var listEnd = cursor.end
        var end = TLVListEnd.endOfData
        walk: while cursor.remaining > 0 {
            let headerOffset = cursor.offset
            let headerPosition = cursor.position
            guard cursor.remaining > 1 else {
                guard try cursor.readUInt8(span, .tlvHeader) == 0 else {
                    throw cursor.error(.truncated, .tlvHeader, at: headerOffset)
                }
                end = TLVListEnd(hasEndTLV: false, padding: [0])
                listEnd = headerPosition
                break walk
            }
            let header = TLVHeader(word: try cursor.readUInt16(span, .tlvHeader))
            if header.type == 0 {
                guard header.length == 0 else {
                    throw cursor.error(.invalidValue, .endTLV, at: headerOffset)
                }
                end = TLVListEnd(hasEndTLV: true, padding: cursor.readRemainingArray(span))
                listEnd = headerPosition
                break walk
            }
            var value = try cursor.readCursor(count: Int(header.length), .tlvValue)
            switch try VDPTLV.validate(header: header, headerOffset: headerOffset, span: span, value: &value) {
            case .managerID(let id):
                guard managerID == nil else {
                    throw value.error(.duplicateTLV, .managerID, at: headerOffset)
                }
                managerID = id
            case .vsi:
                guard managerID != nil else {
                    throw value.error(.missingTLV, .managerID, at: headerOffset)
                }
                vsiTLVCount += 1
            case .other:
                break
            }
            tlvCount += 1
        }
        guard let managerID else {
            throw cursor.error(.missingTLV, .managerID)
        }
        guard vsiTLVCount > 0 else {
            throw cursor.error(.missingTLV, .vsiTLV)
        }
        reader.advance(to: cursor)
        self.base = base
        self.list = start.prefix(upTo: listEnd)
        self.end = end
        self.managerID = managerID
        self.counts = (UInt32(clamping: tlvCount), UInt32(clamping: vsiTLVCount))
    }

    /// The TLVs in wire order, the End TLV excluded, each decoded as it is reached.
    public var tlvs: VDPULPDU.TLVList { VDPULPDU.TLVList(base: base, list: list, count: tlvCount) }

    /// The VSI TLVs in wire order, each decoded as it is reached; other TLVs are skipped unread.
    public var vsiTLVs: VDPULPDU.VSITLVList { VDPULPDU.VSITLVList(base: base, list: list, count: vsiTLVCount) }

    /// The octets of the TLV list, the End TLV and padding excluded.
    var listOctets: ArraySlice<UInt8> {
        base[(base.startIndex + list.position)..<(base.startIndex + list.end)]
    }

    /// The encoded length in octets: the TLV list and its end.
    var encodedLength: Int { list.remaining + end.encodedLength }
}
