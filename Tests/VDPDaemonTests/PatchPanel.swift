import Synchronization
import VDPAgent
import VDPDaemon
import VDPWire

/// One bridge port and the cable to it: the bridge's end stays for the whole test, the station's end is
/// replaced each time a service opens the interface (a restarted daemon gets a new socket on the same wire).
/// Frames go through their octets, as on a wire. With the carrier off, frames are lost both ways.
final class PatchPanel: Sendable {
    private struct State {
        var toStation: AsyncStream<ReceivedFrame>.Continuation?
        var stationGeneration: UInt64 = 0
        var carrier = true
        var opens = 0
    }

    private let state = Mutex(State())
    private let toBridge: AsyncStream<ReceivedFrame>.Continuation
    private let bridgeFrames: AsyncStream<ReceivedFrame>

    init() {
        (bridgeFrames, toBridge) = AsyncStream.makeStream()
    }

    /// The bridge's end.
    var bridgeEnd: BridgeEnd { BridgeEnd(panel: self) }

    /// How many times a station opened its end.
    var opens: Int { state.withLock { $0.opens } }

    /// Plugs or unplugs the cable (frames in flight are not affected).
    func setCarrier(_ up: Bool) {
        state.withLock { $0.carrier = up }
    }

    /// A new station end; the previous one is disconnected.
    func openStation() -> StationEnd {
        let (frames, continuation) = AsyncStream<ReceivedFrame>.makeStream()
        let generation = state.withLock { state -> UInt64 in
            state.toStation?.finish()
            state.toStation = continuation
            state.stationGeneration &+= 1
            state.opens += 1
            return state.stationGeneration
        }
        return StationEnd(panel: self, generation: generation, frames: frames)
    }

    fileprivate func fromStation(_ frame: Frame, generation: UInt64) throws {
        let decoded = try Frame(decoding: frame.encoded(), options: .receiving)
        let deliver = state.withLock { $0.carrier && $0.stationGeneration == generation && $0.toStation != nil }
        if deliver {
            toBridge.yield(ReceivedFrame(decoded, receivedAt: .now))
        }
    }

    fileprivate func fromBridge(_ frame: Frame) throws {
        let decoded = try Frame(decoding: frame.encoded(), options: .receiving)
        state.withLock { state in
            if state.carrier {
                state.toStation?.yield(ReceivedFrame(decoded, receivedAt: .now))
            }
        }
    }

    fileprivate func closeStation(generation: UInt64) {
        state.withLock { state in
            guard state.stationGeneration == generation else {
                return
            }
            state.toStation?.finish()
            state.toStation = nil
        }
    }

    /// The bridge's end of the cable.
    struct BridgeEnd: FrameLink {
        let panel: PatchPanel
        var frames: AsyncStream<ReceivedFrame> { panel.bridgeFrames }

        func send(_ frame: Frame) async throws {
            try panel.fromBridge(frame)
        }
    }

    /// One station end of the cable.
    struct StationEnd: FrameLink {
        let panel: PatchPanel
        let generation: UInt64
        let frames: AsyncStream<ReceivedFrame>

        func send(_ frame: Frame) async throws {
            try panel.fromStation(frame, generation: generation)
        }

        func close() {
            panel.closeStation(generation: generation)
        }
    }
}

/// Opens the patch panel of each interface; an interface without one does not exist.
final class PanelLinks: StationLinkFactory {
    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "no such interface \(name)" }
    }

    static let stationMAC = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)
    private let panels: Mutex<[String: PatchPanel]>

    init(_ panels: [String: PatchPanel]) {
        self.panels = Mutex(panels)
    }

    func plug(_ name: String, _ panel: PatchPanel?) {
        panels.withLock { $0[name] = panel }
    }

    func open(_ interface: InterfaceConfiguration) async throws -> StationLinkHandle {
        guard let panel = panels.withLock({ $0[interface.name] }) else {
            throw Missing(name: interface.name)
        }
        let end = panel.openStation()
        return StationLinkHandle(link: end, address: Self.stationMAC) { end.close() }
    }
}

/// Link events the test sends.
final class ScriptedLinkEvents: LinkEventSource {
    private let stream: AsyncStream<LinkEvent>
    private let continuation: AsyncStream<LinkEvent>.Continuation
    private let carriers: Mutex<[String: Bool]>

    init(_ carriers: [String: Bool] = [:]) {
        (stream, continuation) = AsyncStream.makeStream()
        self.carriers = Mutex(carriers)
    }

    func linkEvents() async -> AsyncStream<LinkEvent> { stream }

    func isUp(_ interface: String) async -> Bool? {
        carriers.withLock { $0[interface] }
    }

    func send(_ interface: String, _ kind: LinkEvent.Kind) {
        carriers.withLock { $0[interface] = kind == .up }
        continuation.yield(LinkEvent(interface: interface, kind: kind))
    }
}
