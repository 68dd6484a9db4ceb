import VDPCapture
import VDPWire

@testable import VDPProtocol

/// Helpers shared by the ECP, EVB and LLDP agent tests.
enum ECPTestSupport {
    /// The package root: three path components above this file (file, VDPProtocolTests, Tests).
    static let packageRoot: String = {
        let components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        return components.dropLast(3).joined(separator: "/")
    }()

    /// The frames of `Fixtures/lldpad/<name>.pcap`, decoded.
    static func frames(_ name: String) throws -> [Frame] {
        let packets = try CaptureFile.packets(atPath: packageRoot + "/Fixtures/lldpad/" + name + ".pcap")
        return try packets.map { packet in try Frame(decoding: packet.data) }
    }

    /// Parses hex text, ignoring everything that is not a hex digit.
    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.filter(\.isHexDigit))
        return stride(from: 0, to: digits.count - 1, by: 2).map { index in
            UInt8(String(digits[index...index + 1]), radix: 16) ?? 0
        }
    }

    /// Decodes a whole EVB TLV (header included) from hex.
    static func evb(_ text: String) -> EVBTLV {
        try! EVBTLV(decoding: hex(text))
    }

    /// A distinct small VDP ULPDU for each `number`: a Manager ID TLV holding that number.
    static func ulpdu(_ number: UInt8) -> VDPULPDU {
        VDPULPDU(managerID: VSIManagerID(singleOctet: number), vsis: [])
    }

    /// A version-1 VDP request carrying ``ulpdu(_:)``.
    static func request(_ sequenceNumber: UInt16, _ number: UInt8) -> ECPDU {
        .vdpRequest(sequenceNumber: sequenceNumber, ulpdu(number))
    }

    /// `.zero` plus `microseconds`.
    static func at(_ microseconds: Int64) -> Instant {
        .zero + .microseconds(microseconds)
    }

    /// `.zero` plus `milliseconds`.
    static func ms(_ milliseconds: Int64) -> Instant {
        .zero + .milliseconds(milliseconds)
    }

    /// The four EVB TLVs WIRE.md §5.1 shows as seen on the wire ([EXP]): both sides with group IDs and RR
    /// requested / capable, lldpad defaults otherwise (R 3, RTE 8, RWD 20, RKA 20).
    enum Vectors {
        static let stationBeforeBridge = "fe 09 00 80 c2 0d 00 0f 68 94 14"
        static let bridgeBeforeStation = "fe 09 00 80 c2 0d 06 00 68 54 14"
        static let stationSteady = "fe 09 00 80 c2 0d 07 0d 68 b4 34"
        static let bridgeSteady = "fe 09 00 80 c2 0d 07 0d 68 74 34"
    }

    /// The configuration behind ``Vectors``.
    static func vectorConfiguration(_ role: EVBRole) -> EVBConfiguration {
        EVBConfiguration(role: role, supportsGroupIDs: true, reflectiveRelay: true)
    }
}
