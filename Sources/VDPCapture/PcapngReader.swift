internal import VDPWire

/// Parses pcapng files: a sequence of sections, each a Section Header Block followed by other blocks.
///
/// Every block is framed as `type(4) · total length(4) · body · total length(4)`. The framing is checked for
/// every block, known or not: the total length must be at least 12, a multiple of 4, within the file, and
/// repeated exactly at the end of the block. Block bodies are parsed through a reader confined to the body,
/// so a field that runs past its block is ``CaptureError/Code/invalidBlock``, never a read of the next block.
enum PcapngReader {
    /// Section Header Block; the same bytes in both byte orders.
    static let sectionHeaderBlockType: UInt32 = 0x0A0D_0D0A
    /// Interface Description Block.
    static let interfaceDescriptionBlockType: UInt32 = 1
    /// Obsolete Packet Block.
    static let packetBlockType: UInt32 = 2
    /// Simple Packet Block.
    static let simplePacketBlockType: UInt32 = 3
    /// Enhanced Packet Block.
    static let enhancedPacketBlockType: UInt32 = 6
    /// The byte-order magic of a Section Header Block, as written by the section's byte order.
    static let byteOrderMagic: UInt32 = 0x1A2B_3C4D

    /// The length of a block's framing: type, leading length, and trailing length.
    static let blockFramingLength = 12
    /// The smallest Section Header Block: framing, byte-order magic, versions, and section length.
    static let minimumSectionHeaderLength = 28

    /// `opt_endofopt`.
    static let endOfOptionsCode: UInt16 = 0
    /// `if_tsresol`.
    static let timestampResolutionOptionCode: UInt16 = 9
    /// `if_tsoffset`.
    static let timestampOffsetOptionCode: UInt16 = 14

    /// Reads every packet of every section.
    static func packets(from bytes: [UInt8]) throws(CaptureError) -> [CapturedPacket] {
        var reader = ByteReader(bytes, byteOrder: .littleEndian)
        var interfaces: [PcapngInterface] = []
        var packets: [CapturedPacket] = []
        var isFirstBlock = true

        while !reader.isAtEnd {
            let blockOffset = reader.position
            guard reader.remaining >= blockFramingLength else {
                throw .truncated(
                    at: blockOffset,
                    "block header needs \(blockFramingLength) bytes, \(reader.remaining) left"
                )
            }
            let type = try reader.peekUInt32(at: 0, "block type")
            if type == sectionHeaderBlockType {
                reader.byteOrder = try sectionByteOrder(reader, blockOffset: blockOffset)
                interfaces = []
            } else if isFirstBlock {
                throw .badMagic(at: blockOffset, "a pcapng file must start with a Section Header Block")
            }
            isFirstBlock = false

            var body = try readBlockBody(&reader, blockOffset: blockOffset)
            do throws(CaptureError) {
                switch type {
                case sectionHeaderBlockType:
                    try readSectionHeader(&body, blockOffset: blockOffset)
                case interfaceDescriptionBlockType:
                    interfaces.append(try readInterfaceDescription(&body))
                case enhancedPacketBlockType:
                    packets.append(try readEnhancedPacket(&body, blockOffset: blockOffset, interfaces: interfaces))
                case packetBlockType:
                    packets.append(try readObsoletePacket(&body, blockOffset: blockOffset, interfaces: interfaces))
                case simplePacketBlockType:
                    packets.append(try readSimplePacket(&body, blockOffset: blockOffset, interfaces: interfaces))
                default:
                    break
                }
            } catch {
                if error.code == .truncated {
                    throw .invalidBlock(
                        at: error.offset,
                        "block type \(type) contents overrun the block: \(error.detail)"
                    )
                }
                throw error
            }
        }
        return packets
    }

    /// Determines a section's byte order from the byte-order magic that follows the block's total length.
    private static func sectionByteOrder(_ reader: ByteReader, blockOffset: Int) throws(CaptureError) -> ByteOrder {
        switch try reader.peekUInt32(at: 8, "byte-order magic") {
        case byteOrderMagic: return .littleEndian
        case byteOrderMagic.byteSwapped: return .bigEndian
        default: throw .badMagic(at: blockOffset + 8, "bad pcapng byte-order magic")
        }
    }

    /// Checks a block's framing and returns a reader confined to its body, leaving `reader` after the block.
    private static func readBlockBody(_ reader: inout ByteReader, blockOffset: Int) throws(CaptureError) -> ByteReader {
        let type = try reader.readUInt32("block type")
        let totalLength = try reader.readUInt32("block total length")
        guard totalLength >= blockFramingLength, totalLength % 4 == 0, let length = Int(exactly: totalLength) else {
            throw .invalidBlock(
                at: blockOffset + 4,
                "block total length \(totalLength) is not a multiple of 4 of at least \(blockFramingLength)"
            )
        }
        if type == sectionHeaderBlockType, length < minimumSectionHeaderLength {
            throw .invalidBlock(
                at: blockOffset + 4,
                "Section Header Block length \(length) is less than \(minimumSectionHeaderLength)"
            )
        }
        guard length - 8 <= reader.remaining else {
            throw .truncated(at: blockOffset, "block of \(length) bytes, only \(reader.remaining + 8) left")
        }
        let body = try reader.readWindow(length - blockFramingLength, "block body")
        let trailingLength = try reader.readUInt32("trailing block total length")
        guard trailingLength == totalLength else {
            throw .invalidBlock(
                at: reader.position - 4,
                "trailing block length \(trailingLength) differs from leading length \(totalLength)"
            )
        }
        return body
    }

    /// Checks a Section Header Block body: byte-order magic, a major version of 1, and the section length.
    private static func readSectionHeader(_ body: inout ByteReader, blockOffset: Int) throws(CaptureError) {
        try body.skip(4, "byte-order magic")
        let major = try body.readUInt16("major version")
        let minor = try body.readUInt16("minor version")
        guard major == 1 else {
            throw .unsupportedVersion(at: blockOffset + 12, "pcapng version \(major).\(minor), expected 1.x")
        }
        try body.skip(8, "section length")
    }

    /// Reads an Interface Description Block: link type, snapshot length, and the timestamp options.
    private static func readInterfaceDescription(_ body: inout ByteReader) throws(CaptureError) -> PcapngInterface {
        let linkType = LinkType(rawValue: UInt32(try body.readUInt16("link type")))
        try body.skip(2, "reserved")
        var interface = PcapngInterface(linkType: linkType, snapLength: try body.readUInt32("snapshot length"))

        while !body.isAtEnd {
            let optionOffset = body.position
            let code = try body.readUInt16("option code")
            let length = Int(try body.readUInt16("option length"))
            if code == endOfOptionsCode {
                break
            }
            var value = try body.readWindow(length, "option \(code) value")
            try body.skip((4 - length % 4) % 4, "option \(code) padding")
            switch code {
            case timestampResolutionOptionCode:
                guard length == 1 else {
                    throw .invalidBlock(at: optionOffset, "if_tsresol length \(length), expected 1")
                }
                interface.resolution = TimestampResolution(ifTsresol: try value.readUInt8("if_tsresol"))
            case timestampOffsetOptionCode:
                guard length == 8 else {
                    throw .invalidBlock(at: optionOffset, "if_tsoffset length \(length), expected 8")
                }
                interface.offsetSeconds = Int64(bitPattern: try value.readUInt64("if_tsoffset"))
            default:
                break
            }
        }
        return interface
    }

    /// Reads an Enhanced Packet Block: interface, 64-bit timestamp, lengths, and data; options are ignored.
    private static func readEnhancedPacket(
        _ body: inout ByteReader,
        blockOffset: Int,
        interfaces: [PcapngInterface]
    ) throws(CaptureError) -> CapturedPacket {
        let interfaceID = try body.readUInt32("interface ID")
        return try readPacketFields(&body, interfaceID: interfaceID, blockOffset: blockOffset, interfaces: interfaces)
    }

    /// Reads an obsolete Packet Block: like an Enhanced Packet Block with a 16-bit interface ID and a drop count.
    private static func readObsoletePacket(
        _ body: inout ByteReader,
        blockOffset: Int,
        interfaces: [PcapngInterface]
    ) throws(CaptureError) -> CapturedPacket {
        let interfaceID = UInt32(try body.readUInt16("interface ID"))
        try body.skip(2, "drops count")
        return try readPacketFields(&body, interfaceID: interfaceID, blockOffset: blockOffset, interfaces: interfaces)
    }

    /// Reads the fields that Enhanced and obsolete Packet Blocks share after the interface ID.
    private static func readPacketFields(
        _ body: inout ByteReader,
        interfaceID: UInt32,
        blockOffset: Int,
        interfaces: [PcapngInterface]
    ) throws(CaptureError) -> CapturedPacket {
        let interface = try lookUp(interfaceID, in: interfaces, blockOffset: blockOffset)
        let timestampHigh = try body.readUInt32("timestamp (high)")
        let timestampLow = try body.readUInt32("timestamp (low)")
        let lengthOffset = body.position
        let capturedLength = try body.readUInt32("captured length")
        let wireLength = try body.readUInt32("original length")
        let length = try checkedLength(capturedLength, interface: interface, at: lengthOffset)
        guard length <= body.remaining else {
            throw .invalidBlock(
                at: lengthOffset,
                "captured length \(length) exceeds the \(body.remaining) bytes left in the block"
            )
        }
        let data = try body.readBytes(length, "packet data")
        let units = UInt64(timestampHigh) << 32 | UInt64(timestampLow)
        guard let timestamp = interface.resolution.timestamp(units: units, offsetSeconds: interface.offsetSeconds)
        else {
            throw .invalidTimestamp(at: blockOffset + 12, "timestamp \(units) does not fit in 64-bit seconds")
        }
        guard let originalLength = Int(exactly: wireLength) else {
            throw .invalidLength(at: lengthOffset + 4, "original length \(wireLength) does not fit in Int")
        }
        return CapturedPacket(
            timestamp: timestamp,
            data: data,
            originalLength: originalLength,
            linkType: interface.linkType
        )
    }

    /// Reads a Simple Packet Block: the original length and data for interface 0, with no timestamp.
    ///
    /// The captured length is the original length capped by interface 0's snapshot length.
    private static func readSimplePacket(
        _ body: inout ByteReader,
        blockOffset: Int,
        interfaces: [PcapngInterface]
    ) throws(CaptureError) -> CapturedPacket {
        let interface = try lookUp(0, in: interfaces, blockOffset: blockOffset)
        let lengthOffset = body.position
        let wireLength = try body.readUInt32("original length")
        var capturedLength = wireLength
        if interface.snapLength != 0, interface.snapLength < capturedLength {
            capturedLength = interface.snapLength
        }
        let length = try checkedLength(capturedLength, interface: interface, at: lengthOffset)
        guard length <= body.remaining else {
            throw .invalidBlock(
                at: lengthOffset,
                "packet length \(length) exceeds the \(body.remaining) bytes left in the block"
            )
        }
        let data = try body.readBytes(length, "packet data")
        guard let originalLength = Int(exactly: wireLength) else {
            throw .invalidLength(at: lengthOffset, "original length \(wireLength) does not fit in Int")
        }
        return CapturedPacket(
            timestamp: .zero,
            data: data,
            originalLength: originalLength,
            linkType: interface.linkType
        )
    }

    /// The interface a packet block refers to, or ``CaptureError/Code/unknownInterface``.
    private static func lookUp(
        _ interfaceID: UInt32,
        in interfaces: [PcapngInterface],
        blockOffset: Int
    ) throws(CaptureError) -> PcapngInterface {
        guard let index = Int(exactly: interfaceID), index < interfaces.count else {
            throw .unknownInterface(
                at: blockOffset + 8,
                "interface \(interfaceID) is not defined; the section has \(interfaces.count)"
            )
        }
        return interfaces[index]
    }

    /// Checks a captured length against the 256 MiB limit and the interface's snapshot length.
    private static func checkedLength(
        _ capturedLength: UInt32,
        interface: PcapngInterface,
        at offset: Int
    ) throws(CaptureError) -> Int {
        guard let length = Int(exactly: capturedLength), length <= CaptureFile.maximumCapturedLength else {
            throw .invalidLength(
                at: offset,
                "captured length \(capturedLength) exceeds the \(CaptureFile.maximumCapturedLength)-byte limit"
            )
        }
        guard interface.snapLength == 0 || capturedLength <= interface.snapLength else {
            throw .invalidLength(
                at: offset,
                "captured length \(capturedLength) exceeds the snapshot length \(interface.snapLength)"
            )
        }
        return length
    }
}
