import VDPCapture
import VDPLog
import VDPWire

/// `vdpctl decode FILE [--json]`: prints every frame of a pcap or pcapng capture.
public struct DecodeCommand: Sendable {
    /// The capture's path.
    public var path: String
    /// Whether to print JSON instead of text.
    public var json: Bool

    /// Creates the command.
    public init(path: String, json: Bool) {
        self.path = path
        self.json = json
    }

    /// Reads the capture and renders it.
    public func run() -> CommandResult {
        let packets: [CapturedPacket]
        do {
            packets = try CaptureFile.packets(atPath: path)
        } catch {
            return CommandResult(status: .unreadableFile, standardError: "vdpctl: \(path): \(error)\n")
        }
        return render(packets, name: String(path.split(separator: "/").last ?? Substring(path)))
    }

    /// Strict decoding, with payloads up to 65,535 octets: a capture of a link with jumbo frames holds ECPDUs longer
    /// than the standard's 1500 (`--max-frame-size`), and they decode like any other.
    static let decodingOptions = FrameDecodingOptions(maximumPayloadLength: 65_535)

    /// Renders already-read packets; `name` is the file name shown in the text header.
    public func render(_ packets: [CapturedPacket], name: String) -> CommandResult {
        let start = packets.first?.timestamp
        var failures = 0
        var text = "# \(name): \(packets.count) frames\n"
        var frames: [JSONValue] = []
        let summary = FrameSummary()
        for (offset, packet) in packets.enumerated() {
            let index = offset + 1
            let seconds = start.map { packet.timestamp.seconds(since: $0) } ?? 0
            let result: Result<Frame, VDPDecodingError>
            do throws(VDPDecodingError) {
                result = .success(try Frame(decoding: packet.data, options: Self.decodingOptions))
            } catch {
                result = .failure(error)
            }
            switch result {
            case .success(let frame):
                if json {
                    frames.append(
                        frameRecord(
                            index: index,
                            seconds: seconds,
                            packet: packet,
                            body: ("frame", FrameJSON.json(frame))
                        )
                    )
                } else {
                    for line in summary.lines(
                        index: index,
                        seconds: seconds,
                        frameLength: packet.data.count,
                        frame: frame
                    ) {
                        text += line + "\n"
                    }
                }
            case .failure(let error):
                failures += 1
                if json {
                    frames.append(
                        frameRecord(
                            index: index,
                            seconds: seconds,
                            packet: packet,
                            body: ("error", FrameJSON.json(error))
                        )
                    )
                } else {
                    text +=
                        pad(String(index), to: 4) + " " + pad(formatSeconds(seconds), to: 10)
                        + " len=\(packet.data.count) ERROR \(error)\n"
                }
            }
        }
        let status: ExitStatus = failures == 0 ? .success : .malformedInput
        let errorText = failures == 0 ? "" : "vdpctl: \(failures) of \(packets.count) frames failed to decode\n"
        guard json else {
            return CommandResult(status: status, standardOutput: text, standardError: errorText)
        }
        let document = JSONValue.object([
            ("file", .string(name)), ("frameCount", .integer(packets.count)), ("failures", .integer(failures)),
            ("frames", .array(frames)),
        ])
        return CommandResult(status: status, standardOutput: document.serialized() + "\n", standardError: errorText)
    }

    private func frameRecord(
        index: Int,
        seconds: Double,
        packet: CapturedPacket,
        body: (String, JSONValue)
    ) -> JSONValue {
        .object([
            ("index", .integer(index)), ("time", .double(seconds)), ("length", .integer(packet.data.count)), body,
        ])
    }
}
