// swift-tools-version:6.0
import PackageDescription

/// swift-vdp: IEEE 802.1Qbg VDP, ECP and EVB in pure Swift.
///
/// The root package has no package dependencies, so that it drops into any hypervisor agent or
/// switch image. Benchmarks and fuzzing live in nested packages of their own.
let package = Package(
    name: "swift-vdp",
    products: [
        .library(name: "VDPWire", targets: ["VDPWire"]),
        .library(name: "VDPCapture", targets: ["VDPCapture"]),
        .library(name: "VDPProtocol", targets: ["VDPProtocol"]),
        .library(name: "VDPSimulation", targets: ["VDPSimulation"]),
        .library(name: "VDPAgent", targets: ["VDPAgent"]),
        .library(name: "VDPTransport", targets: ["VDPTransport"]),
        .library(name: "VDPNetlink", targets: ["VDPNetlink"]),
        .library(name: "VDPLog", targets: ["VDPLog"]),
        .library(name: "VDPDaemon", targets: ["VDPDaemon"]),
        .library(name: "VDPLldpad", targets: ["VDPLldpad"]),
        .library(name: "VDPOpenvSwitch", targets: ["VDPOpenvSwitch"]),
        .library(name: "VDPTypeDatabase", targets: ["VDPTypeDatabase"]),
        .library(name: "VDPBridgeStore", targets: ["VDPBridgeStore"]),
        .executable(name: "vdpctl", targets: ["vdpctl"]),
        .executable(name: "vdpd", targets: ["vdpd"]),
    ],
    targets: [
        .target(name: "VDPWire"),
        .target(name: "VDPCapture", dependencies: ["VDPWire"]),
        .target(name: "VDPProtocol", dependencies: ["VDPWire"]),
        .target(name: "VDPSimulation", dependencies: ["VDPProtocol", "VDPWire"]),
        .target(name: "VDPAgent", dependencies: ["VDPProtocol", "VDPWire"]),
        .target(name: "VDPOpenvSwitch", dependencies: ["VDPAgent", "VDPProtocol", "VDPWire"]),
        .target(name: "VDPTypeDatabase", dependencies: ["VDPAgent", "VDPProtocol", "VDPWire"]),
        .target(name: "CVDPLinux"),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "VDPBridgeStore", dependencies: ["VDPAgent", "VDPProtocol", "VDPWire", "CSQLite"]),
        .target(name: "VDPSystem"),
        .target(name: "VDPTransport", dependencies: ["VDPAgent", "VDPWire", "VDPCapture", "CVDPLinux", "VDPSystem"]),
        .target(name: "VDPNetlink", dependencies: ["CVDPLinux", "VDPSystem"]),
        .target(name: "VDPLog", dependencies: ["VDPAgent", "VDPProtocol", "VDPWire"]),
        .target(
            name: "VDPDaemon",
            dependencies: ["VDPAgent", "VDPProtocol", "VDPWire", "VDPTransport", "VDPNetlink", "VDPLog", "VDPSystem"]
        ),
        .target(
            name: "VDPControl",
            dependencies: [
                "VDPWire", "VDPCapture", "VDPProtocol", "VDPSimulation", "VDPAgent", "VDPTransport", "VDPOpenvSwitch",
                "VDPLog", "VDPDaemon", "VDPTypeDatabase", "VDPBridgeStore",
            ]
        ),
        .executableTarget(name: "vdpctl", dependencies: ["VDPControl", "VDPSystem"]),
        .target(
            name: "VDPLldpad",
            dependencies: ["VDPDaemon", "VDPNetlink", "VDPProtocol", "VDPWire", "VDPSystem"]
        ),
        .executableTarget(name: "vdpd", dependencies: ["VDPDaemon", "VDPLldpad", "VDPSystem"]),
        // Network-test support (namespaces, veth pairs, child processes, Open vSwitch), for test targets only.
        .target(name: "VDPTestSupport", dependencies: ["VDPTransport", "VDPWire"], path: "Tests/VDPTestSupport"),
        .testTarget(name: "VDPWireTests", dependencies: ["VDPWire", "VDPCapture"]),
        .testTarget(name: "VDPCaptureTests", dependencies: ["VDPCapture"]),
        .testTarget(name: "VDPProtocolTests", dependencies: ["VDPProtocol", "VDPWire", "VDPCapture", "VDPSimulation"]),
        .testTarget(name: "VDPAgentTests", dependencies: ["VDPAgent", "VDPProtocol", "VDPWire"]),
        .testTarget(name: "VDPOpenvSwitchTests", dependencies: ["VDPOpenvSwitch", "VDPAgent", "VDPProtocol", "VDPWire"]),
        .testTarget(name: "VDPTypeDatabaseTests", dependencies: ["VDPTypeDatabase", "VDPAgent", "VDPProtocol", "VDPWire"]),
        .testTarget(
            name: "VDPTransportTests",
            dependencies: ["VDPTransport", "VDPAgent", "VDPProtocol", "VDPWire", "VDPTestSupport"]
        ),
        .testTarget(name: "VDPNetlinkTests", dependencies: ["VDPNetlink", "VDPTestSupport"]),
        .testTarget(
            name: "VDPBridgeStoreTests",
            dependencies: ["VDPBridgeStore", "VDPAgent", "VDPProtocol", "VDPWire", "CSQLite"]
        ),
        .testTarget(
            name: "VDPControlTests",
            dependencies: ["VDPControl", "VDPLog", "VDPWire", "VDPCapture", "VDPDaemon", "VDPTypeDatabase"]
        ),
        .testTarget(name: "VDPLldpadTests", dependencies: ["VDPLldpad", "VDPDaemon", "VDPProtocol", "VDPWire"]),
        .testTarget(name: "VDPDaemonTests", dependencies: ["VDPDaemon", "VDPAgent", "VDPProtocol", "VDPWire", "VDPNetlink"]),
        .testTarget(
            name: "VDPInteropTests",
            dependencies: [
                "VDPTransport", "VDPAgent", "VDPProtocol", "VDPWire", "VDPCapture", "VDPDaemon", "VDPBridgeStore",
                "VDPNetlink", "VDPTestSupport",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
