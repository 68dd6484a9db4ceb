import VDPWire

/// The holds one VSI takes in its port's ``VIDPool``, as its table entry stores them: none, one inline (the
/// common case: one filter, one VID), or several out of line. An owner that is the VSI itself is stored without
/// its key, which the entry already has.
struct BridgeVSIHolds: Sendable, Equatable {
    /// A ``VIDPool/Owner`` without the VSI's key.
    private enum Owner: Sendable, Equatable {
        case group(GroupID)
        case vsi
        case explicit(UInt16)

        init(_ owner: VIDPool.Owner) {
            switch owner {
            case .group(let group): self = .group(group)
            case .vsi: self = .vsi
            case .explicit(let vid): self = .explicit(vid)
            }
        }

        func owner(for key: BridgeVSIKey) -> VIDPool.Owner {
            switch self {
            case .group(let group): .group(group)
            case .vsi: .vsi(key)
            case .explicit(let vid): .explicit(vid)
            }
        }
    }

    private enum Storage: Sendable, Equatable {
        case none
        case one(Owner)
        case many([Owner])
    }

    private var storage: Storage

    /// No holds.
    static let none = BridgeVSIHolds(storage: .none)

    private init(storage: Storage) {
        self.storage = storage
    }

    /// The holds `owners` lists; an owner `.vsi` is taken to be the entry's own VSI.
    init(_ owners: [VIDPool.Owner]) {
        switch owners.count {
        case 0: storage = .none
        case 1: storage = .one(Owner(owners[0]))
        default: storage = .many(owners.map(Owner.init))
        }
    }

    /// Whether there are none.
    var isEmpty: Bool { storage == .none }

    /// The owners, for the VSI of `key`.
    func owners(for key: BridgeVSIKey) -> [VIDPool.Owner] {
        switch storage {
        case .none: []
        case .one(let owner): [owner.owner(for: key)]
        case .many(let owners): owners.map { $0.owner(for: key) }
        }
    }
}
