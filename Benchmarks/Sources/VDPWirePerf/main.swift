// A dependency-free timing tool for VDPWire, modelled on swift-nio-ssh's NIOSSHPerformanceTester:
// pre-heat, then 10 timed runs of N frames per case with ContinuousClock, printing the raw ns/frame of every
// run so that nothing is hidden by a summary. Run from the Benchmarks folder:
//
//     swift run -c release VDPWirePerf [--scale 0.1]
//
// `--scale` multiplies every N (1 by default: about 0.05–0.1 s per run here); `--filter ack` runs only the cases
// whose name contains "ack" (handy under `perf record`).

import CMallocCounter
import VDPWire
import VDPWireBenchFrames

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// One thing to time: `body(n)` decodes or encodes a frame `n` times.
struct PerfCase {
    var name: String
    var octets: Int
    var iterations: Int
    var body: (Int) throws -> Void
}

func readFirstLine(_ path: String) -> String {
    guard let file = fopen(path, "r") else {
        return "?"
    }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 256)
    guard fgets(&buffer, Int32(buffer.count), file) != nil else {
        return "?"
    }
    let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return line.hasSuffix("\n") ? String(line.dropLast()) : line
}

func format(_ value: Double, decimals: Int) -> String {
    var scaled = value
    for _ in 0..<decimals {
        scaled *= 10
    }
    let rounded = Int(scaled.rounded())
    guard decimals > 0 else {
        return String(rounded)
    }
    var divisor = 1
    for _ in 0..<decimals {
        divisor *= 10
    }
    let fraction = String(abs(rounded) % divisor)
    let padded = String(repeating: "0", count: decimals - fraction.count) + fraction
    return (rounded < 0 ? "-" : "") + String(abs(rounded) / divisor) + "." + padded
}

var scale = 1.0
var filter: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if argument == "--scale", let value = arguments.popFirst().flatMap(Double.init), value > 0 {
        scale = value
    } else if argument == "--filter", let value = arguments.popFirst() {
        filter = value
    } else {
        print("usage: VDPWirePerf [--scale FACTOR] [--filter SUBSTRING-OF-CASE-NAME]")
        exit(2)
    }
}

#if DEBUG
    let buildKind = "DEBUG"
    print("WARNING: this is a debug build; the figures are meaningless. Use `swift run -c release VDPWirePerf`.")
#else
    let buildKind = "release"
#endif

let frames: BenchFrames
do {
    frames = try BenchFrames.load()
} catch {
    print("cannot build the benchmark frames: \(error)")
    exit(1)
}

func decodeCase(_ frame: BenchFrame, iterations: Int) -> PerfCase {
    let bytes = frame.bytes
    return PerfCase(name: "decode \(frame.name)", octets: bytes.count, iterations: iterations) { n in
        for _ in 0..<n {
            blackHole(try Frame(decoding: bytes))
        }
    }
}

/// Decodes the frame and then reads every VSI TLV of its ULPDU into a value, as a receiving port does.
func decodeAndReadCase(_ frame: BenchFrame, iterations: Int) -> PerfCase {
    let bytes = frame.bytes
    let name = "decode \(frame.name) and read its VSI TLVs"
    return PerfCase(name: name, octets: bytes.count, iterations: iterations) { n in
        for _ in 0..<n {
            let decoded = try Frame(decoding: bytes)
            if case .ecp(let ecpdu) = decoded.payload, case .vdp(let ulpdu) = ecpdu.payload {
                for vsi in ulpdu.vsiTLVList {
                    blackHole(vsi)
                }
            }
        }
    }
}

func encodeReusedCase(_ frame: BenchFrame, iterations: Int) -> PerfCase {
    let value = frame.frame
    let name = "encode \(frame.name), reused buffer"
    return PerfCase(name: name, octets: frame.bytes.count, iterations: iterations) { n in
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Frame.maximumPayloadLength + 64)
        for _ in 0..<n {
            buffer.removeAll(keepingCapacity: true)
            value.encode(into: &buffer)
            blackHole(buffer)
        }
    }
}

func encodeFreshCase(_ frame: BenchFrame, iterations: Int) -> PerfCase {
    let value = frame.frame
    return PerfCase(name: "encode \(frame.name), encoded()", octets: frame.bytes.count, iterations: iterations) { n in
        for _ in 0..<n {
            blackHole(value.encoded())
        }
    }
}

let allCases: [PerfCase] = [
    decodeCase(frames.typicalAssociate, iterations: 200_000),
    decodeAndReadCase(frames.typicalAssociate, iterations: 200_000),
    encodeReusedCase(frames.typicalAssociate, iterations: 500_000),
    encodeFreshCase(frames.typicalAssociate, iterations: 500_000),
    decodeCase(frames.fullAssociate, iterations: 10_000),
    decodeAndReadCase(frames.fullAssociate, iterations: 10_000),
    encodeReusedCase(frames.fullAssociate, iterations: 20_000),
    encodeFreshCase(frames.fullAssociate, iterations: 20_000),
    decodeCase(frames.acknowledgement, iterations: 1_000_000),
    decodeCase(frames.lldpEVB, iterations: 200_000),
]

let cases = allCases.filter { perfCase in filter.map { perfCase.name.contains($0) } ?? true }

print("VDPWirePerf: \(buildKind) build, 10 runs per case, scale \(scale)")
print("loadavg at start: \(readFirstLine("/proc/loadavg"))")
print("frame sizes (octets, Ethernet header included, no FCS):")
for frame in frames.all {
    print("  \(frame.name): \(frame.bytes.count)")
}
print("  full Associate VSI TLVs: \(BenchFrames.fullAssociateVSICount)")
print("")

let clock = ContinuousClock()
var summary: [(PerfCase, Double, Double, Double)] = []
for perfCase in cases {
    let n = max(1, Int((Double(perfCase.iterations) * scale).rounded()))
    do {
        // Pre-heat: a tenth of a run, twice.
        try perfCase.body(max(1, n / 10))
        try perfCase.body(max(1, n / 10))
        var nsPerFrame: [Double] = []
        for _ in 0..<10 {
            let start = clock.now
            try perfCase.body(n)
            let elapsed = clock.now - start
            let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            nsPerFrame.append(ns / Double(n))
        }
        let allocationsBefore = vdp_allocation_count()
        try perfCase.body(n)
        let allocationsPerFrame = Double(vdp_allocation_count() - allocationsBefore) / Double(n)
        let sorted = nsPerFrame.sorted()
        let median = (sorted[4] + sorted[5]) / 2
        print("\(perfCase.name) (\(perfCase.octets) B), N = \(n)")
        print("  ns/frame per run: " + nsPerFrame.map { format($0, decimals: 1) }.joined(separator: " "))
        print(
            "  min \(format(sorted[0], decimals: 1)) ns, median \(format(median, decimals: 1)) ns, "
                + "\(format(1e9 / median / 1e6, decimals: 3)) M frames/s, "
                + "\(format(Double(perfCase.octets) / median * 1e9 / 1e6, decimals: 1)) MB/s"
        )
        if vdp_allocation_counting() != 0 {
            print("  heap allocations per frame: \(format(allocationsPerFrame, decimals: 2))")
        }
        summary.append((perfCase, sorted[0], median, allocationsPerFrame))
    } catch {
        print("\(perfCase.name): FAILED: \(error)")
        exit(1)
    }
}

print("")
print("loadavg at end: \(readFirstLine("/proc/loadavg"))")
print("")
print("| case | octets | min ns/frame | median ns/frame | frames/s (median) | allocations/frame |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for (perfCase, minimum, median, allocations) in summary {
    let rate = Int((1e9 / median).rounded())
    let times = "\(format(minimum, decimals: 1)) | \(format(median, decimals: 1))"
    let counted = vdp_allocation_counting() != 0 ? format(allocations, decimals: 2) : "n/a"
    print("| \(perfCase.name) | \(perfCase.octets) | \(times) | \(rate) | \(counted) |")
}
