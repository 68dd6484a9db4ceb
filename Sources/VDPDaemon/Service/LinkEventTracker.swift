import VDPNetlink

/// Turns rtnetlink link changes into ``LinkEvent``s by name: it keeps the links by index and reports, for each
/// name whose state changed, up, down or removed. No I/O.
package struct LinkEventTracker: Sendable {
    private var links: [Int32: LinkStatus] = [:]

    package init(links: [LinkStatus]) {
        for link in links {
            self.links[link.index] = link
        }
    }

    /// The events one change makes, in name order.
    package mutating func apply(_ change: LinkChange) -> [LinkEvent] {
        let before = states()
        switch change {
        case .appeared(let link), .changed(let link):
            links[link.index] = link
        case .removed(let link):
            links.removeValue(forKey: link.index)
        case .resynchronised(let all):
            links = [:]
            for link in all {
                links[link.index] = link
            }
        }
        let after = states()
        var events: [LinkEvent] = []
        for name in Set(before.keys).union(after.keys).sorted() {
            switch (before[name], after[name]) {
            case (let old, let new?) where old != new:
                events.append(LinkEvent(interface: name, kind: new ? .up : .down))
            case (_?, nil):
                events.append(LinkEvent(interface: name, kind: .removed))
            default:
                break
            }
        }
        return events
    }

    /// Up (administratively up with a carrier) or down, by name.
    private func states() -> [String: Bool] {
        var states: [String: Bool] = [:]
        for link in links.values {
            states[link.name] = link.isAdministrativelyUp && link.hasCarrier
        }
        return states
    }
}
