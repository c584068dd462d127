import Fluent
import SafeguardCore
import Vapor

/// Quản trị tài khoản: what the system administrator and the standing office do to accounts —
/// create, change role and unit, deactivate and reactivate, reset a password, lift a sign-in
/// throttle — for the pages and the command line alike. Each change and its audit entry commit
/// together; deactivating or resetting ends the account's sessions and API tokens at once, so a
/// departed officer's open browser is refused on its next click.
struct AccountAdministration {
    /// Who acts, as the audit log names them.
    struct Actor: Sendable {
        var userID: UUID?
        var name: String
        var ip: String?
        /// The role acting; nil for the operator at the command line, who may do anything.
        var role: Role?
    }

    /// Why an account may not be administered by this actor.
    enum Refusal: Error {
        /// One's own role, unit, state, password or second factor: another administrator changes them.
        case yourself
        /// An account of a role the actor may not grant (`Role.mayGrant`): the system administrator
        /// may not take over the standing office's or a leader's account.
        case notGrantable(Role)

        var problem: (code: String, key: String) {
            switch self {
            case .yourself: ("self", "accounts_not_yourself_change")
            case .notGrantable: ("not-grantable", "field.not-grantable")
            }
        }
    }

    /// Refuses what this actor may not do to `user`.
    private func checkAdministrable(_ user: User, yourselfAllowed: Bool = false) throws(Refusal) {
        if !yourselfAllowed, let id = actor.userID, user.id == id { throw .yourself }
        if let role = actor.role, !role.mayGrant(user.role) { throw .notGrantable(user.role) }
    }

    let db: any Database
    let hasher: Application.Password
    let now: Date
    let actor: Actor

    /// A new account with a one-time password, which its owner must replace at the first sign-in —
    /// or, from the command line, with the password the operator chose (`chosen`, already checked
    /// against the password policy).
    func create(_ draft: AccountDraft, chosen: String? = nil) async throws -> Result<(user: User, oneTimePassword: String), FieldErrors> {
        let kinds = try await unitKinds(draft.unitCode)
        let valid: AccountDraft.Valid
        switch draft.validate(kindOf: { kinds[$0] }, grantor: actor.role) {
        case .failure(let errors): return .failure(errors)
        case .success(let v): valid = v
        }
        if try await User.find(username: valid.username, on: db) != nil {
            return .failure(FieldErrors([FieldError("username", .taken(valid.username))]))
        }
        let password = chosen ?? Self.oneTimePassword()
        let unitID = try await valid.unitCode.asyncMap { try await OrgUnit.find(code: $0, on: db)?.requireID() } ?? nil
        let user = User(username: valid.username, displayName: valid.displayName, passwordHash: try await hasher.async.hash(password),
                        role: valid.role, unitID: unitID, mustChangePassword: chosen == nil)
        user.email = valid.email
        try await db.writeTransaction { db in
            try await user.create(on: db)
            try await self.audit("create", user.username, "role=\(valid.role.rawValue) unit=\(valid.unitCode ?? "-")", on: db)
        }
        return .success((user, password))
    }

    /// Every account of a sheet, each with a one-time password — or, if any row is at fault, none
    /// and every problem by its line. One transaction: a sheet is never half created.
    func create(_ sheet: AccountSheet) async throws -> Result<[(user: User, oneTimePassword: String)], AccountSheet.Problems> {
        let codes = Set(sheet.rows.compactMap { $0.draft.unitCode?.trimmed }.filter { !$0.isEmpty })
        let kinds = Dictionary(try await OrgUnit.query(on: db).filter(\.$code ~~ codes).all().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let names = Set(sheet.rows.compactMap { $0.draft.username?.trimmed.lowercased() })
        let taken = Set(try await User.query(on: db).filter(\.$username ~~ names).all(\.$username))
        let valid: [AccountDraft.Valid]
        switch sheet.validate(kindOf: { kinds[$0]?.kind }, isTaken: taken.contains, grantor: actor.role) {
        case .failure(let problems): return .failure(problems)
        case .success(let v): valid = v
        }
        // bcrypt is slow on purpose; the thread pool hashes several at once.
        let hasher = hasher
        let passwords = valid.map { _ in Self.oneTimePassword() }
        let hashes = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (index, password) in passwords.enumerated() { group.addTask { (index, try await hasher.async.hash(password)) } }
            return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        let users = try valid.enumerated().map { index, account in
            let user = User(username: account.username, displayName: account.displayName, passwordHash: hashes[index]!, role: account.role,
                            unitID: try account.unitCode.flatMap { try kinds[$0]?.requireID() }, mustChangePassword: true)
            user.email = account.email
            return user
        }
        try await db.writeTransaction { db in
            for (user, account) in zip(users, valid) {
                try await user.create(on: db)
                try await self.audit("create", user.username, "role=\(account.role.rawValue) unit=\(account.unitCode ?? "-") sheet", on: db)
            }
        }
        return .success(Array(zip(users, passwords)).map { (user: $0.0, oneTimePassword: $0.1) })
    }

    /// A new role, unit, name or address; the username stays.
    func update(_ user: User, with draft: AccountDraft) async throws -> Result<User, FieldErrors> {
        var draft = draft
        draft.username = user.username
        try checkAdministrable(user, yourselfAllowed: true)
        let kinds = try await unitKinds(draft.unitCode)
        switch draft.validate(kindOf: { kinds[$0] }, grantor: actor.role) {
        case .failure(let errors): return .failure(errors)
        case .success(let valid):
            let unitID = try await valid.unitCode.asyncMap { try await OrgUnit.find(code: $0, on: db)?.requireID() } ?? nil
            let changedRole = user.role != valid.role || user.$unit.id != unitID
            // One's own name and address, yes; one's own rights, no.
            if changedRole, let id = actor.userID, user.id == id { throw Refusal.yourself }
            (user.displayName, user.role, user.email) = (valid.displayName, valid.role, valid.email)
            user.$unit.id = unitID
            let userID = try user.requireID()
            try await db.writeTransaction { db in
                try await user.update(on: db)
                // What the account may see changed: its open sessions start again with the new rights.
                if changedRole { try await StoredSessions.end(sessionsOf: userID, on: db) }
                try await self.audit("update", user.username, "role=\(valid.role.rawValue) unit=\(valid.unitCode ?? "-")", on: db)
            }
            return .success(user)
        }
    }

    func setActive(_ user: User, _ active: Bool) async throws {
        try checkAdministrable(user)
        user.isActive = active
        let userID = try user.requireID()
        try await db.writeTransaction { db in
            try await user.update(on: db)
            if !active { try await self.endAccess(of: userID, on: db) }
            try await self.audit(active ? "reactivate" : "deactivate", user.username, nil, on: db)
        }
    }

    /// A new one-time password (returned once, to be handed over in person); the old one, its
    /// sessions and tokens stop working.
    func resetPassword(_ user: User) async throws -> String {
        try checkAdministrable(user)
        let password = Self.oneTimePassword()
        user.passwordHash = try await hasher.async.hash(password)
        user.mustChangePassword = true
        let userID = try user.requireID()
        try await db.writeTransaction { db in
            try await user.update(on: db)
            try await self.endAccess(of: userID, on: db)
            try await LoginAttempt.query(on: db).filter(\.$username == user.username).filter(\.$succeeded == false).delete()
            try await self.audit("reset-password", user.username, nil, on: db)
        }
        return password
    }

    /// Removes the account's second factor (a lost phone and lost recovery codes) and gives it a
    /// new one-time password, returned to be handed over in person: whoever held the old password
    /// cannot enrol a phone of their own. Its sessions and tokens end; at the next sign-in a role
    /// that requires a second factor enrols again.
    func resetSecondFactor(_ user: User) async throws -> String {
        try checkAdministrable(user)
        let password = Self.oneTimePassword()
        user.passwordHash = try await hasher.async.hash(password)
        user.mustChangePassword = true
        (user.totpSecret, user.totpConfirmedAt, user.totpLastStep) = (nil, nil, nil)
        let userID = try user.requireID()
        try await db.writeTransaction { db in
            try await user.update(on: db)
            try await RecoveryCode.query(on: db).filter(\.$user.$id == userID).delete()
            try await self.endAccess(of: userID, on: db)
            try await self.audit("reset-second-factor", user.username, nil, on: db)
        }
        return password
    }

    /// Forgets the account's failed sign-ins, lifting any throttle on it.
    func unlock(_ user: User) async throws {
        try checkAdministrable(user, yourselfAllowed: true)
        try await db.writeTransaction { db in
            try await LoginAttempt.query(on: db).filter(\.$username == user.username).filter(\.$succeeded == false).delete()
            try await self.audit("unlock", user.username, nil, on: db)
        }
    }

    /// 12 characters without look-alikes: about 59 bits, read out or written down once.
    static func oneTimePassword() -> String { ReadableSecret.make(length: 12) }

    private func endAccess(of userID: UUID, on db: any Database) async throws {
        try await StoredSessions.end(sessionsOf: userID, on: db)
        try await APIToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
    }

    private func unitKinds(_ code: String?) async throws -> [String: OrgUnitKind] {
        guard let code = code?.trimmed, !code.isEmpty, let unit = try await OrgUnit.find(code: code, on: db) else { return [:] }
        return [unit.code: unit.kind]
    }

    private func audit(_ action: String, _ username: String, _ detail: String?, on db: any Database) async throws {
        try await AuditEntry(at: now, userID: actor.userID, actor: actor.name, action: action, entity: "user", entityKey: username,
                             detail: detail, ip: actor.ip).append(on: db)
    }
}

extension Request {
    /// Account administration acting as the signed-in user.
    var accounts: AccountAdministration {
        get throws {
            let user = try self.user
            return AccountAdministration(db: db, hasher: application.password, now: now, actor: .init(userID: user.id, name: user.username, ip: clientAddress, role: user.role))
        }
    }
}
