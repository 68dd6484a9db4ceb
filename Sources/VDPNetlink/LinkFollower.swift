/// Follows the interface with one name through a stream of ``LinkChange``s: it reports the changes of the link
/// that has the name now, across renames, removals and re-creations; no I/O.
///
/// - A link that gets the name (it appears with it, or is renamed to it) is reported as
///   ``LinkChange/appeared(_:)``.
/// - A change of that link is ``LinkChange/changed(_:)``.
/// - Its removal, or its rename to another name, is ``LinkChange/removed(_:)`` (with the status it has then).
/// - A ``LinkChange/resynchronised(_:)`` set is turned into the one of these that bridges the gap, so a
///   follower never reports it.
///
/// ``LinkMonitor/changes(followingInterfaceNamed:)`` runs one for a stream.
public struct LinkFollower: Hashable, Sendable {
    /// The name followed.
    public let name: String
    /// The link that has the name now, as last reported; `nil` when there is none.
    public private(set) var current: LinkStatus?

    /// Follows `name`, starting from the links known now.
    ///
    /// - Parameters:
    ///   - name: the interface name.
    ///   - links: the current links; the one called `name`, if any, becomes ``current`` without being reported.
    public init(name: String, links: [LinkStatus] = []) {
        self.name = name
        self.current = links.first { $0.name == name }
    }

    /// The changes of the followed interface that `change` makes: none, one, or a removal and an appearance
    /// when the name moved to another link.
    public mutating func follow(_ change: LinkChange) -> [LinkChange] {
        switch change {
        case .appeared(let status), .changed(let status):
            return update(to: status)
        case .removed(let status):
            guard current?.index == status.index else {
                return []
            }
            current = nil
            return [.removed(status)]
        case .resynchronised(let links):
            let match = links.first { $0.name == name }
            switch (current, match) {
            case (nil, nil):
                return []
            case (let previous?, nil):
                current = nil
                return [.removed(links.first { $0.index == previous.index } ?? previous)]
            case (_, let match?):
                return update(to: match)
            }
        }
    }

    private mutating func update(to status: LinkStatus) -> [LinkChange] {
        if let previous = current, previous.index == status.index {
            guard status.name == name else {
                current = nil
                return [.removed(status)]
            }
            current = status
            return previous == status ? [] : [.changed(status)]
        }
        guard status.name == name else {
            return []
        }
        var changes: [LinkChange] = []
        if let previous = current {
            changes.append(.removed(previous))
        }
        current = status
        changes.append(.appeared(status))
        return changes
    }
}
