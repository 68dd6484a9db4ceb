#if os(Linux)
    import Dispatch
    import Glibc
    import VDPAgent
    import VDPLog
    import VDPTypeDatabase

    /// `vdpctl bridge`'s SIGHUP: reads the type database file again and, if it parses, puts it in force on every
    /// port and de-associates the VSIs it no longer allows; a file that does not parse is refused and the
    /// database in force kept. Reloads run one at a time, in the order the signals came.
    final class TypeDatabaseReloader: @unchecked Sendable {
        /// One port: its policy, its agent and its log.
        struct Port: Sendable {
            var policy: VSITypePolicy
            var agent: BridgeAgent
            var log: EventLog
        }

        private let path: String
        private let ports: [Port]
        private let log: EventLog
        private let signals: AsyncStream<Void>
        private let continuation: AsyncStream<Void>.Continuation
        // Set in `init` and only cancelled after; a dispatch source is thread-safe (hence @unchecked Sendable).
        private let source: any DispatchSourceSignal

        init(path: String, ports: [Port], log: EventLog) {
            self.path = path
            self.ports = ports
            self.log = log
            // One pending reload is enough: signals that arrive during a reload coalesce into the next.
            (signals, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            signal(SIGHUP, SIG_IGN)
            source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
            source.setEventHandler { [continuation] in continuation.yield() }
            source.resume()
        }

        /// De-associates the restored VSIs that the database in force does not allow, then handles SIGHUPs until
        /// cancelled.
        func run() async {
            for port in ports {
                let revocations = port.policy.revocations()
                guard !revocations.isEmpty else {
                    continue
                }
                port.log.line(
                    "\(revocations.count) restored VSIs are not allowed by the type database in force",
                    kind: "start",
                    fields: [("revoked", .int(Int64(revocations.count)))]
                )
                await revoke(revocations, on: port)
            }
            for await _ in signals {
                await reload()
            }
        }

        /// Stops listening for SIGHUP.
        func stop() {
            source.cancel()
            continuation.finish()
        }

        private func reload() async {
            let started = ContinuousClock.now
            let database: VSITypeDatabase
            switch TypeDatabaseFile.load(path) {
            case .success(let loaded):
                database = loaded
            case .failure(let error):
                let kept = ports.first?.policy.database.entries.count ?? 0
                log.line(
                    "type database reload refused: \(error.message); keeping the database in force (\(kept) entries)",
                    kind: "error",
                    fields: [("path", .string(path))]
                )
                return
            }
            var revocations: [(Port, [VSITypeRevocation])] = []
            for port in ports {
                revocations.append((port, port.policy.install(database)))
            }
            let elapsed = (ContinuousClock.now - started).components
            let milliseconds = elapsed.seconds * 1_000 + elapsed.attoseconds / 1_000_000_000_000_000
            let total = revocations.reduce(0) { $0 + $1.1.count }
            log.line(
                "type database reloaded from \(path): \(database.entries.count) entries in \(milliseconds) ms; "
                    + "\(total) VSIs no longer allowed",
                kind: "reload",
                fields: [
                    ("path", .string(path)), ("entries", .int(Int64(database.entries.count))),
                    ("revoked", .int(Int64(total))), ("milliseconds", .int(milliseconds)),
                ]
            )
            for (port, list) in revocations where !list.isEmpty {
                await revoke(list, on: port)
            }
        }

        /// De-associates `revocations` on `port`, logging each VSI that was still there.
        private func revoke(_ revocations: [VSITypeRevocation], on port: Port) async {
            let portLog = port.log
            await port.policy.deAssociate(revocations, on: port.agent) { revocation, existed in
                guard existed else {
                    return
                }
                portLog.line(
                    "de-associating \(revocation.key): \(revocation.reason)",
                    kind: "revoked",
                    fields: [
                        ("station", .string(revocation.key.station.description)),
                        ("vsiID", .string(revocation.key.vsiID.description)),
                        ("reason", .string(revocation.reason.description)),
                    ]
                )
            }
        }
    }
#endif
