import Testing
import VDPOpenvSwitch

@testable import VDPControl

/// `vdpctl bridge --ovs-…`: the data-plane options and the backend configuration they make.
@Suite struct OpenvSwitchOptionTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var words: [String]
        var configuration: OpenvSwitchConfiguration?
        var error: String?
        var testDescription: String { words.joined(separator: " ") }
    }

    static let rows: [Row] = [
        Row(words: ["-i", "p1"], configuration: nil),
        Row(
            words: ["-i", "p1", "--ovs-bridge", "br-nve"],
            configuration: OpenvSwitchConfiguration(
                bridge: "br-nve",
                stationPort: "p1",
                tunnel: .portPerVN(prefix: "vx")
            )
        ),
        Row(
            words: [
                "-i", "p1", "--ovs-bridge", "br0", "--ovs-tunnel-port", "vxlan0", "--ovs-default-vn", "42",
                "--ovs-target", "unix:/run/nve/br0.mgmt", "--ovs-ofctl", "/opt/ovs/bin/ovs-ofctl",
            ],
            configuration: OpenvSwitchConfiguration(
                bridge: "br0",
                stationPort: "p1",
                tunnel: .key(port: "vxlan0"),
                defaultVNID: 42,
                ofctl: "/opt/ovs/bin/ovs-ofctl",
                switchTarget: "unix:/run/nve/br0.mgmt"
            )
        ),
        Row(
            words: ["-i", "p1", "--ovs-bridge", "br0", "--ovs-hairpin", "--ovs-vn-port-prefix", "vni"],
            configuration: OpenvSwitchConfiguration(
                bridge: "br0",
                stationPort: "p1",
                tunnel: .portPerVN(prefix: "vni"),
                hairpin: true
            )
        ),
        Row(words: ["-i", "p1", "--ovs-tunnel-port", "vxlan0"], error: "the --ovs-… options need --ovs-bridge"),
        Row(
            words: ["-i", "p1", "-i", "p2", "--ovs-bridge", "br0"],
            error: "--ovs-bridge serves one --interface (the bridge's station port)"
        ),
        Row(
            words: ["-i", "p1", "--ovs-bridge", "br0", "--ovs-default-vn", "16777216"],
            error: "--ovs-default-vn needs a VN ID from 0 to 16777215"
        ),
        Row(words: ["-i", "p1", "--ovs-bridge"], error: "--ovs-bridge needs a value"),
    ]

    @Test(arguments: rows) func parse(_ row: Row) {
        switch AgentOptions.parse(row.words) {
        case .success(let options):
            #expect(row.error == nil)
            #expect(options.openvSwitch?.configuration(stationPort: "p1") == row.configuration)
        case .failure(let error):
            #expect(error.message == row.error)
        }
    }
}
