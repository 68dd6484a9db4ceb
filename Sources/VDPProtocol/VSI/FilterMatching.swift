import VDPWire

extension FilterInfo {
    /// Whether `response` answers a request with these filters, by the rule lldpad applies (`cmp_fdata1`):
    /// same format and entry count; equal MAC addresses and GroupIDs; the VID compared only where the request's
    /// VID is not null; the whole PS/PCP/VID word compared only where the request set PS.
    ///
    /// So a bridge may fill in a null VID, and may choose the PCP where the station left PS clear.
    func isAnswered(by response: FilterInfo) -> Bool {
        guard format == response.format, entryCount == response.entryCount else {
            return false
        }
        return zip(entryList, response.entryList).allSatisfy { requested, answered in
            guard requested.mac == answered.mac, requested.groupID == answered.groupID else {
                return false
            }
            if requested.vid.prioritySignificant {
                return requested.vid.isNullVID
                    ? requested.vid.rawValue & 0xF000 == answered.vid.rawValue & 0xF000
                    : requested.vid == answered.vid
            }
            return requested.vid.isNullVID || requested.vid.vid == answered.vid.vid
        }
    }

    /// Whether two filter lists name the same MACs and GroupIDs in the same order (VIDs aside): the test a
    /// bridge applies to a request about a VSI it already has.
    func hasSameAddresses(as other: FilterInfo) -> Bool {
        format == other.format && entryCount == other.entryCount
            && zip(entryList, other.entryList).allSatisfy { $0.mac == $1.mac && $0.groupID == $1.groupID }
    }
}
