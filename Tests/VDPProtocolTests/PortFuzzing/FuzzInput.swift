// Shared by path with the FuzzBridgePort and FuzzStationPort libFuzzer targets (FuzzTesting/Sources/*/ hold
// symbolic links to this folder), so a regression input runs through the same code under `swift test` and
// under the fuzzer. Only the public API of VDPProtocol and VDPWire is used here.

/// The fuzzer's input read as a stream of small choices.
///
/// Every byte string is a valid input: reading past the end yields zeros, so a short input simply ends its
/// scenario early, and libFuzzer's mutations (insert, erase, flip) always give another meaningful scenario.
struct FuzzInput {
    private let bytes: [UInt8]
    private var offset = 0

    /// Reads `bytes` from the start.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether every byte has been read.
    var isAtEnd: Bool { offset >= bytes.count }

    /// The next byte, or 0 past the end.
    mutating func byte() -> UInt8 {
        guard offset < bytes.count else {
            return 0
        }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// The next two bytes, big-endian.
    mutating func uint16() -> UInt16 {
        UInt16(byte()) << 8 | UInt16(byte())
    }

    /// A number in `0..<count` (`count` at most 256), from one byte.
    mutating func choice(_ count: Int) -> Int {
        count <= 1 ? 0 : Int(byte()) % count
    }

    /// One of `options`, chosen by one byte; `options` must not be empty.
    mutating func pick<Element>(_ options: [Element]) -> Element {
        options[choice(options.count)]
    }

    /// A flag from one byte's lowest bit.
    mutating func flag() -> Bool {
        byte() & 1 == 1
    }

    /// Up to `limit` raw bytes, the count given by the first byte.
    mutating func blob(limit: Int) -> [UInt8] {
        let count = min(Int(byte()), limit)
        var result: [UInt8] = []
        result.reserveCapacity(count)
        for _ in 0..<count where !isAtEnd {
            result.append(byte())
        }
        return result
    }
}
