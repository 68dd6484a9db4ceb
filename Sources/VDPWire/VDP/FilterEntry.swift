/// One filter entry: the PS/PCP/VID word, with the GroupID and MAC address its format calls for.
public struct FilterEntry: Hashable, Sendable, CustomStringConvertible {
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
        var parts: [String] = []
        if let groupID {
            parts.append("GroupID=\(groupID)")
        }
        if let mac {
            parts.append("MAC=\(mac)")
        }
        parts.append(vid.description)
        return parts.joined(separator: " ")
    }
}
