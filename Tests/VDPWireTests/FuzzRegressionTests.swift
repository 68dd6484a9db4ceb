import Foundation
import Testing

@testable import VDPWire

/// Replays the fuzzing inputs kept in `Fixtures/` through the same checks as the `FuzzVDPWire` harness
/// (`FuzzTesting/Sources/FuzzVDPWire/FuzzVDPWire.swift`), so that `swift test` guards every past finding without
/// a fuzzing toolchain.
///
/// - `Fixtures/fuzz-regressions/FuzzVDPWire/`: every input the fuzzer ever crashed on (empty apart from a
///   `.gitkeep` while there are none). A fixed crash must stay fixed; a library trap here crashes the test run.
/// - `Fixtures/fuzz-corpus/FuzzVDPWire/`: the seed corpus, one frame or PDU per file.
///
/// Each input is decoded as a `Frame`, `VDPULPDU`, `ECPDU`, `LLDPDU`, `DraftECPDU`, `LLDPTLV`, `EVBTLV` and
/// `DraftEVBTLV`. A decoder may reject it with a `VDPDecodingError`; if it accepts it, `encoded()` must give the
/// input back exactly, `encodedLength` must equal the input length, and decoding the re-encoding must give an
/// equal value.
@Suite struct FuzzRegressionTests {
    /// `Fixtures/fuzz-regressions/FuzzVDPWire`.
    static let regressionsFolder = Fixtures.root + "/fuzz-regressions/FuzzVDPWire"
    /// `Fixtures/fuzz-corpus/FuzzVDPWire`.
    static let corpusFolder = Fixtures.root + "/fuzz-corpus/FuzzVDPWire"

    @Test func everyRegressionInputRoundTrips() throws {
        #expect(
            FileManager.default.fileExists(atPath: Self.regressionsFolder),
            "missing \(Self.regressionsFolder) (keep a .gitkeep in it)"
        )
        for name in try Self.inputNames(in: Self.regressionsFolder) {
            try Self.checkEveryDecoder(file: Self.regressionsFolder + "/" + name)
        }
    }

    @Test func everyCorpusInputRoundTrips() throws {
        let names = try Self.inputNames(in: Self.corpusFolder)
        #expect(names.count > 0, "no seed inputs in \(Self.corpusFolder); run FuzzTesting/make-corpus.sh")
        for name in names {
            try Self.checkEveryDecoder(file: Self.corpusFolder + "/" + name)
        }
    }

    /// The corpus holds at least one input that each of the main decoders accepts, so the round-trip checks
    /// above are not vacuous.
    @Test func corpusExercisesEveryPDUDecoder() throws {
        var accepted: [String: Int] = [:]
        for name in try Self.inputNames(in: Self.corpusFolder) {
            let bytes = try Self.contents(of: Self.corpusFolder + "/" + name)
            if (try? Frame(decoding: bytes)) != nil { accepted["Frame", default: 0] += 1 }
            if (try? VDPULPDU(decoding: bytes)) != nil { accepted["VDPULPDU", default: 0] += 1 }
            if (try? ECPDU(decoding: bytes)) != nil { accepted["ECPDU", default: 0] += 1 }
            if (try? LLDPDU(decoding: bytes)) != nil { accepted["LLDPDU", default: 0] += 1 }
            if (try? DraftECPDU(decoding: bytes)) != nil { accepted["DraftECPDU", default: 0] += 1 }
        }
        for decoder in ["Frame", "VDPULPDU", "ECPDU", "LLDPDU", "DraftECPDU"] {
            #expect(accepted[decoder, default: 0] > 0, "no corpus input decodes as \(decoder)")
        }
    }

    // MARK: - Helpers

    /// The input files in `folder`, sorted, hidden files (`.gitkeep`) left out. A missing folder has none.
    private static func inputNames(in folder: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: folder) else {
            return []
        }
        return try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { !$0.hasPrefix(".") }
            .sorted()
    }

    private static func contents(of path: String) throws -> [UInt8] {
        let data = try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
        return [UInt8](data)
    }

    /// Runs every decoder the harness runs over the octets of `file`.
    private static func checkEveryDecoder(file: String) throws {
        let bytes = try contents(of: file)
        let name = (file as NSString).lastPathComponent
        checkRoundTrip(Frame.self, bytes, file: name)
        checkRoundTrip(ReceivingFrame.self, bytes, file: name)
        checkRoundTrip(VDPULPDU.self, bytes, file: name)
        checkRoundTrip(ECPDU.self, bytes, file: name)
        checkRoundTrip(LLDPDU.self, bytes, file: name)
        checkRoundTrip(DraftECPDU.self, bytes, file: name)
        checkRoundTrip(LLDPTLV.self, bytes, file: name)
        checkRoundTrip(EVBTLV.self, bytes, file: name)
        checkRoundTrip(DraftEVBTLV.self, bytes, file: name)
    }

    /// The harness's round-trip property as expectations: a rejected input passes; an accepted one must
    /// re-encode to itself, report its length, and decode again to an equal value.
    private static func checkRoundTrip<Value: FuzzRoundTripping>(_: Value.Type, _ bytes: [UInt8], file: String) {
        let decoder = String(describing: Value.self)
        let value: Value
        do {
            value = try Value(decoding: bytes)
        } catch {
            return  // Rejected with a typed error: fine.
        }
        let reencoded = value.fuzzEncoded()
        #expect(reencoded == bytes, "\(file): \(decoder).encoded() differs from the input")
        #expect(value.encodedLength == bytes.count, "\(file): \(decoder).encodedLength differs from the input length")
        do {
            let redecoded = try Value(decoding: reencoded)
            #expect(redecoded == value, "\(file): decoding \(decoder).encoded() gives a different value")
        } catch {
            Issue.record("\(file): \(decoder).encoded() does not decode: \(error)")
        }
    }
}

/// The codec entry points the fuzz harness exercises, as in `FuzzTesting/Sources/FuzzVDPWire/FuzzVDPWire.swift`.
///
/// The requirement is `fuzzEncoded()` rather than `encoded()` because `Frame.encoded(padToMinimumLength:)` has a
/// defaulted parameter, which cannot satisfy a protocol requirement.
private protocol FuzzRoundTripping: Equatable {
    init(decoding bytes: [UInt8]) throws(VDPDecodingError)
    var encodedLength: Int { get }
    func fuzzEncoded() -> [UInt8]
}

extension Frame: FuzzRoundTripping {
    fileprivate func fuzzEncoded() -> [UInt8] { encoded() }
}

/// A frame decoded as a receiving port decodes it: a malformed VDP ULPDU is salvaged instead of refused.
private struct ReceivingFrame: FuzzRoundTripping {
    var frame: Frame

    init(decoding bytes: [UInt8]) throws(VDPDecodingError) {
        frame = try Frame(decoding: bytes, options: .receiving)
    }

    var encodedLength: Int { frame.encodedLength }

    func fuzzEncoded() -> [UInt8] { frame.encoded() }
}

extension VDPULPDU: FuzzRoundTripping {
    fileprivate func fuzzEncoded() -> [UInt8] { encoded() }
}

extension ECPDU: FuzzRoundTripping {
    fileprivate func fuzzEncoded() -> [UInt8] { encoded() }
}

extension LLDPDU: FuzzRoundTripping {
    fileprivate func fuzzEncoded() -> [UInt8] { encoded() }
}

extension DraftECPDU: FuzzRoundTripping {
    fileprivate func fuzzEncoded() -> [UInt8] { encoded() }
}

extension LLDPTLV: FuzzRoundTripping {
    fileprivate func fuzzEncoded() -> [UInt8] { encoded() }
}

extension EVBTLV: FuzzRoundTripping {
    fileprivate func fuzzEncoded() -> [UInt8] { encoded() }
}

extension DraftEVBTLV: FuzzRoundTripping {
    fileprivate func fuzzEncoded() -> [UInt8] { encoded() }
}
