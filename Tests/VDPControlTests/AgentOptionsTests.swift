import Testing
import VDPProtocol

@testable import VDPControl

/// The EVB options of `vdpctl station` and `vdpctl bridge`: local exponents and the ceilings on the peer's.
@Suite struct AgentOptionsTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var words: [String]
        var configuration: EVBConfiguration?
        var error: String?
        var testDescription: String { words.joined(separator: " ") }
    }

    static let rows: [Row] = [
        Row(
            words: ["-i", "eth0"],
            configuration: EVBConfiguration(role: .bridge, supportsGroupIDs: true, reflectiveRelay: true)
        ),
        Row(
            words: ["-i", "eth0", "--rte", "14", "--rwd", "21", "--rka", "22"],
            configuration: EVBConfiguration(
                role: .bridge,
                retransmissionExponent: 14,
                resourceWaitDelayExponent: 21,
                reinitKeepAliveExponent: 22,
                supportsGroupIDs: true,
                reflectiveRelay: true
            )
        ),
        Row(
            words: ["-i", "eth0", "--max-rte", "12", "--max-rwd", "20", "--max-rka", "31"],
            configuration: EVBConfiguration(
                role: .bridge,
                supportsGroupIDs: true,
                reflectiveRelay: true,
                ceilings: EVBCeilings(
                    retransmissionExponent: 12,
                    resourceWaitDelayExponent: 20,
                    reinitKeepAliveExponent: 31
                )
            )
        ),
        Row(words: ["-i", "eth0", "--max-rka", "32"], error: "--max-rka needs 0…31"),
        Row(words: ["-i", "eth0", "--max-rte"], error: "--max-rte needs 0…31"),
        Row(words: ["-i", "eth0", "--no-evb", "--max-rte", "9"], configuration: nil),
    ]

    @Test(arguments: rows)
    func parse(_ row: Row) {
        switch AgentOptions.parse(row.words) {
        case .success(let options):
            #expect(row.error == nil)
            #expect(options.evbConfiguration(.bridge) == row.configuration)
        case .failure(let error):
            #expect(error.message == row.error)
        }
    }
}
