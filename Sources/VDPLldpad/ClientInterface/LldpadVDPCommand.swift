import VDPWire

/// A command for lldpad's VDP module (`M000080c4` then this text), as vdptool writes it:
///
///     C 3 02 0000011d 05 veth0 02 00000003 04mode 0005 assoc 06mgrid2 0004 mgr1 …
///
/// the command letter `C`, the message version (3), the command (1 get, 2 set), 8 hex digits of options (the
/// number of `filter` arguments in the second octet), the interface name after its 2-hex-digit length, the agent
/// type (2, the nearest customer bridge), the VSI mode as the 8-hex-digit TLV identifier (1 to 4), then the
/// arguments: each name after its 2-hex-digit length, its value after a 4-hex-digit length.
public struct LldpadVDPCommand: Hashable, Sendable {
    /// Get (`vdptool -t`) or set (`vdptool -T`).
    public var code: Code
    /// The options: ``optionConfig`` and the others, the filter count in bits 8 to 15.
    public var options: UInt32
    /// The interface's name.
    public var interface: String
    /// The agent type (lldpad serves only ``nearestCustomerBridge``).
    public var agentType: UInt8
    /// The VSI mode the command names with `-V` (the TLV identifier).
    public var mode: VSITLVType
    /// The arguments, or `nil` when their lengths do not split the text (lldpad then has no arguments).
    public var arguments: [LldpadClientArgument]?

    /// A command's code.
    public enum Code: UInt8, Hashable, Sendable {
        /// `cmd_gettlv`: list VSIs.
        case get = 1
        /// `cmd_settlv`: request a VSI.
        case set = 2
    }

    /// `op_arg`: the command has argument names.
    public static let optionArgument: UInt32 = 0x04
    /// `op_argval`: the arguments have values.
    public static let optionArgumentValue: UInt32 = 0x08
    /// `op_config` (`-c`).
    public static let optionConfig: UInt32 = 0x10
    /// lldpad's agent type for the nearest customer bridge, 2 (after the nearest bridge and the non-TPMR bridge).
    public static let nearestCustomerBridge: UInt8 = 2
    /// The longest interface name lldpad reads: 16 octets.
    public static let maximumInterfaceLength = 16
    /// The most arguments read: 64 (vdptool sends one per `-c`; a VSI has 7 and its filters).
    public static let maximumArguments = 64

    /// The number of `filter` arguments the options announce.
    public var filterCount: Int { Int((options >> 8) & 0xFF) }

    /// The text lldpad writes back before the command's own answer: `C`, the version, the command, the options,
    /// the interface after its length.
    public var replyHeader: [UInt8] {
        let name = Array(interface.utf8)
        return Array("C3".utf8) + LldpadHex.octets(UInt64(code.rawValue), width: 2)
            + LldpadHex.octets(UInt64(options), width: 8) + LldpadHex.octets(UInt64(name.count), width: 2) + name
    }

    /// Creates a command.
    public init(
        code: Code,
        options: UInt32,
        interface: String,
        agentType: UInt8 = LldpadVDPCommand.nearestCustomerBridge,
        mode: VSITLVType,
        arguments: [LldpadClientArgument]?
    ) {
        self.code = code
        self.options = options
        self.interface = interface
        self.agentType = agentType
        self.mode = mode
        self.arguments = arguments
    }

    /// Reads the module text of a VDP command, or the status lldpad answers a malformed one with: an interface
    /// name of 17 octets or more, a header field that is not hex, a TLV identifier outside 1 to 4, or a set
    /// without `-c` is ``LldpadClientStatus/invalid``; a message version other than 3 or a command other than get
    /// and set is ``LldpadClientStatus/notApplicable``.
    public static func parse(_ body: [UInt8]) -> Result<LldpadVDPCommand, LldpadClientStatus> {
        var reader = body[...]
        guard reader.popFirst() != nil, let version = reader.first.flatMap(LldpadHex.digit) else {
            return .failure(.invalid)
        }
        reader = reader.dropFirst()
        guard let command = read(&reader, 2), let options = read(&reader, 8), let length = read(&reader, 2),
            length <= maximumInterfaceLength, reader.count >= Int(length)
        else {
            return .failure(.invalid)
        }
        let name = reader.prefix(Int(length))
        reader = reader.dropFirst(Int(length))
        guard version == 3 else {
            return .failure(.notApplicable)
        }
        guard let agentType = read(&reader, 2) else {
            return .failure(.invalid)
        }
        guard let code = Code(rawValue: UInt8(truncatingIfNeeded: command)), command <= 0xFF else {
            return .failure(.notApplicable)
        }
        guard let tlvID = read(&reader, 8), tlvID <= 0xFF, let mode = VSITLVType(rawValue: UInt8(tlvID)) else {
            return .failure(.invalid)
        }
        let optionBits = UInt32(truncatingIfNeeded: options)
        guard optionBits & optionConfig != 0 || code == .get else {
            return .failure(.invalid)
        }
        return .success(
            LldpadVDPCommand(
                code: code,
                options: optionBits,
                interface: String(decoding: name, as: UTF8.self),
                agentType: UInt8(truncatingIfNeeded: agentType),
                mode: mode,
                arguments: arguments(reader)
            )
        )
    }

    /// The arguments: while more than two octets remain, a name after its 2-hex-digit length and a value after
    /// its 4-hex-digit length; `nil` when a length is not hex or runs past the end, or a name has no value.
    static func arguments(_ text: ArraySlice<UInt8>) -> [LldpadClientArgument]? {
        var reader = text
        var result: [LldpadClientArgument] = []
        while reader.count > 2 {
            guard result.count < maximumArguments, let nameLength = read(&reader, 2),
                reader.count >= Int(nameLength)
            else {
                return nil
            }
            let name = reader.prefix(Int(nameLength))
            reader = reader.dropFirst(Int(nameLength))
            guard let valueLength = read(&reader, 4), reader.count >= Int(valueLength) else {
                return nil
            }
            let value = reader.prefix(Int(valueLength))
            reader = reader.dropFirst(Int(valueLength))
            result.append(LldpadClientArgument(name: Array(name), value: Array(value)))
        }
        return result
    }

    private static func read(_ reader: inout ArraySlice<UInt8>, _ count: Int) -> UInt64? {
        guard let value = LldpadHex.read(reader, count: count) else {
            return nil
        }
        reader = reader.dropFirst(count)
        return value
    }
}
