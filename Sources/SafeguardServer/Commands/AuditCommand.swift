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
    var help: String { "Creates the master key file, or rotates the field encryption's data keys." }
    var commands: [String: any AnyAsyncCommand] { ["create": KeysCreateCommand(), "rotate": KeysRotateCommand()] }
}

/// `safeguard keys rotate [--resume] [--batch N]`: a new data key for every purpose, then every
/// sealed value re-sealed under it, in batches, with progress. Stopped half-way, `--resume`
/// carries on without making yet another key (every value opens meanwhile, under the old key or
/// the new one). Running instances take the new key within `FieldCipher.refreshInterval`.
struct KeysRotateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "resume", help: "Finish an interrupted rotation: re-seal what is not yet under the current keys, without new keys")
        var resume: Bool
        @Option(name: "batch", help: "Rows per transaction (default 500)")
        var batch: Int?
    }

    var help: String { "Makes new data keys and re-seals every encrypted value with them; resumable." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let cipher = app.fieldCipher
        if !signature.resume {
            for purpose in FieldCipher.Purpose.allCases {
                let id = try await cipher.rotate(purpose, on: app.db)
                context.console.print("\(purpose.rawValue): new data key \(id)")
            }
        }
        var resealer = FieldResealer(db: app.db, cipher: cipher)
        if let batch = signature.batch {
            guard (1...100_000).contains(batch) else { throw CommandFailure("keys rotate: --batch must be 1 to 100000") }
            resealer.batchSize = batch
        }
        let totals = try await resealer.run { progress in
            context.console.print("  \(progress.column.label): \(progress.scanned) read, \(progress.resealed) re-sealed")
        }
        try await AuditEntry(at: app.clock.now(), userID: nil, actor: "cli", action: signature.resume ? "resume-rotation" : "rotate", entity: "data-keys",
                             entityKey: nil, detail: "\(totals.map(\.resealed).reduce(0, +)) values re-sealed", ip: nil).append(on: app.db)
        context.console.success("Every value read is under the current data keys. Running instances take the new keys within \(Int(FieldCipher.refreshInterval)) s: run `keys rotate --resume` after that to re-seal what they wrote meanwhile.")
    }
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
