/// Running totals kept by a port's ECP receivers; they survive a port down.
///
/// Read-only outside the port. Encoded with `Codable` as an object of the five counters under their own names.
public struct ECPReceiverCounters: Hashable, Sendable, Codable {
    /// Version-1 requests of subtype VDP or PE-CSP received, duplicates included (each was acknowledged).
    public package(set) var received: UInt64
    /// Requests that repeated the last sequence number, or one in the receive history: acknowledged again, not
    /// delivered.
    public package(set) var duplicates: UInt64
    /// VDP ULPDUs handed up.
    public package(set) var delivered: UInt64
    /// ECPDUs that got no acknowledgement: acknowledgements, other versions or operations, unknown subtypes.
    public package(set) var ignored: UInt64
    /// Runs of sequence numbers dropped from the receive history before their horizon because the history was
    /// full (see `Docs/HARDENING.md`).
    public package(set) var historyEvictions: UInt64

    /// Creates counters; all start at zero by default.
    package init(
        received: UInt64 = 0,
        duplicates: UInt64 = 0,
        delivered: UInt64 = 0,
        ignored: UInt64 = 0,
        historyEvictions: UInt64 = 0
    ) {
        self.received = received
        self.duplicates = duplicates
        self.delivered = delivered
        self.ignored = ignored
        self.historyEvictions = historyEvictions
    }

    /// The field-by-field sum (saturating), for totals over several receivers.
    public static func + (lhs: ECPReceiverCounters, rhs: ECPReceiverCounters) -> ECPReceiverCounters {
        ECPReceiverCounters(
            received: lhs.received.addingSaturating(rhs.received),
            duplicates: lhs.duplicates.addingSaturating(rhs.duplicates),
            delivered: lhs.delivered.addingSaturating(rhs.delivered),
            ignored: lhs.ignored.addingSaturating(rhs.ignored),
            historyEvictions: lhs.historyEvictions.addingSaturating(rhs.historyEvictions)
        )
    }
}
