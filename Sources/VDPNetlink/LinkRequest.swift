/// Builders of the rtnetlink link requests this module sends.
public enum LinkRequest {
    /// An `RTM_GETLINK` dump request for every link: `NLM_F_REQUEST | NLM_F_DUMP`, an empty `ifinfomsg`.
    ///
    /// - Parameter sequence: `nlmsg_seq`, which the replies echo.
    public static func dump(sequence: UInt32) -> [UInt8] {
        var writer = NetlinkMessageWriter(type: .getLink, flags: [.request, .dump], sequence: sequence)
        // 16 octets always fit.
        try? writer.append(InterfaceInfoMessage().encoded)
        return writer.bytes
    }
}
