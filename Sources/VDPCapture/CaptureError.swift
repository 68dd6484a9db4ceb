/// An error reading or writing a capture file.
///
/// Errors compare and hash by ``code`` only, so tests and callers can match on the kind of failure
/// (`error.code == .truncated`) while ``offset`` and ``detail`` still say where and why.
public struct CaptureError: Error, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public var code: Code

    /// The byte offset in the file of the record, block, or field at fault (0 for I/O errors).
    public var offset: Int

    /// A short human-readable explanation, naming the field at fault.
    public var detail: String

    /// Creates an error.
    public init(code: Code, offset: Int, detail: String) {
        self.code = code
        self.offset = offset
        self.detail = detail
    }

    /// `code at offset N: detail`.
    public var description: String {
        "\(code) at offset \(offset): \(detail)"
    }

    /// Compares the ``code`` only.
    public static func == (lhs: CaptureError, rhs: CaptureError) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the ``code`` only, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
    }
}

extension CaptureError {
    /// The kind of a ``CaptureError``; an extensible set of values, so switch over it with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: Hashable, Sendable {
            case truncated
            case badMagic
            case unsupportedVersion
            case invalidLength
            case invalidBlock
            case unknownInterface
            case invalidTimestamp
            case io
        }

        private let backing: Backing

        private init(_ backing: Backing) {
            self.backing = backing
        }

        /// The file ends in the middle of a header, record, or block.
        public static let truncated = Code(.truncated)

        /// The file starts with neither a pcap magic number nor a pcapng Section Header Block,
        /// or a section's byte-order magic is wrong.
        public static let badMagic = Code(.badMagic)

        /// The file format major version is not one this reader understands (pcap 2.x, pcapng 1.x).
        public static let unsupportedVersion = Code(.unsupportedVersion)

        /// A captured length exceeds the snapshot length or the 256 MiB sanity limit.
        public static let invalidLength = Code(.invalidLength)

        /// A pcapng block is malformed: bad total length, mismatched trailing length, or contents
        /// that do not fit the block.
        public static let invalidBlock = Code(.invalidBlock)

        /// A pcapng packet block refers to an interface that has no Interface Description Block.
        public static let unknownInterface = Code(.unknownInterface)

        /// A timestamp cannot be represented as ``CaptureTimestamp`` (its seconds overflow `Int64`).
        public static let invalidTimestamp = Code(.invalidTimestamp)

        /// Opening, reading, writing, or closing a file failed.
        public static let io = Code(.io)

        /// The code's name, for example `truncated`.
        public var description: String {
            switch backing {
            case .truncated: "truncated"
            case .badMagic: "badMagic"
            case .unsupportedVersion: "unsupportedVersion"
            case .invalidLength: "invalidLength"
            case .invalidBlock: "invalidBlock"
            case .unknownInterface: "unknownInterface"
            case .invalidTimestamp: "invalidTimestamp"
            case .io: "io"
            }
        }
    }
}

extension CaptureError {
    static func truncated(at offset: Int, _ detail: String) -> CaptureError {
        CaptureError(code: .truncated, offset: offset, detail: detail)
    }

    static func badMagic(at offset: Int, _ detail: String) -> CaptureError {
        CaptureError(code: .badMagic, offset: offset, detail: detail)
    }

    static func unsupportedVersion(at offset: Int, _ detail: String) -> CaptureError {
        CaptureError(code: .unsupportedVersion, offset: offset, detail: detail)
    }

    static func invalidLength(at offset: Int, _ detail: String) -> CaptureError {
        CaptureError(code: .invalidLength, offset: offset, detail: detail)
    }

    static func invalidBlock(at offset: Int, _ detail: String) -> CaptureError {
        CaptureError(code: .invalidBlock, offset: offset, detail: detail)
    }

    static func unknownInterface(at offset: Int, _ detail: String) -> CaptureError {
        CaptureError(code: .unknownInterface, offset: offset, detail: detail)
    }

    static func invalidTimestamp(at offset: Int, _ detail: String) -> CaptureError {
        CaptureError(code: .invalidTimestamp, offset: offset, detail: detail)
    }

    static func io(_ detail: String) -> CaptureError {
        CaptureError(code: .io, offset: 0, detail: detail)
    }
}
