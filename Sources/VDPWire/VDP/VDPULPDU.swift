/// A VDP ULPDU: the TLVs one ECPDU carries.
///
/// The rules checked when decoding (802.1Qbg-2012 clause 41, and what lldpad enforces):
/// - exactly one VSI Manager ID TLV, before every VSI TLV, and at least one VSI TLV;
/// - every TLV's declared length lies within the ULPDU;
/// - a VSI TLV's length is exactly `25 + n·k` with n ≥ 1;
/// - the list ends at the end of the data or at an End TLV (lldpad sends none; Ethernet padding zeros read
///   as one), and whatever follows is kept as padding.
///
/// Several VSI TLVs may share one ULPDU and its Manager ID.
public struct VDPULPDU: Hashable, Sendable {
    /// The TLVs in wire order, the End TLV excluded.
    public var tlvs: [VDPTLV]
    /// How the TLV list ends.
    public var end: TLVListEnd

    /// Creates a ULPDU from TLVs in wire order.
    public init(tlvs: [VDPTLV], end: TLVListEnd = .endOfData) {
        self.tlvs = tlvs
        self.end = end
    }

    /// A ULPDU of a Manager ID followed by VSI TLVs, ended like lldpad's (no End TLV).
    public init(managerID: VSIManagerID, vsis: [VSITLV], end: TLVListEnd = .endOfData) {
        var tlvs: [VDPTLV] = [.managerID(managerID)]
        tlvs.reserveCapacity(1 + vsis.count)
        for vsi in vsis {
            tlvs.append(.vsi(vsi))
        }
        self.init(tlvs: tlvs, end: end)
    }

    /// The VSI Manager ID, if the ULPDU carries one.
    public var managerID: VSIManagerID? {
        for case .managerID(let managerID) in tlvs {
            return managerID
        }
        return nil
    }

    /// The VSI TLVs in wire order.
    public var vsiTLVs: [VSITLV] {
        tlvs.compactMap {
            if case .vsi(let vsi) = $0 { vsi } else { nil }
        }
    }

    /// Decodes a ULPDU.
    public init(decoding bytes: [UInt8]) throws(VDPDecodingError) {
        var reader = ByteReader(bytes)
        try self.init(from: &reader)
    }

    /// Decodes a ULPDU from the rest of `reader`.
    init(from reader: inout ByteReader) throws(VDPDecodingError) {
        var tlvs: [VDPTLV] = []
        tlvs.reserveCapacity(Self.countTLVHeaders(reader))
        var sawManagerID = false
        self.end = try reader.readTLVList { (header, headerOffset, value) throws(VDPDecodingError) in
            let tlv = try VDPTLV(header: header, headerOffset: headerOffset, value: &value)
            switch tlv {
            case .managerID:
                guard !sawManagerID else {
                    throw value.error(.duplicateTLV, .managerID, at: headerOffset)
                }
                sawManagerID = true
            case .vsi:
                guard sawManagerID else {
                    throw value.error(.missingTLV, .managerID, at: headerOffset)
                }
            case .organizationallyDefined, .unknown:
                break
            }
            tlvs.append(tlv)
        }
        guard sawManagerID else {
            throw reader.error(.missingTLV, .managerID)
        }
        guard tlvs.contains(where: { if case .vsi = $0 { true } else { false } }) else {
            throw reader.error(.missingTLV, .vsiTLV)
        }
        self.tlvs = tlvs
    }

    /// The encoded length in octets.
    public var encodedLength: Int {
        tlvs.reduce(end.encodedLength) { $0 + $1.encodedLength }
    }

    /// How many TLV headers the walk will meet, counted without decoding, so the TLV array is allocated once.
    private static func countTLVHeaders(_ reader: ByteReader) -> Int {
        var probe = reader
        var count = 0
        while let word = try? probe.readUInt16(.tlvHeader) {
            let header = TLVHeader(word: word)
            guard header.type != 0, (try? probe.readSlice(count: Int(header.length), .tlvValue)) != nil else {
                break
            }
            count += 1
        }
        return count
    }

    func encode(into writer: inout ByteWriter) {
        for tlv in tlvs {
            tlv.encode(into: &writer)
        }
        end.encode(into: &writer)
    }

    /// The ULPDU as octets.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.reserveCapacity(encodedLength)
        encode(into: &writer)
        return writer.bytes
    }
}
