/// One datagram a client sends to lldpad's client socket, read by its first character.
///
/// `P` ping, `A` attach (optionally followed by the comma-separated hex IDs of the modules whose events the client
/// wants), `D` detach, `L` change the event level, `M` a module command (8 hex digits of the module ID, then the
/// module's own text), `C` a DCBX command; anything else is unknown. lldpad reads its messages as C strings, so
/// the text ends at the first zero octet.
public enum LldpadClientMessage: Hashable, Sendable {
    /// `P`: answered with `PPONG` and the daemon's process ID.
    case ping
    /// `A`: attach for events of `modules` (empty: lldpad's default, DCBX events).
    case attach(modules: [UInt32])
    /// `A` with a module list that is not comma-separated hex numbers (or more than ``maximumAttachModules``).
    case malformedAttach
    /// `D`: detach.
    case detach
    /// `L`: change the attached client's event level.
    case level
    /// `M` or `C`: a command for module `moduleID` (`nil` when its 8 hex digits cannot be read); `body` is the
    /// module's text, from its command letter on.
    case module(moduleID: UInt32?, body: [UInt8])
    /// Any other first character, or an empty datagram.
    case unknown

    /// The ID of lldpad's VDP module (IEEE 802.1Qbg-2012), `0x80c4`.
    public static let vdpModuleID: UInt32 = 0x80C4
    /// The module a `C` command is for: DCBX, `0x001b2101`.
    public static let dcbxModuleID: UInt32 = 0x001B_2101
    /// The most module IDs an attach may list: 16.
    public static let maximumAttachModules = 16

    /// Reads a datagram.
    public init(datagram: some Collection<UInt8>) {
        let text = Array(datagram.prefix { $0 != 0 })
        guard let first = text.first else {
            self = .unknown
            return
        }
        switch first {
        case UInt8(ascii: "P"):
            self = .ping
        case UInt8(ascii: "A"):
            self = Self.attach(text.dropFirst())
        case UInt8(ascii: "D"):
            self = .detach
        case UInt8(ascii: "L"):
            self = .level
        case UInt8(ascii: "M"):
            let identifier = LldpadHex.read(text.dropFirst(), count: 8).map { UInt32(truncatingIfNeeded: $0) }
            self = .module(moduleID: identifier, body: identifier == nil ? [] : Array(text.dropFirst(9)))
        case UInt8(ascii: "C"):
            self = .module(moduleID: Self.dcbxModuleID, body: text)
        default:
            self = .unknown
        }
    }

    /// The module list of an attach: hex numbers (an optional `0x`), separated by commas; empty ones are skipped.
    private static func attach(_ list: ArraySlice<UInt8>) -> LldpadClientMessage {
        var modules: [UInt32] = []
        for token in list.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
            var digits = token[...]
            if digits.count > 2, digits.first == UInt8(ascii: "0"),
                digits.dropFirst().first.map({ $0 | 0x20 == UInt8(ascii: "x") }) == true
            {
                digits = digits.dropFirst(2)
            }
            guard !digits.isEmpty, digits.count <= 8, let value = LldpadHex.read(digits, count: digits.count),
                modules.count < maximumAttachModules
            else {
                return .malformedAttach
            }
            modules.append(UInt32(truncatingIfNeeded: value))
        }
        return .attach(modules: modules)
    }
}
