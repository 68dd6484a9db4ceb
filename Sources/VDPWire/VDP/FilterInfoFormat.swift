/// The filter-info format octet: which fields each filter entry holds.
///
/// Frozen: the four formats are those 802.1Qbg-2012 defines. A filter-info format outside them does
/// not decode (``VDPDecodingError/Code/unsupportedValue``), so no case will be added.
///
/// Encoded with `Codable` as the format number, 1 to 4; decoding refuses any other number with
/// `DecodingError.dataCorrupted`.
public enum FilterInfoFormat: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible, Codable {
    /// 1: `[PS/PCP/VID 2]`.
    case vid = 1
    /// 2: `[MAC 6][PS/PCP/VID 2]`.
    case macVID = 2
    /// 3: `[GroupID 4][PS/PCP/VID 2]`.
    case groupVID = 3
    /// 4: `[GroupID 4][MAC 6][PS/PCP/VID 2]`.
    case groupMACVID = 4

    /// The octets one entry takes.
    public var entryLength: Int {
        switch self {
        case .vid: 2
        case .macVID: 8
        case .groupVID: 6
        case .groupMACVID: 12
        }
    }

    /// Whether entries carry a GroupID.
    public var hasGroupID: Bool { self == .groupVID || self == .groupMACVID }
    /// Whether entries carry a MAC address.
    public var hasMAC: Bool { self == .macVID || self == .groupMACVID }

    /// The largest number of entries a VSI TLV can carry in this format: the 9-bit TLV length (511) less
    /// the 25 fixed value octets, divided by ``entryLength`` (243, 60, 81 and 40).
    public var maximumEntryCount: Int {
        (TLVHeader.maximumLength - VSITLV.fixedValueLength) / entryLength
    }

    /// `VID`, `MAC/VID`, `GroupID/VID` or `GroupID/MAC/VID`.
    public var description: String {
        switch self {
        case .vid: "VID"
        case .macVID: "MAC/VID"
        case .groupVID: "GroupID/VID"
        case .groupMACVID: "GroupID/MAC/VID"
        }
    }
}
