import SafeguardCore
import Vapor

/// The operator commands of `safeguard`, beside Vapor's `serve`.
enum Commands {
    static func register(in app: Application) {
        app.asyncCommands.use(MigrateCommand(), as: "migrate")
        app.asyncCommands.use(ImportCommand(), as: "import")
        app.asyncCommands.use(UserCommand(), as: "user")
        app.asyncCommands.use(TokenCommand(), as: "token")
        app.asyncCommands.use(GenerateCommand(), as: "generate")
        app.asyncCommands.use(KPICommand(), as: "kpi")
        app.asyncCommands.use(BenchCommand(), as: "bench")
        app.asyncCommands.use(CountsCommand(), as: "counts")
        app.asyncCommands.use(AlertsCommand(), as: "alerts")
        app.asyncCommands.use(DetectCommand(), as: "detect")
        app.asyncCommands.use(ReportCommand(), as: "report")
        app.asyncCommands.use(ConfigCommand(), as: "config")
        app.asyncCommands.use(AuditCommand(), as: "audit")
        app.asyncCommands.use(KeysCommand(), as: "keys")
        app.asyncCommands.use(PrivacyCommand(), as: "privacy")
    }
}

/// A command failure: printed as one clear line, exit status non-zero.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `safeguard migrate`: brings the schema up to date and loads first-start data. Safe to repeat.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Creates or updates the database schema; on an empty database loads the units, the plan and demo data." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.prepareDatabase()
        context.console.success("Database is up to date.")
    }
}

/// `safeguard import plan FILE` and `safeguard import units FILE [--province CODE]`.
struct ImportCommand: AsyncCommandGroup {
    var help: String { "Imports a plan file or a unit catalogue." }
    var commands: [String: any AnyAsyncCommand] {
        ["plan": ImportAction(kind: "plan"), "units": ImportAction(kind: "units"),
         "cases": ImportAction(kind: "cases"), "reports": ImportAction(kind: "reports"), "form": ImportAction(kind: "form")]
    }
}

struct ImportAction: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Path of the file")
        var file: String
        @Option(name: "province", help: "units: only this province from a national catalogue (repeat with commas)")
        var province: String?
        @Flag(name: "skip-invalid", help: "cases, reports: import the good rows and write the bad ones to a rejects file")
        var skipInvalid: Bool
        @Option(name: "rejects", help: "cases, reports: where to write rejected rows (default FILE.rejects.csv)")
        var rejects: String?
    }

    let kind: String

    private func importRecords(_ kind: RecordImporter.Kind, _ signature: Signature, _ context: CommandContext) async throws {
        let app = context.application
        let console = context.console
        var importer = RecordImporter(db: app.db, reference: app.referenceData, clock: app.clock, cipher: app.fieldCipher)
        importer.progress = { stage, done, total in if total >= 10_000 { console.print("… \(stage) \(done)/\(total)") } }
        let vi = app.localizer
        do {
            let outcome = try await importer.importFile(kind, at: signature.file, skipInvalid: signature.skipInvalid)
            context.console.success("Imported \(outcome.imported) \(kind.rawValue).")
            if !outcome.rejected.isEmpty {
                let path = signature.rejects ?? signature.file + ".rejects.csv"
                var lines = [(outcome.header + ["lỗi"]).map(CSVReader.quote).joined(separator: ",")]
                let messages = Dictionary(grouping: outcome.rejected, by: \.line)
                let lineNumbers = messages.keys.sorted()
                for (fields, line) in zip(outcome.rejectedRows, lineNumbers) {
                    let reason = messages[line]!.map { $0.message(vi, .vi) }.joined(separator: "; ")
                    lines.append((fields + [reason]).map(CSVReader.quote).joined(separator: ","))
                }
                try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
                context.console.warning("Rejected \(outcome.rejected.count) problem(s) in \(lineNumbers.count) row(s); written to \(path).")
            }
        } catch let failure as RecordImporter.Failure {
            switch failure {
            case .unreadable(let path): throw CommandFailure("\(path): cannot read the file")
            case .malformed(let reason): throw CommandFailure("\(signature.file): \(reason)")
            case .workbook(let failure): throw CommandFailure("\(signature.file): \(failure)")
            case .missingColumns(let fields):
                throw CommandFailure("\(signature.file): missing column(s) \(fields.joined(separator: ", ")) (see README, Import formats)")
            case .invalidRows(let errors, let total):
                let shown = errors.prefix(50).map { "\(signature.file): \($0.message(vi, .vi))" }.joined(separator: "\n")
                let more = errors.count > 50 ? "\n… \(errors.count - 50) more" : ""
                throw CommandFailure("\(shown)\(more)\n\(errors.count) problem(s) in \(total) rows. Nothing was imported (use --skip-invalid to import the good rows).")
            }
        }
    }

    var help: String {
        "Imports a plan file (YAML), a unit catalogue (JSON or bodies YAML), cases / crime reports (CSV with English or Vietnamese headers), or a report form (YAML; a change makes a new version)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        switch kind {
        case "plan":
            do {
                switch try await PlanImporter(db: app.db, clock: app.clock).importFile(at: signature.file, importedBy: "cli") {
                case .created(let key, let version): context.console.success("Imported plan \(key) as version \(version).")
                case .unchanged(let key, let version): context.console.info("Plan \(key) is unchanged (version \(version)); nothing imported.")
                }
            } catch let error as PlanFileError {
                throw CommandFailure("\(error.description)\nNothing was imported.")
            }
        case "units":
            let provinces = signature.province.map { Set($0.split(separator: ",").map(String.init)) }
            do {
                let counts = try await UnitCatalogImporter(db: app.db).importFile(at: signature.file, provinces: provinces)
                context.console.success("Units: \(counts.added) added, \(counts.updated) updated, \(counts.unchanged) unchanged.")
            } catch let error as UnitCatalogImporter.Failure {
                throw CommandFailure("\(error.description)\nNothing was imported.")
            }
        case "cases", "reports":
            try await importRecords(RecordImporter.Kind(rawValue: kind)!, signature, context)
        case "form":
            do {
                let text = try String(contentsOfFile: signature.file, encoding: .utf8)
                let form = try ReportFormCatalog.read(text: text, file: signature.file)
                switch try await ReportFormCatalog(db: app.db).revise(form, by: "cli") {
                case .created(let version): context.console.success("Imported report form \(form.code) as version \(version).")
                case .unchanged(let version): context.console.info("Report form \(form.code) is unchanged (version \(version)); nothing imported.")
                }
            } catch let error as DefinitionFiles.Invalid {
                throw CommandFailure("\(error.description)\nNothing was imported.")
            } catch let error as CocoaError {
                throw CommandFailure("\(signature.file): cannot read the file (\(error.localizedDescription))")
            }
        default:
            throw CommandFailure("unknown import kind '\(kind)'")
        }
    }
}
