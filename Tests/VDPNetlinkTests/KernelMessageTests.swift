import Foundation
import Testing
import VDPNetlink

/// The messages a real kernel sent (recorded by FuzzTesting/make-netlink-corpus.py into the fuzzing seed corpus)
/// decode, with every attribute of every message, nested ones included.
@Suite struct KernelMessageTests {
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz-corpus/FuzzNetlink")

    static func load(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    @Test func everyRecordedDatagramDecodes() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0.hasSuffix(".bin")
        }
        #expect(names.count >= 10)
        var links = 0
        for name in names {
            let messages = try NetlinkMessage.messages(in: try Self.load(name))
            #expect(!messages.isEmpty, "\(name)")
            for message in messages where message.header.type == .newLink || message.header.type == .deleteLink {
                let status = try LinkStatus(decoding: message)
                #expect(["lo", "vA", "vB", "vC"].contains(status.name), "\(name): \(status)")
                for attribute in try message.attributes(afterHeaderOfSize: InterfaceInfoMessage.size)
                where attribute.isMarkedNested {
                    _ = try attribute.nestedAttributes()
                }
                links += 1
            }
        }
        #expect(links >= 8)
    }

    @Test func theRecordedDumpEndsWithDone() throws {
        let messages = try NetlinkMessage.messages(in: try Self.load("dump-3.bin"))
        #expect(messages.map(\.header.type) == [.done])
        #expect(messages[0].header.flags.contains(.multipart))
        #expect(messages[0].header.sequence == 1)
        let loopback = try LinkStatus(
            decoding: try #require(try NetlinkMessage.messages(in: try Self.load("dump-1-1.bin")).first)
        )
        #expect(loopback.name == "lo" && loopback.index == 1 && loopback.mtu == 65_536)
    }

    @Test func theRecordedErrorAndAcknowledgement() throws {
        let error = try NetlinkErrorMessage(
            decoding: try #require(try NetlinkMessage.messages(in: try Self.load("error-enodev.bin")).first)
        )
        #expect(error.errno == 19)  // ENODEV
        #expect(error.request.type == .getLink && error.request.sequence == 2)
        let acknowledgement = try NetlinkErrorMessage(
            decoding: try #require(try NetlinkMessage.messages(in: try Self.load("ack.bin")).first)
        )
        #expect(acknowledgement.isAcknowledgement)
        #expect(acknowledgement.request.type == .setLink)
    }

    @Test func theRecordedPeerDownShowsTheCarrierLoss() throws {
        var statuses: [LinkStatus] = []
        for name in ["event-peer-down-1.bin", "event-peer-down-2.bin"] {
            for message in try NetlinkMessage.messages(in: try Self.load(name)) {
                statuses.append(try LinkStatus(decoding: message))
            }
        }
        let a = try #require(statuses.last { $0.name == "vA" })
        #expect(a.isAdministrativelyUp && !a.hasCarrier && a.operationalState == .lowerLayerDown)
        let b = try #require(statuses.last { $0.name == "vB" })
        #expect(!b.isAdministrativelyUp && b.operationalState == .down)
    }
}
