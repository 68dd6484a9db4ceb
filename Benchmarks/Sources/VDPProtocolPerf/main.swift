// Measures the VDP state machines (not a test: it prints figures).
//
//   swift run -c release VDPProtocolPerf [--vsis N] [--associations N]
//
// 1. Memory per VSI: a BridgePort granted N (default 1,000,000) VSIs through its real receive/decide path;
//    resident memory (/proc/self/statm) before and after, divided by N; and the longest single call into the port
//    while the table fills (thread CPU time), where a table that rehashes all at once stalls.
// 2. One keep-alive: with that table, the CPU time to take one station keep-alive (a one-TLV ECPDU) through
//    the bridge port and produce its acknowledgement and response, and the heap allocations the port's own calls
//    make for it (counted by CMallocCounter around each call into the port, not the harness's own arrays).
// 3. Ageing: every VSI due at once, aged out by advance() in slices; the longest single call.
// 4. Association of M (default 10,000) VSIs between a StationPort and a BridgePort over a simulated link
//    (50 µs latency), batching on and off: the protocol time it takes (virtual) and the CPU time it costs.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CMallocCounter
import VDPProtocol
import VDPSimulation
import VDPWire

let arguments = CommandLine.arguments
func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1])
    else {
        return value
    }
    return number
}
let vsiCount = option("--vsis", default: 1_000_000)
let associationCount = option("--associations", default: 10_000)

#if DEBUG
print("warning: debug build; run with -c release for meaningful figures")
#endif

/// Resident memory in bytes, from /proc/self/statm.
func residentBytes() -> Int {
    guard let file = fopen("/proc/self/statm", "r") else {
        return 0
    }
    defer { fclose(file) }
    var size = 0
    var resident = 0
    guard fscanf_pair(file, &size, &resident) else {
        return 0
    }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func fscanf_pair(_ file: UnsafeMutablePointer<FILE>, _ a: inout Int, _ b: inout Int) -> Bool {
    var line = [CChar](repeating: 0, count: 256)
    guard fgets(&line, 256, file) != nil else {
        return false
    }
    let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let fields = text.split(separator: " ").compactMap { Int($0) }
    guard fields.count >= 2 else {
        return false
    }
    a = fields[0]
    b = fields[1]
    return true
}

let station = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)
let bridge = MACAddress(0x02, 0, 0, 0, 0xBB, 0x01)
let managerID = VSIManagerID(text: "bench") ?? VSIManagerID(singleOctet: 1)

func descriptor(_ number: Int) -> VSIDescriptor {
    VSIDescriptor(
        managerID: managerID, typeID: VSITypeID(truncating: 100), typeVersion: 1,
        vsiID: .uuid(VSIUUID(octets: Octets16(high: 0xB0, low: UInt64(number)))),
        filterInfo: .macVID(MACAddress(rawValue: 0x5254_0000_0000 | UInt64(number)) ?? station, FilterVID(rawValue: 100))
    )
}

func associateTLV(_ number: Int) -> VSITLV {
    let vsi = descriptor(number)
    return VSITLV(type: .associate, status: .request(), typeID: vsi.typeID, typeVersion: vsi.typeVersion,
                  vsiID: vsi.vsiID, filterInfo: vsi.filterInfo)
}

func cpuNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// The CPU time of the calling thread.
func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

// MARK: 1. Memory per VSI

/// Limits high enough for one station to hold every VSI of the measurement (the defaults allow 16,384).
var benchLimits = BridgePortLimits.default
benchLimits.maximumVSIs = 4 * vsiCount
benchLimits.maximumVSIsPerStation = 4 * vsiCount
benchLimits.newVSIBurstPerStation = 4 * vsiCount
var port = BridgePort(configuration: BridgePortConfiguration(address: bridge, limits: benchLimits))
var now = Instant.zero
var output: [BridgeOutput] = []
output.reserveCapacity(256)
var sequence: UInt16 = 0
/// Heap allocations made inside calls into the port, while `countingPortAllocations` is set.
var portAllocations: UInt = 0
var countingPortAllocations = false
/// The longest single call into the port (thread CPU time) and the number of calls, while the table fills.
var longestPortCall: UInt64 = 0
var portCalls = 0

/// Runs `body` (a call into the port), adding its allocations to `portAllocations` while counting, and noting
/// the longest call.
@MainActor
func intoPort(_ body: () -> Void) {
    let start = vdp_allocation_count()
    let startCPU = threadCPUNanoseconds()
    body()
    longestPortCall = max(longestPortCall, threadCPUNanoseconds() - startCPU)
    portCalls += 1
    if countingPortAllocations {
        portAllocations += vdp_allocation_count() - start
    }
}

/// Takes the bridge's outputs: accepts every decision and acknowledges every ECPDU it sends.
@MainActor
func drain() {
    while !output.isEmpty {
        let items = output
        output.removeAll(keepingCapacity: true)
        for item in items {
            switch item {
            case .decisionRequired(let request):
                intoPort { port.decide(request.id, .accept, at: now, into: &output) }
            case .send(let frame):
                if case .ecp(let ecpdu) = frame.payload, ecpdu.operation == .request {
                    let acknowledgement = Frame.ecp(.acknowledgement(of: ecpdu.sequenceNumber), from: station)
                    intoPort { port.receive(acknowledgement, at: now, into: &output) }
                }
            case .event:
                continue
            }
        }
    }
}

@MainActor
func nextSequence() -> UInt16 {
    sequence = sequence == .max ? 1 : sequence + 1
    return sequence
}

let batch = 40
let before = residentBytes()
let fillStart = cpuNanoseconds()
var number = 0
while number < vsiCount {
    let count = min(batch, vsiCount - number)
    let tlvs = (number..<(number + count)).map(associateTLV)
    let frame = Frame.ecp(.vdpRequest(sequenceNumber: nextSequence(), VDPULPDU(managerID: managerID, vsis: tlvs)),
                          from: station)
    now = now + .microseconds(1)
    intoPort { port.receive(frame, at: now, into: &output) }
    drain()
    number += count
}
let fillCPU = cpuNanoseconds() - fillStart
let after = residentBytes()
print("bridge port with \(port.vsiCount) associated VSIs:")
print("  resident memory \(before / 1_048_576) MiB -> \(after / 1_048_576) MiB; "
    + "\((after - before) / max(port.vsiCount, 1)) bytes per VSI")
print("  filling the table: \(fillCPU / 1_000_000) ms CPU, \(fillCPU / UInt64(max(port.vsiCount, 1))) ns per VSI "
    + "(receive + decide + respond + acknowledge)")
print("  the longest single call into the port while filling: \(longestPortCall / 1_000) µs thread CPU "
    + "(of \(portCalls) calls)")

// MARK: 2. One keep-alive

let keepAlives = min(200_000, vsiCount)
let keepAliveFrames = (0..<keepAlives).map { index in
    Frame.ecp(.vdpRequest(sequenceNumber: 0, VDPULPDU(managerID: managerID, vsis: [associateTLV(index * (vsiCount / keepAlives))])),
              from: station)
}
var keepAliveCPU: UInt64 = 0
countingPortAllocations = true
for frame in keepAliveFrames {
    var numbered = frame
    if case .ecp(var ecpdu) = numbered.payload {
        ecpdu.sequenceNumber = nextSequence()
        numbered.payload = .ecp(ecpdu)
    }
    now = now + .microseconds(1)
    let start = cpuNanoseconds()
    intoPort { port.receive(numbered, at: now, into: &output) }
    drain()
    keepAliveCPU += cpuNanoseconds() - start
}
countingPortAllocations = false
print("keep-alive with \(port.vsiCount) VSIs: \(keepAliveCPU / UInt64(keepAlives)) ns CPU each "
    + "(over \(keepAlives): ECP receive + ack, table lookup, timer refresh, response, its acknowledgement)")
if vdp_allocation_counting() != 0 {
    print("  heap allocations inside the port: \(portAllocations) for \(keepAlives) keep-alives "
        + "(\(Double(portAllocations) / Double(keepAlives)) each)")
}

// MARK: 3. Every VSI ageing out at once

// The station goes silent and every VSI comes due: advance() ages them out in slices of at most
// maximumTimerExpiriesPerAdvance (1,024), acknowledging what the port sends as a live station would.
now = now + .seconds(20)
var advanceCalls = 0
var longestAdvance: UInt64 = 0
let ageingStart = cpuNanoseconds()
while port.vsiCount > 0 {
    var timerOutput: [BridgeOutput] = []
    let start = cpuNanoseconds()
    port.advance(to: now, into: &timerOutput)
    longestAdvance = max(longestAdvance, cpuNanoseconds() - start)
    advanceCalls += 1
    for case .send(let frame) in timerOutput {
        if case .ecp(let ecpdu) = frame.payload, ecpdu.operation == .request {
            var ackOutput: [BridgeOutput] = []
            port.receive(.ecp(.acknowledgement(of: ecpdu.sequenceNumber), from: station), at: now, into: &ackOutput)
        }
    }
}
let ageingCPU = cpuNanoseconds() - ageingStart
print("ageing out \(vsiCount) VSIs due at once: \(advanceCalls) advance() calls, the longest \(longestAdvance / 1_000) µs; "
    + "\(ageingCPU / 1_000_000) ms CPU in all")

// MARK: 4. Associating over a simulated link

for batching in [Batching.enabled, .disabled] {
    var simulation = Simulation(seed: 1)
    simulation.addLink(
        station: StationPortConfiguration(address: station, batching: batching),
        bridge: BridgePortConfiguration(address: bridge, batching: batching),
        conditions: LinkConditions(latency: .microseconds(50))
    )
    let start = cpuNanoseconds()
    var ids: [StationRequestID] = []
    ids.reserveCapacity(associationCount)
    for index in 0..<associationCount {
        if let id = try? simulation.request(.associate, descriptor(index), link: 0) {
            ids.append(id)
        }
    }
    let begun = simulation.now
    var completed = 0
    var succeeded = 0
    while completed < ids.count, simulation.step() {
        for id in simulation.links[0].completions.keys {
            if case .success = simulation.takeCompletion(id, link: 0) {
                succeeded += 1
            }
            completed += 1
        }
    }
    let cpu = cpuNanoseconds() - start
    let elapsed = simulation.now - begun
    let counters = simulation.links[0].station.counters
    print("associate \(associationCount) VSIs over a simulated link (50 µs latency), batching \(batching == .disabled ? "off" : "on"):")
    print("  \(succeeded) succeeded; protocol time \(elapsed); \(counters.requestPDUsSent) request ECPDUs; "
        + "CPU \(cpu / 1_000_000) ms (\(cpu / UInt64(max(associationCount, 1))) ns per VSI, both ends)")
}
