import Fluent
import Vapor

/// `safeguard token issue NAME` prints a new API token; `safeguard token revoke NAME|PREFIX` revokes.
struct TokenCommand: AsyncCommandGroup {
    var help: String { "Issues, lists or revokes bearer tokens for the JSON API." }
    var commands: [String: any AnyAsyncCommand] {
        ["issue": TokenAction(action: "issue"), "revoke": TokenAction(action: "revoke"), "list": TokenAction(action: "list")]
    }
}

/// One token action; they share the lookup of users and tokens.
struct TokenAction: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "target", help: "issue, list: username; revoke: username (all their tokens) or a token prefix")
        var target: String
        @Option(name: "days", help: "issue: the token stops working after this many days (1–3650); without it, when revoked")
        var days: Int?
    }

    let action: String
    var help: String {
        switch action {
        case "issue": "Prints a new bearer token for a user."
        case "revoke": "Revokes a user's tokens, or one token by its prefix."
        default: "Lists a user's tokens by prefix."
        }
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application, db = app.db
        try await context.application.autoMigrate()
        switch action {
        case "issue":
            guard let user = try await User.find(username: signature.target, on: db) else {
                throw CommandFailure("token issue: unknown user '\(signature.target)'")
            }
            let token = "sg_" + [UInt8].random(count: 32).base64URL
            let prefix = String(token.prefix(10))
            let record = APIToken(userID: try user.requireID(), tokenHash: APIToken.hash(token), prefix: prefix)
            if let days = signature.days {
                guard (1...3650).contains(days) else { throw CommandFailure("token issue: --days must be 1 to 3650") }
                record.expiresAt = app.clock.now().addingTimeInterval(Double(days) * 86_400)
            }
            try await record.create(on: db)
            try await AuditEntry(at: app.clock.now(), userID: user.id, actor: "cli", action: "issue", entity: "api-token", entityKey: prefix, detail: user.username, ip: nil).append(on: db)
            context.console.print(token)
        case "revoke":
            let now = app.clock.now()
            var tokens = try await APIToken.query(on: db).filter(\.$revokedAt == nil).filter(\.$prefix == signature.target).all()
            if tokens.isEmpty, let user = try await User.find(username: signature.target, on: db) {
                tokens = try await APIToken.query(on: db).filter(\.$revokedAt == nil).filter(\.$user.$id == user.requireID()).all()
            }
            guard !tokens.isEmpty else { throw CommandFailure("token revoke: no active token matches '\(signature.target)'") }
            for token in tokens {
                token.revokedAt = now
                try await token.update(on: db)
                try await AuditEntry(at: app.clock.now(), userID: nil, actor: "cli", action: "revoke", entity: "api-token", entityKey: token.prefix, detail: nil, ip: nil).append(on: db)
            }
            context.console.success("Revoked \(tokens.count) token(s).")
        case "list":
            guard let user = try await User.find(username: signature.target, on: db) else {
                throw CommandFailure("token list: unknown user '\(signature.target)'")
            }
            for token in try await APIToken.query(on: db).filter(\.$user.$id == user.requireID()).all() {
                let state = token.revokedAt != nil ? "revoked" : token.expiresAt.map { $0 <= app.clock.now() ? "expired" : "active until \(ISO8601DateFormatter().string(from: $0))" } ?? "active"
                context.console.print("\(token.prefix)…\t\(state)")
            }
        default:
            throw CommandFailure("unknown action '\(action)'")
        }
    }
}
