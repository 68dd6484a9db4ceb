#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPTestSupport

    /// `vdpd` driven only through `vdpctl`'s client subcommands, run as processes with `--json`: every lifecycle
    /// operation, `status`, `list` and `get`, against our bridge (whose log is checked after each step, and which
    /// ages a VSI out while `vdpctl watch` looks on) and against lldpad's bridge.
    @Suite(.serialized) struct DaemonControlTests {
        /// A VSI in `vdpctl`'s words, and its UUID as the control protocol writes it.
        struct VM {
            var typeID: Int
            var uuid: String
            var vid: Int

            var words: [String] {
                [
                    "mgrid=mgr1", "typeid=\(typeID)", "typeidver=1", "uuid=\(uuid)",
                    "filter=\(vid)-52:54:00:e2:c0:\(String(format: "%02x", typeID % 256))",
                ]
            }
        }

        /// One step of the lifecycle: the `vdpctl` command (with its options), the VSI, and what the daemon must
        /// answer: the confirmed TLV type (1 Pre-Associate, 2 with RR, 3 Associate; `nil` for de-associated) and
        /// the S- and M-bits.
        struct Step {
            var command: [String]
            var vm: VM
            var type: Int?
            var suspended = false
            var migrating = false
            /// Our bridge's state text for it in its `vsi` log lines.
            var bridgeText: String
        }

        static let a = VM(typeID: 201, uuid: "e2ec0000-0000-4000-8000-0000000000a1", vid: 201)
        static let b = VM(typeID: 202, uuid: "e2ec0000-0000-4000-8000-0000000000b2", vid: 202)
        static let c = VM(typeID: 203, uuid: "e2ec0000-0000-4000-8000-0000000000c3", vid: 203)

        /// Pre-associate A, pre-associate B with reservation, associate, suspend, resume and emigrate A, immigrate
        /// C (pre-associate with the M-bit), then with `--associate`, de-associate B.
        static let steps: [Step] = [
            Step(command: ["pre-associate"], vm: a, type: 1, bridgeText: "pre-associated"),
            Step(command: ["pre-associate", "--rr"], vm: b, type: 2, bridgeText: "pre-associated (reserved)"),
            Step(command: ["associate"], vm: a, type: 3, bridgeText: "associated"),
            Step(command: ["suspend"], vm: a, type: 3, suspended: true, bridgeText: "associated (suspended)"),
            Step(command: ["resume"], vm: a, type: 3, bridgeText: "associated"),
            Step(command: ["emigrate"], vm: a, type: 3, suspended: true, bridgeText: "associated (suspended)"),
            Step(command: ["immigrate"], vm: c, type: 1, migrating: true, bridgeText: "pre-associated"),
            Step(
                command: ["immigrate", "--associate"],
                vm: c,
                type: 3,
                migrating: true,
                bridgeText: "associated (immigrated)"
            ),
            Step(command: ["de-associate"], vm: b, type: nil, bridgeText: "removed"),
        ]

        /// What one `vdpctl` client run printed: its exit status and its JSON lines.
        struct ClientRun: CustomStringConvertible {
            var status: Int32
            var objects: [[String: Any]]
            var output: String

            var description: String { "exit \(status): \(output)" }

            /// The first line's `result`.
            var result: [String: Any]? { objects.first?["result"] as? [String: Any] }
        }

        final class Client {
            let testbed: Testbed
            let socket: String
            private var runs = 0

            init(_ testbed: Testbed, socket: String) {
                self.testbed = testbed
                self.socket = socket
            }

            /// `vdpctl COMMAND --socket S --json ARGUMENTS`, as a process.
            func run(_ command: [String], _ arguments: [String] = []) async throws -> ClientRun {
                runs += 1
                let output = try await testbed.run(
                    "vdpctl-\(runs)-\(command[0])",
                    [testbed.environment.vdpctl] + command + ["--socket", socket, "--json"] + arguments,
                    timeout: .seconds(60)
                )
                return ClientRun(
                    status: output.status,
                    objects: DaemonControlTests.objects(output.output),
                    output: output.output
                )
            }
        }

        /// The JSON objects among `text`'s lines.
        static func objects(_ text: String) -> [[String: Any]] {
            text.split(separator: "\n").compactMap { line in
                guard line.hasPrefix("{") else {
                    return nil
                }
                return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            }
        }

        /// Whether `object` holds, at any depth, a member `key` whose value satisfies `condition`.
        static func contains(_ object: Any, _ key: String, where condition: (Any) -> Bool) -> Bool {
            if let dictionary = object as? [String: Any] {
                if let value = dictionary[key], condition(value) {
                    return true
                }
                return dictionary.values.contains { contains($0, key, where: condition) }
            }
            if let array = object as? [Any] {
                return array.contains { contains($0, key, where: condition) }
            }
            return false
        }

        /// Whether `object` names the VSI with `uuid` (a `vsiID` member of format 5 with that value).
        static func names(_ object: Any, _ uuid: String) -> Bool {
            contains(object, "vsiID") { ($0 as? [String: Any])?["value"] as? String == uuid }
        }

        /// Checks a `STATE` object (`{"type":…,"hints":{…},…}`) against a step.
        static func check(
            _ state: Any?,
            _ step: Step,
            _ context: String,
            sourceLocation: SourceLocation = #_sourceLocation
        ) {
            let state = state as? [String: Any]
            #expect(state?["type"] as? Int == step.type, "\(context)", sourceLocation: sourceLocation)
            let hints = state?["hints"] as? [String: Any]
            #expect(hints?["suspended"] as? Bool == step.suspended, "\(context)", sourceLocation: sourceLocation)
            #expect(hints?["migrating"] as? Bool == step.migrating, "\(context)", sourceLocation: sourceLocation)
        }

        /// Runs the steps through `vdpctl`, checking each answer and `get`, `list` and `status` after it;
        /// `afterStep` checks the bridge's side.
        static func runLifecycle(
            _ client: Client,
            interface: String,
            steps: [Step] = steps,
            afterStep: (Step) async -> Void
        ) async throws {
            let status = try await client.run(["status"], ["-i", interface])
            #expect(status.status == 0, "\(status)")
            let interfaces = status.result?["interfaces"] as? [[String: Any]]
            #expect(interfaces?.count == 1 && interfaces?.first?["name"] as? String == interface, "\(status)")
            #expect(interfaces?.first?["linkUp"] as? Bool == true, "\(status)")
            #expect(interfaces?.first?["negotiated"] as? Bool == true, "\(status)")

            var wanted: Set<String> = []
            for step in steps {
                let context = "\(step.command.joined(separator: " ")) \(step.vm.uuid)"
                let answer = try await client.run(step.command, ["-i", interface] + step.vm.words)
                #expect(answer.status == 0, "\(context): \(answer)")
                #expect(answer.objects.first?["ok"] as? Bool == true, "\(context): \(answer)")
                if step.type == nil {
                    #expect(
                        answer.result?["state"] == nil || answer.result?["state"] is NSNull,
                        "\(context): \(answer)"
                    )
                } else {
                    check(answer.result?["state"], step, "\(context): \(answer)")
                }
                wanted.insert(step.vm.uuid)

                let get = try await client.run(["get"], ["-i", interface, "uuid=\(step.vm.uuid)"])
                if step.type == nil {
                    // A de-associated VSI is no longer wanted: the daemon forgets it.
                    wanted.remove(step.vm.uuid)
                    #expect(get.status == 1, "get after \(context): \(get)")
                    let code = (get.objects.first?["error"] as? [String: Any])?["code"] as? String
                    #expect(code == "unknownVSI", "get after \(context): \(get)")
                } else {
                    #expect(get.status == 0, "get after \(context): \(get)")
                    let entry = get.result?["vsi"] as? [String: Any]
                    #expect(entry.map { names($0, step.vm.uuid) } == true, "get after \(context): \(get)")
                    #expect(entry?["inFlight"] as? Bool == false, "get after \(context): \(get)")
                    check(entry?["confirmed"], step, "get after \(context): \(get)")
                    #expect(
                        contains(entry?["lastOutcome"] as Any, "succeeded") { _ in true },
                        "get after \(context): \(get)"
                    )
                }

                let list = try await client.run(["list"], ["-i", interface])
                #expect(list.status == 0, "list after \(context): \(list)")
                let entries = list.result?["vsis"] as? [[String: Any]] ?? []
                let listed = Set(entries.compactMap { ($0["vsiID"] as? [String: Any])?["value"] as? String })
                #expect(listed == wanted, "list after \(context): \(list)")
                await afterStep(step)
            }

            let unknown = try await client.run(
                ["get"],
                ["-i", interface, "uuid=e2ec0000-0000-4000-8000-0000000000ff"]
            )
            #expect(unknown.status == 1, "get of a VSI nobody wants: \(unknown)")
            #expect(
                (unknown.objects.first?["error"] as? [String: Any])?["code"] as? String == "unknownVSI",
                "\(unknown)"
            )
        }

        /// The bridge's `vsi` log lines that name `uuid`.
        static func bridgeLines(_ bridge: ChildProcess, _ uuid: String) -> [DaemonTests.LogLine] {
            DaemonTests.lines(bridge).filter { $0.kind == "vsi" && $0.text.contains(uuid) }
        }

        @Test(.timeLimit(.minutes(3)))
        func everyOperationAgainstOurBridgeAndWatchSeesItAgeAVSIOut() async throws {
            guard let environment = InteropEnvironment.check(lldpad: false) else {
                return
            }
            let testbed = try Testbed("daemon-control", environment: environment)
            defer { testbed.tearDown() }
            let setup = try await DaemonTests().setUp(testbed, wanted: 0)
            let daemon = try DaemonTests().startDaemon(setup, "vdpd")
            let negotiated = await eventually(timeout: .seconds(30)) {
                DaemonTests.lines(daemon).contains { $0.kind == "evb" }
            }
            #expect(negotiated, "vdpd did not negotiate EVB: \(daemon.standardOutput.suffix(2_000))")
            let socket = testbed.path("control.sock")
            let client = Client(testbed, socket: socket)
            let watch = try testbed.start(
                "vdpctl-watch",
                [environment.vdpctl, "watch", "--socket", socket, "-i", "vs0", "--json"],
                mergingErrors: false
            )
            let watching = await eventually(timeout: .seconds(10)) {
                Self.objects(watch.standardOutput).contains { $0["ok"] as? Bool == true }
            }
            #expect(watching, "vdpctl watch: \(watch.standardOutput) \(watch.standardError)")

            try await Self.runLifecycle(client, interface: "vs0") { step in
                // The bridge's log: its latest line about the VSI gives the state the daemon reported.
                let seen = await eventually(timeout: .seconds(10)) {
                    Self.bridgeLines(setup.bridge, step.vm.uuid).last?.text.contains(": \(step.bridgeText)") == true
                }
                let lines = Self.bridgeLines(setup.bridge, step.vm.uuid).map(\.text)
                #expect(seen, "bridge after \(step.command) \(step.vm.uuid): \(lines)")
            }
            // Every client outcome was streamed to the watcher.
            let outcomes = Self.objects(watch.standardOutput).filter {
                Self.contains($0, "outcome") { $0 is [String: Any] }
            }
            #expect(outcomes.count >= Self.steps.count, "\(watch.standardOutput.suffix(4_000))")

            // The bridge ages A out: the daemon is stopped (SIGSTOP) for longer than toutKeepAlive, so that no
            // keep-alive reaches the bridge; the bridge's unsolicited De-Associate waits in the daemon's socket.
            daemon.signal(SIGSTOP)
            let agedOut = await eventually(timeout: .seconds(20)) {
                Self.bridgeLines(setup.bridge, Self.a.uuid).last?.text.contains("aged out") == true
            }
            daemon.signal(SIGCONT)
            #expect(agedOut, "the bridge did not age A out: \(Self.bridgeLines(setup.bridge, Self.a.uuid).map(\.text))")
            let deAssociated = await eventually(timeout: .seconds(20)) {
                Self.objects(watch.standardOutput).contains { event in
                    Self.contains(event, "bridgeDeAssociated") { Self.names($0, Self.a.uuid) }
                }
            }
            #expect(deAssociated, "watch: no bridgeDeAssociated for A: \(watch.standardOutput.suffix(4_000))")
            let requestedAgain = await eventually(timeout: .seconds(20)) {
                Self.objects(watch.standardOutput).contains { event in
                    Self.contains(event, "requestedAgain") { value in
                        Self.names(value, Self.a.uuid) && (value as? [String: Any])?["reason"] as? String == "retry"
                    }
                }
            }
            #expect(requestedAgain, "watch: A not requested again: \(watch.standardOutput.suffix(4_000))")
            // And it is confirmed again, as the client last wanted it (emigrating: the S-bit).
            let again = await eventually(timeout: .seconds(30)) {
                guard let get = try? await client.run(["get"], ["-i", "vs0", "uuid=\(Self.a.uuid)"]),
                    let entry = get.result?["vsi"] as? [String: Any],
                    let confirmed = entry["confirmed"] as? [String: Any]
                else {
                    return false
                }
                return confirmed["type"] as? Int == 3
            }
            #expect(again, "A was not associated again")
            let back = await eventually(timeout: .seconds(10)) {
                Self.bridgeLines(setup.bridge, Self.a.uuid).last?.text.contains(": associated (suspended)") == true
            }
            #expect(back, "bridge: \(Self.bridgeLines(setup.bridge, Self.a.uuid).map(\.text))")

            watch.signal(SIGTERM)
            daemon.signal(SIGTERM)
            #expect(await daemon.waitForExit(timeout: .seconds(20)) == 0)
            let rows = await DaemonTests().table(setup.bridge)
            #expect(Set(rows.map(\.vsi)) == [Self.a.uuid, Self.c.uuid], "the bridge's table: \(rows)")
        }

        @Test(.timeLimit(.minutes(3)))
        func everyOperationAgainstLldpadsBridge() async throws {
            guard let environment = InteropEnvironment.check() else {
                return
            }
            let testbed = try Testbed("daemon-control-lldpad", environment: environment)
            defer { testbed.tearDown() }
            let station = try await testbed.makeNamespace("vdphv")
            let bridgeNamespace = try await testbed.makeNamespace("vdpbr")
            let stationInterface = "vh\(testbed.suffix)"
            let bridgeInterface = "vb\(testbed.suffix)"
            try await testbed.connect(station, stationInterface, bridgeNamespace, bridgeInterface)
            _ = try await testbed.startLldpad(
                "lldpad-bridge",
                in: bridgeNamespace,
                LldpadConfiguration(interface: bridgeInterface, role: .bridge)
            )
            let stateDirectory = testbed.path("state")
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
            let socket = testbed.path("control.sock")
            let configuration = testbed.path("vdpd.conf")
            let text = """
                state-directory = \(stateDirectory)
                control-socket = \(socket)
                log-format = json
                log-rate = 1000000
                log-total-rate = 1000000
                [interface \(stationInterface)]
                rka = 14
                rwd = 17
                rte = 12
                spacing-ms = 3
                """
            // spacing-ms 3: lldpad acknowledges an ECPDU at once but keeps its ULPDU in one buffer for 2 ms before
            // its VDP reads it; without spacing, a keep-alive of one VSI could leave 0.35 ms after the previous
            // ECPDU's acknowledgement and overwrite it, so that lldpad answered the second ULPDU twice and never
            // saw the first: a lost request timed out after respWaitDelay, a lost keep-alive or immigrate-Associate
            // let lldpad's toutKeepAlive (676 ms) expire first, and it de-associated the VSI (1 run in 7). The
            // spacing counts from the acknowledgement, so a frame that a busy host sends late does not shorten it.
            // RTE 12 (a 41 ms ack timer, 164 ms before retries run out) rather than lldpad's 8 (2.56 ms, 10 ms), and
            // RWD 17 (respWaitDelay 2.4 s): with both cores busy, as in a parallel test run, lldpad at normal
            // priority may not be scheduled for 10 ms, nor answer within the 0.7 s of RWD 14.
            try Data(text.utf8).write(to: URL(fileURLWithPath: configuration))
            let daemon = try testbed.start(
                "vdpd",
                testbed.inNamespace(
                    station,
                    [DaemonTests.vdpdPath(environment), "--config", configuration]
                ),
                mergingErrors: false
            )
            let negotiated = await eventually(timeout: .seconds(30)) {
                DaemonTests.lines(daemon).contains { $0.kind == "evb" }
            }
            #expect(negotiated, "vdpd did not negotiate EVB with lldpad: \(daemon.standardOutput.suffix(2_000))")
            let client = Client(testbed, socket: socket)
            try await Self.runLifecycle(client, interface: stationInterface) { _ in }
            // lldpad kept every VSI the daemon still wants (its keep-alives reach it): nothing ended on its own.
            let ended = DaemonTests.lines(daemon).filter { $0.text.contains("de-associated by the bridge") }
            #expect(ended.isEmpty, "\(ended.map(\.text))")
            daemon.signal(SIGTERM)
            #expect(await daemon.waitForExit(timeout: .seconds(20)) == 0)
        }
    }
#endif
