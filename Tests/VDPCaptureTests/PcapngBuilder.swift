/// Builds pcapng files byte by byte, in either byte order, for tests.
struct PcapngBuilder {
    /// The byte order of the section being written.
    var bigEndian: Bool

    /// The file so far.
    private(set) var bytes: [UInt8] = []

    /// The offset at which each block starts, in order.
    private(set) var blockOffsets: [Int] = []

    /// The type of each block, in order.
    private(set) var blockTypes: [UInt32] = []

    init(bigEndian: Bool = false) {
        self.bigEndian = bigEndian
    }

    func u16(_ value: UInt16) -> [UInt8] {
        let little = [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
        return bigEndian ? little.reversed() : little
    }

    func u32(_ value: UInt32) -> [UInt8] {
        let little = (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        return bigEndian ? little.reversed() : little
    }

    func u64(_ value: UInt64) -> [UInt8] {
        let little = (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        return bigEndian ? little.reversed() : little
    }

    /// Pads `bytes` with zeros to a multiple of 4.
    static func padded(_ bytes: [UInt8]) -> [UInt8] {
        bytes + [UInt8](repeating: 0, count: (4 - bytes.count % 4) % 4)
    }

    /// One option: code, length, value, padding.
    func option(_ code: UInt16, _ value: [UInt8]) -> [UInt8] {
        u16(code) + u16(UInt16(value.count)) + Self.padded(value)
    }

    /// `opt_endofopt`.
    var endOfOptions: [UInt8] {
        u16(0) + u16(0)
    }

    /// Appends a block with a correct framing around `body` (which is padded to a multiple of 4).
    mutating func block(type: UInt32, body: [UInt8]) {
        let paddedBody = Self.padded(body)
        let total = UInt32(12 + paddedBody.count)
        blockOffsets.append(bytes.count)
        blockTypes.append(type)
        bytes += u32(type) + u32(total) + paddedBody + u32(total)
    }

    /// Appends a Section Header Block; switch ``bigEndian`` first to start a section in the other byte order.
    mutating func sectionHeader(major: UInt16 = 1, minor: UInt16 = 0, options: [UInt8] = []) {
        block(
            type: 0x0A0D_0D0A,
            body: u32(0x1A2B_3C4D) + u16(major) + u16(minor) + u64(UInt64.max) + options
        )
    }

    /// Appends an Interface Description Block; `tsresol` adds an `if_tsresol` option.
    mutating func interface(linkType: UInt16 = 1, snapLength: UInt32 = 0, tsresol: UInt8? = nil, extra: [UInt8] = []) {
        var options: [UInt8] = []
        if let tsresol {
            options += option(9, [tsresol])
        }
        options += extra
        if !options.isEmpty {
            options += endOfOptions
        }
        block(type: 1, body: u16(linkType) + u16(0) + u32(snapLength) + options)
    }

    /// Appends an Enhanced Packet Block.
    mutating func enhancedPacket(
        interface: UInt32 = 0,
        timestamp: UInt64,
        data: [UInt8],
        originalLength: UInt32? = nil,
        options: [UInt8] = []
    ) {
        block(
            type: 6,
            body: u32(interface) + u32(UInt32(truncatingIfNeeded: timestamp >> 32))
                + u32(UInt32(truncatingIfNeeded: timestamp)) + u32(UInt32(data.count))
                + u32(originalLength ?? UInt32(data.count)) + Self.padded(data) + options
        )
    }

    /// Appends an obsolete Packet Block (type 2).
    mutating func obsoletePacket(interface: UInt16 = 0, timestamp: UInt64, data: [UInt8]) {
        block(
            type: 2,
            body: u16(interface) + u16(0) + u32(UInt32(truncatingIfNeeded: timestamp >> 32))
                + u32(UInt32(truncatingIfNeeded: timestamp)) + u32(UInt32(data.count))
                + u32(UInt32(data.count)) + Self.padded(data)
        )
    }

    /// A small file that uses every supported block type: two sections in different byte orders, two interfaces,
    /// Enhanced, Simple and obsolete Packet Blocks, and blocks to be skipped. It holds 5 packets.
    static func sample() -> PcapngBuilder {
        var file = PcapngBuilder()
        file.sectionHeader()
        file.interface(snapLength: 1_500, tsresol: 9)
        file.interface(linkType: 101, tsresol: 0x86)
        file.enhancedPacket(interface: 0, timestamp: 1_700_000_000_000_000_001, data: Array(0..<17))
        file.block(type: 5, body: Array(repeating: 0, count: 12))
        file.enhancedPacket(interface: 1, timestamp: 65, data: [0x45, 0, 0, 20])
        file.simplePacket(data: [1, 2, 3])
        file.bigEndian = true
        file.sectionHeader()
        file.interface()
        file.obsoletePacket(timestamp: 1_000_001, data: [9, 8, 7, 6, 5])
        file.enhancedPacket(timestamp: 2_000_002, data: [])
        return file
    }

    /// Whether a block type carries a packet.
    static func isPacketBlock(_ type: UInt32) -> Bool {
        type == 2 || type == 3 || type == 6
    }

    /// Appends a Simple Packet Block.
    mutating func simplePacket(data: [UInt8], originalLength: UInt32? = nil) {
        block(type: 3, body: u32(originalLength ?? UInt32(data.count)) + Self.padded(data))
    }
}
