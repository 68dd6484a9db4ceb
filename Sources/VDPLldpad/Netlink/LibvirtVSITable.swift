import VDPProtocol
import VDPWire

/// The VSIs requested through netlink, with the response lldpad would report for each: what answers libvirt's
/// status queries and addresses the notification when the bridge ends a VSI.
///
/// Bounded: at most ``capacity`` VSIs. A completed De-Associate is forgotten once a status answer has carried it
/// (as lldpad deletes it then), or earlier when room is needed; a new VSI beyond the bound is refused.
struct LibvirtVSITable: Sendable {
    /// A VSI of an interface.
    struct Key: Hashable, Sendable {
        var interface: String
        var vsiID: VSIID
    }

    /// What the table holds for a VSI.
    struct Entry: Hashable, Sendable {
        /// The last request.
        var request: LibvirtPortRequest
        /// Its number, to tell the answer to this request from the answer to an earlier one.
        var generation: UInt64
        /// The response, or `nil` while the request is in progress.
        var response: LldpadPortResponse?
        /// Whether the daemon is still carrying the request out.
        var inFlight: Bool
    }

    /// What ``record(_:interface:)`` did.
    enum Recording: Hashable, Sendable {
        /// Recorded, with this generation.
        case recorded(UInt64)
        /// The VSI's previous request is still being carried out (lldpad: `EBUSY`).
        case busy
        /// The table is full (lldpad: `ENOMEM`).
        case full
    }

    /// The most VSIs held.
    let capacity: Int
    private(set) var entries: [Key: Entry] = [:]
    private var nextGeneration: UInt64 = 1

    /// Creates an empty table.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Records `request` for `interface` as in progress, unless the VSI's previous request is still being carried
    /// out or the table is full. At most ``capacity`` requests are in flight, one per VSI.
    mutating func record(_ request: LibvirtPortRequest, interface: String) -> Recording {
        let key = Key(interface: interface, vsiID: request.vsi.vsiID)
        if entries[key]?.inFlight == true {
            return .busy
        }
        if entries[key] == nil, entries.count >= capacity {
            guard
                let finished = entries.first(where: {
                    $0.value.request.kind == .deAssociate && $0.value.response != nil
                })
            else {
                return .full
            }
            entries[finished.key] = nil
        }
        let generation = nextGeneration
        nextGeneration &+= 1
        entries[key] = Entry(request: request, generation: generation, response: nil, inFlight: true)
        return .recorded(generation)
    }

    /// Records the response to the request of `generation`; an answer to a superseded request is ignored.
    mutating func complete(_ key: Key, generation: UInt64, response: LldpadPortResponse?) {
        guard var entry = entries[key], entry.generation == generation else {
            return
        }
        entry.response = response
        entry.inFlight = false
        entries[key] = entry
    }

    /// The VSIs of `interface` and their responses, at most `limit` of them, for a status answer; completed
    /// De-Associates among them are forgotten.
    mutating func report(interface: String, limit: Int) -> [(vsiID: VSIID, response: LldpadPortResponse?)] {
        let keys = entries.keys.filter { $0.interface == interface }.sorted { $0.vsiID.octets < $1.vsiID.octets }
        var reported: [(vsiID: VSIID, response: LldpadPortResponse?)] = []
        for key in keys.prefix(max(0, limit)) {
            guard let entry = entries[key] else {
                continue
            }
            reported.append((key.vsiID, entry.response))
            if entry.request.kind == .deAssociate, entry.response == .success {
                entries[key] = nil
            }
        }
        return reported
    }

    /// The request to answer with a notification when the bridge ends `vsiID` on `interface`: the last request,
    /// unless it was a De-Associate or came from no netlink port.
    func notificationTarget(interface: String, vsiID: VSIID) -> LibvirtPortRequest? {
        guard let entry = entries[Key(interface: interface, vsiID: vsiID)], entry.request.kind != .deAssociate,
            entry.request.requesterPortID != 0
        else {
            return nil
        }
        return entry.request
    }
}
