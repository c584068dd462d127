import Fluent
import Vapor

/// Slows password guessing: after repeated failures for one account, or from one address,
/// logins are refused for a while. Attempts live in the database so every instance sees them.
struct LoginThrottle {
    var maxFailuresPerAccount = 5
    var maxFailuresPerAddress = 20
    var window: TimeInterval = 15 * 60

    let db: any Database

    func isLocked(username: String, ip: String, now: Date) async throws -> Bool {
        let since = now.addingTimeInterval(-window)
        let byAccount = try await failures(since: since).filter(\.$username == username).count()
        if byAccount >= maxFailuresPerAccount { return true }
        return try await failures(since: since).filter(\.$ip == ip).count() >= maxFailuresPerAddress
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
