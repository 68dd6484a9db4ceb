/// The status of a reply on lldpad's client socket: the two hex digits after `R` (`R00` success, `R05` invalid
/// parameters).
///
/// An extensible set of lldpad's `cmd_status` codes and the VDP module's own three; vdptool prints each as a
/// sentence (``success`` "Successful", ``badParameters`` "Invalid parameters", ``vdpBusy`` "VSI association in
/// progress").
public struct LldpadClientStatus: Error, RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The code, written as two lower-case hex digits.
    public var rawValue: UInt8

    /// Wraps a code.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Done (`cmd_success`).
    public static let success = LldpadClientStatus(rawValue: 0)
    /// Failed for another reason (`cmd_failed`): a detach or level change from a client not attached.
    public static let failed = LldpadClientStatus(rawValue: 1)
    /// No such interface or module (`cmd_device_not_found`).
    public static let deviceNotFound = LldpadClientStatus(rawValue: 2)
    /// The command is not understood (`cmd_invalid`): an unknown command letter, a malformed header.
    public static let invalid = LldpadClientStatus(rawValue: 4)
    /// The arguments are malformed or incomplete (`cmd_bad_params`).
    public static let badParameters = LldpadClientStatus(rawValue: 5)
    /// The command does not apply (`cmd_not_applicable`): a message version other than 3.
    public static let notApplicable = LldpadClientStatus(rawValue: 9)
    /// The sender is not root (`cmd_no_access`).
    public static let noAccess = LldpadClientStatus(rawValue: 10)
    /// The agent type is not the nearest customer bridge (`cmd_agent_not_supported`).
    public static let agentNotSupported = LldpadClientStatus(rawValue: 11)
    /// VDP does not run on the interface: no bridge has negotiated EVB (`cmd_vdp_prot_no_support`).
    public static let vdpProtocolNotSupported = LldpadClientStatus(rawValue: 13)
    /// No room for another VSI (`cmd_vdp_nomem`); lldpad also answers this to a set command without arguments.
    public static let vdpNoMemory = LldpadClientStatus(rawValue: 14)
    /// A request for the VSI is outstanding, or too many are (`cmd_vdp_busy`).
    public static let vdpBusy = LldpadClientStatus(rawValue: 15)
    /// A set command without any filter: lldpad returns its internal `-EINVAL` (-22) as the status, whose low
    /// octet vdptool reads (`Rea`, "Unknown status").
    public static let noFilter = LldpadClientStatus(rawValue: 0xEA)

    /// The two hex digits.
    public var description: String {
        LldpadHex.byte(rawValue)
    }
}
