/// Identifies one ULPDU handed to an ``ECPTransmitter``, so that its fate (``ECPTransmitterOutput/delivered(_:)``
/// or ``ECPTransmitterOutput/failed(_:)``) can be matched to the request.
///
/// Identifiers are assigned in enqueue order, starting at 0, and never reused by the same transmitter, so a later
/// enqueue always has a larger identifier.
package struct ECPTransmissionID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The identifier's value.
    package let rawValue: UInt64

    /// Wraps a value; transmitters number their ULPDUs 0, 1, 2, … in enqueue order.
    package init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Orders identifiers by enqueue order.
    package static func < (lhs: ECPTransmissionID, rhs: ECPTransmissionID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// `#` followed by the number, e.g. `#3`.
    package var description: String { "#\(rawValue)" }
}
