import VDPOpenvSwitch

/// `vdpctl bridge`'s Open vSwitch options: forward each associated VSI into its virtual network on an OVS bridge.
struct OpenvSwitchOptions: Sendable, Equatable {
    /// `--ovs-bridge BR`.
    var bridge: String
    /// `--ovs-tunnel-port PORT`: one VXLAN port keyed by the VN ID; without it, one port per VN.
    var tunnelPort: String?
    /// `--ovs-vn-port-prefix PREFIX`: the per-VN ports' names (`vx` by default: `vx5001`).
    var vnPortPrefix = "vx"
    /// `--ovs-default-vn N`: the VN of entries without a GroupID.
    var defaultVNID: UInt32?
    /// `--ovs-target TARGET`: how `ovs-ofctl` reaches the switch (`unix:DIR/BR.mgmt`).
    var target: String?
    /// `--ovs-ofctl PATH`.
    var ofctl = "/usr/bin/ovs-ofctl"
    /// `--ovs-hairpin`: send traffic between the port's VSIs back out of it (stations in VEPA mode).
    var hairpin = false

    /// The backend's configuration for the station port `interface`.
    func configuration(stationPort interface: String) -> OpenvSwitchConfiguration {
        OpenvSwitchConfiguration(
            bridge: bridge,
            stationPort: interface,
            tunnel: tunnelPort.map { .key(port: $0) } ?? .portPerVN(prefix: vnPortPrefix),
            defaultVNID: defaultVNID,
            hairpin: hairpin,
            ofctl: ofctl,
            switchTarget: target
        )
    }

    /// Whether `word` is one of these options.
    static func isOption(_ word: String) -> Bool {
        [
            "--ovs-bridge", "--ovs-tunnel-port", "--ovs-hairpin", "--ovs-vn-port-prefix", "--ovs-default-vn",
            "--ovs-target", "--ovs-ofctl",
        ].contains(word)
    }

    /// Whether `word` is an option without a value.
    static func isFlag(_ word: String) -> Bool { word == "--ovs-hairpin" }

    /// Applies one option and its value to `options` (created by `--ovs-bridge`, which the others need).
    static func apply(_ word: String, _ value: String?, to options: inout OpenvSwitchOptions?) -> CommandLineError? {
        if isFlag(word) {
            var parsed = options ?? OpenvSwitchOptions(bridge: "")
            parsed.hairpin = true
            options = parsed
            return nil
        }
        guard let value, !value.isEmpty, !value.hasPrefix("--") else {
            return CommandLineError("\(word) needs a value")
        }
        var parsed = options ?? OpenvSwitchOptions(bridge: "")
        switch word {
        case "--ovs-bridge": parsed.bridge = value
        case "--ovs-tunnel-port": parsed.tunnelPort = value
        case "--ovs-vn-port-prefix": parsed.vnPortPrefix = value
        case "--ovs-target": parsed.target = value
        case "--ovs-ofctl": parsed.ofctl = value
        default:
            guard let vn = UInt32(value), vn <= 0xFF_FFFF else {
                return CommandLineError("--ovs-default-vn needs a VN ID from 0 to 16777215")
            }
            parsed.defaultVNID = vn
        }
        options = parsed
        return nil
    }
}
