import Synchronization
import VDPAgent
import VDPProtocol
import VDPWire

/// A bridge port's policy from a ``VSITypeDatabase``: what a VSI manager would answer for each request.
///
/// Give ``rule`` to the port's `BridgeAgent` (one policy per port: VIDs and per-station counts are the port's),
/// then ``attach(to:)`` it, so that it counts the port's VSIs from the table itself. It refuses
///
/// - an unknown type or version, a manager or a virtual network the entry does not allow: authorization failed
///   (VDP error 4, hard);
/// - a VID, GroupID or priority that conflicts with the entry or with the VID the GroupID already uses:
///   invalid VID, GroupID or MAC (error 5, hard);
/// - a request beyond the entry's per-station limit, or with the entry's VID range used up: insufficient
///   resources (error 2; an existing VSI is kept as it was).
///
/// ``install(_:)`` swaps in a reloaded database and returns the VSIs it no longer allows, for
/// ``deAssociate(_:on:burst:pause:report:)``.
public final class VSITypePolicy: Sendable {
    private struct State: Sendable {
        var database: VSITypeDatabase
        var usage = VSITypeUsage()
        var counters = VSITypePolicyCounters()
    }

    private let state: Mutex<State>
    private let refused: (@Sendable (BridgeVSIKey, VSITypeRefusal) -> Void)?

    /// Creates a policy deciding with `database`; `refused`, if given, is told why each request it refuses is
    /// refused (the station learns only the VDP error code), in the agent: it must return quickly.
    public init(
        database: VSITypeDatabase,
        refused: (@Sendable (BridgeVSIKey, VSITypeRefusal) -> Void)? = nil
    ) {
        state = Mutex(State(database: database))
        self.refused = refused
    }

    /// The rule for the port's `BridgeAgent` (or the simulation).
    public var rule: BridgeDecisionRule {
        BridgeDecisionRule { [self] request in decide(request) }
    }

    /// The database in force.
    public var database: VSITypeDatabase {
        state.withLock { $0.database }
    }

    /// The policy's counters.
    public var counters: VSITypePolicyCounters {
        state.withLock { $0.counters }
    }

    /// How many VSIs the policy counts (granted, or accepted and not yet confirmed by the table).
    public var vsiCount: Int {
        state.withLock { $0.usage.count }
    }

    /// Decides one request; an accepted one counts at once, until the table confirms or drops it.
    public func decide(_ request: BridgeDecisionRequest) -> BridgeDecision {
        decide(request.descriptor, for: request.key, current: request.current)
    }

    /// Decides a request for VSI `key` as `descriptor` describes it (`current`: what the table granted it before,
    /// if anything); an accepted one counts at once, until the table confirms or drops it.
    public func decide(_ descriptor: VSIDescriptor, for key: BridgeVSIKey, current: BridgeVSIState?) -> BridgeDecision {
        let outcome = state.withLock { state in
            let outcome = VSITypeDecision.decide(descriptor, for: key, in: state.database, usage: state.usage)
            switch outcome {
            case .success(let (_, granted)):
                state.counters.accepted += 1
                var counted = descriptor
                counted.filterInfo = granted
                state.usage.set(key, .init(descriptor: counted, provisional: true))
            case .failure:
                state.counters.refused += 1
            }
            return outcome
        }
        switch outcome {
        case .success(let (assignment, _)):
            return .accept(assignment)
        case .failure(let refusal):
            refused?(key, refusal)
            return .reject(refusal.rejectionReason, hardError: refusal.isHard, keep: !refusal.isHard && current != nil)
        }
    }

    /// Why the policy would refuse `request` now, or `nil` if it would accept it (nothing is counted).
    public func refusal(for request: BridgeDecisionRequest) -> VSITypeRefusal? {
        state.withLock { state in
            let outcome = VSITypeDecision.decide(
                request.descriptor,
                for: request.key,
                in: state.database,
                usage: state.usage
            )
            if case .failure(let refusal) = outcome {
                return refusal
            }
            return nil
        }
    }

    /// Takes a VSI's row of the table as it now is (`nil`: gone): the table's word replaces the policy's count,
    /// except while a decision the policy accepted still waits to be applied.
    public func observe(_ key: BridgeVSIKey, _ record: BridgeVSIRecord?) {
        let granted = record.flatMap { record in
            record.state.map { state in
                var descriptor = record.descriptor
                descriptor.filterInfo = state.filterInfo
                return descriptor
            }
        }
        observe(key, present: record != nil, granted: granted, pending: record?.decisionPending ?? false)
    }

    /// ``observe(_:_:)`` in parts: whether the row exists, the descriptor with the granted filters (if granted),
    /// and whether a decision is pending.
    func observe(_ key: BridgeVSIKey, present: Bool, granted: VSIDescriptor?, pending: Bool) {
        state.withLock { state in
            if present, pending, state.usage.holdings[key]?.provisional == true {
                return
            }
            state.usage.set(key, granted.map { .init(descriptor: $0, provisional: false) })
        }
    }

    /// Makes `agent` tell the policy of every change of its table (and of the table as it is now).
    public func attach(to agent: BridgeAgent) async {
        await agent.observeTable { [self] key, record in observe(key, record) }
    }

    /// Puts `database` in force and returns the VSIs it no longer allows (type, manager, networks, VIDs or
    /// priority), in key order. A lower per-station limit applies to new VSIs only: VSIs above it are kept.
    @discardableResult
    public func install(_ database: VSITypeDatabase) -> [VSITypeRevocation] {
        state.withLock { state in
            state.database = database
            state.counters.reloads += 1
            return Self.revocations(in: state)
        }
    }

    /// The VSIs of the observed table that the database in force does not allow, in key order: after a restart,
    /// those of a restored table that a changed database no longer allows.
    public func revocations() -> [VSITypeRevocation] {
        state.withLock { Self.revocations(in: $0) }
    }

    private static func revocations(in state: State) -> [VSITypeRevocation] {
        var revocations: [VSITypeRevocation] = []
        for (key, holding) in state.usage.holdings {
            if case .failure(let refusal) = VSITypeDecision.check(holding.descriptor, in: state.database) {
                revocations.append(VSITypeRevocation(key: key, reason: refusal))
            }
        }
        return revocations.sorted { $0.key.description < $1.key.description }
    }

    /// De-associates `revocations` through `agent` (an unsolicited De-Associate to each station), at most `burst`
    /// at a time with `pause` between bursts, so that a reload never floods the link; `report` is told of each
    /// (and whether the VSI was still there). Stops early when the task is cancelled.
    public func deAssociate(
        _ revocations: [VSITypeRevocation],
        on agent: BridgeAgent,
        burst: Int = 100,
        pause: Duration = .milliseconds(50),
        report: @Sendable (VSITypeRevocation, Bool) -> Void = { _, _ in }
    ) async {
        var sent = 0
        for revocation in revocations {
            if sent > 0, sent % max(burst, 1) == 0 {
                try? await Task.sleep(for: pause)
            }
            guard !Task.isCancelled else {
                return
            }
            let existed = await agent.deAssociate(revocation.key.vsiID)
            if existed {
                state.withLock { $0.counters.revoked += 1 }
            }
            report(revocation, existed)
            sent += 1
        }
    }
}

/// What a ``VSITypePolicy`` has done.
public struct VSITypePolicyCounters: Hashable, Sendable, CustomStringConvertible {
    /// Requests accepted.
    public internal(set) var accepted: UInt64 = 0
    /// Requests refused.
    public internal(set) var refused: UInt64 = 0
    /// VSIs de-associated because a reloaded database no longer allowed them.
    public internal(set) var revoked: UInt64 = 0
    /// Databases installed after the first.
    public internal(set) var reloads: UInt64 = 0

    /// `accepted=… refused=… revoked=… reloads=…`.
    public var description: String {
        "accepted=\(accepted) refused=\(refused) revoked=\(revoked) reloads=\(reloads)"
    }
}
