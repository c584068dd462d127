import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// Thời hạn lưu trữ: deletes what is past the time it is kept for, per kind, as the office
/// configures it (`SAFEGUARD_RETENTION`, e.g. `login-attempts=90,notifications=365`); with nothing
/// configured nothing is deleted. Only housekeeping tables have a kind: crime records are never
/// deleted here (the counts and the early warning's history rest on them; see the register). Each
/// run that deletes something leaves one audit entry with the counts, never the values.
struct RetentionJob {
    enum Kind: String, CaseIterable, Sendable {
        /// Sign-in attempts; each account's newest successful sign-in is kept (the accounts page shows it).
        case loginAttempts = "login-attempts"
        /// Sessions ended this many days ago (idle or past their lifetime).
        case sessions
        /// Uploads never confirmed.
        case pendingImports = "pending-imports"
        /// Revoked API tokens.
        case apiTokens = "api-tokens"
        /// People under management whose record was closed this many days ago: not deleted but
        /// anonymised — identity, identity-number index, decision number, helper and event notes
        /// emptied — so the registers' figures stay as they were.
        case closedPeople = "closed-people"
        // Not notifications: the reminders take a missing notice for one not yet sent, and would
        // send an overdue task's reminder again.
    }

    let db: any Database
    let now: Date
    /// Days kept, per configured kind.
    let rules: [Kind: Int]
    let idle: TimeInterval
    let lifetime: TimeInterval

    /// Rows deleted, per kind.
    @discardableResult
    func run() async throws -> [Kind: Int] {
        guard !rules.isEmpty else { return [:] }
        var deleted: [Kind: Int] = [:]
        for kind in Kind.allCases {
            guard let days = rules[kind] else { continue }
            let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
            deleted[kind] = try await delete(kind, before: cutoff)
        }
        let total = deleted.values.reduce(0, +)
        if total > 0 {
            let detail = Kind.allCases.compactMap { kind in deleted[kind].map { "\(kind.rawValue)=\($0)" } }.joined(separator: " ")
            try await AuditEntry(at: now, userID: nil, actor: "retention", action: "delete", entity: "retention", entityKey: nil, detail: detail, ip: nil)
                .append(on: db)
        }
        return deleted
    }

    private func delete(_ kind: Kind, before cutoff: Date) async throws -> Int {
        switch kind {
        case .loginAttempts:
            let old = LoginAttempt.query(on: db).filter(\.$attemptedAt < cutoff)
            let candidates = try await old.all()
            // Keep each account's newest success, wherever it falls.
            let successes = candidates.filter(\.succeeded)
            let names = Set(successes.map(\.username))
            var keep = Set<UUID>()
            for name in names {
                if let newest = try await LoginAttempt.query(on: db).filter(\.$username == name).filter(\.$succeeded == true)
                    .sort(\.$attemptedAt, .descending).first(), let id = newest.id { keep.insert(id) }
            }
            let ids = candidates.compactMap(\.id).filter { !keep.contains($0) }
            for chunk in ids.chunked() {
                try await LoginAttempt.query(on: db).filter(\.$id ~~ chunk).delete()
            }
            return ids.count
        case .sessions:
            // Ended: idle too long, or past the lifetime — `cutoff` days before now.
            let (idle, lifetime) = (idle, lifetime)
            return try await deleteCounting {
                StoredSession.query(on: $0).group(.or) {
                    $0.filter(\.$lastSeenAt < cutoff.addingTimeInterval(-idle)).filter(\.$createdAt < cutoff.addingTimeInterval(-lifetime))
                }
            }
        case .pendingImports: return try await deleteCounting { PendingImport.query(on: $0).filter(\.$createdAt < cutoff) }
        case .apiTokens: return try await deleteCounting { APIToken.query(on: $0).filter(\.$revokedAt < cutoff) }
        case .closedPeople: return try await anonymisePeople(closedBefore: CalendarDate(cutoff))
        }
    }

    private func anonymisePeople(closedBefore day: CalendarDate) async throws -> Int {
        let today = CalendarDate(now).description
        return try await db.transaction { db in
            let people = try await ManagedPerson.query(on: db).filter(\.$closedOn < day.description).filter(\.$anonymisedOn == nil).all()
            let ids = people.compactMap(\.id)
            for chunk in ids.chunked() {
                try await ManagedPerson.query(on: db).filter(\.$id ~~ chunk)
                    .set(\.$identity, to: nil).set(\.$idIndex, to: nil).set(\.$basisNumber, to: nil).set(\.$helper, to: nil)
                    .set(\.$anonymisedOn, to: today).update()
                try await PersonEventRow.query(on: db).filter(\.$person.$id ~~ chunk).set(\.$detail, to: nil).update()
            }
            return ids.count
        }
    }

    /// Deletes what `query` selects, in one transaction with its count.
    private func deleteCounting<M: Model>(_ query: @escaping @Sendable (any Database) -> QueryBuilder<M>) async throws -> Int {
        try await db.transaction { db in
            let count = try await query(db).count()
            try await query(db).delete()
            return count
        }
    }
}

extension Application {
    var retentionJob: RetentionJob {
        RetentionJob(db: db, now: clock.now(), rules: settings.retention, idle: TimeInterval(settings.sessionIdleMinutes * 60),
                     lifetime: TimeInterval(settings.sessionMaxHours * 3600))
    }
}
