#if os(Linux)
    import Dispatch
    import Foundation
    import Glibc
    import VDPAgent
    import VDPLog
    import VDPNetlink

    /// The `vdpd` process: reads the configuration, runs a ``StationService`` on its interfaces with raw sockets
    /// and rtnetlink, serves the control socket, logs like `vdpctl station`, reloads on SIGHUP and stops on
    /// SIGTERM or SIGINT.
    ///
    /// A stop de-associates nothing and sends no shutdown LLDPDU: the VMs keep running while the daemon is away,
    /// and the bridge must keep their VSIs (refreshed again by the restarted daemon within their keep-alive
    /// timeout) rather than drop them at once on a TTL-0 LLDPDU.
    public enum Daemon {
        /// How many service events the event log may fall behind before the oldest are dropped (and counted):
        /// 262,144, two per wanted VSI at the default bound of 65,536 on two interfaces (about 50 MB at most).
        public static let logEventBufferLimit = 262_144

        /// Exit status: the configuration or the command line is wrong.
        public static let usageStatus: Int32 = 2
        /// Exit status: the daemon could not start (state directory, control socket).
        public static let startFailureStatus: Int32 = 1

        /// Runs `vdpd ARGUMENTS` (without the program name); the event log and messages go to `write`, errors
        /// to `writeError`; `frontDoors` make the front doors besides the control socket that the configuration
        /// enables. Returns the exit status.
        public static func run(
            arguments: [String],
            frontDoors: [any DaemonFrontDoorFactory] = [],
            write: @escaping @Sendable (String) -> Void,
            writeError: @escaping @Sendable (String) -> Void
        ) async -> Int32 {
            let options: DaemonOptions
            do throws(DaemonUsageError) {
                options = try DaemonOptions.parse(arguments)
            } catch {
                writeError("vdpd: \(error)\n" + DaemonOptions.usage)
                return usageStatus
            }
            if options.help {
                write(DaemonOptions.usage)
                return 0
            }
            if options.version {
                write("vdpd \(StationControlHandler.daemonVersion)\n")
                return 0
            }
            let configuration: DaemonConfiguration
            do throws(ConfigurationError) {
                configuration = try DaemonConfiguration.load(path: options.configurationPath)
            } catch {
                writeError("vdpd: \(options.configurationPath): \(error)\n")
                return usageStatus
            }
            if options.checkOnly {
                write(describe(configuration, path: options.configurationPath))
                return 0
            }
            return await serve(
                configuration,
                options: options,
                frontDoors: frontDoors.flatMap { $0.frontDoors(for: configuration) },
                write: write,
                writeError: writeError
            )
        }

        /// What `--check-config` prints.
        static func describe(_ configuration: DaemonConfiguration, path: String) -> String {
            var text = "\(path): configuration OK\n"
            text += "state file \(configuration.stateFilePath)\n"
            text +=
                "control socket \(configuration.controlSocket) mode "
                + String(configuration.controlSocketMode, radix: 8)
                + (configuration.controlSocketGroup.map { " group \($0)" } ?? "") + "\n"
            text +=
                "log \(configuration.logFormat.rawValue), \(configuration.logLinesPerCause) lines per cause "
                + "and \(configuration.logLinesPerInterval) in all per second\n"
            for interface in configuration.interfaces {
                text +=
                    "interface \(interface.name): EVB \(interface.evb ? "on" : "off"), GroupIDs "
                    + "\(interface.groupIDs ? "on" : "off"), R \(interface.maximumRetries), "
                    + "RTE \(interface.retransmissionExponent), RWD \(interface.resourceWaitDelayExponent), "
                    + "RKA \(interface.reinitKeepAliveExponent), at most \(interface.maximumWantedVSIs) wanted VSIs\n"
            }
            return text
        }

        private static func serve(
            _ configuration: DaemonConfiguration,
            options: DaemonOptions,
            frontDoors: [any DaemonFrontDoor],
            write: @escaping @Sendable (String) -> Void,
            writeError: @escaping @Sendable (String) -> Void
        ) async -> Int32 {
            var limits = EventLogLimits()
            limits.linesPerCause = configuration.logLinesPerCause
            limits.linesPerInterval = configuration.logLinesPerInterval
            let output = EventLogOutput(
                json: (options.logFormat ?? configuration.logFormat) == .json,
                limits: limits,
                write: write
            )
            let log = EventLog(output: output)
            // Signals are taken before anything starts, so that none is lost or kills the process.
            let signals = SignalStream(signals: [SIGTERM, SIGINT, SIGHUP])
            defer { signals.cancel() }
            do {
                try FileManager.default.createDirectory(
                    atPath: configuration.stateDirectory,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            } catch {
                log.line("cannot create the state directory \(configuration.stateDirectory): \(error)", kind: "error")
                output.finish()
                writeError("vdpd: cannot create \(configuration.stateDirectory)\n")
                return startFailureStatus
            }
            var claimed: [any DaemonFrontDoor] = []
            for frontDoor in frontDoors {
                do throws(DaemonFrontDoorError) {
                    try await frontDoor.claim { line in log.line("\(frontDoor.name): \(line)", kind: "frontdoor") }
                    claimed.append(frontDoor)
                } catch {
                    for taken in claimed.reversed() {
                        await taken.stop()
                    }
                    log.line("cannot serve \(frontDoor.name): \(error)", kind: "error")
                    output.finish()
                    writeError("vdpd: cannot serve \(frontDoor.name): \(error)\n")
                    return startFailureStatus
                }
            }
            let linkEvents: NetlinkLinkEvents?
            do throws(NetlinkError) {
                linkEvents = try NetlinkLinkEvents()
            } catch {
                log.line(
                    "cannot follow links with rtnetlink (\(error)); carrier changes are seen only "
                        + "when a send fails",
                    kind: "error"
                )
                linkEvents = nil
            }
            let service = StationService(
                configuration: configuration,
                stateFile: StateFile(path: configuration.stateFilePath),
                links: PacketLinkFactory(),
                linkEvents: linkEvents
            )
            let serviceLog = ServiceEventLog(log: log)
            // The log may fall behind by a whole pass over the wanted VSIs (a request and a result line each).
            let events = await service.events(bufferLimit: Self.logEventBufferLimit)
            let logger = Task {
                for await event in events {
                    serviceLog.write(event)
                }
            }
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: output.limits.interval)
                    output.tick()
                }
            }
            log.line(
                "vdpd \(StationControlHandler.daemonVersion) (pid \(getpid())): \(options.configurationPath), "
                    + "\(configuration.interfaces.count) interface(s), state file \(configuration.stateFilePath)",
                kind: "start"
            )
            await service.start()
            let wanted = await service.wantedSet.count
            log.line("\(wanted) wanted VSI(s) loaded; each is requested again once its port is up", kind: "start")
            /// Stops the service and the log, and says why the daemon cannot serve `what`.
            func abandonStart(serving what: String, _ reason: String) async -> Int32 {
                log.line("cannot serve \(what): \(reason)", kind: "error")
                for frontDoor in frontDoors.reversed() {
                    await frontDoor.stop()
                }
                await service.stop()
                logger.cancel()
                ticker.cancel()
                output.finish()
                writeError("vdpd: cannot serve \(what): \(reason)\n")
                return startFailureStatus
            }
            let control: ControlEndpoint
            do {
                control = try ControlEndpoint.start(configuration, service: service)
            } catch {
                return await abandonStart(serving: "the control socket \(configuration.controlSocket)", "\(error)")
            }
            log.line(control.description, kind: "start")
            for frontDoor in frontDoors {
                do throws(DaemonFrontDoorError) {
                    try await frontDoor.start(handler: control.handler) { line in
                        log.line("\(frontDoor.name): \(line)", kind: "frontdoor")
                    }
                    log.line("serving \(frontDoor.name)", kind: "start")
                } catch {
                    control.stop()
                    return await abandonStart(serving: frontDoor.name, "\(error)")
                }
            }
            for await signal in signals.stream {
                guard signal == SIGHUP else {
                    log.line(
                        "stopping on \(signal == SIGTERM ? "SIGTERM" : "SIGINT"): nothing is de-associated and no "
                            + "shutdown LLDPDU is sent; the bridge keeps the VSIs until a restarted vdpd refreshes them",
                        kind: "stop"
                    )
                    break
                }
                do throws(ConfigurationError) {
                    let new = try DaemonConfiguration.load(path: options.configurationPath)
                    await service.reload(new)
                } catch {
                    log.line(
                        "SIGHUP: \(options.configurationPath): \(error); the configuration in force is kept",
                        kind: "error"
                    )
                }
            }
            for frontDoor in frontDoors.reversed() {
                await frontDoor.stop()
            }
            control.stop()
            await service.stop()
            linkEvents?.stop()
            ticker.cancel()
            // The logger ends with the service's event stream; everything it logged is out before the last line.
            await logger.value
            output.finish()
            let dropped = await service.droppedEvents
            log.line(
                "\(Self.describe(output)); \(dropped) service events dropped because the log fell behind",
                kind: "counters"
            )
            return 0
        }

        private static func describe(_ output: EventLogOutput) -> String {
            let counters = output.counters
            return "event log: \(counters.suppressed) lines suppressed by the rate limits, "
                + "\(counters.dropped) dropped because standard output was too slow"
        }
    }

    /// The process's signals as a stream: each delivery of one of `signals` (which are otherwise ignored).
    final class SignalStream: @unchecked Sendable {
        let stream: AsyncStream<Int32>
        // Written only in `init`; kept so that the signal sources stay alive.
        private var sources: [any DispatchSourceSignal] = []

        init(signals: [Int32]) {
            let (stream, continuation) = AsyncStream<Int32>.makeStream()
            self.stream = stream
            for number in signals {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { continuation.yield(number) }
                source.resume()
                sources.append(source)
            }
        }

        func cancel() {
            for source in sources {
                source.cancel()
            }
        }
    }
#endif
