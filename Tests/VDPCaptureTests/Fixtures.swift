import Foundation
import VDPCapture

/// Locates and loads the capture fixtures shipped in the package's `Fixtures` folder.
enum Fixtures {
    /// The package root: three levels up from `Tests/VDPCaptureTests/Fixtures.swift`.
    static let packageRoot: String = {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)
        return components.joined(separator: "/")
    }()

    /// The folder holding the lldpad captures.
    static let lldpadDirectory = packageRoot + "/Fixtures/lldpad"

    /// The folder holding the adversarial captures.
    static let adversarialDirectory = packageRoot + "/Fixtures/adversarial"

    /// The path of `name` (without extension) in the lldpad folder.
    static func lldpadPath(_ name: String) -> String {
        "\(lldpadDirectory)/\(name).pcap"
    }

    /// The raw bytes of the lldpad capture `name`.
    static func lldpadBytes(_ name: String) throws -> [UInt8] {
        try CaptureFile.readBytes(atPath: lldpadPath(name))
    }

    /// The names (without extension) of every `.pcap` file in `directory`, sorted.
    static func pcapNames(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".pcap") }
            .map { String($0.dropLast(".pcap".count)) }
            .sorted()
    }

    /// Packet counts from `Fixtures/lldpad/MANIFEST.md`.
    static let expectedPacketCounts: [String: Int] = [
        "lldp-evb-negotiation": 16,
        "vdp22-assoc-mac-vid": 12,
        "vdp22-assoc-vid-only": 4,
        "vdp22-groupid-vid": 4,
        "vdp22-preassoc-then-assoc": 8,
        "vdp22-preassoc-rr": 4,
        "vdp22-deassoc": 8,
        "vdp22-null-vid": 8,
        "vdp22-null-vid-bridge-assigns": 16,
        "vdp22-keepalive-60s": 24,
        "ecp22-retransmit": 7,
        "vdp22-bridge-deassoc-kato": 16,
        "vdp22-bridge-reject-no-resources": 4,
        "vdp22-bridge-reject-hard-error": 4,
        "vdp22-assoc-changed-filter": 16,
        "vdp22-groupid-not-negotiated": 4,
        "prestd-evb-ecp-vdp": 26,
        "vdp22-perf-assoc-100": 504,
        "vdp22-perf-assoc-100-rte8": 400,
    ]

    /// The fixture names, sorted, for parameterized tests.
    static let lldpadNames: [String] = expectedPacketCounts.keys.sorted()
}
