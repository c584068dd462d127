import SQLKit
import Vapor

/// `safeguard counts check|rebuild`: compares the dashboard's counts tables with a recount of the
/// records, or recounts them. The triggers keep them exact; this is for after a restore from a
/// partial backup or a repair that bypassed them (e.g. `TRUNCATE`).
struct CountsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "check | rebuild")
        var action: String
    }

    var help: String { "Checks or rebuilds the per-commune monthly counts behind the dashboard." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let sql = app.db as! any SQLDatabase
        switch signature.action {
        case "check":
            var differing = 0
            for table in RecordCounts.maintained {
                let n = try await table.mismatches(on: sql)
                context.console.print("\(table.counts): \(n == 0 ? "exact" : "\(n) rows differ from the records")")
                differing += n
            }
            if differing > 0 { throw CommandFailure("counts: run 'safeguard counts rebuild'") }
        case "rebuild":
            try await app.db.transaction { db in
                for table in RecordCounts.maintained { try await table.rebuild(on: db as! any SQLDatabase) }
            }
            context.console.success("Counts rebuilt from the records.")
        default:
            throw CommandFailure("counts: unknown action '\(signature.action)' (use check or rebuild)")
        }
    }
}
