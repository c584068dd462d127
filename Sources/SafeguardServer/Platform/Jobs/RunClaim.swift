import Fluent
import Foundation

/// The claim row of a scheduled job's period (an early-warning period, a reminder day): a unique
/// key per period lets exactly one of several app instances run it, with no coordinator.
protocol RunClaim: Model {
    var startedAt: Date { get set }
    var finishedAt: Date? { get set }
}

extension Database {
    /// Runs `work` for the period `claim` names unless another run holds it; returns whether this
    /// call ran it. `sameKey` selects the claims of the same period: one left unfinished for
    /// `staleAfter` seconds (a crashed instance) is taken over. A failed run gives the period back.
    func runClaimed<Claim: RunClaim>(_ claim: Claim, sameKey: QueryBuilder<Claim>, staleAfter: TimeInterval, clock: WallClock,
                                     _ work: (Claim) async throws -> Void) async throws -> Bool {
        let now = clock.now()
        try await sameKey.filter("finished_at", .equal, Date?.none).filter("started_at", .lessThan, now.addingTimeInterval(-staleAfter)).delete()
        let claim = claim
        claim.startedAt = now
        do {
            try await claim.create(on: self)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return false
        }
        do {
            try await work(claim)
            claim.finishedAt = clock.now()
            try await claim.update(on: self)
        } catch {
            try? await claim.delete(on: self)
            throw error
        }
        return true
    }
}
