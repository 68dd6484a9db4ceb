import Testing
import VDPProtocol
import VDPWire

/// A station port with more VSI deadlines due at once than one advance handles: the rest stay due, and repeated
/// advances handle every one, earliest first.
@Suite struct StationTimerBudgetTests {
    @Test func oneAdvanceHandlesAtMostTheBudgetAndTheRestStayDue() throws {
        var port = StationPort(
            configuration: StationPortConfiguration(address: MACAddress(0x02, 0, 0, 0, 0xAA, 0x01))
        )
        let count = StationPort.maximumTimerExpiriesPerAdvance + 500
        port.reserveCapacity(forAdditionalVSIs: count)
        var output: [StationOutput] = []
        for index in 0..<count {
            let mac = try #require(MACAddress(rawValue: 0x5254_0000_0000 | UInt64(index)))
            let descriptor = VSIDescriptor(
                managerID: VSIManagerID(singleOctet: 1),
                typeID: VSITypeID(truncating: 1),
                typeVersion: 1,
                vsiID: .uuid(VSIUUID(octets: Octets16(high: 0xB0, low: UInt64(index)))),
                filterInfo: .macVID(mac, try FilterVID(vid: 2))
            )
            _ = try port.request(.associate, for: descriptor, at: .zero, into: &output)
        }
        #expect(port.vsiCount == count)
        let late = Instant.zero + .seconds(3_600)
        var completed = 0
        var advances = 0
        repeat {
            output.removeAll()
            port.advance(to: late, into: &output)
            advances += 1
            let now = output.count { if case .completed = $0 { true } else { false } }
            #expect(now <= StationPort.maximumTimerExpiriesPerAdvance + 64, "advance \(advances)")
            completed += now
        } while advances < 100 && (port.nextDeadline.map { $0 <= late } ?? false)
        #expect(advances > 1, "more deadlines were due than one advance handles")
        #expect(completed == count, "every request ended (no bridge answered)")
    }
}
