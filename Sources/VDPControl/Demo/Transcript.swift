import VDPProtocol
import VDPSimulation
import VDPWire

/// The demo's printed story: numbered steps, outcomes, and the frames and events behind them.
struct Transcript {
    let showFrames: Bool
    private(set) var text = ""
    private var stepNumber = 0
    private let summary = FrameSummary()

    init(showFrames: Bool) {
        self.showFrames = showFrames
    }

    mutating func step(_ description: String) {
        stepNumber += 1
        text += "\n\(stepNumber). \(description)\n"
    }

    mutating func note(_ description: String) {
        text += "   => \(description)\n"
    }

    mutating func record(_ records: [SimulationRecord], framesOnly: Bool = false) {
        for record in records {
            switch record {
            case .frame(let link, let at, let direction, let frame, let fate):
                guard showFrames else {
                    continue
                }
                text += "   \(at) link \(link + 1) \(direction): \(describe(frame))"
                text += fate == .delivered ? "\n" : " [\(fate)]\n"
            case .completed, .arrived:
                continue
            case .stationEvent(let link, let at, let event):
                guard !framesOnly else {
                    continue
                }
                text += "   \(at) hypervisor \(link == 0 ? "A" : "B"): \(describe(event))\n"
            case .bridgeEvent(let link, let at, let event):
                guard !framesOnly else {
                    continue
                }
                text += "   \(at) NVE-\(link + 1): \(describe(event))\n"
            case .decisionRequired(let link, let at, let request):
                guard !framesOnly else {
                    continue
                }
                text +=
                    "   \(at) NVE-\(link + 1) policy decides \(request.type) \(request.hints) for "
                    + "type \(request.descriptor.typeID) \(request.key.vsiID)\n"
            case .stationEVBEvent(let link, let at, let event):
                guard !framesOnly else {
                    continue
                }
                text += "   \(at) hypervisor \(link == 0 ? "A" : "B"): \(event)\n"
            case .bridgeEVBEvent(let link, let at, let event):
                guard !framesOnly else {
                    continue
                }
                text += "   \(at) NVE-\(link + 1): \(event)\n"
            case .negotiated(let link, let at, let parameters):
                text +=
                    "   \(at) link \(link + 1) EVB negotiated: R=\(parameters.maximumRetries) "
                    + "RTE=\(parameters.retransmissionExponent) RWD=\(parameters.resourceWaitDelayExponent) "
                    + "RKA=\(parameters.reinitKeepAliveExponent) GroupIDs=\(parameters.groupIDsSupported)\n"
            }
        }
    }

    private func describe(_ frame: Frame) -> String {
        switch frame.payload {
        case .lldp(let lldpdu):
            return "LLDP TTL=\(lldpdu.timeToLive)" + (lldpdu.evb.map { " EVB \($0)" } ?? "")
        case .ecp(let ecpdu):
            var line = "ECP \(ecpdu.operation) seq=\(ecpdu.sequenceNumber)"
            if case .vdp(let ulpdu) = ecpdu.payload {
                line += " | " + ulpdu.tlvs.map { summary.describe($0) }.joined(separator: " | ")
            }
            return line
        case .draftECP, .other:
            return "ethertype \(frame.header.etherType)"
        }
    }

    private func describe(_ event: StationEvent) -> String {
        switch event {
        case .bridgeDeAssociated(let vsiID): "the NVE de-associated \(vsiID)"
        case .filterChanged(let vsiID, let filterInfo): "the NVE changed \(vsiID) to \(filterInfo)"
        case .keepAliveFailed(let vsiID, let failure): "keep-alive for \(vsiID) failed: \(failure)"
        }
    }

    private func describe(_ event: BridgeEvent) -> String {
        switch event {
        case .vsiChanged(let key, let state): "\(key.vsiID) is \(state): \(state.filterInfo)"
        case .vsiRemoved(let key, let reason): "\(key.vsiID) removed: \(reason)"
        case .requestRefused(let key, let reason): "request for \(key.vsiID) refused: \(reason)"
        case .malformedRequest(let station, let malformed, let total):
            "\(total) malformed VSI TLV(s) from \(station) ignored, the first: \(malformed.first.map { "\($0.type): \($0.error)" } ?? "-")"
        }
    }
}
