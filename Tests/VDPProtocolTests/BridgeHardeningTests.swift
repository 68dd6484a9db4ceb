import Testing
import VDPWire

@testable import VDPProtocol

/// A bridge port shared with a hostile station (issue 7), in virtual time: for each attack, the bound holds and a
/// legitimate station on the same port is still served within its normal latency (a few link latencies; the
/// station gives up only after respWaitDelay).
@Suite struct BridgeHardeningTests {
    static let victim = TestValues.stationMAC
    static let attacker = MACAddress(0x02, 0, 0, 0, 0xEE, 0x01)
    static let manager = TestValues.managerID
    static let timers = EVBParameters.lldpadDefaults.timers
    /// What a legitimate Associate takes end to end on an idle segment: request, response and their acks.
    static let normalLatency = Duration.microseconds(50) * 4

    static func segment(
        limits: BridgePortLimits = .default,
        vidRange: ClosedRange<UInt16> = 2...4094,
        groupIDs: Bool = false
    ) -> SharedSegment {
        var parameters = EVBParameters.lldpadDefaults
        parameters.groupIDsSupported = groupIDs
        return SharedSegment(
            bridge: BridgePortConfiguration(
                address: TestValues.bridgeMAC,
                parameters: parameters,
                vidRange: vidRange,
                limits: limits
            ),
            stations: [victim]
        )
    }

    static func tlv(_ type: VSITLVType, _ number: Int, vid: UInt16 = 100) -> VSITLV {
        TestValues.descriptor(number, vid: vid).tlv(type, status: .request())
    }

    static func frame(_ tlvs: [VSITLV], sequence: UInt16, from source: MACAddress = attacker) -> Frame {
        .ecp(.vdpRequest(sequenceNumber: sequence, VDPULPDU(managerID: manager, vsis: tlvs)), from: source)
    }

    /// The victim associates VSI `number` and the test checks it is answered within the normal latency.
    static func expectServed(_ segment: inout SharedSegment, _ number: Int, _ comment: Comment) throws {
        let start = segment.now
        let id = try segment.request(.associate, TestValues.descriptor(number), at: victim)
        let done = segment.run(until: start + timers.respWaitDelay) { $0.completions[id] != nil }
        #expect(done, comment)
        let completion = try #require(segment.completions[id])
        #expect(try completion.result.get()?.type == .associate, comment)
        #expect(completion.at - start <= normalLatency, comment)
    }

    // MARK: One crafted frame, one event

    @Test func zeroLengthVSITLVsOfOneULPDUAreOneEvent() throws {
        var segment = Self.segment()
        // A Manager ID and 739 zero-length Associate TLVs fill a 1,500-octet ECP frame.
        var bytes = Frame.ecp(.acknowledgement(of: 0), from: Self.attacker).encoded()
        bytes.removeLast(4)
        bytes += [0x10, 0x01, 0x00, 0x07, 0x0A, 0x10] + Self.manager.octets.octets
        bytes += Array(repeating: [0x04, 0x00], count: 739).flatMap { $0 }
        let frame = try Frame(decoding: bytes, options: .receiving)
        var output: [BridgeOutput] = []
        segment.bridge.receive(frame, at: segment.now, into: &output)
        let events = output.compactMap { item -> (Int, Int)? in
            if case .event(.malformedRequest(let station, let listed, let total)) = item, station == Self.attacker {
                return (listed.count, total)
            }
            return nil
        }
        #expect(events.count == 1)
        #expect(events.first?.0 == BridgePort.malformedTLVsReported)
        #expect(events.first?.1 == 739)
        #expect(output.count == 2, "the acknowledgement and one event")
        #expect(segment.bridge.counters.malformedULPDUs == 1)
        try Self.expectServed(&segment, 1, "a legitimate Associate after the crafted frame")
    }

    // MARK: Bounded response queue

    @Test func floodsOfUnknownDeAssociatesAndRefusalsStayBounded() throws {
        let limits = BridgePortLimits(
            maximumVSIsPerStation: 50,
            maximumQueuedResponses: 1_000,
            maximumQueuedResponsesPerStation: 300,
            newVSIBurstPerStation: 100_000
        )
        var segment = Self.segment(limits: limits)
        // Four attacker MACs, none of which acknowledges anything: each floods De-Associates of unknown VSIs and
        // Associates past its cap of 50 VSIs.
        let attackers = (1...4).map { MACAddress(0x02, 0, 0, 0, 0xEE, UInt8($0)) }
        var sequence: UInt16 = 1
        var number = 1_000
        for round in 0..<60 {
            for attacker in attackers {
                let type: VSITLVType = round.isMultiple(of: 2) ? .deAssociate : .associate
                let tlvs = (0..<40).map { offset in Self.tlv(type, number + offset) }
                number += 40
                segment.inject(Self.frame(tlvs, sequence: sequence, from: attacker))
                sequence &+= 1
            }
            let bound = 2 * limits.maximumQueuedResponses
            #expect(segment.bridge.queuedResponseCount <= bound)
        }
        let counters = segment.bridge.counters
        #expect(counters.responsesDropped > 0)
        #expect(counters.stationVSILimitRefusals > 0)
        #expect(segment.bridge.vsiCount == 4 * 50)
        for attacker in attackers {
            #expect(segment.bridge.vsiCount(of: attacker) == 50)
        }
        #expect(segment.bridge.queuedResponseCount <= limits.maximumQueuedResponses + 4)
        try Self.expectServed(&segment, 1, "the victim's Associate during the flood")
        // Once the attackers acknowledge (from their next retransmission on), what was queued for them drains,
        // one ULPDU per acknowledgement.
        let queued = segment.bridge.queuedResponseCount
        segment.acking = Set(attackers)
        segment.run(for: Self.timers.ackTimer * 8)
        #expect(segment.bridge.queuedResponseCount == 0)
        let answered = attackers.map { segment.responses(to: $0).count }.reduce(0, +)
        #expect(answered >= queued)
    }

    // MARK: Per-station ECP

    @Test func anotherStationCannotSwallowTheVictimsRequestsOrKeepAlives() throws {
        var segment = Self.segment()
        segment.acking = [Self.attacker]
        let vsi = TestValues.descriptor(1)
        let start = segment.now
        let id = try segment.request(.associate, vsi, at: Self.victim)
        // Before the victim's request arrives, the attacker sends a request with the sequence number the victim
        // uses, and acknowledges every number the bridge might use towards the victim.
        let victimSequence = segment.stations[Self.victim]?.ecpTransmitterCounters.transmitted ?? 0
        #expect(victimSequence == 1)
        for number: UInt16 in 0...8 {
            segment.inject(Self.frame([Self.tlv(.deAssociate, 500 + Int(number))], sequence: number))
            segment.inject(.ecp(.acknowledgement(of: number), from: Self.attacker))
        }
        let done = segment.run(until: segment.now + Self.timers.respWaitDelay) { $0.completions[id] != nil }
        #expect(done)
        let completion = try #require(segment.completions[id])
        #expect(try completion.result.get()?.type == .associate)
        #expect(completion.at - start <= Self.normalLatency)
        // Over three keep-alive periods the attacker keeps injecting every sequence number: the victim's
        // keep-alives still reach the bridge, which never ages its VSI out.
        for period in 0..<4 {
            for number in UInt16(0)...64 {
                segment.inject(Self.frame([Self.tlv(.deAssociate, 600)], sequence: number &+ UInt16(period * 65)))
            }
            segment.run(for: Self.timers.reinitKeepAlive)
        }
        #expect(segment.bridge.record(of: vsi.vsiID)?.state?.type == .associate)
        #expect(!segment.bridgeEvents.contains { if case .vsiRemoved = $0 { true } else { false } })
        #expect(segment.bridge.record(of: vsi.vsiID)?.counters.keepAlives ?? 0 >= 3)
        // Acknowledgements go to each station's own address.
        #expect(!segment.acknowledgements(to: Self.attacker).isEmpty)
        #expect(segment.toOthers.allSatisfy { $0.header.destination == Self.attacker })
    }

    @Test func aStationCannotRewriteAnotherStationsVSI() throws {
        var segment = Self.segment()
        segment.acking = [Self.attacker]
        let vsi = TestValues.descriptor(1)
        _ = try segment.request(.associate, vsi, at: Self.victim)
        segment.run(for: .milliseconds(10))
        let before = segment.bridge.record(of: vsi.vsiID)
        #expect(before?.state?.type == .associate)
        segment.inject(Self.frame([Self.tlv(.associate, 1, vid: 999)], sequence: 1))
        segment.inject(Self.frame([Self.tlv(.deAssociate, 1)], sequence: 2))
        #expect(segment.bridge.record(of: vsi.vsiID) == before)
        #expect(segment.bridge.counters.foreignRequestsRefused == 2)
        let answers = segment.responses(to: Self.attacker)
        #expect(answers.map(\.status.rawValue) == [0x44, 0x44])
    }

    // MARK: Validation at the door

    @Test func thePoolGrantsOnlyVIDsOfItsRangeAndNeverAnotherNetworksVID() throws {
        var segment = Self.segment(vidRange: 10...11)
        segment.acking = [Self.attacker]
        var sequence: UInt16 = 0
        func ask(_ tlv: VSITLV) -> VSITLV? {
            sequence &+= 1
            let before = segment.responses(to: Self.attacker).count
            segment.inject(Self.frame([tlv], sequence: sequence))
            return segment.responses(to: Self.attacker).dropFirst(before).first
        }
        // A null VID is granted from the range.
        let pooled = ask(Self.tlv(.associate, 1, vid: 0))
        #expect(pooled?.status == .response())
        #expect(pooled?.filterInfo.entries.first?.vid.vid == 10)
        // Explicit VIDs outside the range, VID 4095, and the VID the pool gave VSI 1 are refused with code 5.
        for vid: UInt16 in [1, 12, 4095, 10] {
            let refused = ask(Self.tlv(.associate, 100 + Int(vid), vid: vid))
            #expect(refused?.type == .deAssociate, "VID \(vid)")
            #expect(refused?.status.response?.error == .invalidVIDGroupIDOrMAC, "VID \(vid)")
        }
        #expect(segment.bridge.counters.invalidVIDRefusals == 4)
        #expect(segment.decisionRequests.count == 4, "VSI 1 and VIDs 1, 12, 10: VID 4095 never reached the policy")
        // An explicit VID of the range that no network was given is granted; the pool never exceeds the range.
        #expect(ask(Self.tlv(.associate, 2, vid: 11))?.filterInfo.entries.first?.vid.vid == 11)
        let exhausted = ask(Self.tlv(.associate, 3, vid: 0))
        #expect(exhausted?.status.response?.error == .insufficientResources)
        for record in segment.bridge.records {
            for entry in record.state?.filterInfo.entries ?? [] {
                #expect((10...11).contains(entry.vid.vid))
            }
        }
    }

    @Test(arguments: [0, 6, 7, 128, 255] as [UInt8])
    func reservedVSIIDFormatsAreInvalidFormat(format: UInt8) throws {
        var segment = Self.segment()
        var tlv = Self.tlv(.associate, 1)
        tlv.vsiID = VSIID(.reserved(format: VSIIDFormat(rawValue: format), octets: Octets16(high: 1, low: 2)))
        segment.inject(Self.frame([tlv], sequence: 1))
        let answers = segment.responses(to: Self.attacker)
        #expect(answers.count == 1)
        #expect(answers.first?.type == .deAssociate)
        #expect(answers.first?.status.response?.error == .invalidFormat)
        #expect(answers.first?.status.response?.hardError == true)
        #expect(segment.decisionRequests.isEmpty && segment.bridge.vsiCount == 0, "the policy never saw it")
        #expect(segment.bridge.counters.invalidFormatRefusals == 1)
    }

    @Test(arguments: [0, 5, 6, 255] as [UInt8])
    func reservedFilterFormatsAreInvalidFormat(format: UInt8) throws {
        var segment = Self.segment()
        let good = Self.tlv(.associate, 1)
        var bytes = VDPULPDU(managerID: Self.manager, vsis: [good]).encoded()
        // The filter-info format octet: 2 (header) + 22 into the VSI TLV value, after the 18-octet Manager ID.
        bytes[18 + 2 + 22] = format
        var frame = Frame.ecp(.acknowledgement(of: 0), from: Self.attacker).encoded()
        frame.removeLast(4)
        frame += [0x10, 0x01, 0x00, 0x01] + bytes
        segment.inject(try Frame(decoding: frame, options: .receiving))
        let answers = segment.responses(to: Self.attacker)
        #expect(answers.count == 1)
        #expect(answers.first?.vsiID == good.vsiID)
        #expect(answers.first?.typeID == good.typeID)
        #expect(answers.first?.status.response?.error == .invalidFormat)
        #expect(segment.decisionRequests.isEmpty && segment.bridge.vsiCount == 0)
        #expect(segment.bridge.counters.invalidFormatRefusals == 1)
        #expect(segment.bridgeEvents.count == 1, "one malformedRequest event")
    }

    @Test func aReplayedAssociateDoesNotRecreateADeAssociatedVSI() throws {
        var segment = Self.segment()
        segment.acking = [Self.attacker]
        let associate = Self.frame([Self.tlv(.associate, 1)], sequence: 41)
        segment.inject(associate)
        #expect(segment.bridge.vsiCount == 1)
        segment.run(for: .seconds(1))
        segment.inject(Self.frame([Self.tlv(.deAssociate, 1)], sequence: 42))
        #expect(segment.bridge.vsiCount == 0)
        // A copy of the captured Associate, two seconds later and again just within toutKeepAlive: acknowledged,
        // not delivered.
        for delay in [Duration.seconds(2), Self.timers.toutKeepAlive - .seconds(2)] {
            segment.run(for: delay)
            let acks = segment.acknowledgements(to: Self.attacker).count
            segment.inject(associate)
            #expect(segment.acknowledgements(to: Self.attacker).count == acks + 1)
            #expect(segment.bridge.vsiCount == 0)
        }
        #expect(segment.bridge.ecpReceiverCounters.duplicates == 2)
        // The documented limit: once the history has expired, the number is new again (the station may have
        // restarted its numbering).
        segment.run(for: Self.timers.toutKeepAlive + .seconds(1))
        segment.inject(associate)
        #expect(segment.bridge.vsiCount == 1)
    }

    // MARK: Limits

    @Test func stationsBeyondTheLimitAreDroppedAndIdleStationsForgotten() throws {
        var segment = Self.segment(limits: BridgePortLimits(maximumStations: 3))
        segment.acking = Set((1...5).map { MACAddress(0x02, 0, 0, 0, 0xEE, UInt8($0)) })
        for index in 1...5 {
            segment.inject(
                Self.frame(
                    [Self.tlv(.deAssociate, index)],
                    sequence: 1,
                    from: MACAddress(0x02, 0, 0, 0, 0xEE, UInt8(index))
                )
            )
        }
        #expect(segment.bridge.stationCount == 3)
        #expect(segment.bridge.counters.stationsRefused == 2)
        #expect(segment.acknowledgements(to: MACAddress(0x02, 0, 0, 0, 0xEE, 5)).isEmpty, "dropped, not acknowledged")
        // Frames from a group or zero address are never a station.
        segment.inject(Self.frame([Self.tlv(.associate, 9)], sequence: 1, from: MACAddress(0x01, 0x80, 0xC2, 0, 0, 0)))
        #expect(segment.bridge.counters.invalidSources == 1)
        // Holding nothing, they are forgotten once their receive history expires; the victim then gets in.
        segment.run(for: Self.timers.toutKeepAlive + .seconds(1))
        #expect(segment.bridge.stationCount == 0)
        #expect(segment.bridge.counters.stationsForgotten == 3)
        try Self.expectServed(&segment, 1, "a station arriving once the flood's stations are forgotten")
    }

    @Test func newVSIsAreRateLimitedPerStation() throws {
        var segment = Self.segment(limits: BridgePortLimits(newVSIsPerSecondPerStation: 2, newVSIBurstPerStation: 5))
        segment.acking = [Self.attacker]
        segment.inject(Self.frame((201...208).map { Self.tlv(.associate, $0) }, sequence: 1))
        #expect(segment.bridge.vsiCount(of: Self.attacker) == 5)
        #expect(segment.bridge.counters.newVSIRateRefusals == 3)
        let refused = segment.responses(to: Self.attacker).filter {
            $0.status.response?.error == .insufficientResources
        }
        #expect(refused.count == 3)
        segment.run(for: .seconds(1))
        segment.inject(Self.frame((211...214).map { Self.tlv(.associate, $0) }, sequence: 2))
        #expect(segment.bridge.vsiCount(of: Self.attacker) == 7, "two more tokens after one second")
        try Self.expectServed(&segment, 1, "another station's bucket is its own")
    }

    @Test func pendingDecisionsAreBoundedPerStationAndPort() throws {
        var segment = Self.segment(
            limits: BridgePortLimits(maximumPendingDecisions: 8, maximumPendingDecisionsPerStation: 4)
        )
        segment.policy = { request in request.key.station == Self.victim ? .accept : nil }
        let attackers = (1...3).map { MACAddress(0x02, 0, 0, 0, 0xEE, UInt8($0)) }
        for (index, attacker) in attackers.enumerated() {
            let tlvs = (0..<6).map { Self.tlv(.associate, 300 + index * 10 + $0) }
            segment.inject(Self.frame(tlvs, sequence: 1, from: attacker))
        }
        // 4 + 4 fill the port; the third attacker gets its fair share (8 / 256 stations, at least 1).
        #expect(segment.bridge.pendingDecisionCount == 9)
        #expect(segment.bridge.counters.decisionLimitRefusals == 2 + 2 + 5)
        try Self.expectServed(&segment, 1, "the victim still gets its fair share of the policy")
    }

    @Test func peerLostForOneStationLeavesTheOthersAlone() throws {
        var segment = Self.segment()
        segment.acking = [Self.attacker]
        segment.inject(Self.frame([Self.tlv(.associate, 7)], sequence: 5))
        try Self.expectServed(&segment, 1, "before")
        segment.bridge.peerLost(station: Self.attacker)
        // The attacker's numbering restarted: the same number is new again; the victim's exchange is untouched.
        segment.inject(Self.frame([Self.tlv(.deAssociate, 7)], sequence: 5))
        #expect(segment.bridge.vsiCount(of: Self.attacker) == 0)
        #expect(segment.bridge.vsiCount(of: Self.victim) == 1)
        try Self.expectServed(&segment, 2, "after")
    }

    // MARK: Issue 8 item 5

    @Test func aPreAssociatedVSIEchoingItsPoolVIDKeepsOneVIDPerGroup() throws {
        var segment = Self.segment(vidRange: 10...20, groupIDs: true)
        func vm(_ number: Int, group: UInt32?) -> VSIDescriptor {
            var descriptor = TestValues.descriptor(number)
            descriptor.filterInfo =
                group.map { .groupVID(GroupID(rawValue: $0), .null) } ?? .macVID(TestValues.stationMAC, .null)
            return descriptor
        }
        func complete(_ type: VSITLVType, _ vsi: VSIDescriptor) throws -> StationVSIState? {
            let id = try segment.request(type, vsi, at: Self.victim)
            _ = segment.run(until: segment.now + .seconds(1)) { $0.completions[id] != nil }
            return try #require(segment.completions[id]).result.get()
        }
        let pre = try complete(.preAssociate, vm(1, group: 7))
        let vid = try #require(pre?.filterInfo.entries.first?.vid.vid)
        // The station's Associate echoes the VID it was given (as lldpad's and ours do).
        let associated = try complete(.associate, vm(1, group: 7))
        let other = try complete(.associate, vm(2, group: 7))
        #expect(associated?.filterInfo.entries.first?.vid.vid == vid)
        #expect(other?.filterInfo.entries.first?.vid.vid == vid, "one VID per GroupID")
        // Without a GroupID: the VSI keeps its pool VID, held once.
        let single = try complete(.preAssociate, vm(3, group: nil))
        let singleVID = single?.filterInfo.entries.first?.vid.vid
        #expect(try complete(.associate, vm(3, group: nil))?.filterInfo.entries.first?.vid.vid == singleVID)
        #expect(segment.bridge.vidPool.allocatedCount == 2)
    }

    @Test func aPolicyRefusalOfANewVSIIsAnEvent() throws {
        var segment = Self.segment()
        segment.policy = { _ in .reject(.authorizationFailed) }
        let vsi = TestValues.descriptor(1)
        let id = try segment.request(.associate, vsi, at: Self.victim)
        _ = segment.run(until: segment.now + .seconds(1)) { $0.completions[id] != nil }
        let key = BridgeVSIKey(station: Self.victim, vsiID: vsi.vsiID)
        #expect(segment.bridgeEvents == [.requestRefused(key, .authorizationFailed)])
    }

    @Test func changingAVSIsVIDsMovesItsPoolHolds() throws {
        var segment = Self.segment(vidRange: 10...11)
        let vsi = TestValues.descriptor(1, vid: 0)
        let id = try segment.request(.associate, vsi, at: Self.victim)
        _ = segment.run(until: segment.now + .seconds(1)) { $0.completions[id] != nil }
        #expect(segment.bridge.record(of: vsi.vsiID)?.state?.filterInfo.entries.first?.vid.vid == 10)
        var output: [BridgeOutput] = []
        let moved = segment.bridge.changeFilterInfo(
            of: vsi.vsiID,
            to: .macVID(vsi.filterInfo.entries.first?.mac ?? Self.victim, FilterVID(rawValue: 11)),
            into: &output
        )
        #expect(moved)
        #expect(segment.bridge.vidPool.allocatedCount == 1)
        // VID 10 is free again for the pool; 11 is held for the changed VSI.
        let next = try segment.request(.associate, TestValues.descriptor(2, vid: 0), at: Self.victim)
        _ = segment.run(until: segment.now + .seconds(1)) { $0.completions[next] != nil }
        let granted = try #require(segment.completions[next]).result.get()
        #expect(granted?.filterInfo.entries.first?.vid.vid == 10)
    }

    // MARK: No stall at scale

    @Test func manyVSIsAgeOutInSlicesWhileAnotherStationIsServed() throws {
        let count = 20_000
        let limits = BridgePortLimits(
            maximumVSIs: count + 100,
            maximumVSIsPerStation: count,
            newVSIBurstPerStation: count
        )
        var segment = Self.segment(limits: limits)
        segment.acking = [Self.attacker]
        var sequence: UInt16 = 0
        for first in stride(from: 0, to: count, by: 40) {
            sequence &+= 1
            segment.inject(
                Self.frame(
                    (first..<min(first + 40, count)).map { Self.tlv(.associate, 10_000 + $0) },
                    sequence: sequence
                )
            )
        }
        #expect(segment.bridge.vsiCount(of: Self.attacker) == count)
        // The deadlines their decisions left behind (stale now) are discarded in slices too.
        let due = segment.now + Self.timers.toutKeepAlive
        segment.run(until: due + .milliseconds(-1))
        #expect(segment.bridge.vsiCount(of: Self.attacker) == count)
        // The attacker goes silent; its VSIs all come due at once, just as the victim's Associate arrives.
        segment.acking = []
        segment.now = due + .microseconds(-50)
        let start = segment.now
        let victimVSI = TestValues.descriptor(1)
        let id = try segment.request(.associate, victimVSI, at: Self.victim)
        segment.now = due
        let hitsBefore = segment.bridge.counters.timerExpiryLimitHits
        var output: [BridgeOutput] = []
        segment.bridge.advance(to: segment.now, into: &output)
        let firstSlice = output.filter { if case .event(.vsiRemoved) = $0 { true } else { false } }.count
        #expect(firstSlice == limits.maximumTimerExpiriesPerAdvance)
        #expect(segment.bridge.nextDeadline == segment.now, "due work remains: call again now")
        #expect(segment.bridge.counters.timerExpiryLimitHits == hitsBefore + 1)
        // The next step reads the victim's frame before the next slice: it is answered between two slices.
        segment.step()
        #expect(segment.bridge.record(of: victimVSI.vsiID)?.state?.type == .associate)
        let left = segment.bridge.vsiCount(of: Self.attacker)
        #expect(left > 0 && left <= count - 2 * limits.maximumTimerExpiriesPerAdvance)
        _ = segment.run(until: start + Self.timers.respWaitDelay) { $0.completions[id] != nil }
        let completion = try #require(segment.completions[id])
        #expect(try completion.result.get()?.type == .associate)
        #expect(completion.at - start <= Self.normalLatency)
        _ = segment.run(until: segment.now + .seconds(1)) { $0.bridge.vsiCount(of: Self.attacker) == 0 }
        #expect(segment.bridge.vsiCount(of: Self.attacker) == 0)
        #expect(segment.agedOutPerAdvance.allSatisfy { $0 <= limits.maximumTimerExpiriesPerAdvance })
        #expect(segment.agedOutPerAdvance.filter { $0 > 0 }.count >= count / limits.maximumTimerExpiriesPerAdvance - 1)
        // The unsolicited De-Associates to the silent station stay within its queue bound; the rest are counted.
        #expect(segment.bridge.queuedResponseCount <= limits.maximumQueuedResponsesPerStation)
        #expect(segment.bridge.counters.responsesDropped > 0)
    }
}
