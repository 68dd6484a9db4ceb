import VDPWire

/// The VSI of a vdptool command, read from its `-c` arguments as lldpad's VDP module reads them.
///
/// | name | value |
/// |---|---|
/// | `mode` | `assoc`, `preassoc`, `preassoc-rr`, `deassoc` (any case; a `[number]` after it is ignored) |
/// | `mgrid2` | a UUID (hex digits and dashes) or up to 15 letters and digits |
/// | `typeid` | 0 to 2^24 − 1 (C syntax: decimal, `0x` hex, leading-zero octal) |
/// | `typeidver` | 0 to 255 |
/// | `uuid` | hex digits and dashes, at most 16 octets (the rest zero) |
/// | `hints` | `none`, `-`, `to` (M-bit), `from` (S-bit) |
/// | `filter` | `vlan`, `vlan-mac`, `vlan--group`, `vlan-mac-group`: formats 1 to 4, all of one format |
///
/// A request needs all but `hints`; a query any of them. Names are case-sensitive; any other name (lldpad's
/// `oui` included: this daemon sends no organizationally defined fields) makes the arguments invalid.
public struct LldpadVSIArguments: Hashable, Sendable {
    /// The names given.
    public var keys: Set<Key> = []
    /// The mode, when given.
    public var mode: VSITLVType?
    /// The manager ID's 16 octets.
    public var managerID = Octets16.zero
    /// The type ID.
    public var typeID: UInt32 = 0
    /// The type version.
    public var typeVersion: UInt8 = 0
    /// The VSI ID's 16 octets (a UUID).
    public var uuid = Octets16.zero
    /// The migration hints.
    public var hints = Hints.none
    /// The filters, in order.
    public var filters: [FilterEntry] = []

    /// An argument's name.
    public enum Key: String, Hashable, Sendable, CaseIterable {
        /// `mode`.
        case mode
        /// `mgrid2`.
        case managerID = "mgrid2"
        /// `typeid`.
        case typeID = "typeid"
        /// `typeidver`.
        case typeVersion = "typeidver"
        /// `uuid`.
        case uuid
        /// `hints`.
        case hints
        /// `filter`.
        case filter
    }

    /// The migration hints of a request.
    public enum Hints: Hashable, Sendable {
        /// `none` or `-`.
        case none
        /// `to`: the VM arrives (M-bit).
        case migrateTo
        /// `from`: the VM leaves (S-bit).
        case migrateFrom
    }

    /// The names a request must give.
    public static let mandatoryKeys: Set<Key> = [.mode, .managerID, .typeID, .typeVersion, .uuid, .filter]

    /// Creates empty arguments.
    public init() {}

    /// Reads `arguments`, of which the first `filterSlots` filters are read (lldpad reads only as many as the
    /// options announce); ``LldpadClientStatus/badParameters`` for an unknown name or a malformed value.
    public static func parse(_ arguments: [LldpadClientArgument], filterSlots: Int) -> Result<
        LldpadVSIArguments, LldpadClientStatus
    > {
        var result = LldpadVSIArguments()
        var format: FilterInfoFormat?
        var filterIndex = 0
        for argument in arguments {
            guard let key = Key(rawValue: String(decoding: argument.name, as: UTF8.self)) else {
                return .failure(.badParameters)
            }
            let value = argument.value
            switch key {
            case .mode:
                guard let mode = parseMode(value) else {
                    return .failure(.badParameters)
                }
                result.mode = mode
            case .managerID:
                guard let octets = parseManagerID(value) else {
                    return .failure(.badParameters)
                }
                result.managerID = octets
            case .typeID:
                guard let number = LldpadNumberText.number(value, in: 0...0xFF_FFFF) else {
                    return .failure(.badParameters)
                }
                result.typeID = number
            case .typeVersion:
                guard let number = LldpadNumberText.number(value, in: 0...0xFF) else {
                    return .failure(.badParameters)
                }
                result.typeVersion = UInt8(truncatingIfNeeded: number)
            case .uuid:
                guard let octets = LldpadNumberText.identifierOctets(value).flatMap(Octets16.init(octets:)) else {
                    return .failure(.badParameters)
                }
                result.uuid = octets
            case .hints:
                guard let hints = parseHints(value) else {
                    return .failure(.badParameters)
                }
                result.hints = hints
            case .filter:
                if filterIndex < filterSlots {
                    guard let entry = parseFilter(value), format == nil || format == entry.format,
                        !result.repeatsMAC(entry)
                    else {
                        return .failure(.badParameters)
                    }
                    format = entry.format
                    result.filters.append(entry)
                }
                filterIndex += 1
            }
            result.keys.insert(key)
        }
        return .success(result)
    }

    /// Whether `entry` has a MAC address that an earlier filter has, or the all-zero one (lldpad compares with
    /// its whole, zero-filled list).
    private func repeatsMAC(_ entry: FilterEntry) -> Bool {
        guard let mac = entry.mac else {
            return false
        }
        return mac.rawValue == 0 || filters.contains { $0.mac == mac }
    }

    /// The mode: its name in any case, optionally followed by `[number]`.
    static func parseMode(_ value: [UInt8]) -> VSITLVType? {
        var name = value[...]
        if let bracket = value.firstIndex(of: UInt8(ascii: "[")) {
            name = value[..<bracket]
            let rest = value[(bracket + 1)...]
            let digits = rest.prefix { $0 != UInt8(ascii: "]") }
            guard digits.count < rest.count, LldpadNumberText.unsignedInteger(digits) != nil || digits.isEmpty else {
                return nil
            }
        }
        switch String(decoding: name, as: UTF8.self).lowercased() {
        case "assoc": return .associate
        case "preassoc": return .preAssociate
        case "preassoc-rr": return .preAssociateWithResourceReservation
        case "deassoc": return .deAssociate
        default: return nil
        }
    }

    /// A manager ID: a UUID's octets, or up to 15 letters and digits left-aligned.
    static func parseManagerID(_ value: [UInt8]) -> Octets16? {
        if let octets = LldpadNumberText.identifierOctets(value) {
            return Octets16(octets: octets)
        }
        guard value.count < 16, value.allSatisfy(LldpadNumberText.isAlphanumeric) else {
            return nil
        }
        return Octets16(leftAligned: value)
    }

    static func parseHints(_ value: [UInt8]) -> Hints? {
        switch String(decoding: value, as: UTF8.self).lowercased() {
        case "to": .migrateTo
        case "from": .migrateFrom
        case "none", "-": Hints.none
        default: nil
        }
    }

    /// One filter: `vlan`, `vlan-mac`, `vlan--group` or `vlan-mac-group`; the vlan 0 to 65535 (the PCP and
    /// priority bit above the 12-bit VID), the group 1 to 2^32 − 1 (an empty group is none).
    public static func parseFilter(_ value: [UInt8]) -> FilterEntry? {
        let dash = UInt8(ascii: "-")
        let vlanText: ArraySlice<UInt8>
        var macText: ArraySlice<UInt8>?
        var groupText: ArraySlice<UInt8>?
        if let first = value.firstIndex(of: dash) {
            vlanText = value[..<first]
            let rest = value[(first + 1)...]
            if let second = rest.firstIndex(of: dash) {
                macText = second == rest.startIndex ? nil : rest[..<second]
                groupText = value[(second + 1)...]
            } else {
                macText = rest
            }
        } else {
            vlanText = value[...]
        }
        guard let vlan = LldpadNumberText.number(vlanText, in: 0...0xFFFF) else {
            return nil
        }
        var mac: MACAddress?
        if let macText {
            guard let octets = LldpadNumberText.macOctets(macText), let address = MACAddress(octets: octets) else {
                return nil
            }
            mac = address
        }
        var groupID: GroupID?
        if let groupText, !groupText.isEmpty {
            guard let group = LldpadNumberText.number(groupText, in: 1...UInt32.max) else {
                return nil
            }
            groupID = GroupID(rawValue: group)
        }
        return FilterEntry(groupID: groupID, mac: mac, vid: FilterVID(rawValue: UInt16(truncatingIfNeeded: vlan)))
    }
}
