#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPTestSupport

    /// libvirt's protocol with lldpad, spoken by a test client that builds libvirt's messages octet by octet
    /// (``LibvirtClient``), against `vdpd` standing in for lldpad (`lldpad-compatible = on`) on two hosts, each
    /// with a bridge of its own: our `vdpctl bridge`, or lldpad's bridge. libvirt's migration sequence (associate on
    /// the source, pre-associate then associate on the destination, de-associate on the source) with status polling,
    /// a request in lldpad's format 2, a refusal, and the notification when the bridge ends a VSI.
    @Suite(.serialized) struct LibvirtNetlinkTests {
        enum Bridge {
            case ours
            case lldpad
        }

        /// One hypervisor: its namespace, interface, `vdpd`, lldpad's pid file and libvirt's client; and its bridge.
        struct Host {
            var namespace: String
            var interface: String
            var daemon: ChildProcess
            var bridge: ChildProcess
            var client: LibvirtClient
        }

        static let vm = LibvirtMessages.VirtualPort(
            managerID: 5,
            typeID: 0x00_0301,
            typeIDVersion: 1,
            instanceID: [0x11, 0xbe, 0x0a, 0x7e, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 0x01],
            mac: [0x52, 0x54, 0x00, 0x6c, 0x69, 0x01],
            vlan: 0
        )

        static func uuidText(_ octets: [UInt8]) -> String {
            let hex = octets.map { String(format: "%02x", $0) }.joined()
            let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
                String(
                    hex[
                        hex.index(
                            hex.startIndex,
                            offsetBy: range.lowerBound
                        )..<hex.index(hex.startIndex, offsetBy: range.upperBound)
                    ]
                )
            }
            return parts.joined(separator: "-")
        }

        static func makeHost(_ testbed: Testbed, _ name: String, bridge kind: Bridge) async throws -> Host {
            let station = try await testbed.makeNamespace("vdphv\(name)")
            let bridgeNamespace = try await testbed.makeNamespace("vdpbr\(name)")
            let interface = "vh\(testbed.suffix)\(name)"
            let bridgeInterface = "vb\(testbed.suffix)\(name)"
            try await testbed.connect(station, interface, bridgeNamespace, bridgeInterface)
            let bridge: ChildProcess
            switch kind {
            case .ours:
                bridge = try testbed.startVdpctl(
                    "bridge-\(name)",
                    in: bridgeNamespace,
                    [
                        "bridge", "-i", bridgeInterface, "--json", "--rka", "14", "--log-rate", "1000000",
                        "--log-total-rate", "1000000", "--duration", "300",
                    ]
                )
            case .lldpad:
                bridge = try await testbed.startLldpad(
                    "lldpad-bridge-\(name)",
                    in: bridgeNamespace,
                    LldpadConfiguration(interface: bridgeInterface, role: .bridge)
                )
            }
            let stateDirectory = testbed.path("state-\(name)")
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
            let pidFile = testbed.path("lldpad-\(name).pid")
            let configuration = testbed.path("vdpd-\(name).conf")
            let text = """
                state-directory = \(stateDirectory)
                control-socket = \(testbed.path("control-\(name).sock"))
                log-format = json
                log-rate = 1000000
                log-total-rate = 1000000
                lldpad-compatible = on
                lldpad-pid-file = \(pidFile)
                [interface \(interface)]
                rka = 14
                rwd = 14
                spacing-ms = \(kind == .lldpad ? 3 : 0)
                """
            // Towards lldpad's bridge, 3 ms from an acknowledgement to the next ECPDU: it holds each received ULPDU
            // for 2 ms in one buffer, and a second ECPDU within them overwrites the first (see DaemonControlTests).
            try Data(text.utf8).write(to: URL(fileURLWithPath: configuration))
            let daemon = try testbed.start(
                "vdpd-\(name)",
                testbed.inNamespace(station, [DaemonTests.vdpdPath(testbed.environment), "--config", configuration]),
                mergingErrors: false
            )
            let ready = await eventually(timeout: .seconds(30)) {
                let lines = DaemonTests.lines(daemon)
                return lines.contains { $0.kind == "evb" }
                    && lines.contains { $0.kind == "start" && $0.text.hasPrefix("serving libvirt netlink port") }
            }
            guard ready else {
                throw Testbed.SetupFailed(
                    description:
                        "vdpd \(name) did not negotiate or serve netlink: \(daemon.standardOutput.suffix(3_000))"
                )
            }
            let client = try LibvirtClient(namespace: station, interface: interface, pidFile: pidFile)
            #expect(try client.daemonPID() == UInt32(daemon.pid), "the pid file names vdpd")
            return Host(namespace: station, interface: interface, daemon: daemon, bridge: bridge, client: client)
        }

        /// The bridge's latest `vsi` log line about `uuid` contains `text` (our bridge only).
        static func bridgeSays(_ host: Host, _ uuid: String, _ text: String) async -> Bool {
            await eventually(timeout: .seconds(10)) {
                DaemonTests.lines(host.bridge).filter { $0.kind == "vsi" && $0.text.contains(uuid) }.last?.text
                    .contains(text) == true
            }
        }

        /// The scenario, against either bridge.
        static func scenario(_ kind: Bridge) async throws {
            let needsLldpad = kind == .lldpad
            guard let environment = InteropEnvironment.check(lldpad: needsLldpad) else {
                return
            }
            let testbed = try Testbed(needsLldpad ? "libvirt-lldpad" : "libvirt-ours", environment: environment)
            defer { testbed.tearDown() }
            let source = try await makeHost(testbed, "a", bridge: kind)
            let destination = try await makeHost(testbed, "b", bridge: kind)
            let uuid = uuidText(vm.instanceID)

            // The domain runs on the source; it migrates: pre-associate on the destination, associate there, and
            // de-associate on the source.
            var elapsed = ContinuousClock.now
            #expect(try await source.client.request(vm, .associate) == .response(0), "associate on the source")
            print("LibvirtNetlinkTests(\(kind)): associate answered success after \(ContinuousClock.now - elapsed)")
            if kind == .ours {
                #expect(await bridgeSays(source, uuid, ": associated"))
            }
            #expect(try await destination.client.request(vm, .preAssociate) == .response(0), "pre-associate")
            if kind == .ours {
                #expect(await bridgeSays(destination, uuid, ": pre-associated"))
            }
            elapsed = ContinuousClock.now
            #expect(try await destination.client.request(vm, .associate) == .response(0), "associate")
            print("LibvirtNetlinkTests(\(kind)): migration associate answered after \(ContinuousClock.now - elapsed)")
            #expect(try await source.client.request(vm, .deAssociate) == .response(0), "de-associate on the source")
            if kind == .ours {
                #expect(await bridgeSays(destination, uuid, ": associated"))
                #expect(await bridgeSays(source, uuid, ": removed"))
            }

            // lldpad's format 2: a 16-octet manager ID and a MAC/VID filter of two entries, on the destination.
            let second: [UInt8] = [0x11, 0xbe, 0x0a, 0x7e, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 0x02]
            let format2 = LibvirtMessages.setLinkFormat2(
                managerID: Array("libvirt-test".utf8) + [0, 0, 0, 0],
                typeID: 0x302,
                typeIDVersion: 1,
                vsiIDFormat: 5,
                vsiID: second,
                hints: 0,
                filterFormat: 2,
                entries: [
                    LibvirtMessages.Format2Entry(groupID: 0, vid: 0, mac: [0x52, 0x54, 0x00, 0x6c, 0x69, 0x02])
                ],
                mode: 3,
                interface: destination.interface,
                index: destination.client.interfaceIndex,
                sequence: destination.client.nextSequence(),
                portID: destination.client.socket.portID
            )
            #expect(try await destination.client.request(format2, uuid: second) == .response(0), "format 2")
            if kind == .ours {
                #expect(await bridgeSays(destination, uuidText(second), ": associated"))
            }

            // An interface the daemon does not serve: lldpad's ENODEV.
            let elsewhere = LibvirtMessages.setLink(
                vm,
                request: .associate,
                interface: "lo",
                index: 1,
                sequence: destination.client.nextSequence(),
                portID: destination.client.socket.portID
            )
            #expect(try await destination.client.request(elsewhere, uuid: vm.instanceID) == .refused(-19))

            // The bridge ends the VSI: vdpd is stopped for longer than the bridge's keep-alive timeout, the bridge
            // de-associates it, and once vdpd runs again libvirt's port is told; libvirt associates it again.
            destination.daemon.signal(SIGSTOP)
            if kind == .ours {
                let agedOut = await bridgeSays(destination, uuid, "aged out")
                #expect(agedOut, "the bridge did not age the VSI out")
            } else {
                try await Task.sleep(for: .seconds(5))
            }
            destination.daemon.signal(SIGCONT)
            // Both VSIs of the destination aged out: each is notified, in format 1's attributes, with its MAC.
            var notified: [[UInt8]: LibvirtMessages.Answer] = [:]
            let deadline = ContinuousClock.now + .seconds(30)
            while notified.count < 2, ContinuousClock.now < deadline,
                let notification = try await destination.client.notification(timeout: deadline - ContinuousClock.now)
            {
                if case .notification(_, _, _, let uuid) = notification {
                    notified[uuid] = notification
                }
            }
            let pid = try destination.client.daemonPID()
            let deAssociate = LibvirtMessages.Request.deAssociate.rawValue
            #expect(
                notified[vm.instanceID]
                    == .notification(pid: pid, mac: vm.mac, request: deAssociate, uuid: vm.instanceID),
                "\(notified); \(destination.daemon.standardOutput.suffix(3_000))"
            )
            #expect(
                notified[second]
                    == .notification(
                        pid: pid,
                        mac: [0x52, 0x54, 0x00, 0x6c, 0x69, 0x02],
                        request: deAssociate,
                        uuid: second
                    ),
                "\(notified)"
            )
            #expect(try await destination.client.request(vm, .associate) == .response(0), "associate again")

            for host in [source, destination] {
                host.daemon.signal(SIGTERM)
                #expect(await host.daemon.waitForExit(timeout: .seconds(20)) == 0)
                #expect(!FileManager.default.fileExists(atPath: host.client.pidFile), "vdpd removed its pid file")
            }
        }

        /// The same client against lldpad's own station (and lldpad's bridge): lldpad takes libvirt's messages as the
        /// client builds them, answers the status as the client reads it, refuses format 2 from netlink with
        /// `EINVAL`, and its notification reads as the daemon's does.
        @Test(.timeLimit(.minutes(2)))
        func theClientAgainstLldpadsOwnStation() async throws {
            guard let environment = InteropEnvironment.check() else {
                return
            }
            let testbed = try Testbed("libvirt-lldpad-station", environment: environment)
            defer { testbed.tearDown() }
            let station = try await testbed.makeNamespace("vdphv")
            let bridgeNamespace = try await testbed.makeNamespace("vdpbr")
            let interface = "vh\(testbed.suffix)"
            let bridgeInterface = "vb\(testbed.suffix)"
            try await testbed.connect(station, interface, bridgeNamespace, bridgeInterface)
            _ = try await testbed.startLldpad(
                "lldpad-bridge",
                in: bridgeNamespace,
                LldpadConfiguration(interface: bridgeInterface, role: .bridge)
            )
            let lldpad = try await testbed.startLldpad(
                "lldpad-station",
                in: station,
                LldpadConfiguration(interface: interface, role: .station)
            )
            let client = try LibvirtClient(
                namespace: station,
                interface: interface,
                pidFile: "",
                fixedPID: UInt32(lldpad.pid)
            )
            // Until lldpad has negotiated EVB it refuses requests (EPROTONOSUPPORT).
            var outcome = LibvirtClient.Outcome.timedOut
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                outcome = try await client.request(Self.vm, .associate)
                if outcome == .response(0) {
                    break
                }
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(outcome == .response(0), "lldpad's station on libvirt's Associate")
            let second: [UInt8] = [0x11, 0xbe, 0x0a, 0x7e, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 0x02]
            let format2 = LibvirtMessages.setLinkFormat2(
                managerID: Array("libvirt-test".utf8) + [0, 0, 0, 0],
                typeID: 0x302,
                typeIDVersion: 1,
                vsiIDFormat: 5,
                vsiID: second,
                hints: 0,
                filterFormat: 2,
                entries: [LibvirtMessages.Format2Entry(groupID: 0, vid: 0, mac: [0x52, 0x54, 0x00, 0x6c, 0x69, 0x02])],
                mode: 3,
                interface: interface,
                index: client.interfaceIndex,
                sequence: client.nextSequence(),
                portID: client.socket.portID
            )
            #expect(try await client.request(format2, uuid: second) == .refused(-22), "lldpad reads format 1 only")
            // lldpad's bridge ages the VSI out while lldpad's station is stopped; whether the station learns it on
            // its first keep-alive after SIGCONT depends on how the bridge's De-Associate retransmissions fell
            // while it was stopped, so the stop is repeated (at most three times) until the notification comes.
            var notification: LibvirtMessages.Answer?
            for _ in 0..<3 where notification == nil {
                lldpad.signal(SIGSTOP)
                try await Task.sleep(for: .seconds(5))
                lldpad.signal(SIGCONT)
                notification = try await client.notification(timeout: .seconds(10))
            }
            #expect(
                notification
                    == .notification(
                        pid: UInt32(lldpad.pid),
                        mac: Self.vm.mac,
                        request: LibvirtMessages.Request.deAssociate.rawValue,
                        uuid: Self.vm.instanceID
                    ),
                "lldpad's notification: \(String(describing: notification))"
            )
        }

        @Test(.timeLimit(.minutes(3)))
        func migrationStatusFormatsAndNotificationAgainstOurBridge() async throws {
            try await Self.scenario(.ours)
        }

        @Test(.timeLimit(.minutes(3)))
        func migrationStatusFormatsAndNotificationAgainstLldpadsBridge() async throws {
            try await Self.scenario(.lldpad)
        }
    }
#endif
