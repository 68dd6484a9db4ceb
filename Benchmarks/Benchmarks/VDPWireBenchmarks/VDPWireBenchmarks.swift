import Benchmark
import VDPWire
import VDPWireBenchFrames

// Codec benchmarks for VDPWire. Run from the Benchmarks folder:
//
//     swift package benchmark --no-progress
//
// Timing benchmarks run 1,000 frames per measured iteration (`scalingFactor: .kilo`); the tool divides by the
// scaling factor, so the table's wall clock, malloc count and throughput (in K frames/s) are per frame.
//
// The `Allocations:` benchmarks run one frame per iteration (`.one`), so that `mallocCountTotal` is exactly the
// number of heap allocations (and `mallocBytesCount` the bytes requested) for one decode or encode. Add
// `--allocation-stacks` to see where each allocation comes from.
//
// `.cpuTotal` only has the kernel's 10 ms tick resolution, so per frame it reads 0 or 10,000 ns; use the wall clock
// (or `swift run -c release VDPWirePerf`) for time.

let benchmarks: @Sendable () -> Void = {
    let frames: BenchFrames
    do {
        frames = try BenchFrames.load()
    } catch {
        fatalError("cannot build the benchmark frames: \(error)")
    }

    let timing = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )
    let allocations = Benchmark.Configuration(
        metrics: [.mallocCountTotal, .mallocBytesCount],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(1),
        maxIterations: 10
    )

    for (configuration, prefix) in [(timing, ""), (allocations, "Allocations: ")] {
        // 1, 3, 5, 6: decoding.
        for frame in frames.all {
            let bytes = frame.bytes
            Benchmark("\(prefix)Decode \(frame.name) (\(bytes.count) B)", configuration: configuration) { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try Frame(decoding: bytes))
                }
            }
        }

        // Decoding, then reading every VSI TLV of the ULPDU into a value, as a receiving port does.
        for frame in [frames.typicalAssociate, frames.fullAssociate] {
            let bytes = frame.bytes
            Benchmark(
                "\(prefix)Decode \(frame.name) (\(bytes.count) B) and read its VSI TLVs",
                configuration: configuration
            ) { benchmark in
                for _ in benchmark.scaledIterations {
                    let decoded = try Frame(decoding: bytes)
                    if case .ecp(let ecpdu) = decoded.payload, case .vdp(let ulpdu) = ecpdu.payload {
                        for vsi in ulpdu.vsiTLVList {
                            blackHole(vsi)
                        }
                    }
                }
            }
        }

        // 2, 4: encoding, into a reused buffer and into a fresh array.
        for frame in [frames.typicalAssociate, frames.fullAssociate] {
            let value = frame.frame
            let size = frame.bytes.count
            Benchmark(
                "\(prefix)Encode \(frame.name) (\(size) B) into reused buffer",
                configuration: configuration
            ) { benchmark in
                var buffer: [UInt8] = []
                buffer.reserveCapacity(Frame.maximumPayloadLength + 64)
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    buffer.removeAll(keepingCapacity: true)
                    value.encode(into: &buffer)
                    blackHole(buffer)
                }
                benchmark.stopMeasurement()
            }
            Benchmark(
                "\(prefix)Encode \(frame.name) (\(size) B) encoded()",
                configuration: configuration
            ) { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(value.encoded())
                }
            }
        }
    }

    // How the allocations of a decode grow with the number of VSI TLVs in one ECPDU.
    for vsiCount in [1, 2, 3, 4, 5, 8, 9, 16, 17, 32, 33, 42] {
        let bytes: [UInt8]
        do {
            bytes = try BenchFrames.associateFrame(vsiCount: vsiCount).encoded()
        } catch {
            fatalError("cannot build the \(vsiCount)-VSI frame: \(error)")
        }
        let name = "Allocations: Decode Associate with \(vsiCount) VSIs (\(bytes.count) B)"
        Benchmark(name, configuration: allocations) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try Frame(decoding: bytes))
            }
        }
    }
}
