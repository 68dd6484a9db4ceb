import VDPProtocol

/// The caller of one ``StationAgent/request(_:)``, suspended once for the whole batch: the answers fill its slots
/// as they come, and the caller is resumed when the last slot is filled.
struct StationBatchWaiter {
    /// One answer per request of the batch, in the order of the requests; `nil` while unanswered.
    private var answers: [Result<StationVSIState?, StationLifecycleError>?]
    /// The slots still unanswered.
    private(set) var remaining: Int

    /// A batch of `count` requests, none answered yet.
    init(count: Int) {
        answers = Array(repeating: nil, count: count)
        remaining = count
    }

    /// Records the answer for slot `index`; a slot out of range or already answered is left as it is.
    mutating func fill(_ index: Int, with answer: Result<StationVSIState?, StationLifecycleError>) {
        guard answers.indices.contains(index), case .none = answers[index] else {
            return
        }
        answers[index] = answer
        remaining -= 1
    }

    /// Answers every slot not yet filled with `error` (the batch ended early).
    mutating func fillRest(with error: StationLifecycleError) {
        guard remaining > 0 else {
            return
        }
        for index in answers.indices where answers[index] == nil {
            answers[index] = .failure(error)
        }
        remaining = 0
    }

    /// Every answer, with `unanswered` in each slot not yet filled.
    func results(
        unanswered: StationLifecycleError
    ) -> [Result<StationVSIState?, StationLifecycleError>] {
        answers.map { $0 ?? .failure(unanswered) }
    }
}
