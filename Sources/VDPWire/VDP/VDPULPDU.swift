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
///
/// A decoded ULPDU keeps the octets it was decoded from, validated (a ``VDPULPDUView``), and decodes its TLVs
/// from them when they are read: decoding allocates nothing, ``tlvList`` and ``vsiTLVList`` read the TLVs
/// without allocating, and ``tlvs`` and ``vsiTLVs`` build arrays. Setting ``tlvs`` replaces the octets.
public struct VDPULPDU: Hashable, Sendable {
    /// The TLVs and the list's end as built, or the validated octets they were decoded from (which hold the end).
    private var storage: Storage

    private enum Storage: Sendable {
        case built([VDPTLV], TLVListEnd)
        case received(VDPULPDUView)
    }

    /// Creates a ULPDU from TLVs in wire order.
    public init(tlvs: [VDPTLV], end: TLVListEnd = .endOfData) {
        self.storage = .built(tlvs, end)
    }

    /// A ULPDU of a Manager ID followed by VSI TLVs, ended like lldpad's (no End TLV).
    public init(managerID: VSIManagerID, vsis: [VSITLV], end: TLVListEnd = .endOfData) {
        var tlvs: [VDPTLV] = []
        tlvs.reserveCapacity(1 + vsis.count)
        tlvs.append(.managerID(managerID))
        for vsi in vsis {
            tlvs.append(.vsi(vsi))
        }
        self.init(tlvs: tlvs, end: end)
    }

    /// The ULPDU a validated view holds; it keeps the view's octets, and decodes its TLVs when they are read.
    public init(_ view: VDPULPDUView) {
        self.storage = .received(view)
    }

    /// Empties a ULPDU built from TLVs and returns its TLV array, so that the next ULPDU can be built in the same
    /// storage (emptied then with `removeAll(keepingCapacity: true)`) without allocating; `nil` for a received
    /// ULPDU. The storage is reused only if nothing else holds it by then (otherwise emptying it allocates, as
    /// for any array).
    package mutating func takeTLVStorage() -> [VDPTLV]? {
        guard case .built(let tlvs, let end) = storage else {
            return nil
        }
        storage = .built([], end)
        return tlvs
    }

    /// How the TLV list ends. Setting it on a decoded ULPDU replaces its octets with the TLVs read from them.
    public var end: TLVListEnd {
        get {
            switch storage {
            case .built(_, let end): end
            case .received(let view): view.end
            }
        }
        set {
            storage = .built(tlvs, newValue)
        }
    }

    /// The TLVs in wire order, the End TLV excluded, as an array (built from the octets of a decoded ULPDU on
    /// every read; ``tlvList`` reads them in place).
    public var tlvs: [VDPTLV] {
        get {
            switch storage {
            case .built(let tlvs, _): tlvs
            case .received(let view): Array(view.tlvs)
            }
        }
        set {
            storage = .built(newValue, end)
        }
    }

    /// The TLVs in wire order, the End TLV excluded, read without allocating.
    public var tlvList: TLVList {
        switch storage {
        case .built(let tlvs, _): TLVList(tlvs)
        case .received(let view): view.tlvs
        }
    }

    /// The VSI TLVs in wire order, read without allocating.
    public var vsiTLVList: VSITLVList {
        switch storage {
        case .built(let tlvs, _): VSITLVList(tlvs)
        case .received(let view): view.vsiTLVs
        }
    }

    /// The VSI Manager ID, if the ULPDU carries one.
    public var managerID: VSIManagerID? {
        switch storage {
        case .built(let tlvs, _):
            for case .managerID(let managerID) in tlvs {
                return managerID
            }
            return nil
        case .received(let view):
            return view.managerID
        }
    }

    /// The VSI TLVs in wire order, as an array.
    public var vsiTLVs: [VSITLV] {
        Array(vsiTLVList)
    }

    /// Decodes a ULPDU.
    public init(decoding bytes: [UInt8]) throws(VDPDecodingError) {
        var reader = ByteReader(bytes)
        try self.init(from: &reader)
    }

    /// Decodes a ULPDU from the rest of `reader`: validates it in place (see ``VDPULPDUView``).
    init(from reader: inout ByteReader) throws(VDPDecodingError) {
        self.init(try VDPULPDUView(from: &reader))
    }

    /// The encoded length in octets.
    public var encodedLength: Int {
        switch storage {
        case .built(let tlvs, let end): tlvs.reduce(end.encodedLength) { $0 + $1.encodedLength }
        case .received(let view): view.encodedLength
        }
    }

    /// Whether two ULPDUs hold equal TLVs and end alike, however each is stored.
    public static func == (lhs: VDPULPDU, rhs: VDPULPDU) -> Bool {
        lhs.end == rhs.end && lhs.tlvList.elementsEqual(rhs.tlvList)
    }

    /// Hashes the TLVs and the end, however they are stored.
    public func hash(into hasher: inout Hasher) {
        var count = 0
        for tlv in tlvList {
            hasher.combine(tlv)
            count += 1
        }
        hasher.combine(count)
        hasher.combine(end)
    }

    func encode(into writer: inout ByteWriter) {
        switch storage {
        case .built(let tlvs, _):
            for tlv in tlvs {
                tlv.encode(into: &writer)
            }
        case .received(let view):
            // A validated ULPDU re-encodes to the octets it was decoded from.
            writer.writeBytes(view.listOctets)
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
