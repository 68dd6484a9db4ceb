import Foundation
import Synchronization
import Testing
import VDPAgent
import VDPDaemon
import VDPProtocol
import VDPWire

/// A bridge on a patch panel, a manual clock and a state directory: what a test needs to run services (one
/// after another, as restarts) against the same bridge in virtual time.
final class DaemonHarness: Sendable {
    static let bridgeMAC = MACAddress(0x02, 0, 0, 0, 0xBB, 0x01)
    /// VSIs of this type are refused by the bridge's policy.
    static let refusedType: UInt32 = 666

    let clock = ManualAgentClock()
    let panel = PatchPanel()
    let links: PanelLinks
    let bridge: BridgeAgent
    let directory: String
    let configuration: DaemonConfiguration
    private let bridgeTask: Task<Void, Never>

    init(maximumWantedVSIs: Int = InterfaceConfiguration.defaultMaximumWantedVSIs) {
        directory =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("vdpd-test-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = DaemonConfiguration()
        configuration.stateDirectory = directory
        var eth0 = InterfaceConfiguration(name: "eth0")
        eth0.maximumWantedVSIs = maximumWantedVSIs
        configuration.interfaces = [eth0]
        self.configuration = configuration
        links = PanelLinks(["eth0": panel])
        bridge = BridgeAgent(
            configuration: BridgePortConfiguration(address: Self.bridgeMAC, vidRange: 300...399),
            evb: EVBConfiguration(role: .bridge, supportsGroupIDs: true, reflectiveRelay: true),
            policy: ClosureBridgePolicy { request in
                request.descriptor.typeID.rawValue == Self.refusedType
                    ? .reject(.authorizationFailed, hardError: true) : .accept
            },
            link: panel.bridgeEnd,
            clock: clock
        )
        let bridge = self.bridge
        bridgeTask = Task { await bridge.run() }
    }

    var stateFile: StateFile { StateFile(path: configuration.stateFilePath) }

    /// A new service over the harness's state file and panel.
    func service(linkEvents: ScriptedLinkEvents? = nil, configuration: DaemonConfiguration? = nil) -> StationService {
        StationService(
            configuration: configuration ?? self.configuration,
            stateFile: stateFile,
            links: links,
            linkEvents: linkEvents,
            clock: clock
        )
    }

    /// Stops the bridge and removes the state directory.
    func finish() async {
        await bridge.stop()
        bridgeTask.cancel()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A VM's VSI: MAC 52:54:00:00:00:nn, null VID (the bridge chooses).
    static func vm(_ number: UInt64, typeID: UInt32 = 100) -> VSIDescriptor {
        VSIDescriptor(
            managerID: VSIManagerID(text: "mgr1") ?? VSIManagerID(singleOctet: 1),
            typeID: VSITypeID(truncating: typeID),
            typeVersion: 1,
            vsiID: .uuid(VSIUUID(octets: Octets16(high: 0xD1, low: number))),
            filterInfo: .macVID(
                MACAddress(rawValue: 0x5254_0000_0000 | number) ?? MACAddress(0x52, 0x54, 0, 0, 0, 1),
                .null
            )
        )
    }

    /// Waits (in wall-clock time, for the tasks to run; no protocol timer is involved) until `condition` holds.
    @discardableResult
    func eventually(
        _ what: String,
        timeout: Duration = .seconds(30),
        _ condition: () async -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() {
                return true
            }
            try? await Task.sleep(for: .milliseconds(2))
        }
        Issue.record("timed out waiting for \(what)")
        return false
    }

    /// Moves the virtual clock in `step`s, letting the tasks run after each, until `condition` holds (at most
    /// `steps` steps).
    @discardableResult
    func advance(
        by step: Duration = .seconds(1),
        steps: Int,
        until what: String,
        _ condition: () async -> Bool
    ) async -> Bool {
        for _ in 0..<steps {
            if await condition() {
                return true
            }
            clock.advance(by: step)
            for _ in 0..<10 {
                await Task.yield()
            }
            try? await Task.sleep(for: .milliseconds(3))
        }
        if await condition() {
            return true
        }
        Issue.record("\(what) did not happen within \(steps) steps of virtual time")
        return false
    }
}

/// Collects a service's events.
final class EventRecorder: Sendable {
    private let recorded = Mutex<[ServiceEvent]>([])

    /// Records the stream's events until it ends.
    @discardableResult
    func record(_ stream: AsyncStream<ServiceEvent>) -> Task<Void, Never> {
        Task {
            for await event in stream {
                self.recorded.withLock { $0.append(event) }
            }
        }
    }

    var events: [ServiceEvent] { recorded.withLock { $0 } }

    /// The VSIs requested with `reason`, in order.
    func requested(_ reason: ServiceEvent.RequestReason) -> [VSIID] {
        events.compactMap { event in
            guard case .requested(_, let vsiID, _, let why) = event, why == reason else {
                return nil
            }
            return vsiID
        }
    }
}
