import VDPCapture
import VDPWire

/// One frame to benchmark: its decoded value and its octets, checked to agree both ways.
public struct BenchFrame: Sendable {
    /// A short name for reports.
    public let name: String
    /// The decoded frame.
    public let frame: Frame
    /// The frame's octets (Ethernet header included, no FCS).
    public let bytes: [UInt8]
}

/// Why the benchmark frames could not be built or failed their self-check.
public struct BenchFramesError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}

/// The frames the benchmarks decode and encode, built once in setup code.
///
/// | case | octets |
/// | --- | --- |
/// | ``typicalAssociate`` | 71 (14 Ethernet + 4 ECP + 18 Manager ID + 35 VSI) |
/// | ``fullAssociate`` | 1506 (14 Ethernet + 4 ECP + 18 Manager ID + 42 × 35 VSI = 1492-octet payload) |
/// | ``acknowledgement`` | 18 (14 Ethernet + 4 ECP) |
/// | ``lldpEVB`` | 60 (frame 3 of `Fixtures/lldpad/lldp-evb-negotiation.pcap`) |
public struct BenchFrames: Sendable {
    /// An ECPDU carrying one Manager ID and one MAC/VID Associate request, as lldpad sends it.
    public let typicalAssociate: BenchFrame
    /// An ECPDU carrying one Manager ID and as many MAC/VID Associate requests as fit a 1500-octet payload.
    public let fullAssociate: BenchFrame
    /// An ECP acknowledgement of sequence number 1.
    public let acknowledgement: BenchFrame
    /// An LLDP frame with the ratified EVB TLV, from a real lldpad capture.
    public let lldpEVB: BenchFrame

    /// All four, in report order.
    public var all: [BenchFrame] { [typicalAssociate, fullAssociate, acknowledgement, lldpEVB] }

    /// The number of VSI TLVs in ``fullAssociate``: 4 + 18 + n·35 ≤ 1500 gives n = 42.
    public static let fullAssociateVSICount = (Frame.maximumPayloadLength - 4 - 18) / 35

    /// The repository root, found from this file's path (`<root>/Benchmarks/Sources/VDPWireBenchFrames/…`).
    public static var repositoryRoot: String {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(4)
        return components.joined(separator: "/")
    }

    /// Builds the frames, reads the fixtures, and checks that every frame decodes and re-encodes exactly.
    public static func load(fixturesDirectory: String? = nil) throws -> BenchFrames {
        let fixtures = fixturesDirectory ?? repositoryRoot + "/Fixtures/lldpad"
        let station = try required(MACAddress("02:00:00:00:aa:01"), "station MAC")
        let managerID = try required(VSIManagerID(text: "mgr1"), "manager ID")

        // 1. The typical Associate: one VSI, one MAC/VID entry; must equal lldpad's first frame on the wire.
        let typicalVSI = try associate(index: 1)
        let typical = Frame.ecp(
            .vdpRequest(sequenceNumber: 1, VDPULPDU(managerID: managerID, vsis: [typicalVSI])),
            from: station
        )
        let typicalBytes = typical.encoded()
        let lldpadAssociate = try CaptureFile.packets(atPath: fixtures + "/vdp22-assoc-mac-vid.pcap")
        guard let firstAssociate = lldpadAssociate.first?.data, firstAssociate == typicalBytes else {
            throw BenchFramesError(
                description: "the typical Associate frame differs from frame 1 of vdp22-assoc-mac-vid.pcap"
            )
        }

        // 2. The full Associate: 42 VSIs, each with its own UUID, MAC and VID.
        let full = try associateFrame(vsiCount: fullAssociateVSICount, sequenceNumber: 2)

        // 3. The ECP acknowledgement.
        let ack = Frame.ecp(.acknowledgement(of: 1), from: station)

        // 4. The LLDP EVB frame: frame 3 of the negotiation capture (bridge, RWD/RKA ROL set).
        let negotiation = try CaptureFile.packets(atPath: fixtures + "/lldp-evb-negotiation.pcap")
        guard negotiation.count >= 3 else {
            throw BenchFramesError(description: "lldp-evb-negotiation.pcap has fewer than 3 frames")
        }
        let lldpBytes = negotiation[2].data
        let lldp = try Frame(decoding: lldpBytes)

        let frames = BenchFrames(
            typicalAssociate: BenchFrame(name: "typical Associate", frame: typical, bytes: typicalBytes),
            fullAssociate: BenchFrame(name: "full Associate", frame: full, bytes: full.encoded()),
            acknowledgement: BenchFrame(name: "ECP ack", frame: ack, bytes: ack.encoded()),
            lldpEVB: BenchFrame(name: "LLDP EVB", frame: lldp, bytes: lldpBytes)
        )
        try frames.check()
        return frames
    }

    /// Checks the expected sizes, that each frame's octets decode to it and that it encodes to them.
    func check() throws {
        let expectedSizes = [71, 14 + 4 + 18 + Self.fullAssociateVSICount * 35, 18, 60]
        for (frame, size) in zip(all, expectedSizes) {
            guard frame.bytes.count == size else {
                throw BenchFramesError(description: "\(frame.name): \(frame.bytes.count) octets, expected \(size)")
            }
            guard try Frame(decoding: frame.bytes) == frame.frame else {
                throw BenchFramesError(description: "\(frame.name): decoding does not give the frame back")
            }
            guard frame.frame.encoded() == frame.bytes else {
                throw BenchFramesError(description: "\(frame.name): encoding does not give the octets back")
            }
        }
        guard case .ecp(let ecpdu) = fullAssociate.frame.payload, ecpdu.encodedLength <= Frame.maximumPayloadLength
        else {
            throw BenchFramesError(description: "full Associate: payload longer than 1500 octets")
        }
        guard case .lldp(let lldpdu) = lldpEVB.frame.payload,
            lldpdu.optionalTLVs.contains(where: { if case .evb = $0 { true } else { false } })
        else {
            throw BenchFramesError(description: "LLDP frame 3 carries no ratified EVB TLV")
        }
    }

    /// An ECPDU frame from 02:00:00:00:aa:01 with Manager ID "mgr1" and VSIs ``associate(index:)`` 1 to
    /// `vsiCount` (1 to 42): 36 + 35 · `vsiCount` octets.
    public static func associateFrame(vsiCount: Int, sequenceNumber: UInt16 = 2) throws -> Frame {
        guard (1...fullAssociateVSICount).contains(vsiCount) else {
            throw BenchFramesError(description: "\(vsiCount) VSIs: 1 to \(fullAssociateVSICount) fit in one ECPDU")
        }
        let station = try required(MACAddress("02:00:00:00:aa:01"), "station MAC")
        let managerID = try required(VSIManagerID(text: "mgr1"), "manager ID")
        let vsis = try (1...vsiCount).map { try associate(index: $0) }
        return Frame.ecp(
            .vdpRequest(sequenceNumber: sequenceNumber, VDPULPDU(managerID: managerID, vsis: vsis)),
            from: station
        )
    }

    /// Associate request number `index` (1-based): UUID …0000nn, MAC 52:54:00:00:xx:yy, VID 99 + index.
    static func associate(index: Int) throws -> VSITLV {
        let low = UInt8(truncatingIfNeeded: index)
        let high = UInt8(truncatingIfNeeded: index >> 8)
        let uuid = try required(VSIUUID("a1b2c3d4-0001-4000-8000-00163e00\(hex(high))\(hex(low))"), "UUID")
        return VSITLV(
            type: .associate,
            status: .request(),
            typeID: try VSITypeID(123456),
            typeVersion: 1,
            vsiID: .uuid(uuid),
            filterInfo: .macVID(MACAddress(0x52, 0x54, 0x00, 0x00, high, low), try FilterVID(vid: UInt16(99 + index)))
        )
    }

    private static func hex(_ octet: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(octet >> 4)], digits[Int(octet & 0x0F)]])
    }

    private static func required<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else {
            throw BenchFramesError(description: "could not build the \(what)")
        }
        return value
    }
}
