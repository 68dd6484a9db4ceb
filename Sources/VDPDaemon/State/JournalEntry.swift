import VDPWire

/// One line of the state file's journal: the want a VSI now has on an interface, or its removal.
///
/// Encoded as `{"interface": "eth0", "want": {…WantedVSI…}}` or `{"interface": "eth0", "remove": {…VSIID…}}`.
struct JournalEntry: Codable, Sendable {
    var interface: String
    var want: WantedVSI?
    var remove: VSIID?

    init(interface: String, want: WantedVSI?, remove: VSIID?) {
        self.interface = interface
        self.want = want
        self.remove = remove
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        interface = try container.decode(String.self, forKey: .interface)
        want = try container.decodeIfPresent(WantedVSI.self, forKey: .want)
        remove = try container.decodeIfPresent(VSIID.self, forKey: .remove)
        guard (want == nil) != (remove == nil) else {
            throw DecodingError.dataCorruptedError(
                forKey: .want,
                in: container,
                debugDescription: "a journal entry has exactly one of \"want\" and \"remove\""
            )
        }
    }

    /// Applies the entry to `set`.
    func apply(to set: inout WantedSet) {
        if let want {
            set.put(want, on: interface)
        } else if let remove {
            set.forget(remove, on: interface)
        }
    }
}
