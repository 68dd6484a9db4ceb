/// The error every netlink decoder in ``VDPNetlink`` throws: what went wrong, in which field, at which byte
/// offset.
///
/// Offsets count from the first byte of the buffer handed to the outermost decoder (a whole receive buffer for
/// ``NetlinkMessageIterator``), so an error in a nested attribute names its place in that buffer. Two errors
/// compare equal when their ``code`` and ``field`` are equal; the offset is left out so that tests pin it only
/// when they mean to.
///
/// An error prints as `truncated at offset 36 (field: nlattr.nla_len)`.
public struct NetlinkDecodingError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem was found.
    public var code: Code
    /// The field being decoded, named after the kernel's C structure (`nlmsghdr.nlmsg_len`, `IFLA_MTU`).
    public var field: String
    /// The byte offset of the field from the start of the outermost decoded buffer.
    public var offset: Int

    /// Creates an error.
    public init(_ code: Code, field: String, offset: Int) {
        self.code = code
        self.field = field
        self.offset = offset
    }

    /// A human-readable summary naming the code, offset and field.
    public var description: String {
        "\(code) at offset \(offset) (field: \(field))"
    }
}

extension NetlinkDecodingError: Hashable {
    /// Compares ``code`` and ``field`` only.
    public static func == (lhs: NetlinkDecodingError, rhs: NetlinkDecodingError) -> Bool {
        lhs.code == rhs.code && lhs.field == rhs.field
    }

    /// Hashes ``code`` and ``field`` only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(field)
    }
}

extension NetlinkDecodingError {
    /// The kinds of decoding failure.
    ///
    /// An extensible set: new codes may be added, so switch over it with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: Hashable, Sendable {
            case truncated
            case invalidLength
            case lengthMismatch
            case invalidValue
            case missingAttribute
            case unexpectedMessage
        }

        private let backing: Backing

        private init(_ backing: Backing) {
            self.backing = backing
        }

        /// The buffer ends before the header, structure or attribute does (a declared length runs past the end
        /// of the message or attribute holding it).
        public static let truncated = Code(.truncated)
        /// A declared length is shorter than the header it counts (an `nlmsg_len` under 16, an `nla_len`
        /// under 4).
        public static let invalidLength = Code(.invalidLength)
        /// An attribute's payload does not have the size its type requires (an `IFLA_MTU` that is not four
        /// octets).
        public static let lengthMismatch = Code(.lengthMismatch)
        /// A field holds a value the format forbids (a name that is not UTF-8, an error code that is not an
        /// `errno`).
        public static let invalidValue = Code(.invalidValue)
        /// An attribute the message must carry is absent (a link message without `IFLA_IFNAME`).
        public static let missingAttribute = Code(.missingAttribute)
        /// The message is not of the type the decoder reads (an `RTM_NEWADDR` handed to a link decoder).
        public static let unexpectedMessage = Code(.unexpectedMessage)

        /// A short phrase naming the problem.
        public var description: String {
            switch backing {
            case .truncated: "truncated"
            case .invalidLength: "invalid length"
            case .lengthMismatch: "length mismatch"
            case .invalidValue: "invalid value"
            case .missingAttribute: "missing attribute"
            case .unexpectedMessage: "unexpected message type"
            }
        }
    }
}
