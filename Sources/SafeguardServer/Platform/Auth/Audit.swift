import Fluent
import Vapor

extension Request {
    /// Records who did what to which entity in the audit log, on the given database (a transaction when there is one).
    func audit(_ action: String, _ entity: String, key: String?, detail: String? = nil, on db: (any Database)? = nil) async throws {
        let user = auth.get(User.self)
        try await AuditEntry(
            at: self.now, userID: user?.id, actor: user?.username ?? "anonymous", action: action, entity: entity,
            entityKey: key, detail: detail, ip: remoteAddress?.ipAddress
        ).create(on: db ?? self.db)
    }
}
