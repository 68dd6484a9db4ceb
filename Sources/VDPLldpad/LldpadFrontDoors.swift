import VDPDaemon

/// The front doors through which `vdpd` stands in for lldpad when its configuration says `lldpad-compatible = on`:
/// lldpad's pid file (``LldpadPIDFile``), libvirt's netlink requests (``LibvirtNetlinkFrontDoor``) and lldpad's
/// client socket (``LldpadClientSocket``).
public struct LldpadFrontDoors: DaemonFrontDoorFactory {
    /// Creates the factory.
    public init() {}

    /// The front doors for `configuration`: none unless it enables lldpad compatibility.
    public func frontDoors(for configuration: DaemonConfiguration) -> [any DaemonFrontDoor] {
        guard configuration.lldpadCompatible else {
            return []
        }
        #if os(Linux)
            // The netlink front door binds its socket when claimed, before the daemon opens its other netlink
            // sockets, so that it gets the port ID equal to the pid, which libvirt addresses.
            return [
                LldpadPIDFile(path: configuration.lldpadPIDFile), LibvirtNetlinkFrontDoor(), LldpadClientSocket(),
            ]
        #else
            return []
        #endif
    }
}
