/// A change to the set of network interfaces, as ``LinkMonitor`` reports it.
///
/// Frozen: these are the cases; a new kind of change would be a new major version.
public enum LinkChange: Hashable, Sendable {
    /// A link with a new index appeared (`RTM_NEWLINK` for an index not known before).
    case appeared(LinkStatus)
    /// A known link changed: administrative state, carrier, operational state, MTU, address or name (a rename
    /// keeps the index). Notifications that change none of ``LinkStatus``'s fields are not reported.
    case changed(LinkStatus)
    /// A link was removed (`RTM_DELLINK`); its last status.
    case removed(LinkStatus)
    /// The socket overran (`ENOBUFS`: the kernel dropped notifications) and the monitor dumped every link
    /// again: the complete current set, which replaces whatever the changes so far suggested.
    case resynchronised([LinkStatus])
}
