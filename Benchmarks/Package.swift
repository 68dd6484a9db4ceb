// swift-tools-version:6.1
import PackageDescription

/// Benchmarks for swift-vdp, kept in a nested package so that the root package stays dependency-free.
///
/// - `VDPWireBenchmarks`: ordo-one/benchmark suite, run with `swift package benchmark --no-progress`.
/// - `VDPWirePerf`: a dependency-free timing executable (pre-heat, 10 runs, raw ns/frame), run with
///   `swift run -c release VDPWirePerf`.
/// - `VDPWireBenchFrames`: the frames both of them measure, built once in setup code.
/// - `VDPProtocolPerf`: the state machines: memory per VSI with 1,000,000 VSIs on a bridge port, the cost of one
///   keep-alive, and associating 10,000 VSIs over a simulated link with and without batching.
/// - `VDPTypeDatabasePerf`: the VSI type database: parsing and reloading a 10,000-entry file, one decision.
/// - `VDPBridgeStorePerf`: the durable bridge table: cost per grant with and without the state file, and
///   restart to serving with 10,000 and 100,000 VSIs restored (`durability/run.sh`).
let package = Package(
    name: "swift-vdp-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-vdp", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "VDPWireBenchFrames",
            dependencies: [
                .product(name: "VDPWire", package: "swift-vdp"),
                .product(name: "VDPCapture", package: "swift-vdp"),
            ]
        ),
        .executableTarget(
            name: "VDPWireBenchmarks",
            dependencies: [
                "VDPWireBenchFrames",
                .product(name: "VDPWire", package: "swift-vdp"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/VDPWireBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        // Counts heap allocations in the executables that link it (VDPProtocolPerf): malloc and friends, forwarded
        // to the C library's allocator.
        .target(name: "CMallocCounter"),
        .executableTarget(
            name: "VDPProtocolPerf",
            dependencies: [
                "CMallocCounter",
                .product(name: "VDPProtocol", package: "swift-vdp"),
                .product(name: "VDPSimulation", package: "swift-vdp"),
                .product(name: "VDPWire", package: "swift-vdp"),
            ]
        ),
        .executableTarget(
            name: "VDPTypeDatabasePerf",
            dependencies: [
                .product(name: "VDPTypeDatabase", package: "swift-vdp"),
                .product(name: "VDPProtocol", package: "swift-vdp"),
                .product(name: "VDPWire", package: "swift-vdp"),
            ]
        ),
        .executableTarget(
            name: "VDPBridgeStorePerf",
            dependencies: [
                .product(name: "VDPAgent", package: "swift-vdp"),
                .product(name: "VDPBridgeStore", package: "swift-vdp"),
                .product(name: "VDPProtocol", package: "swift-vdp"),
                .product(name: "VDPWire", package: "swift-vdp"),
            ]
        ),
        .executableTarget(
            name: "VDPWirePerf",
            dependencies: [
                "CMallocCounter",
                "VDPWireBenchFrames",
                .product(name: "VDPWire", package: "swift-vdp"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
