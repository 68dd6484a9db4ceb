// Measures what the durable bridge table costs (not a test: it prints figures).
//
//   swift run -c release VDPBridgeStorePerf [--dir DIR] [--burst N] [--sequential N] [--restore N,N,…]
//
// 1. Cost per grant: a StationAgent associates N (default 4,000) VSIs at once with a BridgeAgent over an
//    in-memory link (real clocks), without a store and with the SQLite state file in DIR: process CPU time per
//    grant (getrusage, both agents together), each association's latency (median, p99), commits (one fsync of
//    the WAL each, synchronous=FULL) and grants per commit.
// 2. The same one association at a time (M, default 200): the latency of a lone grant, where the fsync is the
//    whole difference.
// 3. Keep-alives: 4,000 VSIs kept alive every 0.33 s for 3 s, without a store and with the state file: CPU per
//    keep-alive answered, and what the write-behind of their new deadlines costs (commits, records written).
// 4. Restart to serving: a state file holding N VSIs (10,000 and 100,000; 64 stations), the time to open it
//    (with SQLite's quick_check), read it and restore it into a BridgeAgent that is then ready to run; and the
//    file's size per VSI.

#if canImport(Glibc)
    import Glibc
#endif
import Synchronization
import VDPAgent
import VDPBridgeStore
import VDPProtocol
import VDPWire

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else {
        return nil
    }
    return arguments[index + 1]
}
let directory = option("--dir") ?? "/var/tmp"
let burst = option("--burst").flatMap(Int.init) ?? 4_000
let sequential = option("--sequential").flatMap(Int.init) ?? 200
let restoreSizes = (option("--restore") ?? "10000,100000").split(separator: ",").compactMap { Int($0) }

#if DEBUG
    print("warning: debug build; run with -c release for meaningful figures")
#endif

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
}

/// `value` with `digits` decimals.
func fixed(_ digits: Int, _ value: Double) -> String {
    var scale = 1.0
    for _ in 0..<digits {
        scale *= 10
    }
    let scaled = Int((value * scale).rounded())
    let whole = String(scaled / Int(scale))
    guard digits > 0 else {
        return whole
    }
    let fraction = String(abs(scaled) % Int(scale))
    return whole + "." + String(repeating: "0", count: digits - fraction.count) + fraction
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func vm(_ number: Int, station: Int = 0) -> VSIDescriptor {
    VSIDescriptor(
        managerID: VSIManagerID(singleOctet: 1),
        typeID: VSITypeID(truncating: 100),
        typeVersion: 1,
        vsiID: .uuid(VSIUUID(octets: Octets16(high: 0xB0 | UInt64(station) << 8, low: UInt64(number)))),
        filterInfo: .macVID(
            MACAddress(rawValue: 0x5254_0000_0000 | UInt64(station) << 24 | UInt64(number))
                ?? MACAddress(0x52, 0x54, 0, 0, 0, 1),
            .null
        )
    )
}

let stationMAC = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)
let bridgeMAC = MACAddress(0x02, 0, 0, 0, 0xBB, 0x01)
let parameters = EVBParameters(retransmissionExponent: 14)

final class Latencies: Sendable {
    let values = Mutex<[Duration]>([])
}

/// Associates `count` VSIs (all at once, or one at a time) and prints the figures.
func grants(_ label: String, count: Int, concurrent: Bool, path: String?) async throws {
    let file = try path.map { path in
        unlink(path)
        return try BridgeStateFile.open(path: path)
    }
    defer { file?.close() }
    let (stationEnd, bridgeEnd) = InMemoryLink.pair()
    var limits = BridgePortLimits()
    limits.newVSIBurstPerStation = count + 1
    limits.maximumVSIsPerStation = count + 1
    limits.maximumVSIs = count + 1
    limits.maximumPendingDecisions = count + 1
    limits.maximumPendingDecisionsPerStation = count + 1
    limits.maximumQueuedResponses = count + 1
    limits.maximumQueuedResponsesPerStation = count + 1
    let station = StationAgent(
        configuration: StationPortConfiguration(address: stationMAC, parameters: parameters),
        link: stationEnd
    )
    let bridge = BridgeAgent(
        configuration: BridgePortConfiguration(address: bridgeMAC, parameters: parameters, limits: limits),
        rule: .acceptAll,
        storage: file.map { BridgeTableStorage(store: $0.table(port: "p1"), wallClock: SystemWallClock.now) },
        link: bridgeEnd
    )
    try await bridge.restoreTable()
    let stationTask = Task { await station.run() }
    let bridgeTask = Task { await bridge.run() }
    let latencies = Latencies()
    let cpu = cpuSeconds()
    let started = ContinuousClock.now
    if concurrent {
        await withTaskGroup(of: Void.self) { group in
            for number in 0..<count {
                group.addTask {
                    let begin = ContinuousClock.now
                    _ = try? await station.associate(vm(number))
                    let took = ContinuousClock.now - begin
                    latencies.values.withLock { $0.append(took) }
                }
            }
        }
    } else {
        for number in 0..<count {
            let begin = ContinuousClock.now
            _ = try? await station.associate(vm(number))
            let took = ContinuousClock.now - begin
            latencies.values.withLock { $0.append(took) }
        }
    }
    let elapsed = ContinuousClock.now - started
    let cpuUsed = cpuSeconds() - cpu
    let granted = await bridge.records.count
    let store = await bridge.tableStoreCounters
    let sorted = latencies.values.withLock { $0 }.sorted()
    let median = sorted.isEmpty ? .zero : sorted[sorted.count / 2]
    let p99 = sorted.isEmpty ? .zero : sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
    let perGrant = cpuUsed / Double(max(granted, 1)) * 1e6
    var line = "\(label): \(granted)/\(count) granted in \(fixed(3, seconds(elapsed))) s, "
    line += "CPU \(fixed(1, perGrant)) µs/grant, "
    line += "latency median \(fixed(2, seconds(median) * 1e3)) ms p99 \(fixed(2, seconds(p99) * 1e3)) ms"
    if file != nil {
        let perCommit = Double(store.grantsStored) / Double(max(store.commits, 1))
        line += ", commits (fsyncs) \(store.commits), grants/commit \(fixed(1, perCommit))"
    }
    print(line)
    await station.stop()
    await bridge.stop()
    stationEnd.close()
    bridgeEnd.close()
    await stationTask.value
    await bridgeTask.value
}

/// Associates `count` VSIs with a keep-alive period of 0.33 s, then counts for `window` what the keep-alives cost
/// (CPU per keep-alive answered, commits and records written behind) and prints it.
func keepAlives(_ label: String, count: Int, window: Duration, path: String?) async throws {
    let file = try path.map { path in
        unlink(path)
        return try BridgeStateFile.open(path: path)
    }
    defer { file?.close() }
    let fast = EVBParameters(retransmissionExponent: 14, reinitKeepAliveExponent: 15)
    let (stationEnd, bridgeEnd) = InMemoryLink.pair()
    var limits = BridgePortLimits()
    limits.newVSIBurstPerStation = count + 1
    limits.maximumVSIsPerStation = count + 1
    limits.maximumVSIs = count + 1
    let station = StationAgent(
        configuration: StationPortConfiguration(address: stationMAC, parameters: fast),
        link: stationEnd
    )
    let bridge = BridgeAgent(
        configuration: BridgePortConfiguration(address: bridgeMAC, parameters: fast, limits: limits),
        rule: .acceptAll,
        storage: file.map { BridgeTableStorage(store: $0.table(port: "p1"), wallClock: SystemWallClock.now) },
        link: bridgeEnd
    )
    try await bridge.restoreTable()
    let stationTask = Task { await station.run() }
    let bridgeTask = Task { await bridge.run() }
    await withTaskGroup(of: Void.self) { group in
        for number in 0..<count {
            group.addTask { _ = try? await station.associate(vm(number)) }
        }
    }
    let keepAlivesBefore = await bridge.records.reduce(UInt64(0)) { $0 + $1.counters.keepAlives }
    let storeBefore = await bridge.tableStoreCounters
    let cpu = cpuSeconds()
    try await Task.sleep(for: window)
    let cpuUsed = cpuSeconds() - cpu
    let answered = await bridge.records.reduce(UInt64(0)) { $0 + $1.counters.keepAlives } - keepAlivesBefore
    let store = await bridge.tableStoreCounters
    var line = "\(label): \(answered) keep-alives answered in \(fixed(1, seconds(window))) s, "
    line += "CPU \(fixed(1, cpuUsed / Double(max(answered, 1)) * 1e6)) µs per keep-alive (both agents)"
    if file != nil {
        line += ", commits \(store.commits - storeBefore.commits), records written behind "
        line += "\(store.recordsWritten - storeBefore.recordsWritten)"
    }
    print(line)
    await station.stop()
    await bridge.stop()
    stationEnd.close()
    bridgeEnd.close()
    await stationTask.value
    await bridgeTask.value
}

/// Fills a state file with `count` VSIs over 64 stations, then times open + restore, and prints the size.
func restart(count: Int) async throws {
    let path = "\(directory)/vdp-restore-\(count).sqlite"
    unlink(path)
    let stations = 64
    let wallNow = SystemWallClock.now()
    do {
        let file = try BridgeStateFile.open(path: path)
        var changes: [BridgeTableChange] = []
        for number in 0..<count {
            let stationIndex = number % stations
            let descriptor = vm(number, station: stationIndex)
            let key = BridgeVSIKey(
                station: MACAddress(rawValue: 0x0200_0000_0000 | UInt64(stationIndex)) ?? stationMAC,
                vsiID: descriptor.vsiID
            )
            let vid = UInt16(2 + number % 4000)
            let granted: FilterInfo = .macVID(descriptor.filterInfo.entries[0].mac ?? stationMAC, FilterVID(rawValue: vid))
            changes.append(
                .put(
                    BridgeTableRecord(
                        key: key,
                        descriptor: descriptor,
                        state: BridgeVSIState(type: .associate, hints: VSIHints(), filterInfo: granted),
                        vidHolds: [BridgeVIDHold(owner: .explicit(vid), vid: vid)],
                        keepAliveDeadline: wallNow + .seconds(3600)
                    )
                )
            )
            if changes.count == 10_000 {
                try await file.table(port: "p1").commit(changes)
                changes.removeAll()
            }
        }
        try await file.table(port: "p1").commit(changes)
        file.close()
    }
    var info = stat()
    stat(path, &info)
    let size = Int(info.st_size)
    let started = ContinuousClock.now
    let cpu = cpuSeconds()
    let file = try BridgeStateFile.open(path: path)
    let opened = ContinuousClock.now
    let (_, end) = InMemoryLink.pair()
    var limits = BridgePortLimits()
    limits.maximumVSIs = count + 1
    let bridge = BridgeAgent(
        configuration: BridgePortConfiguration(address: bridgeMAC, parameters: parameters, limits: limits),
        rule: .acceptAll,
        storage: BridgeTableStorage(store: file.table(port: "p1"), wallClock: SystemWallClock.now),
        link: end
    )
    let restored = try await bridge.restoreTable()
    let elapsed = ContinuousClock.now - started
    let cpuUsed = cpuSeconds() - cpu
    var line = "restart with \(restored) VSIs: ready to serve in \(fixed(3, seconds(elapsed))) s "
    line += "(open + quick_check \(fixed(3, seconds(opened - started))) s), CPU \(fixed(3, cpuUsed)) s; "
    line += "file \(size) bytes, \(size / max(count, 1)) bytes/VSI"
    print(line)
    file.close()
    end.close()
    unlink(path)
}

print("state files in \(directory)")
try await grants("burst of \(burst), no store", count: burst, concurrent: true, path: nil)
try await grants(
    "burst of \(burst), state file",
    count: burst,
    concurrent: true,
    path: "\(directory)/vdp-burst.sqlite"
)
try await grants("\(sequential) one at a time, no store", count: sequential, concurrent: false, path: nil)
try await grants(
    "\(sequential) one at a time, state file",
    count: sequential,
    concurrent: false,
    path: "\(directory)/vdp-sequential.sqlite"
)
try await keepAlives("keep-alives of 4000 VSIs, no store", count: 4_000, window: .seconds(3), path: nil)
try await keepAlives(
    "keep-alives of 4000 VSIs, state file",
    count: 4_000,
    window: .seconds(3),
    path: "\(directory)/vdp-keepalive.sqlite"
)
unlink("\(directory)/vdp-keepalive.sqlite")
unlink("\(directory)/vdp-burst.sqlite")
unlink("\(directory)/vdp-sequential.sqlite")
for count in restoreSizes {
    try await restart(count: count)
}
