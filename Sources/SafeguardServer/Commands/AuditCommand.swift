import Fluent
import Vapor

/// `safeguard audit verify [--anchors FILE]` checks the audit log's hash chain (and the anchors);
/// `safeguard audit anchor [--out FILE]` appends the chain's signed head to the anchors file.
struct AuditCommand: AsyncCommandGroup {
    var help: String { "Verifies the audit log's hash chain, or writes a signed anchor of its head." }
    var commands: [String: any AnyAsyncCommand] { ["verify": AuditVerifyCommand(), "anchor": AuditAnchorCommand()] }
}

struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "anchors", help: "An anchors file to check the log against (default: SAFEGUARD_AUDIT_ANCHORS when it exists)")
        var anchors: String?
    }

    var help: String { "Walks the audit log's hash chain and names the first entry that does not hold; exits non-zero if one does not." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let path = signature.anchors ?? app.settings.auditAnchorsPath
        var anchors: [(line: Int, anchor: AuditAnchor)] = []
        if signature.anchors != nil || FileManager.default.fileExists(atPath: path) {
            do { anchors = try AuditAnchor.read(path: path) } catch let error as AuditAnchor.FileError { throw CommandFailure("audit verify: \(error)") }
        }
        let outcome = try await AuditVerifier(db: app.db).verify(anchors: anchors, key: app.masterKey.auditAnchorKey)
        let head = outcome.headSeq.map { "head \($0) \(outcome.headHash?.prefix(16) ?? "")…" } ?? "empty"
        guard let first = outcome.breaks.first else {
            context.console.success("audit log holds: \(outcome.entries) entries, \(head), \(outcome.anchorsChecked) anchor(s) checked")
            return
        }
        for item in outcome.breaks.prefix(20) { context.console.error(item.description) }
        if outcome.breaks.count > 20 { context.console.error("… and \(outcome.breaks.count - 20) more") }
        throw CommandFailure("audit verify: the log does not hold; first broken: \(first)")
    }
}

struct AuditAnchorCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "out", help: "The anchors file (default: SAFEGUARD_AUDIT_ANCHORS)")
        var out: String?
    }

    var help: String { "Appends the audit chain's head, signed, to the anchors file (the server does so on its schedule too)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let path = signature.out ?? app.settings.auditAnchorsPath
        do {
            if let anchor = try await AuditAnchor.appendHead(on: app.db, to: path, key: app.masterKey.auditAnchorKey, now: app.clock.now()) {
                context.console.success("anchored entry \(anchor.seq) in \(path)")
            } else {
                context.console.print("nothing new to anchor (\(path))")
            }
        } catch let error as AuditAnchor.FileError {
            throw CommandFailure("audit anchor: \(error)")
        }
    }
}

/// `safeguard keys create FILE`: a new master key for `SAFEGUARD_MASTER_KEY_FILE`.
struct KeysCommand: AsyncCommandGroup {
    var help: String { "Creates the master key file." }
    var commands: [String: any AnyAsyncCommand] { ["create": KeysCreateCommand()] }
}

struct KeysCreateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Where to write the key (it must not exist)")
        var file: String
    }

    var help: String { "Writes a new random master key (readable by this user only); never overwrites a file." }

    func run(using context: CommandContext, signature: Signature) async throws {
        do { try MasterKey.write(to: signature.file) } catch let error as MasterKey.FileError { throw CommandFailure("keys create: \(error)") }
        context.console.success("master key written to \(signature.file); keep a copy apart from the database backups")
    }
}
