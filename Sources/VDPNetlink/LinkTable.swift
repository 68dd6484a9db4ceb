/// The links a monitor knows, by index, and what each link message changes in it; no I/O.
struct LinkTable: Sendable {
    private(set) var links: [Int32: LinkStatus] = [:]

    /// The links in index order.
    var sorted: [LinkStatus] {
        links.values.sorted { $0.index < $1.index }
    }

    /// Records a link message: an `RTM_NEWLINK` for a new index appears, for a known one changes it (reported
    /// only when a field of ``LinkStatus`` differs); an `RTM_DELLINK` removes it (reported only when known).
    mutating func apply(_ status: LinkStatus, removed: Bool) -> LinkChange? {
        if removed {
            guard links.removeValue(forKey: status.index) != nil else {
                return nil
            }
            return .removed(status)
        }
        let previous = links.updateValue(status, forKey: status.index)
        switch previous {
        case nil: return .appeared(status)
        case let previous? where previous == status: return nil
        case _?: return .changed(status)
        }
    }

    /// Replaces every link with the result of a fresh dump.
    mutating func replace(with links: [Int32: LinkStatus]) -> LinkChange {
        self.links = links
        return .resynchronised(sorted)
    }
}
