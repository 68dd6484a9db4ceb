import Testing
import VDPNetlink

@Suite struct NetlinkMessageIteratorTests {
    typealias M = NetlinkTestMessages

    @Test func aMultipartDumpReadsAsItsMessagesAndDone() throws {
        let first = try M.link(index: 1, sequence: 9, messageFlags: [.multipart], attributes: M.ethernet(name: "lo"))
        let second = try M.link(index: 2, sequence: 9, messageFlags: [.multipart], attributes: M.ethernet())
        let buffer = first + second + (try M.done(sequence: 9))
        let messages = try NetlinkMessage.messages(in: buffer)
        #expect(messages.map(\.header.type) == [.newLink, .newLink, .done])
        #expect(messages.map(\.offset) == [0, first.count, first.count + second.count])
        #expect(messages.allSatisfy { $0.header.sequence == 9 && $0.header.flags.contains(.multipart) })
        #expect(try LinkStatus(decoding: messages[1]).name == "eth0")
        #expect(messages[1].payload.count == second.count - NetlinkMessageHeader.size)
    }

    @Test func anEmptyBufferHoldsNoMessage() throws {
        #expect(try NetlinkMessage.messages(in: []).isEmpty)
    }

    @Test func aTruncatedHeaderIsAnError() throws {
        let valid = try M.done()
        for cut in 1..<NetlinkMessageHeader.size {
            let error = #expect(throws: NetlinkDecodingError.self) {
                try NetlinkMessage.messages(in: Array(valid.prefix(cut)))
            }
            #expect(error?.code == .truncated)
            #expect(error?.field == "nlmsghdr")
        }
        // A valid message followed by the start of another: the error names the second one's offset.
        var iterator = NetlinkMessageIterator((valid + valid.prefix(7))[...])
        #expect(try iterator.next()?.header.type == .done)
        let error = #expect(throws: NetlinkDecodingError.self) { try iterator.next() }
        #expect(error?.offset == valid.count)
        #expect(try iterator.next() == nil)
    }

    @Test func aLengthShorterThanTheHeaderIsInvalid() throws {
        for length: UInt32 in [0, 1, 15] {
            let error = #expect(throws: NetlinkDecodingError.self) {
                try NetlinkMessage.messages(in: M.message(length: length, type: 3, payload: [0, 0, 0, 0]))
            }
            #expect(error == NetlinkDecodingError(.invalidLength, field: "nlmsghdr.nlmsg_len", offset: 0))
        }
    }

    @Test func aLengthPastTheEndOfTheBufferIsTruncated() throws {
        for length: UInt32 in [21, 0x7FFF_FFFF, 0xFFFF_FFFF] {
            let error = #expect(throws: NetlinkDecodingError.self) {
                try NetlinkMessage.messages(in: M.message(length: length, type: 3, payload: [0, 0, 0, 0]))
            }
            #expect(error == NetlinkDecodingError(.truncated, field: "nlmsghdr.nlmsg_len", offset: 0))
        }
    }

    @Test func anUnalignedLastMessageNeedsNoPadding() throws {
        // nlmsg_len 17: one octet of payload, no padding after it; then nothing.
        let messages = try NetlinkMessage.messages(in: M.message(length: 17, type: 1, payload: [0xAB]))
        #expect(messages.count == 1)
        #expect(Array(messages[0].payload) == [0xAB])
        // The same message followed by another starts the second at the next four-octet boundary.
        let two = M.message(length: 17, type: 1, payload: [0xAB, 0, 0, 0]) + M.message(length: 16, type: 3)
        #expect(try NetlinkMessage.messages(in: two).map(\.offset) == [0, 20])
    }

    @Test func anErrorCarriesTheErrnoAndTheRequest() throws {
        let request = NetlinkMessageHeader(length: 32, type: .getLink, flags: [.request], sequence: 4, portID: 77)
        let buffer = M.message(length: 36, type: 2, payload: M.i32(-19) + request.encoded)
        let message = try #require(try NetlinkMessage.messages(in: buffer).first)
        let error = try NetlinkErrorMessage(decoding: message)
        #expect(error.errno == 19)
        #expect(!error.isAcknowledgement)
        #expect(error.request == request)
        #expect(error.message == nil)
    }

    @Test func anAcknowledgementIsErrnoZero() throws {
        let request = NetlinkMessageHeader(
            length: 16,
            type: .setLink,
            flags: [.request, .acknowledge],
            sequence: 5,
            portID: 0
        )
        let buffer = M.message(length: 36, type: 2, payload: M.i32(0) + request.encoded)
        let error = try NetlinkErrorMessage(decoding: try #require(try NetlinkMessage.messages(in: buffer).first))
        #expect(error.isAcknowledgement)
    }

    @Test func anExtendedAcknowledgementCarriesTheKernelsText() throws {
        let request = NetlinkMessageHeader(length: 40, type: .setLink, flags: [.request], sequence: 5, portID: 0)
        let text = M.attribute(length: 4 + 8, type: 1, payload: Array("no such".utf8) + [0])
        var writer = NetlinkMessageWriter(type: .error, flags: [.capped, .acknowledgementAttributes], sequence: 5)
        try writer.append(M.i32(-22) + request.encoded + text)
        let message = try #require(try NetlinkMessage.messages(in: writer.bytes).first)
        let error = try NetlinkErrorMessage(decoding: message)
        #expect(error.errno == 22)
        #expect(error.message == "no such")
    }

    @Test func malformedErrorsAreTypedErrors() throws {
        let short = M.message(length: 18, type: 2, payload: [0xFF, 0xFF])
        #expect(throws: NetlinkDecodingError(.truncated, field: "nlmsgerr.error", offset: 16)) {
            try NetlinkErrorMessage(decoding: try #require(try NetlinkMessage.messages(in: short).first))
        }
        let positive = M.message(length: 36, type: 2, payload: M.i32(5) + [UInt8](repeating: 0, count: 16))
        #expect(throws: NetlinkDecodingError(.invalidValue, field: "nlmsgerr.error", offset: 16)) {
            try NetlinkErrorMessage(decoding: try #require(try NetlinkMessage.messages(in: positive).first))
        }
        let minimum = M.message(length: 36, type: 2, payload: M.i32(Int32.min) + [UInt8](repeating: 0, count: 16))
        #expect(throws: NetlinkDecodingError(.invalidValue, field: "nlmsgerr.error", offset: 16)) {
            try NetlinkErrorMessage(decoding: try #require(try NetlinkMessage.messages(in: minimum).first))
        }
        let noRequest = M.message(length: 24, type: 2, payload: M.i32(-1) + [0, 0, 0, 0])
        #expect(throws: NetlinkDecodingError(.truncated, field: "nlmsghdr", offset: 20)) {
            try NetlinkErrorMessage(decoding: try #require(try NetlinkMessage.messages(in: noRequest).first))
        }
        let done = try #require(try NetlinkMessage.messages(in: try M.done()).first)
        #expect(throws: NetlinkDecodingError(.unexpectedMessage, field: "nlmsghdr.nlmsg_type", offset: 0)) {
            try NetlinkErrorMessage(decoding: done)
        }
    }
}
