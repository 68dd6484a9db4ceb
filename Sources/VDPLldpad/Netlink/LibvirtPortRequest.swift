import VDPProtocol
import VDPWire

/// One port-profile request read from an `RTM_SETLINK` message: which interface, what to do, and the VSI.
public struct LibvirtPortRequest: Hashable, Sendable {
    /// `ifi_index` of the message (libvirt's lower device, the station's interface).
    public var interfaceIndex: Int32
    /// `IFLA_IFNAME`, or `nil` when the message carried none (the receiver then looks the index up).
    public var interfaceName: String?
    /// What is asked for.
    public var kind: LibvirtPortRequestKind
    /// The attribute set the request used.
    public var format: LibvirtAttributeFormat
    /// The VSI: manager ID, type ID and version, VSI ID (a UUID in format 1) and its filter.
    public var vsi: VSIDescriptor
    /// The migration hints of a format 2 request (M-bit: arriving, S-bit: leaving); none in format 1.
    public var hints: VSIHints
    /// `nlmsg_pid` of the request: the netlink port that is told when the bridge ends the VSI (0: nobody).
    public var requesterPortID: UInt32
    /// `nlmsg_seq` of the request, echoed in the acknowledgement and in the notification.
    public var sequence: UInt32

    /// Creates a request.
    public init(
        interfaceIndex: Int32,
        interfaceName: String?,
        kind: LibvirtPortRequestKind,
        format: LibvirtAttributeFormat,
        vsi: VSIDescriptor,
        hints: VSIHints = VSIHints(),
        requesterPortID: UInt32,
        sequence: UInt32
    ) {
        self.interfaceIndex = interfaceIndex
        self.interfaceName = interfaceName
        self.kind = kind
        self.format = format
        self.vsi = vsi
        self.hints = hints
        self.requesterPortID = requesterPortID
        self.sequence = sequence
    }
}
