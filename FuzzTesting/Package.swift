// swift-tools-version:6.0
import PackageDescription

/// libFuzzer harnesses for swift-vdp.
///
/// A nested package so that the root stays free of fuzzing flags and targets. Build and run it with
/// `FuzzTesting/run.sh` (see `Docs/FUZZING.md`); the flags that work with the 6.3 toolchain on Linux are
///
///     swift build -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address
///
/// which compiles every Swift target, the library included, with coverage and AddressSanitizer.
let package = Package(
    name: "FuzzTesting",
    dependencies: [
        .package(name: "swift-vdp", path: "..")
    ],
    targets: [
        // What the harnesses share: the input as octets, the open findings to tolerate.
        .target(name: "FuzzHarness"),
        // Ethernet frames and every PDU decoder: decoding never crashes, and whatever decodes round-trips.
        .executableTarget(
            name: "FuzzVDPWire",
            dependencies: ["FuzzHarness", .product(name: "VDPWire", package: "swift-vdp")]
        ),
        // pcap and pcapng files: reading never crashes.
        .executableTarget(
            name: "FuzzCapture",
            dependencies: ["FuzzHarness", .product(name: "VDPCapture", package: "swift-vdp")]
        ),
        // A bridge port driven by event sequences (station frames, time, policy answers, local changes, peer
        // loss, port down), its invariants checked after every step. The scenario files are symbolic links into
        // Tests/VDPProtocolTests/PortFuzzing/, which the main package's tests replay.
        .executableTarget(
            name: "FuzzBridgePort",
            dependencies: [
                "FuzzHarness",
                .product(name: "VDPProtocol", package: "swift-vdp"),
                .product(name: "VDPWire", package: "swift-vdp"),
            ]
        ),
        // A station port driven by event sequences (lifecycle commands, bridge responses, acknowledgements, time,
        // port down), its invariants checked after every step; shared by path like FuzzBridgePort.
        .executableTarget(
            name: "FuzzStationPort",
            dependencies: [
                "FuzzHarness",
                .product(name: "VDPProtocol", package: "swift-vdp"),
                .product(name: "VDPWire", package: "swift-vdp"),
            ]
        ),
        // rtnetlink receive buffers: the message iterator, the attribute reader (nested, four levels) and the link
        // and error decoders never crash; attributes lie inside their parents; a decoded link round-trips.
        .executableTarget(
            name: "FuzzNetlink",
            dependencies: ["FuzzHarness", .product(name: "VDPNetlink", package: "swift-vdp")]
        ),
        // Control-protocol lines (the daemon's API): the parser never crashes; accepted requests, responses and
        // events round-trip through the encoder.
        .executableTarget(
            name: "FuzzControlProtocol",
            dependencies: ["FuzzHarness", .product(name: "VDPDaemon", package: "swift-vdp")]
        ),
        // VSI type database files: the parser never crashes; errors point inside the input; a parsed database is
        // consistent (lookups, sorted disjoint ranges, values in range) and parsing is deterministic.
        .executableTarget(
            name: "FuzzTypeDatabase",
            dependencies: [
                "FuzzHarness",
                .product(name: "VDPTypeDatabase", package: "swift-vdp"),
                .product(name: "VDPWire", package: "swift-vdp"),
            ]
        ),
        // libvirt's netlink requests to lldpad (RTM_SETLINK in lldpad's formats 1 and 2, RTM_GETLINK): the parser
        // never crashes, refuses with lldpad's errno values, and what it accepts is consistent.
        .executableTarget(
            name: "FuzzLldpadNetlink",
            dependencies: [
                "FuzzHarness",
                .product(name: "VDPLldpad", package: "swift-vdp"),
                .product(name: "VDPNetlink", package: "swift-vdp"),
                .product(name: "VDPWire", package: "swift-vdp"),
            ]
        ),
        // lldpad's client-socket datagrams (vdptool's commands): the message, VDP command and VSI argument
        // parsers never crash; accepted filters round-trip through the text lldpad writes back.
        .executableTarget(
            name: "FuzzLldpadClient",
            dependencies: [
                "FuzzHarness",
                .product(name: "VDPLldpad", package: "swift-vdp"),
                .product(name: "VDPWire", package: "swift-vdp"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
