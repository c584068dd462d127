import Fluent
import SafeguardCore
import Vapor

/// Slows password guessing as `LoginThrottlePolicy` decides, from the attempts of the last window.
/// Attempts live in the database so every instance sees them.
struct LoginThrottle {
    var policy = LoginThrottlePolicy()
    let db: any Database

    /// `.wait(until:)` when this attempt is refused before the password is checked.
    func decision(username: String, ip: String, now: Date) async throws -> LoginThrottlePolicy.Decision {
        let recent = try await failures(since: now.addingTimeInterval(-policy.window))
            .group(.or) { $0.filter(\.$username == username).filter(\.$ip == ip) }
            .all()
        let account = recent.filter { $0.username == username }
        let pair = account.filter { $0.ip == ip }
        let address = recent.filter { $0.ip == ip }
        let history = LoginThrottlePolicy.History(
            pairFailures: pair.count, lastPairFailure: pair.map(\.attemptedAt).max(),
            accountFailures: account.count, lastAccountFailure: account.map(\.attemptedAt).max(),
            accountsFailedFromAddress: Set(address.map(\.username)).count, lastAddressFailure: address.map(\.attemptedAt).max())
        return policy.decide(history, now: now)
    }

    func record(username: String, ip: String, succeeded: Bool, now: Date) async throws {
        try await LoginAttempt(username: username, ip: ip, succeeded: succeeded, at: now).create(on: db)
        if succeeded {
            // A successful login clears the account's failure count.
            try await LoginAttempt.query(on: db).filter(\.$username == username).filter(\.$succeeded == false).delete()
        }
    }

    private func failures(since: Date) -> QueryBuilder<LoginAttempt> {
        LoginAttempt.query(on: db).filter(\.$succeeded == false).filter(\.$attemptedAt >= since)
    }
}
