#if os(Linux)
    import Foundation
    import VDPTestSupport

    /// An lldpad.conf for one interface with the ratified EVB TLV (`tlvid0080c20d`) on the nearest-customer-bridge
    /// agent, as in `make-captures.sh`. The role is latched when lldpad starts, so it must be in the file.
    struct LldpadConfiguration {
        enum Role: String {
            case station
            case bridge
        }

        var interface: String
        var role: Role
        /// `evbgpid`: GroupID support (filter formats 3 and 4 need it on both ends).
        var groupIDs = true
        var retries = 3
        /// ECP ackTimer 10 µs · 2^8 = 2.56 ms.
        var retransmissionExponent = 8
        /// resourceWaitDelay 10 µs · 2^14 = 163.84 ms.
        var resourceWaitDelayExponent = 14
        /// Keep-alive 10 µs · 2^14 = 163.84 ms; toutKeepAlive 1.5 · (7 · 2.56 ms + 163.84 ms) ≈ 272.6 ms.
        var keepAliveExponent = 14

        var text: String {
            """
            dcbx :
            {
              version = "1.0";
              dcbx_version = 2;
            };
            nearest_customer_bridge :
            {
              \(interface) :
              {
                adminStatus = 3;
                tlvid0080c20d :
                {
                  enableTx = true;
                  evbmode = "\(role.rawValue)";
                  evbrrcap = \(role == .bridge);
                  evbrrreq = true;
                  evbgpid = \(groupIDs);
                  ecpretries = \(retries);
                  ecprte = \(retransmissionExponent);
                  vdprwd = \(resourceWaitDelayExponent);
                  vdprka = \(keepAliveExponent);
                };
              };
            };

            """
        }
    }

    /// One VDP request for vdptool (`vdptool -i IF -T -W -V MODE -c mode=MODE -c mgrid2=… …`).
    struct VdptoolRequest {
        var mode: String
        var typeID: Int
        var typeVersion = 1
        var uuid: String
        var hints = "none"
        var filters: [String]
        var managerID = "mgr1"

        /// The arguments after `vdptool -i IF`; `-W` waits (up to 5 s) for the bridge's answer and prints it.
        var arguments: [String] {
            [
                "-T", "-W", "-V", mode, "-c", "mode=\(mode)", "-c", "mgrid2=\(managerID)", "-c", "typeid=\(typeID)",
                "-c", "uuid=\(uuid)", "-c", "typeidver=\(typeVersion)", "-c", "hints=\(hints)",
            ] + filters.flatMap { ["-c", "filter=\($0)"] }
        }

        func with(mode: String) -> VdptoolRequest {
            var copy = self
            copy.mode = mode
            return copy
        }
    }

    /// vdptool's printout of one VSI: `key = value` lines, plus the `Error returned by Bridge: …` lines it prints
    /// in a "Response from VDP" block for a response with a (non-hard) error code.
    struct VdptoolVSI: CustomStringConvertible {
        var fields: [String: String] = [:]
        var bridgeErrors: [String] = []

        subscript(_ key: String) -> String? { fields[key] }

        var description: String {
            fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                + bridgeErrors.map { " error: \($0)" }.joined()
        }

        /// Parses every block that starts with a line beginning with `header` ("Response from VDP", or "VSI " in
        /// `-t` output).
        static func parse(_ text: String, blocksStartingWith header: String) -> [VdptoolVSI] {
            var blocks: [VdptoolVSI] = []
            var current: VdptoolVSI?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(header) {
                    if let current {
                        blocks.append(current)
                    }
                    current = VdptoolVSI()
                    continue
                }
                guard line.hasPrefix("\t"), current != nil else {
                    if let finished = current {
                        blocks.append(finished)
                        current = nil
                    }
                    continue
                }
                let body = line.dropFirst()
                if let error = body.split(separator: ":", maxSplits: 1).dropFirst().first,
                    body.hasPrefix("Error returned by Bridge")
                {
                    current?.bridgeErrors.append(error.trimmingCharacters(in: .whitespaces))
                } else if let range = body.range(of: " = ") {
                    current?.fields[String(body[..<range.lowerBound])] = String(body[range.upperBound...])
                }
            }
            if let current {
                blocks.append(current)
            }
            return blocks
        }
    }

    extension Testbed {
        /// Starts lldpad in `namespace` as in `make-captures.sh`: its own mount namespace with a private tmpfs on
        /// /dev/shm (two lldpads would otherwise share /dev/shm/lldpad.state), `-p` (no pid file), `-f` (its own
        /// config file), `-V 7` logging (line-buffered) to `<label>.out`. Returns once lldptool can reach it and
        /// its VDP module has started on the interface.
        func startLldpad(_ label: String, in namespace: String, _ configuration: LldpadConfiguration) async throws
            -> ChildProcess
        {
            let configPath = path("\(label).conf")
            try configuration.text.write(toFile: configPath, atomically: true, encoding: .utf8)
            let lldpad = [environment.stdbuf.map { "\($0) -oL " } ?? "", environment.lldpad].joined()
            let process = try start(
                label,
                inNamespace(
                    namespace,
                    environment.unshare,
                    "-m",
                    "--propagation",
                    "private",
                    "/bin/sh",
                    "-c",
                    "mount -t tmpfs lldpad-shm /dev/shm && exec \(lldpad) -p -V 7 -f \(configPath)"
                )
            )
            let up = await eventually(timeout: .seconds(10), every: .milliseconds(100)) {
                guard process.isRunning else {
                    return false
                }
                return
                    (try? await self.run("lldptool-ping", self.inNamespace(namespace, self.environment.lldptool, "-p")))?
                    .status == 0
            }
            guard up else {
                throw SetupFailed(description: "lldpad in \(namespace) did not come up:\n\(process.standardOutput)")
            }
            // ECP and VDP start on the first EVB timer tick, about a second after lldpad. VDP starts with every
            // exponent 0 and learns the real values only from the next EVB TLV received or built after that; a
            // bridge-role lldpad answers requests in that window and then de-associates them at once (its
            // toutKeepAlive is 30 µs). So wait for the start, before any peer sends its first LLDPDU.
            let started = await eventually(timeout: .seconds(10), every: .milliseconds(50)) {
                process.standardOutput.contains("vdp22_start:\(configuration.interface) start vdp")
            }
            guard started else {
                throw SetupFailed(description: "lldpad did not start VDP on \(configuration.interface)")
            }
            return process
        }

        /// Runs lldptool in `namespace`.
        func lldptool(_ namespace: String, _ arguments: String...) async throws -> CommandOutput {
            try await run("lldptool", inNamespace(namespace, [environment.lldptool] + arguments))
        }

        /// Runs vdptool on `interface` in `namespace`.
        ///
        /// lldpad refuses VDP requests until its VDP module runs and has the negotiated EVB values: it starts on
        /// the first EVB timer tick after the agent comes up and learns the values from the next LLDPDU, up to a
        /// second or two after lldpad has already shown the bridge's EVB TLV. Until then vdptool says "FAILED:
        /// Device not found or inactive" or "FAILED: VDP protocol not supported on interface", and nothing is
        /// sent; so those two answers are retried for up to 10 s.
        func vdptool(_ namespace: String, _ interface: String, _ arguments: [String]) async throws -> CommandOutput {
            let deadline = ContinuousClock.now + .seconds(10)
            while true {
                let output = try await run(
                    "vdptool",
                    inNamespace(namespace, [environment.vdptool, "-i", interface] + arguments)
                )
                let notReady =
                    output.output.contains("FAILED: Device not found or inactive")
                    || output.output.contains("FAILED: VDP protocol not supported on interface")
                guard notReady, ContinuousClock.now < deadline else {
                    return output
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }

        /// Waits until the station-side lldpad has an EVB TLV from a bridge (`lldptool -t -n … -V evb` shows
        /// `mode:bridge`); returns that printout, or `nil` after `timeout`.
        func waitForBridgeTLV(stationNamespace namespace: String, interface: String, timeout: Duration) async -> String?
        {
            var printout: String?
            _ = await eventually(timeout: timeout, every: .milliseconds(100)) {
                let output = try? await self.lldptool(namespace, "-t", "-n", "-i", interface, "-g", "ncb", "-V", "evb")
                guard let output, output.status == 0, output.output.contains("mode:bridge") else {
                    return false
                }
                printout = output.output
                return true
            }
            return printout
        }
    }
#endif
