import VDPProtocol
import VDPSimulation
import VDPWire

/// `vdpctl demo`: two hypervisors and two NVE ports on simulated links, walking several VMs through the whole
/// TES-to-NVE lifecycle in virtual time, printing each step and the frames exchanged.
public struct LifecycleDemo: Sendable {
    /// Whether to print every frame (otherwise only the steps and their outcomes).
    public var showFrames: Bool
    /// The seed of the simulation.
    public var seed: UInt64

    /// Creates the demo.
    public init(showFrames: Bool = true, seed: UInt64 = 1) {
        self.showFrames = showFrames
        self.seed = seed
    }

    static let hypervisorA = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)
    static let hypervisorB = MACAddress(0x02, 0, 0, 0, 0xAA, 0x02)
    static let nve1 = MACAddress(0x02, 0, 0, 0, 0xBB, 0x01)
    static let nve2 = MACAddress(0x02, 0, 0, 0, 0xBB, 0x02)
    static let rogueTypeID: UInt32 = 666

    /// A VM's virtual NIC, as the hypervisor describes it to the NVE.
    struct VM {
        var name: String
        var descriptor: VSIDescriptor
    }

    /// Runs the demo and returns its transcript.
    public func run() -> CommandResult {
        var transcript = Transcript(showFrames: showFrames)
        let policy = BridgeDecisionRule { request in
            request.descriptor.typeID.rawValue == Self.rogueTypeID
                ? .reject(.authorizationFailed, hardError: true) : .accept(.fromPool)
        }
        var simulation = Simulation(seed: seed, recording: true, policy: policy)
        let evb = (
            station: EVBConfiguration(role: .station, supportsGroupIDs: true, reflectiveRelay: true),
            bridge: EVBConfiguration(role: .bridge, supportsGroupIDs: true, reflectiveRelay: true)
        )
        simulation.addLink(
            station: StationPortConfiguration(address: Self.hypervisorA),
            bridge: BridgePortConfiguration(address: Self.nve1, vidRange: 100...199),
            evb: evb
        )
        simulation.addLink(
            station: StationPortConfiguration(address: Self.hypervisorB),
            bridge: BridgePortConfiguration(address: Self.nve2, vidRange: 200...299),
            evb: evb
        )
        let web = Self.vm("web", number: 1, vnID: 5001, mac: 0x10)
        let db = Self.vm("db", number: 2, vnID: 5002, mac: 0x20)
        let rogue = Self.vm("rogue", number: 3, vnID: 5001, mac: 0x30, typeID: Self.rogueTypeID)

        transcript.step(
            "Hypervisor A (\(Self.hypervisorA)) is cabled to NVE-1 (\(Self.nve1)), hypervisor B "
                + "(\(Self.hypervisorB)) to NVE-2 (\(Self.nve2)). LLDP starts and the EVB TLVs are negotiated."
        )
        simulation.run(for: .seconds(2))
        transcript.record(simulation.takeRecords())

        transcript.step(
            "Pre-association: hypervisor A tells NVE-1 about VM 'web' before it connects "
                + "(VN \(5001) in the GroupID, VID 0: NVE, choose the local VLAN)."
        )
        command(.preAssociate, web, on: 0, in: &simulation, transcript: &transcript)

        transcript.step("Association: VM 'web' connects; NVE-1 activates what it installed.")
        command(.associate, web, on: 0, in: &simulation, transcript: &transcript)

        transcript.step("Association of VM 'db' without pre-association.")
        command(.associate, db, on: 0, in: &simulation, transcript: &transcript)

        transcript.step("A VM of a type NVE-1's policy does not authorize ('rogue', type \(Self.rogueTypeID)).")
        command(.associate, rogue, on: 0, in: &simulation, transcript: &transcript)

        transcript.step("Suspension: VM 'web' is paused (Associate with the S-bit); NVE-1 deactivates but keeps it.")
        command(.associate, web, hints: VSIHints(suspended: true), on: 0, in: &simulation, transcript: &transcript)

        transcript.step("Resume: VM 'web' runs again (Associate with the S-bit clear).")
        command(.associate, web, on: 0, in: &simulation, transcript: &transcript)

        transcript.step(
            "Keep-alives: 25 s pass; hypervisor A repeats each request every reinitKeepAlive "
                + "(\(simulation.links[0].station.timers.reinitKeepAlive))."
        )
        simulation.run(for: .seconds(25))
        transcript.record(simulation.takeRecords(), framesOnly: true)

        transcript.step(
            "Migration of VM 'db' from hypervisor A to hypervisor B: B pre-associates it on NVE-2 with "
                + "the M-bit (immigrating)..."
        )
        command(.preAssociate, db, hints: VSIHints(migrating: true), on: 1, in: &simulation, transcript: &transcript)
        transcript.step("...A marks its VSI with the S-bit (emigrating), B associates with the M-bit...")
        command(.associate, db, hints: VSIHints(suspended: true), on: 0, in: &simulation, transcript: &transcript)
        command(.associate, db, hints: VSIHints(migrating: true), on: 1, in: &simulation, transcript: &transcript)
        transcript.step("...and A de-associates the old VSI once the VM runs on B.")
        command(.deAssociate, db, on: 0, in: &simulation, transcript: &transcript)

        transcript.step(
            "Hypervisor A hangs: it sends nothing. NVE-1 ages VM 'web' out after toutKeepAlive "
                + "(\(simulation.links[0].bridge.timers.toutKeepAlive)) with an unsolicited De-Associate."
        )
        simulation.setStationSilent(true, link: 0)
        let agedOut = simulation.run(until: simulation.now + .seconds(40)) { $0.links[0].bridge.vsiCount > 0 }
        transcript.record(simulation.takeRecords())
        transcript.note(agedOut ? "NVE-1 now has no VSI." : "NVE-1 still has VSIs.")

        transcript.step("Termination: VM 'db' on hypervisor B is shut down (De-Associate).")
        command(.deAssociate, db, on: 1, in: &simulation, transcript: &transcript)

        transcript.step(
            "Done. NVE-1 has \(simulation.links[0].bridge.vsiCount) VSIs, NVE-2 has "
                + "\(simulation.links[1].bridge.vsiCount); virtual time \(simulation.now)."
        )
        return CommandResult(status: .success, standardOutput: transcript.text)
    }

    private func command(
        _ type: VSITLVType,
        _ vm: VM,
        hints: VSIHints = .none,
        on link: Int,
        in simulation: inout Simulation,
        transcript: inout Transcript
    ) {
        let host = link == 0 ? "hypervisor A" : "hypervisor B"
        let id: StationRequestID
        do {
            id = try simulation.request(type, vm.descriptor, hints: hints, link: link)
        } catch {
            transcript.note("\(host) refused locally: \(error)")
            return
        }
        _ = simulation.run(until: simulation.now + .seconds(30)) { $0.links[link].completions[id] == nil }
        transcript.record(simulation.takeRecords())
        switch simulation.takeCompletion(id, link: link) {
        case .success(let state?):
            transcript.note("'\(vm.name)' is \(state) on \(host)'s NVE: \(state.filterInfo)")
        case .success(nil):
            transcript.note("'\(vm.name)' is de-associated from \(host)'s NVE.")
        case .failure(let failure):
            transcript.note("'\(vm.name)': \(failure)")
        case nil:
            transcript.note("'\(vm.name)': no answer yet")
        }
    }

    static func vm(_ name: String, number: UInt64, vnID: UInt32, mac: UInt8, typeID: UInt32 = 100) -> VM {
        let uuid = VSIUUID(
            octets: Octets16(high: 0x5EB0_0000_0000_4000 | number << 16, low: 0x8000_0000_0000_0000 | number)
        )
        let entry = FilterEntry(
            groupID: GroupID(rawValue: vnID),
            mac: MACAddress(0x52, 0x54, 0x00, 0x00, 0x00, mac),
            vid: .null
        )
        let filterInfo =
            (try? FilterInfo(format: .groupMACVID, entries: [entry]))
            ?? .groupMACVID(GroupID(rawValue: vnID), MACAddress(0x52, 0x54, 0x00, 0x00, 0x00, mac), .null)
        let descriptor = VSIDescriptor(
            managerID: VSIManagerID(text: "demo-manager") ?? VSIManagerID(singleOctet: 1),
            typeID: VSITypeID(truncating: typeID),
            typeVersion: 1,
            vsiID: .uuid(uuid),
            filterInfo: filterInfo
        )
        return VM(name: name, descriptor: descriptor)
    }
}
