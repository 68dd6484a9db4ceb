import Testing
import VDPNetlink

@Suite struct NetlinkAttributeTests {
    typealias M = NetlinkTestMessages

    @Test func attributesAreReadAtFourOctetBoundaries() throws {
        // A one-octet payload (nla_len 5) is followed by three octets of padding; the last attribute, two
        // octets long, has no padding after it.
        let bytes =
            M.attribute(length: 5, type: 16, payload: [6]) + [0, 0, 0]
            + M.attribute(length: 6, type: 99, payload: [1, 2])
        let attributes = try NetlinkAttribute.attributes(in: bytes[...])
        #expect(attributes.map(\.type) == [16, 99])
        #expect(attributes.map(\.offset) == [0, 8])
        #expect(Array(attributes[0].payload) == [6])
        #expect(Array(attributes[1].payload) == [1, 2])
        #expect(try attributes[0].uint8() == 6)
    }

    @Test func aZeroLengthPayloadIsAnAttribute() throws {
        let attributes = try NetlinkAttribute.attributes(in: M.attribute(length: 4, type: 7, payload: [])[...])
        #expect(attributes.count == 1)
        #expect(attributes[0].payload.isEmpty)
        #expect(try attributes[0].string() == "")
    }

    @Test func lengthsShorterThanTheHeaderAreInvalid() throws {
        for length: UInt16 in [0, 1, 3] {
            let bytes = M.attribute(length: length, type: 1, payload: [0, 0, 0, 0])
            #expect(throws: NetlinkDecodingError(.invalidLength, field: "nlattr.nla_len", offset: 0)) {
                try NetlinkAttribute.attributes(in: bytes[...])
            }
        }
    }

    @Test func aLengthPastTheEndIsTruncated() throws {
        let bytes =
            M.attribute(length: 8, type: 3, payload: [0x65, 0x74, 0x68, 0])
            + M.attribute(length: 9, type: 4, payload: [1, 2, 3, 4])
        let error = #expect(throws: NetlinkDecodingError.self) { try NetlinkAttribute.attributes(in: bytes[...]) }
        #expect(error == NetlinkDecodingError(.truncated, field: "nlattr.nla_len", offset: 8))
        #expect(error?.offset == 8)
    }

    @Test func trailingOctetsTooFewForAHeaderAreTruncated() throws {
        let bytes = M.attribute(length: 4, type: 1, payload: []) + [0x08, 0x00]
        let error = #expect(throws: NetlinkDecodingError.self) { try NetlinkAttribute.attributes(in: bytes[...]) }
        #expect(error == NetlinkDecodingError(.truncated, field: "nlattr", offset: 4))
    }

    @Test func offsetsCountFromTheOutermostBuffer() throws {
        // An attribute list starting at index 20 of a larger buffer: offsets are indices into that buffer.
        let buffer = [UInt8](repeating: 0xEE, count: 20) + M.attribute(length: 4, type: 1, payload: []) + [0x03]
        let error = #expect(throws: NetlinkDecodingError.self) { try NetlinkAttribute.attributes(in: buffer[20...]) }
        #expect(error?.offset == 24)
    }

    @Test func nestedAttributesAndTheirFlag() throws {
        var writer = NetlinkMessageWriter(type: .newLink, flags: [.request], sequence: 1)
        try writer.append(InterfaceInfoMessage().encoded)
        try writer.appendNestedAttribute(type: LinkAttributeType.virtualFunctionPorts, markNested: false) { ports in
            try ports.appendNestedAttribute(type: 1) { port in
                try port.appendAttribute(type: 1, uint32: 7)
                try port.appendAttribute(type: 2, string: "profile")
            }
        }
        try writer.appendNestedAttribute(type: LinkAttributeType.portSelf) { port in
            try port.appendAttribute(type: 6, uint16: 0x0102)
        }
        let message = try #require(try NetlinkMessage.messages(in: writer.bytes).first)
        #expect(Int(message.header.length) == writer.bytes.count)
        let attributes = try message.attributes(afterHeaderOfSize: InterfaceInfoMessage.size)
        #expect(attributes.map(\.type) == [24, 25])
        #expect(attributes.map(\.isMarkedNested) == [false, true])
        #expect(attributes[1].rawType == 25 | NetlinkAttribute.nestedFlag)
        let ports = try attributes[0].nestedAttributes()
        #expect(ports.count == 1 && ports[0].isMarkedNested)
        let port = try ports[0].nestedAttributes()
        #expect(try port.last(ofType: 1)?.uint32() == 7)
        #expect(try port.last(ofType: 2)?.string() == "profile")
        #expect(try attributes[1].nestedAttributes().first?.uint16() == 0x0102)
        // Every attribute lies inside its parent.
        #expect(ports[0].payload.startIndex >= attributes[0].payload.startIndex)
        #expect(ports[0].payload.endIndex <= attributes[0].payload.endIndex)
    }

    @Test func aNestedAttributeCannotReachPastItsParent() throws {
        // The parent holds 8 octets of payload; the child claims 12, which the outer buffer would hold.
        let child = M.attribute(length: 12, type: 1, payload: [1, 2, 3, 4])
        let bytes = M.attribute(length: 12, type: 0x8000 | 24, payload: child) + [5, 6, 7, 8]
        let parent = try #require(try NetlinkAttribute.attributes(in: bytes[..<12]).first)
        let error = #expect(throws: NetlinkDecodingError.self) { try parent.nestedAttributes() }
        #expect(error == NetlinkDecodingError(.truncated, field: "nlattr.nla_len", offset: 4))
    }

    @Test func integerAccessorsCheckTheSize() throws {
        let attribute = NetlinkAttribute(rawType: 4, payload: [1, 2][...])
        #expect(throws: NetlinkDecodingError(.lengthMismatch, field: "IFLA_MTU", offset: -4)) {
            try attribute.uint32(field: "IFLA_MTU")
        }
        #expect(throws: NetlinkDecodingError.self) { try attribute.uint8() }
        #expect(throws: NetlinkDecodingError.self) { try attribute.uint64() }
        // Host byte order.
        #expect(try attribute.uint16() == [UInt8]([1, 2]).withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) })
        let octets: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        let wide = NetlinkAttribute(rawType: 1, payload: octets[...])
        #expect(try wide.uint64() == octets.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        #expect(try NetlinkAttribute(rawType: 1, payload: M.i32(-5)[...]).int32() == -5)
    }

    @Test func stringsStopAtTheFirstNulAndMustBeUTF8() throws {
        #expect(try NetlinkAttribute(rawType: 3, payload: [0x65, 0x30, 0, 0x41][...]).string() == "e0")
        #expect(try NetlinkAttribute(rawType: 3, payload: [0x65, 0x30][...]).string() == "e0")
        #expect(throws: NetlinkDecodingError.self) {
            try NetlinkAttribute(rawType: 3, payload: [0xFF, 0xFE, 0][...]).string()
        }
    }

    @Test func theWriterRefusesWhatDoesNotFit() throws {
        var writer = NetlinkMessageWriter(type: .setLink, flags: [.request], sequence: 1)
        #expect(throws: NetlinkEncodingError(attributeType: 3, length: 65_536)) {
            try writer.appendAttribute(type: 3, payload: [UInt8](repeating: 0, count: 65_532))
        }
        #expect(throws: NetlinkEncodingError.self) {
            try writer.appendNestedAttribute(type: 24) { inner in
                for _ in 0..<3 {
                    try inner.appendAttribute(type: 1, payload: [UInt8](repeating: 0, count: 30_000))
                }
            }
        }
        // Nothing of the refused attributes is left behind.
        #expect(writer.bytes.count == NetlinkMessageHeader.size)
        #expect(try NetlinkMessage.messages(in: writer.bytes).first?.header.length == 16)
    }
}
