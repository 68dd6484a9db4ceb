import Testing
import VDPWire

@testable import VDPProtocol

/// The link state and LLDP glue both EVB ports share: what it lets through, what it reports and what it counts.
@Suite struct EVBLinkTests {
    static let failure = TransmissionFailure(reason: "ENETDOWN", linkDown: true)
    static let transient = TransmissionFailure(reason: "EAGAIN", linkDown: false)
    /// A failure, the changes it makes and the link downs it counts.
    static let sendFailures: [(TransmissionFailure, [EVBLink.Change], UInt64)] = [
        (transient, [.sendFailed(transient)], 0),
        (failure, [.sendFailed(failure), .linkDown], 1),
    ]

    static func links() -> (station: EVBLink, bridge: EVBLink) {
        (
            EVBLink(address: TestValues.stationMAC, evb: EVBConfiguration(role: .station), now: .zero),
            EVBLink(address: TestValues.bridgeMAC, evb: EVBConfiguration(role: .bridge), now: .zero)
        )
    }

    /// The frames `link` sends at `now`.
    static func frames(_ link: inout EVBLink, at now: Instant) -> (frames: [Frame], changes: [EVBLink.Change]) {
        var output: [StationEVBOutput] = []
        let changes = link.advance(to: now, into: &output)
        let frames = output.compactMap { if case .send(let frame) = $0 { frame } else { nil } }
        #expect(frames.count == output.count, "the link sends only frames")
        return (frames, changes)
    }

    /// The changes `link` reports for `frames`.
    static func receive(_ frames: [Frame], _ link: inout EVBLink, at now: Instant) -> [EVBLink.Change] {
        frames.flatMap { frame -> [EVBLink.Change] in
            guard case .lldp(_, let changes) = link.receive(frame, at: now) else {
                Issue.record("an LLDPDU did not reach the LLDP agent")
                return []
            }
            return changes
        }
    }

    @Test func exchangedLLDPDUsNegotiateBothEnds() {
        var (station, bridge) = Self.links()
        #expect(!station.isNegotiated && !bridge.isNegotiated)
        let fromStation = Self.frames(&station, at: .zero)
        #expect(fromStation.frames.map(\.header.source) == [TestValues.stationMAC])
        let bridgeChanges = Self.receive(fromStation.frames, &bridge, at: .zero)
        let fromBridge = Self.frames(&bridge, at: .zero)
        let stationChanges = Self.receive(fromBridge.frames, &station, at: .zero)
        #expect(bridgeChanges.contains { if case .negotiated = $0 { true } else { false } })
        #expect(stationChanges.contains { if case .negotiated = $0 { true } else { false } })
        #expect(station.isNegotiated && bridge.isNegotiated)
        #expect(station.shutdownFrame()?.header.source == TestValues.stationMAC)
    }

    @Test func aDownLinkDropsFramesAndSendsNothingButItsPeerStillExpires() {
        var (station, bridge) = Self.links()
        let fromBridge = Self.frames(&bridge, at: .zero).frames
        _ = Self.receive(fromBridge, &station, at: .zero)
        #expect(!fromBridge.isEmpty && station.lldp?.hasPeer == true)

        #expect(station.down() == [.linkDown])
        #expect(station.down().isEmpty, "already down")
        #expect(fromBridge.allSatisfy { station.receive($0, at: .zero) == .dropped })
        var changes: [EVBLink.Change] = []
        var now = Instant.zero
        while let deadline = station.nextDeadline, deadline < Instant.zero + .seconds(600) {
            now = deadline
            let advanced = Self.frames(&station, at: now)
            #expect(advanced.frames.isEmpty, "no LLDPDU while the link is down")
            changes += advanced.changes
        }
        #expect(changes == [.peerLost])
        #expect(station.counters.peerLosses == 1)
        #expect(station.counters.linkDowns == 1)

        #expect(station.up() == [.linkUp])
        #expect(station.up().isEmpty, "already up")
        #expect(!Self.frames(&station, at: station.nextDeadline ?? now).frames.isEmpty, "up again, it sends")
    }

    @Test(arguments: Self.sendFailures)
    func sendFailuresAreCountedAndTakeTheLinkDownWhenTheySaySo(
        failure: TransmissionFailure,
        expected: [EVBLink.Change],
        linkDowns: UInt64
    ) {
        var link = Self.links().station
        #expect(link.sendFailed(failure) == expected)
        #expect(link.counters.sendFailures == 1)
        #expect(link.counters.linkDowns == linkDowns)
        #expect(link.isUp == (linkDowns == 0))
    }

    @Test func withoutEVBEveryFrameGoesToTheVDPPortAndNothingIsSent() {
        var link = EVBLink(address: TestValues.stationMAC, evb: nil, now: .zero)
        var bridge = Self.links().bridge
        let lldp = Self.frames(&bridge, at: .zero).frames
        #expect(!lldp.isEmpty)
        #expect(lldp.allSatisfy { link.receive($0, at: .zero) == .vdp })
        #expect(link.isNegotiated)
        #expect(link.nextDeadline == nil)
        #expect(link.shutdownFrame() == nil)
        let advanced = Self.frames(&link, at: .zero)
        #expect(advanced.frames.isEmpty && advanced.changes.isEmpty)
    }
}
