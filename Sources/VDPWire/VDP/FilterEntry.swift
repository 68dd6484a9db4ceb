/// One filter entry: the PS/PCP/VID word, with the GroupID and MAC address its format calls for.
///
/// Encoded with `Codable` as one flat object: `groupID` (formats 3 and 4) and `mac` (formats 2 and 4) when
/// present, then the word's `vid`, `pcp` and `prioritySignificant` as ``FilterVID`` encodes them:
/// `{"mac": "52:54:00:00:00:01", "vid": 100, "pcp": 0, "prioritySignificant": false}`.
public struct FilterEntry: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The GroupID (formats 3 and 4), otherwise `nil`.
    public var groupID: GroupID?
    /// The MAC address (formats 2 and 4), otherwise `nil`.
    public var mac: MACAddress?
    /// The PS, PCP and VID.
    public var vid: FilterVID

    /// Creates an entry.
    public init(groupID: GroupID? = nil, mac: MACAddress? = nil, vid: FilterVID) {
        self.groupID = groupID
        self.mac = mac
        self.vid = vid
    }

    /// The format whose fields this entry holds.
    public var format: FilterInfoFormat {
        switch (groupID != nil, mac != nil) {
        case (false, false): .vid
        case (false, true): .macVID
        case (true, false): .groupVID
        case (true, true): .groupMACVID
        }
    }

    /// `GroupID=4097 MAC=52:54:00:00:00:01 PS=0 PCP=0 VID=300`, the reference-decode form.
    public var description: String {
        var text = ""
        if let groupID {
            text += "GroupID=\(groupID) "
        }
        if let mac {
            text += "MAC=\(mac) "
        }
        return text + vid.description
    }

    private enum CodingKeys: String, CodingKey {
        case groupID, mac, vid, pcp, prioritySignificant
    }

    /// Decodes the entry; throws `DecodingError.dataCorrupted` for a MAC address, VID or PCP out of range.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.groupID = try container.decodeIfPresent(GroupID.self, forKey: .groupID)
        self.mac = try container.decodeIfPresent(MACAddress.self, forKey: .mac)
        self.vid = try FilterVID(from: container, vid: .vid, pcp: .pcp, prioritySignificant: .prioritySignificant)
    }

    /// Encodes the entry, leaving out an absent GroupID or MAC address.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(groupID, forKey: .groupID)
        try container.encodeIfPresent(mac, forKey: .mac)
        try vid.encode(into: &container, vid: .vid, pcp: .pcp, prioritySignificant: .prioritySignificant)
    }
}
