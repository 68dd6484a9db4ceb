#if os(Linux)
    import Foundation
    import Glibc
    import Synchronization
    import Testing
    import VDPDaemon
    import VDPProtocol
    import VDPTestSupport
    import VDPWire

    /// `vdpd` as a process against `vdpctl bridge`, in namespaces joined by a veth pair the test creates: a
    /// `kill -9` while the daemon requests its wanted VSIs, then a restart; a link set down for longer than the
    /// bridge's keep-alive timeout, then up. Both end with every wanted VSI associated on the bridge exactly once.
    @Suite(.serialized) struct DaemonTests {
        /// One line of `vdpd`'s or `vdpctl bridge`'s JSON event log, with the VSI it names.
        struct LogLine: Decodable {
            var kind: String
            var text: String
            var port: String?
            var vsi: String?
            var station: String?
            var state: String?
        }

        static func lines(_ child: ChildProcess) -> [LogLine] {
            let decoder = JSONDecoder()
            return child.standardOutput.split(separator: "\n").compactMap { line in
                try? decoder.decode(LogLine.self, from: Data(line.utf8))
            }
        }

        /// The VSIs a `vdpd` log reports associated (its `result` lines).
        static func associated(_ child: ChildProcess) -> Set<String> {
            Set(lines(child).filter { $0.kind == "result" && $0.text.contains("associated") }.compactMap(\.vsi))
        }

        static func vm(_ number: UInt64) -> VSIDescriptor {
            VSIDescriptor(
                managerID: VSIManagerID(text: "mgr1") ?? VSIManagerID(singleOctet: 1),
                typeID: VSITypeID(truncating: 100),
                typeVersion: 1,
                vsiID: .uuid(VSIUUID(octets: Octets16(high: 0xE2E, low: number))),
                filterInfo: .macVID(
                    MACAddress(rawValue: 0x5254_0000_0000 | number) ?? MACAddress(0x52, 0x54, 0, 0, 0, 1),
                    .null
                )
            )
        }

        /// The `vdpd` binary: next to `vdpctl`.
        static func vdpdPath(_ environment: InteropEnvironment) -> String {
            URL(fileURLWithPath: environment.vdpctl).deletingLastPathComponent().appendingPathComponent("vdpd").path
        }

        /// A station namespace and a bridge namespace, `vs0`–`vb0`, `vdpctl bridge` on `vb0` (RKA 14: a keep-alive
        /// every 164 ms) and a `vdpd` configuration for `vs0` with `wanted` VSIs in its state file.
        struct Setup {
            let testbed: Testbed
            let station: String
            let bridge: ChildProcess
            let configuration: String
            let vdpd: String
        }

        func setUp(_ testbed: Testbed, wanted: Int, bridgeArguments: [String] = []) async throws -> Setup {
            let station = try await testbed.makeNamespace("vdphv")
            let bridgeNamespace = try await testbed.makeNamespace("vdpbr")
            try await testbed.connect(station, "vs0", bridgeNamespace, "vb0")
            let bridge = try testbed.startVdpctl(
                "bridge",
                in: bridgeNamespace,
                [
                    "bridge", "-i", "vb0", "--json", "--rka", "14", "--log-rate", "1000000", "--log-total-rate",
                    "1000000", "--duration", "300",
                ] + bridgeArguments
            )
            let stateDirectory = testbed.path("state")
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
            var set = WantedSet()
            for number in 0..<wanted {
                set.want(.associate, for: Self.vm(UInt64(number + 1)), on: "vs0")
            }
            try StateFile(path: stateDirectory + "/state.json").save(set)
            let configuration = testbed.path("vdpd.conf")
            let text = """
                state-directory = \(stateDirectory)
                control-socket = \(testbed.path("control.sock"))
                log-format = json
                log-rate = 1000000
                log-total-rate = 1000000
                [interface vs0]
                rka = 14
                """
            try Data(text.utf8).write(to: URL(fileURLWithPath: configuration))
            return Setup(
                testbed: testbed,
                station: station,
                bridge: bridge,
                configuration: configuration,
                vdpd: Self.vdpdPath(testbed.environment)
            )
        }

        func startDaemon(_ setup: Setup, _ label: String) throws -> ChildProcess {
            try setup.testbed.start(
                label,
                setup.testbed.inNamespace(setup.station, [setup.vdpd, "--config", setup.configuration]),
                mergingErrors: false
            )
        }

        /// Stops the bridge and returns its final VSI table: (station, VSI, state) rows.
        func table(_ bridge: ChildProcess) async -> [(station: String, vsi: String, state: String)] {
            bridge.signal(SIGTERM)
            _ = await bridge.waitForExit(timeout: .seconds(20))
            return Self.lines(bridge).filter { $0.kind == "vsi-table" }.map {
                ($0.station ?? "", $0.vsi ?? "", $0.state ?? "")
            }
        }

        @Test func killNineWhileRequestingThenRestartAssociatesEveryVSIOnce() async throws {
            guard let environment = InteropEnvironment.check(lldpad: false) else {
                return
            }
            let testbed = try Testbed("daemon-kill", environment: environment)
            defer { testbed.tearDown() }
            let setup = try await setUp(testbed, wanted: 200)
            let first = try startDaemon(setup, "vdpd-first")
            let started = await eventually(timeout: .seconds(30)) { !Self.associated(first).isEmpty }
            #expect(started, "the first vdpd associated nothing: \(first.standardOutput.suffix(2_000))")
            first.signal(SIGKILL)
            _ = await first.waitForExit(timeout: .seconds(10))
            let before = Self.associated(first).count
            print("DaemonTests: vdpd killed after \(before) of 200 VSIs were associated")

            let second = try startDaemon(setup, "vdpd-second")
            let expected = Set((1...200).map { Self.vm(UInt64($0)).vsiID.description })
            let done = await eventually(timeout: .seconds(60)) { Self.associated(second) == expected }
            #expect(done, "after the restart \(Self.associated(second).count) of 200 associated")
            // The first pass requests each wanted VSI once; a request that fails on a loaded machine is retried
            // (kind `request-again` too, marked as a retry), which the bridge's table below must not show twice.
            let restarts = Self.lines(second).filter {
                $0.kind == "request-again" && $0.text.contains("wanted at start")
            }
            #expect(restarts.count == 200, "each wanted VSI is requested again once at the start")
            #expect(Set(restarts.compactMap(\.vsi)) == expected)
            let rows = await table(setup.bridge)
            #expect(rows.count == 200, "the bridge holds each wanted VSI once and nothing else")
            #expect(Set(rows.map(\.vsi)) == expected)
            #expect(rows.allSatisfy { $0.state == "Associate" })
            #expect(Set(rows.map(\.station)).count == 1)
            second.signal(SIGTERM)
            #expect(await second.waitForExit(timeout: .seconds(20)) == 0)
            #expect(
                try StateFile(path: testbed.path("state") + "/state.json").load().count == 200,
                "a stop keeps every want"
            )
        }

        /// 200 clients' Associates at once through the control socket; `kill -9` once some are answered; a
        /// restart. Every VSI whose want was saved (all that were answered, and any that reached the bridge) ends
        /// associated on the bridge exactly once, and nothing else is there.
        @Test func killNineDuringABurstOfClientRequestsThenRestart() async throws {
            guard let environment = InteropEnvironment.check(lldpad: false) else {
                return
            }
            let testbed = try Testbed("daemon-burst", environment: environment)
            defer { testbed.tearDown() }
            let setup = try await setUp(testbed, wanted: 0)
            let socket = testbed.path("control.sock")
            let first = try startDaemon(setup, "vdpd-first")
            let negotiated = await eventually(timeout: .seconds(30)) {
                Self.lines(first).contains { $0.kind == "evb" }
            }
            #expect(negotiated, "vdpd did not negotiate EVB: \(first.standardOutput.suffix(2_000))")
            let client = try ControlClient.connect(path: socket)
            let answered = Counter()
            let burst = Task {
                await withTaskGroup(of: Void.self) { group in
                    for number in 1...200 {
                        group.addTask {
                            let request = ControlLifecycleRequest(
                                interface: "vs0",
                                vsi: Self.vm(UInt64(number)),
                                action: .associate
                            )
                            if let response = try? await client.request(.lifecycle(request)),
                                case .success = response.outcome
                            {
                                answered.add(Self.vm(UInt64(number)).vsiID.description)
                            }
                        }
                    }
                }
            }
            _ = await eventually(timeout: .seconds(30), every: .milliseconds(1)) { answered.count >= 20 }
            first.signal(SIGKILL)
            _ = await first.waitForExit(timeout: .seconds(10))
            client.close()
            await burst.value
            let confirmed = answered.values
            let stateFile = StateFile(path: testbed.path("state") + "/state.json")
            let wanted = Set(try stateFile.load().wants(on: "vs0").map(\.descriptor.vsiID.description))
            print("DaemonTests: vdpd killed with \(confirmed.count) of 200 answered and \(wanted.count) saved")
            #expect(confirmed.isSubset(of: wanted), "every answered request was saved")

            let second = try startDaemon(setup, "vdpd-second")
            let done = await eventually(timeout: .seconds(60)) { Self.associated(second) == wanted }
            #expect(done, "after the restart \(Self.associated(second).count) of \(wanted.count) associated")
            let rows = await table(setup.bridge)
            #expect(rows.count == wanted.count, "the bridge holds each wanted VSI once and nothing else")
            #expect(Set(rows.map(\.vsi)) == wanted)
            #expect(rows.allSatisfy { $0.state == "Associate" })
            second.signal(SIGTERM)
            #expect(await second.waitForExit(timeout: .seconds(20)) == 0)
        }

        /// The VIDs the bridge granted for null-VID requests survive `kill -9`: the restarted daemon lists them
        /// (`granted`) while the bridge, stopped, cannot answer; once it runs again its answers replace them.
        @Test func killNineKeepsTheGrantedVIDsForTheRestartedDaemon() async throws {
            guard let environment = InteropEnvironment.check(lldpad: false) else {
                return
            }
            let testbed = try Testbed("daemon-vids", environment: environment)
            defer { testbed.tearDown() }
            let setup = try await setUp(testbed, wanted: 0, bridgeArguments: ["--vid-range", "100-199"])
            let socket = testbed.path("control.sock")
            let first = try startDaemon(setup, "vdpd-first")
            let negotiated = await eventually(timeout: .seconds(30)) {
                Self.lines(first).contains { $0.kind == "evb" }
            }
            try #require(negotiated, "vdpd did not negotiate EVB: \(first.standardOutput.suffix(2_000))")
            let client = try ControlClient.connect(path: socket)
            var granted: [VSIID: FilterInfo] = [:]
            for number in 1...5 {
                let vm = Self.vm(UInt64(number))
                let response = try await client.request(
                    .lifecycle(ControlLifecycleRequest(interface: "vs0", vsi: vm, action: .associate))
                )
                guard case .success(.lifecycle(let state?)) = response.outcome,
                    let vid = state.filterInfo.entries.first?.vid.vid, (100...199).contains(vid)
                else {
                    Issue.record("no pool VID for \(vm.vsiID): \(response)")
                    return
                }
                granted[vm.vsiID] = state.filterInfo
            }
            client.close()
            let stateFile = StateFile(path: testbed.path("state") + "/state.json")
            let saved = await eventually(timeout: .seconds(10), every: .milliseconds(10)) {
                let set = try? stateFile.load()
                return granted.allSatisfy { set?.wanted($0.key, on: "vs0")?.granted == $0.value }
            }
            #expect(saved, "the granted VIDs never reached the state file")
            first.signal(SIGKILL)
            _ = await first.waitForExit(timeout: .seconds(10))

            // The bridge cannot answer while it is stopped.
            setup.bridge.signal(SIGSTOP)
            let second = try startDaemon(setup, "vdpd-second")
            var listed: [WantedVSIStatus] = []
            let reachable = await eventually(timeout: .seconds(10), every: .milliseconds(20)) {
                guard let client = try? ControlClient.connect(path: socket) else {
                    return false
                }
                defer { client.close() }
                guard let response = try? await client.request(.list(interface: "vs0")),
                    case .success(.list(let entries)) = response.outcome
                else {
                    return false
                }
                listed = entries
                return true
            }
            setup.bridge.signal(SIGCONT)
            try #require(reachable, "the restarted vdpd did not answer: \(second.standardError.suffix(2_000))")
            #expect(listed.count == 5)
            for entry in listed {
                #expect(entry.confirmed == nil, "nothing is confirmed before the bridge answers: \(entry)")
                #expect(entry.granted == granted[entry.vsiID], "the VIDs granted before the kill: \(entry)")
            }
            // The bridge aged the VSIs out meanwhile (no keep-alive came while the daemon was away), so its new
            // answers may carry other VIDs from its pool: they replace the saved ones.
            let confirmed = await eventually(timeout: .seconds(30), every: .milliseconds(50)) {
                guard let client = try? ControlClient.connect(path: socket) else {
                    return false
                }
                defer { client.close() }
                guard let response = try? await client.request(.list(interface: "vs0")),
                    case .success(.list(let entries)) = response.outcome
                else {
                    return false
                }
                listed = entries
                return entries.count == 5
                    && entries.allSatisfy {
                        !$0.inFlight && $0.confirmed != nil && $0.granted == $0.confirmed?.filterInfo
                    }
            }
            #expect(confirmed, "the bridge's new answers did not replace the saved VIDs: \(listed)")
            second.signal(SIGTERM)
            #expect(await second.waitForExit(timeout: .seconds(20)) == 0)
            let kept = try stateFile.load()
            #expect(listed.allSatisfy { kept.wanted($0.vsiID, on: "vs0")?.granted == $0.granted }, "saved at the stop")
        }

        @Test func linkDownLongerThanTheKeepAliveTimeoutThenUpAssociatesEveryVSIAgain() async throws {
            guard let environment = InteropEnvironment.check(lldpad: false) else {
                return
            }
            let testbed = try Testbed("daemon-flap", environment: environment)
            defer { testbed.tearDown() }
            let setup = try await setUp(testbed, wanted: 50)
            let expected = Set((1...50).map { Self.vm(UInt64($0)).vsiID.description })
            let daemon = try startDaemon(setup, "vdpd")
            let associated = await eventually(timeout: .seconds(60)) { Self.associated(daemon) == expected }
            #expect(associated, "\(Self.associated(daemon).count) of 50 associated before the flap")
            let resultsBefore = Self.lines(daemon).filter { $0.kind == "result" }.count

            try await testbed.checked(environment.ip, "-n", setup.station, "link", "set", "vs0", "down")
            let carrierLost = await eventually(timeout: .seconds(10)) {
                Self.lines(daemon).contains { $0.kind == "link" && $0.text.contains("carrier lost") }
            }
            #expect(carrierLost, "vdpd did not see the carrier go")
            let agedOut = await eventually(timeout: .seconds(30)) {
                Self.lines(setup.bridge).filter { $0.kind == "vsi" && $0.text.contains("aged out") }.count >= 50
            }
            #expect(agedOut, "the bridge did not age the VSIs out while the link was down")
            try await testbed.checked(environment.ip, "-n", setup.station, "link", "set", "vs0", "up")

            let again = await eventually(timeout: .seconds(60)) {
                let results = Self.lines(daemon).filter { $0.kind == "result" }.dropFirst(resultsBefore)
                return Set(results.compactMap(\.vsi)) == expected
            }
            #expect(again, "not every wanted VSI was associated again after the link came back")
            let rows = await table(setup.bridge)
            #expect(rows.count == 50 && Set(rows.map(\.vsi)) == expected)
            #expect(rows.allSatisfy { $0.state == "Associate" })
            daemon.signal(SIGTERM)
            #expect(await daemon.waitForExit(timeout: .seconds(20)) == 0)
        }
    }

    /// Strings collected from many tasks.
    final class Counter: Sendable {
        private let strings = Mutex<Set<String>>([])

        func add(_ string: String) {
            strings.withLock { _ = $0.insert(string) }
        }

        var count: Int { strings.withLock { $0.count } }
        var values: Set<String> { strings.withLock { $0 } }
    }
#endif
