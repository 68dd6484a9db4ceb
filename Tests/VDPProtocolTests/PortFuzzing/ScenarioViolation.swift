/// An invariant a port-fuzzing scenario found broken: the step, the event being run and what went wrong.
struct ScenarioViolation: Error, CustomStringConvertible {
    /// A stable name for the invariant (and, where the scenario can tell, the cause), such as `table-limit` or
    /// `pool-after-changeFilterInfo`: open findings in `Fixtures/fuzz-findings/<target>/` are named after it.
    var kind: String
    /// The 1-based step (0: the configuration; the final drain counts as one more step).
    var step: Int
    /// The event of that step, in words.
    var event: String
    /// What is wrong.
    var message: String

    /// `[kind] step N (event): message`.
    var description: String { "[\(kind)] step \(step) (\(event)): \(message)" }
}

/// The outputs of the port under test that a scenario counts, so that tests can tell how deep an input goes.
struct ScenarioReach: Hashable, CustomStringConvertible {
    /// Counts by name (for example `decisions`, `grants`, `completedSuccess`).
    var counts: [String: Int] = [:]

    /// Adds one to `name`.
    mutating func note(_ name: String) {
        counts[name, default: 0] += 1
    }

    /// The count of `name`.
    subscript(name: String) -> Int { counts[name, default: 0] }

    /// `name=count` pairs, sorted by name.
    var description: String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
