import VDPProtocol
import VDPWire

/// A VSI operation given on the command line, in vdptool's `key=value` terms extended to every VSIID format.
///
/// ```
/// mode=assoc|preassoc|preassoc-rr|deassoc
/// mgrid=<text of up to 16 ASCII characters, or 32 hex digits>
/// typeid=<0…16777215>  typeidver=<0…255>
/// uuid=<uuid>  or  vsiid=uuid:<uuid> | ipv4:<a.b.c.d> | ipv6:<address> | mac:<aa:bb:cc:dd:ee:ff> | local:<32 hex>
/// hints=none|to|from          (to: the M-bit, migrating to; from: the S-bit, suspended / migrating from)
/// filter=<VLAN>               format 1; repeat filter= for more entries, all of one format
/// filter=<VLAN>-<MAC>         format 2
/// filter=<VLAN>--<GROUP>      format 3
/// filter=<VLAN>-<MAC>-<GROUP> format 4
/// ```
/// VLAN is the 16-bit PS/PCP/VID word in decimal (0 asks the bridge to choose; 53348 = 0xD064 is PS 1, PCP 5,
/// VID 100), or `vid[:pcp]` (PCP given sets PS). GROUP is the 32-bit GroupID (a VN ID under 802.1Qcy).
public struct VSICommand: Hashable, Sendable {
    /// The operation.
    public var type: VSITLVType
    /// The VSI.
    public var descriptor: VSIDescriptor
    /// The M-bit and S-bit.
    public var hints: VSIHints

    /// Creates a command.
    public init(type: VSITLVType, descriptor: VSIDescriptor, hints: VSIHints) {
        self.type = type
        self.descriptor = descriptor
        self.hints = hints
    }

    /// Parses `key=value` words; the error names the word that is wrong.
    public static func parse(_ words: [String]) throws(VSICommandError) -> VSICommand {
        var type: VSITLVType?
        var managerID: VSIManagerID?
        var typeID: VSITypeID?
        var typeVersion: UInt8?
        var vsiID: VSIID?
        var hints = VSIHints.none
        var entries: [FilterEntry] = []
        for word in words {
            let parts = word.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else {
                throw VSICommandError(word, "expected key=value")
            }
            let key = parts[0]
            let value = parts[1]
            switch key {
            case "mode":
                type = try Self.mode(value, word)
            case "mgrid", "mgrid2":
                managerID = try Self.managerID(value, word)
            case "typeid":
                guard let number = UInt32(value), number <= VSITypeID.maximum else {
                    throw VSICommandError(word, "the type ID is 0…16777215")
                }
                typeID = VSITypeID(truncating: number)
            case "typeidver":
                guard let number = UInt8(value) else {
                    throw VSICommandError(word, "the type version is 0…255")
                }
                typeVersion = number
            case "uuid":
                guard let uuid = VSIUUID(value) else {
                    throw VSICommandError(word, "expected a UUID of 32 hex digits")
                }
                vsiID = .uuid(uuid)
            case "vsiid":
                vsiID = try Self.vsiID(value, word)
            case "hints":
                hints = try Self.hints(value, word)
            case "filter":
                entries.append(try Self.filterEntry(value, word))
            default:
                throw VSICommandError(word, "unknown key '\(key)'")
            }
        }
        guard let type else {
            throw VSICommandError("mode=", "missing")
        }
        guard let managerID, let typeID, let typeVersion, let vsiID else {
            throw VSICommandError("mgrid=, typeid=, typeidver=, uuid= or vsiid=", "missing")
        }
        guard let format = entries.first?.format else {
            throw VSICommandError("filter=", "missing")
        }
        let filterInfo: FilterInfo
        do {
            filterInfo = try FilterInfo(format: format, entries: entries)
        } catch {
            throw VSICommandError(
                "filter=",
                "all entries must have one format, and at most \(format.maximumEntryCount)"
            )
        }
        return VSICommand(
            type: type,
            descriptor: VSIDescriptor(
                managerID: managerID,
                typeID: typeID,
                typeVersion: typeVersion,
                vsiID: vsiID,
                filterInfo: filterInfo
            ),
            hints: hints
        )
    }

    /// Parses the VSI words of a control-client command (`mgrid=`, `typeid=`, `typeidver=`, `uuid=` or `vsiid=`,
    /// `filter=`); the subcommand gives the operation, so `mode=` and `hints=` are refused.
    public static func parseDescriptor(_ words: [String]) throws(VSICommandError) -> VSIDescriptor {
        for word in words where word.hasPrefix("mode=") || word.hasPrefix("hints=") {
            throw VSICommandError(word, "the subcommand gives the operation and its hints")
        }
        return try parse(["mode=assoc"] + words).descriptor
    }

    /// Parses one `uuid=<uuid>` or `vsiid=<format>:<value>` word.
    public static func parseVSIID(_ word: String) throws(VSICommandError) -> VSIID {
        let parts = word.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else {
            throw VSICommandError(word, "expected uuid=… or vsiid=format:value")
        }
        switch parts[0] {
        case "uuid":
            guard let uuid = VSIUUID(parts[1]) else {
                throw VSICommandError(word, "expected a UUID of 32 hex digits")
            }
            return .uuid(uuid)
        case "vsiid":
            return try vsiID(parts[1], word)
        default:
            throw VSICommandError(word, "expected uuid=… or vsiid=format:value")
        }
    }

    private static func mode(_ value: Substring, _ word: String) throws(VSICommandError) -> VSITLVType {
        switch value {
        case "assoc": .associate
        case "preassoc": .preAssociate
        case "preassoc-rr": .preAssociateWithResourceReservation
        case "deassoc": .deAssociate
        default: throw VSICommandError(word, "mode is assoc, preassoc, preassoc-rr or deassoc")
        }
    }

    private static func managerID(_ value: Substring, _ word: String) throws(VSICommandError) -> VSIManagerID {
        let hex = value.filter { $0 != "-" }
        if hex.count == 32, let uuid = VSIUUID(hex) {
            return VSIManagerID(octets: uuid.octets)
        }
        guard let managerID = VSIManagerID(text: String(value)), !value.isEmpty else {
            throw VSICommandError(word, "the manager ID is up to 16 ASCII characters or 32 hex digits")
        }
        return managerID
    }

    private static func vsiID(_ value: Substring, _ word: String) throws(VSICommandError) -> VSIID {
        let parts = value.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else {
            throw VSICommandError(word, "expected format:value (uuid, ipv4, ipv6, mac or local)")
        }
        let body = parts[1]
        switch parts[0] {
        case "uuid":
            if let uuid = VSIUUID(body) {
                return .uuid(uuid)
            }
        case "ipv4":
            if let address = IPv4Address(body) {
                return VSIID(.ipv4(address))
            }
        case "ipv6":
            if let address = IPv6Address(body) {
                return VSIID(.ipv6(address))
            }
        case "mac":
            if let address = MACAddress(body) {
                return VSIID(.mac(address))
            }
        case "local":
            if body.count == 32, let uuid = VSIUUID(body) {
                return VSIID(.local(uuid.octets))
            }
        default:
            throw VSICommandError(word, "unknown VSIID format '\(parts[0])'")
        }
        throw VSICommandError(word, "malformed \(parts[0]) VSIID")
    }

    private static func hints(_ value: Substring, _ word: String) throws(VSICommandError) -> VSIHints {
        switch value {
        case "none", "-": .none
        case "to": VSIHints(migrating: true)
        case "from": VSIHints(suspended: true)
        default: throw VSICommandError(word, "hints are none, to or from")
        }
    }

    private static func filterEntry(_ value: Substring, _ word: String) throws(VSICommandError) -> FilterEntry {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else {
            throw VSICommandError(word, "expected VLAN, VLAN-MAC, VLAN--GROUP or VLAN-MAC-GROUP")
        }
        let vid = try Self.vid(parts[0], word)
        var entry = FilterEntry(vid: vid)
        if parts.count >= 2, !parts[1].isEmpty {
            guard let mac = MACAddress(parts[1]) else {
                throw VSICommandError(word, "malformed MAC address")
            }
            entry.mac = mac
        }
        if parts.count == 3 {
            guard let group = UInt32(parts[2]), group != 0 else {
                throw VSICommandError(word, "the GroupID is 1…4294967295")
            }
            entry.groupID = GroupID(rawValue: group)
        }
        if parts.count == 2, parts[1].isEmpty {
            throw VSICommandError(word, "expected a MAC after the VLAN")
        }
        return entry
    }

    private static func vid(_ text: Substring, _ word: String) throws(VSICommandError) -> FilterVID {
        let parts = text.split(separator: ":")
        if parts.count == 2 {
            guard let vid = UInt16(parts[0]), let pcp = UInt8(parts[1]),
                let word = try? FilterVID(vid: vid, pcp: pcp, prioritySignificant: true)
            else {
                throw VSICommandError(word, "expected vid:pcp with VID 0…4095 and PCP 0…7")
            }
            return word
        }
        guard let raw = UInt16(text) else {
            throw VSICommandError(word, "the VLAN is a 16-bit PS/PCP/VID word or vid:pcp")
        }
        return FilterVID(rawValue: raw)
    }
}

/// A command-line word that does not parse, and why.
public struct VSICommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The offending word (or the missing key).
    public var word: String
    /// What is wrong with it.
    public var reason: String

    /// Creates an error.
    public init(_ word: String, _ reason: String) {
        self.word = word
        self.reason = reason
    }

    /// `'word': reason`.
    public var description: String { "'\(word)': \(reason)" }
}
