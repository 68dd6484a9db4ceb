import Foundation
import Testing
import VDPCapture
import VDPWire

/// Locates the package's `Fixtures/` folder and reads the captures in it.
enum Fixtures {
    /// The package root, three levels above this file.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 {
            url.deleteLastPathComponent()
        }
        return url.path
    }()

    /// `Fixtures/` in the package root.
    static var root: String { packageRoot + "/Fixtures" }

    /// The names (without `.pcap`) of every lldpad capture in `Fixtures/lldpad`.
    static let lldpadCaptureNames: [String] = captureNames(in: "lldpad")

    /// The names (without `.pcap`) of every capture in `Fixtures/adversarial`.
    static let adversarialCaptureNames: [String] = captureNames(in: "adversarial")

    private static func captureNames(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)) ?? []
        return names.filter { $0.hasSuffix(".pcap") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The packets of `Fixtures/<folder>/<name>.pcap`.
    static func packets(_ name: String, in folder: String = "lldpad") throws -> [CapturedPacket] {
        try CaptureFile.packets(atPath: root + "/" + folder + "/" + name + ".pcap")
    }
}

/// Parses hex text, ignoring spaces, newlines and `|`.
func hexBytes(_ text: String) -> [UInt8] {
    let digits = text.filter(\.isHexDigit)
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16) ?? 0)
        index = next
    }
    return bytes
}

/// A SplitMix64 generator: small and seeded so randomized tests can print and replay their seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The seed for a randomized test: `VDP_TEST_SEED` from the environment, or a fresh random one.
func testSeed() -> UInt64 {
    if let text = ProcessInfo.processInfo.environment["VDP_TEST_SEED"], let seed = UInt64(text) {
        return seed
    }
    return UInt64.random(in: 0...UInt64.max)
}

/// Expects `body` to throw a decoding error with the given code and field and, when given, offset.
func expectDecodingError(
    _ code: VDPDecodingError.Code,
    _ field: VDPDecodingError.Field,
    at offset: Int? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected \(code) in \(field), but decoding succeeded", sourceLocation: sourceLocation)
    } catch let error as VDPDecodingError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
        if let offset {
            #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected a VDPDecodingError, got \(error)", sourceLocation: sourceLocation)
    }
}
