#if os(Linux)
    /// An NVE as the data-plane tests build it, in a namespace the test made and joined to a hypervisor's
    /// (`hvup` – `nvst`) and to a far end (`ul` – `ul`): an underlay address on `ul`, a kernel VXLAN device
    /// `vx<VN>` per VN to the far end (UDP port 4789), and an Open vSwitch bridge `brn` over `nvst` and those
    /// devices, for `vdpctl bridge -i nvst --ovs-bridge brn --ovs-target` ``target``.
    package struct OpenvSwitchNVE {
        /// The NVE's Open vSwitch instance.
        package let ovs: OpenvSwitchInstance

        /// The bridge vdpctl drives.
        package static let bridge = "brn"

        /// `--ovs-target` for ``bridge``.
        package var target: String { ovs.target(Self.bridge) }

        /// Gives `namespace` its VXLAN devices to `remote` (see ``Testbed/addVXLAN(in:local:remote:vns:)``) and
        /// starts Open vSwitch there with ``bridge`` over `nvst` and the devices.
        package static func start(
            _ label: String,
            in namespace: String,
            local: String,
            remote: String,
            vns: [Int],
            tools: OpenvSwitchTools,
            bed: Testbed
        ) async throws -> OpenvSwitchNVE {
            try await bed.addVXLAN(in: namespace, local: local, remote: remote, vns: vns)
            let ovs = try await OpenvSwitchInstance.start(label, in: namespace, tools: tools, bed: bed)
            try await ovs.addBridge(bridge, ports: ["nvst"] + vns.map { "vx\($0)" })
            return OpenvSwitchNVE(ovs: ovs)
        }
    }

    extension OpenvSwitchInstance {
        /// Starts Open vSwitch in a hypervisor's `namespace` with bridge `brh` over `ports` and one flow, which
        /// drops everything: the test adds the flows that tag each VM's frames with its VID.
        package static func startHypervisorSwitch(
            _ label: String,
            in namespace: String,
            ports: [String],
            tools: OpenvSwitchTools,
            bed: Testbed
        ) async throws -> OpenvSwitchInstance {
            let instance = try await start(label, in: namespace, tools: tools, bed: bed)
            try await instance.addBridge("brh", ports: ports)
            try await instance.replaceFlows("brh", ["priority=0,actions=drop"])
            return instance
        }
    }

    extension Testbed {
        /// Gives `namespace` the underlay address `local`/24 on `ul` and, per VN, a VXLAN device `vx<VN>` (VNI VN)
        /// from `local` to `remote` over `ul`, UDP port 4789, up. Both ends of an underlay call it.
        package func addVXLAN(in namespace: String, local: String, remote: String, vns: [Int]) async throws {
            try await checked(environment.ip, "-n", namespace, "addr", "add", "\(local)/24", "dev", "ul")
            for vn in vns {
                try await checked(
                    [environment.ip, "-n", namespace, "link", "add", "vx\(vn)", "type", "vxlan", "id", "\(vn)"]
                        + ["local", local, "remote", remote, "dstport", "4789", "dev", "ul"]
                )
                try await checked(environment.ip, "-n", namespace, "link", "set", "vx\(vn)", "up")
            }
        }
    }
#endif
