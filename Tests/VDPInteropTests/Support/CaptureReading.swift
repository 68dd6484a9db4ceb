#if os(Linux)
    import Foundation
    import Glibc
    import VDPCapture
    import VDPTestSupport
    import VDPWire

    /// A capture file read back and decoded with our own decoder.
    struct DecodedCapture {
        struct Entry {
            /// Seconds since the epoch.
            var time: Double
            var frame: Frame
        }

        /// The frames that decoded, in file order.
        var entries: [Entry] = []
        /// The frames that did not, by index in the file, with the error.
        var failures: [(index: Int, error: String)] = []
        var packetCount: Int { entries.count + failures.count }

        /// Reads `path` (pcap or pcapng) and decodes every packet strictly (no salvaging).
        init(path: String) throws {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            for (index, packet) in try CaptureFile.packets(from: bytes).enumerated() {
                do {
                    let frame = try Frame(decoding: packet.data)
                    let time = Double(packet.timestamp.seconds) + Double(packet.timestamp.nanoseconds) / 1e9
                    entries.append(Entry(time: time, frame: frame))
                } catch {
                    failures.append((index, "\(error)"))
                }
            }
        }

        /// The first transmission of every ECP request carrying VDP (retransmissions repeat the sequence number of
        /// the previous request from the same source and are left out), with its VSI TLVs.
        func vdpRequests(from source: MACAddress) -> [(time: Double, sequenceNumber: UInt16, vsis: [VSITLV])] {
            var result: [(time: Double, sequenceNumber: UInt16, vsis: [VSITLV])] = []
            for entry in entries where entry.frame.header.source == source {
                guard case .ecp(let ecpdu) = entry.frame.payload, ecpdu.operation == .request,
                    case .vdp(let ulpdu) = ecpdu.payload
                else {
                    continue
                }
                if result.last?.sequenceNumber == ecpdu.sequenceNumber {
                    continue
                }
                result.append((entry.time, ecpdu.sequenceNumber, ulpdu.vsiTLVs))
            }
            return result
        }
    }

    extension Testbed {
        /// Starts tcpdump on `interface` in `namespace`, writing every frame (`-U`: as it arrives) to `path`;
        /// returns once it listens. Stop it with ``stopCapture(_:)``.
        func startCapture(_ label: String, in namespace: String, interface: String, path: String, filter: [String] = [])
            async throws -> ChildProcess
        {
            let process = try start(
                label,
                inNamespace(namespace, [environment.tcpdump, "-Z", "root", "-U", "-i", interface, "-w", path] + filter)
            )
            let listening = await eventually(timeout: .seconds(5), every: .milliseconds(50)) {
                process.standardOutput.contains("listening on")
            }
            guard listening else {
                throw SetupFailed(description: "tcpdump did not start: \(process.standardOutput)")
            }
            return process
        }

        /// Stops tcpdump with SIGINT (it flushes and closes the file) and waits for it.
        func stopCapture(_ process: ChildProcess) async {
            process.signal(SIGINT)
            if await process.waitForExit(timeout: .seconds(5)) == nil {
                process.stopNow()
            }
        }
    }
#endif
