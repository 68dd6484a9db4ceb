import VDPProtocol
import VDPWire

/// How the daemon runs the station on one interface: an `[interface NAME]` section of the configuration file.
public struct InterfaceConfiguration: Hashable, Sendable {
    /// The interface's name (`eth0`).
    public var name: String
    /// Whether LLDP with the EVB TLV runs (key `evb`, default on): off sends VDP at once with the configured
    /// values.
    public var evb = true
    /// Whether the station proposes GroupID support (key `groupids`, default on).
    public var groupIDs = true
    /// R: the ECP retries proposed, 0 to 7 (key `retries`, default 3).
    public var maximumRetries: UInt8 = 3
    /// RTE: the ECP retransmission exponent proposed, 0 to 31 (key `rte`, default 8).
    public var retransmissionExponent: UInt8 = 8
    /// RWD: the resource wait delay exponent proposed, 0 to 31 (key `rwd`, default 20).
    public var resourceWaitDelayExponent: UInt8 = 20
    /// RKA: the keep-alive exponent proposed, 0 to 31 (key `rka`, default 20).
    public var reinitKeepAliveExponent: UInt8 = 20
    /// The most VSIs clients may want on this interface (key `max-wanted-vsis`, default 65,536); further new
    /// VSIs are refused and counted.
    public var maximumWantedVSIs = InterfaceConfiguration.defaultMaximumWantedVSIs

    /// The `SCHED_FIFO` priority (1–99) of the interface's packet reader thread and of the thread its station's loop
    /// runs on (key `realtime-priority`; default none: ordinary scheduling). Needs `CAP_SYS_NICE`; without it the
    /// threads keep ordinary scheduling.
    public var realTimePriority: Int32?

    /// The largest Ethernet payload the station batches VSI TLVs into (key `max-frame-size`, default 1500, the
    /// standard's; up to 65,535), never more than the interface's MTU. Raise it only when the bridge is
    /// configured for such frames too: lldpad keeps at most 1514 octets of a frame.
    public var maximumFrameSize = Frame.maximumPayloadLength

    /// The least time from an ECPDU's acknowledgement to the next new ECPDU, retransmissions aside (key
    /// `spacing-ms`, 0 to 1,000 ms; default 0: the next ECPDU leaves as soon as the previous one is acknowledged). lldpad as a bridge needs more than 2 ms:
    /// it acknowledges an ECPDU at once but holds its ULPDU for 2 ms in a single buffer before VDP reads it, so a
    /// second ECPDU within those 2 ms overwrites the first, whose VSI then gets no answer (a request times out,
    /// a lost keep-alive lets the bridge age the VSI out).
    public var minimumSpacing = Duration.zero

    /// How the station batches on a link that carries payloads of up to `linkMaximum` octets.
    public func batching(linkMaximum: Int) -> Batching {
        .enabled(maximumPayloadLength: min(maximumFrameSize, linkMaximum))
    }

    /// The default of ``maximumWantedVSIs``: 65,536 (about 30 MB of state file and 40 MB of memory when full).
    public static let defaultMaximumWantedVSIs = 65_536

    /// A configuration with every default.
    public init(name: String) {
        self.name = name
    }

    /// The EVB configuration of the station, or `nil` without EVB.
    public var evbConfiguration: EVBConfiguration? {
        guard evb else {
            return nil
        }
        return EVBConfiguration(
            role: .station,
            maximumRetries: maximumRetries,
            retransmissionExponent: retransmissionExponent,
            resourceWaitDelayExponent: resourceWaitDelayExponent,
            reinitKeepAliveExponent: reinitKeepAliveExponent,
            supportsGroupIDs: groupIDs,
            reflectiveRelay: true
        )
    }

    /// The parameters the port runs with before (or without) negotiation.
    public var parameters: EVBParameters {
        EVBParameters(
            maximumRetries: maximumRetries,
            retransmissionExponent: retransmissionExponent,
            resourceWaitDelayExponent: resourceWaitDelayExponent,
            reinitKeepAliveExponent: reinitKeepAliveExponent,
            groupIDsSupported: groupIDs && !evb
        )
    }
}
