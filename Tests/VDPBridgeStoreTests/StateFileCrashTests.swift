import Foundation
import Testing
import VDPAgent
import VDPBridgeStore
import VDPProtocol
import VDPWire

/// A process writing the state file is killed with SIGKILL in the middle of its batches: every batch it had seen
/// committed is there, and of the batch under way either all or nothing. The writer is this test binary itself,
/// started again with `VDP_STATE_CRASH_WRITER` set (the same test, in the writer's role).
@Suite struct StateFileCrashTests {
    static let writerVariable = "VDP_STATE_CRASH_WRITER"
    static let batchSize = 2_000

    @Test(.timeLimit(.minutes(1)))
    func aWriterKilledMidBatchKeepsEveryCommittedBatchAndNoPartOfAnother() async throws {
        if let path = ProcessInfo.processInfo.environment[Self.writerVariable] {
            try await Self.writeUntilKilled(path)
            return
        }
        try await BridgeStateFileTests.withDirectory { directory in
            let path = directory + "/crash.sqlite"
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
            child.arguments = [
                "--testing-library", "swift-testing", "--filter", "aWriterKilledMidBatchKeepsEveryCommittedBatch",
            ]
            child.environment = ProcessInfo.processInfo.environment.merging([Self.writerVariable: path]) { $1 }
            let output = Pipe()
            child.standardOutput = output
            child.standardError = FileHandle.nullDevice
            try child.run()
            // Read the writer's reports until it has committed a few batches, then kill it at once.
            var acknowledged = -1
            var text = ""
            let reader = output.fileHandleForReading
            while acknowledged < 4 {
                let data = reader.availableData
                guard !data.isEmpty else {
                    break
                }
                text += String(decoding: data, as: UTF8.self)
                for line in text.split(separator: "\n") where line.hasPrefix("committed ") {
                    acknowledged = max(acknowledged, Int(line.dropFirst("committed ".count)) ?? -1)
                }
            }
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            #expect(acknowledged >= 4, "the writer reported: \(text.suffix(500))")

            let file = try BridgeStateFile.open(path: path)
            defer { file.close() }
            let numbers = Set(try await file.table(port: "p1").load().map { Int($0.key.vsiID.octets.low) })
            let batches = numbers.count / Self.batchSize
            #expect(numbers.count % Self.batchSize == 0, "whole batches only: \(numbers.count) records")
            #expect(numbers == Set(0..<batches * Self.batchSize), "the batches in order, none missing")
            #expect(batches >= acknowledged + 1, "every batch reported committed is there")
            #expect(batches <= acknowledged + 2, "at most the batch under way beyond them")
            print("StateFileCrashTests: \(acknowledged + 1) batches reported committed, \(batches) found")
        }
    }

    /// The writer's role: commits batches of records numbered on, reporting each on standard output once
    /// committed, until it is killed.
    static func writeUntilKilled(_ path: String) async throws {
        let file = try BridgeStateFile.open(path: path)
        let template = try BridgeStateFileTests.record(1)
        for batch in 0..<10_000 {
            var changes: [BridgeTableChange] = []
            changes.reserveCapacity(batchSize)
            for index in 0..<batchSize {
                var record = template
                let vsiID = VSIID.uuid(VSIUUID(octets: Octets16(high: 0xC0, low: UInt64(batch * batchSize + index))))
                record.key.vsiID = vsiID
                record.descriptor.vsiID = vsiID
                changes.append(.put(record))
            }
            try await file.table(port: "p1").commit(changes)
            FileHandle.standardOutput.write(Data("committed \(batch)\n".utf8))
        }
    }
}
