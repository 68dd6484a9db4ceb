import VDPProtocol
import VDPWire

/// Every VSI the daemon's clients want, per interface and VSIID: the content of the state file.
///
/// Encoded with `Codable` as `{"version": 1, "interfaces": {"eth0": [{…WantedVSI…}, …]}}`, each interface's
/// wants in the order they were first made.
public struct WantedSet: Hashable, Sendable {
    /// The wants, per interface and VSIID.
    public private(set) var interfaces: [String: [VSIID: WantedVSI]] = [:]
    private var nextSequence: UInt64 = 0

    /// The file format's version.
    public static let version = 1

    /// An empty set.
    public init() {}

    /// The want for a VSI.
    public func wanted(_ vsiID: VSIID, on interface: String) -> WantedVSI? {
        interfaces[interface]?[vsiID]
    }

    /// The wants of one interface, in the order they were first made.
    public func wants(on interface: String) -> [WantedVSI] {
        (interfaces[interface] ?? [:]).values.sorted { $0.sequence < $1.sequence }
    }

    /// How many VSIs are wanted on `interface`.
    public func count(on interface: String) -> Int {
        interfaces[interface]?.count ?? 0
    }

    /// How many VSIs are wanted in all.
    public var count: Int {
        interfaces.values.reduce(0) { $0 + $1.count }
    }

    /// Records that a client wants `operation` for the VSI (a new want, or a new operation for a known one,
    /// which keeps its place in the order); returns the previous want.
    @discardableResult
    public mutating func want(_ operation: WantedOperation, for descriptor: VSIDescriptor, on interface: String)
        -> WantedVSI?
    {
        let previous = interfaces[interface]?[descriptor.vsiID]
        let sequence = previous?.sequence ?? nextSequence
        if previous == nil {
            nextSequence &+= 1
        }
        interfaces[interface, default: [:]][descriptor.vsiID] = WantedVSI(
            descriptor: descriptor,
            operation: operation,
            sequence: sequence,
            granted: previous?.descriptor == descriptor ? previous?.granted : nil
        )
        return previous
    }

    /// Records the filters the bridge confirmed for a wanted VSI (`nil`: what the client asked for); returns
    /// whether the want changed.
    public mutating func grant(_ filterInfo: FilterInfo?, for vsiID: VSIID, on interface: String) -> Bool {
        guard let want = interfaces[interface]?[vsiID] else {
            return false
        }
        let granted = filterInfo == want.descriptor.filterInfo ? nil : filterInfo
        guard granted != want.granted else {
            return false
        }
        interfaces[interface]?[vsiID]?.granted = granted
        return true
    }

    /// Puts back a previous want (or removes the VSI when there was none).
    public mutating func restore(_ previous: WantedVSI?, vsiID: VSIID, on interface: String) {
        if let previous {
            interfaces[interface, default: [:]][vsiID] = previous
        } else {
            forget(vsiID, on: interface)
        }
    }

    /// Puts `want` as it is (its sequence included), as replaying the state file's journal does.
    mutating func put(_ want: WantedVSI, on interface: String) {
        interfaces[interface, default: [:]][want.descriptor.vsiID] = want
        nextSequence = max(nextSequence, want.sequence &+ 1)
    }

    /// Forgets the VSI; returns the want it had.
    @discardableResult
    public mutating func forget(_ vsiID: VSIID, on interface: String) -> WantedVSI? {
        let removed = interfaces[interface]?.removeValue(forKey: vsiID)
        if interfaces[interface]?.isEmpty == true {
            interfaces.removeValue(forKey: interface)
        }
        return removed
    }
}

extension WantedSet: Codable {
    private enum CodingKeys: String, CodingKey {
        case version, interfaces
    }

    /// Decodes a set; throws `DecodingError` for another version, a VSI wanted twice on one interface, or
    /// values the descriptor's types refuse.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .version)
        guard version == Self.version else {
            throw DecodingError.dataCorruptedError(
                forKey: .version,
                in: container,
                debugDescription: "state file version \(version); this daemon reads version \(Self.version)"
            )
        }
        let lists = try container.decode([String: [WantedVSI]].self, forKey: .interfaces)
        var set = WantedSet()
        for (interface, wants) in lists {
            var table: [VSIID: WantedVSI] = [:]
            for want in wants {
                guard table.updateValue(want, forKey: want.descriptor.vsiID) == nil else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .interfaces,
                        in: container,
                        debugDescription: "\(want.descriptor.vsiID) is wanted twice on \(interface)"
                    )
                }
                set.nextSequence = max(set.nextSequence, want.sequence &+ 1)
            }
            if !table.isEmpty {
                set.interfaces[interface] = table
            }
        }
        self = set
    }

    /// Encodes the set, each interface's wants in order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.version, forKey: .version)
        var lists: [String: [WantedVSI]] = [:]
        for interface in interfaces.keys {
            lists[interface] = wants(on: interface)
        }
        try container.encode(lists, forKey: .interfaces)
    }
}
